"""Ostalb: the start of the scholarship (OSTALB-START-1)."""

from __future__ import annotations

from datetime import date

import pytest
from mentorcore_ostalb.catalogue import MENTEE_FIELDS, SCHOLARSHIP_START, scholarship_start

from mentorcore import Role, TransitionDenied
from mentorcore.i18n import using_language


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-10-01", date(2026, 10, 1)),
        ("1.10.2026", date(2026, 10, 1)),
        (" 01.10.2026 ", date(2026, 10, 1)),
        ("31.2.2026", None),
        ("Oktober 2026", None),
        ("2026-10", None),
        ("", None),
    ],
)
def test_ostalb_start_1_the_day_in_iso_or_german_writing(text, day):
    """OSTALB-START-1: the start is written 2026-10-01 or 1.10.2026."""
    assert scholarship_start(text) == day


def test_ostalb_start_1_profile_records_the_scholarships_start(engine, mentee):
    """OSTALB-START-1: „Die Ausgestaltung der Zusammenarbeit erfolgt nach Beginn des
    Stipendiums“ - the mentee's profile holds the day, labelled in German."""
    (field,) = [f for f in MENTEE_FIELDS if f.name == SCHOLARSHIP_START]
    with using_language("de"):
        assert str(field.label) == "Beginn des Stipendiums"
    mentee(scholarship_start="1.10.2026")
    enrolment = engine.state.index.enrolment("lena", "ostalb", Role.MENTEE)
    assert enrolment is not None
    assert scholarship_start(enrolment.profile.get(SCHOLARSHIP_START)) == date(2026, 10, 1)


def test_ostalb_start_1_a_start_that_is_no_day_is_refused(mentee):
    """OSTALB-START-1: a start that is not a day is refused, naming the person and value."""
    with pytest.raises(TransitionDenied) as refused:
        mentee(scholarship_start="Oktober")
    assert refused.value.rule_ids == {"OSTALB-START-1"}
    assert "the start of the scholarship of Lena Maier is not a day: Oktober" in str(
        refused.value.reasons[0]
    )


def _drafting(engine, mentee, mentor, began: str):
    from mentorcore import Actor, AssignMentor, OptIn

    mentee(scholarship_start=began)
    mentor()
    t = engine.execute(
        AssignMentor(programme_key="ostalb", mentee="lena", mentor="haas"),
        actor=Actor.person("amt"),
    )
    for who in ("lena", "haas"):
        engine.execute(OptIn(tandem_id=t.id), actor=Actor.person(who))
    return t


def test_ostalb_start_1_agreement_not_before_the_scholarship_begins(engine, mentee, mentor):
    """OSTALB-START-1: „Die Ausgestaltung der Zusammenarbeit erfolgt nach Beginn des
    Stipendiums“ - an agreement starting before the scholarship is refused."""
    from mentorcore import Actor, AgreementTerms, DraftAgreement

    t = _drafting(engine, mentee, mentor, "1.4.2027")
    early = AgreementTerms(period_start=date(2027, 1, 15), goals="Facharztweg klären")
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(DraftAgreement(tandem_id=t.id, terms=early), actor=Actor.person("lena"))
    assert refused.value.rule_ids == {"OSTALB-START-1"}
    denial = refused.value.denials[0]
    assert "before the scholarship of Lena Maier begins on 1 April 2027" in denial.render("en")
    assert "vor Beginn des Stipendiums von Lena Maier am 1. April 2027" in denial.render("de")
    on_time = AgreementTerms(period_start=date(2027, 4, 1), goals="Facharztweg klären")
    drafted = engine.execute(
        DraftAgreement(tandem_id=t.id, terms=on_time), actor=Actor.person("lena")
    )
    assert drafted.proposal is not None
    assert drafted.proposal.terms.period_start == date(2027, 4, 1)


def test_ostalb_start_1_no_start_recorded_refuses_nothing(engine, mentee, mentor):
    from mentorcore import Actor, AgreementTerms, DraftAgreement

    t = _drafting(engine, mentee, mentor, "")
    terms = AgreementTerms(period_start=date(2027, 1, 15), goals="Facharztweg klären")
    engine.execute(DraftAgreement(tandem_id=t.id, terms=terms), actor=Actor.person("lena"))
