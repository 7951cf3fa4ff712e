"""Ostalb: the rhythm the two agree (OSTALB-CAD-1 as a recommendation, CORE-RHYTHM)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from mentorcore_ostalb import policy

from mentorcore import (
    Actor,
    AgreementTerms,
    CadenceStatus,
    ConfirmAttendance,
    ConfirmMeeting,
    Engine,
    FixedClock,
    PeriodKind,
    Tandem,
    TandemStatus,
)
from mentorcore.commands.meeting import ProposeMeeting
from mentorcore.testing import walk_to

COORDINATOR = Actor.person("amt")
LENA, HAAS = Actor.person("lena"), Actor.person("haas")


@pytest.fixture
def pair(engine, mentee, mentor):
    """Make an active Ostalb tandem under terms with *frequency* in words."""
    mentee()
    mentor()

    def make(frequency: str = "") -> Tandem:
        terms = AgreementTerms(period_start=date(2026, 10, 5), contact_frequency=frequency)
        return walk_to(
            engine,
            TandemStatus.ACTIVE,
            programme="ostalb",
            mentee="lena",
            mentor="haas",
            coordinator=COORDINATOR,
            terms=terms,
        )

    return make


def held(engine: Engine, t: Tandem, start: datetime) -> None:
    after = engine.execute(ProposeMeeting(tandem_id=t.id, start=start), actor=LENA)
    meeting = after.meetings[-1].id
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=meeting), actor=HAAS)
    engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=meeting), actor=LENA)


def rule_ids(engine: Engine, t: Tandem, actor: Actor = LENA) -> set[str]:
    return {row.rule_id for row in engine.reader(actor).cadence(t.id).periods}


def test_ostalb_cad_1_twice_a_year_as_agreed_gets_no_quarterly_warning(
    engine: Engine, pair, clock: FixedClock
):
    """OSTALB-CAD-1 gives way: „Die Dauer des Kontakts und der zeitliche Rhythmus der
    Gespräche erfolgt in Absprache“ - a pair that agreed twice a year is measured so."""
    t = pair("zweimal im Jahr")
    clock.set(datetime(2026, 11, 10, 9, tzinfo=UTC))
    held(engine, t, datetime(2026, 11, 10, 9, tzinfo=UTC))
    clock.set(datetime(2027, 3, 20, 9, tzinfo=UTC))  # Q1 2027 ends without a meeting
    due = engine.reader(LENA).due_actions(tandem_id=t.id)
    assert not [a for a in due if a.rule_id == "OSTALB-CAD-1"]
    report = engine.reader(LENA).cadence(t.id)
    assert {r.rule_id for r in report.periods} == {"CORE-RHYTHM"}
    year_2026, year_2027 = report.periods
    assert year_2026.period.kind is PeriodKind.MENTORING_YEAR
    # two a year, pro rata for the 88 days of 2026 the tandem ran: 0.48, so none
    assert (year_2026.required, year_2026.held, year_2026.status) == (
        0,
        1,
        CadenceStatus.ON_TRACK,
    )
    assert year_2027.required == 2
    assert not year_2027.closed
    clock.set(datetime(2027, 12, 12, 9, tzinfo=UTC))  # 2027 ends with no meeting at all
    (warning,) = [
        a for a in engine.reader(LENA).due_actions(tandem_id=t.id) if a.kind == "cadence-warning"
    ]
    assert warning.rule_id == "CORE-RHYTHM"
    assert "0 of 2 meetings held" in warning.reason


def test_ostalb_cad_1_quarterly_where_the_agreement_states_no_rhythm(engine, pair, clock):
    """OSTALB-CAD-1: without an agreed rhythm, about one meeting a quarter is recommended."""
    t = pair("")
    clock.set(datetime(2027, 3, 20, 9, tzinfo=UTC))
    assert rule_ids(engine, t) == {"OSTALB-CAD-1"}
    warnings = [
        a for a in engine.reader(LENA).due_actions(tandem_id=t.id) if a.kind == "cadence-warning"
    ]
    assert {a.rule_id for a in warnings} == {"OSTALB-CAD-1"}


def test_ostalb_cad_1_template_rhythm_is_the_recommendation(engine, pair, clock):
    """OSTALB-CAD-1: terms that keep the template's quarterly rhythm stay under the
    programme's rule (the agreement states exactly the recommendation)."""
    programme = engine.programme("ostalb")
    template = policy.mentorcore_agreement_template(programme, date(2026, 10, 5))
    t = pair(template.contact_frequency)
    clock.set(datetime(2027, 1, 10, 9, tzinfo=UTC))
    assert rule_ids(engine, t) == {"OSTALB-CAD-1"}
    rule = policy.mentorcore_cadence_rules(programme)[0]
    assert rule.recommended
    assert "unless the two agree another rhythm" in str(rule.description)


def test_ostalb_cad_1_coordination_does_not_see_the_agreed_rhythm(engine, pair, clock):
    """OSTALB-CAD-1 with OSTALB-CONF-1: the agreed rhythm is agreement content; the
    coordination learns whether it is kept, not what it is, and why."""
    t = pair("zweimal im Jahr")
    clock.set(datetime(2027, 1, 10, 9, tzinfo=UTC))
    report = engine.reader(COORDINATOR).cadence(t.id)
    assert report.periods
    for row in report.periods:
        assert (row.rule_id, row.required, row.pace_withheld) == ("CORE-RHYTHM", 0, True)
        assert "agreed" in row.reason
        assert "zweimal" not in row.reason
    assert report.withheld
    assert "OSTALB-CONF-1" in str(report.withheld[0])
    assert rule_ids(engine, t, HAAS) == {"CORE-RHYTHM"}
