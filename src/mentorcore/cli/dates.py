"""Dates and times as people write them, with errors in words.

A day is ``2027-02-28`` (ISO) or ``28.02.2027`` (German, the day and month
with one or two digits); a moment adds a time of day (``18:00``, after a
space or ``T``) and may carry an offset (``Z``, ``+02:00``). What is not a
date says why in a sentence ("February 2027 has 28 days"), never as a
strftime pattern. Years outside :data:`MIN_YEAR` to :data:`MAX_YEAR` are
refused here, so no later arithmetic on them (time zones, periods,
reminders) can overflow.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

import click
from attrs import frozen
from babel.dates import format_skeleton

from mentorcore.cli.words import Alternatives
from mentorcore.i18n import Message, _, babel_locale
from mentorcore.i18n.language import current_language

#: The years the command line accepts: far wider than any mentoring
#: programme, far from the ends of Python's calendar (1 and 9999).
MIN_YEAR, MAX_YEAR = 1900, 2200

_ISO = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_GERMAN = r"(?P<gd>\d{1,2})\.(?P<gm>\d{1,2})\.(?P<gy>\d{4})"
_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,6})?)?"
_OFFSET = r"(?P<z>Z|[+-]\d{2}(?::?\d{2})?)"
_DAY = re.compile(rf"(?:{_ISO}|{_GERMAN})")
_MOMENT = re.compile(rf"(?:{_ISO}|{_GERMAN})(?:(?:[ T]|, ?){_TIME}\s*{_OFFSET}?)?", re.IGNORECASE)

DAY_FORMATS = ("2027-02-28", "28.02.2027")
MOMENT_FORMATS = ("2026-10-12 18:00", "12.10.2026 18:00", "2026-10-12T18:00+02:00")


class DateError(ValueError):
    """A text that is no date or time; the message says why, in words
    (rendered in the context's language when the error is shown).

    :ivar message: The translatable message.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


@frozen
class Month:
    """A month of a year, named in the language it is rendered in ("Februar 2027")."""

    year: int
    month: int

    def render(self, language: str | None = None) -> str:
        """The month's name and the year."""
        day = date(self.year, self.month, 1)
        return format_skeleton("yMMMM", day, locale=babel_locale(language or current_language()))


def in_window(value: date, text: str) -> None:
    """Refuse a day or moment outside :data:`MIN_YEAR` to :data:`MAX_YEAR`.

    :raises DateError: it is outside.
    """
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DateError(
            _(
                "'{text}' is outside the years mentorcore accepts ({first} to {last})",
                text=text,
                first=MIN_YEAR,
                last=MAX_YEAR,
            )
        )


def _day(text: str, year: str, month: str, day: str) -> date:
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12:
        raise DateError(_("'{text}' is not a date: there is no month {month}", text=text, month=m))
    if d < 1:
        raise DateError(_("'{text}' is not a date: days are counted from 1", text=text))
    if not MIN_YEAR <= y <= MAX_YEAR:
        in_window(date(MIN_YEAR - 1 if y < MIN_YEAR else MAX_YEAR + 1, 1, 1), text)
    days = calendar.monthrange(y, m)[1]
    if d > days:
        raise DateError(
            _(
                "'{text}' is not a date: {month} has {days} days",
                text=text,
                month=Month(y, m),
                days=days,
            )
        )
    return date(y, m, d)


def _parts(match: re.Match[str], text: str) -> date:
    if match["y"] is not None:
        return _day(text, match["y"], match["m"], match["d"])
    return _day(text, match["gy"], match["gm"], match["gd"])


def parse_day(text: str) -> date:
    """The day *text* names: ``2027-02-28`` or ``28.02.2027``.

    :raises DateError: *text* is no day, or one outside the accepted years.
    """
    wanted = text.strip()
    match = _DAY.fullmatch(wanted)
    if match is None:
        raise DateError(
            _(
                "'{text}' is not a date: write it as {formats}",
                text=text,
                formats=Alternatives(DAY_FORMATS),
            )
        )
    return _parts(match, text)


def is_day(text: str) -> bool:
    """Whether *text* is written as a day alone (valid or not)."""
    return _DAY.fullmatch(text.strip()) is not None


def _offset(text: str, found: str | None) -> timezone | None:
    if found is None:
        return None
    if found.upper() == "Z":
        return UTC
    digits = found[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise DateError(
            _("'{text}': {offset} is no offset from UTC (at most ±23:59)", text=text, offset=found)
        )
    sign = -1 if found[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(text: str) -> datetime:
    """The moment *text* names, naive unless it carries an offset: a day as
    :func:`parse_day` reads it, then a time of day (``18:00``) and an offset
    (``Z``, ``+02:00``). A day alone is its midnight. Other ISO 8601 forms
    (``20261012T1800``) are read too.

    :raises DateError: *text* is no moment, or one outside the accepted years.
    """
    wanted = text.strip()
    match = _MOMENT.fullmatch(wanted)
    if match is None:
        try:
            found = datetime.fromisoformat(wanted)
        except ValueError:
            raise DateError(
                _(
                    "'{text}' is not a date and time: write it as {formats}",
                    text=text,
                    formats=Alternatives(MOMENT_FORMATS),
                )
            ) from None
        in_window(found, text)
        return found
    day = _parts(match, text)
    if match["H"] is None:
        return datetime.combine(day, time())
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hour > 23:
        raise DateError(_("'{text}' is not a time of day: hours go from 0 to 23", text=text))
    if minute > 59:
        raise DateError(_("'{text}' is not a time of day: minutes go from 0 to 59", text=text))
    if second > 59:
        raise DateError(_("'{text}' is not a time of day: seconds go from 0 to 59", text=text))
    return datetime.combine(day, time(hour, minute, second), tzinfo=_offset(text, match["z"]))


def day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """An option callback reading a day (:func:`parse_day`).

    :raises click.BadParameter: *value* is no day, or outside the accepted
        years (exit 2, the reason in words).
    """
    if value is None:
        return None
    try:
        return parse_day(value)
    except DateError as error:
        raise click.BadParameter(str(error), ctx, param) from None
