"""What one side of a tandem can do now (CORE-LIFECYCLE).

One answer for the tandem's "possible commands" and for the refusal that names
what is possible instead: the verbs the tandem lifecycle allows in the
tandem's status, that the programme lets the role issue
(``mentorcore_allowed_roles``), and that the role could issue now with some
valid input: approving an amendment only while one is pending and the role
did not propose it, confirming a meeting only while one is proposed that the
role did not propose, confirming attendance only of a meeting that has begun.
Internal verbs (``opt_in_final``, the second opt-in as the lifecycle records
it) are never listed; a person opts in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from mentorcore.domain import AgreementState, Meeting, Programme, Role, Tandem
from mentorcore.lifecycle.meeting import MEETING_VERBS, meeting_status_after
from mentorcore.lifecycle.tandem import possible_verbs
from mentorcore.policy.hooks import Hooks

#: Verbs the lifecycle records but nobody issues (an opt-in becomes it).
INTERNAL = frozenset({"opt_in_final"})


def possible_now(
    hooks: Hooks, programme: Programme, tandem: Tandem, role: Role | None, now: datetime
) -> list[str]:
    """The verbs *role* could issue on *tandem* at *now*, sorted (none for no role)."""
    if role is None:
        return []
    verbs = []
    for verb in possible_verbs(tandem.status.value):
        if verb in INTERNAL:
            continue
        permission = hooks.allowed_roles(programme, verb)
        if permission is None or role not in permission.roles:
            continue
        if _open(verb, tandem, role, now):
            verbs.append(verb)
    return verbs


def _open(verb: str, tandem: Tandem, role: Role, now: datetime) -> bool:
    """Whether some valid input lets *role* issue *verb* on *tandem* now."""
    if verb in MEETING_VERBS and verb != "propose_meeting":
        return any(_meeting_open(verb, m, role, now) for m in tandem.meetings)
    condition = _CONDITIONS.get(verb)
    return condition is None or condition(tandem, role)


def _meeting_open(verb: str, meeting: Meeting, role: Role, now: datetime) -> bool:
    if meeting_status_after(meeting.status.value, verb) is None:
        return False
    if verb in ("confirm_meeting", "decline_meeting"):
        return role not in meeting.accepted_by  # the proposer's counterpart (CORE-6)
    if verb == "confirm_attendance":
        return meeting.start <= now and role not in meeting.attended_by  # CORE-7
    if verb == "mark_meeting_missed":
        return meeting.start <= now
    return True


def _pending(tandem: Tandem, *, amendment: bool) -> bool:
    proposal = tandem.proposal
    return (
        proposal is not None
        and proposal.state is AgreementState.SUBMITTED
        and (tandem.agreement is not None) is amendment
    )


def _answerable(tandem: Tandem, role: Role, *, amendment: bool) -> bool:
    """A version is pending that *role* did not write (CORE-4, CORE-5)."""
    return _pending(tandem, amendment=amendment) and (
        tandem.proposal is not None and tandem.proposal.author is not role
    )


_CONDITIONS: dict[str, Callable[[Tandem, Role], bool]] = {
    "opt_in": lambda t, role: role not in t.opted_in,
    "submit_agreement": lambda t, _role: (
        t.proposal is not None and t.proposal.state is AgreementState.DRAFT
    ),
    "approve_agreement": lambda t, role: _answerable(t, role, amendment=False),
    "return_agreement": lambda t, role: _answerable(t, role, amendment=False),
    "propose_amendment": lambda t, _role: t.proposal is None,
    "approve_amendment": lambda t, role: _answerable(t, role, amendment=True),
    # the author may withdraw a pending amendment by rejecting it
    "reject_amendment": lambda t, _role: _pending(t, amendment=True),
    "review_goal": lambda t, _role: bool(t.goals),
    # a submitted first agreement goes back to drafting (its author, CORE-3)
    "withdraw_submission": lambda t, _role: _pending(t, amendment=False),
    "settle_topic": lambda t, _role: bool(t.open_topics),  # CORE-TOPICS
}
