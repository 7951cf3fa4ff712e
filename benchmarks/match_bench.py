"""The whole matching run against the bare solver on the same expanded matrix.

Setup (not timed): a seeded cohort of MENTEES mentees and MENTORS mentors
(capacities 1-3) enrolled in an engine under a benchmark programme whose
plugin forbids about 30 % of the pairs (same department; a mentor not senior
to the mentee; declared working relationships, CORE-14) and scores pairs on
shared topics, the level gap, a per-mentor rating and the mentees' wishes.

Measured, interleaved in rounds:

- match: ``propose(engine, ..., actor=SYSTEM)`` end to end: gather the cohort from the
  engine (eligibility votes, places, wishes), the plugin's masks and criteria
  (one hook call each), combine, solve, check the assignment, explain every
  pair and every unmatched mentee;
- baseline: the same allowed mask and score matrix built directly with NumPy
  from the raw arrays, expanded by capacity, and ``linear_sum_assignment``.

Also: peak extra memory of both (tracemalloc, which sees Python and NumPy
allocations but not SciPy's internal C++ work arrays), and the greedy
objective's time and share of the optimum. Last line:
``match/baseline ratio: X.XX, optimal: yes``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

from mentorcore import (
    Decision,
    Engine,
    FieldKind,
    FixedClock,
    Participant,
    Person,
    ProfileField,
    Programme,
    Relation,
    RelationKind,
    Role,
    hookimpl,
)
from mentorcore.domain import PersonId
from mentorcore.matching import Cohort, Criterion, PairMask, Proposal, propose
from mentorcore.testing import SYSTEM

DEPTS = 8  # same department forbidden: 1/8 of the pairs
TOPICS = tuple(f"topic{k:02d}" for k in range(12))
RELATIONS_PER_MENTEE = 0.4

_FIELDS = (
    ProfileField("dept", FieldKind.TEXT),
    ProfileField("level", FieldKind.INTEGER),
    ProfileField("topics", FieldKind.CHOICES, required=False, choices=TOPICS),
)
BENCH = Programme(
    key="bench",
    name="Benchmark programme",
    mentee_fields=_FIELDS,
    mentor_fields=(*_FIELDS, ProfileField("rating", FieldKind.NUMBER)),
)
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


# ---------------------------------------------------------------- the rules, twice


def seniority(gap: FloatArray) -> FloatArray:
    """A level gap of 2 is ideal; 0 and 4 or more score 0."""
    return np.clip(1.0 - np.abs(gap - 2.0) / 2.0, 0.0, 1.0)


class BenchPlugin:
    """The programme's rules as cohort-level hooks, as a real plugin writes them."""

    @hookimpl
    def mentorcore_register_programmes(self, register: Callable[[Programme], None]) -> None:
        register(BENCH)

    @hookimpl
    def mentorcore_pair_masks(self, cohort: Cohort) -> Iterator[PairMask]:
        e, o = cohort.labels("dept")
        yield PairMask("BENCH-DEPT", "not from her own department", e[:, None] == o[None, :])
        le = cohort.numbers(Role.MENTEE, "level")
        lo = cohort.numbers(Role.MENTOR, "level")
        yield PairMask("BENCH-LEVEL", "the mentor must be senior", lo[None, :] <= le[:, None])

    @hookimpl
    def mentorcore_pair_criteria(self, cohort: Cohort) -> Iterator[Criterion]:
        a, b, _ = cohort.memberships("topics")
        shared = a.astype(np.float64) @ b.T.astype(np.float64)
        shared /= np.maximum(a.sum(axis=1, keepdims=True), 1)
        yield Criterion("topics", "BENCH-FIT", 2.0, shared)
        le = cohort.numbers(Role.MENTEE, "level")
        lo = cohort.numbers(Role.MENTOR, "level")
        yield Criterion("seniority", "BENCH-GAP", 1.0, seniority(lo[None, :] - le[:, None]))
        rating = cohort.numbers(Role.MENTOR, "rating") / 5.0
        yield Criterion("rating", "BENCH-RATING", 0.5, rating.reshape(1, -1))


class BenchVotingPlugin(BenchPlugin):
    """The same, keeping each hard rule's per-pair vote too, as the plugin guide asks
    (``--votes``): the run asks it for every pair the masks allow."""

    @hookimpl
    def mentorcore_check_pairing(self, mentee: Participant, mentor: Participant) -> Decision | None:
        if mentee.profile.get("dept") == mentor.profile.get("dept"):
            return Decision.deny("BENCH-DEPT", "not from her own department")
        level, senior = mentee.profile.get("level"), mentor.profile.get("level")
        if isinstance(level, int) and isinstance(senior, int) and senior <= level:
            return Decision.deny("BENCH-LEVEL", "the mentor must be senior")
        return None


