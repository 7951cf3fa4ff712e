"""Calendar periods a cadence is reckoned in, in a programme's time zone.

German semesters (winter 1 October to 31 March, summer 1 April to 30
September), calendar quarters, months and mentoring years (starting in a month
the programme chooses, KERPEN-YEAR-1). A period is a half-open range of local
dates ``[start, end)``; a meeting belongs to the period containing the local
date of its start.

A period has a stable code (:attr:`Period.label`: ``"WiSe 2026/27"``, used in
keys and stored data, the same in every language) and a title people read
(:attr:`Period.title`: "WiSe 2026/27" in German, "winter semester 2026/27" in
English). Texts name its end inclusively, :attr:`Period.last_day`: the summer
semester 2027 ends on 30 September 2027, not on the exclusive bound.

Date arithmetic here never overflows: a stored date near the ends of what
Python can hold (a meeting on 9999-12-31, a setting of 10**30 days) is
clamped to :data:`EARLIEST` / :data:`LATEST` (``date.min`` / ``date.max`` for
days) instead of raising, so one such record cannot break a report for
everyone. A clamped value lies beyond any real "now": what is due at it is
never due.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from attrs import Factory, field, frozen

from mentorcore.domain import Meeting
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Day, Message, _
from mentorcore.policy.decisions import PeriodKind

#: The earliest and the latest instant a datetime can hold: where shifts clamp.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
# An instant in the middle: which end an overflowing conversion ran over.
_MIDDLE = datetime(5000, 1, 1, tzinfo=UTC)


@frozen
class Period:
    """One period: local dates from *start* (inclusive) to *end* (exclusive).

    :ivar kind: Semester, quarter, month or mentoring year.
    :ivar start: Its first day.
    :ivar end: The first day after it.
    :ivar label: A stable code, the same in every language, used in keys
        (``"WiSe 2026/27"``, ``"SoSe 2027"``, ``"2027-Q1"``, ``"MJ 2026/27"``).
    :ivar title: Its name for people, translatable: "WiSe 2026/27" in German,
        "winter semester 2026/27" in English (default: the label as it is).
    """

    kind: PeriodKind
    start: date
    end: date
    label: str
    title: Message = field(
        default=Factory(lambda self: Message.literal(self.label), takes_self=True)
    )

    def contains(self, day: date) -> bool:
        """Whether local date *day* lies in the period.

        A period clamped at ``date.max`` (see :func:`period_of`) contains it.
        """
        return self.start <= day and (day < self.end or self.end == date.max)

    @property
    def last_day(self) -> date:
        """Its last day (inclusive): what texts name as its end.

        ``date.max`` for a period clamped there.
        """
        return self.end if self.end == date.max else shifted_date(self.end, -1)

    @property
    def days(self) -> int:
        """Its length in days."""
        return (self.end - self.start).days

    def ends_at(self, timezone: str) -> datetime:
        """The instant it ends: local midnight of :attr:`end` in *timezone*."""
        return datetime.combine(self.end, time(0), tzinfo=zone(timezone))


def local_date(instant: datetime, timezone: str) -> date:
    """The date of *instant* in *timezone* (``date.min``/``date.max`` where that
    date lies outside what a date can hold, e.g. 9999-12-31T23:30Z in Berlin).

    :raises InvalidInput: *instant* is not an aware datetime, or *timezone* no zone.
    """
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise InvalidInput(
            [
                (
                    "instant",
                    _("expected a timezone-aware date and time, got {value}", value=repr(instant)),
                )
            ]
        )
    try:
        return instant.astimezone(zone(timezone)).date()
    except OverflowError:
        return date.max if instant > _MIDDLE else date.min


def zone(timezone: str) -> ZoneInfo:
    """The IANA zone named *timezone*.

    :raises InvalidInput: no such zone (or not a zone name at all).
    """
    return _zone(timezone) if isinstance(timezone, str) else _no_zone(timezone)


@cache
def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ValueError, OSError, LookupError):  # ZoneInfoNotFoundError is a KeyError
        return _no_zone(timezone)


def _no_zone(timezone: object) -> ZoneInfo:
    shown = repr(timezone) if len(repr(timezone)) <= 60 else f"{repr(timezone)[:57]}..."
    raise InvalidInput(
        [("timezone", _("expected an IANA time zone name, got {value}", value=shown))]
    )


def shifted(instant: datetime, *, days: int = 0, minutes: int = 0) -> datetime:
    """*instant* moved by *days* and *minutes*, clamped to :data:`EARLIEST` /
    :data:`LATEST` instead of overflowing."""
    try:
        return instant + timedelta(days=days, minutes=minutes)
    except OverflowError:
        return LATEST if days * 1440 + minutes > 0 else EARLIEST


def shifted_date(day: date, days: int) -> date:
    """*day* moved by *days*, clamped to ``date.min`` / ``date.max``."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def meeting_end(meeting: Meeting) -> datetime:
    """*meeting*'s planned end (start plus duration), clamped like :func:`shifted`."""
    return shifted(meeting.start, minutes=meeting.duration_minutes)


