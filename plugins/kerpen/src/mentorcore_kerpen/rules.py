"""Kerpen's rules as pure functions over domain objects, one per rule ID.

Each takes (by name) the arguments of the hook it answers;
:mod:`mentorcore_kerpen.policy` wires them to the hooks.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mentorcore import (
    Advisory,
    AgreementTerms,
    Content,
    Decision,
    DueAction,
    Enrolment,
    Participant,
    Permission,
    Person,
    Profile,
    Programme,
    ProposeAmendment,
    Relation,
    RelationKind,
    Role,
    Tandem,
    TandemStatus,
    Transition,
)
from mentorcore_kerpen.catalogue import OTHER, whole

# ------------------------------------------------------------------ helpers


class MentoringYear(NamedTuple):
    """One mentoring year: its label and first and last day."""

    label: str
    start: date
    end: date


def mentoring_year(day: date, programme: Programme) -> MentoringYear:
    """The mentoring year *day* falls in (it starts on the first of the set month).

    :raises ValueError: the setting ``mentoring_year_start_month`` is not 1-12.
    """
    month = whole(programme, "mentoring_year_start_month")
    if not 1 <= month <= 12:
        raise ValueError(
            f"setting 'mentoring_year_start_month' of {programme.key} must be "
            f"a month 1-12, got {month}"
        )
    year = day.year if day.month >= month else day.year - 1
    start = _day(year, month, 1)
    end = _plus(_add_months(start, 12), -1)
    label = str(year) if month == 1 else f"{year}/{(year + 1) % 100:02d}"
    return MentoringYear(label, start, end)


# Dates at the ends of the calendar (years 1 and 9999) are clamped to date.min and
# date.max instead of overflowing: a host asking what is due in 9999 gets an answer.


def _day(year: int, month: int, day: int) -> date:
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, day)


def _plus(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        return _day(year, 1, 1)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _local_date(moment: datetime, programme: Programme) -> date:
    try:
        return moment.astimezone(ZoneInfo(programme.timezone)).date()
    except OverflowError:
        return date.max if moment.year > 1 else date.min


def _midnight(day: date, programme: Programme) -> datetime:
    try:
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(programme.timezone)).astimezone(UTC)
    except OverflowError:
        return (datetime.max if day.year > 1 else datetime.min).replace(tzinfo=UTC)


def _terms(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
    """The terms *transition* puts to the other side: a submission or an amendment."""
    if isinstance(transition.command, ProposeAmendment):
        return transition.command.terms
    if transition.verb == "submit_agreement" and tandem is not None and tandem.proposal:
        return tandem.proposal.terms
    return None


def count_topics(topics: tuple[str, ...]) -> int:
    """The distinct topics named; the bare "other" key names none."""
    return len({t.strip().casefold() for t in topics if t.strip() and t.strip() != OTHER})


# ------------------------------------------------------------------ who may take part


def kerpen_elig_1_female_junior_leader(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """KERPEN-ELIG-1: mentees are women in or aspiring to junior leadership in the city."""
    if enrolment.role is not Role.MENTEE:
        return None
    profile = enrolment.profile
    genders = programme.setting("mentee_genders")
    problems = []
    if profile.get("gender") not in (genders if isinstance(genders, tuple) else (genders,)):
        problems.append(f"is not a woman (gender: {profile.get('gender', 'not given')})")
    if profile.get("leadership") not in ("junior_leader", "aspiring"):
        problems.append("neither holds nor aspires to a junior leadership position")
    if enrolment.external:
        problems.append("does not work in the city administration")
    if not problems:
        return None
    return Decision.deny(
        "KERPEN-ELIG-1",
        f"{person.name} {' and '.join(problems)}; the internal mentoring programme of the "
        "City of Kerpen is for female junior leaders of the city administration and women "
        "aspiring to junior leadership",
    )


def kerpen_mentor_1_experienced_leader(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """KERPEN-MENTOR-1: mentors are experienced leaders of the city, at a minimum level."""
    if enrolment.role is not Role.MENTOR:
        return None
    profile = enrolment.profile
    level, need_level = (
        _int(profile, "hierarchy_level"),
        whole(programme, "min_mentor_hierarchy_level"),
    )
    years, need_years = _int(profile, "leadership_years"), whole(programme, "min_leadership_years")
    problems = []
    if level < need_level:
        problems.append(f"is at management level {level}, below the required level {need_level}")
    if years < need_years:
        problems.append(
            f"has led for {years} year(s), not the {need_years} of an experienced leader"
        )
    if enrolment.external:
        problems.append("does not work in the city administration")
    if not problems:
        return None
    return Decision.deny(
        "KERPEN-MENTOR-1",
        f"{person.name} {' and '.join(problems)}; Kerpen's mentors are experienced leaders "
        f"of the city administration from management level {need_level} up",
    )


def _int(profile: Profile, name: str) -> int:
    value = profile.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# ------------------------------------------------------------------ who may mentor whom

_AUTHORITY = (RelationKind.MANAGES, RelationKind.SUPERVISES)


def kerpen_indep_1_no_authority(
    mentee: Participant, mentor: Participant, relations: tuple[Relation, ...]
) -> Decision | None:
    """KERPEN-INDEP-1: the mentor is not in the mentee's line of management."""
    line = mentee.profile.get("line_of_management") or ()
    in_line = isinstance(line, tuple) and mentor.id in line
    manages = any(
        r.subject == mentor.id and r.object == mentee.id and r.kind in _AUTHORITY for r in relations
    )
    if not (in_line or manages):
        return None
    return Decision.deny(
        "KERPEN-INDEP-1",
        f"{mentor.person.name} is in {mentee.person.name}'s line of management; a mentor "
        "talks with her mentee at eye level and has no authority to give her instructions",
    )