class Raw:
    """The seeded cohort as plain arrays (rows and columns in id order)."""

    def __init__(self, n: int, m: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.n, self.m = n, m
        self.e_dept = rng.integers(0, DEPTS, n)
        self.o_dept = rng.integers(0, DEPTS, m)
        self.e_level = rng.integers(1, 4, n)  # 1-3
        self.o_level = rng.integers(2, 7, m)  # 2-6: junior to the mentee 20 % of the time
        self.e_topics = rng.random((n, len(TOPICS))) < 0.25
        self.o_topics = rng.random((m, len(TOPICS))) < 0.3
        self.rating = rng.integers(0, 6, m).astype(np.float64)
        self.capacity = rng.integers(1, 4, m)
        k = int(n * RELATIONS_PER_MENTEE)
        pairs = np.unique(rng.integers(0, n, k) * m + rng.integers(0, m, k))
        self.rel_rows, self.rel_cols = np.divmod(pairs, m)
        self.wishes: dict[str, list[str]] = {}
        for i in np.flatnonzero(rng.random(n) < 0.4).tolist():
            chosen = rng.choice(m, size=int(rng.integers(1, 4)), replace=False)
            self.wishes[self.mentee(i)] = [self.mentor(j) for j in chosen.tolist()]

    @staticmethod
    def mentee(i: int) -> str:
        return f"e{i:05d}"

    @staticmethod
    def mentor(j: int) -> str:
        return f"o{j:05d}"

    def profile(self, i: int, role: Role) -> dict[str, object]:
        mentor = role is Role.MENTOR
        topics = (self.o_topics if mentor else self.e_topics)[i]
        out: dict[str, object] = {
            "dept": f"dept{(self.o_dept if mentor else self.e_dept)[i]}",
            "level": int((self.o_level if mentor else self.e_level)[i]),
            "topics": [t for t, on in zip(TOPICS, topics.tolist(), strict=True) if on],
        }
        if mentor:
            out["rating"] = float(self.rating[i])
        return out


def baseline(raw: Raw) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], FloatArray]:
    """The bare pipeline: mask and score straight from the arrays, expand, solve."""
    allowed = raw.e_dept[:, None] != raw.o_dept[None, :]
    allowed &= raw.o_level[None, :] > raw.e_level[:, None]
    allowed[raw.rel_rows, raw.rel_cols] = False
    a, b = raw.e_topics.astype(np.float64), raw.o_topics.astype(np.float64)
    shared = a @ b.T
    shared /= np.maximum(a.sum(axis=1, keepdims=True), 1)
    score = 2.0 * shared
    score += seniority((raw.o_level[None, :] - raw.e_level[:, None]).astype(np.float64))
    score += 0.5 * (raw.rating / 5.0)[None, :]
    for mentee, wished in raw.wishes.items():
        i, count = int(mentee[1:]), len(wished)
        for rank, mentor in enumerate(wished, start=1):
            score[i, int(mentor[1:])] += (count - rank + 1) / count
    bonus = min(raw.n, int(raw.capacity.sum())) * float(score.max(initial=0.0, where=allowed)) + 1.0
    cost = np.repeat(np.where(allowed, -(bonus + score), 0.0), raw.capacity, axis=1)
    rows, cols = linear_sum_assignment(cost)
    owner = np.repeat(np.arange(raw.m), raw.capacity)
    real = cost[rows, cols] < 0
    return rows[real], owner[cols[real]], score


# ---------------------------------------------------------------- measuring


def setup(raw: Raw, votes: bool = False) -> Engine:
    clock = FixedClock(datetime(2026, 10, 5, 9, tzinfo=UTC))
    plugin = BenchVotingPlugin() if votes else BenchPlugin()
    engine = Engine(":memory:", clock=clock, plugins=[plugin], load_entrypoints=False)
    for role, count, name in ((Role.MENTEE, raw.n, raw.mentee), (Role.MENTOR, raw.m, raw.mentor)):
        for k in range(count):
            pid = name(k)
            engine.register_person(Person(PersonId(pid), pid), actor=SYSTEM)
            capacity = int(raw.capacity[k]) if role is Role.MENTOR else 1
            engine.enrol(pid, "bench", role, raw.profile(k, role), capacity=capacity, actor=SYSTEM)
    for i, j in zip(raw.rel_rows.tolist(), raw.rel_cols.tolist(), strict=True):
        rel = Relation(PersonId(raw.mentor(j)), RelationKind.WORKS_WITH, PersonId(raw.mentee(i)))
        engine.declare_relation(rel, actor=SYSTEM)
    return engine


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated while *fn* runs, above what was allocated before."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = fn()
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return top - before


