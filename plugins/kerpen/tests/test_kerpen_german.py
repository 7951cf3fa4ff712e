"""Kerpen in German, its default language: refusals with their rule IDs, the
guide's topic list, dates and the mentoring year as German readers write them,
and a coordinator's German profile values."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from mentorcore_kerpen import policy

from mentorcore import Actor, AgreementTerms, Role, TandemStatus, TransitionDenied
from mentorcore.i18n import render, using_language
from mentorcore.policy.profiles import parse_profile
from mentorcore.testing import walk_to

TEAM = Actor.person("vafai")


@pytest.fixture
def programme(engine):
    return engine.programme("kerpen")


def test_kerpen_programme_speaks_german_by_default(programme):
    assert programme.language == "de"
    assert render(programme.name, "de") == (
        "Internes Mentoringprogramm der Stadt Kerpen für weibliche Nachwuchsführungskräfte"
    )
    description = render(programme.description, "de")
    assert "Eine Mentorin ist kein Coach" in description  # KERPEN-ROLE-1, in its place
    assert render(programme.contacts[2].role, "de") == "Externe Beraterin"


def test_kerpen_elig_1_refusal_in_german_names_the_gender_in_words(engine, mentee):
    with pytest.raises(TransitionDenied) as exc:
        mentee("tom", "Tom Becker", gender="male")
    assert (
        "[KERPEN-ELIG-1] Tom Becker ist keine Frau (Geschlecht: männlich); das interne "
        "Mentoringprogramm der Stadt Kerpen richtet sich an weibliche Nachwuchsführungskräfte"
    ) in exc.value.render("de")


def test_kerpen_mentor_1_problems_listed_in_german(engine, mentor):
    with pytest.raises(TransitionDenied) as exc:
        mentor("vogel", "Petra Vogel", hierarchy_level=1, leadership_years=2)
    (reason,) = exc.value.render_reasons("de")
    assert reason.startswith(
        "Petra Vogel ist auf Führungsebene 1, unter der geforderten Ebene 2 und führt seit "
        "2 Jahren, nicht seit den 3 Jahren einer erfahrenen Führungskraft; Mentorinnen in "
        "Kerpen sind erfahrene Führungskräfte der Stadtverwaltung ab Führungsebene 2"
    )


def test_kerpen_topics_1_the_guides_list_in_german(programme):
    assert render(programme.topic("network").label, "de") == "Netzwerk"
    assert render(programme.topic("network").title, "de") == (
        "Auf- und Ausbau des eigenen Netzwerks innerhalb der Behörde"
    )
    assert render(programme.topic("other").label, "de") == "Sonstige Themen"
    labels = [render(t.label, "de") for t in programme.topics]
    assert len(set(labels)) == len(labels) == 17


def test_kerpen_year_1_refusal_and_workshop_dates_in_german(engine, mentee, mentor, programme):
    mentee()
    mentor()
    terms = AgreementTerms(
        period_start=date(2027, 1, 15),
        period_end=date(2027, 12, 31),
        topics=("conflicts", "visibility", "network", "time_management"),
        goals="Sichtbarer werden",
    )
    active = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="kerpen",
        mentee="sara",
        mentor="vogel",
        coordinator=TEAM,
        terms=terms,
    )
    due = policy.kerpen_year_1_due(
        tandem=active, programme=programme, now=datetime(2027, 1, 20, tzinfo=UTC)
    )
    with using_language("de"):
        assert due[0].reason == (
            "Das Mentoringjahr 2027 hat begonnen: Der Einführungsworkshop findet zeitnah "
            "statt, bis zum 31. Januar 2027"
        )


def test_kerpen_profile_accepts_the_coordinators_german_values(programme):
    mentee = parse_profile(
        programme.fields_for(Role.MENTEE),
        {
            "Geschlecht": "w",
            "Führungsposition": "Nachwuchsführungskraft",
            "Organisationseinheit (Amt, Fachbereich)": "Amt für Schulen",
            "Ihre Themen": "Netzwerk; Sichtbarkeit; Führen in Teilzeit",
        },
    )
    assert mentee.get("gender") == "female"
    assert mentee.get("leadership") == "junior_leader"
    assert mentee.get("topics") == ("network", "visibility", "part_time_leadership")
