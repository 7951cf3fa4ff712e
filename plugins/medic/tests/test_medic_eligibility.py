"""MEDiC: who may take part (enrolment) and who may mentor whom (pairing)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from mentorcore_medic import policy

from mentorcore import (
    Actor,
    AssignMentor,
    InvalidInput,
    Relation,
    RelationKind,
    RequestMentorship,
    RequestRematch,
    Role,
    TransitionDenied,
)
from mentorcore.clock import FixedClock
from mentorcore.testing import SYSTEM, enrol, person

COORDINATOR = Actor.person("lange")


def assign(engine, mentee="ana", mentor="weber", track="clinical", **kw):
    return engine.execute(
        AssignMentor(programme_key="medic", mentee=mentee, mentor=mentor, track=track, **kw),
        actor=COORDINATOR,
    )


def participant(engine, person_id, role):
    return engine.reader(SYSTEM).participant(person_id, "medic", role)


def refused(call, *args, **kwargs) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    return exc.value


# ---------------------------------------------------------------- MEDIC-ELIG-1


def test_medic_elig_1_second_semester_refused_third_accepted(engine, mentee):
    denied = refused(mentee, semester=2)
    assert denied.rule_ids == {"MEDIC-ELIG-1"}
    assert "Ana Roth is in subject semester 2" in denied.reasons[0]
    assert "from subject semester 3 up to and including the practical year" in denied.reasons[0]
    mentee(semester=3)
    assert participant(engine, "ana", Role.MENTEE).profile.get("semester") == 3


def test_medic_elig_1_semester_counts_at_the_start_of_the_mentoring(make_engine):
    """„ab dem 3. Fachsemester“ with „Beginn des eigentlichen Mentorings ist im
    Wintersemester“: a student in semester 2 applying in September is in semester 3
    on 1 October, when the mentoring begins."""
    engine = make_engine(plugins=[policy], clock=FixedClock(datetime(2026, 9, 7, 9, tzinfo=UTC)))
    person(engine, "nele", "Nele Franke")
    profile = {"study_programme": "medic", "application_form": True, "workshop_attended": True}
    enrol(engine, "nele", "medic", Role.MENTEE, {**profile, "semester": 2})
    person(engine, "tim", "Tim Lorenz")
    with pytest.raises(TransitionDenied) as exc:
        enrol(engine, "tim", "medic", Role.MENTEE, {**profile, "semester": 1})
    assert exc.value.rule_ids == {"MEDIC-ELIG-1"}
    assert (
        "Tim Lorenz is in subject semester 1, so in semester 2 when the mentoring begins on "
        "1 October 2026"
    ) in exc.value.reasons[0]
    # in the winter semester the mentoring can begin at once: the semester as given
    engine.clock.set(datetime(2026, 11, 2, 9, tzinfo=UTC))
    person(engine, "uta", "Uta Klein")
    with pytest.raises(TransitionDenied) as exc:
        enrol(engine, "uta", "medic", Role.MENTEE, {**profile, "semester": 2})
    assert "Uta Klein is in subject semester 2;" in exc.value.reasons[0]


def test_medic_elig_1_completed_practical_year_refused(engine, mentee):
    """„bis einschließlich der Ausbildung im Praktischen Jahr (PJ)“: after the PJ, no more."""
    denied = refused(mentee, semester=12, practical_year=False, pj_completed=True)
    assert denied.rule_ids == {"MEDIC-ELIG-1"}
    assert "Ana Roth has completed the practical year (PJ) or the studies" in denied.reasons[0]
    mentee(semester=12, practical_year=True, pj_completed=False)


def test_medic_elig_1_practical_year_accepted(engine, mentee):
    mentee(semester=11, practical_year=True)
    assert participant(engine, "ana", Role.MENTEE).profile.get("practical_year") is True


def test_medic_elig_1_other_study_programme_refused(mentee):
    denied = refused(mentee, study_programme="other", semester=7)
    assert denied.rule_ids == {"MEDIC-ELIG-1"}
    assert "does not study in the MEDiC model degree programme" in denied.reasons[0]


def test_medic_elig_1_first_semester_is_a_setting(make_engine):
    engine = make_engine(plugins=[policy], settings={"medic": {"min_semester": 4}})
    person(engine, "ana", "Ana Roth")
    profile = {"study_programme": "medic", "semester": 3}
    with pytest.raises(TransitionDenied) as exc:
        enrol(engine, "ana", "medic", Role.MENTEE, profile)
    assert "from subject semester 4" in exc.value.reasons[0]
    enrol(engine, "ana", "medic", Role.MENTEE, {**profile, "semester": 4})


def test_medic_elig_1_profile_errors_name_the_field(mentee):
    with pytest.raises(InvalidInput) as exc:
        mentee(semester="third", drop=("study_programme",))
    fields = {where for where, _ in exc.value.problems}
    assert fields == {"semester", "study_programme"}


def test_medic_elig_1_a_refused_update_keeps_the_profile(engine, mentee):
    mentee(semester=4)
    with pytest.raises(TransitionDenied):
        engine.update_profile(
            "ana", "medic", Role.MENTEE, {"study_programme": "other", "semester": 4}, actor=SYSTEM
        )
    assert participant(engine, "ana", Role.MENTEE).profile.get("study_programme") == "medic"


# ---------------------------------------------------------------- MEDIC-ELIG-2 / -3


def test_medic_elig_2_no_match_without_application_and_profile_form(engine, mentee, mentor):
    mentee(application_form=False)
    mentor(drop=("profile_form",))
    denied = refused(assign, engine)
    assert denied.rule_ids == {"MEDIC-ELIG-2"}
    assert "Ana Roth has not submitted the application form" in denied.reasons[0]
    assert "Dr. Eva Weber has not submitted the profile form" in denied.reasons[0]
    mentee(application_form=True)
    mentor(profile_form=True)
    assert assign(engine).mentor == "weber"


def test_medic_elig_3_mentee_without_introductory_workshop_refused(engine, mentee, mentor):
    mentee(workshop_attended=False)
    mentor()
    denied = refused(assign, engine)
    assert denied.rule_ids == {"MEDIC-ELIG-3"}
    assert "Ana Roth has not attended the introductory workshop" in denied.reasons[0]


def test_medic_elig_3_mentor_without_basic_qualification_refused(engine, mentee, mentor):
    mentee()
    mentor(basic_qualification=False)
    denied = refused(assign, engine)
    assert denied.rule_ids == {"MEDIC-ELIG-3"}
    assert "Dr. Eva Weber has not completed the basic qualification" in denied.reasons[0]


# ---------------------------------------------------------------- MEDIC-TRACK-1


def test_medic_track_1_tandems_belong_to_the_clinical_or_scientific_track(engine, mentee, mentor):
    assert engine.programme("medic").tracks == ("clinical", "scientific")
    mentee()
    mentor(track=None)
    assert refused(assign, engine, track=None).rule_ids == {"CORE-TRACK"}
    assert assign(engine, track="clinical").track == "clinical"


# ---------------------------------------------------------------- MEDIC-MENTOR-1


def test_medic_mentor_1_clinical_mentor_without_licence_refused(mentor):
    denied = refused(mentor, licensed=False)
    assert denied.rule_ids == {"MEDIC-MENTOR-1"}
    assert "Dr. Eva Weber cannot mentor in the clinical track" in denied.reasons[0]
    assert "holds no medical licence (Approbation)" in denied.reasons[0]


def test_medic_mentor_1_several_years_boundary(engine, mentor):
    denied = refused(mentor, years_experience=2)
    assert denied.rule_ids == {"MEDIC-MENTOR-1"}
    assert "has 2 years of professional experience" in denied.reasons[0]
    assert "(at least 3 years)" in denied.reasons[0]
    mentor(years_experience=3)
    assert participant(engine, "weber", Role.MENTOR).enrolment.track == "clinical"


def test_medic_mentor_1_track_less_mentor_is_judged_when_paired(engine, mentee, mentor):
    """MEDIC-MENTOR-1 at pairing: a researcher without licence may not take a clinical tandem."""
    mentee()
    mentor("kim", "Prof. Kim Berg", base="scientist", track=None)
    denied = refused(assign, engine, mentor="kim", track="clinical")
    assert denied.rule_ids == {"MEDIC-MENTOR-1"}
    assert assign(engine, mentor="kim", track="scientific").track == "scientific"


# ---------------------------------------------------------------- MEDIC-MENTOR-2


def test_medic_mentor_2_scientific_mentor_needs_research_and_supervision(engine, mentor):
    denied = refused(mentor, base="scientist", track="scientific", research_years=2)
    assert denied.rule_ids == {"MEDIC-MENTOR-2"}
    assert "2 years of planning, conducting and publishing medical research" in denied.reasons[0]
    denied = refused(mentor, base="scientist", track="scientific", drop=("supervision_years",))
    assert "0 years in student education and supervising theses" in denied.reasons[0]
    mentor(base="scientist", track="scientific", research_years=3, supervision_years=3)


def test_medic_mentor_2_doctorate_desirable_not_required(engine, mentor):
    mentor(base="scientist", track="scientific", doctorate=False)
    assert participant(engine, "weber", Role.MENTOR).profile.get("doctorate") is False


def test_medic_mentor_2_track_less_clinician_not_paired_scientifically(engine, mentee, mentor):
    mentee()
    mentor(track=None)
    assert refused(assign, engine, track="scientific").rule_ids == {"MEDIC-MENTOR-2"}


# ---------------------------------------------------------------- MEDIC-MENTOR-3


def test_medic_mentor_3_external_mentor_without_contract_refused(engine, mentor):
    denied = refused(mentor, "gp", "Dr. Paul Gruber", faculty_member=False)
    assert denied.rule_ids == {"MEDIC-MENTOR-3"}
    assert "Dr. Paul Gruber is neither a member of the Medical Faculty" in denied.reasons[0]
    assert "mentoring contract" in denied.reasons[0]
    mentor("gp", "Dr. Paul Gruber", faculty_member=False, mentoring_contract=True)


def test_medic_mentor_3_klinikum_staff_need_no_contract(engine, mentor):
    mentor(faculty_member=False, klinikum_staff=True)
    assert participant(engine, "weber", Role.MENTOR).enrolment.external is False


def test_medic_mentor_3_external_flag_requires_contract(engine, mentor):
    """MEDIC-MENTOR-3 with CORE-15: an enrolment marked external needs the contract."""
    assert refused(mentor, external=True).rule_ids == {"MEDIC-MENTOR-3"}
    mentor(external=True, mentoring_contract=True)
    assert participant(engine, "weber", Role.MENTOR).enrolment.external is True


# ---------------------------------------------------------------- MEDIC-INDEP-1


@pytest.mark.parametrize("kind", [RelationKind.EXAMINES, RelationKind.TEACHES])
def test_medic_indep_1_examiner_or_teacher_cannot_mentor(engine, mentee, mentor, kind):
    mentee()
    mentor()
    engine.declare_relation(Relation("weber", kind, "ana"), actor=SYSTEM)
    denied = refused(assign, engine)
    assert denied.rule_ids == {"MEDIC-INDEP-1"}
    assert f"Dr. Eva Weber {kind.value} Ana Roth" in denied.reasons[0]
    assert "no teaching relationship, no examination responsibility" in denied.reasons[0]


def test_medic_indep_1_withdrawn_or_unrelated_relations_do_not_count(engine, mentee, mentor):
    mentee()
    mentee("ben", "Ben Kurz")
    mentor()
    engine.declare_relation(Relation("weber", RelationKind.EXAMINES, "ben"), actor=SYSTEM)
    engine.declare_relation(Relation("weber", RelationKind.EXAMINES, "ana"), actor=SYSTEM)
    engine.withdraw_relation(Relation("weber", RelationKind.EXAMINES, "ana"), actor=SYSTEM)
    assert assign(engine).mentee == "ana"


# ---------------------------------------------------------------- MEDIC-MATCH-1


def test_medic_match_1_tandems_are_matched_by_the_coordination(engine, mentee, mentor):
    mentee()
    mentor()
    denied = refused(
        engine.execute,
        RequestMentorship(programme_key="medic", mentor="weber", track="clinical"),
        actor=Actor.person("ana"),
    )
    assert denied.rule_ids == {"MEDIC-MATCH-1"}
    assert "matched by the mentoring coordination" in denied.reasons[0]
    assert assign(engine).origin.value == "assignment"


def test_medic_match_1_mentees_state_wishes_in_their_profile(engine, mentee):
    mentee(
        wished_track="scientific", wished_topics="career_paths;networking", mentor_wishes="weber"
    )
    profile = participant(engine, "ana", Role.MENTEE).profile
    assert profile.get("wished_topics") == ("career_paths", "networking")
    with pytest.raises(InvalidInput) as exc:
        mentee(wished_topics="doctorate")  # out of scope (MEDIC-SCOPE-1): not a wish
    assert exc.value.problems[0][0] == "wished_topics"


# ---------------------------------------------------------------- MEDIC-END-2


def test_medic_end_2_rematch_brings_another_mentor(engine, mentee, mentor):
    mentee()
    mentor()
    mentor("kim", "Dr. Kim Berg")
    first = assign(engine)
    engine.execute(
        RequestRematch(tandem_id=first.id, reason="no chemistry"), actor=Actor.person("ana")
    )
    denied = refused(assign, engine, predecessor=first.id)
    assert "MEDIC-END-2" in denied.rule_ids
    assert "Dr. Eva Weber was already the mentor of Ana Roth" in " ".join(denied.reasons)
    second = assign(engine, mentor="kim", predecessor=first.id)
    assert second.predecessor == first.id
