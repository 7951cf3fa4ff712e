"""The words people type for profile values and fields, in every supported language.

A coordinator's spreadsheet says ``weiblich``, ``w``, ``ja``, ``x`` or
``Netzwerk`` where a profile stores ``female``, ``True`` or ``networking``.
This module knows those words:

* yes and no: :data:`YES` and :data:`NO` (English and German, ``x`` for a
  ticked box);
* a choice by its key, its label or abbreviation rendered in any language of
  :data:`~mentorcore.i18n.SUPPORTED`, or an alias (a topic's title): the
  field's own :attr:`~mentorcore.domain.ProfileField.choice_labels`, else the
  core's :data:`COMMON` words (genders), else the key alone;
* a field by its key or its label in any language (a column header).

Words are compared by :func:`normal`: case, spacing and the spelling of
umlauts (``ä``/``ae``) do not matter. A word that would name two different
choices (or fields) names none of them; a key always wins over a label and a
label over an abbreviation. Stored values are always keys.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from attrs import frozen

from mentorcore.domain import Choice, ProfileField
from mentorcore.i18n import SUPPORTED, Text, _, render

#: Words for yes (compared by :func:`normal`): a ticked box is ``x``.
YES = frozenset({"yes", "y", "true", "1", "x", "ja", "j", "wahr"})
#: Words for no; an empty cell is no where a field may be left empty.
NO = frozenset({"no", "n", "false", "0", "nein", "falsch", ""})

#: Labels of choices every programme means the same by, used where a field
#: gives none of its own.
COMMON = {
    c.key: c
    for c in (
        Choice("female", _("female"), _("f")),
        Choice("male", _("male"), _("m")),
        Choice("diverse", _("diverse"), _("d")),
    )
}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_SEPARATORS = re.compile(r"([;,])")


def normal(text: str) -> str:
    """*text* as words are compared: Unicode-normalised, case-folded, umlauts
    spelt ``ae``/``oe``/``ue`` (and ``ß`` as ``ss``), inner spaces single."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    return " ".join(folded.split())


def spellings(text: Text) -> set[str]:
    """*text* in every supported language, each :func:`normal`; none for ``""``."""
    return {normal(render(text, language)) for language in SUPPORTED} - {""}


def boolean(value: object) -> bool | None:
    """*value* as yes or no, or ``None`` if it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = normal(value)
        if word in YES:
            return True
        if word in NO:
            return False
    return None


@frozen
class Accepted:
    """The accepted values of a field, as an error message lists them:
    ``weiblich (w), männlich (m), divers (d)`` (a message parameter)."""

    items: tuple[Text, ...]

    def render(self, language: str | None = None) -> str:
        """The values in *language*, separated by commas."""
        return ", ".join(render(item, language) for item in self.items)


@frozen
class Vocabulary:
    """The words of a field's choices.

    :ivar choices: Every choice of the field, with its labels.
    :ivar words: ``normal(word) -> key`` for the words that name one choice.
    :ivar span: The most separators (``;`` or ``,``) inside one word, so a
        list can be split without cutting a title apart.
    """

    choices: tuple[Choice, ...]
    words: dict[str, str]
    span: int

    def key(self, text: str) -> str | None:
        """The key *text* names, or ``None``."""
        return self.words.get(normal(text))

    def accepted(self) -> Accepted:
        """What an error message lists as accepted: labels with abbreviations."""
        return Accepted(tuple(_shown(c) for c in self.choices))

    def split(self, text: str) -> list[tuple[str, str | None]]:
        """The items of a list written as text, each with the key it names
        (``None``: no choice): separated by ``;`` or ``,``, the longest
        run of parts that names a choice taken first (titles hold commas)."""
        parts = _SEPARATORS.split(text)
        pieces, separators = parts[0::2], parts[1::2]
        items: list[tuple[str, str | None]] = []
        i = 0
        while i < len(pieces):
            for j in range(min(len(pieces) - 1, i + self.span), i - 1, -1):
                word = "".join(p + s for p, s in zip(pieces[i:j], separators[i:j], strict=True))
                word += pieces[j]
                key = self.key(word)
                if key is not None or j == i:
                    if word.strip():
                        items.append((word.strip(), key))
                    i = j + 1
                    break
        return items


def _shown(choice: Choice) -> Text:
    if not choice.label:
        return choice.key
    if not choice.short:
        return choice.label
    return _("{label} ({short})", label=choice.label, short=choice.short)


def choices_of(field: ProfileField) -> tuple[Choice, ...]:
    """Every choice of *field* with its labels: its own, else :data:`COMMON`'s."""
    own = {c.key: c for c in field.choice_labels}
    return tuple(own.get(key) or COMMON.get(key) or Choice(key) for key in field.choices)


@functools.lru_cache(maxsize=1024)
def vocabulary(field: ProfileField) -> Vocabulary:
    """The words of *field*'s choices (see the module for the order of precedence)."""
    choices = choices_of(field)
    levels: list[dict[str, set[str]]] = [{}, {}, {}]
    for choice in choices:
        levels[0].setdefault(normal(choice.key), set()).add(choice.key)
        for text in (choice.label, *choice.aliases):
            for word in spellings(text):
                levels[1].setdefault(word, set()).add(choice.key)
        for word in spellings(choice.short):
            levels[2].setdefault(word, set()).add(choice.key)
    words: dict[str, str] = {}
    for level in levels:
        for word, keys in level.items():
            if word not in words and len(keys) == 1:
                words[word] = next(iter(keys))
    span = max((len(_SEPARATORS.findall(w)) for w in words), default=0)
    return Vocabulary(choices, words, span)


@functools.lru_cache(maxsize=256)
def headers(fields: tuple[ProfileField, ...]) -> dict[str, str]:
    """``normal(header) -> field name`` for the words that name one of *fields*:
    its key, its label in every language, and a label's parts before and
    inside brackets (``Fachsemester`` of ``Subject semester (Fachsemester)``)."""
    named: dict[str, set[str]] = {}
    for field in fields:
        for word in _header_words(field):
            named.setdefault(word, set()).add(field.name)
    keys = {normal(f.name): f.name for f in fields}
    return keys | {w: next(iter(n)) for w, n in named.items() if len(n) == 1 and w not in keys}


def _header_words(field: ProfileField) -> Iterable[str]:
    for word in spellings(field.label):
        yield word
        outer, bracket, inner = word.partition("(")
        if bracket and inner.endswith(")"):
            yield outer.strip()
            yield inner[:-1].strip()


def literal(value: object, limit: int = 60) -> str:
    """*value* as an error message quotes it: text as it is, anything else in
    Python's notation; cut to *limit* characters."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


__all__ = [
    "COMMON",
    "NO",
    "YES",
    "Accepted",
    "Vocabulary",
    "boolean",
    "choices_of",
    "headers",
    "literal",
    "normal",
    "spellings",
]
