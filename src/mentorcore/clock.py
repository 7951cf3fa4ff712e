"""Time enters mentorcore only through a clock, so every "due" is reproducible.

This is the one module that reads the wall clock (:class:`SystemClock`).
Tests and simulations use :class:`FixedClock`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from mentorcore.errors import InvalidInput
from mentorcore.i18n import _


class Clock(Protocol):
    """Anything with a ``now()`` returning an aware UTC datetime."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: for tests, demos and simulations."""

    def __init__(self, at: datetime) -> None:
        self._at = _aware(at, "FixedClock(at)")

    def now(self) -> datetime:
        """The time the clock was set to."""
        return self._at

    def set(self, at: datetime) -> None:
        """Move the clock to *at* (aware)."""
        self._at = _aware(at, "FixedClock.set(at)")

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by *delta* and return the new time.

        :raises InvalidInput: *delta* is no timedelta or leaves the calendar.
        """
        if not isinstance(delta, timedelta):
            raise InvalidInput(
                [
                    (
                        "FixedClock.advance(delta)",
                        _("expected a timedelta, got {got}", got=repr(delta)),
                    )
                ]
            )
        try:
            self._at += delta
        except OverflowError:
            raise InvalidInput(
                [
                    (
                        "FixedClock.advance(delta)",
                        _(
                            "{at} + {delta} is outside the calendar",
                            at=self._at.isoformat(),
                            delta=str(delta),
                        ),
                    )
                ]
            ) from None
        return self._at


def _aware(at: datetime, where: str) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(
            [(where, _("expected a timezone-aware datetime, got {got}", got=repr(at)))]
        )
    try:
        return at.astimezone(UTC)
    except OverflowError:  # 9999-12-31 23:00-12:00 is in year 10000 in UTC
        raise InvalidInput(
            [(where, _("{at} is outside the calendar in UTC", at=at.isoformat()))]
        ) from None
