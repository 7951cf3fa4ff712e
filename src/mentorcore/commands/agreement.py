"""Commands on the agreement, its amendments, its topics and the mentee's goals (CORE-3..5,
CORE-TOPICS, CORE-13)."""

from __future__ import annotations

from attrs import frozen

from mentorcore import events as ev
from mentorcore.commands.base import Context, Refused, TandemCommand
from mentorcore.domain import (
    Agreement,
    AgreementState,
    AgreementTerms,
    GoalId,
    GoalStatus,
    Programme,
    Tandem,
)
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Text, _
from mentorcore.validation import show


@frozen(kw_only=True)
class DraftAgreement(TandemCommand):
    """The mentee saves (a new version of) the agreement draft (CORE-3)."""

    verb = "draft_agreement"
    terms: AgreementTerms

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.AgreementDrafted` for the next version."""
        _check_period(self.terms, ctx)
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
            raise Refused("CORE-3", _("there is no new draft to submit: save a draft first"))
        return ev.AgreementSubmitted(*ctx.header(tandem.id), version=draft.version)


@frozen(kw_only=True)
class WithdrawSubmission(TandemCommand):
    """The mentee takes her submitted agreement back into drafting (CORE-3)."""

    verb = "withdraw_submission"

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.SubmissionWithdrawn`."""
        submitted = tandem.proposal
        if submitted is None or submitted.state is not AgreementState.SUBMITTED:
            raise Refused("CORE-3", _("no submitted agreement is waiting for approval"))
        return ev.SubmissionWithdrawn(*ctx.header(tandem.id), version=submitted.version)


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
            raise Refused("CORE-4", _("say what should change when returning an agreement"))
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
        _check_period(self.terms, ctx)
        if tandem.proposal is not None:
            raise Refused(
                "CORE-5",
                _(
                    "amendment version {version} is still pending: approve or reject it first",
                    version=tandem.proposal.version,
                ),
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
                "CORE-5", _("an amendment must be approved by the other side, not its author")
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
class SettleTopic(TandemCommand):
    """Mentee or mentor mark an agreed topic as settled (CORE-TOPICS).

    Kerpen: topics often "klären oder erledigen sich schnell"; what stays open
    is :attr:`~mentorcore.domain.Tandem.open_topics`.
    """

    verb = "settle_topic"
    topic: str

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.TopicSettled`."""
        agreement = tandem.agreement
        if agreement is None:
            raise Refused(
                "CORE-TOPICS", _("no agreement is in force whose topics could be settled")
            )
        if self.topic not in agreement.terms.topics:
            raise Refused(
                "CORE-TOPICS",
                _(
                    "“{topic}” is not a topic of the agreement in force (its topics: {topics})",
                    topic=_title(ctx.programme, self.topic),
                    topics=tuple(_title(ctx.programme, t) for t in agreement.terms.topics)
                    or (_("none"),),
                ),
            )
        if self.topic in tandem.settled_topics:
            raise Refused(
                "CORE-TOPICS",
                _("“{topic}” is settled already", topic=_title(ctx.programme, self.topic)),
            )
        return ev.TopicSettled(*ctx.header(tandem.id), version=agreement.version, topic=self.topic)


@frozen(kw_only=True)
class SetGoal(TandemCommand):
    """The mentee captures an individual goal (CORE-13)."""

    verb = "set_goal"
    text: str

    def decide(self, tandem: Tandem, ctx: Context) -> ev.TandemEvent:
        """A :class:`~mentorcore.events.GoalSet` with a new goal id."""
        if not self.text.strip():
            raise Refused("CORE-13", _("a goal needs a text"))
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
            raise Refused("CORE-13", _("the tandem has no goal {goal}", goal=str(self.goal_id)))
        return ev.GoalReviewed(
            *ctx.header(tandem.id),
            goal_id=self.goal_id,
            status=self.status,
            note=self.note,
            text=self.text,
        )


def _title(programme: Programme, topic: str) -> Text:
    """A topic as the programme names it; free text as it is."""
    found = programme.topic(topic)
    return found.title if found is not None else topic


def _check_pending_version(tandem: Tandem, version: int, rule_id: str) -> Agreement:
    proposal = tandem.proposal
    if proposal is None or proposal.state is not AgreementState.SUBMITTED:
        raise Refused(rule_id, _("no agreement version is waiting for approval"))
    if proposal.version != version:
        raise Refused(
            rule_id,
            _(
                "version {version} is not the one waiting for approval (that is version "
                "{waiting}): both must agree to the same version",
                version=version,
                waiting=proposal.version,
            ),
        )
    return proposal


#: The most meetings an agreement may plan (about three a day for a year).
MAX_MEETINGS_PLANNED = 1_000


def _check_period(terms: AgreementTerms, ctx: Context) -> None:
    ctx.check_date(terms.period_start, "terms.period_start")
    if terms.period_end is not None:
        ctx.check_date(terms.period_end, "terms.period_end")
    planned = terms.meetings_planned
    if planned is not None and planned > MAX_MEETINGS_PLANNED:
        raise InvalidInput(
            [
                (
                    "terms.meetings_planned",
                    _(
                        "expected at most {most} meetings, got {got}",
                        most=MAX_MEETINGS_PLANNED,
                        got=show(planned),
                    ),
                )
            ]
        )
    _check_plan(terms)
    if terms.period_end is not None and terms.period_end < terms.period_start:
        raise Refused("CORE-2", _("the agreed period ends before it starts"))
    if terms.meetings_planned is not None and terms.meetings_planned < 0:
        raise Refused("CORE-2", _("the number of meetings cannot be negative"))


def _check_plan(terms: AgreementTerms) -> None:
    """CORE-2: a plan names each meeting once, counted from 1, with topics,
    within the number of meetings agreed."""
    seen: set[int] = set()
    for i, meeting in enumerate(terms.plan):
        number, topics = meeting.number, meeting.topics
        where = f"terms.plan[{i}]"
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            got = show(number)
            raise InvalidInput([(where, _("expected a meeting number from 1, got {got}", got=got))])
        if number in seen:
            raise InvalidInput([(where, _("meeting {n} is planned twice", n=number))])
        if not topics or any(not t.strip() for t in topics):
            raise InvalidInput([(where, _("meeting {n} needs at least one topic", n=number))])
        seen.add(number)
        planned = terms.meetings_planned
        if planned is not None and number > planned:
            raise Refused(
                "CORE-2",
                _.plural(
                    "the plan names meeting {number}, but {n} meeting is agreed",
                    "the plan names meeting {number}, but {n} meetings are agreed",
                    planned,
                    number=number,
                ),
            )
