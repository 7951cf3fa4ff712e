"""What a host's callbacks return is checked before anything is appended.

The clock and the id factory are the host's code. A clock answering with a
naive datetime, or an id factory answering with text, ``None`` or an id that
is already taken, would otherwise be written into events that no later read
can fold: one bad answer would brick the database for everyone. Here the
answer is checked, and a bad one refused with :class:`InvalidInput` naming
the callback, while nothing of the command is stored yet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.clock import Clock
from mentorcore.domain import GoalId, MeetingId, Tandem, TandemId
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, _
from mentorcore.state.access import State
from mentorcore.validation import clock_problem, show


def checked_now(clock: Clock) -> datetime:
    """``clock.now()``, if it is an aware datetime in a sane year.

    :raises InvalidInput: naming ``clock.now()`` and what it returned.
    """
    now = clock.now()
    problem = clock_problem(now)
    if problem:
        raise InvalidInput([("clock.now()", problem)])
    return now


class IdSource:
    """The host's id factory, checked on every call (a :class:`Context`'s ``new_id``).

    Each id must be a :class:`~uuid.UUID` that names no stored tandem, is not
    the id of *tandem* or of one of its meetings or goals, and was not handed
    out before in this decision.
    """

    def __init__(self, factory: Callable[[], UUID], state: State, tandem: Tandem | None) -> None:
        self._factory = factory
        self._state = state
        self._tandem = tandem
        self._issued: set[UUID] = set()

    def __call__(self) -> UUID:
        value = self._factory()
        if not isinstance(value, UUID):
            raise InvalidInput(
                [("id_factory", _("must return a new uuid.UUID, returned {got}", got=show(value)))]
            )
        taken = self._taken(value)
        if taken:
            raise InvalidInput(
                [
                    (
                        "id_factory",
                        _(
                            "returned {id}, which is already the id of {taken}",
                            id=str(value),
                            taken=taken,
                        ),
                    )
                ]
            )
        self._issued.add(value)
        return value

    def _taken(self, value: UUID) -> Message | None:
        if value in self._issued:
            return _("something else made in this command")
        tandem = self._tandem
        if tandem is not None:
            if value == tandem.id:
                return _("this tandem")
            if tandem.meeting(MeetingId(value)) is not None:
                return _("a meeting of this tandem")
            if tandem.goal(GoalId(value)) is not None:
                return _("a goal of this tandem")
        if self._state.store.version(tandem_stream(TandemId(value))) > 0:
            return _("a stored tandem")
        return None
