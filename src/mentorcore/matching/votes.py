"""The per-pair vote in a run: ``mentorcore_check_pairing`` for every pair the masks allow.

A proposal must never contain a pair that confirming it would refuse, so
every hard pairing rule counts, whether a plugin wrote it as a cohort mask,
as a per-pair vote, or both. The masks come first (one array operation per
rule); the vote is then asked only for the pairs no mask forbids, once per
pair, and its refusals forbid the pair like a mask. For a plugin that gives
no mask, the vote is the only rule there is (the fallback); for one that gives
both, the mask leaves the vote little to refuse.

The one vote not asked per pair is the core's own
(:mod:`mentorcore.plugins.defaults`: CORE-14, CORE-REMATCH) while its
twin :mod:`mentorcore.plugins.matching_defaults` applies the same rules as
masks. A programme whose plugins vote on no pairs costs nothing here; each
vote costs one pluggy call per allowed pair plus the rule's own work (see
``docs/matching.md``, *Costs*).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from mentorcore.domain import PersonId, Programme, Relation
from mentorcore.errors import PluginError
from mentorcore.policy.cohort import Cohort
from mentorcore.policy.decisions import Decision, refusals

if TYPE_CHECKING:
    from mentorcore.policy.hooks import Hooks

Vetoes = dict[tuple[int, int], tuple[Decision, ...]]

_HOOK = "mentorcore_check_pairing"
#: Built-in per-pair votes and the built-in plugin whose masks apply the same rules.
_TWINS = {"mentorcore.plugins.defaults": "mentorcore.plugins.matching_defaults"}


def pair_votes(
    hooks: Hooks, programme: Programme, cohort: Cohort, allowed: npt.NDArray[np.bool_]
) -> Vetoes:
    """Ask the programme's per-pair votes for every allowed pair; forbid (in *allowed*) what
    they refuse.

    Returns the refusing decisions by ``(row, column)``.
    """
    vote = _voters(hooks, programme)
    if vote is None:
        return {}
    between: dict[frozenset[PersonId], tuple[Relation, ...]] = {}
    for r in cohort.relations:
        key = frozenset((r.subject, r.object))
        between[key] = (*between.get(key, ()), r)
    vetoes: Vetoes = {}
    for i in np.flatnonzero(allowed.any(axis=1)).tolist():
        mentee = cohort.mentees[i]
        # Asked with the arguments a single assignment gets (write/pairing).
        ask: dict[str, Any] = {
            "mentee": mentee,
            "programme": programme,
            "track": cohort.track,
            "previous_mentors": frozenset(cohort.previous_mentors[i]),
        }
        for j in np.flatnonzero(allowed[i]).tolist():
            mentor = cohort.mentors[j]
            ask["mentor"] = mentor
            ask["relations"] = between.get(frozenset((mentee.id, mentor.id)), ())
            denied = refusals(_decisions(vote(**ask)))
            if denied:
                vetoes[(i, j)] = denied
                allowed[i, j] = False
    return vetoes


def _voters(hooks: Hooks, programme: Programme) -> Any:
    """A hook caller with the programme's per-pair votes that no built-in mask mirrors,
    or ``None`` when there are none."""
    registered = {name for name, _plugin in hooks.pm.list_name_plugin()}
    others = set().union(*hooks.owners.values()) - hooks.owners.get(programme.key, set())
    mirrored = {vote for vote, mask in _TWINS.items() if mask in registered}
    skip = others | mirrored
    impls = getattr(hooks.pm.hook, _HOOK).get_hookimpls()
    if all(impl.plugin_name in skip for impl in impls):
        return None
    remove = [p for name in skip if (p := hooks.pm.get_plugin(name)) is not None]
    return hooks.pm.subset_hook_caller(_HOOK, remove_plugins=remove)


def _decisions(results: list[Any]) -> list[Decision]:
    for r in results:
        if not isinstance(r, Decision):
            raise PluginError(_HOOK, f"an implementation returned {r!r}, not a Decision")
    return results
