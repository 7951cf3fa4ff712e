"""Semesters of TU Dresden and date arithmetic for MEDiC's rules.

The winter semester runs from 1 October to 31 March, the summer semester from
1 April to 30 September. Dates are local dates in the programme's time zone.
At the ends of what a date can hold (years 1 and 9999) dates are clamped to
``date.min``/``date.max`` instead of overflowing, so a host asking what is due
in 9999 gets an answer, not a tandem left out of the feed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from mentorcore.i18n import Message
from mentorcore.policy.periods import clamped_date
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
    return Semester(
        f"WS {year}/{(year + 1) % 100:02d}",
        clamped_date(year, 10, 1),
        clamped_date(year + 1, 3, 31),
    )


def winter_start_on_or_after(day: date) -> date:
    """*day* if it lies in a winter semester, else the first day of the next one."""
    return day if semester_of(day).winter else date(day.year, 10, 1)


def winter_start_on_or_before(day: date) -> date:
    """The first day of the winter semester *day* lies in, or of the last one before it."""
    semester = semester_of(day)
    return semester.start if semester.winter else clamped_date(day.year - 1, 10, 1)


def semesters_ended(since: date, until: date) -> list[Semester]:
    """The semesters that end on or after *since* and before *until*, oldest first."""
    ended: list[Semester] = []
    current = semester_of(since)
    while current.end < until:
        ended.append(current)
        current = semester_of(current.end + timedelta(days=1))
    return ended
