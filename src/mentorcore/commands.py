"""Commands: what hosts ask the engine to do, as frozen data.

Each command names its lifecycle ``verb`` and turns into exactly one event
(:meth:`TandemCommand.decide`), given the tandem as it is and a
:class:`Context`. A command whose content contradicts the tandem (approving a
version that is not the one submitted, reviewing an unknown goal) raises
:class:`Refused` with the rule it breaks. Commands never touch storage or hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from attrs import frozen

from mentorcore import events as ev
from mentorcore.domain import (
    Actor,
    Agreement,
    AgreementState,
    AgreementTerms,
    GoalId,
    GoalStatus,
    PersonId,
    Programme,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.policy import Decision


class Refused(Exception):
    """A command contradicts the tandem's data; carries the deciding rule."""

    def __init__(self, rule_id: str, reason: str) -> None:
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

    def base(self, tandem_id: TandemId) -> dict[str, object]:
        """The fields every tandem event carries."""
        return {
            "occurred_at": self.now,
            "actor": self.actor,
            "tandem_id": tandem_id,
            "role": self.role,
        }


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
class TandemCommand(Command):
    """A command on an existing tandem."""

    tandem_id: TandemId

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """The one event this command records."""
        raise NotImplementedError


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
            raise Refused("CORE-2", f"the {ctx.role.value} has already opted in")
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
class DraftAgreement(TandemCommand):
    """The mentee saves (a new version of) the agreement draft (CORE-3)."""

    verb = "draft_agreement"
    terms: AgreementTerms

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AgreementDrafted` for the next version."""
        _check_period(self.terms)
        version = (tandem.agreement.version if tandem.agreement else 0) + 1
        return ev.AgreementDrafted(*ctx.header(tandem.id), version=version, terms=self.terms)


@frozen(kw_only=True)
class SubmitAgreement(TandemCommand):
    """The mentee submits the draft to the mentor (CORE-3)."""

    verb = "submit_agreement"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AgreementSubmitted`."""
        draft = tandem.proposal
        if draft is None or draft.state is not AgreementState.DRAFT:
            raise Refused("CORE-3", "there is no new draft to submit: save a draft first")
        return ev.AgreementSubmitted(*ctx.header(tandem.id), version=draft.version)


@frozen(kw_only=True)
class ReturnAgreement(TandemCommand):
    """The mentor sends the submitted version back with comments."""

    verb = "return_agreement"
    version: int
    comments: str

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AgreementReturned`."""
        _check_pending_version(tandem, self.version, "CORE-4")
        if not self.comments.strip():
            raise Refused("CORE-4", "say what should change when returning an agreement")
        return ev.AgreementReturned(
            *ctx.header(tandem.id), version=self.version, comments=self.comments
        )


@frozen(kw_only=True)
class ApproveAgreement(TandemCommand):
    """The mentor approves the submitted version; the mentorship becomes active (CORE-4)."""

    verb = "approve_agreement"
    version: int

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AgreementApproved`."""
        _check_pending_version(tandem, self.version, "CORE-4")
        return ev.AgreementApproved(*ctx.header(tandem.id), version=self.version)


@frozen(kw_only=True)
class ProposeAmendment(TandemCommand):
    """Either side proposes new terms; the version in force stays until approved (CORE-5)."""

    verb = "propose_amendment"
    terms: AgreementTerms

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AmendmentProposed`."""
        _check_period(self.terms)
        if tandem.proposal is not None:
            raise Refused(
                "CORE-5",
                f"amendment version {tandem.proposal.version} is still pending: "
                "approve or reject it first",
            )
        version = (tandem.agreement.version if tandem.agreement else 0) + 1
        return ev.AmendmentProposed(*ctx.header(tandem.id), version=version, terms=self.terms)


@frozen(kw_only=True)
class ApproveAmendment(TandemCommand):
    """The other side approves the pending amendment; it comes into force (CORE-5)."""

    verb = "approve_amendment"
    version: int

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AmendmentApproved`."""
        proposal = _check_pending_version(tandem, self.version, "CORE-5")
        if proposal.author is ctx.role:
            raise Refused(
                "CORE-5", "an amendment must be approved by the other side, not its author"
            )
        return ev.AmendmentApproved(*ctx.header(tandem.id), version=self.version)


@frozen(kw_only=True)
class RejectAmendment(TandemCommand):
    """The other side rejects the pending amendment (or its author withdraws it)."""

    verb = "reject_amendment"
    version: int
    comments: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AmendmentRejected`."""
        _check_pending_version(tandem, self.version, "CORE-5")
        return ev.AmendmentRejected(
            *ctx.header(tandem.id), version=self.version, comments=self.comments
        )


@frozen(kw_only=True)
class SetGoal(TandemCommand):
    """The mentee captures an individual goal (CORE-13)."""

    verb = "set_goal"
    text: str

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.GoalSet` with a new goal id."""
        if not self.text.strip():
            raise Refused("CORE-13", "a goal needs a text")
        return ev.GoalSet(
            *ctx.header(tandem.id), goal_id=GoalId(ctx.new_id()), text=self.text.strip()
        )


@frozen(kw_only=True)
class ReviewGoal(TandemCommand):
    """Mentee or mentor review a goal (CORE-13)."""

    verb = "review_goal"
    goal_id: GoalId
    status: GoalStatus
    note: str = ""
    text: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.GoalReviewed`."""
        if tandem.goal(self.goal_id) is None:
            raise Refused("CORE-13", f"the tandem has no goal {self.goal_id}")
        return ev.GoalReviewed(
            *ctx.header(tandem.id),
            goal_id=self.goal_id,
            status=self.status,
            note=self.note,
            text=self.text,
        )


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
            raise Refused("CORE-DISSOLVE", "say why the tandem is dissolved")
        return ev.TandemDissolved(*ctx.header(tandem.id), reason=self.reason)


@frozen(kw_only=True)
class RequestRematch(TandemCommand):
    """End the tandem because the mentee wants a new matching with another mentor."""

    verb = "request_rematch"
    reason: str = ""

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.RematchRequested`."""
        return ev.RematchRequested(*ctx.header(tandem.id), reason=self.reason)


def _check_pending_version(tandem: Tandem, version: int, rule_id: str) -> Agreement:
    proposal = tandem.proposal
    if proposal is None or proposal.state is not AgreementState.SUBMITTED:
        raise Refused(rule_id, "no agreement version is waiting for approval")
    if proposal.version != version:
        raise Refused(
            rule_id,
            f"version {version} is not the one waiting for approval (that is version "
            f"{proposal.version}): both must agree to the same version",
        )
    return proposal


def _check_period(terms: AgreementTerms) -> None:
    if terms.period_end is not None and terms.period_end < terms.period_start:
        raise Refused("CORE-2", "the agreed period ends before it starts")
    if terms.meetings_planned is not None and terms.meetings_planned < 0:
        raise Refused("CORE-2", "the number of meetings cannot be negative")
