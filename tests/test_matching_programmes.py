"""Matching with the real programme plugins on realistic cohorts.

MEDiC respects tracks and independence and prefers the mentee's wishes
(MEDIC-MATCH-1, MEDIC-TRACK-1, MEDIC-INDEP-1, MEDIC-MENTOR-1, MEDIC-ELIG-2,
MEDIC-END-2); Kerpen never pairs a mentor in the mentee's line of management
(KERPEN-INDEP-1); Ostalb gives each scholarship holder the best-fitting
mentor when capacity allows (OSTALB-MATCH-1).
"""

from __future__ import annotations

import random

import pytest
from mentorcore_kerpen import policy as kerpen
from mentorcore_medic import policy as medic
from mentorcore_ostalb import policy as ostalb

from mentorcore import Actor, AssignMentor, Relation, RelationKind, RequestRematch, Role
from mentorcore.domain import PersonId
from mentorcore.matching import UnmatchedKind, confirm, propose
from mentorcore.testing import SYSTEM, enrol, person

STUDENT = {
    "study_programme": "medic",
    "semester": 5,
    "application_form": True,
    "workshop_attended": True,
}
CLINICIAN = {
    "licensed": True,
    "years_experience": 8,
    "faculty_member": True,
    "profile_form": True,
    "basic_qualification": True,
}
SCIENTIST = {
    "years_experience": 10,
    "research_years": 6,
    "supervision_years": 4,
    "klinikum_staff": True,
    "profile_form": True,
    "basic_qualification": True,
}
LANGE = Actor.person("lange")


def pairs(proposal):
    return [(p.mentee, p.mentor) for p in proposal.pairs]


# ---------------------------------------------------------------- MEDiC


@pytest.fixture
def medic_engine(make_engine):
    engine = make_engine(plugins=[medic])
    person(engine, "lange", "Rosi Lange")
    enrol(engine, "lange", "medic", Role.COORDINATOR)
    students = {
        "ana": {"wished_topics": ["career_planning"], "wished_specialty": "cardiology"},
        "ben": {"wished_topics": ["scientific_work"], "wished_specialty": "neurology"},
        "cem": {"wished_specialty": "cardiology"},
        "dia": {"wished_topics": ["career_planning", "scientific_work"]},
        "eli": {},
    }
    for pid, wishes in students.items():
        enrol(engine, pid, "medic", Role.MENTEE, {**STUDENT, **wishes})
    clinical = {
        "weber": ({"specialty": "cardiology", "topics": ["career_planning"]}, 2),
        "lang": ({"specialty": "neurology", "topics": ["scientific_work"]}, 1),
        "roth": ({"specialty": "cardiology"}, 1),
        "noform": ({"profile_form": False, "specialty": "cardiology"}, 1),
    }
    for pid, (profile, capacity) in clinical.items():
        enrol(
            engine,
            pid,
            "medic",
            Role.MENTOR,
            {**CLINICIAN, **profile},
            track="clinical",
            capacity=capacity,
        )
    enrol(
        engine,
        "kurz",
        "medic",
        Role.MENTOR,
        {**SCIENTIST, "doctorate": True},
        track="scientific",
        capacity=3,
    )
    # Untracked mentors qualify for a track by profile: a researcher without licence is
    # no clinical mentor (MEDIC-MENTOR-1) but may mentor in the scientific track.
    enrol(engine, "frei", "medic", Role.MENTOR, SCIENTIST, capacity=2)
    # Dr. Roth examines Ana (MEDIC-INDEP-1); Dr. Weber teaches Cem.
    engine.declare_relation(
        Relation(PersonId("roth"), RelationKind.EXAMINES, PersonId("ana")), actor=SYSTEM
    )
    engine.declare_relation(
        Relation(PersonId("weber"), RelationKind.TEACHES, PersonId("cem")), actor=SYSTEM
    )
    return engine


def test_medic_track_1_a_run_stays_in_its_track(medic_engine):
    clinical = propose(medic_engine, "medic", actor=SYSTEM, track="clinical")
    assert {p.mentor for p in clinical.pairs} <= {"weber", "lang", "roth"}
    scientific = propose(medic_engine, "medic", actor=SYSTEM, track="scientific")
    assert {p.mentor for p in scientific.pairs} <= {"kurz", "frei"}
    assert len(scientific.pairs) == 5  # five places between Kurz and Frei


def test_medic_mentor_1_and_elig_2_unqualified_mentors_are_excluded_with_their_rules(medic_engine):
    p = propose(medic_engine, "medic", actor=SYSTEM, track="clinical", mentees=["eli"], fixed=[])
    assert p.pair_of("eli").mentor in {"weber", "lang", "roth"}
    only = propose(
        medic_engine,
        "medic",
        actor=SYSTEM,
        track="clinical",
        mentees=["eli"],
        mentors=["noform", "frei"],
    )
    eli = only.unmatched_of("eli")
    assert eli.kind is UnmatchedKind.NO_ELIGIBLE_MENTOR
    assert eli.rule_ids_for("noform") == ("MEDIC-ELIG-2",)
    assert eli.rule_ids_for("frei") == ("MEDIC-MENTOR-1",)


