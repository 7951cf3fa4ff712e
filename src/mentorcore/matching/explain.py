"""Turning solver indices into a proposal that explains itself.

Each pair gets its score broken down by criterion. Each mentee left
unmatched gets every candidate mentor grouped by the rules that excluded him,
or ``CORE-CAPACITY`` for mentors the rules allow but whose places are gone.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from mentorcore.domain import TandemId
from mentorcore.errors import PluginError
from mentorcore.i18n import Message, _
from mentorcore.matching import rules
from mentorcore.matching.proposal import Exclusion, Part, ProposedPair, Unmatched, UnmatchedKind
from mentorcore.policy.cohort import Cohort
from mentorcore.policy.decisions import Decision
from mentorcore.policy.matching import Criterion, PairMask

IndexArray = npt.NDArray[np.intp]
FULL = "CORE-CAPACITY"
_MAX_RULES = 64
#: Unmatched mentees explained at once (bounds two n_block x m arrays).
_BLOCK = 512


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

    :raises PluginError: the masks and votes name more than 64 rule IDs.
    """
    shape = cohort.shape
    names = sorted({m.rule_id for m in masks} | {d.rule_id for ds in vetoes.values() for d in ds})
    if len(names) > _MAX_RULES:
        raise PluginError("mentorcore_pair_masks", f"{len(names)} rule IDs in one run (at most 64)")
    bits = {name: np.uint64(1) << np.uint64(k) for k, name in enumerate(names)}
    ids = cohort.mentor_ids
    by_id = np.array(ids, dtype=object)
    before_full = np.array(cohort.places, dtype=np.int64) == 0
    out: list[Unmatched] = []
    for start in range(0, len(rows), _BLOCK):
        block = np.array(rows[start : start + _BLOCK], dtype=np.intp)
        codes = _codes(block, shape, masks, vetoes, bits)
        # Sorting each row's codes (stably, so mentors stay in id order) puts
        # the mentors excluded for the same reasons next to each other.
        order = np.argsort(codes, axis=1, kind="stable")
        ordered = np.take_along_axis(codes, order, axis=1)
        for t, i in enumerate(block.tolist()):
            cuts = [0, *(np.flatnonzero(np.diff(ordered[t])) + 1).tolist(), shape[1]]
            groups = {
                _rule_ids(int(ordered[t, a]), names): order[t, a:b]
                for a, b in itertools.pairwise(cuts)
                if b > a
            }
            out.append(_describe(cohort, i, groups, by_id, before_full))
    return tuple(out)


def _codes(
    block: IndexArray,
    shape: tuple[int, int],
    masks: Sequence[PairMask],
    vetoes: Mapping[tuple[int, int], tuple[Decision, ...]],
    bits: Mapping[str, np.uint64],
) -> npt.NDArray[np.uint64]:
    """One bit per rule ID that excludes each mentor, for the mentees of *block*."""
    codes = np.zeros((len(block), shape[1]), dtype=np.uint64)
    position = np.full(shape[0], -1, dtype=np.intp)
    position[block] = np.arange(len(block))
    for mask in masks:
        bit = bits[mask.rule_id]
        if mask.forbidden is not None:
            hit = np.broadcast_to(mask.forbidden, shape)[block]
            np.bitwise_or(codes, bit, out=codes, where=hit)
        elif mask.mentees is not None and mask.mentors is not None:
            at = position[mask.mentees]
            keep = at >= 0
            codes[at[keep], mask.mentors[keep]] |= bit
    for (i, j), decisions in vetoes.items():
        if position[i] >= 0:
            for d in decisions:
                codes[position[i], j] |= bits[d.rule_id]
    return codes


def _rule_ids(code: int, names: Sequence[str]) -> tuple[str, ...]:
    return tuple(name for k, name in enumerate(names) if code >> k & 1) or (FULL,)


def _describe(
    cohort: Cohort,
    i: int,
    groups: dict[tuple[str, ...], IndexArray],
    by_id: npt.NDArray[np.object_],
    before_full: npt.NDArray[np.bool_],
) -> Unmatched:
    mentee = cohort.mentees[i].id
    exclusions = tuple(
        Exclusion(key, tuple(by_id[members].tolist())) for key, members in sorted(groups.items())
    )
    if not len(by_id):
        none: Message = (
            _("no mentor is available for the {track} track", track=cohort.track)
            if cohort.track
            else _("no mentor is available")
        )
        return Unmatched(mentee, UnmatchedKind.NO_ELIGIBLE_MENTOR, none, exclusions)
    full = groups.get((FULL,))
    if full is None:
        counts: Counter[str] = Counter()
        for key, members in groups.items():
            for rule_id in key:
                counts[rule_id] += len(members)
        listed = tuple(
            _("{rule} excludes {count}", rule=rule, count=n) for rule, n in sorted(counts.items())
        )
        return Unmatched(
            mentee,
            UnmatchedKind.NO_ELIGIBLE_MENTOR,
            _.plural(
                "a rule excludes the only mentor: {rules}",
                "a rule excludes every one of the {n} mentors: {rules}",
                len(by_id),
                rules=listed,
            ),
            exclusions,
        )
    already = int(before_full[full].sum())
    if already == len(full):
        how = _("all of them were full before this run")
    elif already:
        how = _.plural(
            "{n} was full before this run, the others' places went to other mentees",
            "{n} were full before this run, the others' places went to other mentees",
            already,
        )
    else:
        how = _("their places went to other mentees")
    return Unmatched(
        mentee,
        UnmatchedKind.CAPACITY_EXHAUSTED,
        _.plural(
            "the {n} mentor the rules allow has no free place left: {how}",
            "the {n} mentors the rules allow have no free place left: {how}",
            len(full),
            how=how,
        ),
        exclusions,
    )
