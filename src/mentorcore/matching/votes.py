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

from collections.abc import Callable
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
    voters = _voters(hooks, programme)
    if not voters:
        return {}
    between: dict[frozenset[PersonId], tuple[Relation, ...]] = {}
    for r in cohort.relations:
        key = frozenset((r.subject, r.object))
        between[key] = (*between.get(key, ()), r)
    vetoes: Vetoes = {}
    for i in np.flatnonzero(allowed.any(axis=1)).tolist():
        mentee = cohort.mentees[i]
        # The arguments a single assignment's vote gets (write/pairing).
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
            cast = [d for vote in voters for d in vote(ask)]
            denied = refusals(_decisions(cast))
            if denied:
                vetoes[(i, j)] = denied
                allowed[i, j] = False
    return vetoes


Vote = Callable[[dict[str, Any]], list[Any]]


def _voters(hooks: Hooks, programme: Programme) -> list[Vote]:
    """The programme's per-pair votes that no built-in mask mirrors, in pluggy's order.

    Each is called directly with the arguments its signature names, not
    through pluggy's hook caller: per pair that is about 5 instead of 12 µs
    (measured on the benchmark's vote). Only if a plugin wraps the hook
    (a hook wrapper) does every pair go through pluggy, wrapper included.
    """
    registered = {name for name, _plugin in hooks.pm.list_name_plugin()}
    others = set().union(*hooks.owners.values()) - hooks.owners.get(programme.key, set())
    skip = others | {vote for vote, mask in _TWINS.items() if mask in registered}
    impls = [i for i in getattr(hooks.pm.hook, _HOOK).get_hookimpls() if i.plugin_name not in skip]
    if any(i.hookwrapper or i.wrapper for i in impls):
        remove = [p for name in skip if (p := hooks.pm.get_plugin(name)) is not None]
        caller = hooks.pm.subset_hook_caller(_HOOK, remove_plugins=remove)
        return [lambda ask: list(caller(**ask))]

    def direct(function: Callable[..., Any], names: tuple[str, ...]) -> Vote:
        return lambda ask: [function(*[ask[a] for a in names])]

    # pluggy calls the last registered implementation first.
    return [direct(i.function, tuple(i.argnames)) for i in reversed(impls)]


def _decisions(results: list[Any]) -> list[Decision]:
    """The votes cast (``None`` abstains), each checked to be a :class:`Decision`."""
    for r in results:
        if r is not None and not isinstance(r, Decision):
            raise PluginError(_HOOK, f"an implementation returned {r!r}, not a Decision")
    return [r for r in results if r is not None]
