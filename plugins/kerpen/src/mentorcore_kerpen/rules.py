"""Kerpen's rules as pure functions over domain objects, one per rule ID.

Each takes (by name) the arguments of the hook it answers;
:mod:`mentorcore_kerpen.policy` wires them to the hooks. The rules of the
mentoring year are in :mod:`mentorcore_kerpen.course`, its date arithmetic in
:mod:`mentorcore_kerpen.years`.
"""

from __future__ import annotations

from mentorcore import (
    Advisory,
    AgreementTerms,
    Content,
    Decision,
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
from mentorcore.i18n import Message, as_message
from mentorcore.policy.vocabulary import COMMON
from mentorcore_kerpen.catalogue import OTHER, whole
from mentorcore_kerpen.texts import _

# ------------------------------------------------------------------ helpers


def proposed_terms(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
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
    problems: list[Message] = []
    gender = profile.get("gender")
    if gender not in (genders if isinstance(genders, tuple) else (genders,)):
        problems.append(_("is not a woman (gender: {gender})", gender=_gender(gender)))
    if profile.get("leadership") not in ("junior_leader", "aspiring"):
        problems.append(_("neither holds nor aspires to a junior leadership position"))
    if enrolment.external:
        problems.append(_("does not work in the city administration"))
    if not problems:
        return None
    return Decision.deny(
        "KERPEN-ELIG-1",
        _(
            "{name} {problems}; the internal mentoring programme of the City of Kerpen is for "
            "female junior leaders of the city administration and women aspiring to junior "
            "leadership",
            name=person.name,
            problems=tuple(problems),
        ),
    )


def _gender(value: object) -> Message:
    """A profile's gender as people read it."""
    if value is None:
        return _("not given")
    common = COMMON.get(str(value))
    return as_message(common.label) if common else Message.literal(str(value))


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
    problems: list[Message] = []
    if level < need_level:
        problems.append(
            _(
                "is at management level {level}, below the required level {need}",
                level=level,
                need=need_level,
            )
        )
    if years < need_years:
        problems.append(
            _.plural(
                "has led for {n} year, not the {need} of an experienced leader",
                "has led for {n} years, not the {need} of an experienced leader",
                years,
                need=need_years,
            )
        )
    if enrolment.external:
        problems.append(_("does not work in the city administration"))
    if not problems:
        return None
    return Decision.deny(
        "KERPEN-MENTOR-1",
        _(
            "{name} {problems}; Kerpen's mentors are experienced leaders of the city "
            "administration from management level {need} up",
            name=person.name,
            problems=tuple(problems),
            need=need_level,
        ),
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
        _(
            "{mentor} is in the line of management of {mentee}; a mentor talks with her "
            "mentee at eye level and has no authority to give her instructions",
            mentor=mentor.person.name,
            mentee=mentee.person.name,
        ),
    )


def mentee_level(profile: Profile) -> int:
    """KERPEN-LEVEL-1: the mentee's management level: as given, else what her
    leadership position implies at least (a junior leader 1, others 0)."""
    level = profile.get("hierarchy_level")
    if isinstance(level, int) and not isinstance(level, bool):
        return level
    return 1 if profile.get("leadership") == "junior_leader" else 0


def kerpen_level_1_mentor_above_mentee(
    mentee: Participant, mentor: Participant, programme: Programme
) -> Decision | None:
    """KERPEN-LEVEL-1: the mentor stands on a higher career level than the mentee."""
    below, above = mentee_level(mentee.profile), _int(mentor.profile, "hierarchy_level")
    gap = whole(programme, "min_level_gap")
    if above - below >= gap:
        return None
    return Decision.deny(
        "KERPEN-LEVEL-1",
        _.plural(
            "{mentor} is at management level {above}, {mentee} at level {below}; mentor and "
            "mentee stand on different career levels, the mentor an experienced leader at "
            "least {n} level above the junior leader",
            "{mentor} is at management level {above}, {mentee} at level {below}; mentor and "
            "mentee stand on different career levels, the mentor an experienced leader at "
            "least {n} levels above the junior leader",
            gap,
            mentor=mentor.person.name,
            mentee=mentee.person.name,
            above=above,
            below=below,
        ),
    )


# ------------------------------------------------------------------ the tandem's course


def kerpen_topics_2_enough_topics(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """KERPEN-TOPICS-2: the first agreement names enough topics for the year."""
    if transition.verb != "submit_agreement" or tandem is None or tandem.agreement is not None:
        return None
    terms = proposed_terms(tandem, transition)
    need = whole(programme, "min_topics_at_start")
    named = count_topics(terms.topics) if terms else 0
    if named >= need:
        return None
    return Decision.deny(
        "KERPEN-TOPICS-2",
        _.plural(
            "the agreement names {n} topic; mentees name enough topics for the programme "
            "year at the start – at least {need} – since topics often resolve quickly",
            "the agreement names {n} topics; mentees name enough topics for the programme "
            "year at the start – at least {need} – since topics often resolve quickly",
            named,
            need=need,
        ),
    )


def kerpen_topics_2_backlog(tandem: Tandem, programme: Programme) -> list[Advisory]:
    """KERPEN-TOPICS-2: a topic plan that ran low during the year is reported.

    What counts is the topics still open: topics „klären oder erledigen sich
    schnell“, and a settled one (CORE-TOPICS) asks for a new one.
    """
    if tandem.status is not TandemStatus.ACTIVE or tandem.agreement is None:
        return []
    need = whole(programme, "min_topics_at_start")
    named = count_topics(tandem.open_topics)
    if named >= need:
        return []
    settled = count_topics(tandem.settled_topics)
    if settled:
        text = _.plural(
            "{n} topic of the plan is still open, {settled} settled, fewer than {need}: the "
            "mentee keeps bringing new topics in throughout the year (amend the agreement)",
            "{n} topics of the plan are still open, {settled} settled, fewer than {need}: the "
            "mentee keeps bringing new topics in throughout the year (amend the agreement)",
            named,
            settled=settled,
            need=need,
        )
    else:
        text = _.plural(
            "the topic plan holds {n} topic, fewer than {need}: the mentee keeps bringing "
            "new topics in throughout the year (amend the agreement)",
            "the topic plan holds {n} topics, fewer than {need}: the mentee keeps bringing "
            "new topics in throughout the year (amend the agreement)",
            named,
            need=need,
        )
    return [Advisory("KERPEN-TOPICS-2", text, quotes=frozenset({Content.AGREEMENT}))]


def kerpen_role_1_mentor_invites(verb: str) -> Permission | None:
    """KERPEN-ROLE-1: the mentor takes her mentee along to her appointments (CORE-6 variant)."""
    if verb != "propose_meeting":
        return None
    return Permission(
        frozenset({Role.MENTEE, Role.MENTOR}),
        "KERPEN-ROLE-1",
        _(
            "the mentee asks for conversations, and the mentor takes her along to her own "
            "appointments where possible"
        ),
    )