def period_of(kind: PeriodKind, day: date, *, year_start_month: int = 1) -> Period:
    """The period of *kind* containing local date *day*.

    Periods running past the years a date can hold are clamped: they start at
    ``date.min`` or end at ``date.max``.

    :raises InvalidInput: *year_start_month* is not a month.
    """
    if kind is PeriodKind.SEMESTER:
        if day.month >= 10:
            return _winter(date(day.year, 10, 1), clamped_date(day.year + 1, 4), day.year)
        if day.month <= 3:
            return _winter(clamped_date(day.year - 1, 10), date(day.year, 4, 1), day.year - 1)
        summer = str(day.year)
        title = _("summer semester {year}", year=summer)
        return Period(kind, date(day.year, 4, 1), date(day.year, 10, 1), f"SoSe {summer}", title)
    if kind is PeriodKind.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        quarter, calendar_year = (first + 2) // 3, str(day.year)
        return Period(
            kind,
            date(day.year, first, 1),
            _add_months(day.year, first, 3),
            f"{calendar_year}-Q{quarter}",
            _("Q{quarter} {year}", quarter=quarter, year=calendar_year),
        )
    if kind is PeriodKind.MONTH:
        start = date(day.year, day.month, 1)
        # "März 2027", "March 2027": Babel's month names, no text to translate.
        title = Message("{month}", {"month": Day(start, "LLLL y")})
        return Period(kind, start, _add_months(day.year, day.month, 1), f"{day:%Y-%m}", title)
    if not 1 <= year_start_month <= 12:
        raise InvalidInput(
            [
                (
                    "mentoring_year_start_month",
                    _("expected a month from 1 to 12, got {value}", value=repr(year_start_month)),
                )
            ]
        )
    year = day.year if day.month >= year_start_month else day.year - 1
    start = clamped_date(year, year_start_month)
    years = str(year) if year_start_month == 1 else _years(year)
    title = _("mentoring year {years}", years=years)
    return Period(kind, start, _add_months(year, year_start_month, 12), f"MJ {years}", title)


def periods_between(
    kind: PeriodKind, first: date, last: date, *, year_start_month: int = 1
) -> Iterator[Period]:
    """Every period of *kind* that overlaps the local dates *first* to *last* (inclusive)."""
    period = period_of(kind, first, year_start_month=year_start_month)
    while period.start <= last:
        yield period
        if period.end == date.max:  # clamped: there is no next one
            return
        period = period_of(kind, period.end, year_start_month=year_start_month)


def _winter(start: date, end: date, year: int) -> Period:
    years = _years(year)
    title = _("winter semester {years}", years=years)
    return Period(PeriodKind.SEMESTER, start, end, f"WiSe {years}", title)


def _years(year: int) -> str:
    """An academic year as written: ``"2026/27"``."""
    return f"{year}/{(year + 1) % 100:02d}"


def _add_months(year: int, month: int, months: int) -> date:
    index = year * 12 + (month - 1) + months
    return clamped_date(index // 12, index % 12 + 1)


def clamped_date(year: int, month: int, day: int = 1) -> date:
    """``date(year, month, day)``, clamped to ``date.min`` / ``date.max`` outside
    the years a date can hold (1-9999)."""
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """*day* plus *months* calendar months: the day clamped to the month's length,
    the result to ``date.min`` / ``date.max``."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        return clamped_date(year, 1)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of *day* in *timezone*, as an aware UTC datetime (clamped to
    ``datetime.min`` / ``datetime.max`` at the ends of the calendar)."""
    try:
        return datetime.combine(day, time(0), tzinfo=zone(timezone)).astimezone(UTC)
    except OverflowError:  # 0001-01-01 00:00 in Berlin is in year 0 in UTC
        return (datetime.max if day.year > 1 else datetime.min).replace(tzinfo=UTC)