# ------------------------------------------------------------------ the tandem's course


def kerpen_year_1_within_the_mentoring_year(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """KERPEN-YEAR-1: an agreement runs within the mentoring year it starts in."""
    terms = _terms(tandem, transition)
    if terms is None:
        return None
    year = mentoring_year(terms.period_start, programme)
    if terms.period_end is not None and terms.period_end <= year.end:
        return None
    until = "has no end" if terms.period_end is None else f"runs until {terms.period_end:%d.%m.%Y}"
    return Decision.deny(
        "KERPEN-YEAR-1",
        f"the agreement {until}; the programme runs per mentoring year, so it ends on "
        f"{year.end:%d.%m.%Y} at the latest (mentoring year {year.label})",
    )


def kerpen_topics_2_enough_topics(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """KERPEN-TOPICS-2: the first agreement names enough topics for the year."""
    if transition.verb != "submit_agreement" or tandem is None or tandem.agreement is not None:
        return None
    terms = _terms(tandem, transition)
    need = whole(programme, "min_topics_at_start")
    named = count_topics(terms.topics) if terms else 0
    if named >= need:
        return None
    return Decision.deny(
        "KERPEN-TOPICS-2",
        f"the agreement names {named} topic(s); mentees name enough topics for the "
        f"programme year at the start - at least {need} - since topics often resolve quickly",
    )


def kerpen_topics_2_backlog(tandem: Tandem, programme: Programme) -> list[Advisory]:
    """KERPEN-TOPICS-2: a topic plan that ran low during the year is reported."""
    if tandem.status is not TandemStatus.ACTIVE or tandem.agreement is None:
        return []
    need = whole(programme, "min_topics_at_start")
    named = count_topics(tandem.agreement.terms.topics)
    if named >= need:
        return []
    return [
        Advisory(
            "KERPEN-TOPICS-2",
            f"the topic plan holds {named} topic(s), fewer than {need}: the mentee keeps "
            "bringing new topics in throughout the year (amend the agreement)",
            quotes=frozenset({Content.AGREEMENT}),
        )
    ]


def kerpen_year_1_agreement_template(programme: Programme, today: date) -> AgreementTerms:
    """KERPEN-YEAR-1: a draft runs from today to the end of the mentoring year."""
    return AgreementTerms(period_start=today, period_end=mentoring_year(today, programme).end)


def _to_both(tandem: Tandem, key: str, kind: str, due: datetime, reason: str) -> list[DueAction]:
    return [
        DueAction(
            f"{key}:{role.value}",
            "KERPEN-YEAR-1",
            kind,
            (tandem.person_in(role),),
            role,
            due,
            reason,
            tandem.id,
        )
        for role in (Role.MENTEE, Role.MENTOR)
    ]


def kerpen_year_1_due(tandem: Tandem, programme: Programme, now: datetime) -> list[DueAction]:
    """KERPEN-YEAR-1: the introductory workshop soon after the year starts; closing at its end.

    The workshop invitation is due to tandems formed by the end of the
    workshop window, from the year's start until the window closes.
    """
    if not tandem.is_live:
        return []
    today = _local_date(now, programme)
    year = mentoring_year(today, programme)
    window = _plus(year.start, whole(programme, "intro_workshop_within_days"))
    due: list[DueAction] = []
    if today <= window and _local_date(tandem.created_at, programme) <= window:
        due += _to_both(
            tandem,
            f"KERPEN-YEAR-1:workshop:{year.label}:{tandem.id}",
            "introductory-workshop",
            max(_midnight(year.start, programme), tandem.created_at),
            f"the mentoring year {year.label} has started: the introductory workshop takes "
            f"place soon, by {window:%d.%m.%Y}",
        )
    end = tandem.agreement.terms.period_end if tandem.agreement else None
    if tandem.status is TandemStatus.ACTIVE and end is not None and today > end:
        due += _to_both(
            tandem,
            f"KERPEN-YEAR-1:close:{tandem.id}:{end.isoformat()}",
            "closing-due",
            _midnight(_plus(end, 1), programme),
            f"the mentoring year ended on {end:%d.%m.%Y}: end the mentorship officially",
        )
    return due


def kerpen_role_1_mentor_invites(verb: str) -> Permission | None:
    """KERPEN-ROLE-1: the mentor takes her mentee along to her appointments (CORE-6 variant)."""
    if verb != "propose_meeting":
        return None
    return Permission(
        frozenset({Role.MENTEE, Role.MENTOR}),
        "KERPEN-ROLE-1",
        "the mentee asks for conversations, and the mentor takes her along to her own "
        "appointments where possible",
    )
