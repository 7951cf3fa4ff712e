"""The cadence as agreed (CORE-RHYTHM): a rhythm read from the agreement in force."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from attrs import evolve
from meeting_kit import ANA, CARLA, active, meet, terms

from mentorcore import AgreementTerms, CadenceRule, CadenceStatus, PeriodKind, hookimpl
from mentorcore.policy.rhythm import (
    AGREED,
    agreed_rate,
    agreed_rule,
    rate_in_words,
    rules_in_force,
)


class Rules:
    """A programme plugin giving cadence rules."""

    def __init__(self, *rules: CadenceRule) -> None:
        self.rules = rules

    @hookimpl
    def mentorcore_cadence_rules(self, programme):
        return self.rules


MINIMUM = CadenceRule("T-CAD-1", PeriodKind.SEMESTER, 3)
RECOMMENDED = CadenceRule("T-CAD-2", PeriodKind.QUARTER, 1, recommended=True)


@pytest.mark.parametrize(
    ("text", "per_year"),
    [
        ("zweimal im Jahr", 2),
        ("twice a year", 2),
        ("etwa 1 Treffen im Quartal (empfohlen); nach Absprache zwischen uns", 4),
        ("about 1 meeting a quarter (recommended); as agreed between us", 4),
        ("3x pro Jahr", 3),
        ("2 Treffen pro Halbjahr", 4),
        ("alle zwei Monate", 6),
        ("every 3 months", 4),
        ("monatlich, gern auch per Video", 12),
        ("halbjährlich", 2),
        ("zweimal jährlich", 2),
        ("one meeting every six weeks", Fraction(26, 3)),
        # durations, contact without a rhythm, or two rhythms: none stated
        ("für ein Jahr", None),
        ("2 Jahre", None),
        ("E-Mail jederzeit", None),
        ("einmal im Monat, per E-Mail wöchentlich", None),
        ("", None),
    ],
)
def test_core_rhythm_in_words(text, per_year):
    """CORE-RHYTHM: the agreed frequency in words, German or English."""
    assert rate_in_words(text) == per_year


def test_core_rhythm_from_meetings_agreed_for_a_period():
    """CORE-RHYTHM: „Wie viele Treffen soll es in dem Zeitraum geben?“ (seed 002) - the
    number of meetings over a bounded period comes first; words only without one."""
    year = terms(date(2027, 1, 1), date(2027, 12, 31), 4)
    assert round(agreed_rate(year)) == 4
    open_ended = AgreementTerms(
        period_start=date(2027, 1, 1), meetings_planned=4, contact_frequency="monatlich"
    )
    assert agreed_rate(open_ended) == 12
    assert agreed_rate(terms(date(2027, 1, 1), date(2027, 12, 31), 0)) is None


@pytest.mark.parametrize(
    ("planned", "end", "expected"),
    [
        (4, date(2027, 12, 31), (PeriodKind.QUARTER, 1)),
        (4, date(2028, 1, 5), (PeriodKind.QUARTER, 1)),  # a few days more: still quarterly
        (3, date(2027, 12, 31), (PeriodKind.MENTORING_YEAR, 3)),
        (24, date(2027, 12, 31), (PeriodKind.MONTH, 2)),
        (1, date(2028, 12, 31), None),
    ],
)
def test_core_rhythm_reckoned_in_the_shortest_fitting_period(make_engine, planned, end, expected):
    """CORE-RHYTHM: four a year are one per quarter, three a year three per year (not
    one per quarter), one in two years is no rhythm a calendar period can hold."""
    t = active(make_engine())
    rule = agreed_rule(active_like(t, terms(date(2027, 1, 1), end, planned)))
    assert (None if rule is None else (rule.period, rule.minimum)) == expected


def test_core_rhythm_a_programme_without_cadence_rules_is_measured_as_agreed(make_engine, clock):
    """CORE-RHYTHM: a programme whose plugin gives no cadence rule (the generic flow,
    Kerpen) gets a cadence report from the agreed rhythm."""
    engine = make_engine()
    t = active(engine, terms(date(2026, 10, 1), date(2027, 9, 30), 4))
    clock.set(datetime(2026, 12, 15, 9, tzinfo=UTC))
    (q4,) = engine.reader(ANA).cadence(t.id).periods
    assert (q4.rule_id, q4.period.label, q4.required, q4.held) == (AGREED, "2026-Q4", 1, 0)
    assert q4.status is CadenceStatus.BEHIND
    (warning,) = [
        a for a in engine.reader(ANA).due_actions(tandem_id=t.id) if a.kind == "cadence-warning"
    ]
    assert warning.rule_id == AGREED
    assert "0 of 1 meeting held" in warning.reason
    meet(engine, t, datetime(2026, 12, 16, 9, tzinfo=UTC), held=False)
    (q4,) = engine.reader(ANA).cadence(t.id).periods
    assert q4.status is CadenceStatus.ON_TRACK
    # the default coordinator does not see the agreement: she learns whether the
    # rhythm is kept (for the health report), not what it is, and why
    report = engine.reader(CARLA).cadence(t.id)
    (seen,) = report.periods
    assert (seen.status, seen.required, seen.pace_withheld) == (CadenceStatus.ON_TRACK, 0, True)
    assert seen.reason == "[CORE-RHYTHM] on track with the rhythm the two agreed"
    assert "CORE-PRIVACY" in str(report.withheld[0])


def test_core_rhythm_no_report_without_an_agreed_rhythm(make_engine, clock):
    """CORE-RHYTHM: an agreement that states no rhythm gives no cadence rows."""
    engine = make_engine()
    t = active(engine, terms(date(2026, 10, 1)))
    clock.set(datetime(2026, 12, 15, 9, tzinfo=UTC))
    assert engine.reader(ANA).cadence(t.id).periods == ()


def test_core_rhythm_replaces_a_recommendation_not_a_minimum(make_engine):
    """CORE-RHYTHM: a recommended rule gives way to the agreed rhythm unless they are the
    same; a programme's minimum stays and the agreement adds nothing to it."""
    engine = make_engine()
    twice = active(engine, AgreementTerms(date(2026, 10, 1), contact_frequency="twice a year"))
    quarterly = AgreementTerms(date(2026, 10, 1), contact_frequency="once a quarter")
    same = active_like(twice, quarterly)
    assert [r.rule_id for r in rules_in_force(twice, (MINIMUM, RECOMMENDED))] == [
        "T-CAD-1",
        AGREED,
    ]
    assert rules_in_force(twice, (MINIMUM,)) == (MINIMUM,)
    assert rules_in_force(same, (MINIMUM, RECOMMENDED)) == (MINIMUM, RECOMMENDED)
    (agreed,) = rules_in_force(twice, ())
    assert (agreed.period, agreed.minimum) == (PeriodKind.MENTORING_YEAR, 2)
    assert str(agreed.description) == "2 meetings a year, as agreed"
    silent = active_like(twice, AgreementTerms(date(2026, 10, 1)))
    assert rules_in_force(silent, (RECOMMENDED,)) == (RECOMMENDED,)


def test_core_rhythm_kerpen_gives_no_cadence_rule_of_its_own():
    """CORE-RHYTHM: Kerpen's document names no cadence, so its tandems are measured as
    agreed (its plugin answers no ``mentorcore_cadence_rules``)."""
    kerpen = pytest.importorskip("mentorcore_kerpen.policy")
    assert not hasattr(kerpen, "mentorcore_cadence_rules")


def active_like(tandem, agreed: AgreementTerms):
    """*tandem* with *agreed* as the terms in force."""
    assert tandem.agreement is not None
    return evolve(tandem, agreement=evolve(tandem.agreement, terms=agreed))
