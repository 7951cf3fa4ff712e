"""Whole runs on random small cohorts: engine, plugin rules, solver, explanations.

The oracle applies the club's rules and scores pair by pair in plain Python
and searches every assignment; the matcher must find the same optimum, never
pair what a rule forbids, never exceed a mentor's places, explain every
mentee it leaves out, and give the same proposal on every run.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_matching_cohort import TOPICS, Club

from mentorcore import Engine, FixedClock, Relation, RelationKind, Role
from mentorcore.domain import PersonId
from mentorcore.matching import UnmatchedKind, propose
from mentorcore.testing import SYSTEM, enrol

DEPTS = (None, "it", "hr")


def _person(draw, mentor):
    profile = {"level": draw(st.integers(1, 4))}
    dept = draw(st.sampled_from(DEPTS))
    if dept:
        profile["dept"] = dept
    topics = draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=3))
    if topics:
        profile["topics"] = topics
    if mentor and draw(st.booleans()):
        profile["rating"] = draw(st.integers(0, 5))
    return profile


@st.composite
def cohorts(draw):
    n, m = draw(st.integers(0, 5)), draw(st.integers(0, 3))
    mentees = {f"e{i}": _person(draw, False) for i in range(n)}
    mentors = {f"o{j}": (_person(draw, True), draw(st.integers(1, 2))) for j in range(m)}
    pairs = [(e, o) for e in mentees for o in mentors]
    related = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []
    wishes = {
        e: draw(st.lists(st.sampled_from(sorted(mentors)), unique=True, max_size=2))
        for e in mentees
        if mentors and draw(st.booleans())
    }
    return mentees, mentors, related, wishes


def oracle_score(cohort, e, o):
    mentees, mentors, _, wishes = cohort
    a, b = set(mentees[e].get("topics", ())), set(mentors[o][0].get("topics", ()))
    value = 2.0 * len(a & b) / max(len(a), 1) + 0.5 * mentors[o][0].get("rating", 0) / 5
    wished = wishes.get(e, [])
    if o in wished:
        value += (len(wished) - wished.index(o)) / len(wished)
    return value


def oracle_allowed(cohort, e, o):
    mentees, mentors, related, _ = cohort
    ee, oo = mentees[e], mentors[o][0]
    same_dept = ee.get("dept") is not None and ee.get("dept") == oo.get("dept")
    return not same_dept and oo["level"] > ee["level"] and (e, o) not in related


def brute_force(cohort):
    mentees, mentors, _, _ = cohort
    es = sorted(mentees)
    options = [[None, *(o for o in sorted(mentors) if oracle_allowed(cohort, e, o))] for e in es]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        used = [o for o in choice if o]
        if any(used.count(o) > mentors[o][1] for o in set(used)):
            continue
        total = sum(oracle_score(cohort, e, o) for e, o in zip(es, choice, strict=True) if o)
        if (len(used), total) > (best[0], best[1] + 1e-9):
            best = (len(used), total)
    return best


def run(cohort, objective="optimal"):
    mentees, mentors, related, wishes = cohort
    engine = Engine(
        ":memory:",
        clock=FixedClock(datetime(2026, 10, 5, 9, tzinfo=UTC)),
        plugins=[Club()],
        load_entrypoints=False,
    )
    try:
        for pid, profile in mentees.items():
            enrol(engine, pid, "club", Role.MENTEE, profile, track="a")
        for pid, (profile, capacity) in mentors.items():
            enrol(engine, pid, "club", Role.MENTOR, profile, track="a", capacity=capacity)
        for e, o in related:
            engine.declare_relation(
                Relation(PersonId(o), RelationKind.WORKS_WITH, PersonId(e)), actor=SYSTEM
            )
        return propose(engine, "club", actor=SYSTEM, track="a", wishes=wishes, objective=objective)
    finally:
        engine.close()


@given(cohorts())
def test_the_optimum_equals_brute_force_over_the_programme_rules(cohort):
    proposal = run(cohort)
    count, total = brute_force(cohort)
    assert len(proposal.pairs) == count
    assert proposal.total_score == pytest.approx(total, abs=1e-9)


@given(cohorts(), st.sampled_from(["optimal", "greedy"]))
def test_no_forbidden_pair_no_capacity_exceeded_everyone_explained(cohort, objective):
    proposal = run(cohort, objective)
    mentees, mentors, _, _ = cohort
    for p in proposal.pairs:
        assert oracle_allowed(cohort, p.mentee, p.mentor)
        assert p.score == pytest.approx(oracle_score(cohort, p.mentee, p.mentor))
    taken = [p.mentor for p in proposal.pairs]
    assert all(taken.count(o) <= mentors[o][1] for o in set(taken))
    matched = {p.mentee for p in proposal.pairs}
    assert matched | {u.mentee for u in proposal.unmatched} == set(mentees)
    for u in proposal.unmatched:
        allowed = [o for o in mentors if oracle_allowed(cohort, u.mentee, o)]
        if allowed:
            assert u.kind is UnmatchedKind.CAPACITY_EXHAUSTED
            assert all(taken.count(o) == mentors[o][1] for o in allowed)
            assert all(u.rule_ids_for(o) == ("CORE-CAPACITY",) for o in allowed)
        else:
            assert u.kind is UnmatchedKind.NO_ELIGIBLE_MENTOR
        for o in mentors:
            assert u.rule_ids_for(o) is not None, "every candidate is accounted for"
    assert run(cohort, objective) == proposal