def test_medic_indep_1_never_pairs_a_dependency_and_says_so(medic_engine):
    p = propose(medic_engine, "medic", actor=SYSTEM, track="clinical")
    assert ("ana", "roth") not in pairs(p)
    assert ("cem", "weber") not in pairs(p)
    alone = propose(
        medic_engine, "medic", actor=SYSTEM, track="clinical", mentees=["ana"], mentors=["roth"]
    )
    assert alone.unmatched_of("ana").rule_ids_for("roth") == ("MEDIC-INDEP-1",)


def test_medic_match_1_prefers_the_mentees_wishes(medic_engine):
    p = propose(medic_engine, "medic", actor=SYSTEM, track="clinical")
    # Profiles alone: Ana's topic and specialty point to Weber, Ben's to Lang.
    assert p.pair_of("ana").mentor == "weber"
    assert p.pair_of("ben").mentor == "lang"
    ana = {x.criterion: x.value for x in p.pair_of("ana").parts}
    assert ana["topics"] == 1.0
    assert ana["specialty"] == 1.0
    # One place with Dr. Lang: Dia's profile fits him by half, Eli wishes him first.
    wished = propose(
        medic_engine,
        "medic",
        actor=SYSTEM,
        track="clinical",
        wishes={"eli": ["lang", "weber"]},
        mentees=["dia", "eli"],
        mentors=["lang"],
    )
    assert pairs(wished) == [("eli", "lang")]
    assert wished.pair_of("eli").wish_rank == 1
    assert wished.unmatched_of("dia").kind is UnmatchedKind.CAPACITY_EXHAUSTED
    assert ("wish", "CORE-WISH") in [c[:2] for c in wished.criteria]
    without = propose(
        medic_engine,
        "medic",
        actor=SYSTEM,
        track="clinical",
        mentees=["dia", "eli"],
        mentors=["lang"],
    )
    assert pairs(without) == [("dia", "lang")]


def test_medic_confirmed_by_the_coordination_as_assigned_tandems(medic_engine):
    p = propose(medic_engine, "medic", actor=SYSTEM, track="clinical")
    tandems = confirm(medic_engine, p, actor=LANGE)
    assert [(t.mentee, t.mentor, t.track) for t in tandems] == [
        (a, b, "clinical") for a, b in pairs(p)
    ]
    # Everyone is now in a tandem: a second run has nobody to match.
    again = propose(medic_engine, "medic", actor=SYSTEM, track="clinical")
    assert pairs(again) == []
    assert {s.person for s in again.skipped if s.role is Role.MENTEE} == {p.mentee for p in p.pairs}


def test_medic_end_2_a_new_matching_brings_another_mentor(medic_engine):
    t = medic_engine.execute(
        AssignMentor(programme_key="medic", mentee="ana", mentor="weber", track="clinical"),
        actor=LANGE,
    )
    medic_engine.execute(
        RequestRematch(tandem_id=t.id, reason="different goals"), actor=Actor.person("ana")
    )
    p = propose(medic_engine, "medic", actor=SYSTEM, track="clinical", mentees=["ana"])
    assert p.pair_of("ana").mentor not in {"weber", "roth"}
    assert p.pair_of("ana").predecessor == t.id
    alone = propose(
        medic_engine, "medic", actor=SYSTEM, track="clinical", mentees=["ana"], mentors=["weber"]
    )
    assert set(alone.unmatched_of("ana").rule_ids_for("weber")) == {"CORE-REMATCH", "MEDIC-END-2"}
    (new,) = confirm(medic_engine, p, actor=LANGE)
    assert new.predecessor == t.id


# ---------------------------------------------------------------- Kerpen

JUNIOR = {"gender": "female", "leadership": "junior_leader", "hierarchy_level": 1}
LEADER = {"leadership_years": 12, "recruited_via": "equality_office"}


