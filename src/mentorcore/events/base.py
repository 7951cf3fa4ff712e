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
    occurred_at: datetime
    actor: Actor


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


@frozen
class PersonEvent(Event):
    """Base of the events of one person's stream.

    :ivar person_id: The person.
    """

    #: What the actor did, as for :class:`TandemEvent`.
    summary: ClassVar[Message | None] = None
    person_id: PersonId
