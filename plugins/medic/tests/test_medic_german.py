"""MEDiC in German, its default language: refusals with their rule IDs, the
guide's topic names, dates and semesters as German readers write them, and a
coordinator's German profile values."""

from __future__ import annotations

import contextvars
from datetime import UTC, date, datetime

import pytest
from attrs import evolve as change
from mentorcore_medic import policy

from mentorcore import (
    Actor,
    AgreementTerms,
    DraftAgreement,
    MeetingFormat,
    Role,
    SubmitAgreement,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.i18n import render, using_language
from mentorcore.policy.profiles import parse_profile
from mentorcore.testing import walk_to

ANA = Actor.person("ana")
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 10, 4),
    meetings_planned=12,
    contact_formats=frozenset({MeetingFormat.IN_PERSON}),
    topics=("career_paths",),
    goals="Eine Fachrichtung finden",
)


@pytest.fixture
def programme(engine):
    return engine.programme("medic")


def tandem(engine, mentee, mentor, status, **kw):
    mentee()
    mentor()
    return walk_to(
        engine,
        status,
        programme="medic",
        mentee="ana",
        mentor="weber",
        coordinator=Actor.person("lange"),
        track="clinical",
        **kw,
    )


def test_medic_programme_speaks_german_by_default(programme):
    assert programme.language == "de"
    assert render(programme.name, "de") == "MEDiC 1:1-Mentoring"
    assert render(programme.contacts[0].role, "de") == "Mentoringkoordination"
    assert render(programme.template("first_conversation").title, "de") == (
        "Vorlage: Erstgespräch Mentoring"
    )


def test_medic_start_1_refusal_in_german_keeps_its_rule_id(engine, mentee, mentor):
    drafting = tandem(engine, mentee, mentor, TandemStatus.AGREEMENT_DRAFTING)
    summer = change(TERMS, period_start=date(2027, 4, 15), period_end=date(2029, 4, 14))
    engine.execute(DraftAgreement(tandem_id=drafting.id, terms=summer), actor=ANA)
    with pytest.raises(TransitionDenied) as exc:
        engine.execute(SubmitAgreement(tandem_id=drafting.id), actor=ANA)
    assert (
        "[MEDIC-START-1] Die Vereinbarung beginnt am 15. April 2027, im SoSe 2027; das "
        "MEDiC-Mentoring beginnt im Wintersemester, beginnen Sie daher frühestens am "
        "1. Oktober 2027"
    ) in exc.value.render("de")
    (decision,) = exc.value.denials
    assert decision.message_id.startswith("the agreement starts on {start}")
    assert decision.params["start"] == date(2027, 4, 15)
    with using_language("de"):
        assert exc.value.reasons[0].startswith("Die Vereinbarung beginnt am 15. April 2027")


def test_medic_elig_1_refusal_names_the_person_in_german(engine, mentee):
    with pytest.raises(TransitionDenied) as exc:
        mentee(semester=2)
    assert exc.value.render_reasons("de") == [
        "Ana Roth ist im 2. Fachsemester; das MEDiC 1:1-Mentoring steht Studierenden des "
        "Modellstudiengangs ab dem 3. Fachsemester bis einschließlich des Praktischen "
        "Jahres (PJ) offen"
    ]


def test_medic_topics_1_labels_and_titles_in_the_guides_german(programme):
    networking = programme.topic("networking")
    assert render(networking.label, "de") == "Netzwerkbildung"
    assert render(networking.label, "en") == "Networking"
    assert render(networking.title, "de").startswith("Netzwerkbildung, z. B. Vermittlung")
    assert render(programme.topic("doctorate").title, "de") == "Promotion"
    labels = [render(t.label, "de") for t in programme.topics]
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_medic_scope_1_german_topic_names_are_refused_in_german(engine, mentee, mentor):
    drafting = tandem(engine, mentee, mentor, TandemStatus.AGREEMENT_DRAFTING)
    plan = change(TERMS, topics=("Netzwerkbildung", "Promotion", "rechtsberatung"))
    with pytest.raises(TransitionDenied) as exc:
        engine.execute(DraftAgreement(tandem_id=drafting.id, terms=plan), actor=ANA)
    (reason,) = exc.value.render_reasons("de")
    assert "Promotion ist kein Thema des MEDiC-Mentorings" in reason
    assert "Rechtsberatung ist kein Thema des MEDiC-Mentorings" in reason
    assert "im Studienbüro, an der Fakultät, der TU Dresden" in reason


def test_medic_eval_1_semester_and_its_inclusive_end_in_german(engine, mentee, mentor):
    active = tandem(engine, mentee, mentor, TandemStatus.ACTIVE, terms=TERMS)
    first = policy.medic_eval_1_evaluations_due(
        tandem=active, programme=engine.programme("medic"), now=datetime(2027, 4, 2, tzinfo=UTC)
    )
    german = first[0].message.render("de")
    assert german.startswith("Das WiSe 2026/27 ist vorbei (es endete am 31. März 2027)")


def test_medic_agreement_template_frequency_in_the_programmes_language(programme):
    template = policy.mentorcore_agreement_template
    english = template(programme, date(2026, 10, 5), None)  # the tests chose English
    assert english.contact_frequency == (
        "3 meetings of about 60 minutes per semester, at least 1 in person"
    )
    # A host that chose no language gets the programme's: German.
    german = contextvars.Context().run(template, programme, date(2026, 10, 5), None)
    assert german.contact_frequency == (
        "3 Treffen von ca. 60 Minuten pro Semester, mindestens 1 davon persönlich"
    )


def test_medic_profile_accepts_the_coordinators_german_values(programme):
    profile = parse_profile(
        programme.fields_for(Role.MENTEE),
        {
            "Studiengang": "Modellstudiengang MEDiC",
            "Fachsemester": "5",
            "Bewerbungsbogen eingereicht": "ja",
            "Einführungs-Workshop besucht": "x",
            "Gewünschter Schwerpunkt": "wissenschaftlich",
            "Gewünschte Themen": "Netzwerkbildung; Karrierewege",
        },
    )
    assert profile.get("study_programme") == "medic"
    assert profile.get("wished_track") == "scientific"
    assert profile.get("wished_topics") == ("networking", "career_paths")
