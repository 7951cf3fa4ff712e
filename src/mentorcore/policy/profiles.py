"""Checking profiles against the fields a programme declares.

Raw values may come typed (from Python or JSON) or as text (from CSV); text is
parsed according to the field's kind, in the coordinator's words as much as
the programme's keys (:mod:`mentorcore.policy.vocabulary`): a field may be
named by its label (``Geschlecht``), yes and no written ``ja``, ``nein`` or
``x``, a choice by its label or abbreviation (``weiblich``, ``w``), a number
with a decimal comma (``3,5``), a list separated by ``;`` or ``,``. The
profile stores keys only. Every problem names its field (as the input named
it) and says, in the chosen language, what would have been accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from mentorcore.domain import FieldKind, Profile, ProfileField, Value
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, Text, _
from mentorcore.policy.vocabulary import boolean, headers, literal, normal, vocabulary


class BadValue(ValueError):
    """A raw value that does not fit its field; :attr:`message` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


def parse_profile(
    fields: tuple[ProfileField, ...], raw: Mapping[str, object], *, context: Text = ""
) -> Profile:
    """A validated :class:`Profile` from *raw* values, keyed by field key or label.

    Unknown keys, fields given twice, missing required fields and values of
    the wrong kind are all reported together.

    :raises InvalidInput: one ``(field, problem)`` per problem, the field as
        *raw* names it.
    """
    known = {f.name: f for f in fields}
    named = headers(fields)
    given: dict[str, tuple[str, object]] = {}
    problems: list[tuple[str, Text]] = []
    for key, value in raw.items():
        name = key if key in known else named.get(normal(str(key)))
        if name is None:
            problems.append((str(key), _unknown(known)))
        elif name in given:
            problems.append((str(key), _("the same field as {other}", other=given[name][0])))
        else:
            given[name] = (str(key), value)
    values: dict[str, Value] = {}
    for field in fields:
        where, value = given.get(field.name, (field.name, None))
        if value is None or (
            isinstance(value, str) and not value.strip() and field.kind is not FieldKind.BOOLEAN
        ):
            if field.required:
                problems.append((where, _("required ({label})", label=field.label or field.name)))
            continue
        try:
            values[field.name] = parse_value(field, value)
        except BadValue as bad:
            problems.append((where, bad.message))
    if problems:
        raise InvalidInput(problems, context=context)
    return Profile.of(values)


def _unknown(known: Mapping[str, ProfileField]) -> Message:
    if not known:
        return _("not a field of this programme's profile, which has no fields")
    return _(
        "not a field of this programme's profile (known: {fields})",
        fields=", ".join(sorted(known)),
    )


def parse_value(field: ProfileField, value: object) -> Value:
    """*value* as the kind of *field*.

    :raises BadValue: with a message saying what was expected.
    """
    kind = field.kind
    if kind is FieldKind.TEXT:
        if not isinstance(value, str):
            raise BadValue(_("expected text, got '{value}'", value=literal(value)))
        return value.strip()
    if kind is FieldKind.BOOLEAN:
        answer = boolean(value)
        if answer is None:
            raise BadValue(
                _(
                    "expected yes or no (yes, y, x, true / no, n, false), got '{value}'",
                    value=literal(value),
                )
            )
        return answer
    if kind in (FieldKind.INTEGER, FieldKind.NUMBER):
        return _bounded(field, _number(value, integer=kind is FieldKind.INTEGER))
    if kind is FieldKind.CHOICE:
        return _choice(field, value)
    return _choices(field, value)


def _bounded(field: ProfileField, number: int | float) -> int | float:
    whole = field.kind is FieldKind.INTEGER
    if field.minimum is not None and number < field.minimum:
        least = _as_number(field.minimum, whole)
        raise BadValue(_("must be at least {minimum}, got {value}", minimum=least, value=number))
    if field.maximum is not None and number > field.maximum:
        most = _as_number(field.maximum, whole)
        raise BadValue(_("must be at most {maximum}, got {value}", maximum=most, value=number))
    return number


def _as_number(bound: float, whole: bool) -> int | float:
    """A bound as a message shows it: a whole field's bounds as plain digits
    (like its values), a number field's in the language's notation."""
    return int(bound) if whole and bound == int(bound) else float(bound)


def _number(value: object, *, integer: bool) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not integer or isinstance(value, int):
            return value
    elif isinstance(value, str):
        text = value.strip()
        if not integer and _GROUPED.fullmatch(text):
            # "1.000" is a thousand to a German reader and one to an English one
            # ("1,000" the other way round): neither reading may be guessed.
            raise BadValue(
                _(
                    "'{value}' is ambiguous (thousands separators or a decimal sign?): write "
                    "whole numbers without separators, decimals like 2.5 or 2,5",
                    value=text,
                )
            )
        try:
            return int(text) if integer else float(_decimal(text))
        except ValueError:
            pass
    shown = literal(value)
    if integer:
        raise BadValue(_("expected a whole number, got '{value}'", value=shown))
    raise BadValue(_("expected a number (like 3.5 or 3,5), got '{value}'", value=shown))


_GROUPED = re.compile(r"[-+]?\d{1,3}(?:(?:\.\d{3})+|(?:,\d{3})+)")


def _decimal(text: str) -> str:
    """A number written the German (``1.234,5``, ``3,5``) or English (``1,234.5``)
    way as Python reads it: the last of "." and "," is the decimal sign."""
    if "," not in text:
        return text
    if "." not in text:
        return text.replace(",", ".") if text.count(",") == 1 else text
    point, grouping = (",", ".") if text.rindex(",") > text.rindex(".") else (".", ",")
    whole, _sign, fraction = text.rpartition(point)
    return whole.replace(grouping, "") + "." + fraction


def _not_accepted(field: ProfileField, value: object) -> BadValue:
    return BadValue(
        _(
            "'{value}' is not an accepted value; accepted: {accepted}",
            value=literal(value),
            accepted=vocabulary(field).accepted(),
        )
    )


def _choice(field: ProfileField, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _not_accepted(field, value) if field.choices else _not_text(value)
    text = str(value).strip()
    if not field.choices:
        return text
    key = vocabulary(field).key(text)
    if key is None:
        raise _not_accepted(field, text)
    return key


def _not_text(value: object) -> BadValue:
    return BadValue(_("expected text, got '{value}'", value=literal(value)))


def _choices(field: ProfileField, value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        items = [_choice(field, item) for item in value if str(item).strip()]
        return _unique(items) if field.choices else tuple(items)
    if not isinstance(value, str):
        raise BadValue(
            _(
                "expected a list (or text separated by ';' or ','), got '{value}'",
                value=literal(value),
            )
        )
    if not field.choices:
        return tuple(item.strip() for item in split_list(value) if item.strip())
    named = vocabulary(field).split(value)
    wrong = next((text for text, key in named if key is None), None)
    if wrong is not None:
        raise _not_accepted(field, wrong)
    return _unique(key for _text, key in named if key is not None)


def _unique(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


def split_list(text: str) -> list[str]:
    """The items of a free list written as text (ids, say): separated by
    ``;``, or by ``,`` when the text holds no ``;``."""
    return text.split(";") if ";" in text else text.split(",")
