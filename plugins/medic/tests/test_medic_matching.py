"""MEDiC in cohort matching: the pair masks and criteria, through the matcher."""

from __future__ import annotations

import pytest

from mentorcore import Relation, RelationKind
from mentorcore.testing import SYSTEM

matching = pytest.importorskip("mentorcore.matching")  # the "matching" extra (NumPy, SciPy)


@pytest.fixture
def cohort(engine, mentee, mentor):
    mentee(wished_topics="career_paths;networking", wished_specialty="surgery")
    mentee("ben", "Ben Kurz", workshop_attended=False)
    mentor(specialty="surgery", topics="career_paths")
    mentor("kim", "Dr. Kim Berg", specialty="paediatrics", topics="networking")
    mentor("roth", "Dr. Jan Roth", specialty="surgery", topics="career_paths;networking")
    engine.declare_relation(Relation("roth", RelationKind.EXAMINES, "ana"), actor=SYSTEM)
    return engine


def test_medic_match_1_wished_topics_and_specialty_decide_the_mentor(cohort):
    proposal = matching.propose(cohort, "medic", actor=SYSTEM, track="clinical")
    (pair,) = [p for p in proposal.pairs if p.mentee == "ana"]
    assert pair.mentor == "weber"
    parts = {part.criterion: (part.rule_id, part.value) for part in pair.parts}
    assert parts["topics"] == ("MEDIC-MATCH-1", 0.5)  # one of her two wished topics
    assert parts["specialty"] == ("MEDIC-MATCH-1", 1.0)


def test_medic_indep_1_and_elig_3_masks_keep_pairs_out_of_the_proposal(cohort):
    proposal = matching.propose(cohort, "medic", actor=SYSTEM, track="clinical")
    assert {"MEDIC-INDEP-1", "MEDIC-ELIG-3", "MEDIC-ELIG-2"} <= {r for r, _ in proposal.rules}
    assert ("ana", "roth") not in {(p.mentee, p.mentor) for p in proposal.pairs}
    assert "ben" in {u.mentee for u in proposal.unmatched}


def test_medic_mentor_2_doctorate_scores_in_the_scientific_track(engine, mentee, mentor):
    mentee()
    mentor("kim", "Prof. Kim Berg", base="scientist", track=None, doctorate=True)
    mentor("lee", "Dr. Lee Park", base="scientist", track=None)
    mentor(track=None)  # a clinician: no scientific mentor (MEDIC-MENTOR-2 mask)
    proposal = matching.propose(engine, "medic", actor=SYSTEM, track="scientific")
    (pair,) = proposal.pairs
    assert pair.mentor == "kim"
    assert ("doctorate", "MEDIC-MENTOR-2", 1.0) in {
        (p.criterion, p.rule_id, p.value) for p in pair.parts
    }
    assert "MEDIC-MENTOR-2" in {r for r, _ in proposal.rules}
