"""What a host passes to a read, checked before it is used: a sentence, not a traceback.

Each check raises :class:`~mentorcore.errors.InvalidInput` naming the
parameter; nothing is read with a value of the wrong kind.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from mentorcore.clock import Clock
from mentorcore.domain import PersonId
from mentorcore.errors import InvalidInput
from mentorcore.i18n import _
from mentorcore.validation import check, show

E = TypeVar("E")


def moment(now: object, clock: Clock, name: str = "now") -> datetime:
    """*now* if it is a timezone-aware datetime, the clock's time if ``None``."""
    if now is None:
        return clock.now()
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        problem = _("expected a timezone-aware date and time, got {value}", value=show(now))
        raise InvalidInput([(name, problem)])
    return now


def day(today: object, name: str = "today") -> date | None:
    """*today* if it is a date (not a datetime) or ``None``."""
    if today is not None and (not isinstance(today, date) or isinstance(today, datetime)):
        raise InvalidInput([(name, _("expected a date, got {value}", value=show(today)))])
    return today


def member(value: object, kind: type[E], name: str) -> E:
    """*value* if it is a *kind* (an enum such as ``Role``)."""
    check(value, name, kind)
    return value  # type: ignore[return-value]  # checked above


def optional_member(value: object, kind: type[E], name: str) -> E | None:
    """*value* if it is ``None`` or a *kind*."""
    return None if value is None else member(value, kind, name)


def person_ids(ids: object, name: str = "person_ids") -> tuple[PersonId, ...]:
    """*ids* if it is a tuple or list of texts."""
    if not isinstance(ids, tuple | list) or not all(isinstance(i, str) for i in ids):
        problem = _("expected a tuple of person ids, got {value}", value=show(ids))
        raise InvalidInput([(name, problem)])
    return tuple(PersonId(i) for i in ids)
