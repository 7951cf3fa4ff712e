"""The fuzz suites' kit (no tests here): hostile values, the harness that
tells an allowed outcome from an escape, and the count of inputs tried.

An allowed outcome is a normal return or a :class:`mentorcore.MentorcoreError`
that wrote nothing. Anything else escaping a public entry point (TypeError,
OverflowError, RecursionError, sqlite3 errors, MemoryError, ...) fails the
test with the call, a short form of its input and the mentorcore frame it
came from. Every call runs under a time limit and an address-space limit, so
a hostile input cannot hang CI or take the machine's memory.

The world fuzzed against: ``tests/fuzz_world.py``; strategies by type and
name: ``tests/fuzz_strategies.py``; the command line: ``tests/fuzz_cli_kit.py``
and ``tests/fuzz_files.py``.
"""

from __future__ import annotations

import reprlib
import resource
import signal
import sqlite3
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from mentorcore import MentorcoreError

#: How many inputs were tried, by kind; conftest prints it in the terminal summary.
COUNTS: Counter[str] = Counter()

#: Health checks that hostile (big, slow, partly constant) input trips on purpose.
SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]


def examples(share: float) -> int:
    """*share* of the loaded profile's ``max_examples`` (``dev`` 40, ``ci`` 120), at least 5."""
    return max(5, round(hsettings.default.max_examples * share))


def fuzz_settings(share: float) -> hsettings:
    """Settings for one fuzz test: its share of the profile, no deadline."""
    return hsettings(max_examples=examples(share), deadline=None, suppress_health_check=SUPPRESSED)


# ---------------------------------------------------------------- hostile values


class _Short(list):  # type: ignore[type-arg]
    """A list whose repr stays short, so a failure report can print it."""

    def __init__(self, items: list[Any], label: str) -> None:
        super().__init__(items)
        self._label = label

    def __repr__(self) -> str:
        return self._label


class _ShortDict(dict):  # type: ignore[type-arg]
    def __init__(self, items: dict[str, Any], label: str) -> None:
        super().__init__(items)
        self._label = label

    def __repr__(self) -> str:
        return self._label


def _nested_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return _Short(value, f"<list nested {depth} deep>")


def _nested_dict(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return _ShortDict(value, f"<dict nested {depth} deep>")


class _LongStr(str):
    __slots__ = ()

    def __repr__(self) -> str:
        return f"<str of {len(self)} chars: {str.__repr__(self[:12])}...>"


MEGABYTE = _LongStr("A" * 1_000_000)
WIDE = _LongStr("é\u202e" * 100_000)
DEEP_LIST = _nested_list(10_000)
DEEP_DICT = _nested_dict(10_000)
HUGE = 10**40
#: Texts a careless host or an attacker sends: controls, terminal escapes,
#: lone surrogates, direction overrides, path tricks, sizes.
NASTY_TEXT = (
    "",
    " ",
    "\t",
    "\x00",
    "\x07",
    "\x1b[2J\x1b[H",
    "\x1b]0;pwned\x07",
    "\r",
    "\n",
    "a\r\nb",
    "\x08\x7f",
    "\x9b31m",
    "\u2028",
    "\u202eevil",
    "\ufeff",
    "\ud800",
    "\udfff",
    "a\ud800b",
    "\U0001f600",
    "İß",
    "ǅ",
    "x/../../escaped",
    "../../etc/passwd",
    "/",
    ".",
    "..",
    "CON",
    "system",
    "None",
    "null",
    "0",
    "-1",
    "1e309",
    "NaN",
    "%s%n",
    "{0}",
    "' OR 1=1 --",
    "a" * 300,
    MEGABYTE,
    WIDE,
    "mentee",
    "default",
    "medic",
)
_ODD_CHARS = st.characters(exclude_categories=())
hostile_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(_ODD_CHARS, max_size=40),
    st.text(st.sampled_from("\x00\x07\x1b\r\n\ud800\u202e/.a é"), min_size=1, max_size=12),
)
_TZ = [
    UTC,
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=-14)),
    timezone(timedelta(hours=23, minutes=59)),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("America/St_Johns"),
]
EXTREME_DATETIMES = (
    datetime.min,
    datetime.max,
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=12))),
    datetime(1, 1, 1, 0, 10, tzinfo=UTC),
    datetime(1, 1, 1, 0, 10, tzinfo=timezone(timedelta(hours=14))),
    datetime.max.replace(tzinfo=UTC),
    datetime.min.replace(tzinfo=UTC),
    datetime(9998, 12, 31, tzinfo=UTC),
    datetime(9999, 12, 31, tzinfo=timezone(timedelta(hours=14))),
    datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/Berlin")),  # does not exist
    datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")),  # happens twice
    datetime(2029, 3, 20, 9, 0),  # naive
)
EXTREME_DATES = (date.min, date.max, date(1, 1, 2), date(9999, 12, 30), date(2029, 2, 28))
hostile_datetime = st.one_of(
    st.sampled_from(EXTREME_DATETIMES),
    st.datetimes(timezones=st.sampled_from(_TZ)),
    st.datetimes(
        min_value=datetime(2026, 9, 1),
        max_value=datetime(2030, 1, 1),
        timezones=st.sampled_from(_TZ),
    ),
)
hostile_date = st.one_of(
    st.sampled_from(EXTREME_DATES), st.dates(), st.dates(date(2026, 9, 1), date(2030, 1, 1))
)
INTS = (0, -1, 1, 2, 7, 59, 60, 1441, 2**31, 2**63, -(2**63), 10**6, 10**30, HUGE, -HUGE, True)
hostile_int = st.one_of(st.sampled_from(INTS), st.integers())
FIXED_UUIDS = (UUID(int=0), UUID(int=1), UUID(int=2**128 - 1))
hostile_uuid = st.one_of(st.sampled_from(FIXED_UUIDS), st.uuids())
#: Values of every wrong type a host can pass where anything else was expected.
WRONG = (
    None,
    0,
    -1,
    HUGE,
    -HUGE,
    2**63,
    float("nan"),
    float("inf"),
    -float("inf"),
    -0.0,
    0.5,
    True,
    b"bytes",
    b"\xff\xfe\x00",
    bytearray(b"x"),
    [],
    ["a", 1],
    {},
    {"a": 1},
    (),
    ("a",),
    {"a"},
    frozenset(),
    DEEP_LIST,
    DEEP_DICT,
    Decimal("NaN"),
    Fraction(1, 3),
    1j,
    object(),
    Ellipsis,
    int,
    date(2026, 10, 5),
    datetime(2026, 10, 5, 9),
    datetime.max,
    datetime(2026, 10, 5, 9, tzinfo=UTC),
    time(9),
    timedelta(days=1),
    UUID(int=1),
    "text",
    "\ud800",
    MEGABYTE,
)
wrong = st.one_of(st.sampled_from(WRONG), hostile_text, hostile_int, hostile_uuid)


