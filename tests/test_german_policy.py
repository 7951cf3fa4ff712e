"""The core's rules speak German too: semesters, due actions, advisories,
refusals and matching explanations, with people's names, never their ids."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from meeting_kit import ANA, SYSTEM, active, meet, terms
from test_due_actions import Cadence

from mentorcore import (
    AssignMentor,
    MeetingFormat,
    PeriodKind,
    Relation,
    RelationKind,
    Role,
    TransitionDenied,
)
from mentorcore.i18n import using_language
from mentorcore.matching import propose
from mentorcore.policy.periods import period_of
from mentorcore.testing import enrol, person

TERMS = terms(date(2026, 10, 5), date(2027, 9, 30), planned=6)


def test_a_semester_has_a_title_in_each_language_and_ends_on_its_last_day():
    summer = period_of(PeriodKind.SEMESTER, date(2027, 5, 1))
    winter = period_of(PeriodKind.SEMESTER, date(2027, 2, 1))
    # The code stays the same in every language: it is part of keys.
    assert (summer.label, winter.label) == ("SoSe 2027", "WiSe 2026/27")
    assert summer.title.render("de") == "SoSe 2027"
    assert summer.title.render("en") == "summer semester 2027"
    assert winter.title.render("de") == "WiSe 2026/27"
    assert winter.title.render("en") == "winter semester 2026/27"
    # Shown inclusively: the summer semester ends on 30 September, not 1 October.
    assert (summer.last_day, summer.end) == (date(2027, 9, 30), date(2027, 10, 1))
    assert winter.last_day == date(2027, 3, 31)
    year = period_of(PeriodKind.MENTORING_YEAR, date(2027, 2, 1), year_start_month=9)
    assert year.title.render("de") == "Mentoringjahr 2026/27"
    month = period_of(PeriodKind.MONTH, date(2027, 3, 15))
    assert (month.title.render("de"), month.title.render("en")) == ("März 2027", "March 2027")
    quarter = period_of(PeriodKind.QUARTER, date(2027, 3, 15))
    assert quarter.title.render("de") == "1. Quartal 2027"


def test_a_cadence_warning_names_the_semester_and_its_inclusive_end_in_german(make_engine, clock):
    engine = make_engine(plugins=[Cadence()])
    t = active(engine, TERMS)
    clock.set(datetime(2027, 3, 1, 9, tzinfo=UTC))
    meet(engine, t, datetime(2026, 11, 2, 15, tzinfo=UTC), fmt=MeetingFormat.VIDEO)
    meet(engine, t, datetime(2026, 12, 7, 15, tzinfo=UTC))
    clock.set(datetime(2027, 3, 12, 9, tzinfo=UTC))
    warning = next(a for a in engine.reader(SYSTEM).due_actions() if a.kind == "cadence-warning")
    assert warning.message.render("de") == (
        "WiSe 2026/27 endet am 31. März 2027: [T-CAD-1] 2 von 3 Treffen abgehalten "
        "und 0 geplant: bis zum 31. März 2027 noch 1 nötig"
    )
    assert "winter semester 2026/27 ends on 31 March 2027" in warning.message.render("en")
    report = engine.reader(SYSTEM).cadence(t.id)
    in_person = next(r for r in report.periods if r.rule_id == "T-CAD-2")
    assert in_person.message.render("de") == "[T-CAD-2] 1 von 1 Treffen (persönlich) abgehalten"
    assert in_person.message.render("en") == "[T-CAD-2] 1 of 1 meeting (in person) held"


def test_a_feedback_request_names_the_meeting_and_its_time_in_the_programme_zone(
    make_engine, clock
):
    engine = make_engine()
    t = active(engine, TERMS)
    clock.set(datetime(2026, 11, 3, 9, tzinfo=UTC))
    meet(engine, t, datetime(2026, 11, 2, 15, tzinfo=UTC))
    feedback = next(
        a for a in engine.reader(ANA).due_actions(tandem_id=t.id) if a.kind == "feedback-request"
    )
    # 15:00 UTC is 16:00 in Berlin, with the zone's name.
    assert feedback.message.render("de") == (
        "bitte geben Sie Feedback zum Mentoringtreffen am 2. November 2026, 16:00 MEZ"
    )
    with using_language("de"):
        assert feedback.reason.startswith("bitte geben Sie Feedback")


def test_an_advisory_reads_in_german(make_engine):
    engine = make_engine()
    t = active(engine, TERMS)
    (advisory,) = [a for a in engine.reader(ANA).advisories(t.id) if a.rule_id == "CORE-13"]
    assert advisory.message.render("de") == "die Ziele der Mentee sind noch nicht erfasst"
    assert advisory.message.render("en") == "the mentee's goals have not been captured yet"


def test_a_refusal_names_the_people_and_reads_in_german(make_engine):
    engine = make_engine()
    person(engine, "lena.hoffmann", "Lena Hoffmann")
    person(engine, "mueller", "Dr. Müller")
    enrol(engine, "lena.hoffmann", "default", Role.MENTEE)
    enrol(engine, "mueller", "default", Role.MENTOR)
    relation = Relation("mueller", RelationKind.SUPERVISES, "lena.hoffmann")
    engine.declare_relation(relation, actor=SYSTEM)
    try:
        engine.execute(
            AssignMentor(programme_key="default", mentee="lena.hoffmann", mentor="mueller"),
            actor=SYSTEM,
        )
    except TransitionDenied as refused:
        (decision,) = [d for d in refused.denials if d.rule_id == "CORE-14"]
    else:  # pragma: no cover - the rule must refuse
        raise AssertionError("CORE-14 did not refuse")
    german = decision.render("de")
    assert german == (
        "Dr. Müller und Lena Hoffmann stehen in einer direkten Arbeitsbeziehung "
        f"({_label_de(RelationKind.SUPERVISES)}); ein Mentor muss von außerhalb kommen"
    )
    english = decision.render("en")
    assert english.startswith("Dr. Müller and Lena Hoffmann have a direct working relationship")
    for text in (german, english):
        assert "mueller" not in text
        assert "lena.hoffmann" not in text
    assert decision.params["mentee"] == "Lena Hoffmann"


def test_a_matching_proposal_and_a_refused_fixed_pair_name_people_in_german(make_engine):
    engine = make_engine()
    for pid, name in (("lena.hoffmann", "Lena Hoffmann"), ("emre", "Emre Yılmaz")):
        person(engine, pid, name)
        enrol(engine, pid, "default", Role.MENTEE)
    person(engine, "mueller", "Dr. Müller")
    enrol(engine, "mueller", "default", Role.MENTOR, capacity=1)
    engine.declare_relation(Relation("mueller", RelationKind.MANAGES, "emre"), actor=SYSTEM)
    proposal = propose(engine, "default", actor=SYSTEM)
    german = proposal.describe("de")
    assert "default: 1 Paar, Gesamtbewertung 0,000 (optimal)" in german
    assert "Lena Hoffmann – Dr. Müller: 0,000\n" in german  # no criteria, no parts
    assert "Emre Yılmaz ohne Zuordnung: eine Regel schließt den einzigen Mentor aus" in german
    assert "mueller" not in german
    assert "lena.hoffmann" not in german
    with pytest.raises(TransitionDenied) as refused:
        propose(engine, "default", actor=SYSTEM, fixed=[("emre", "mueller")])
    (decision,) = refused.value.denials
    assert decision.render("de").startswith(
        "Emre Yılmaz – Dr. Müller: eine direkte Arbeitsbeziehung ("
    )


def _label_de(kind: RelationKind) -> str:
    from mentorcore.domain.labels import label

    return label(kind).render("de")
