"""The errors mentorcore raises. Every one says what is wrong and where.

Hosts catch :class:`MentorcoreError` to handle all of them; the subclasses
tell refusals by a rule (:class:`TransitionDenied`) from bad input
(:class:`InvalidInput`), concurrency conflicts and storage problems.

Every error carries a translatable :attr:`~MentorcoreError.message` and
renders it when shown: ``str(error)`` in the context's language
(:func:`~mentorcore.i18n.using_language`), ``error.render("de")`` in the
language asked for. Nothing is rendered when the error is raised, so a host
serving several users shows each the error in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from attrs import frozen

from mentorcore.decision import Decision
from mentorcore.i18n import Message, Text, _, as_message, render


@frozen
class Joined:
    """Texts shown one after the other, with *separator* between them, each
    rendered in the language the whole is rendered in (a message parameter)."""

    items: tuple[Text, ...]
    separator: str = "; "

    def render(self, language: str | None = None) -> str:
        """The texts in *language* (default: the context's), joined."""
        return self.separator.join(render(item, language) for item in self.items)


def _restore(cls: type[MentorcoreError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class MentorcoreError(Exception):
    """Base class of every error mentorcore raises on purpose.

    ``args`` holds the one :class:`~mentorcore.i18n.Message` (or plain text)
    the error says; :attr:`message` is it as a message. Errors pickle with
    every attribute, their message unrendered.
    """

    def __init__(self, message: Text = "") -> None:
        super().__init__(message)

    @property
    def message(self) -> Message:
        """What went wrong, as a translatable message."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, Message) else Message.literal(str(first))

    def render(self, language: str | None = None) -> str:
        """The error's text in *language* (default: the context's)."""
        return self.message.render(language)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.render()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class TransitionDenied(MentorcoreError):
    """A command was refused. Carries every decision that was taken.

    Rendered as ``<action> refused: [RULE-ID] reason; [RULE-ID] reason`` in
    the language asked for; rule IDs stay as they are in every language.

    :ivar verb: The refused verb (``"accept"``; ``"#3 assign"`` for the third
        command of a batch).
    :ivar decisions: All votes, allowing and denying, in the order taken.
    :ivar action: What was refused, as people call it (default: the verb).
    :ivar position: The refused command's number in its batch, if any.
    """

    def __init__(
        self,
        verb: str,
        decisions: Sequence[Decision],
        *,
        action: Text | None = None,
        position: int | None = None,
    ) -> None:
        self.verb = verb
        self.decisions = tuple(decisions)
        self.action = as_message(verb if action is None else action)
        self.position = position
        reasons = Joined(tuple(_("[{rule}] {reason}", rule=d.rule_id, reason=d.message)
                               for d in self.denials))  # fmt: skip
        if position is None:
            text = _("{action} refused: {reasons}", action=self.action, reasons=reasons)
        else:
            text = _(
                "#{position} {action} refused: {reasons}",
                position=position,
                action=self.action,
                reasons=reasons,
            )
        super().__init__(text)

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
        """The readable reasons of the refusing decisions (context's language)."""
        return [d.reason for d in self.denials]

    def render_reasons(self, language: str | None = None) -> list[str]:
        """The reasons of the refusing decisions in *language*."""
        return [d.render(language) for d in self.denials]


class InvalidInput(MentorcoreError, ValueError):
    """Input was malformed.

    :ivar problems: ``(where, what)`` pairs: *where* names the field or
        argument (a code: ``"terms.period_start"``), *what* is a message or
        plain text.
    :ivar context: What was being read, if it helps (e.g. a file name).
    """

    def __init__(self, problems: Iterable[tuple[str, Text]], *, context: Text = "") -> None:
        self.problems = tuple(problems)
        self.context = context
        said = Joined(tuple(_problem(where, what) for where, what in self.problems))
        if context:
            super().__init__(_("{context}: {problems}", context=context, problems=said))
        else:  # the problems alone: no words of its own to translate
            super().__init__(Message("{problems}", {"problems": said}))

    def render_problems(self, language: str | None = None) -> list[tuple[str, str]]:
        """The problems as ``(where, what)`` with *what* in *language*."""
        return [(where, render(what, language)) for where, what in self.problems]


def _problem(where: str, what: Text) -> Text:
    return _("{where}: {problem}", where=where, problem=what) if where else what


#: What :class:`NotFound` says of the kinds the core looks up.
_NOT_FOUND = {
    "person": _("no person {key}"),
    "tandem": _("no tandem {key}"),
    "programme": _("no programme {key}"),
    "meeting": _("no meeting {key}"),
    "goal": _("no goal {key}"),
    "due action": _("no due action {key}"),
}


class NotFound(MentorcoreError, LookupError):
    """A tandem, person, goal or programme does not exist.

    :ivar kind: What was looked for (``"person"``, ``"tandem"``, ...).
    :ivar key: The key it was looked for by.
    """

    def __init__(self, kind: str, key: object, message: Text | None = None) -> None:
        self.kind = kind
        self.key = key
        if message is None:
            known = _NOT_FOUND.get(kind)
            shown = str(key)
            message = (
                Message(known.msgid, {"key": shown}, known.domain)
                if known
                else _("no {kind} {key}", kind=kind, key=shown)
            )
        super().__init__(message)


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
            _(
                "stream {stream} is at version {actual}, not {expected}: "
                "another writer got there first; reload and retry",
                stream=stream_id,
                actual=actual,
                expected=expected,
            )
        )


class CorruptEvent(MentorcoreError):
    """A stored event cannot be read back (unknown name or malformed payload).

    :ivar problem: What is wrong with it.
    """

    def __init__(self, stream_id: str, version: int, problem: Text) -> None:
        self.stream_id = stream_id
        self.version = version
        self.problem = problem
        super().__init__(
            _(
                "stored event {stream}@{version} is unreadable: {problem}",
                stream=stream_id,
                version=version,
                problem=problem,
            )
        )


class StoreError(MentorcoreError):
    """The store cannot be opened or written (path, permissions, schema)."""


class PluginError(MentorcoreError):
    """A plugin failed to load or registered something invalid."""

    def __init__(self, plugin: str, problem: Text) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(_("plugin '{plugin}': {problem}", plugin=plugin, problem=problem))


class UnknownSetting(MentorcoreError, KeyError):
    """A programme setting was asked for that the programme does not declare."""

    def __init__(self, programme: str, name: str) -> None:
        self.programme = programme
        self.name = name
        super().__init__(
            _("programme '{programme}' has no setting '{name}'", programme=programme, name=name)
        )
