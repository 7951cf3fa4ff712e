"""The programme's masks and criteria for a cohort: collected, checked, combined.

Plugins answer once per cohort (``mentorcore_pair_masks``,
``mentorcore_pair_criteria``). A malformed answer is the plugin's bug and
raises :class:`~mentorcore.errors.PluginError` naming the rule; it is never
silently repaired. So does an implementation that fails (``MemoryError``
on a large cohort, any other exception): the error names its plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from mentorcore.domain import Programme
from mentorcore.errors import MentorcoreError, PluginError
from mentorcore.i18n import render
from mentorcore.policy.cohort import Cohort
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.matching import Criterion, PairMask

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

_MASKS = "mentorcore_pair_masks"
_CRITERIA = "mentorcore_pair_criteria"


def collect(
    hooks: Hooks, programme: Programme, cohort: Cohort
) -> tuple[list[PairMask], list[Criterion]]:
    """Ask the programme (and the built-in defaults) for *cohort*'s masks and criteria.

    :raises PluginError: an answer has the wrong shape, type or range, or an
        implementation failed (naming its plugin).
    """
    masks = _asking(hooks, _MASKS, lambda: hooks.pair_masks(programme, cohort))
    criteria = _asking(hooks, _CRITERIA, lambda: hooks.pair_criteria(programme, cohort))
    for mask in masks:
        _check_mask(mask, cohort.shape)
    names: set[str] = set()
    for criterion in criteria:
        _check_criterion(criterion, cohort.shape)
        if criterion.name in names:
            raise PluginError(_CRITERIA, f"two criteria are named {criterion.name!r}")
        names.add(criterion.name)
    return masks, criteria


_T = TypeVar("_T")


def _asking(hooks: Hooks, hook: str, ask: Callable[[], _T]) -> _T:
    """*ask*'s answer; a failure inside a plugin becomes a PluginError naming the plugin."""
    try:
        return ask()
    except MentorcoreError:
        raise
    except Exception as exc:  # MemoryError too: a plugin's failure, reported as one
        plugin = _culprit(hooks, hook, exc.__traceback__)
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise PluginError(plugin, f"{hook} failed for this cohort ({what})") from exc


def _culprit(hooks: Hooks, hook: str, tb: TracebackType | None) -> str:
    """The plugin whose implementation of *hook* is deepest in *tb* (else the hook's name)."""
    # Implementations may be generators that fail while the core iterates
    # them, after the hook call returned: so look at the frames, not the call.
    impls = getattr(hooks.pm.hook, hook).get_hookimpls()
    owners = {
        code: _name(impl.plugin_name, impl.plugin)
        for impl in impls
        if (code := getattr(impl.function, "__code__", None)) is not None
    }
    found = hook
    while tb is not None:
        found = owners.get(tb.tb_frame.f_code, found)
        tb = tb.tb_next
    return found


def _name(registered: str, plugin: object) -> str:
    # A host's plugin object registered without a name is known by its id.
    if not registered.isdigit():
        return registered
    return str(getattr(plugin, "__name__", type(plugin).__name__))


def allowed(masks: list[PairMask], shape: tuple[int, int]) -> BoolArray:
    """``True`` where no mask forbids the pair."""
    out = np.ones(shape, dtype=np.bool_)
    for mask in masks:
        if mask.forbidden is not None:
            out &= ~mask.forbidden  # broadcasts a row or a column in place
        else:
            out[_indices(mask, _MASKS)] = False
    return out


def scores(criteria: list[Criterion], shape: tuple[int, int]) -> FloatArray:
    """Every pair's score: the weighted sum of the criteria, in their order."""
    out = np.zeros(shape, dtype=np.float64)
    scratch: FloatArray | None = None
    for c in criteria:
        w = float(c.weight)
        if w == 0:
            continue
        if c.values is None:
            out[_indices(c, _CRITERIA)] += w * _pair_values(c)
        elif c.values.shape == shape and w != 1:
            # Reuse one scratch array instead of allocating n x m per criterion.
            if scratch is None:
                scratch = np.empty(shape, dtype=np.float64)
            np.multiply(c.values, w, out=scratch)
            out += scratch
        else:
            out += c.values if w == 1 else w * c.values
    return out


def values_at(
    c: Criterion, shape: tuple[int, int], rows: IndexArray, cols: IndexArray
) -> FloatArray:
    """*c*'s value for each pair ``(rows[k], cols[k])``."""
    if c.values is not None:
        return np.broadcast_to(c.values, shape)[rows, cols].astype(np.float64)
    mentees, mentors = _indices(c, _CRITERIA)
    keys = mentees.astype(np.int64) * shape[1] + mentors
    order = np.argsort(keys)
    keys = keys[order]
    wanted = rows.astype(np.int64) * shape[1] + cols
    out = np.zeros(len(wanted), dtype=np.float64)
    if len(keys):
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[pos] == wanted
        out[found] = _pair_values(c)[order][pos[found]]
    return out


