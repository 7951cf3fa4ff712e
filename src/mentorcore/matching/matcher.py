"""``propose``: one matching run from the engine's state to an explained proposal.

Steps: gather the cohort; judge its size (refuse what would need too much
memory, match greedily what the exact solver could not finish in the time
budget: :mod:`mentorcore.matching.budget`); ask the programme for masks and
criteria (one hook call each); ask the per-pair votes for the pairs the
masks allow; place the coordinator's fixed pairs; solve for the
objective; check the answer; explain it. Nothing is recorded: see
:func:`mentorcore.matching.confirm`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from mentorcore.domain import Actor, Programme, Value
from mentorcore.errors import InvalidInput, NotVisible
from mentorcore.i18n import _
from mentorcore.matching import budget, explain, rules, solve
from mentorcore.matching.fixed import Pinned, place_fixed
from mentorcore.matching.gather import Gathered, gather
from mentorcore.matching.proposal import Objective, Proposal
from mentorcore.matching.votes import Vetoes, pair_votes
from mentorcore.policy.matching import Criterion, PairMask
from mentorcore.validation import check

if TYPE_CHECKING:
    from mentorcore.engine import Engine

log = logging.getLogger("mentorcore.matching")


def propose(
    engine: Engine,
    programme_key: str,
    *,
    actor: Actor,
    track: str | None = None,
    objective: Objective | str | None = None,
    wishes: Mapping[str, Sequence[str]] | None = None,
    fixed: Iterable[tuple[str, str]] = (),
    mentees: Sequence[str] | None = None,
    mentors: Sequence[str] | None = None,
    wish_weight: float | None = None,
    memory_limit_mib: int | None = None,
    time_budget_seconds: float | None = None,
) -> Proposal:
    """Propose mentors for the waiting mentees of a programme (and track).

    :param engine: The engine whose people and tandems are matched.
    :param programme_key: The programme.
    :param actor: Who asks: a coordinator of the programme, or the system
        (a proposal shows every candidate's profile).
    :param track: The track; required exactly when the programme has tracks.
    :param objective: ``"optimal"`` (most mentees matched, then the highest
        total score) or ``"greedy"``; default: the programme's
        ``matching_objective`` setting, else optimal.
    :param wishes: Mentee id to mentor ids, best first; for a mentee not
        named here, her profile field ``mentor_wishes`` is read.
    :param fixed: ``(mentee, mentor)`` pairs a coordinator fixed; kept as they
        are, and their places are taken before the run.
    :param mentees: Only these mentees (default: every waiting one).
    :param mentors: Only these mentors (default: every mentor of the track;
        those without a free place are candidates with 0 places, so that
        explanations can name them).
    :param wish_weight: Weight of the wish criterion (setting
        ``matching_wish_weight``, default 1).
    :param memory_limit_mib: The memory the run may plan to use (setting
        ``matching_memory_limit_mib``, default 2048).
    :param time_budget_seconds: The time the exact solver may take, estimated
        from the size before it runs (setting ``matching_time_budget_seconds``,
        default 60); over it, the run is greedy and the proposal says so in
        its ``notes``.
    :raises InvalidInput: malformed arguments, naming each; a cohort whose run
        would need more memory than allowed (naming its size, the memory and
        the greedy alternative), checked before anything of its size is built.
    :raises NotFound: an unknown programme, or a person not enrolled so.
    :raises NotVisible: *actor* does not coordinate the programme (CORE-AUTH).
    :raises TransitionDenied: a fixed pair breaks a rule or a mentor's places.
    :raises PluginError: a plugin's mask or criterion is malformed, or the
        hook failed (naming the plugin).
    """
    clock = _Phases()
    programme = engine.programme(programme_key)
    check(actor, "actor", Actor)
    if engine.state.programme_role(actor, programme.key) is None:
        raise NotVisible(
            _(
                "[{rule}] {actor} does not coordinate {programme}",
                rule="CORE-AUTH",
                actor=engine.state.index.name_of(actor.person_id),
                programme=programme.name,
            )
        )
    goal = _objective(objective, programme)
    weight = _number("wish_weight", wish_weight, programme)
    limit = budget.limits(programme, memory_limit_mib, time_budget_seconds)
    got = gather(
        engine,
        programme,
        track,
        mentees=mentees,
        mentors=mentors,
        wishes=wishes,
        wish_weight=weight,
    )
    cohort = got.cohort
    size = budget.Size(*cohort.shape, places=sum(cohort.places))
    goal, notes = budget.plan(size, goal, limit)
    clock.lap("gather")
    try:
        masks, criteria, vetoes, pinned, rows, cols = _run(
            engine, programme, got, goal, fixed, clock
        )
    except MemoryError:
        # The estimate was too low for this machine (or its other load).
        raise budget.out_of_memory(size, goal) from None
    matched = set(rows.tolist())
    pairs = explain.proposed_pairs(
        cohort, criteria, rows, cols, fixed=frozenset(pinned.rows), predecessors=got.predecessors
    )
    taken = np.bincount(cols, minlength=cohort.shape[1]).tolist()
    free_places = tuple(
        (m.id, f - t) for m, f, t in zip(cohort.mentors, got.free, taken, strict=True) if f - t > 0
    )
    left_out = [i for i in range(cohort.shape[0]) if i not in matched]
    unmatched = explain.unmatched(cohort, masks, vetoes, left_out) + got.ineligible
    clock.lap("explain")
    clock.report(programme.key, cohort.shape, len(pairs))
    return Proposal(
        programme_key=programme.key,
        track=track,
        objective=goal,
        pairs=pairs,
        unmatched=tuple(sorted(unmatched, key=lambda u: u.mentee)),
        skipped=got.skipped,
        rules=tuple(dict.fromkeys((m.rule_id, m.reason) for m in masks)),
        criteria=tuple((c.name, c.rule_id, float(c.weight)) for c in criteria),
        notes=notes,
        names=tuple((p.id, p.person.name) for p in (*cohort.mentees, *cohort.mentors)),
        free_places=free_places,
    )


def _run(
    engine: Engine,
    programme: Programme,
    got: Gathered,
    goal: Objective,
    fixed: Iterable[tuple[str, str]],
    clock: _Phases,
) -> tuple[
    list[PairMask], list[Criterion], Vetoes, Pinned, npt.NDArray[np.intp], npt.NDArray[np.intp]
]:
    """Masks, criteria, vetoes, the fixed pairs, and every pair's indices, sorted by mentee."""
    cohort = got.cohort
    masks, criteria = rules.collect(engine.hooks, programme, cohort)
    clock.lap("plugins")
    allowed = rules.allowed(masks, cohort.shape)
    clock.lap("masks")
    vetoes = pair_votes(engine.hooks, programme, cohort, allowed)
    clock.lap("votes")
    places: npt.NDArray[np.int64] = np.array(cohort.places, dtype=np.int64)
    pinned = place_fixed(got, masks, vetoes, allowed, places, fixed)
    pool = allowed
    if pinned.rows:
        # The solver must leave fixed mentees and fixed places alone.
        pool = allowed.copy()
        pool[list(pinned.rows)] = False
    settled = np.bincount(np.array(pinned.cols, dtype=np.intp), minlength=len(places))
    left = places - settled
    score = rules.scores(criteria, cohort.shape)
    clock.lap("scores")
    if goal is Objective.OPTIMAL:
        # The score matrix is not needed after solving (the explanations
        # read the criteria), so the solver may reuse its memory.
        load = np.array(got.load, dtype=np.int64) + settled
        rows, cols = solve.optimal(pool, score, left, load=load, consume=True)
    else:
        rows, cols = solve.greedy(pool, score, left)
    del score
    clock.lap("solve")
    solve.check(rows, cols, pool, left)
    rows = np.concatenate([rows, np.array(pinned.rows, dtype=np.intp)])
    cols = np.concatenate([cols, np.array(pinned.cols, dtype=np.intp)])
    order = np.argsort(rows, kind="stable")
    return masks, criteria, vetoes, pinned, rows[order], cols[order]


def setting(programme: Programme, name: str) -> Value:
    """The programme's value of matching setting *name* (a base setting of every programme)."""
    return programme.setting(name)


def _objective(given: Objective | str | None, programme: Programme) -> Objective:
    value = given if given is not None else setting(programme, "matching_objective")
    if isinstance(value, Objective):
        return value
    try:
        return Objective(value)
    except ValueError:
        where = "objective" if given is not None else f"settings.{programme.key}.matching_objective"
        problem = _("expected “optimal” or “greedy”, got {value}", value=repr(value))
        raise InvalidInput([(where, problem)]) from None


def _number(name: str, given: float | None, programme: Programme) -> float:
    value = given if given is not None else setting(programme, f"matching_{name}")
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value < float("inf")
    ):
        problem = _("expected a finite number of at least 0, got {value}", value=repr(value))
        raise InvalidInput([(name, problem)])
    return float(value)


class _Phases:
    """Wall time per phase, logged at DEBUG (the benchmark reads it)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = now - self._last
        self._last = now

    def report(self, programme: str, shape: tuple[int, int], pairs: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            spent = ", ".join(f"{k} {v:.3f}s" for k, v in self.times.items())
            log.debug(
                "matched %s: %d x %d, %d pairs (%s)",
                programme,
                *shape,
                pairs,
                spent,
                extra={"phases": dict(self.times)},
            )
