"""Events of programme-wide streams: tandem openings, delivered due actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.domain import (
    PersonId,
    TandemId,
)

if TYPE_CHECKING:
    pass

from mentorcore.events.base import Event


@frozen
class TandemOpened(Event):
    """A tandem took a place in its programme (recorded in the programme's stream).

    Its purpose is concurrency: writers creating tandems in one programme at
    the same time conflict, so capacity and one-tandem-per-mentee hold.

    :ivar programme_key: The programme.
    :ivar tandem_id: The new tandem.
    :ivar mentee: Its mentee.
    :ivar mentor: Its mentor.
    """

    name = "tandem-opened"
    programme_key: str
    tandem_id: TandemId
    mentee: PersonId
    mentor: PersonId


@frozen
class DueActionAcknowledged(Event):
    """The host delivered (or dealt with) a due action; it is not reported again.

    Recorded in its own stream, not the tandem's: actions stay deliverable
    after a tandem has ended (a final evaluation), and an ended tandem never
    changes.

    :ivar key: The action's stable key (:attr:`~mentorcore.policy.decisions.DueAction.key`).
    :ivar tandem_id: The tandem concerned, if any.
    """

    name = "due-action-acknowledged"
    key: str
    tandem_id: TandemId | None = None
