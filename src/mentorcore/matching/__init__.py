"""Cohort matching: propose the best assignment of mentors, explain it, confirm it.

``from mentorcore.matching import propose, confirm`` loads NumPy and SciPy
(the ``matching`` extra); importing this package alone does not, so plugins
can import :class:`PairMask` and :class:`Criterion` at module level. See
``docs/matching.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mentorcore.matching.proposal import (
    Exclusion,
    Objective,
    Part,
    Proposal,
    ProposedPair,
    Skipped,
    Unmatched,
    UnmatchedKind,
)
from mentorcore.policy.matching import Criterion, PairMask

if TYPE_CHECKING:
    from mentorcore.matching.confirmation import confirm
    from mentorcore.matching.matcher import propose
    from mentorcore.policy.cohort import Cohort

# Names whose modules import NumPy/SciPy: loaded on first use (PEP 562).
_LAZY = {
    "Cohort": "mentorcore.policy.cohort",
    "confirm": "mentorcore.matching.confirmation",
    "propose": "mentorcore.matching.matcher",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Cohort",
    "Criterion",
    "Exclusion",
    "Objective",
    "PairMask",
    "Part",
    "Proposal",
    "ProposedPair",
    "Skipped",
    "Unmatched",
    "UnmatchedKind",
    "confirm",
    "propose",
]
