"""Kerpen's rule for cohort matching: no mentor from the mentee's line of management.

The cohort-level twin of the KERPEN-INDEP-1 vote, so a matching run never
proposes a pair the vote would refuse: mentors named in the mentee's
``line_of_management``, and mentors who manage or supervise her through a
chain of declared relations. NumPy is imported inside the function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorcore import RelationKind
from mentorcore.matching import PairMask
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


def _line(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()
