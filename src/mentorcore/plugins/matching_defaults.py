"""The core's pair rules and the wish criterion for cohort matching, as masks.

The cohort-level twins of the per-pair votes in :mod:`mentorcore.plugins.defaults`
(CORE-14 working relationships, CORE-REMATCH earlier mentors), so a matching
run applies them to every pair with array operations. Mentor capacity
(CORE-CAPACITY), tracks (CORE-TRACK) and the mentee's live tandems
(CORE-SINGLE) are part of how the cohort is gathered, not masks.

Importing this module does not import NumPy: the cohort's helpers do, when a
matching run calls these hooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mentorcore.domain.labels import label
from mentorcore.i18n import _
from mentorcore.plugins.defaults import WORKING_RELATIONS
from mentorcore.policy.hookspecs import hookimpl
from mentorcore.policy.matching import Criterion, PairMask

if TYPE_CHECKING:
    from mentorcore.policy.cohort import Cohort


@hookimpl
def mentorcore_pair_masks(cohort: Cohort) -> Iterator[PairMask]:
    """CORE-14 (no self-mentoring, no direct working relationship) and CORE-REMATCH."""
    rows, cols = cohort.same_person_pairs()
    if len(rows):
        yield PairMask.at("CORE-14", _("a person cannot mentor themselves"), rows, cols)
    rows, cols = cohort.relation_pairs(WORKING_RELATIONS)
    if len(rows):
        kinds = tuple(label(k) for k in sorted(WORKING_RELATIONS, key=lambda k: k.value))
        yield PairMask.at(
            "CORE-14",
            _(
                "a direct working relationship ({kinds}); a mentor must come from outside it",
                kinds=kinds,
            ),
            rows,
            cols,
        )
    rows, cols = cohort.previous_mentor_pairs()
    if len(rows):
        yield PairMask.at(
            "CORE-REMATCH",
            _("was the mentee's mentor before; a new matching means another mentor"),
            rows,
            cols,
        )


@hookimpl
def mentorcore_pair_criteria(cohort: Cohort) -> Iterator[Criterion]:
    """CORE-WISH: a wished mentor scores by rank: of k wishes, rank r scores (k - r + 1) / k."""
    if cohort.wish_weight == 0:
        return
    rows, cols, rank, count = cohort.wish_pairs()
    if len(rows):
        values = (count - rank + 1) / count
        yield Criterion.at("wish", "CORE-WISH", cohort.wish_weight, rows, cols, values)
