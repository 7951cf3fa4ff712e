"""The opt-in per-pair vote: ``mentorcore_check_pairing`` for pairs the masks allow.

This is the one place the matcher calls a hook per pair. It is off unless the
programme (setting ``matching_pair_votes``) or the caller turns it on, because
its cost grows with the number of pairs: one pluggy call through every
implementation per allowed pair (tens of microseconds each, so minutes for a
cohort of thousands on both sides). Rules that can be written as masks should
be; per-pair votes are still checked for every pair when a proposal is
confirmed, whether or not the matcher asked them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from mentorcore.domain import PersonId, Programme, Relation
from mentorcore.policy.cohort import Cohort
from mentorcore.policy.decisions import Decision, refusals

if TYPE_CHECKING:
    from mentorcore.engine import Engine

Vetoes = dict[tuple[int, int], tuple[Decision, ...]]


def pair_votes(
    engine: Engine, programme: Programme, cohort: Cohort, allowed: npt.NDArray[np.bool_]
) -> Vetoes:
    """Ask the per-pair vote for every allowed pair; forbid (in *allowed*) what it refuses.

    Returns the refusing decisions by ``(row, column)``.
    """
    between: dict[frozenset[PersonId], list[Relation]] = {}
    for r in cohort.relations:
        between.setdefault(frozenset((r.subject, r.object)), []).append(r)
    vetoes: Vetoes = {}
    rows, cols = np.nonzero(allowed)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        mentee, mentor = cohort.mentees[i], cohort.mentors[j]
        decisions = engine.hooks.check_pairing(
            programme,
            mentee,
            mentor,
            tuple(between.get(frozenset((mentee.id, mentor.id)), ())),
            cohort.track,
            frozenset(cohort.previous_mentors[i]),
        )
        denied = refusals(decisions)
        if denied:
            vetoes[(i, j)] = denied
            allowed[i, j] = False
    return vetoes
