"""Library values as JSON: attrs objects field by field, messages in the reader's language.

Everything the API answers passes through :func:`jsonable`: attrs instances
become objects of their fields, enums their values, dates ISO 8601 text,
ids text, :class:`~mentorcore.i18n.Message` values (and anything else that
renders) the text in the language asked for, decisions ``{rule_id, reason,
allowed}``. It reads only what the reader handed over: it never looks up more.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

import attrs

from mentorcore.decision import Decision
from mentorcore.domain import Profile
from mentorcore.web.errors import rule

JSON = dict[str, Any]


def jsonable(value: object, language: str | None) -> Any:
    """*value* as JSON-compatible data (see the module's docstring)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value, language)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decision):
        return rule(value, language)
    if isinstance(value, Profile):
        return {k: jsonable(v, language) for k, v in value.items}
    render = getattr(value, "render", None)
    if callable(render):  # a Message, a joined text, a moment: text in the language asked
        return str(render(language))
    if attrs.has(type(value)):
        return {
            f.name: jsonable(getattr(value, f.name), language)
            for f in attrs.fields(type(value))  # type: ignore[arg-type]
            if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(jsonable(k, language)): jsonable(v, language) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v, language) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def partial(items: object, language: str | None) -> JSON:
    """A read over many tandems as ``{"items": [...], "skipped": [...]}``: the
    tandems it had to leave out are named (:class:`~mentorcore.read.isolation.Partial`)."""
    return {
        "items": jsonable(items, language),
        "skipped": jsonable(tuple(getattr(items, "skipped", ())), language),
    }


__all__ = ["JSON", "jsonable", "partial"]
