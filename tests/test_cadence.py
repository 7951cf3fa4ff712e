"""Periods and cadence reports: unit checks, and for random meeting histories the
engine's report agrees with a brute-force day-by-day count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from meeting_kit import ANA, BEN, CARLA, EVE, active, meet, propose

from mentorcore import (
    CadenceRule,
    CadenceStatus,
    CancelMeeting,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    Engine,
    FixedClock,
    MarkMeetingMissed,
    MeetingFormat,
    NotVisible,
    PeriodKind,
    StartClosing,
    hookimpl,
)
from mentorcore.policy.periods import period_of, periods_between
from mentorcore.testing import START, SYSTEM

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("kind", "day", "label", "start", "end"),
    [
        (
            PeriodKind.SEMESTER,
            date(2026, 10, 1),
            "WiSe 2026/27",
            date(2026, 10, 1),
            date(2027, 4, 1),
        ),
        (
            PeriodKind.SEMESTER,
            date(2027, 3, 31),
            "WiSe 2026/27",
            date(2026, 10, 1),
            date(2027, 4, 1),
        ),
        (PeriodKind.SEMESTER, date(2027, 4, 1), "SoSe 2027", date(2027, 4, 1), date(2027, 10, 1)),
        (
            PeriodKind.SEMESTER,
            date(2099, 12, 31),
            "WiSe 2099/00",
            date(2099, 10, 1),
            date(2100, 4, 1),
        ),
        (PeriodKind.QUARTER, date(2026, 12, 31), "2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
        (PeriodKind.QUARTER, date(2027, 4, 1), "2027-Q2", date(2027, 4, 1), date(2027, 7, 1)),
        (PeriodKind.MONTH, date(2027, 2, 14), "2027-02", date(2027, 2, 1), date(2027, 3, 1)),
        (
            PeriodKind.MENTORING_YEAR,
            date(2026, 5, 5),
            "MJ 2026",
            date(2026, 1, 1),
            date(2027, 1, 1),
        ),
    ],
)
def test_periods(kind, day, label, start, end):
    period = period_of(kind, day)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.contains(day)
    assert not period.contains(end)


def test_mentoring_years_start_in_the_programmes_month():
    assert period_of(PeriodKind.MENTORING_YEAR, date(2026, 8, 31), year_start_month=9).label == (
        "MJ 2025/26"
    )
    year = period_of(PeriodKind.MENTORING_YEAR, date(2026, 9, 1), year_start_month=9)
    assert (year.label, year.start, year.end) == ("MJ 2026/27", date(2026, 9, 1), date(2027, 9, 1))
    labels = [
        p.label for p in periods_between(PeriodKind.SEMESTER, date(2026, 9, 30), date(2027, 10, 1))
    ]
    assert labels == ["SoSe 2026", "WiSe 2026/27", "SoSe 2027", "WiSe 2027/28"]


class Rules:
    """A test programme's cadence: three a semester, one in person, one a quarter."""

    def __init__(self, *rules: CadenceRule) -> None:
        self.rules = rules

    @hookimpl
    def mentorcore_cadence_rules(self):
        return self.rules


SEMESTER3 = CadenceRule("T-CAD-1", PeriodKind.SEMESTER, 3)
IN_PERSON = CadenceRule("T-CAD-2", PeriodKind.SEMESTER, 1, frozenset({MeetingFormat.IN_PERSON}))
QUARTER = CadenceRule("T-CAD-3", PeriodKind.QUARTER, 1)


def test_the_periods_belong_to_the_programmes_time_zone(make_engine, clock):
    engine = make_engine(plugins=[Rules(SEMESTER3)])
    t = active(engine)
    clock.set(datetime(2027, 4, 3, tzinfo=UTC))
    # 31 March 22:30 UTC is 1 April 00:30 in Berlin: the summer semester
    meet(engine, t, datetime(2027, 3, 31, 22, 30, tzinfo=UTC))
    rows = {r.period.label: r for r in engine.reader(ANA).cadence(t.id).periods}
    assert (rows["WiSe 2026/27"].held, rows["SoSe 2027"].held) == (0, 1)


def test_a_report_says_required_held_in_person_and_why(make_engine, clock):
    engine = make_engine(plugins=[Rules(SEMESTER3, IN_PERSON)])
    t = active(engine)
    clock.set(datetime(2026, 11, 30, 9, tzinfo=UTC))
    meet(engine, t, datetime(2026, 10, 20, 15, tzinfo=UTC), fmt=MeetingFormat.VIDEO)
    meet(engine, t, datetime(2026, 11, 16, 15, tzinfo=UTC), fmt=MeetingFormat.PHONE)
    meet(engine, t, datetime(2027, 1, 18, 15, tzinfo=UTC), held=False)
    report = engine.reader(CARLA).cadence(t.id)
    (cad1, cad2) = report.periods
    assert (cad1.rule_id, cad1.required, cad1.held, cad1.planned, cad1.in_person) == (
        "T-CAD-1",
        3,
        2,
        1,
        0,
    )
    assert cad1.status is CadenceStatus.ON_TRACK
    assert "1 more planned" in cad1.reason
    assert (cad2.rule_id, cad2.required, cad2.held, cad2.planned) == ("T-CAD-2", 1, 0, 1)
    clock.set(datetime(2027, 4, 2, 9, tzinfo=UTC))
    report = engine.reader(CARLA).cadence(t.id)
    behind = [r for r in report.periods if r.period.label == "WiSe 2026/27"]
    assert all(r.closed and r.status is CadenceStatus.BEHIND for r in behind)
    assert "only 2 of 3 meetings held in winter semester 2026/27" in behind[0].reason
    assert not report.on_track
    with pytest.raises(NotVisible):
        engine.reader(EVE).cadence(t.id)
    assert [r.tandem_id for r in engine.reader(CARLA).programme_cadence("default")] == [t.id]
    with pytest.raises(NotVisible):
        engine.reader(BEN).programme_cadence("default")


