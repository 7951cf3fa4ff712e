"""Decisions: the answer of a rule, with its ID and a reason a person can read.

The bottom of the package (it imports nothing of mentorcore), so that errors
can carry decisions and the domain can raise errors without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import evolve, frozen


@frozen
class Decision:
    """A vote on a command or a pairing.

    :ivar allowed: ``True`` to allow, ``False`` to refuse.
    :ivar rule_id: The rule applied, e.g. ``"MEDIC-INDEP-1"``.
    :ivar reason: Why, in words a coordinator understands.
    :ivar source: The plugin that voted (filled in by the engine).
    """

    allowed: bool
    rule_id: str
    reason: str
    source: str = ""

    @classmethod
    def allow(cls, rule_id: str, reason: str) -> Decision:
        """An explicit approval."""
        return cls(True, rule_id, reason)

    @classmethod
    def deny(cls, rule_id: str, reason: str) -> Decision:
        """A refusal; any refusal wins over every approval."""
        return cls(False, rule_id, reason)

    def from_source(self, source: str) -> Decision:
        """This decision, attributed to *source*."""
        return evolve(self, source=source)


def refusals(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    """The refusing decisions among *decisions*."""
    return tuple(d for d in decisions if not d.allowed)


__all__ = ["Decision", "refusals"]
