"""MEDiC's rules on a tandem's course: agreement, visibility, cadence, due actions.

Pure functions, one per rule, named after its ID; each takes (by name) the
arguments of the hook it answers. :mod:`mentorcore_medic.policy` wires them to
the hooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from mentorcore import (
    AgreementTerms,
    CadenceRule,
    Complete,
    Content,
    Decision,
    DraftAgreement,
    DueAction,
    GoalStatus,
    MeetingFormat,
    PeriodKind,
    Permission,
    Programme,
    ProposeAmendment,
    Role,
    Tandem,
    TandemStatus,
    Topic,
    Transition,
)
from mentorcore_medic.catalogue import whole
from mentorcore_medic.semesters import (
    add_months,
    local_date,
    local_midnight,
    semester_of,
    semesters_ended,
    winter_start_on_or_after,
)

#: The contact formats the guide names: in person, video conference, e-mail, phone.
FORMATS = frozenset(
    {MeetingFormat.IN_PERSON, MeetingFormat.VIDEO, MeetingFormat.EMAIL, MeetingFormat.PHONE}
)


def _topics(tandem: Tandem | None, transition: Transition) -> tuple[str, ...]:
    """The topics *transition* plans: an agreement's topic plan or a meeting's topics."""
    terms = _terms(tandem, transition)
    if terms is not None:
        return terms.topics
    if transition.verb == "propose_meeting":
        topics = getattr(transition.command, "topics", ())
        return tuple(t for t in topics if isinstance(t, str))
    return ()


def _terms(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
    """The terms *transition* puts forward: a draft, a submission or an amendment."""
    command = transition.command
    if isinstance(command, DraftAgreement | ProposeAmendment):
        return command.terms
    if transition.verb == "submit_agreement" and tandem is not None and tandem.proposal:
        return tandem.proposal.terms
    return None


def _first_agreement(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
    """The terms of the first agreement when it is submitted to the mentor."""
    if transition.verb != "submit_agreement" or tandem is None or tandem.agreement is not None:
        return None
    return _terms(tandem, transition)


# ------------------------------------------------------------------ hard rules


def medic_scope_1_out_of_scope_topics(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-SCOPE-1: topics outside the mentoring are refused, with the guide's referral.

    Asked of agreement drafts, submissions and amendments, and of meetings.
    """
    refused = []
    for entry in _topics(tandem, transition):
        topic = _topic(programme, entry)
        if topic is not None and topic.out_of_scope:
            refused.append(f"{topic.title} is {topic.referral}")
    if not refused:
        return None
    return Decision.deny(
        "MEDIC-SCOPE-1",
        "the topics hold questions outside MEDiC mentoring: " + "; ".join(refused),
    )


def _topic(programme: Programme, entry: str) -> Topic | None:
    # An entry is a catalogue key or free text; free text counts when it is a
    # topic's title or its German name (the part in brackets).
    wanted = entry.strip().casefold()
    for topic in programme.topics:
        title = str(topic.title)
        names = {topic.key, title.casefold(), title.split(" (")[0].casefold()}
        if "(" in title:
            names.add(title.split("(")[1].rstrip(")").casefold())
        if wanted in names:
            return topic
    return None


