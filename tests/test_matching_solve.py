"""The solvers on random small cohorts, against independent oracles.

Optimal: equal to a brute-force search and to networkx's max-flow min-cost
(most pairs first, then the highest total score). Both objectives: never a
forbidden pair, never more mentees than a mentor's places, the same answer on
every run. Greedy: stable, and equal to mentee-proposing deferred acceptance
when both sides rank by the (distinct) pair scores.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorcore.errors import MentorcoreError
from mentorcore.matching import solve


@st.composite
def cohorts(draw, max_mentees=5, max_mentors=3, max_places=2, distinct=False):
    """``(allowed, score, places)`` with scores in quarters (exact in binary)."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    allowed = np.array(
        draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), dtype=bool
    ).reshape(n, m)
    if distinct:
        order = draw(st.permutations(range(n * m))) if n * m else []
        score = np.array(order, dtype=np.float64).reshape(n, m) / 4
    else:
        quarters = draw(st.lists(st.integers(0, 12), min_size=n * m, max_size=n * m))
        score = np.array(quarters, dtype=np.float64).reshape(n, m) / 4
    places = np.array(
        draw(st.lists(st.integers(0, max_places), min_size=m, max_size=m)), dtype=np.int64
    )
    return allowed, score, places


def brute_force(allowed, score, places):
    """The best ``(pairs, total score)`` over every assignment."""
    n, m = allowed.shape
    best = (0, 0.0)
    options = [[None] + [j for j in range(m) if allowed[i, j]] for i in range(n)]
    for choice in itertools.product(*options):
        used = [j for j in choice if j is not None]
        if any(used.count(j) > places[j] for j in set(used)):
            continue
        value = (len(used), sum(score[i, j] for i, j in enumerate(choice) if j is not None))
        best = max(best, value)
    return best


def min_cost_flow(allowed, score, places):
    """``(pairs, total score)`` of networkx's max-flow min-cost on the same cohort."""
    g = nx.DiGraph()
    n, m = allowed.shape
    for i in range(n):
        g.add_edge("s", ("e", i), capacity=1, weight=0)
    for j in range(m):
        g.add_edge(("o", j), "t", capacity=int(places[j]), weight=0)
    for i, j in zip(*np.nonzero(allowed), strict=True):
        g.add_edge(("e", int(i)), ("o", int(j)), capacity=1, weight=-round(score[i, j] * 4))
    if not g.has_node("s") or not g.has_node("t"):
        return 0, 0.0
    flow = nx.max_flow_min_cost(g, "s", "t")
    pairs = [(i, j) for i in range(n) for j in range(m) if flow.get(("e", i), {}).get(("o", j), 0)]
    return len(pairs), sum(score[i, j] for i, j in pairs)


def total(rows, cols, score):
    return len(rows), float(score[rows, cols].sum())


def assert_valid(rows, cols, allowed, places):
    assert allowed[rows, cols].all(), "a forbidden pair was chosen"
    assert len(set(rows.tolist())) == len(rows), "a mentee got two mentors"
    assert (np.bincount(cols, minlength=len(places)) <= places).all(), "capacity exceeded"


@given(cohorts())
def test_optimal_equals_brute_force(cohort):
    allowed, score, places = cohort
    rows, cols = solve.optimal(allowed, score, places)
    assert_valid(rows, cols, allowed, places)
    assert total(rows, cols, score) == brute_force(allowed, score, places)
    scratch = score.copy()
    again = solve.optimal(allowed, scratch, places, consume=True)
    assert [a.tolist() for a in again] == [rows.tolist(), cols.tolist()]


@given(cohorts(max_mentees=9, max_mentors=5, max_places=3))
def test_optimal_equals_min_cost_flow(cohort):
    allowed, score, places = cohort
    rows, cols = solve.optimal(allowed, score, places)
    assert_valid(rows, cols, allowed, places)
    assert total(rows, cols, score) == min_cost_flow(allowed, score, places)


@given(cohorts(max_mentees=8, max_mentors=5, max_places=3), st.sampled_from(["optimal", "greedy"]))
def test_same_answer_on_every_run_and_checked(cohort, objective):
    allowed, score, places = cohort
    pick = getattr(solve, objective)
    first = pick(allowed, score, places)
    again = pick(allowed.copy(), score.copy(), places.copy())
    assert [a.tolist() for a in first] == [a.tolist() for a in again]
    assert_valid(*first, allowed, places)
    solve.check(*first, allowed, places)  # maximal: nobody left out beside a free place