def mixed(typed: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly *typed* values, now and then a value of any wrong type."""
    return st.one_of(typed, typed, typed, wrong)


# ---------------------------------------------------------------- the harness


class Overrun(BaseException):
    """A call ran too long (BaseException: mentorcore's ``except Exception`` must not eat it)."""


class Escaped(AssertionError):
    """An exception other than a mentorcore error left a public entry point."""


_short = reprlib.Repr()
_short.maxstring, _short.maxother, _short.maxlevel = 60, 60, 3
_short.maxlist = _short.maxtuple = _short.maxdict = _short.maxset = 4


def shown(value: object) -> str:
    """A short, always printable form of *value* for failure reports."""
    if isinstance(value, datetime):
        return f"datetime {value.isoformat()}" + ("" if value.tzinfo else " (naive)")
    if isinstance(value, date):
        return f"date {value.isoformat()}"
    try:
        return _short.repr(value)
    except BaseException:
        return f"<{type(value).__name__}>"


def origin(exc: BaseException) -> str:
    """Where *exc* came from: the last mentorcore (or plugin) frame, as ``file:line in name``."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/src/mentorcore/" in f.filename or "/plugins/" in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    cut = frame.filename.split("/src/", 1)[-1] if "/src/" in frame.filename else frame.filename
    return f"{cut}:{frame.lineno} in {frame.name}"


@contextmanager
def guarded(seconds: float = 30.0, headroom: int = 4 << 30) -> Iterator[None]:
    """Run a block under a time limit and an address-space limit (*headroom* above now).

    A memory bomb then fails as ``MemoryError`` and an endless loop as
    :class:`Overrun` instead of taking the machine or the CI job down.
    """

    def alarm(signum: int, frame: object) -> None:
        raise Overrun(f"took over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    limit = used + headroom if hard == resource.RLIM_INFINITY else min(hard, used + headroom)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def event_count(db: Path) -> int:
    """How many events the SQLite file holds (read apart from the engine)."""
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM events").fetchone()[0])


REFUSED = object()


def attempt(
    label: str, call: Callable[[], Any], db: Path | None = None, /, **inputs: object
) -> Any:
    """Call *call*; return its result, or :data:`REFUSED` for a mentorcore error.

    :raises Escaped: anything else escaped, or a refusal changed the event
        count of *db*.
    """
    COUNTS["library"] += 1
    before = event_count(db) if db is not None else 0
    try:
        with guarded():
            result = call()
    except MentorcoreError as refused:
        after = event_count(db) if db is not None else 0
        if after != before:
            raise Escaped(
                f"{label} refused ({type(refused).__name__}: {shown(str(refused))}) but wrote "
                f"{after - before} events; input {_inputs(inputs)}"
            ) from refused
        COUNTS["library refused"] += 1
        return REFUSED
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise Escaped(
            f"{label} raised {type(exc).__name__}: {shown(str(exc))} at {origin(exc)}; "
            f"input {_inputs(inputs)}"
        ) from exc
    COUNTS["library returned"] += 1
    return result


def _inputs(inputs: dict[str, object]) -> str:
    return ", ".join(f"{k}={shown(v)}" for k, v in inputs.items())
