"""MEDiC's rules on people and pairs: who may take part, and who may mentor whom.

Pure functions, one per rule, named after its ID. Each takes (by name) the
arguments of the hook it answers and returns a refusing
:class:`~mentorcore.Decision` or ``None`` (no objection);
:mod:`mentorcore_medic.policy` wires them to the hooks.

Enrolment rules (``mentorcore_check_enrolment``) judge what a person is; the
forms and the preparation (MEDIC-ELIG-2, MEDIC-ELIG-3) are judged when a pair
is formed (``mentorcore_check_pairing``), because the guide has people register
with the coordination first and attend the workshop or basic qualification
before the matching.
"""

from __future__ import annotations

from datetime import date

from mentorcore import (
    Decision,
    Enrolment,
    Participant,
    Person,
    Profile,
    Programme,
    Relation,
    RelationKind,
    Role,
)
from mentorcore.i18n import Message, mark
from mentorcore.policy.periods import local_date
from mentorcore_medic.catalogue import CLINICAL, SCIENTIFIC, whole
from mentorcore_medic.semesters import semester_of, winter_start_on_or_after
from mentorcore_medic.texts import _


def _int(profile: Profile, name: str) -> int:
    value = profile.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _yes(profile: Profile, name: str) -> bool:
    return profile.get(name) is True


# ------------------------------------------------------------------ enrolment


