"""Decisions: the answer of a rule, with its ID and a reason a person can read.

Near the bottom of the package (it imports only :mod:`mentorcore.i18n`), so
that errors can carry decisions and the domain can raise errors without a cycle.
A reason is a :class:`~mentorcore.i18n.Message`: its id and parameters travel
with the decision, and a host renders it in the viewer's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import evolve, field, frozen

from mentorcore.i18n import Message, Text, as_message


def reason_of(text: object, where: str = "reason") -> Message:
    """*text* (a string or a :class:`~mentorcore.i18n.Message`) as a message.

    :raises InvalidInput: it is neither, naming *where*.
    """
    try:
        return as_message(text)  # type: ignore[arg-type]
    except TypeError as exc:
        from mentorcore.errors import InvalidInput  # errors imports this module

        raise InvalidInput([(where, str(exc))]) from None


@frozen
class Decision:
    """A vote on a command or a pairing.

    :ivar allowed: ``True`` to allow, ``False`` to refuse.
    :ivar rule_id: The rule applied, e.g. ``"MEDIC-INDEP-1"``.
    :ivar message: Why, as a translatable message (pass ``reason=`` a
        :class:`~mentorcore.i18n.Message` or a plain string).
    :ivar source: The plugin that voted (filled in by the engine).
    """

    allowed: bool
    rule_id: str
    message: Message = field(alias="reason", converter=reason_of)
    source: str = ""

    @classmethod
    def allow(cls, rule_id: str, reason: Text) -> Decision:
        """An explicit approval."""
        return cls(True, rule_id, reason)

    @classmethod
    def deny(cls, rule_id: str, reason: Text) -> Decision:
        """A refusal; any refusal wins over every approval."""
        return cls(False, rule_id, reason)

    @property
    def reason(self) -> str:
        """Why, rendered in the context's language."""
        return self.message.render()

    @property
    def message_id(self) -> str:
        """The reason's message id (its English text with placeholders)."""
        return self.message.msgid

    @property
    def params(self) -> dict[str, Any]:
        """The reason's parameters."""
        return self.message.arguments

    def render(self, language: str | None = None) -> str:
        """The reason in *language* (default: the context's)."""
        return self.message.render(language)

    def from_source(self, source: str) -> Decision:
        """This decision, attributed to *source*."""
        return evolve(self, source=source)


def refusals(decisions: Iterable[Decision]) -> tuple[Decision, ...]:
    """The refusing decisions among *decisions*."""
    return tuple(d for d in decisions if not d.allowed)


__all__ = ["Decision", "reason_of", "refusals"]