def medic_start_1_winter_semester(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-START-1: the mentoring begins in a winter semester (1 October to 31 March)."""
    terms = _first_agreement(tandem, transition)
    command = transition.command
    # An amendment keeps the start of the mentoring unless it moves it.
    if (
        isinstance(command, ProposeAmendment)
        and tandem
        and tandem.agreement
        and command.terms.period_start != tandem.agreement.terms.period_start
    ):
        terms = command.terms
    if terms is None:
        return None
    semester = semester_of(terms.period_start)
    if semester.winter:
        return None
    return Decision.deny(
        "MEDIC-START-1",
        f"the agreement starts on {terms.period_start:%d.%m.%Y}, in the summer semester "
        f"{semester.label[3:]}; MEDiC mentoring begins in the winter semester, so start "
        f"on {winter_start_on_or_after(terms.period_start):%d.%m.%Y} or later",
    )


def medic_flow_1_written_agreement(
    tandem: Tandem | None, transition: Transition
) -> Decision | None:
    """MEDIC-FLOW-1: the written agreement fixes goals, time horizon and framework."""
    if transition.verb not in ("submit_agreement", "propose_amendment"):
        return None
    terms = _terms(tandem, transition)
    if terms is None:
        return None
    missing = []
    if not terms.goals.strip():
        missing.append("the goals")
    if terms.period_end is None:
        missing.append("the time horizon (an end date)")
    if terms.meetings_planned is None and not terms.contact_frequency.strip():
        missing.append("the framework (number or frequency of meetings)")
    if not missing:
        return None
    return Decision.deny(
        "MEDIC-FLOW-1",
        f"the agreement does not state {', '.join(missing)}; in MEDiC the first "
        "conversation fixes goals, time horizon and framework in writing",
    )


def medic_dur_1_initial_two_years(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-DUR-1: a first agreement runs for at most the initial two years.

    A shorter period is fine (a student in the PJ graduates sooner); a longer
    one comes later by amendment.
    """
    terms = _first_agreement(tandem, transition)
    if terms is None or terms.period_end is None:
        return None
    months = whole(programme, "initial_term_months")
    latest = add_months(terms.period_start, months) - timedelta(days=1)
    if terms.period_end <= latest:
        return None
    return Decision.deny(
        "MEDIC-DUR-1",
        f"the agreement runs until {terms.period_end:%d.%m.%Y}; a MEDiC mentorship is "
        f"initially agreed for {months} months, so until {latest:%d.%m.%Y} at the "
        "latest (extend it later by an amendment)",
    )


def medic_end_1_closing_conversation(
    tandem: Tandem | None, transition: Transition
) -> Decision | None:
    """MEDIC-END-1: a mentorship is completed after a closing conversation.

    The conversation is on record as a held closing meeting or, where meetings
    are kept elsewhere, in the completion note.
    """
    command = transition.command
    if not isinstance(command, Complete) or command.note.strip() or tandem is None:
        return None
    if any(m.kind.value == "closing" and m.is_held for m in tandem.meetings):
        return None
    return Decision.deny(
        "MEDIC-END-1",
        "a MEDiC mentorship ends with a closing conversation that reflects on the work "
        "together: hold a closing meeting, or record when it took place and what came "
        "out of it in the completion note",
    )


def medic_match_1_matched_by_coordination(verb: str) -> Permission | None:
    """MEDIC-MATCH-1: the coordination matches tandems; mentees do not request mentors."""
    if verb != "request":
        return None
    return Permission(
        frozenset(),
        "MEDIC-MATCH-1",
        "MEDiC tandems are matched by the mentoring coordination on the mentee and mentor "
        "profiles; a mentee names wished mentors in her profile instead",
    )


# ------------------------------------------------------------------ data and visibility


def medic_dur_1_agreement_template(programme: Programme, today: date) -> AgreementTerms:
    """MEDIC-DUR-1 (with START-1, CAD-1/2): a draft runs two years from a winter semester."""
    start = winter_start_on_or_after(today)
    months = whole(programme, "initial_term_months")
    per_semester = whole(programme, "meetings_per_semester")
    return AgreementTerms(
        period_start=start,
        period_end=add_months(start, months) - timedelta(days=1),
        meetings_planned=per_semester * months // 6,
        contact_formats=FORMATS,
        contact_frequency=(
            f"{per_semester} meetings of about {whole(programme, 'meeting_minutes')} minutes "
            f"per semester, at least {whole(programme, 'in_person_per_semester')} in person"
        ),
    )


def medic_agr_1_coordination_sees_agreement(
    content: Content, viewer_role: Role, tandem: Tandem
) -> Decision | None:
    """MEDIC-AGR-1: a copy of the agreement goes to the coordination, so it may see it.

    Only once an agreement is in force: a first version still under discussion
    stays between mentee and mentor (the defaults decide).
    """
    if (
        viewer_role is not Role.COORDINATOR
        or content is not Content.AGREEMENT
        or tandem.agreement is None
    ):
        return None
    return Decision.allow(
        "MEDIC-AGR-1", "a copy of the mentoring agreement goes to the mentoring coordination"
    )


def medic_cad_1_meetings_per_semester(programme: Programme) -> CadenceRule:
    """MEDIC-CAD-1: three meetings of about an hour per semester (more are welcome)."""
    n = whole(programme, "meetings_per_semester")
    return CadenceRule(
        "MEDIC-CAD-1",
        PeriodKind.SEMESTER,
        n,
        description=f"{n} meetings of about {whole(programme, 'meeting_minutes')} minutes "
        "per semester; more are welcome",
    )


def medic_cad_2_in_person(programme: Programme) -> CadenceRule:
    """MEDIC-CAD-2: at least one meeting per semester in person."""
    n = whole(programme, "in_person_per_semester")
    return CadenceRule(
        "MEDIC-CAD-2",
        PeriodKind.SEMESTER,
        n,
        formats=frozenset({MeetingFormat.IN_PERSON}),
        description=f"at least {n} meeting(s) per semester in person; the others may be "
        "by video, e-mail or phone",
    )


# ------------------------------------------------------------------ due actions


def _to_both(
    tandem: Tandem,
    key: str,
    kind: str,
    rule: str,
    due: datetime,
    reason: str,
    quotes: frozenset[Content] = frozenset(),
) -> Iterator[DueAction]:
    for role in (Role.MENTEE, Role.MENTOR):
        person = tandem.person_in(role)
        yield DueAction(
            f"{key}:{role.value}", rule, kind, (person,), role, due, reason, tandem.id, quotes
        )


def _coordination(programme: Programme) -> str:
    email = next((c.email for c in programme.contacts if c.email), "")
    return f"the mentoring coordination ({email})" if email else "the mentoring coordination"


def medic_agr_1_copy_due(tandem: Tandem, programme: Programme) -> list[DueAction]:
    """MEDIC-AGR-1: once the first agreement is in force, its copy is due to the coordination.

    Addressed to the coordinator role with no person: the host sends it to the
    programme's coordination.
    """
    if tandem.agreement is None or tandem.activated_at is None:
        return []
    return [
        DueAction(
            f"MEDIC-AGR-1:{tandem.id}",
            "MEDIC-AGR-1",
            "agreement-copy",
            (),
            Role.COORDINATOR,
            tandem.activated_at,
            f"the mentoring agreement of {tandem.mentee} and {tandem.mentor} is in force: "
            f"a copy goes to {_coordination(programme)}",
            tandem.id,
        )
    ]


def medic_goal_1_review_due(tandem: Tandem, programme: Programme, now: datetime) -> list[DueAction]:
    """MEDIC-GOAL-1: a goal not reviewed for two years is due for review by both."""
    if tandem.status not in (TandemStatus.ACTIVE, TandemStatus.CLOSING):
        return []
    interval = timedelta(days=whole(programme, "goal_review_interval_days"))
    due: list[DueAction] = []
    for goal in tandem.goals:
        last = goal.reviewed_at or goal.set_at
        if goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED) or now - last < interval:
            continue
        due += _to_both(
            tandem,
            f"MEDIC-GOAL-1:{tandem.id}:{goal.id}:{last:%Y-%m-%d}",
            "goal-review",
            "MEDIC-GOAL-1",
            last + interval,
            f"review the goal {goal.text!r} (last reviewed {last:%d.%m.%Y}); MEDiC reviews "
            "goals regularly and at the latest after two years, and updates them if needed",
            frozenset({Content.GOALS}),
        )
    return due


