"""The two objectives over a checked cohort: exact optimum and greedy by score.

Inputs are ``allowed`` (bool, n x m), ``score`` (float, n x m) and ``places``
(free places per mentor). Both return index arrays ``(rows, cols)`` of the
chosen pairs, sorted by row. Neither ever pairs a forbidden pair or exceeds a
mentor's places; :func:`check` verifies that independently of the solver.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]  # no stubs

from mentorcore.errors import MentorcoreError

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

#: The step in which scores count when the optimum spreads mentees on ties.
UNIT = 1e-6
#: Integers up to this are exact in float64.
_EXACT = float(2**53)
_CHUNK = 1 << 15
#: Pairs in the greedy solver's first band (later bands double).
_BAND = 1 << 16
#: Pairs sampled to choose the greedy solver's bands.
_SAMPLE = 1 << 16


def expanded_costs(
    allowed: BoolArray,
    score: FloatArray,
    places: npt.NDArray[np.int64],
    *,
    load: npt.NDArray[np.int64] | None = None,
    consume: bool = False,
) -> tuple[FloatArray, IndexArray]:
    """The cost matrix with one column per free mentor place, and each column's mentor.

    An allowed pair costs ``-(bonus + score)``, a forbidden one 0 (as good as
    leaving the mentee unmatched). The bonus exceeds any possible total
    score, so a minimum-cost assignment first matches as many mentees as
    possible and then maximises the total score. Peak memory: one n x m and
    one n x P float64 array, or only the latter with *consume* (which reuses
    *score*'s memory and so destroys its content).

    With *load* (each mentor's mentees before the run), ties are broken
    towards spreading the mentees where that can be exact
    (:func:`_spread_costs`).
    """
    owner = np.repeat(np.arange(len(places), dtype=np.intp), places)
    n = allowed.shape[0]
    top = float(score.max(initial=0.0, where=allowed)) if allowed.size else 0.0
    if load is not None:
        spread = _spread_costs(allowed, score, places, owner, load, max(top, 0.0))
        if spread is not None:
            return spread, owner
    bonus = min(n, len(owner)) * max(top, 0.0) + 1.0
    gain = np.add(score, bonus, out=score if consume else None)
    np.multiply(gain, allowed, out=gain)
    np.negative(gain, out=gain)
    cost = np.take(gain, owner, axis=1)
    return cost, owner


def _spread_costs(
    allowed: BoolArray,
    score: FloatArray,
    places: npt.NDArray[np.int64],
    owner: IndexArray,
    load: npt.NDArray[np.int64],
    top: float,
) -> FloatArray | None:
    """Costs that also break ties between equal totals by spreading the mentees.

    Three levels in one integer cost: the most mentees matched, then the
    highest total score (counted in steps of :data:`UNIT`), then the lowest
    total load: a mentor's k-th new place costs the mentees he would already
    have (his *load* plus k - 1), so among equally good assignments the
    mentees go to the mentors with the fewest mentees. Exact in float64 only
    while the solver's sums stay below 2**53 (cohorts of some hundreds); for
    larger ones ``None``: no tie-breaking, ties fall as the solver finds them.
    """
    n = allowed.shape[0]
    k = min(n, len(owner))
    first = np.cumsum(places) - places  # each mentor's first column
    penalty = (load[owner] + np.arange(len(owner)) - first[owner]).astype(np.float64)
    # More than any assignment's total penalty: the score always comes first.
    tie = float(np.sort(penalty)[len(penalty) - k :].sum()) + 1.0
    top_units = float(np.ceil(top / UNIT))
    bonus = k * top_units + 1.0
    if n * (bonus + top_units) * tie >= _EXACT:
        return None
    units = np.rint(score / UNIT)
    units += bonus
    units *= -tie
    units *= allowed
    cost: FloatArray = np.take(units, owner, axis=1)
    cost += penalty[None, :] * np.take(allowed, owner, axis=1)
    return cost


def optimal(
    allowed: BoolArray,
    score: FloatArray,
    places: npt.NDArray[np.int64],
    *,
    load: npt.NDArray[np.int64] | None = None,
    consume: bool = False,
) -> tuple[IndexArray, IndexArray]:
    """Most pairs, then the highest total score (``linear_sum_assignment``, expanded),
    then (with *load*, each mentor's mentees before the run) the mentees spread
    over the mentors as evenly as the first two allow.

    With *consume*, *score* is used as scratch memory and left meaningless.
    """
    if not allowed.any() or int(places.sum()) == 0:
        return _none()
    cost, owner = expanded_costs(allowed, score, places, load=load, consume=consume)
    rows, cols = linear_sum_assignment(cost)
    real = cost[rows, cols] < 0
    rows, mentors = rows[real], owner[cols[real]]
    order = np.argsort(rows, kind="stable")
    return rows[order].astype(np.intp), mentors[order].astype(np.intp)


def greedy(
    allowed: BoolArray, score: FloatArray, places: npt.NDArray[np.int64]
) -> tuple[IndexArray, IndexArray]:
    """Take the best-scoring allowed pair whose mentee is free and mentor has a place, repeatedly.

    Ties go to the smaller mentee index, then the smaller mentor index (the
    cohort is sorted by id). When mentees and mentors both rank each other by
    the pair score, the result is the stable matching.

    Pairs are taken in bands of descending score, each band sorted on its
    own, so the work memory is two boolean arrays of the cohort's shape
    plus one band (at most a sixteenth of the pairs), not a sorted copy of
    every pair; a band holds only pairs still possible (mentee free, mentor
    with a place), and the run stops as soon as no more pairs can be made.
    """
    n, m = allowed.shape
    left = places.astype(np.int64).copy()
    free = np.ones(n, dtype=np.bool_)
    rows: list[int] = []
    cols: list[int] = []
    goal = min(n, int(left.sum()))
    if goal == 0 or not allowed.any():
        return _none()
    live = np.empty((n, m), dtype=np.bool_)
    below = np.empty((n, m), dtype=np.bool_)
    sample = _Sample(allowed, score)
    flat_score = score.ravel()
    top = np.inf
    size = max(_BAND, 4 * (n + goal))
    # No band beyond 1/16 of the pairs: its sorting work (32 bytes a pair)
    # then stays within 2 bytes per pair of the cohort.
    largest = max(_BAND, allowed.size // 16)
    while len(rows) < goal and top > -np.inf:
        bottom = sample.threshold(top, free, left, size)
        # The band: allowed pairs scoring in [bottom, top) that are still possible.
        np.greater_equal(score, bottom, out=live)
        if top < np.inf:
            np.less(score, top, out=below)
            live &= below
        live &= allowed
        live &= free[:, None]
        live &= (left > 0)[None, :]
        flat = np.flatnonzero(live)
        # A stable sort on the negated scores keeps equal scores in flat-index
        # order, i.e. by mentee and then mentor: the documented tie-break.
        order = flat[np.argsort(-flat_score[flat], kind="stable")]
        del flat
        _take(order, m, free, left, rows, cols, goal)
        top, size = bottom, min(2 * size, largest)
    r, c = np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
    order = np.argsort(r, kind="stable")
    return r[order], c[order]


def _take(
    order: IndexArray,
    m: int,
    free: BoolArray,
    left: npt.NDArray[np.int64],
    rows: list[int],
    cols: list[int],
    goal: int,
) -> None:
    """Settle the pairs of *order* (flat indices, best first) that are still possible."""
    for start in range(0, len(order), _CHUNK):
        if len(rows) >= goal:
            return
        i_chunk, j_chunk = np.divmod(order[start : start + _CHUNK], m)
        # Drop what earlier chunks already settled, then settle the rest in order.
        keep = free[i_chunk] & (left[j_chunk] > 0)
        for i, j in zip(i_chunk[keep].tolist(), j_chunk[keep].tolist(), strict=True):
            if free[i] and left[j] > 0:
                free[i] = False
                left[j] -= 1
                rows.append(i)
                cols.append(j)


class _Sample:
    """A fixed random sample of the pairs, to choose band bounds holding about *size* pairs."""

    def __init__(self, allowed: BoolArray, score: FloatArray) -> None:
        n, m = allowed.shape
        total = n * m
        if total <= _SAMPLE:
            at = np.arange(total, dtype=np.intp)
        else:
            # Seeded: the bands (never the result) depend on the sample.
            at = np.sort(np.random.default_rng(0).integers(0, total, _SAMPLE))
        keep = allowed.ravel()[at]
        self.rows, self.cols = np.divmod(at[keep], m)
        self.scores = score.ravel()[at[keep]]
        self.scale = total / len(at)

    def threshold(
        self, top: float, free: BoolArray, left: npt.NDArray[np.int64], size: int
    ) -> float:
        """The lowest score of a band below *top* of about *size* still possible pairs."""
        open_ = (self.scores < top) & free[self.rows] & (left[self.cols] > 0)
        candidates = self.scores[open_]
        k = int(np.ceil(size / self.scale))
        if k >= len(candidates):
            return -np.inf
        return float(np.partition(candidates, len(candidates) - k)[len(candidates) - k])


def check(
    rows: IndexArray,
    cols: IndexArray,
    allowed: BoolArray,
    places: npt.NDArray[np.int64],
) -> None:
    """Verify a solver's answer independently of the solver.

    Allowed pairs only, one mentor per mentee, no mentor beyond his places,
    and maximal: no unmatched mentee has an allowed mentor with a place left
    (the explanations of unmatched mentees rely on it).

    :raises MentorcoreError: the answer breaks one of these (a bug, never input).
    """
    problems = []
    if len(rows) and not allowed[rows, cols].all():
        problems.append("a forbidden pair was chosen")
    if len(np.unique(rows)) != len(rows):
        problems.append("a mentee got two mentors")
    left = places - np.bincount(cols, minlength=len(places))
    if (left < 0).any():
        problems.append("a mentor got more mentees than places")
    free = np.ones(allowed.shape[0], dtype=np.bool_)
    free[rows] = False
    if allowed[free][:, left > 0].any():
        problems.append("an unmatched mentee has an allowed mentor with a free place")
    if problems:
        raise MentorcoreError(
            f"the matching solver returned an invalid assignment: {'; '.join(problems)}"
        )


def _none() -> tuple[IndexArray, IndexArray]:
    return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
