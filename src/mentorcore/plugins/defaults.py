"""The generic flow every programme gets (seed 002, 003), as ``trylast`` defaults.

Value hooks here answer last, so a programme's answer wins. Votes here apply to
every programme. Each rule names its ID from ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from datetime import date, datetime

from mentorcore.domain import (
    AgreementTerms,
    GoalStatus,
    MeetingKind,
    Participant,
    Programme,
    Relation,
    RelationKind,
    Role,
    Tandem,
    TandemStatus,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import Day, Message, _
from mentorcore.policy.cadence import deviations
from mentorcore.policy.decisions import Advisory, Content, Decision, DueAction, Permission, Severity
from mentorcore.policy.due import core_due_actions
from mentorcore.policy.hookspecs import hookimpl
from mentorcore.policy.periods import local_date, shifted

M, E, C, S = Role.MENTEE, Role.MENTOR, Role.COORDINATOR, Role.SYSTEM


def _p(roles: set[Role], rule_id: str, reason: Message) -> Permission:
    return Permission(frozenset(roles), rule_id, reason)


#: Who may issue each verb in the generic flow.
PERMISSIONS: dict[str, Permission] = {
    "request": _p({M}, "CORE-1", _("a mentorship request comes from the mentee")),
    "assign": _p(
        {C, S}, "CORE-1", _("only the programme (a coordinator or the matching) assigns a mentor")
    ),
    "accept": _p({E}, "CORE-1", _("only the mentor asked can accept a request")),
    "decline": _p({E}, "CORE-1", _("only the mentor asked can decline a request")),
    "opt_in": _p({M, E}, "CORE-2", _("each side decides for itself after getting to know")),
    "opt_in_final": _p({M, E}, "CORE-2", _("each side decides for itself after getting to know")),
    "opt_out": _p({M, E}, "CORE-2", _("each side decides for itself after getting to know")),
    "draft_agreement": _p({M}, "CORE-3", _("the mentee drafts the mentoring agreement")),
    "submit_agreement": _p({M}, "CORE-3", _("the mentee submits the agreement to the mentor")),
    "withdraw_submission": _p(
        {M}, "CORE-3", _("the mentee takes her submitted agreement back into drafting")
    ),
    "return_agreement": _p({E}, "CORE-4", _("the mentor answers the submitted agreement")),
    "approve_agreement": _p(
        {E}, "CORE-4", _("the mentor approves the agreement the mentee submitted")
    ),
    "propose_amendment": _p({M, E}, "CORE-5", _("either side may propose an amendment")),
    "approve_amendment": _p({M, E}, "CORE-5", _("an amendment needs the consent of both sides")),
    "reject_amendment": _p({M, E}, "CORE-5", _("an amendment needs the consent of both sides")),
    "settle_topic": _p(
        {M, E}, "CORE-TOPICS", _("mentee or mentor may mark an agreed topic as settled")
    ),
    "set_goal": _p({M}, "CORE-13", _("the goals are the mentee's own")),
    "review_goal": _p({M, E}, "CORE-13", _("mentee and mentor review the goals together")),
    "start_closing": _p(
        {M, E, C}, "CORE-11", _("the mentee, the mentor or the coordination ends a mentorship")
    ),
    "complete": _p(
        {M, E, C}, "CORE-11", _("the mentee, the mentor or the coordination ends a mentorship")
    ),
    "dissolve": _p(
        {M, E, C}, "CORE-DISSOLVE", _("either side or the coordination may dissolve a tandem")
    ),
    "request_rematch": _p(
        {M, C}, "CORE-REMATCH", _("the mentee (or the coordination) asks for a new mentor")
    ),
    # meetings: the mentee schedules (CORE-6); a programme may let both sides
    # propose by answering mentorcore_allowed_roles for "propose_meeting".
    "propose_meeting": _p({M}, "CORE-6", _("the mentee is responsible for scheduling meetings")),
    "confirm_meeting": _p({M, E}, "CORE-6", _("the side that did not propose a time confirms it")),
    "decline_meeting": _p(
        {M, E}, "CORE-6", _("the side that did not propose a time may decline it")
    ),
    "reschedule_meeting": _p({M, E}, "CORE-6", _("either side may move a meeting")),
    "cancel_meeting": _p({M, E}, "CORE-6", _("either side may call a meeting off")),
    "confirm_attendance": _p({M, E}, "CORE-7", _("each participant confirms their own attendance")),
    "mark_meeting_missed": _p({M, E}, "CORE-7", _("a participant records a missed meeting")),
    "prepare_meeting": _p({M}, "CORE-RECORDS", _("the preparation of a meeting is the mentee's")),
    "document_meeting": _p({M, E}, "CORE-RECORDS", _("mentee and mentor document their meetings")),
}

_PARTICIPANTS = frozenset({M, E})


@hookimpl(trylast=True)
def mentorcore_allowed_roles(verb: str) -> Permission | None:
    """CORE-1, 3, 4, 5, 11, 13: the generic division of rights."""
    return PERMISSIONS.get(verb)


@hookimpl(trylast=True)
def mentorcore_can_view(content: Content, viewer_role: Role) -> Decision:
    """CORE-3 (drafts are the mentee's) and CORE-PRIVACY (content stays in the tandem)."""
    if viewer_role is S:
        return Decision.allow("CORE-PRIVACY", _("the system sees everything it stores"))
    if content is Content.AGREEMENT_DRAFT:
        if viewer_role is M:
            return Decision.allow("CORE-3", _("the mentee sees her own draft"))
        return Decision.deny(
            "CORE-3", _("a draft agreement is visible to the mentee only until submitted")
        )
    if content is Content.ACTIVITY:
        return Decision.allow(
            "CORE-10", _("activities are recorded for participants and coordination")
        )
    if content is Content.FEEDBACK:
        # The author always sees their own answers (mentorcore.read.feedback).
        if viewer_role is Role.COORDINATOR:
            return Decision.allow("CORE-FEEDBACK-3", _("feedback goes to the coordination"))
        return Decision.deny("CORE-FEEDBACK-3", CONTENT_PRIVATE[content])
    if viewer_role in _PARTICIPANTS:
        return Decision.allow("CORE-PRIVACY", _("mentee and mentor see their tandem's content"))
    return Decision.deny("CORE-PRIVACY", CONTENT_PRIVATE[content])


#: What stays between mentee and mentor, one sentence per kind of content (CORE-PRIVACY).
CONTENT_PRIVATE: dict[Content, Message] = {
    Content.AGREEMENT_DRAFT: _("the agreement draft stays between mentee and mentor"),
    Content.AGREEMENT: _("the agreement stays between mentee and mentor"),
    Content.AGREEMENT_PROPOSAL: _("the proposed agreement stays between mentee and mentor"),
    Content.GOALS: _("the goals stay between mentee and mentor"),
    Content.MEETING_NOTES: _("the meeting notes stay between mentee and mentor"),
    Content.MEETING_PREPARATION: _("the preparation stays between mentee and mentor"),
    Content.FIRST_CONVERSATION: _(
        "the record of the first conversation stays between mentee and mentor"
    ),
    Content.ACTIVITY: _("the activity stays between mentee and mentor"),
    Content.FEEDBACK: _(
        "feedback goes to the coordination, not to the other side of the tandem"
    ),
}


@hookimpl(trylast=True)
def mentorcore_agreement_template(today: date) -> AgreementTerms:
    """CORE-2: a draft starts today with the period and meetings left open."""
    return AgreementTerms(period_start=today)


#: Relations that make two people colleagues in a direct working relationship (CORE-14).
WORKING_RELATIONS = frozenset(
    {RelationKind.WORKS_WITH, RelationKind.MANAGES, RelationKind.SUPERVISES}
)


@hookimpl
def mentorcore_check_pairing(
    mentee: Participant,
    mentor: Participant,
    relations: tuple[Relation, ...],
    previous_mentors: frozenset[str],
) -> Decision | None:
    """CORE-14 (no direct working relationship) and CORE-REMATCH (another mentor)."""
    if mentor.id == mentee.id:
        return Decision.deny("CORE-14", _("a person cannot mentor themselves"))
    working = [r for r in relations if r.kind in WORKING_RELATIONS]
    if working:
        kinds = tuple(label(k) for k in sorted({r.kind for r in working}, key=lambda k: k.value))
        return Decision.deny(
            "CORE-14",
            _(
                "{mentor} and {mentee} have a direct working relationship ({kinds}); "
                "a mentor must come from outside it",
                mentor=mentor.person.name,
                mentee=mentee.person.name,
                kinds=kinds,
            ),
        )
    if mentor.id in previous_mentors:
        return Decision.deny(
            "CORE-REMATCH",
            _(
                "{mentor} was already the mentor of {mentee}; a new matching means another mentor",
                mentor=mentor.person.name,
                mentee=mentee.person.name,
            ),
        )
    return None


@hookimpl(trylast=True)
def mentorcore_collect_advisories(
    tandem: Tandem, programme: Programme, now: datetime
) -> Iterator[Advisory]:
    """CORE-13 (goals captured and reviewed) and CORE-11 (a closing meeting)."""
    if tandem.status in (TandemStatus.ACTIVE, TandemStatus.AWAITING_APPROVAL) and not tandem.goals:
        yield Advisory("CORE-13", _("the mentee's goals have not been captured yet"))
    if tandem.status is TandemStatus.ACTIVE:
        interval = programme.int_setting("goal_review_interval_days")
        for goal in tandem.goals:
            if goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
                continue
            last = goal.reviewed_at or goal.set_at
            if shifted(last, days=interval) <= now:  # clamps: no overflow on odd data
                yield Advisory(
                    "CORE-13",
                    _(
                        "the goal “{goal}” has not been reviewed since {day}",
                        goal=goal.text,
                        day=Day(local_date(last, programme.timezone)),
                    ),
                    quotes=frozenset({Content.GOALS}),
                )
    closing_held = any(m.kind is MeetingKind.CLOSING and m.is_held for m in tandem.meetings)
    if tandem.status is TandemStatus.CLOSING and not closing_held:
        yield Advisory(
            "CORE-11",
            _("a closing conversation to end the mentorship officially is recommended"),
            Severity.INFO,
        )


@hookimpl(specname="mentorcore_collect_advisories", trylast=True)
def core_8_agreement_deviation(
    tandem: Tandem, programme: Programme, now: datetime
) -> Iterator[Advisory]:
    """CORE-8: meetings held or planned off the agreed number or period call for an amendment."""
    if tandem.proposal is not None:
        return  # an amendment is already under way
    for deviation in deviations(tandem, programme, now):
        yield Advisory(
            "CORE-8",
            _("update the agreement and approve it again: {why}", why=deviation.message),
            quotes=frozenset({Content.AGREEMENT}),
        )


@hookimpl(wrapper=True)
def mentorcore_collect_due_actions(
    tandem: Tandem, programme: Programme, now: datetime
) -> Generator[None, list[Iterable[object]], list[Iterable[object]]]:
    """CORE-8, 9, 11, 13: amendments, feedback requests, inactivity, closing, goal reviews.

    A fallback, like every default: where the programme reports its own action
    of a kind for a side of the tandem (MEDIC-GOAL-1's goal review), the core's
    action of that kind for that side is left out, so one cause is not
    reported twice under two rules.
    """
    answered = [list(result) for result in (yield) if result is not None]
    taken = {
        (a.kind, a.recipient_role)
        for result in answered
        for a in result
        if isinstance(a, DueAction)
    }
    core = core_due_actions(tandem, programme, now)
    return [*answered, [a for a in core if (a.kind, a.recipient_role) not in taken]]
