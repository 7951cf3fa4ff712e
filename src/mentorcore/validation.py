"""Type checks for objects handed to the engine by host code.

attrs does not check annotations at runtime; a host passing a ``str`` where a
``UUID`` belongs, or a naive datetime, must get a clear :class:`InvalidInput`
naming the field, not a crash somewhere deeper.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

import attrs

from mentorcore.errors import InvalidInput


def check(obj: object, where: str = "", expected: type | None = None) -> None:
    """Check that *obj* is an *expected* and each of its fields fits its annotation.

    :raises InvalidInput: listing each wrong field by its dotted path.
    """
    problems: list[tuple[str, str]] = []
    _check_value(obj, expected or type(obj), where or type(obj).__name__, problems)
    if problems:
        raise InvalidInput(problems)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _check_value(value: object, hint: Any, path: str, problems: list[tuple[str, str]]) -> None:
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:  # NewType
        _check_value(value, supertype, path, problems)
        return
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        for option in options:
            trial: list[tuple[str, str]] = []
            _check_value(value, option, path, trial)
            if not trial:
                return
        names = " or ".join(_name(o) for o in options)
        problems.append((path, f"expected {names}, got {_show(value)}"))
        return
    if origin in (tuple, frozenset):
        if not isinstance(value, origin):
            problems.append((path, f"expected a {origin.__name__}, got {_show(value)}"))
            return
        args = typing.get_args(hint)
        item_hint = args[0] if args else Any
        for i, item in enumerate(value):
            _check_value(item, item_hint, f"{path}[{i}]", problems)
        return
    if hint is Any or hint is object:
        return
    if isinstance(hint, type):
        _check_type(value, hint, path, problems)


def _check_type(value: object, hint: type, path: str, problems: list[tuple[str, str]]) -> None:
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if hint is int and isinstance(value, bool):
        problems.append((path, f"expected int, got {_show(value)}"))
        return
    if hint is date and isinstance(value, datetime):
        problems.append((path, f"expected a date, got a datetime {value!r}"))
        return
    if not isinstance(value, hint):
        expected = (
            f"one of {[m.value for m in hint]}" if issubclass(hint, enum.Enum) else _name(hint)
        )
        problems.append((path, f"expected {expected}, got {_show(value)}"))
        return
    if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
        problems.append((path, "naive datetime: give a timezone (e.g. UTC)"))
        return
    if attrs.has(hint):
        cls: Any = type(value)
        hints = _hints(cls)
        for field in attrs.fields(cls):
            _check_value(
                getattr(value, field.name), hints[field.name], f"{path}.{field.name}", problems
            )


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", str(hint))


def _show(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}"


def check_id(tandem_id: object) -> None:
    """Refuse anything but a UUID as a tandem id, naming it."""
    if not isinstance(tandem_id, UUID):
        raise InvalidInput([("tandem_id", f"expected a UUID, got {tandem_id!r}")])
