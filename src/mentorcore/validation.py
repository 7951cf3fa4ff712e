"""Type checks for objects handed to the engine by host code.

attrs does not check annotations at runtime; a host passing a ``str`` where a
``UUID`` belongs, or a naive datetime, must get a clear :class:`InvalidInput`
naming the field, not a crash somewhere deeper.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

import attrs

from mentorcore.errors import InvalidInput
from mentorcore.i18n import SUPPORTED, Message, Text, _, negotiate


def check(obj: object, where: str = "", expected: type | None = None) -> None:
    """Check that *obj* is an *expected* and each of its fields fits its annotation.

    :raises InvalidInput: listing each wrong field by its dotted path.
    """
    problems: list[tuple[str, Text]] = []
    _check_value(obj, expected or type(obj), where or type(obj).__name__, problems)
    if problems:
        raise InvalidInput(problems)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _check_value(value: object, hint: Any, path: str, problems: list[tuple[str, Text]]) -> None:
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:  # NewType
        _check_value(value, supertype, path, problems)
        return
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        for option in options:
            trial: list[tuple[str, Text]] = []
            _check_value(value, option, path, trial)
            if not trial:
                return
        names = " | ".join(_name(o) for o in options)
        problems.append(
            (path, _("expected {expected}, got {got}", expected=names, got=_show(value)))
        )
        return
    if origin in (tuple, frozenset):
        if not isinstance(value, origin):
            problems.append(
                (
                    path,
                    _("expected {expected}, got {got}", expected=origin.__name__, got=_show(value)),
                )
            )
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


def _check_type(value: object, hint: type, path: str, problems: list[tuple[str, Text]]) -> None:
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if hint is int and isinstance(value, bool):
        problems.append(
            (path, _("expected {expected}, got {got}", expected="int", got=_show(value)))
        )
        return
    if hint is date and isinstance(value, datetime):
        problems.append((path, _("expected a date, got a datetime {got}", got=show(value))))
        return
    if not isinstance(value, hint):
        if issubclass(hint, enum.Enum):
            problem = _(
                "expected one of {accepted}, got {got}",
                accepted=", ".join(str(m.value) for m in hint),
                got=_show(value),
            )
        else:
            problem = _("expected {expected}, got {got}", expected=_name(hint), got=_show(value))
        problems.append((path, problem))
        return
    if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
        problems.append((path, _("naive datetime: give a timezone (e.g. UTC)")))
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
    return f"{type(value).__name__} {show(value)}"


def show(value: object) -> str:
    """A short ``repr`` of a host's value: hostile values can be huge, or (a
    number of thousands of digits) too long to convert at all."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def check_id(tandem_id: object) -> None:
    """Refuse anything but a UUID as a tandem id, naming it."""
    if not isinstance(tandem_id, UUID):
        raise InvalidInput([("tandem_id", _("expected a UUID, got {got}", got=show(tandem_id)))])


# ---------------------------------------------------------------- the door
#
# What a host hands in is stored in events that every later read shows to
# others: text that a terminal or a calendar cannot show, an e-mail address
# with a line break, a date in the year 9999 would break those reads for
# everyone. These checks refuse such input before anything is written.

#: Longest person id: ids become file names (certificates) and URLs.
MAX_ID_LENGTH = 200
#: Longest name, organisation, place or other one-line text.
MAX_LINE_LENGTH = 1_000
#: Longest free text (reasons, notes, agendas, record fields).
MAX_TEXT_LENGTH = 100_000
#: The most live tandems a mentor's enrolment may allow (matching builds a
#: place per unit of capacity).
MAX_CAPACITY = 1_000
#: Dates are accepted this many years either side of today when a programme
#: sets nothing else (setting ``date_window_years``), and never more than
#: :data:`MAX_DATE_WINDOW_YEARS`.
DATE_WINDOW_YEARS = 10
MAX_DATE_WINDOW_YEARS = 100
#: The years a host's clock may stand in.
CLOCK_YEARS = (1900, 2999)

#: Field names whose text is one line (ids, names, keys); others (reasons,
#: notes, agendas, places) may hold line breaks and tabs.
SINGLE_LINE = frozenset(
    {
        "id",
        "name",
        "email",
        "organisation",
        "programme_key",
        "mentor",
        "mentee",
        "subject",
        "object",
        "track",
        "topics",
        "template",
    }
)

# C0 and C1 control characters, DEL, lone surrogates, line/paragraph separators.
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
# In free text: the same, but tab, newline and CR LF line breaks are fine.
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LONE_CR = re.compile("\r(?!\n)")
_BREAKS = str.maketrans("", "", "\n\t")
_MAX_DEPTH = 20


def text_problem(value: str, *, multiline: bool, limit: int | None = None) -> Message | None:
    """What makes *value* unfit to store and show, or ``None``.

    Refused: lone surrogates, control characters (in *multiline* text tab,
    newline and CR LF are allowed), and more than *limit* characters.
    """
    limit = limit or (MAX_TEXT_LENGTH if multiline else MAX_LINE_LENGTH)
    if len(value) > limit:
        return _("longer than {limit} characters ({length})", limit=limit, length=len(value))
    if value.isprintable() or (multiline and value.translate(_BREAKS).isprintable()):
        return None  # the common cases, checked in C
    bad = (_NOT_IN_TEXT if multiline else _NOT_IN_A_LINE).search(value)
    if bad is None and multiline and "\r" in value:
        bad = _LONE_CR.search(value)
    if bad is None:
        return None
    char = bad.group()[0]
    code, position = f"U+{ord(char):04X}", bad.start()
    if "\ud800" <= char <= "\udfff":
        return _(
            "contains a lone surrogate ({code} at position {position}) that cannot be shown",
            code=code,
            position=position,
        )
    if multiline:
        return _(
            "contains a control character ({code} at position {position}) that cannot be "
            "shown; only tabs and line breaks are allowed here",
            code=code,
            position=position,
        )
    return _(
        "contains a control character ({code} at position {position}) that cannot be "
        "shown; no control characters are allowed here",
        code=code,
        position=position,
    )


