"""Translatable texts: a message id, its parameters, rendered when shown.

A :class:`Message` is data (hashable, comparable, storable as its id and
parameters); it becomes words only in :meth:`Message.render`, in the language
asked for or the context's (:func:`~mentorcore.i18n.language.current_language`).
Parameters are rendered in the same language: dates, times, lists and nested
messages through :mod:`mentorcore.i18n.formats`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from mentorcore.i18n.catalogue import translations
from mentorcore.i18n.formats import render_value
from mentorcore.i18n.language import current_language, negotiate

#: What a parameter may be: text, a number, a date or time, a nested message,
#: an enum, or a sequence of these (rendered as a list).
Param = Any


def _frozen(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted((_frozen(v) for v in value), key=str))
    return value


def _params(
    value: Mapping[str, Param] | tuple[tuple[str, Param], ...],
) -> tuple[tuple[str, Param], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), _frozen(v)) for k, v in items))


@frozen
class Message:
    """A text to translate.

    :ivar msgid: The message id: the English text, with ``{name}`` placeholders.
    :ivar params: The placeholders' values, as sorted ``(name, value)`` pairs.
    :ivar domain: The gettext domain (``"mentorcore"``, a plugin's); ``""`` for
        a literal text that is shown as it is (e.g. a person's own words).
    :ivar plural: The plural id, for texts that depend on a count.
    :ivar n: That count.
    """

    msgid: str
    params: tuple[tuple[str, Param], ...] = field(default=(), converter=_params)
    domain: str = ""
    plural: str = ""
    n: int | None = None

    @classmethod
    def literal(cls, text: str) -> Message:
        """*text* as it is, in no catalogue (a person's own words, a name)."""
        return cls(text)

    @property
    def arguments(self) -> dict[str, Param]:
        """The parameters as a dict."""
        return dict(self.params)

    def render(self, language: str | None = None) -> str:
        """The text in *language* (default: the context's), parameters filled in."""
        lang = negotiate(language) or current_language()
        if not self.domain:
            template = self.msgid
        else:
            catalogue = translations(self.domain, lang)
            if self.plural:
                template = catalogue.ngettext(self.msgid, self.plural, self.n or 0)
            else:
                template = catalogue.gettext(self.msgid)
        if not self.params:
            return template
        values = {name: render_value(value, lang) for name, value in self.params}
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError):
            # A broken translation must not hide the message: fall back to the id.
            source = self.plural if self.plural and self.n != 1 else self.msgid
            try:
                return source.format_map(values)
            except (KeyError, IndexError, ValueError):
                return source

    def __str__(self) -> str:
        return self.render()


#: Where a text is expected: a plain string (shown as it is) or a message.
Text = str | Message


def as_message(text: Text) -> Message:
    """*text* as a :class:`Message` (a plain string becomes a literal).

    :raises TypeError: *text* is neither.
    """
    if isinstance(text, Message):
        return text
    if isinstance(text, str):
        return Message.literal(text)
    raise TypeError(f"expected text or a Message, not {type(text).__name__}")


def render(text: Text, language: str | None = None) -> str:
    """*text* in *language*: a message rendered, a string as it is."""
    return text.render(language) if isinstance(text, Message) else text
