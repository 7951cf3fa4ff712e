"""Kerpen's mentoring year (KERPEN-YEAR-1) and the date arithmetic of its rules.

A mentoring year starts on the first of the month the programme sets
(``mentoring_year_start_month``). Dates are local dates in the programme's time
zone; at the ends of the calendar (years 1 and 9999) they are clamped to
``date.min``/``date.max`` instead of overflowing, so a host asking what is due
in 9999 gets an answer.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from mentorcore import Programme, Tandem
from mentorcore.i18n import Message
from mentorcore.policy.periods import add_months, clamped_date, local_date, shifted_date
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
    start = clamped_date(year, month, 1)
    end = shifted_date(add_months(start, 12), -1)
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
    if late > 0 and day > shifted_date(year.end, -late) and year.end < date.max:
        return mentoring_year(shifted_date(year.end, 1), programme)
    return year


def tandem_year(tandem: Tandem, programme: Programme) -> MentoringYear:
    """KERPEN-YEAR-1: the mentoring year of *tandem*, fixed when it was formed."""
    return year_joined(local_date(tandem.created_at, programme.timezone), programme)


# Dates at the ends of the calendar (years 1 and 9999) are clamped to date.min and
# date.max by the core's calendar arithmetic instead of overflowing: a host asking
# what is due in 9999 gets an answer.