def check_texts(obj: object, where: str = "") -> None:
    """Check every text in *obj* (an attrs instance, mapping, tuple or str).

    Fields named in :data:`SINGLE_LINE` and mapping keys must be one line.

    :raises InvalidInput: naming each field whose text is unfit.
    """
    problems: list[tuple[str, Text]] = []
    _texts(obj, where or type(obj).__name__, False, problems, 0)
    if problems:
        raise InvalidInput(problems)


_SCALARS = (bool, int, float, UUID, date, enum.Enum)


def _texts(
    value: object, path: str, single: bool, problems: list[tuple[str, Text]], depth: int
) -> None:
    if isinstance(value, str):
        problem = text_problem(value, multiline=not single)
        if problem:
            problems.append((path, problem))
    elif value is None or isinstance(value, _SCALARS):
        return
    elif depth > _MAX_DEPTH:
        problems.append((path, _("nested more than {depth} levels deep", depth=_MAX_DEPTH)))
    elif isinstance(value, tuple | list | frozenset | set):
        for i, item in enumerate(value):
            _texts(item, f"{path}[{i}]", single, problems, depth + 1)
    elif attrs.has(type(value)):
        cls: Any = type(value)
        for name, one_line in _text_fields(cls):
            _texts(getattr(value, name), f"{path}.{name}", one_line, problems, depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _texts(key, f"{path} key", True, problems, depth + 1)
            _texts(item, f"{path}[{key!r:.40}]", False, problems, depth + 1)


@cache
def _text_fields(cls: Any) -> tuple[tuple[str, bool], ...]:
    return tuple((f.name, f.name in SINGLE_LINE) for f in attrs.fields(cls))


def language_problem(value: object) -> Message | None:
    """Why *value* names no supported language (``None``: it names one, or is ``None``)."""
    if value is None or (isinstance(value, str) and negotiate(value)):
        return None
    return _(
        "{given} is not a supported language; supported: {supported}",
        given=show(value),
        supported=SUPPORTED,
    )


def person_id_problem(value: object) -> Message | None:
    """What makes *value* unfit as a person id, or ``None``.

    An id is non-empty text of at most :data:`MAX_ID_LENGTH` characters,
    without leading or trailing spaces, control characters, ``/``, ``\\``
    or ``..`` (ids become file names and URLs).
    """
    if not isinstance(value, str):
        return _("expected text, got {got}", got=_show(value))
    if not value.strip():
        return _("a person needs a non-empty id and name")
    problem = text_problem(value, multiline=False, limit=MAX_ID_LENGTH)
    if problem:
        return problem
    if value != value.strip():
        return _("{id} has leading or trailing spaces", id=repr(value))
    if "/" in value or "\\" in value or ".." in value:
        return _("{id} contains '/', '\\' or '..' (ids become file names)", id=repr(value))
    return None


def email_problem(value: object) -> Message | None:
    """What makes *value* unfit as an e-mail address, or ``None``.

    ``None`` and ``""`` mean "no address". Anything else must be one
    address as the ``email-validator`` package accepts it (syntax only, no
    DNS look-up; special-use domains such as ``.test`` or ``.local`` are refused).
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return _("expected text or None, got {got}", got=_show(value))
    problem = text_problem(value, multiline=False)
    if problem:
        return problem
    # Imported here: the validator and its IDNA tables cost 40 ms to load.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return _(
            "{address} is not an e-mail address: {problem}",
            address=repr(value),
            problem=Message.literal(str(exc)),
        )
    return None


def date_window(today: date, years: int) -> tuple[date, date]:
    """The first and last day accepted *years* (at most :data:`MAX_DATE_WINDOW_YEARS`)
    either side of *today*."""
    span = max(1, min(int(years), MAX_DATE_WINDOW_YEARS))
    return _shift(today, -span), _shift(today, span)


def date_problem(value: date, today: date, years: int) -> Message | None:
    """Whether *value* (a date, or a datetime's own calendar day) lies in
    :func:`date_window`; ``None`` if it does."""
    first, last = date_window(today, years)
    day = value.date() if isinstance(value, datetime) else value
    if first <= day <= last:
        return None
    return _(
        "{day} is outside the dates this programme accepts ({first} to {last}: "
        "setting date_window_years)",
        day=day,
        first=first,
        last=last,
    )


def _shift(day: date, years: int) -> date:
    year = min(max(day.year + years, 1), 9999)
    if (day.month, day.day) == (2, 29):  # no 29 February in most years
        return day.replace(year=year, day=28)
    return day.replace(year=year)


def clock_problem(now: object) -> Message | None:
    """What makes a clock's answer unusable, or ``None``: it must be an aware
    datetime in the years :data:`CLOCK_YEARS`."""
    if not isinstance(now, datetime):
        return _("expected an aware datetime, got {got}", got=_show(now))
    if now.tzinfo is None or now.utcoffset() is None:
        return _("returned a naive datetime {got}: give a timezone (e.g. UTC)", got=now.isoformat())
    if not CLOCK_YEARS[0] <= now.year <= CLOCK_YEARS[1]:
        return _(
            "returned {got}, outside the years {first} to {last}",
            got=now.isoformat(),
            first=CLOCK_YEARS[0],
            last=CLOCK_YEARS[1],
        )
    return None
