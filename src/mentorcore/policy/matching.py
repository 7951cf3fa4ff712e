"""What a programme plugin hands the matcher: forbidden pairs and scoring criteria.

Both describe the whole cohort at once, as NumPy arrays over
``(n_mentees, n_mentors)`` in the cohort's order (people sorted by id). A
dense array may be any shape that broadcasts to that: ``(n, m)`` for a rule on
both sides, ``(1, m)`` for a column that depends on the mentor only, ``(n, 1)``
for a row that depends on the mentee only. Sparse forms (:meth:`PairMask.at`,
:meth:`Criterion.at`) list pairs by index, for rules that touch few pairs
(relations, wishes).

This module imports no NumPy itself, so a plugin can import these names at
module level without making ``import mentorcore`` load NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import frozen

from mentorcore.i18n import Text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    FloatArray = npt.NDArray[np.float64]
    IndexArray = npt.NDArray[np.intp]
else:  # the aliases only matter to type checkers
    BoolArray = FloatArray = IndexArray = Any


@frozen
class PairMask:
    """The pairs one hard rule forbids.

    Build with ``PairMask(rule_id, reason, forbidden)`` (a boolean array
    broadcastable to ``(n_mentees, n_mentors)``, ``True`` = forbidden) or
    :meth:`at` (index pairs). All masks are combined: a pair is allowed only
    if no mask forbids it (any deny wins, as with votes).

    :ivar rule_id: The rule, e.g. ``"KERPEN-INDEP-1"``; explanations cite it.
    :ivar reason: The rule in words a coordinator understands (a translatable
        message, or a plain string shown as it is).
    :ivar forbidden: Dense form; ``None`` when the sparse form is used.
    :ivar mentees: Sparse form: row indices of forbidden pairs.
    :ivar mentors: Sparse form: column indices, same length as *mentees*.
    """

    rule_id: str
    reason: Text
    forbidden: BoolArray | None = None
    mentees: IndexArray | None = None
    mentors: IndexArray | None = None

    @classmethod
    def at(cls, rule_id: str, reason: Text, mentees: IndexArray, mentors: IndexArray) -> PairMask:
        """Forbid exactly the pairs ``(mentees[k], mentors[k])``."""
        return cls(rule_id, reason, None, mentees, mentors)

    @property
    def is_sparse(self) -> bool:
        """Whether the mask lists pairs by index."""
        return self.forbidden is None


@frozen
class Criterion:
    """One weighted scoring criterion over the cohort.

    A pair's score is the sum of ``weight * value`` over all criteria, with
    each value between 0 (poor fit) and 1 (ideal). Build with
    ``Criterion(name, rule_id, weight, values)`` (a float array broadcastable
    to ``(n_mentees, n_mentors)``) or :meth:`at` (index pairs; every other
    pair scores 0 on this criterion).

    :ivar name: Short name shown in the score breakdown, e.g. ``"wish"``.
    :ivar rule_id: The rule behind it, e.g. ``"MEDIC-MATCH-1"``.
    :ivar weight: How much it counts; finite and not negative.
    :ivar values: Dense form; ``None`` when the sparse form is used.
    :ivar mentees: Sparse form: row indices of scored pairs (no duplicates).
    :ivar mentors: Sparse form: column indices, same length as *mentees*.
    :ivar pair_values: Sparse form: the value of each listed pair.
    """

    name: str
    rule_id: str
    weight: float
    values: FloatArray | None = None
    mentees: IndexArray | None = None
    mentors: IndexArray | None = None
    pair_values: FloatArray | None = None

    @classmethod
    def at(
        cls,
        name: str,
        rule_id: str,
        weight: float,
        mentees: IndexArray,
        mentors: IndexArray,
        values: FloatArray,
    ) -> Criterion:
        """Score the pairs ``(mentees[k], mentors[k])`` with ``values[k]``, all others 0."""
        return cls(name, rule_id, weight, None, mentees, mentors, values)

    @property
    def is_sparse(self) -> bool:
        """Whether the criterion lists pairs by index."""
        return self.values is None


__all__ = ["Criterion", "PairMask"]