def test_optimal_prefers_more_pairs_to_a_higher_score():
    # One top pair (ana-max, 3.0) against two modest ones (ana-ned, bea-max: 0.25 each).
    allowed = np.array([[True, True], [True, False]])
    score = np.array([[3.0, 0.25], [0.25, 0.0]])
    rows, cols = solve.optimal(allowed, score, np.array([1, 1]))
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]
    rows, cols = solve.greedy(allowed, score, np.array([1, 1]))
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0)]


def blocking_pairs(rows, cols, allowed, score, places):
    mine = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    held: dict[int, list[float]] = {}
    for i, j in mine.items():
        held.setdefault(j, []).append(score[i, j])
    found = []
    for i, j in zip(*np.nonzero(allowed), strict=True):
        i, j = int(i), int(j)
        if mine.get(i) == j:
            continue
        better_for_mentee = i not in mine or score[i, j] > score[i, mine[i]]
        taken = held.get(j, [])
        better_for_mentor = len(taken) < places[j] or (taken and score[i, j] > min(taken))
        if better_for_mentee and better_for_mentor:
            found.append((i, j))
    return found


@given(cohorts(max_mentees=8, max_mentors=5, max_places=3))
def test_greedy_leaves_no_blocking_pair(cohort):
    allowed, score, places = cohort
    rows, cols = solve.greedy(allowed, score, places)
    assert_valid(rows, cols, allowed, places)
    assert blocking_pairs(rows, cols, allowed, score, places) == []


def deferred_acceptance(allowed, score, places):
    """Mentee-proposing Gale-Shapley with mentor places (the textbook oracle)."""
    n, m = allowed.shape
    prefs = [
        sorted((j for j in range(m) if allowed[i, j]), key=lambda j: -score[i, j]) for i in range(n)
    ]
    nxt = [0] * n
    held: dict[int, list[int]] = {j: [] for j in range(m)}
    free = list(range(n))
    while free:
        i = free.pop()
        if nxt[i] >= len(prefs[i]):
            continue
        j = prefs[i][nxt[i]]
        nxt[i] += 1
        held[j].append(i)
        if len(held[j]) > places[j]:
            worst = min(held[j], key=lambda k: score[k, j])
            held[j].remove(worst)
            free.append(worst)
    return sorted((i, j) for j, ms in held.items() for i in ms)


@given(cohorts(max_mentees=8, max_mentors=5, max_places=3, distinct=True))
def test_greedy_is_the_stable_matching_when_both_rank_by_score(cohort):
    allowed, score, places = cohort
    rows, cols = solve.greedy(allowed, score, places)
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == deferred_acceptance(
        allowed, score, places
    )


def test_greedy_breaks_ties_by_mentee_then_mentor_order():
    allowed = np.ones((2, 2), dtype=bool)
    score = np.ones((2, 2))
    rows, cols = solve.greedy(allowed, score, np.array([1, 1]))
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 1)]


@pytest.mark.parametrize(
    ("rows", "cols", "problem"),
    [
        ([0], [1], "forbidden pair"),
        ([0, 0], [0, 0], "two mentors"),
        ([0, 1], [0, 0], "more mentees than places"),
        ([], [], "allowed mentor with a free place"),
    ],
)
def test_check_refuses_a_broken_answer(rows, cols, problem):
    allowed = np.array([[True, False], [True, False]])
    with pytest.raises(MentorcoreError, match=problem):
        solve.check(
            np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp), allowed, np.array([1, 0])
        )


def test_expanded_matrix_has_one_column_per_place():
    allowed = np.array([[True, False, True]])
    score = np.array([[0.5, 0.9, 0.25]])
    cost, owner = solve.expanded_costs(allowed, score, np.array([2, 1, 0]))
    assert owner.tolist() == [0, 0, 1]
    assert cost.shape == (1, 3)
    assert cost[0, 2] == 0  # forbidden: as good as unmatched
    assert cost[0, 0] == cost[0, 1] < -0.5