# ---------------------------------------------------------------- the property

OUTCOMES = ("held", "confirmed", "proposed", "cancelled", "missed")
# Days (relative to activation) around each month start: period edges, where
# off-by-one mistakes live.
EDGES = sorted(
    {
        (date(2026 + (9 + n) // 12, (9 + n) % 12 + 1, 1) - START.date()).days + d
        for n in range(20)
        for d in (-1, 0, 1)
    }
)
some_day = st.one_of(st.integers(-40, 540), st.sampled_from(EDGES))
meetings = st.lists(
    st.tuples(
        some_day,  # day relative to activation
        st.integers(0, 23),  # UTC hour: late hours cross local midnight
        st.sampled_from(list(MeetingFormat)),
        st.sampled_from(OUTCOMES),
    ),
    max_size=12,
)


def _label(kind: PeriodKind, day: date, year_start: int) -> tuple[int, int]:
    """An independent period identity: (year, index) of the period holding *day*."""
    if kind is PeriodKind.SEMESTER:
        return (day.year, 1) if 4 <= day.month <= 9 else (day.year - (day.month <= 3), 2)
    if kind is PeriodKind.QUARTER:
        return day.year, (day.month - 1) // 3
    if kind is PeriodKind.MONTH:
        return day.year, day.month
    return (day.year - (day.month < year_start), 0)


def _brute_force(tandem, rule, now, year_start):
    """Required/held/planned/in-person/closed per period, by walking day by day."""
    local = lambda t: t.astimezone(BERLIN).date()  # noqa: E731
    first = local(tandem.activated_at)
    last = local(tandem.ended_at) if tandem.ended_at else local(now)
    today = local(now)
    ids = []
    span = {}
    day = first
    while day <= last:
        key = _label(rule.period, day, year_start)
        if key not in span:
            ids.append(key)
        span.setdefault(key, []).append(day)
        day += timedelta(days=1)
    rows = {}
    for key in ids:
        # all days of the period: walk out from a day inside it
        inside = span[key][0]
        lo = inside
        while _label(rule.period, lo - timedelta(days=1), year_start) == key:
            lo -= timedelta(days=1)
        hi = inside
        while _label(rule.period, hi + timedelta(days=1), year_start) == key:
            hi += timedelta(days=1)
        total = (hi - lo).days + 1
        covered = len(span[key]) if tandem.ended_at else (hi - span[key][0]).days + 1
        required = rule.minimum if covered >= total else int(rule.minimum * covered / total + 0.5)
        mine = [
            m for m in tandem.meetings if _label(rule.period, local(m.start), year_start) == key
        ]
        counts = [m for m in mine if not rule.formats or m.format in rule.formats]
        held = sum(m.is_held for m in counts)
        planned = sum(m.is_planned and m.start >= now for m in counts)
        closed = today > hi or tandem.ended_at is not None
        in_person = sum(m.is_held and m.format is MeetingFormat.IN_PERSON for m in mine)
        rows[key] = (required, held, planned, in_person, closed)
    return [rows[k] for k in ids]


@given(
    history=meetings,
    now_day=some_day.filter(lambda d: d >= 0),
    ended=st.booleans(),
    rule=st.sampled_from(
        [SEMESTER3, IN_PERSON, QUARTER, CadenceRule("T-Y", PeriodKind.MENTORING_YEAR, 5)]
    ),
    year_start=st.integers(1, 12),
)
def test_cadence_report_agrees_with_a_brute_force_count(history, now_day, ended, rule, year_start):
    clock = FixedClock(START)
    with Engine(
        ":memory:",
        clock=clock,
        plugins=[Rules(rule)],
        load_entrypoints=False,
        settings={"default": {"mentoring_year_start_month": year_start}},
    ) as engine:
        t = active(engine)
        now = START + timedelta(days=now_day)
        clock.set(now)
        taken = set()
        for offset, hour, fmt, outcome in history:
            start = (START + timedelta(days=offset)).replace(hour=hour, minute=30)
            if start in taken:
                continue  # one meeting a slot (CORE-SCHEDULE)
            taken.add(start)
            if start > now and outcome in ("held", "missed"):
                outcome = "confirmed"  # cannot have happened yet
            m = propose(engine, t, start, format=fmt)
            if outcome == "cancelled":
                engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=m.id), actor=BEN)
            elif outcome != "proposed":
                engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=m.id), actor=BEN)
            if outcome == "held":
                engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=m.id), actor=BEN)
            elif outcome == "missed":
                engine.execute(MarkMeetingMissed(tandem_id=t.id, meeting_id=m.id), actor=ANA)
        if ended:
            engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
            engine.execute(Complete(tandem_id=t.id), actor=ANA)
        tandem = engine.reader(SYSTEM).tandem(t.id)
        report = engine.reader(ANA).cadence(t.id)
        got = [(r.required, r.held, r.planned, r.in_person, r.closed) for r in report.periods]
        assert got == _brute_force(tandem, rule, now, year_start)
        for row in report.periods:
            on_track = row.held >= row.required or (
                not row.closed and row.held + row.planned >= row.required
            )
            assert (row.status is CadenceStatus.ON_TRACK) == on_track
            assert row.reason.startswith(f"[{rule.rule_id}]")
