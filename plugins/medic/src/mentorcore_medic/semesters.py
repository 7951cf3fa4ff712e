"""Semesters of TU Dresden and date arithmetic for MEDiC's rules.

The winter semester runs from 1 October to 31 March, the summer semester from
1 April to 30 September. Dates are local dates in the programme's time zone.
At the ends of what a date can hold (years 1 and 9999) dates are clamped to
``date.min``/``date.max`` instead of overflowing, so a host asking what is due
in 9999 gets an answer, not a tandem left out of the feed.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mentorcore.i18n import Message
from mentorcore_medic.texts import _


class Semester(NamedTuple):
    """One semester: its label (``"WS 2026/27"``, ``"SS 2027"``) and first and last day.

    The label is a stable code (due actions' keys hold it); people read :attr:`name`.
    """

    label: str
    start: date
    end: date

    @property
    def winter(self) -> bool:
        """Whether this is a winter semester."""
        return self.start.month == 10

    @property
    def name(self) -> Message:
        """The semester as people name it: "WiSe 2026/27", "winter semester 2026/27"."""
        if self.winter:
            first = self.start.year
            second = str((first + 1) % 100).zfill(2)
            return _("winter semester {year}/{next}", year=first, next=second)
        return _("summer semester {year}", year=self.start.year)


def semester_of(day: date) -> Semester:
    """The semester *day* falls in."""
    if day.month >= 10:
        return _winter(day.year)
    if day.month <= 3:
        return _winter(day.year - 1)
    return Semester(f"SS {day.year}", date(day.year, 4, 1), date(day.year, 9, 30))


def _winter(year: int) -> Semester:
    return Semester(f"WS {year}/{(year + 1) % 100:02d}", _day(year, 10, 1), _day(year + 1, 3, 31))


def _day(year: int, month: int, day: int) -> date:
    """``date(year, month, day)``, clamped to ``date.min``/``date.max`` outside years 1-9999."""
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, day)


def winter_start_on_or_after(day: date) -> date:
    """*day* if it lies in a winter semester, else the first day of the next one."""
    return day if semester_of(day).winter else date(day.year, 10, 1)


def winter_start_on_or_before(day: date) -> date:
    """The first day of the winter semester *day* lies in, or of the last one before it."""
    semester = semester_of(day)
    return semester.start if semester.winter else _day(day.year - 1, 10, 1)


def semesters_ended(since: date, until: date) -> list[Semester]:
    """The semesters that end on or after *since* and before *until*, oldest first."""
    ended: list[Semester] = []
    current = semester_of(since)
    while current.end < until:
        ended.append(current)
        current = semester_of(current.end + timedelta(days=1))
    return ended


def add_months(day: date, months: int) -> date:
    """*day* plus *months* calendar months (the day clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        return _day(year, 1, 1)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def local_date(moment: datetime, timezone: str) -> date:
    """The date of *moment* in *timezone* (clamped at the ends of the calendar)."""
    try:
        return moment.astimezone(ZoneInfo(timezone)).date()
    except OverflowError:  # 9999-12-31T23:30Z is in year 10000 in Dresden
        return date.max if moment.year > 1 else date.min


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of *day* in *timezone*, as an aware UTC datetime (clamped)."""
    try:
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)
    except OverflowError:  # 0001-01-01 00:00 in Dresden is in year 0 in UTC
        return (datetime.max if day.year > 1 else datetime.min).replace(tzinfo=UTC)
