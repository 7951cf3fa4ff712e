"""The code in docs/matching.md runs as the page says."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from mentorcore_medic import policy as medic

from mentorcore import Participant, Person, Profile, Relation, RelationKind, Role
from mentorcore.domain import Enrolment, PersonId
from mentorcore.matching import Cohort, Criterion, PairMask
from mentorcore.testing import enrol

PAGE = Path(__file__).resolve().parent.parent / "docs" / "matching.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
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


def test_the_usage_example(make_engine, capsys):
    engine = make_engine(plugins=[medic])
    enrol(engine, "carla", "medic", Role.COORDINATOR)
    for pid in ("ana", "bea"):
        enrol(engine, pid, "medic", Role.MENTEE, STUDENT)
    for pid in ("dr-weber", "dr-lang", "dr-roth"):
        enrol(engine, pid, "medic", Role.MENTOR, CLINICIAN, track="clinical")
    scope = {"engine": engine}
    exec(BLOCKS[0], scope)
    assert [(t.mentee, t.mentor) for t in scope["tandems"]] == [
        ("ana", "dr-weber"),
        ("bea", "dr-roth"),
    ]
    assert "Ana – Dr-Weber" in capsys.readouterr().out  # describe() names people


def _p(pid, role, **profile):
    return Participant(
        Person(PersonId(pid), pid), Enrolment(PersonId(pid), "x", role, profile=Profile.of(profile))
    )


def test_the_plugin_example():
    scope: dict[str, object] = {}
    exec(BLOCKS[1], scope)
    cohort = Cohort(
        programme_key="x",
        track=None,
        mentees=(_p("ana", Role.MENTEE, wished_specialty="cardiology"), _p("ben", Role.MENTEE)),
        mentors=(_p("boss", Role.MENTOR, specialty="cardiology"), _p("kim", Role.MENTOR)),
        places=(1, 1),
        previous_mentors=(frozenset(), frozenset()),
        wishes=((), ()),
        relations=(
            Relation(PersonId("boss"), RelationKind.MANAGES, PersonId("lead")),
            Relation(PersonId("lead"), RelationKind.MANAGES, PersonId("ana")),
        ),
    )
    (mask,) = scope["kerpen_indep_1_line_of_management"](cohort)
    assert isinstance(mask, PairMask)
    assert (mask.rule_id, mask.mentees.tolist(), mask.mentors.tolist()) == (
        "KERPEN-INDEP-1",
        [0],
        [0],
    )
    (criterion,) = scope["medic_match_1_specialty"](cohort)
    assert isinstance(criterion, Criterion)
    assert np.array_equal(criterion.values, [[1.0, 0.0], [0.0, 0.0]])
