"""Command base classes, the context a command decides in, and refusals by content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from attrs import frozen

from mentorcore import events as ev
from mentorcore.domain import (
    Actor,
    PersonId,
    Programme,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.errors import InvalidInput, UnknownSetting
from mentorcore.i18n import Text
from mentorcore.policy.decisions import Decision
from mentorcore.validation import DATE_WINDOW_YEARS, date_problem


class Refused(Exception):
    """A command contradicts the tandem's data; carries the deciding rule."""

    def __init__(self, rule_id: str, reason: Text) -> None:
        super().__init__(reason)
        self.decision = Decision.deny(rule_id, reason)


@frozen
class Context:
    """What a command may know besides the tandem: time, actor, programme, ids."""

    now: datetime
    actor: Actor
    role: Role
    programme: Programme
    new_id: Callable[[], UUID]

    def header(self, tandem_id: TandemId) -> tuple[datetime, Actor, TandemId, Role]:
        """The leading fields every tandem event carries, in order."""
        return (self.now, self.actor, tandem_id, self.role)

    def check_date(self, value: date, field: str) -> None:
        """Refuse a date (or a datetime's day) outside the programme's window
        around today (setting ``date_window_years``).

        :raises InvalidInput: naming *field*.
        """
        try:
            years = self.programme.int_setting("date_window_years")
        except UnknownSetting:  # a programme built without the base settings
            years = DATE_WINDOW_YEARS
        problem = date_problem(value, self.now.date(), years)
        if problem:
            raise InvalidInput([(field, problem)])


@frozen(kw_only=True)
class Command:
    """Base of all commands."""

    verb: ClassVar[str] = ""


@frozen(kw_only=True)
class CreateCommand(Command):
    """A command that creates a tandem; *predecessor* marks a re-match."""

    programme_key: str
    mentor: PersonId
    track: str | None = None
    predecessor: TandemId | None = None

    def decide_new(self, ctx: Context, mentee: PersonId) -> ev.TandemEvent:
        """The event that creates the tandem."""
        raise NotImplementedError


@frozen(kw_only=True)
class TandemCommand(Command):
    """A command on an existing tandem."""

    tandem_id: TandemId

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """The one event this command records."""
        raise NotImplementedError
