"""Event base classes: every event, a tandem's events, a person's events."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from attrs import frozen

from mentorcore.domain import (
    Actor,
    PersonId,
    Role,
    TandemId,
)
from mentorcore.i18n import Message

if TYPE_CHECKING:
    from mentorcore.domain import Tandem


@frozen
class Event:
    """Base of all events.

    :ivar occurred_at: When it happened (UTC, from the engine's clock).
    :ivar actor: Who caused it.
    """

    name: ClassVar[str] = "event"
    #: The fields holding personal data, as dotted paths into the event's
    #: JSON (``"person.name"``, ``"terms.goals"``). Stores seal them with the
    #: key of :attr:`data_subject`; a path ending in ``?`` reads as ``None``
    #: once erased, any other as a placeholder of its kind (text, list, object).
    personal: ClassVar[tuple[str, ...]] = ()
    occurred_at: datetime
    actor: Actor

    @property
    def data_subject(self) -> str | None:
        """Whose key seals :attr:`personal` (``"person:<id>"``, ``"tandem:<id>"``)."""
        return None


@frozen
class TandemEvent(Event):
    """Base of the events of one tandem's stream.

    :ivar tandem_id: The tandem.
    :ivar role: The actor's role in it when acting.
    """

    verb: ClassVar[str] = ""
    #: What the actor did, for activity logs: a predicate that follows the
    #: actor's name ("proposed a meeting"; in German "hat ein Treffen
    #: vorgeschlagen"), translatable.
    summary: ClassVar[Message | None] = None
    tandem_id: TandemId
    role: Role

    def verb_for(self, before: Tandem | None) -> str:
        """The lifecycle verb this event stands for, given the tandem before it."""
        return self.verb

    @property
    def data_subject(self) -> str | None:
        """A text belongs to its author when a participant wrote it (erasing
        the mentee leaves the mentor's notes); what a coordinator or the
        system writes about a tandem belongs to the tandem, whose key goes
        when either participant is erased."""
        if self.role in (Role.MENTEE, Role.MENTOR) and self.actor.person_id is not None:
            return f"person:{self.actor.person_id}"
        return f"tandem:{self.tandem_id}"


@frozen
class PersonEvent(Event):
    """Base of the events of one person's stream.

    :ivar person_id: The person.
    """

    #: What the actor did, as for :class:`TandemEvent`.
    summary: ClassVar[Message | None] = None
    person_id: PersonId

    @property
    def data_subject(self) -> str | None:
        """A person's stream holds that person's data."""
        return f"person:{self.person_id}"