def medic_elig_1_study_stage(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """MEDIC-ELIG-1: mentees study the MEDiC model programme, from semester 3 to the PJ.

    „Zielgruppe sind Studierende des Modellstudiengangs ab dem 3. Fachsemester bis
    einschließlich der Ausbildung im Praktischen Jahr (PJ).“ The semester counts
    at the start of the mentoring, the next winter semester („Beginn des
    eigentlichen Mentorings ist im Wintersemester“): a student in semester 2
    who applies in the summer semester is in semester 3 on 1 October. A student
    who completed the PJ (or graduated) no longer takes part.
    """
    if enrolment.role is not Role.MENTEE:
        return None
    first = whole(programme, "min_semester")
    profile = enrolment.profile
    if profile.get("study_programme") != "medic":
        return Decision.deny(
            "MEDIC-ELIG-1",
            _(
                "{name} does not study in the MEDiC model degree programme; MEDiC 1:1 "
                "mentoring is open to students of the MEDiC model degree programme from "
                "subject semester {first} up to and including the practical year (PJ)",
                name=person.name,
                first=first,
            ),
        )
    if _yes(profile, "pj_completed"):
        return Decision.deny(
            "MEDIC-ELIG-1",
            _(
                "{name} has completed the practical year (PJ) or the studies; MEDiC 1:1 "
                "mentoring is open to students up to and including the practical year",
                name=person.name,
            ),
        )
    if _yes(profile, "practical_year"):
        return None
    semester = _int(profile, "semester")
    start, at_start = _at_start(enrolment, programme, semester)
    if at_start >= first:
        return None
    if start is None or at_start == semester:
        reason = _(
            "{name} is in subject semester {semester}; MEDiC 1:1 mentoring is open to "
            "students of the MEDiC model degree programme from subject semester {first} "
            "up to and including the practical year (PJ)",
            name=person.name,
            semester=semester,
            first=first,
        )
    else:
        reason = _(
            "{name} is in subject semester {semester}, so in semester {at_start} when the "
            "mentoring begins on {start}; MEDiC 1:1 mentoring is open to students of the "
            "MEDiC model degree programme from subject semester {first} up to and "
            "including the practical year (PJ)",
            name=person.name,
            semester=semester,
            at_start=at_start,
            start=start,
            first=first,
        )
    return Decision.deny("MEDIC-ELIG-1", reason)


def _at_start(enrolment: Enrolment, programme: Programme, semester: int) -> tuple[date | None, int]:
    """The first day of the mentoring and the subject semester the mentee is in then.

    Counted from the day of the enrolment (the profile's semester is the one
    the student gave when applying); without that day, the semester as given.
    """
    if enrolment.enrolled_at is None:
        return None, semester
    applied = local_date(enrolment.enrolled_at, programme.timezone)
    start = winter_start_on_or_after(applied)
    return start, semester + (0 if semester_of(applied).winter else 1)


def clinical_gaps(profile: Profile, programme: Programme) -> list[Message]:
    """What keeps a mentor with *profile* from the clinical track (MEDIC-MENTOR-1)."""
    gaps = []
    if not _yes(profile, "licensed"):
        gaps.append(_("holds no medical licence (Approbation)"))
    years = _int(profile, "years_experience")
    if years < whole(programme, "several_years"):
        gaps.append(
            _.plural(
                "has {n} year of professional experience",
                "has {n} years of professional experience",
                years,
            )
        )
    return gaps


def _clinical(name: str, profile: Profile, programme: Programme) -> Decision | None:
    need = whole(programme, "several_years")
    gaps = clinical_gaps(profile, programme)
    if not gaps:
        return None
    return Decision.deny(
        "MEDIC-MENTOR-1",
        _.plural(
            "{name} cannot mentor in the clinical track: {gaps}; clinical mentors hold a "
            "medical licence and have several years of professional experience "
            "(at least {n} year)",
            "{name} cannot mentor in the clinical track: {gaps}; clinical mentors hold a "
            "medical licence and have several years of professional experience "
            "(at least {n} years)",
            need,
            name=name,
            gaps=tuple(gaps),
        ),
    )


def medic_mentor_1_clinical_enrolment(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """MEDIC-MENTOR-1: a mentor enrolled for clinical mentoring has a licence and experience."""
    if enrolment.role is not Role.MENTOR or enrolment.track != CLINICAL:
        return None
    return _clinical(person.name, enrolment.profile, programme)


def medic_mentor_1_clinical_pairing(
    mentor: Participant, track: str | None, programme: Programme
) -> Decision | None:
    """MEDIC-MENTOR-1: a mentor enrolled without a track qualifies for a clinical tandem."""
    # A mentor enrolled for a track was judged at enrolment (and the core keeps
    # tandem and enrolment tracks equal), so only track-less mentors are left.
    if track != CLINICAL or mentor.enrolment.track is not None:
        return None
    return _clinical(mentor.person.name, mentor.profile, programme)


def scientific_gaps(profile: Profile, programme: Programme) -> list[Message]:
    """What keeps a mentor with *profile* from the scientific track (MEDIC-MENTOR-2)."""
    need = whole(programme, "several_years")
    gaps = []
    research = _int(profile, "research_years")
    if research < need:
        gaps.append(
            _.plural(
                "{n} year of planning, conducting and publishing medical research",
                "{n} years of planning, conducting and publishing medical research",
                research,
            )
        )
    supervision = _int(profile, "supervision_years")
    if supervision < need:
        gaps.append(
            _.plural(
                "{n} year in student education and supervising theses",
                "{n} years in student education and supervising theses",
                supervision,
            )
        )
    return gaps


def _scientific(name: str, profile: Profile, programme: Programme) -> Decision | None:
    need = whole(programme, "several_years")
    gaps = scientific_gaps(profile, programme)
    if not gaps:
        return None
    return Decision.deny(
        "MEDIC-MENTOR-2",
        _.plural(
            "{name} cannot mentor in the scientific track: has {gaps}; scientific mentors "
            "have several years of both (at least {n} year; a doctorate is desirable, "
            "not required)",
            "{name} cannot mentor in the scientific track: has {gaps}; scientific mentors "
            "have several years of both (at least {n} years; a doctorate is desirable, "
            "not required)",
            need,
            name=name,
            gaps=tuple(gaps),
        ),
    )


def medic_mentor_2_scientific_enrolment(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """MEDIC-MENTOR-2: a mentor enrolled for scientific mentoring has research experience."""
    if enrolment.role is not Role.MENTOR or enrolment.track != SCIENTIFIC:
        return None
    return _scientific(person.name, enrolment.profile, programme)


def medic_mentor_2_scientific_pairing(
    mentor: Participant, track: str | None, programme: Programme
) -> Decision | None:
    """MEDIC-MENTOR-2: a mentor enrolled without a track qualifies for a scientific tandem."""
    if track != SCIENTIFIC or mentor.enrolment.track is not None:
        return None
    return _scientific(mentor.person.name, mentor.profile, programme)


def medic_mentor_3_contract(person: Person, enrolment: Enrolment) -> Decision | None:
    """MEDIC-MENTOR-3: mentors outside the faculty and Klinikum Chemnitz need a contract.

    The enrolment's ``external`` flag (CORE-15) marks a mentor as external too.
    """
    if enrolment.role is not Role.MENTOR:
        return None
    profile = enrolment.profile
    member = _yes(profile, "faculty_member") or _yes(profile, "klinikum_staff")
    if (member and not enrolment.external) or _yes(profile, "mentoring_contract"):
        return None
    return Decision.deny(
        "MEDIC-MENTOR-3",
        _(
            "{name} is neither a member of the Medical Faculty nor on the staff of Klinikum "
            "Chemnitz and has no mentoring contract; the coordination arranges a mentoring "
            "contract (Mentoring-Vertrag) with external mentors first",
            name=person.name,
        ),
    )


# ------------------------------------------------------------------ pairing


def medic_elig_2_forms(mentee: Participant, mentor: Participant) -> Decision | None:
    """MEDIC-ELIG-2: the mentee's application form and the mentor's profile form are in."""
    missing = []
    if not _yes(mentee.profile, "application_form"):
        missing.append(_("{name} has not submitted the application form", name=mentee.person.name))
    if not _yes(mentor.profile, "profile_form"):
        missing.append(_("{name} has not submitted the profile form", name=mentor.person.name))
    if not missing:
        return None
    return Decision.deny(
        "MEDIC-ELIG-2",
        _(
            "{missing}; tandems are matched on these forms, which mentees and mentors send "
            "to the mentoring coordination when they register",
            missing=tuple(missing),
        ),
    )


def medic_elig_3_preparation(mentee: Participant, mentor: Participant) -> Decision | None:
    """MEDIC-ELIG-3: the mentee attended the workshop, the mentor the basic qualification."""
    missing = []
    if not _yes(mentee.profile, "workshop_attended"):
        missing.append(
            _("{name} has not attended the introductory workshop", name=mentee.person.name)
        )
    if not _yes(mentor.profile, "basic_qualification"):
        missing.append(
            _("{name} has not completed the basic qualification", name=mentor.person.name)
        )
    if not missing:
        return None
    return Decision.deny(
        "MEDIC-ELIG-3",
        _(
            "{missing}; both are prepared for their roles before a tandem is matched",
            missing=tuple(missing),
        ),
    )


#: Relations that make the mentee depend on the mentor ("Lehrverhältnis,
#: Prüfungsverantwortung o. ä."), in either direction, and how each is said.
DEPENDENCIES = {
    RelationKind.TEACHES: mark("{subject} teaches {object}"),
    RelationKind.EXAMINES: mark("{subject} examines {object}"),
    RelationKind.SUPERVISES: mark("{subject} supervises {object}"),
    RelationKind.MANAGES: mark("{subject} manages {object}"),
}


def medic_indep_1_no_dependency(
    mentee: Participant, mentor: Participant, relations: tuple[Relation, ...]
) -> Decision | None:
    """MEDIC-INDEP-1: no teaching, examining or similar dependency between the two."""
    names = {mentee.id: mentee.person.name, mentor.id: mentor.person.name}
    found = tuple(
        _(
            DEPENDENCIES[r.kind],
            subject=names.get(r.subject, r.subject),
            object=names.get(r.object, r.object),
        )
        for r in relations
        if r.kind in DEPENDENCIES
    )
    if not found:
        return None
    return Decision.deny(
        "MEDIC-INDEP-1",
        _(
            "{found}; MEDiC mentor and mentee must not depend on each other (no teaching "
            "relationship, no examination responsibility or similar), so that they can "
            "talk openly",
            found=found,
        ),
    )


def medic_end_2_another_mentor(
    mentee: Participant, mentor: Participant, previous_mentors: frozenset[str]
) -> Decision | None:
    """MEDIC-END-2: a new matching on the mentee's request brings another mentor."""
    if mentor.id not in previous_mentors:
        return None
    return Decision.deny(
        "MEDIC-END-2",
        _(
            "{mentor} was already the mentor of {mentee}; a new matching in MEDiC brings "
            "another mentor",
            mentor=mentor.person.name,
            mentee=mentee.person.name,
        ),
    )
