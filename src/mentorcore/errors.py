"""The errors mentorcore raises. Every one says what is wrong and where.

Hosts catch :class:`MentorcoreError` to handle all of them; the subclasses
tell refusals by a rule (:class:`TransitionDenied`) from bad input
(:class:`InvalidInput`), concurrency conflicts and storage problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mentorcore.decision import Decision
from mentorcore.i18n import Text


class MentorcoreError(Exception):
    """Base class of every error mentorcore raises on purpose."""


class TransitionDenied(MentorcoreError):
    """A command was refused. Carries every decision that was taken.

    :ivar decisions: All votes, allowing and denying, in the order taken.
    """

    def __init__(self, verb: str, decisions: Sequence[Decision]) -> None:
        self.verb = verb
        self.decisions = tuple(decisions)
        reasons = "; ".join(f"[{d.rule_id}] {d.reason}" for d in self.denials)
        super().__init__(f"{verb} refused: {reasons}")

    @property
    def denials(self) -> tuple[Decision, ...]:
        """The decisions that refused."""
        return tuple(d for d in self.decisions if not d.allowed)

    @property
    def rule_ids(self) -> set[str]:
        """The rule IDs of the refusing decisions."""
        return {d.rule_id for d in self.denials}

    @property
    def reasons(self) -> list[str]:
        """The readable reasons of the refusing decisions."""
        return [d.reason for d in self.denials]


class InvalidInput(MentorcoreError, ValueError):
    """Input was malformed. ``problems`` lists ``(where, what)`` pairs."""

    def __init__(self, problems: Iterable[tuple[str, Text]], *, context: Text = "") -> None:
        self.problems = tuple(problems)
        self.context = context
        text = "; ".join(
            f"{where}: {what}" if where else str(what) for where, what in self.problems
        )
        super().__init__(f"{context}: {text}" if context else text)


class NotFound(MentorcoreError, LookupError):
    """A tandem, person, goal or programme does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} {key!s}")


class NotVisible(MentorcoreError, PermissionError):
    """The viewer may not see what was asked for."""


class ConcurrencyConflict(MentorcoreError):
    """Someone else appended to the stream since it was read. Nothing was written.

    Reload and retry the command; the other writer's events are kept.
    """

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream_id} is at version {actual}, not {expected}: "
            "another writer got there first; reload and retry"
        )


class CorruptEvent(MentorcoreError):
    """A stored event cannot be read back (unknown name or malformed payload)."""

    def __init__(self, stream_id: str, version: int, problem: str) -> None:
        self.stream_id = stream_id
        self.version = version
        super().__init__(f"stored event {stream_id}@{version} is unreadable: {problem}")


class StoreError(MentorcoreError):
    """The store cannot be opened or written (path, permissions, schema)."""


class PluginError(MentorcoreError):
    """A plugin failed to load or registered something invalid."""

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        super().__init__(f"plugin {plugin!r}: {problem}")


class UnknownSetting(MentorcoreError, KeyError):
    """A programme setting was asked for that the programme does not declare."""

    def __init__(self, programme: str, name: str) -> None:
        self.programme = programme
        self.name = name
        super().__init__(f"programme {programme!r} has no setting {name!r}")

    def __str__(self) -> str:
        return str(self.args[0])