def kerpen_city(make_engine, seed):
    """A small city administration: departments with a chain of command, junior leaders in them."""
    rng = random.Random(seed)
    engine = make_engine(plugins=[kerpen])
    managers: dict[str, str] = {}  # person -> line manager
    leaders = []
    for d in range(3):
        head = f"head{d}"
        enrol(
            engine,
            head,
            "kerpen",
            Role.MENTOR,
            {**LEADER, "hierarchy_level": 3, "organisation_unit": f"dept{d}"},
            capacity=2,
        )
        leaders.append(head)
        for k in range(2):
            div = f"div{d}{k}"
            managers[div] = head
            enrol(
                engine,
                div,
                "kerpen",
                Role.MENTOR,
                {**LEADER, "hierarchy_level": 2, "organisation_unit": f"dept{d}"},
                capacity=rng.randint(1, 2),
            )
            leaders.append(div)
    juniors = []
    for n in range(8):
        boss = rng.choice([x for x in leaders if x.startswith("div")])
        pid = f"jun{n}"
        managers[pid] = boss
        line = [boss, managers[boss]]
        # Half of them state their line in the profile, the others only through relations.
        profile = {**JUNIOR, "organisation_unit": boss}
        if n % 2:
            profile["line_of_management"] = ";".join(line)
        enrol(engine, pid, "kerpen", Role.MENTEE, profile)
        juniors.append(pid)
    for sub, boss in managers.items():
        engine.declare_relation(
            Relation(PersonId(boss), RelationKind.MANAGES, PersonId(sub)), actor=SYSTEM
        )
    return engine, managers, juniors


def line_of(managers, pid):
    line = []
    while pid in managers:
        pid = managers[pid]
        line.append(pid)
    return line


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("objective", ["optimal", "greedy"])
def test_kerpen_indep_1_never_a_mentor_in_her_line_of_management(make_engine, seed, objective):
    engine, managers, juniors = kerpen_city(make_engine, seed)
    # Each wishes the leaders she knows best: her own line first, so only the rule stops it.
    wishes = {j: [*reversed(line_of(managers, j)), "div00"] for j in juniors}
    wishes = {j: list(dict.fromkeys(w)) for j, w in wishes.items()}
    p = propose(engine, "kerpen", actor=SYSTEM, objective=objective, wishes=wishes)
    for pair in p.pairs:
        assert pair.mentor not in line_of(managers, pair.mentee), (pair.mentee, pair.mentor)
    for u in p.unmatched:
        for boss in line_of(managers, u.mentee):
            assert "KERPEN-INDEP-1" in u.rule_ids_for(boss)
    assert len(p.pairs) + len(p.unmatched) == len(juniors)


def test_kerpen_indep_1_the_head_of_her_department_is_excluded_too(make_engine):
    engine, managers, _ = kerpen_city(make_engine, 0)
    jun = "jun0"  # states no line: only the relations say who is above her
    head = line_of(managers, jun)[-1]
    p = propose(engine, "kerpen", actor=SYSTEM, mentees=[jun], mentors=[head])
    assert p.unmatched_of(jun).rule_ids_for(head) == ("KERPEN-INDEP-1",)


# ---------------------------------------------------------------- Ostalb


def ostalb_engine(make_engine, scholars, physicians):
    engine = make_engine(plugins=[ostalb])
    for pid, scholarship in scholars.items():
        enrol(engine, pid, "ostalb", Role.MENTEE, {"scholarship": scholarship, "stage": "studies"})
    for pid, (status, capacity) in physicians.items():
        enrol(engine, pid, "ostalb", Role.MENTOR, {"physician_status": status}, capacity=capacity)
    return engine


SCHOLARS = {
    "lena": "general_practice",
    "marc": "general_practice",
    "nina": "specialist_care",
    "omar": "specialist_care",
    "pia": "general_practice",
}


def test_ostalb_match_1_each_scholarship_holder_gets_the_best_fitting_mentor(make_engine):
    physicians = {
        "haas": ("established_gp", 2),
        "iske": ("specialist", 1),
        "jung": ("in_specialist_training", 1),
        "kohl": ("other_physician", 3),
    }
    engine = ostalb_engine(make_engine, SCHOLARS, physicians)
    p = propose(engine, "ostalb", actor=SYSTEM)
    assert {x.mentee for x in p.pairs} == set(SCHOLARS)  # capacity allows: everyone
    fit = {x.mentee: {y.criterion: y.value for y in x.parts}["scholarship_fit"] for x in p.pairs}
    # Two GP places, one specialist, one trainee: the best fits go round, the rest 0.25.
    assert sorted(fit.values(), reverse=True) == [1.0, 1.0, 1.0, 1.0, 0.25]
    assert {p.pair_of(m).mentor for m in ("nina", "omar")} == {"iske", "jung"}


def test_ostalb_match_1_when_places_run_short_the_rest_learn_why(make_engine):
    engine = ostalb_engine(
        make_engine, SCHOLARS, {"haas": ("established_gp", 2), "iske": ("specialist", 1)}
    )
    p = propose(engine, "ostalb", actor=SYSTEM)
    assert len(p.pairs) == 3
    assert all(u.kind is UnmatchedKind.CAPACITY_EXHAUSTED for u in p.unmatched)
    assert len(p.unmatched) == 2
