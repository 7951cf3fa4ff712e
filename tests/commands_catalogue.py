"""One well-formed command per core tandem verb, for exhaustive and random tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from mentorcore import (
    Accept,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    Complete,
    Decline,
    Dissolve,
    DraftAgreement,
    GoalStatus,
    OptIn,
    OptOut,
    ProposeAmendment,
    RejectAmendment,
    RequestRematch,
    ReturnAgreement,
    ReviewGoal,
    SetGoal,
    SettleTopic,
    StartClosing,
    SubmitAgreement,
    Tandem,
    TandemCommand,
)

TERMS = AgreementTerms(
    period_start=date(2026, 10, 5), meetings_planned=6, topics=("networking", "career_paths")
)


def _version(t: Tandem) -> int:
    return t.proposal.version if t.proposal else 1


def _topic(t: Tandem) -> str:
    return t.open_topics[0] if t.open_topics else "networking"


def _goal(t: Tandem) -> UUID:
    return t.goals[0].id if t.goals else UUID(int=0)


#: verb -> command for tandem *t*; the content is valid whenever the tandem allows it.
FACTORIES: dict[str, Callable[[Tandem], TandemCommand]] = {
    "accept": lambda t: Accept(tandem_id=t.id),
    "decline": lambda t: Decline(tandem_id=t.id, reason="no capacity"),
    "opt_in": lambda t: OptIn(tandem_id=t.id),
    "opt_out": lambda t: OptOut(tandem_id=t.id, reason="no fit"),
    "draft_agreement": lambda t: DraftAgreement(tandem_id=t.id, terms=TERMS),
    "submit_agreement": lambda t: SubmitAgreement(tandem_id=t.id),
    "return_agreement": lambda t: ReturnAgreement(
        tandem_id=t.id, version=_version(t), comments="more detail"
    ),
    "approve_agreement": lambda t: ApproveAgreement(tandem_id=t.id, version=_version(t)),
    "propose_amendment": lambda t: ProposeAmendment(tandem_id=t.id, terms=TERMS),
    "approve_amendment": lambda t: ApproveAmendment(tandem_id=t.id, version=_version(t)),
    "reject_amendment": lambda t: RejectAmendment(tandem_id=t.id, version=_version(t)),
    "settle_topic": lambda t: SettleTopic(tandem_id=t.id, topic=_topic(t)),
    "set_goal": lambda t: SetGoal(tandem_id=t.id, text="find a specialty"),
    "review_goal": lambda t: ReviewGoal(
        tandem_id=t.id, goal_id=_goal(t), status=GoalStatus.ON_TRACK
    ),
    "start_closing": lambda t: StartClosing(tandem_id=t.id),
    "complete": lambda t: Complete(tandem_id=t.id),
    "dissolve": lambda t: Dissolve(tandem_id=t.id, reason="moved away"),
    "request_rematch": lambda t: RequestRematch(tandem_id=t.id, reason="other field"),
}
