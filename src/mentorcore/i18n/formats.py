"""Dates, times, numbers and lists in a language, through Babel (CLDR).

Times are always shown in a named zone: "Montag, 2. März 2026, 14:00 MEZ".
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from attrs import frozen
from babel.dates import format_date, format_time, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_decimal

from mentorcore.i18n.language import current_language

#: The CLDR locale each language is formatted in. English is British English:
#: mentorcore's programmes are European, and their English readers expect
#: "2 March 2026" and "18:00", not "March 2, 2026" and "6:00 PM".
LOCALES = {"en": "en_GB", "de": "de_DE"}


def babel_locale(language: str) -> str:
    """The CLDR locale that formats dates, times, numbers and lists in *language*."""
    return LOCALES.get(language, language)


def day(value: date, language: str, style: str = "long") -> str:
    """*value* as a date: ``"2. März 2026"`` (long), ``"Montag, 2. März 2026"`` (full),
    ``"02.03.2026"`` (medium), or a CLDR pattern."""
    return format_date(value, style, locale=babel_locale(language))


def moment(value: datetime, language: str, timezone: str | None = None, style: str = "long") -> str:
    """*value* as a date and time in *timezone* (default: its own zone, else UTC),
    with the zone's name: ``"2. März 2026, 14:00 MEZ"``."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    local = aware.astimezone(ZoneInfo(timezone)) if timezone else aware
    return f"{day(local.date(), language, style)}, {clock(local, language)}"


def clock(value: datetime, language: str) -> str:
    """The time of day of *value* with its zone's short name: ``"14:00 MEZ"``."""
    zone = get_timezone_name(value, "short", locale=babel_locale(language))
    if zone[:1] in "+-" or zone.startswith("GMT"):
        # CLDR has no short name for this zone in this language (English has
        # none for Europe/Berlin): the zone's own abbreviation ("CEST") reads better.
        zone = value.tzname() or zone
    return f"{format_time(value, 'short', locale=babel_locale(language))} {zone}"


def number(value: float, language: str) -> str:
    """*value* with the language's decimal sign and grouping: ``"1.234,5"``."""
    return format_decimal(value, locale=babel_locale(language))


ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
]


def listing(
    items: list[str] | tuple[str, ...], language: str, style: ListStyle = "standard"
) -> str:
    """*items* joined as the language joins a list: ``"Ada, Grace und Katherine"``."""
    return format_list(list(items), style=style, locale=babel_locale(language)) if items else ""


@frozen
class Day:
    """A date parameter in a chosen CLDR style (``"full"`` adds the weekday)."""

    value: date
    style: str = "long"

    def render(self, language: str | None = None) -> str:
        return day(self.value, language or current_language(), self.style)


@frozen
class Moment:
    """A date-and-time parameter shown in *timezone* with the zone's name."""

    value: datetime
    timezone: str | None = None
    style: str = "long"

    def render(self, language: str | None = None) -> str:
        return moment(self.value, language or current_language(), self.timezone, self.style)


@frozen
class Number:
    """A number parameter with the language's decimal sign and grouping."""

    value: float

    def render(self, language: str | None = None) -> str:
        return number(self.value, language or current_language())


def render_value(value: object, language: str) -> str:
    """A parameter's value as text in *language*."""
    if hasattr(value, "render"):
        return str(value.render(language))
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, float):
        return number(value, language)
    if isinstance(value, datetime):
        return moment(value, language)
    if isinstance(value, date):
        return day(value, language)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple | list):
        return listing([render_value(v, language) for v in value], language)
    return str(value)
