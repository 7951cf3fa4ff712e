"""Ostalb in German, its default language: refusals with their rule IDs, the
description's topic names, dates as German readers write them, and a
coordinator's German profile values."""

from __future__ import annotations

from datetime import date

import pytest
from attrs import evolve
from mentorcore_ostalb import policy

from mentorcore import AgreementTerms, Content, Role, TandemStatus, TransitionDenied
from mentorcore.i18n import render, using_language
from mentorcore.policy.profiles import parse_profile
from mentorcore.testing import walk_to


@pytest.fixture
def programme(engine):
    return engine.programme("ostalb")


def test_ostalb_programme_speaks_german_by_default(programme):
    assert programme.language == "de"
    assert render(programme.name, "de") == (
        "Mentoringprogramm der Stipendienprogramme des Ostalbkreises"
    )
    assert render(programme.contacts[0].role, "de") == "Träger des Programms"


def test_ostalb_elig_1_refusal_in_german_keeps_its_rule_id(engine, mentee):
    with pytest.raises(TransitionDenied) as exc:
        mentee(scholarship="none")
    assert (
        "[OSTALB-ELIG-1] Lena Maier hat weder ein Stipendium des Landratsamts Ostalbkreis "
        "(hausärztliche Versorgung) noch ein Stipendium der Kliniken Ostalb"
    ) in exc.value.render("de")
    assert exc.value.denials[0].params == {"name": "Lena Maier"}


def test_ostalb_conf_1_refusal_names_the_content_in_german():
    decision = policy.ostalb_conf_1_confidential(
        content=Content.GOALS, viewer_role=Role.COORDINATOR
    )
    assert decision.render("de") == (
        "Die Gespräche eines Ostalb-Tandems sind streng vertraulich und nicht "
        "berichtspflichtig: Die Koordination sieht die Ziele nicht"
    )


def test_ostalb_topics_1_labels_and_titles_in_german(programme):
    assert render(programme.topic("salary_structures").label, "de") == "Gehaltsstrukturen"
    assert render(programme.topic("study_relevance").title, "de") == (
        "Wichtigkeit der Studieninhalte für den Beruf"
    )
    labels = [render(t.label, "de") for t in programme.topics]
    assert len(set(labels)) == len(labels)


def test_ostalb_dur_1_advisory_dates_and_months_in_german(engine, mentee, mentor, programme):
    mentee()
    mentor()
    terms = AgreementTerms(period_start=date(2026, 10, 5), period_end=date(2027, 3, 1))
    active = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="ostalb",
        mentee="lena",
        mentor="haas",
        terms=terms,
    )
    (advisory,) = policy.ostalb_dur_1_long_term(tandem=active, programme=programme)
    assert advisory.message.render("de").startswith(
        "Die Vereinbarung endet am 1. März 2027, weniger als 24 Monate nach ihrem Beginn"
    )
    one = evolve(programme, settings=tuple(
        evolve(s, value=1) if s.name == "long_term_min_months" else s for s in programme.settings
    ))  # fmt: skip
    short = evolve(active, agreement=evolve(active.agreement, terms=evolve(
        terms, period_end=date(2026, 10, 20))))  # fmt: skip
    (advisory,) = policy.ostalb_dur_1_long_term(tandem=short, programme=one)
    with using_language("de"):
        assert "weniger als 1 Monat nach ihrem Beginn" in advisory.text


def test_ostalb_profile_accepts_the_coordinators_german_values(programme):
    mentee = parse_profile(
        programme.fields_for(Role.MENTEE),
        {"Stipendium": "hausärztliche Versorgung", "Aktuelle Phase": "Studium"},
    )
    assert mentee.get("scholarship") == "general_practice"
    assert mentee.get("stage") == "studies"
    mentor = parse_profile(
        programme.fields_for(Role.MENTOR),
        {"Ärztliche Tätigkeit": "Ärztin oder Arzt in Weiterbildung"},
    )
    assert mentor.get("physician_status") == "in_specialist_training"
