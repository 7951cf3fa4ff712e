"""Kerpen's mentoring year (KERPEN-YEAR-1): late tandems and the end of the year.

„… der Einführungsworkshop, welcher zeitnah nach Beginn des Mentoring-Jahres
angeboten wird“; the mentees name „genügend Themen für die Programmlaufzeit“
and are strengthened by „die Workshop-Angebote während des Programmjahres“.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from mentorcore_kerpen import policy
from mentorcore_kerpen.workshops import parse_day

from mentorcore import (
    Actor,
    AgreementTerms,
    DraftAgreement,
    Role,
    SubmitAgreement,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.testing import enrol, person, walk_to

TEAM = Actor.person("vafai")
SARA = Actor.person("sara")
TOPICS = ("first_leadership", "new_leader_with_colleagues", "conflicts", "part_time_leadership")
JANUARY = datetime(2027, 1, 15, 9, tzinfo=UTC)
JUNIOR = {"gender": "female", "leadership": "aspiring", "organisation_unit": "Kämmerei"}
LEADER = {"hierarchy_level": 3, "leadership_years": 9, "organisation_unit": "Bauamt"}
#: 10 December 2027: three weeks before the mentoring year 2027 ends.
DECEMBER = datetime(2027, 12, 10, 9, tzinfo=UTC)


def formed(engine, clock, mentee, mentor, when, status=TandemStatus.AGREEMENT_DRAFTING, **kw):
    """Sara and Petra Vogel formed into a tandem at *when*, taken to *status*."""
    mentee()
    mentor()
    clock.set(when)
    return walk_to(
        engine,
        status,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=TEAM,
        **kw,
    )


def submit(engine, tandem, start, end):
    terms = AgreementTerms(period_start=start, period_end=end, topics=TOPICS, goals="Lead")
    engine.execute(DraftAgreement(tandem_id=tandem.id, terms=terms), actor=SARA)
    return engine.execute(SubmitAgreement(tandem_id=tandem.id), actor=SARA)


def kinds(engine, tandem, when):
    due = engine.reader(TEAM).due_actions(when, tandem_id=tandem.id)
    return {(d.rule_id, d.kind) for d in due}


# ---------------------------------------------------------------- a tandem formed late


def test_kerpen_year_1_late_tandem_belongs_to_the_next_year(engine, clock, mentee, mentor):
    t = formed(engine, clock, mentee, mentor, DECEMBER)
    template = engine.reader(SARA).agreement_template(t.id, date(2027, 12, 10))
    assert (template.period_start, template.period_end) == (date(2027, 12, 10), date(2028, 12, 31))
    with pytest.raises(TransitionDenied) as exc:
        submit(engine, t, date(2027, 12, 10), date(2029, 1, 1))
    assert exc.value.rule_ids == {"KERPEN-YEAR-1"}
    assert "ends on 31 December 2028 at the latest (mentoring year 2028)" in exc.value.reasons[0]
    assert "formed on 10 December 2027, late in the year before" in exc.value.reasons[0]
    submitted = submit(engine, t, date(2027, 12, 10), date(2028, 12, 31))
    assert submitted.status is TandemStatus.AWAITING_APPROVAL


def test_kerpen_year_1_tandem_formed_before_the_last_weeks_keeps_its_year(
    engine, clock, mentee, mentor
):
    t = formed(engine, clock, mentee, mentor, datetime(2027, 9, 30, 9, tzinfo=UTC))
    template = engine.reader(SARA).agreement_template(t.id, date(2027, 9, 30))
    assert template.period_end == date(2027, 12, 31)
    with pytest.raises(TransitionDenied) as exc:
        submit(engine, t, date(2027, 9, 30), date(2028, 12, 31))
    assert "formed on" not in exc.value.reasons[0]


def test_kerpen_year_1_late_weeks_are_a_setting(make_engine, clock):
    engine = make_engine(plugins=[policy], settings={"kerpen": {"late_tandem_days": 0}})
    for pid, role, profile in (("sara", Role.MENTEE, JUNIOR), ("vogel", Role.MENTOR, LEADER)):
        person(engine, pid, pid.title())
        enrol(engine, pid, "kerpen", role, profile)
    clock.set(DECEMBER)
    t = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="kerpen", mentee="sara", mentor="vogel"
    )
    template = engine.reader(SARA).agreement_template(t.id, date(2027, 12, 10))
    assert template.period_end == date(2027, 12, 31)


def test_kerpen_year_1_late_tandem_is_invited_to_the_next_years_workshop(
    engine, clock, mentee, mentor
):
    t = formed(engine, clock, mentee, mentor, DECEMBER)
    assert ("KERPEN-YEAR-1", "introductory-workshop") not in kinds(engine, t, DECEMBER)
    january = datetime(2028, 1, 10, 9, tzinfo=UTC)
    assert ("KERPEN-YEAR-1", "introductory-workshop") in kinds(engine, t, january)


# ---------------------------------------------------------------- the end of the year


@pytest.fixture
def of_2027(engine, clock, mentee, mentor):
    """A tandem formed in January 2027, active with an agreement to 31 December 2027."""
    terms = AgreementTerms(
        period_start=date(2027, 1, 15), period_end=date(2027, 12, 31), topics=TOPICS, goals="Lead"
    )
    return formed(engine, clock, mentee, mentor, JANUARY, TandemStatus.ACTIVE, terms=terms)


def test_kerpen_year_1_tandem_ends_with_its_year_no_next_years_workshop(engine, of_2027):
    january = datetime(2028, 1, 10, 9, tzinfo=UTC)
    due = kinds(engine, of_2027, january)
    assert ("KERPEN-YEAR-1", "closing-due") in due
    assert ("KERPEN-YEAR-1", "introductory-workshop") not in due
    assert ("CORE-11", "closing-due") not in due  # Kerpen's closing replaces the core's


def test_kerpen_year_1_no_amendment_into_the_next_year(engine, of_2027):
    january = datetime(2028, 1, 10, 9, tzinfo=UTC)
    assert ("CORE-8", "amendment-due") not in kinds(engine, of_2027, january)
    advisories = engine.reader(Actor.person("sara")).advisories(of_2027.id, january)
    assert "CORE-8" not in {a.rule_id for a in advisories}


# ---------------------------------------------------------------- KERPEN-WORKSHOP-1


def test_kerpen_workshop_1_coordination_records_attendance(engine, of_2027):
    """After the introductory workshop the coordination records who came, in the profile."""
    in_window = kinds(engine, of_2027, datetime(2027, 1, 20, 9, tzinfo=UTC))
    assert ("KERPEN-WORKSHOP-1", "workshop-attendance") not in in_window
    after = datetime(2027, 2, 3, 9, tzinfo=UTC)
    (ask,) = [
        d
        for d in engine.reader(TEAM).due_actions(after, tandem_id=of_2027.id)
        if d.rule_id == "KERPEN-WORKSHOP-1"
    ]
    assert ask.recipient_role is Role.COORDINATOR
    assert "introductory workshop of the mentoring year 2027 is over (by 31 January 2027)" in (
        ask.reason
    )
    profile = {**engine.reader(TEAM).participant("sara", "kerpen", Role.MENTEE).profile.as_dict()}
    profile.update(intro_workshop="28.01.2027", workshops_attended=("2027-05-12", "14.09.2027"))
    enrolment = engine.update_profile("sara", "kerpen", Role.MENTEE, profile, actor=TEAM)
    assert enrolment.profile.get("workshops_attended") == ("2027-05-12", "14.09.2027")
    assert engine.acknowledge(ask.key, actor=TEAM, now=after)
    assert ("KERPEN-WORKSHOP-1", "workshop-attendance") not in kinds(engine, of_2027, after)


def test_kerpen_workshop_1_attendance_names_days(engine, of_2027):
    profile = {**engine.reader(TEAM).participant("vogel", "kerpen", Role.MENTOR).profile.as_dict()}
    with pytest.raises(TransitionDenied) as exc:
        engine.update_profile(
            "vogel", "kerpen", Role.MENTOR, {**profile, "intro_workshop": "yes"}, actor=TEAM
        )
    assert exc.value.rule_ids == {"KERPEN-WORKSHOP-1"}
    assert "names no day: yes (write 31.01.2027 or 2027-01-31)" in exc.value.reasons[0]
    assert parse_day("31.02.2027") is None
    assert parse_day("2027-01-28") == date(2027, 1, 28)
