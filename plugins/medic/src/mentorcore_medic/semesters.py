"""Semesters of TU Dresden and date arithmetic for MEDiC's rules.

The winter semester runs from 1 October to 31 March, the summer semester from
1 April to 30 September. Dates are local dates in the programme's time zone.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo


class Semester(NamedTuple):
    """One semester: its label (``"WS 2026/27"``, ``"SS 2027"``) and first and last day."""

    label: str
    start: date
    end: date

    @property
    def winter(self) -> bool:
        """Whether this is a winter semester."""
        return self.start.month == 10


def semester_of(day: date) -> Semester:
    """The semester *day* falls in."""
    if day.month >= 10:
        return _winter(day.year)
    if day.month <= 3:
        return _winter(day.year - 1)
    return Semester(f"SS {day.year}", date(day.year, 4, 1), date(day.year, 9, 30))


def _winter(year: int) -> Semester:
    return Semester(f"WS {year}/{(year + 1) % 100:02d}", date(year, 10, 1), date(year + 1, 3, 31))


def winter_start_on_or_after(day: date) -> date:
    """*day* if it lies in a winter semester, else the first day of the next one."""
    return day if semester_of(day).winter else date(day.year, 10, 1)


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
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def local_date(moment: datetime, timezone: str) -> date:
    """The date of *moment* in *timezone*."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of *day* in *timezone*, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)