class Phases(logging.Handler):
    """Collects the matcher's per-phase timings (logged at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.last = dict(getattr(record, "phases", {}))


def verify(proposal: Proposal, raw: Raw, allowed_score: FloatArray) -> None:
    """An independent check of the proposal against the raw rules and capacities."""
    rows = np.array([int(p.mentee[1:]) for p in proposal.pairs], dtype=np.intp)
    cols = np.array([int(p.mentor[1:]) for p in proposal.pairs], dtype=np.intp)
    ok = raw.e_dept[rows] != raw.o_dept[cols]
    ok &= raw.o_level[cols] > raw.e_level[rows]
    related = set(zip(raw.rel_rows.tolist(), raw.rel_cols.tolist(), strict=True))
    problems = []
    if not ok.all() or related & set(zip(rows.tolist(), cols.tolist(), strict=True)):
        problems.append("a forbidden pair")
    if (np.bincount(cols, minlength=raw.m) > raw.capacity).any():
        problems.append("a capacity exceeded")
    if not np.allclose([p.score for p in proposal.pairs], allowed_score[rows, cols]):
        problems.append("pair scores that differ from the baseline's matrix")
    if problems:
        raise RuntimeError(f"the proposal has {', '.join(problems)}")


def main(argv: Sequence[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261005)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--votes", action="store_true", help="the plugin keeps per-pair votes beside its masks"
    )
    args = parser.parse_args(argv)
    raw = Raw(args.mentees, args.mentors, args.seed)
    places = int(raw.capacity.sum())
    print(f"cohort: {raw.n} mentees x {raw.m} mentors, {places} places (capacities 1-3)")
    t, engine = timed(lambda: setup(raw, args.votes))
    print(f"setup (not timed below): {raw.n + raw.m} people enrolled in {t:.1f}s")

    phases = Phases()
    log = logging.getLogger("mentorcore.matching")
    level = log.level
    log.addHandler(phases)
    log.setLevel(logging.DEBUG)
    try:
        return _measure(raw, engine, phases, args.rounds)
    finally:
        log.removeHandler(phases)
        log.setLevel(level)
        engine.close()


def _measure(raw: Raw, engine: Engine, phases: Phases, rounds: int) -> str:
    places = int(raw.capacity.sum())

    def match(objective: str = "optimal") -> Proposal:
        return propose(engine, "bench", actor=SYSTEM, wishes=raw.wishes, objective=objective)

    match_times: list[float] = []
    base_times: list[float] = []
    for _ in range(rounds):
        t_base, (b_rows, b_cols, b_score) = timed(lambda: baseline(raw))
        t_match, proposal = timed(match)
        base_times.append(t_base)
        match_times.append(t_match)
    best = phases.last
    forbidden = 1 - float(
        (
            (raw.e_dept[:, None] != raw.o_dept[None, :])
            & (raw.o_level[None, :] > raw.e_level[:, None])
        ).mean()
    )
    print(f"forbidden pairs: {forbidden:.1%} (+ {len(raw.rel_rows)} working relationships)")
    print(f"expanded matrix: {raw.n} x {places} float64 = {raw.n * places * 8 / 2**20:.0f} MiB")
    print(
        "baseline (NumPy build + linear_sum_assignment): "
        + ", ".join(f"{x:.2f}s" for x in base_times)
        + f"; median {statistics.median(base_times):.2f}s, best {min(base_times):.2f}s"
    )
    print(
        "match (propose end to end):                     "
        + ", ".join(f"{x:.2f}s" for x in match_times)
        + f"; median {statistics.median(match_times):.2f}s, best {min(match_times):.2f}s"
    )
    print("match phases (last round): " + ", ".join(f"{k} {v:.2f}s" for k, v in best.items()))

    b_total = float(b_score[b_rows, b_cols].sum())
    verify(proposal, raw, b_score)
    optimal = len(proposal.pairs) == len(b_rows) and abs(
        proposal.total_score - b_total
    ) <= 1e-6 * max(1.0, abs(b_total))
    print(
        f"pairs: match {len(proposal.pairs)}, baseline {len(b_rows)}; total score: "
        f"match {proposal.total_score:.6f}, baseline {b_total:.6f}; "
        f"unmatched {len(proposal.unmatched)}"
    )

    mem_base = peak(lambda: baseline(raw))
    mem_match = peak(match)
    print(
        f"peak extra memory (tracemalloc): baseline {mem_base / 2**20:.0f} MiB, "
        f"match {mem_match / 2**20:.0f} MiB"
    )

    t_greedy, greedy = timed(lambda: match("greedy"))
    share = greedy.total_score / proposal.total_score if proposal.total_score else 1.0
    print(
        f"greedy: {t_greedy:.2f}s, {len(greedy.pairs)} pairs, total score "
        f"{greedy.total_score:.3f} = {share:.1%} of the optimum"
    )
    ratio = statistics.median(match_times) / statistics.median(base_times)
    last = f"match/baseline ratio: {ratio:.2f}, optimal: {'yes' if optimal else 'no'}"
    print(last)
    return last


if __name__ == "__main__":
    main(sys.argv[1:])
