"""A series of meeting starts: every few weeks at the same local time of day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mentorcore.errors import InvalidInput
from mentorcore.i18n import _
from mentorcore.validation import show

#: The most meetings :func:`weekly_starts` plans in one series.
MAX_SERIES = 520


def weekly_starts(
    first: datetime, count: int, *, timezone: str, weeks: int = 1
) -> tuple[datetime, ...]:
    """Starts of a meeting series every *weeks* weeks at *first*'s local wall-clock time.

    The series keeps its time of day in *timezone* across daylight-saving
    changes (18:00 stays 18:00), unlike adding weeks to a UTC instant.

    :raises InvalidInput: *first* is naive, *count* is not 1 to
        :data:`MAX_SERIES`, *weeks* not 1 to 520, *timezone* unknown, or the
        series runs past the calendar.
    """
    if not isinstance(first, datetime) or first.tzinfo is None or first.utcoffset() is None:
        raise InvalidInput([("first", _("expected an aware datetime: give a timezone"))])
    problems = [
        (name, _("expected a whole number from 1 to {top}, got {got}", top=top, got=show(value)))
        for name, value, top in (("count", count, MAX_SERIES), ("weeks", weeks, 520))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top
    ]
    if problems:
        raise InvalidInput(problems)
    try:
        zone = ZoneInfo(timezone)
    except (ValueError, TypeError, ZoneInfoNotFoundError):
        raise InvalidInput([("timezone", _("no time zone {zone}", zone=show(timezone)))]) from None
    try:
        wall = first.astimezone(zone).replace(tzinfo=None)
        return tuple((wall + timedelta(weeks=weeks * i)).replace(tzinfo=zone) for i in range(count))
    except OverflowError:
        raise InvalidInput([("first", _("the series runs past the year 9999"))]) from None
