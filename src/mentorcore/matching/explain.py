"""Turning solver indices into a proposal that explains itself.

Each pair gets its score broken down by criterion. Each mentee left
unmatched gets every candidate mentor grouped by the rules that excluded him,
or ``CORE-CAPACITY`` for mentors the rules allow but whose places are gone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from mentorcore.domain import PersonId, TandemId
from mentorcore.matching import rules
from mentorcore.matching.cohort import Cohort
from mentorcore.matching.contract import Criterion, PairMask
from mentorcore.matching.proposal import Exclusion, Part, ProposedPair, Unmatched, UnmatchedKind
from mentorcore.policy import Decision

IndexArray = npt.NDArray[np.intp]
FULL = "CORE-CAPACITY"


def proposed_pairs(
    cohort: Cohort,
    criteria: Sequence[Criterion],
    rows: IndexArray,
    cols: IndexArray,
    *,
    fixed: frozenset[int],
    predecessors: Sequence[TandemId | None],
) -> tuple[ProposedPair, ...]:
    """One :class:`ProposedPair` per chosen ``(rows[k], cols[k])``, in row order."""
    shape = cohort.shape
    used = [c for c in criteria if c.weight != 0]
    columns = [rules.values_at(c, shape, rows, cols).tolist() for c in used]
    out = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        parts = tuple(
            Part(c.name, c.rule_id, float(c.weight), float(col[k]))
            for c, col in zip(used, columns, strict=True)
        )
        mentor = cohort.mentors[j].id
        wished = cohort.wishes[i]
        out.append(
            ProposedPair(
                mentee=cohort.mentees[i].id,
                mentor=mentor,
                score=sum(p.contribution for p in parts),
                parts=parts,
                wish_rank=wished.index(mentor) + 1 if mentor in wished else None,
                fixed=i in fixed,
                predecessor=predecessors[i],
            )
        )
    return tuple(out)


def unmatched(
    cohort: Cohort,
    masks: Sequence[PairMask],
    vetoes: Mapping[tuple[int, int], tuple[Decision, ...]],
    rows: Sequence[int],
) -> tuple[Unmatched, ...]:
    """Why each mentee in *rows* is left unmatched.

    Only valid for a maximal assignment: every mentor the rules allow for
    such a mentee has no free place left (the solver's check ensures it).
    """
    n_mentors = cohort.shape[1]
    ids = cohort.mentor_ids
    before_full = np.array(cohort.places, dtype=np.int64) == 0
    out = []
    for i in rows:
        hits = np.array([rules.forbidden_row(m, i, n_mentors) for m in masks], dtype=np.bool_)
        hits = hits.reshape(len(masks), n_mentors)
        groups: dict[tuple[str, ...], list[int]] = {}
        # Mentors with the same pattern of hits share one group: one pass
        # over the distinct patterns instead of a Python step per mentor.
        patterns, inverse = np.unique(hits.T, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        for p, pattern in enumerate(patterns):
            key = tuple(sorted({masks[k].rule_id for k in np.flatnonzero(pattern).tolist()})) or (
                FULL,
            )
            groups.setdefault(key, []).extend(np.flatnonzero(inverse == p).tolist())
        for (row, j), vetoing in vetoes.items():
            if row == i:
                _move(groups, j, tuple(d.rule_id for d in vetoing))
        out.append(_describe(cohort, i, groups, ids, before_full))
    return tuple(out)


def _move(groups: dict[tuple[str, ...], list[int]], j: int, extra: tuple[str, ...]) -> None:
    for key, members in list(groups.items()):
        if j in members:
            members.remove(j)
            if not members:
                del groups[key]
            merged = tuple(sorted(set(extra) | (set(key) - {FULL})))
            groups.setdefault(merged, []).append(j)
            return


def _describe(
    cohort: Cohort,
    i: int,
    groups: dict[tuple[str, ...], list[int]],
    ids: tuple[PersonId, ...],
    before_full: npt.NDArray[np.bool_],
) -> Unmatched:
    mentee = cohort.mentees[i].id
    exclusions = tuple(
        Exclusion(key, tuple(sorted(ids[j] for j in members)))
        for key, members in sorted(groups.items())
    )
    if not ids:
        where = f" for the {cohort.track} track" if cohort.track else ""
        return Unmatched(
            mentee, UnmatchedKind.NO_ELIGIBLE_MENTOR, f"no mentor is available{where}", exclusions
        )
    full = groups.get((FULL,), [])
    if not full:
        counts: Counter[str] = Counter()
        for key, members in groups.items():
            for rule_id in key:
                counts[rule_id] += len(members)
        listed = ", ".join(f"{rule} excludes {n}" for rule, n in sorted(counts.items()))
        return Unmatched(
            mentee,
            UnmatchedKind.NO_ELIGIBLE_MENTOR,
            f"a rule excludes every one of the {len(ids)} mentors: {listed}",
            exclusions,
        )
    already = int(before_full[full].sum())
    if already == len(full):
        how = "all of them were full before this run"
    elif already:
        how = f"{already} were full before this run, the others' places went to other mentees"
    else:
        how = "their places went to other mentees"
    return Unmatched(
        mentee,
        UnmatchedKind.CAPACITY_EXHAUSTED,
        f"the {len(full)} mentor(s) the rules allow have no free place left: {how}",
        exclusions,
    )
