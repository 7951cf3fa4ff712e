"""Calendar periods a cadence is reckoned in, in a programme's time zone.

German semesters (winter 1 October to 31 March, summer 1 April to 30
September), calendar quarters, months and mentoring years (starting in a month
the programme chooses, KERPEN-YEAR-1). A period is a half-open range of local
dates ``[start, end)``; a meeting belongs to the period containing the local
date of its start.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from attrs import frozen

from mentorcore.errors import InvalidInput
from mentorcore.policy.decisions import PeriodKind


@frozen
class Period:
    """One period: local dates from *start* (inclusive) to *end* (exclusive).

    :ivar kind: Semester, quarter, month or mentoring year.
    :ivar start: Its first day.
    :ivar end: The first day after it.
    :ivar label: A stable, readable name (``"WiSe 2026/27"``, ``"2027-Q1"``).
    """

    kind: PeriodKind
    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        """Whether local date *day* lies in the period."""
        return self.start <= day < self.end

    @property
    def days(self) -> int:
        """Its length in days."""
        return (self.end - self.start).days

    def ends_at(self, timezone: str) -> datetime:
        """The instant it ends: local midnight of :attr:`end` in *timezone*."""
        return datetime.combine(self.end, time(0), tzinfo=ZoneInfo(timezone))


def local_date(instant: datetime, timezone: str) -> date:
    """The date of *instant* in *timezone*."""
    return instant.astimezone(ZoneInfo(timezone)).date()


def period_of(kind: PeriodKind, day: date, *, year_start_month: int = 1) -> Period:
    """The period of *kind* containing local date *day*.

    :raises InvalidInput: *year_start_month* is not a month.
    """
    if kind is PeriodKind.SEMESTER:
        if day.month >= 10:
            return Period(kind, date(day.year, 10, 1), date(day.year + 1, 4, 1), _winter(day.year))
        if day.month <= 3:
            return Period(
                kind, date(day.year - 1, 10, 1), date(day.year, 4, 1), _winter(day.year - 1)
            )
        return Period(kind, date(day.year, 4, 1), date(day.year, 10, 1), f"SoSe {day.year}")
    if kind is PeriodKind.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        return Period(
            kind,
            date(day.year, first, 1),
            _add_months(day.year, first, 3),
            f"{day.year}-Q{(first + 2) // 3}",
        )
    if kind is PeriodKind.MONTH:
        return Period(
            kind, date(day.year, day.month, 1), _add_months(day.year, day.month, 1), f"{day:%Y-%m}"
        )
    if not 1 <= year_start_month <= 12:
        raise InvalidInput(
            [("mentoring_year_start_month", f"expected 1 to 12, got {year_start_month}")]
        )
    year = day.year if day.month >= year_start_month else day.year - 1
    start = date(year, year_start_month, 1)
    label = f"MJ {year}" if year_start_month == 1 else f"MJ {year}/{(year + 1) % 100:02d}"
    return Period(kind, start, _add_months(year, year_start_month, 12), label)


def periods_between(
    kind: PeriodKind, first: date, last: date, *, year_start_month: int = 1
) -> Iterator[Period]:
    """Every period of *kind* that overlaps the local dates *first* to *last* (inclusive)."""
    period = period_of(kind, first, year_start_month=year_start_month)
    while period.start <= last:
        yield period
        period = period_of(kind, period.end, year_start_month=year_start_month)


def _winter(year: int) -> str:
    return f"WiSe {year}/{(year + 1) % 100:02d}"


def _add_months(year: int, month: int, months: int) -> date:
    index = year * 12 + (month - 1) + months
    return date(index // 12, index % 12 + 1, 1)
