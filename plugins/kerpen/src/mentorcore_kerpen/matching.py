"""Kerpen's rules for cohort matching: the mentor stands above the mentee and
outside her line of management.

The cohort-level twins of the KERPEN-LEVEL-1 and KERPEN-INDEP-1 votes, so a
matching run never proposes a pair a vote would refuse: mentors not enough
management levels above the mentee; mentors named in the mentee's
``line_of_management``, and mentors who manage or supervise her through a
chain of declared relations. NumPy is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorcore import Programme, RelationKind, Role
from mentorcore.matching import PairMask
from mentorcore_kerpen.catalogue import whole
from mentorcore_kerpen.rules import mentee_level
from mentorcore_kerpen.texts import _

if TYPE_CHECKING:
    from mentorcore.matching import Cohort


def kerpen_indep_1_line_of_management_mask(cohort: Cohort) -> list[PairMask]:
    """KERPEN-INDEP-1: the mentor is not in the mentee's line of management."""
    import numpy as np

    columns = {m.id: j for j, m in enumerate(cohort.mentors)}
    pairs = {
        (i, columns[boss])
        for i, e in enumerate(cohort.mentees)
        for boss in _line(e.profile.get("line_of_management"))
        if boss in columns
    }
    rows, cols = cohort.relation_pairs(
        (RelationKind.MANAGES, RelationKind.SUPERVISES),
        direction="mentor_to_mentee",
        transitive=True,
    )
    pairs |= set(zip(rows.tolist(), cols.tolist(), strict=True))
    if not pairs:
        return []
    found = sorted(pairs)
    return [
        PairMask.at(
            "KERPEN-INDEP-1",
            _("is in the mentee's line of management"),
            np.array([i for i, _ in found], dtype=np.intp),
            np.array([j for _, j in found], dtype=np.intp),
        )
    ]


def kerpen_level_1_mentor_above_mentee_mask(cohort: Cohort, programme: Programme) -> list[PairMask]:
    """KERPEN-LEVEL-1: the mentor stands at least ``min_level_gap`` levels above the mentee."""
    import numpy as np

    below = np.array([mentee_level(e.profile) for e in cohort.mentees], dtype=np.float64)
    above = cohort.numbers(Role.MENTOR, "hierarchy_level", missing=0.0)
    forbidden = above[None, :] - below[:, None] < whole(programme, "min_level_gap")
    if not forbidden.any():
        return []
    return [PairMask("KERPEN-LEVEL-1", _("is not above the mentee's career level"), forbidden)]


def _line(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()
