"""The words of an import file's own columns and values, in English and German.

A coordinator's spreadsheet may head its columns ``ID``, ``Name``,
``E-Mail``, ``Rolle`` or ``Kapazität`` and write roles as ``Mentorin`` or
``Koordination`` and relations as ``prüft:ana``. Each column and value is
known by its key, its label in every supported language, and a few common
spellings; words are compared as :func:`mentorcore.policy.vocabulary.normal`
compares them (case, spacing and umlauts do not matter). Any other column is
a profile field, which the engine resolves against the programme's fields.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from mentorcore import RelationKind, Role
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _
from mentorcore.policy.vocabulary import normal, spellings

PERSON_COLUMNS = ("id", "name", "email", "organisation")
ENROLMENT_COLUMNS = ("programme", "role", "track", "capacity", "external", "relations")
ROLES = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)

#: What each column of the file's own is called, for people.
COLUMN_LABELS: Mapping[str, Message] = {
    "id": _("id"),
    "name": _("name"),
    "email": _("email"),
    "organisation": _("organisation"),
    "programme": _("programme"),
    "role": _("role"),
    "track": _("track"),
    "capacity": _("capacity"),
    "external": _("external"),
    "relations": _("relations"),
}
#: Common spellings besides the labels (compared by ``normal``).
_COLUMN_ALIASES = {
    "id": ("kennung", "person"),
    "email": ("e-mail", "mail", "e-mail-adresse", "email address"),
    "organisation": ("organization", "organisation", "einrichtung", "institution"),
    "programme": ("program", "programm"),
    "role": ("rolle",),
    "track": ("linie", "ausrichtung", "schwerpunkt"),
    "capacity": ("kapazitaet", "max tandems"),
    "external": ("extern",),
    "relations": ("beziehungen",),
}
_ROLE_ALIASES = {
    Role.MENTEE: ("mentees", "mentee*in", "menteein"),
    Role.MENTOR: ("mentorin", "mentor*in", "mentoren"),
    Role.COORDINATOR: ("koordination", "koordinator", "koordinatorin", "koordinator*in"),
}
_RELATION_ALIASES = {
    RelationKind.TEACHES: ("unterrichtet", "lehrt"),
    RelationKind.EXAMINES: ("prueft",),
    RelationKind.SUPERVISES: ("betreut",),
    RelationKind.MANAGES: ("fuehrt", "ist vorgesetzt"),
    RelationKind.WORKS_WITH: ("arbeitet mit",),
}


def _words(named: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """``normal(word) -> key`` for the words that name one key only."""
    found: dict[str, set[str]] = {}
    for key, words in named:
        for word in {normal(key), *(normal(w) for w in words)}:
            found.setdefault(word, set()).add(key)
    return {w: next(iter(k)) for w, k in found.items() if len(k) == 1}


@functools.cache
def _columns() -> dict[str, str]:
    return _words(
        (key, [*spellings(text), *_COLUMN_ALIASES.get(key, ())])
        for key, text in COLUMN_LABELS.items()
    )


@functools.cache
def _roles() -> dict[str, str]:
    return _words((r.value, [*spellings(label(r)), *_ROLE_ALIASES.get(r, ())]) for r in ROLES)


@functools.cache
def _relations() -> dict[str, str]:
    return _words(
        (k.value, [*spellings(label(k)), *_RELATION_ALIASES.get(k, ())]) for k in RelationKind
    )


def column(header: str) -> str:
    """The key of the file's own column *header* names, else *header* as it
    is (stripped): a profile field's key or label."""
    return _columns().get(normal(header), header.strip())


def role(word: object) -> Role | None:
    """The role *word* names (``mentee``, ``Mentorin``, ``Koordination``), or ``None``."""
    key = _roles().get(normal(word)) if isinstance(word, str) else None
    return Role(key) if key else None


def relation_kind(word: str) -> RelationKind | None:
    """The relation *word* names (``examines``, ``prüft``), or ``None``."""
    key = _relations().get(normal(word))
    return RelationKind(key) if key else None


def relation_labels() -> tuple[Message, ...]:
    """The relations an import accepts, as people read them."""
    return tuple(label(k) for k in RelationKind)
