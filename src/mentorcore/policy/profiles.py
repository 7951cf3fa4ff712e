"""Checking profiles against the fields a programme declares.

Raw values may come typed (from Python or JSON) or as text (from CSV); text is
parsed according to the field's kind. Every problem names its field.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorcore.domain import FieldKind, Profile, ProfileField, Value
from mentorcore.errors import InvalidInput

_TRUE = {"true", "yes", "y", "1", "ja", "x"}
_FALSE = {"false", "no", "n", "0", "nein", ""}


def parse_profile(
    fields: tuple[ProfileField, ...], raw: Mapping[str, object], *, context: str = ""
) -> Profile:
    """A validated :class:`Profile` from *raw* values.

    Unknown keys, missing required fields and values of the wrong kind are all
    reported together.

    :raises InvalidInput: one ``(field, problem)`` per problem.
    """
    known = {f.name: f for f in fields}
    problems: list[tuple[str, str]] = [
        (
            str(key),
            "not a field of this programme's profile (known: "
            f"{', '.join(sorted(known)) or 'none'})",
        )
        for key in raw
        if key not in known
    ]
    values: dict[str, Value] = {}
    for field in fields:
        value = raw.get(field.name)
        if value is None or (
            isinstance(value, str) and not value.strip() and field.kind is not FieldKind.BOOLEAN
        ):
            if field.required:
                problems.append((field.name, f"required ({field.label or field.name})"))
            continue
        try:
            values[field.name] = parse_value(field, value)
        except ValueError as exc:
            problems.append((field.name, str(exc)))
    if problems:
        raise InvalidInput(problems, context=context)
    return Profile.of(values)


def parse_value(field: ProfileField, value: object) -> Value:
    """*value* as the kind of *field*.

    :raises ValueError: with a message saying what was expected.
    """
    kind = field.kind
    if kind is FieldKind.TEXT:
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r}")
        return value.strip()
    if kind is FieldKind.BOOLEAN:
        return _boolean(value)
    if kind in (FieldKind.INTEGER, FieldKind.NUMBER):
        number = _number(value, integer=kind is FieldKind.INTEGER)
        if field.minimum is not None and number < field.minimum:
            raise ValueError(f"must be at least {field.minimum:g}, got {number}")
        if field.maximum is not None and number > field.maximum:
            raise ValueError(f"must be at most {field.maximum:g}, got {number}")
        return number
    if kind is FieldKind.CHOICE:
        choice = _choice(field, value)
        return choice
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"expected a list (or text separated by ';'), got {value!r}")
    return tuple(_choice(field, item) for item in items if str(item).strip())


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expected yes or no, got {value!r}")


def _number(value: object, *, integer: bool) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int) or (isinstance(value, float) and not integer):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip()) if integer else float(value.strip().replace(",", "."))
        except ValueError:
            pass
    raise ValueError(f"expected {'a whole number' if integer else 'a number'}, got {value!r}")


def _choice(field: ProfileField, value: object) -> str:
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    if text is None or (field.choices and text not in field.choices):
        raise ValueError(f"expected one of {', '.join(field.choices)}; got {value!r}")
    return text
