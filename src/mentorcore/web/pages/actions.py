"""What a tandem's forms ask the engine to do: one builder per verb.

Each builder reads its fields from the posted form and makes the library's
command; the engine decides (as the signed-in person, never as anyone the
form names) and refuses with the rule when the rule says no.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import FormData

from mentorcore.commands import (
    Accept,
    ApproveAgreement,
    ApproveAmendment,
    Command,
    Complete,
    Decline,
    Dissolve,
    DraftAgreement,
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
    WithdrawSubmission,
)
from mentorcore.commands.meeting import (
    CancelMeeting,
    ConfirmAttendance,
    ConfirmMeeting,
    DeclineMeeting,
    DocumentMeeting,
    MarkMeetingMissed,
    PrepareMeeting,
    ProposeMeeting,
    RescheduleMeeting,
)
from mentorcore.domain import (
    GoalId,
    GoalStatus,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    Programme,
    TandemId,
)
from mentorcore.engine import Engine
from mentorcore.policy.records import PREPARATION, documentation_purpose
from mentorcore.web.pages import forms
from mentorcore.web.pages.forms import integer, text

Builder = Callable[[Engine, Programme, TandemId, FormData], Command]


def _version(form: FormData) -> int:
    found = integer(form, "version")
    assert found is not None  # required
    return found


def _meeting(form: FormData) -> MeetingId:
    return MeetingId(forms.uuid(form, "meeting_id"))


def _propose(engine: Engine, p: Programme, t: TandemId, f: FormData) -> Command:
    return ProposeMeeting(
        tandem_id=t,
        start=forms.moment(f, "day", "time", p.timezone),
        duration_minutes=integer(f, "duration_minutes", required=False) or 60,
        kind=forms.choice(f, "kind", MeetingKind),
        format=forms.choice(f, "format", MeetingFormat),
        place=text(f, "place"),
        agenda=text(f, "agenda"),
    )


def _reschedule(engine: Engine, p: Programme, t: TandemId, f: FormData) -> Command:
    return RescheduleMeeting(
        tandem_id=t,
        meeting_id=_meeting(f),
        start=forms.moment(f, "day", "time", p.timezone),
        duration_minutes=integer(f, "duration_minutes", required=False),
        place=text(f, "place") or None,
    )


def _prepare(engine: Engine, p: Programme, t: TandemId, f: FormData) -> Command:
    template = engine.record_template(p.key, PREPARATION)
    return PrepareMeeting(
        tandem_id=t, meeting_id=_meeting(f), values=forms.record_values(f, template)
    )


def _document(engine: Engine, p: Programme, t: TandemId, f: FormData) -> Command:
    kind = forms.choice(f, "kind", MeetingKind)
    template = engine.record_template(p.key, documentation_purpose(kind))
    return DocumentMeeting(
        tandem_id=t,
        meeting_id=_meeting(f),
        values=forms.record_values(f, template),
    )


#: The verbs the tandem's forms carry out, and how each reads its form.
BUILDERS: dict[str, Builder] = {
    "accept": lambda e, p, t, f: Accept(tandem_id=t),
    "decline": lambda e, p, t, f: Decline(tandem_id=t, reason=text(f, "reason")),
    "opt_in": lambda e, p, t, f: OptIn(tandem_id=t),
    "opt_out": lambda e, p, t, f: OptOut(tandem_id=t, reason=text(f, "reason")),
    "draft_agreement": lambda e, p, t, f: DraftAgreement(tandem_id=t, terms=forms.terms(f, p)),
    "submit_agreement": lambda e, p, t, f: SubmitAgreement(tandem_id=t),
    "withdraw_submission": lambda e, p, t, f: WithdrawSubmission(tandem_id=t),
    "approve_agreement": lambda e, p, t, f: ApproveAgreement(tandem_id=t, version=_version(f)),
    "return_agreement": lambda e, p, t, f: ReturnAgreement(
        tandem_id=t, version=_version(f), comments=text(f, "comments")
    ),
    "propose_amendment": lambda e, p, t, f: ProposeAmendment(tandem_id=t, terms=forms.terms(f, p)),
    "approve_amendment": lambda e, p, t, f: ApproveAmendment(tandem_id=t, version=_version(f)),
    "reject_amendment": lambda e, p, t, f: RejectAmendment(
        tandem_id=t, version=_version(f), comments=text(f, "comments")
    ),
    "settle_topic": lambda e, p, t, f: SettleTopic(tandem_id=t, topic=text(f, "topic")),
    "set_goal": lambda e, p, t, f: SetGoal(tandem_id=t, text=text(f, "text")),
    "review_goal": lambda e, p, t, f: ReviewGoal(
        tandem_id=t,
        goal_id=GoalId(forms.uuid(f, "goal_id")),
        status=forms.choice(f, "status", GoalStatus),
        note=text(f, "note"),
    ),
    "start_closing": lambda e, p, t, f: StartClosing(tandem_id=t, note=text(f, "note")),
    "complete": lambda e, p, t, f: Complete(tandem_id=t, note=text(f, "note")),
    "dissolve": lambda e, p, t, f: Dissolve(tandem_id=t, reason=text(f, "reason")),
    "request_rematch": lambda e, p, t, f: RequestRematch(tandem_id=t, reason=text(f, "reason")),
    "propose_meeting": _propose,
    "confirm_meeting": lambda e, p, t, f: ConfirmMeeting(tandem_id=t, meeting_id=_meeting(f)),
    "decline_meeting": lambda e, p, t, f: DeclineMeeting(
        tandem_id=t, meeting_id=_meeting(f), reason=text(f, "reason")
    ),
    "cancel_meeting": lambda e, p, t, f: CancelMeeting(
        tandem_id=t, meeting_id=_meeting(f), reason=text(f, "reason")
    ),
    "confirm_attendance": lambda e, p, t, f: ConfirmAttendance(tandem_id=t, meeting_id=_meeting(f)),
    "mark_meeting_missed": lambda e, p, t, f: MarkMeetingMissed(
        tandem_id=t, meeting_id=_meeting(f), reason=text(f, "reason")
    ),
    "reschedule_meeting": _reschedule,
    "prepare_meeting": _prepare,
    "document_meeting": _document,
}

#: Where the tandem page shows the outcome of each verb (its section's anchor).
SECTIONS = {
    "propose_meeting": "meetings",
    "confirm_meeting": "meetings",
    "decline_meeting": "meetings",
    "cancel_meeting": "meetings",
    "confirm_attendance": "meetings",
    "mark_meeting_missed": "meetings",
    "reschedule_meeting": "meetings",
    "prepare_meeting": "meetings",
    "document_meeting": "meetings",
    "set_goal": "goals",
    "review_goal": "goals",
}
