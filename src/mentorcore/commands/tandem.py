"""Commands that form and end a tandem (CORE-1, CORE-2, CORE-11, re-matching)."""

from __future__ import annotations

from attrs import frozen

from mentorcore import events as ev
from mentorcore.commands.base import Context, CreateCommand, Refused, TandemCommand
from mentorcore.domain import (
    PersonId,
    Tandem,
    TandemId,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import _


@frozen(kw_only=True)
class RequestMentorship(CreateCommand):
    """The acting mentee asks *mentor* for a mentorship (CORE-1)."""

    verb = "request"
    message: str = ""

    def decide_new(self, ctx: Context, mentee: PersonId) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemRequested`."""
        return ev.TandemRequested(
            *ctx.header(TandemId(ctx.new_id())),
            programme_key=self.programme_key,
            mentee=mentee,
            mentor=self.mentor,
            track=self.track,
            message=self.message,
            predecessor=self.predecessor,
        )


@frozen(kw_only=True)
class AssignMentor(CreateCommand):
    """The programme pairs *mentee* with *mentor* (CORE-1); re-matches name a *predecessor*."""

    verb = "assign"
    mentee: PersonId

    def decide_new(self, ctx: Context, mentee: PersonId) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemAssigned`."""
        return ev.TandemAssigned(
            *ctx.header(TandemId(ctx.new_id())),
            programme_key=self.programme_key,
            mentee=mentee,
            mentor=self.mentor,
            track=self.track,
            predecessor=self.predecessor,
        )


@frozen(kw_only=True)
class Accept(TandemCommand):
    """The mentor accepts the mentee's request (CORE-1)."""

    verb = "accept"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemAccepted`."""
        return ev.TandemAccepted(*ctx.header(tandem.id))


@frozen(kw_only=True)
class Decline(TandemCommand):
    """The mentor declines the mentee's request (CORE-1)."""

    verb = "decline"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemDeclined`."""
        return ev.TandemDeclined(*ctx.header(tandem.id), reason=self.reason)


@frozen(kw_only=True)
class OptIn(TandemCommand):
    """The acting side wants to continue after getting to know."""

    verb = "opt_in"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.GettingToKnowOptedIn`."""
        if ctx.role in tandem.opted_in:
            raise Refused("CORE-2", _("the {role} has already opted in", role=label(ctx.role)))
        return ev.GettingToKnowOptedIn(*ctx.header(tandem.id))


@frozen(kw_only=True)
class OptOut(TandemCommand):
    """The acting side does not want to continue; the tandem ends."""

    verb = "opt_out"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.GettingToKnowOptedOut`."""
        return ev.GettingToKnowOptedOut(*ctx.header(tandem.id), reason=self.reason)


@frozen(kw_only=True)
class StartClosing(TandemCommand):
    """Begin the official end of an active mentorship (CORE-11)."""

    verb = "start_closing"
    note: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.ClosingStarted`."""
        return ev.ClosingStarted(*ctx.header(tandem.id), note=self.note)


@frozen(kw_only=True)
class Complete(TandemCommand):
    """End the mentorship officially (CORE-11); the certificate becomes available."""

    verb = "complete"
    note: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemCompleted`."""
        return ev.TandemCompleted(*ctx.header(tandem.id), note=self.note)


@frozen(kw_only=True)
class Dissolve(TandemCommand):
    """End the tandem before completion, with a reason."""

    verb = "dissolve"
    reason: str

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TandemDissolved`."""
        if not self.reason.strip():
            raise Refused("CORE-DISSOLVE", _("say why the tandem is dissolved"))
        return ev.TandemDissolved(*ctx.header(tandem.id), reason=self.reason)


@frozen(kw_only=True)
class RequestRematch(TandemCommand):
    """End the tandem because the mentee wants a new matching with another mentor."""

    verb = "request_rematch"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.RematchRequested`."""
        return ev.RematchRequested(*ctx.header(tandem.id), reason=self.reason)
