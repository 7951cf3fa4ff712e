"""Kerpen's mentoring year (KERPEN-YEAR-1) and the date arithmetic of its rules.

A mentoring year starts on the first of the month the programme sets
(``mentoring_year_start_month``). Dates are local dates in the programme's time
zone; at the ends of the calendar (years 1 and 9999) they are clamped to
``date.min``/``date.max`` instead of overflowing, so a host asking what is due
in 9999 gets an answer.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mentorcore import Programme, Tandem
from mentorcore.i18n import Message
from mentorcore_kerpen.catalogue import whole
from mentorcore_kerpen.texts import _


class MentoringYear(NamedTuple):
    """One mentoring year: its label (``"2027"``, ``"2027/28"``; due actions' keys
    hold it) and first and last day."""

    label: str
    start: date
    end: date

    @property
    def name(self) -> Message:
        """The year as people name it: "mentoring year 2027", "Mentoringjahr 2027"."""
        return _("mentoring year {year}", year=self.label)


def mentoring_year(day: date, programme: Programme) -> MentoringYear:
    """The mentoring year *day* falls in (it starts on the first of the set month).

    :raises ValueError: the setting ``mentoring_year_start_month`` is not 1-12.
    """
    month = whole(programme, "mentoring_year_start_month")
    if not 1 <= month <= 12:
        raise ValueError(
            f"setting 'mentoring_year_start_month' of {programme.key} must be "
            f"a month 1-12, got {month}"
        )
    year = day.year if day.month >= month else day.year - 1
    start = _day(year, month, 1)
    end = plus(_add_months(start, 12), -1)
    label = str(year) if month == 1 else f"{year}/{(year + 1) % 100:02d}"
    return MentoringYear(label, start, end)


def year_joined(day: date, programme: Programme) -> MentoringYear:
    """KERPEN-YEAR-1: the mentoring year a tandem formed on *day* belongs to.

    The year *day* falls in; but a tandem formed in the last
    ``late_tandem_days`` of a year would miss its introductory workshop, its
    workshops and most of its time, so it belongs to the next year.
    """
    year = mentoring_year(day, programme)
    late = whole(programme, "late_tandem_days")
    if late > 0 and day > plus(year.end, -late) and year.end < date.max:
        return mentoring_year(plus(year.end, 1), programme)
    return year


def tandem_year(tandem: Tandem, programme: Programme) -> MentoringYear:
    """KERPEN-YEAR-1: the mentoring year of *tandem*, fixed when it was formed."""
    return year_joined(local_date(tandem.created_at, programme), programme)


# Dates at the ends of the calendar (years 1 and 9999) are clamped to date.min and
# date.max instead of overflowing: a host asking what is due in 9999 gets an answer.


def _day(year: int, month: int, day: int) -> date:
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, day)


def plus(day: date, days: int) -> date:
    """*day* moved by *days*, clamped to ``date.min``/``date.max``."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        return _day(year, 1, 1)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def local_date(moment: datetime, programme: Programme) -> date:
    """The date of *moment* in the programme's zone (clamped at the ends of time)."""
    try:
        return moment.astimezone(ZoneInfo(programme.timezone)).date()
    except OverflowError:
        return date.max if moment.year > 1 else date.min


def midnight(day: date, programme: Programme) -> datetime:
    """The start of *day* in the programme's zone, as an aware UTC datetime (clamped)."""
    try:
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(programme.timezone)).astimezone(UTC)
    except OverflowError:
        return (datetime.max if day.year > 1 else datetime.min).replace(tzinfo=UTC)