def medic_eval_1_evaluations_due(
    tandem: Tandem, programme: Programme, now: datetime
) -> list[DueAction]:
    """MEDIC-EVAL-1: an evaluation after every semester of the mentorship and at its end."""
    if tandem.activated_at is None:
        return []
    tz = programme.timezone
    start = local_date(tandem.activated_at, tz)
    # No mentorship runs for a century: like the core's cadence, reckon at most 100
    # years, so a host asking what is due in 9999 gets a short answer, quickly.
    until = min(local_date(min(now, tandem.ended_at or now), tz), add_months(start, 1200))
    due: list[DueAction] = []
    for semester in semesters_ended(start, until):
        due += _to_both(
            tandem,
            f"MEDIC-EVAL-1:{tandem.id}:{semester.label}",
            "evaluation",
            "MEDIC-EVAL-1",
            local_midnight(semester.end + timedelta(days=1), tz),
            f"the {semester.label} is over: the accompanying feedback round and evaluation "
            "of the mentoring are mandatory",
        )
    if tandem.status in (TandemStatus.COMPLETED, TandemStatus.DISSOLVED) and tandem.ended_at:
        due += _to_both(
            tandem,
            f"MEDIC-EVAL-1:{tandem.id}:final",
            "evaluation",
            "MEDIC-EVAL-1",
            tandem.ended_at,
            "the mentorship has ended: the final evaluation of the mentoring is mandatory",
        )
    return due


def medic_end_1_inform_coordination(tandem: Tandem, programme: Programme) -> list[DueAction]:
    """MEDIC-END-1: after the closing conversation the coordination is informed."""
    if tandem.status is not TandemStatus.COMPLETED or tandem.ended_at is None:
        return []
    return [
        DueAction(
            f"MEDIC-END-1:{tandem.id}",
            "MEDIC-END-1",
            "completion-notice",
            (),
            Role.COORDINATOR,
            tandem.ended_at,
            f"the mentorship of {tandem.mentee} with {tandem.mentor} was completed after "
            f"its closing conversation on {tandem.ended_at:%d.%m.%Y}: inform "
            f"{_coordination(programme)}",
            tandem.id,
        )
    ]