def forbidden_row(mask: PairMask, row: int, n_mentors: int) -> BoolArray:
    """Which mentors *mask* forbids for the mentee in *row*."""
    if mask.forbidden is not None:
        f = mask.forbidden
        return np.broadcast_to(f[row if f.shape[0] > 1 else 0], (n_mentors,))
    mentees, mentors = _indices(mask, _MASKS)
    out = np.zeros(n_mentors, dtype=np.bool_)
    out[mentors[mentees == row]] = True
    return out


def _indices(x: PairMask | Criterion, hook: str) -> tuple[IndexArray, IndexArray]:
    if x.mentees is None or x.mentors is None:
        raise PluginError(hook, f"{x.rule_id}: neither an array nor listed pairs")
    return x.mentees, x.mentors


def _pair_values(c: Criterion) -> FloatArray:
    if c.pair_values is None:
        raise PluginError(_CRITERIA, f"criterion {c.name!r}: listed pairs without values")
    return np.asarray(c.pair_values, dtype=np.float64)


# ---------------------------------------------------------------- checks


def _check_mask(mask: PairMask, shape: tuple[int, int]) -> None:
    where = f"mask {mask.rule_id!r}"
    if not mask.rule_id or not render(mask.reason, "en"):
        raise PluginError(_MASKS, f"{where}: needs a rule ID and a reason")
    if mask.forbidden is None:
        _check_indices(_MASKS, where, shape, *_indices(mask, _MASKS))
        return
    if mask.mentees is not None or mask.mentors is not None:
        raise PluginError(_MASKS, f"{where}: give an array or listed pairs, not both")
    _check_dense(_MASKS, where, mask.forbidden, shape)
    if mask.forbidden.dtype != np.bool_:
        raise PluginError(_MASKS, f"{where}: expected booleans, got {mask.forbidden.dtype}")


def _check_criterion(c: Criterion, shape: tuple[int, int]) -> None:
    where = f"criterion {c.name!r} ({c.rule_id})"
    if not c.name or not c.rule_id:
        raise PluginError(_CRITERIA, f"{where}: needs a name and a rule ID")
    if isinstance(c.weight, bool) or not isinstance(c.weight, int | float):
        raise PluginError(_CRITERIA, f"{where}: weight {c.weight!r} is not a number")
    if not np.isfinite(c.weight) or c.weight < 0:
        raise PluginError(_CRITERIA, f"{where}: weight {c.weight!r} must be finite and >= 0")
    values: Any
    if c.values is None:
        mentees, mentors = _indices(c, _CRITERIA)
        _check_indices(_CRITERIA, where, shape, mentees, mentors)
        values = c.pair_values
        if not isinstance(values, np.ndarray) or values.shape != mentees.shape:
            raise PluginError(_CRITERIA, f"{where}: needs one value per listed pair")
        keys = mentees.astype(np.int64) * shape[1] + mentors
        if len(np.unique(keys)) != len(keys):
            raise PluginError(_CRITERIA, f"{where}: lists a pair twice")
    else:
        if c.mentees is not None or c.pair_values is not None:
            raise PluginError(_CRITERIA, f"{where}: give an array or listed pairs, not both")
        _check_dense(_CRITERIA, where, c.values, shape)
        values = c.values
    if values.dtype.kind not in "fiu":
        raise PluginError(_CRITERIA, f"{where}: expected numbers, got {values.dtype}")
    if values.size:
        lo, hi = values.min(), values.max()
        # NaN fails both comparisons, so it is caught here too.
        if not (lo >= 0 and hi <= 1):
            raise PluginError(_CRITERIA, f"{where}: values must lie in [0, 1], got {lo}..{hi}")


def _check_dense(hook: str, where: str, array: Any, shape: tuple[int, int]) -> None:
    if not isinstance(array, np.ndarray) or array.ndim != 2:
        raise PluginError(hook, f"{where}: expected a 2-d NumPy array, got {type(array).__name__}")
    for got, full, side in zip(array.shape, shape, ("mentees", "mentors"), strict=True):
        if got not in (1, full):
            raise PluginError(
                hook, f"{where}: shape {array.shape} does not fit the cohort {shape} ({side})"
            )


def _check_indices(hook: str, where: str, shape: tuple[int, int], rows: Any, cols: Any) -> None:
    for name, idx, size in (("mentees", rows, shape[0]), ("mentors", cols, shape[1])):
        if not isinstance(idx, np.ndarray) or idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise PluginError(hook, f"{where}: {name} must be a 1-d integer array")
        if idx.size and (idx.min() < 0 or idx.max() >= size):
            raise PluginError(hook, f"{where}: {name} index outside 0..{size - 1}")
    if rows.shape != cols.shape:
        raise PluginError(hook, f"{where}: mentees and mentors differ in length")
