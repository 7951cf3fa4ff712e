"""MEDIC-SCOPE-1: the guide's seven out-of-scope subjects, however they are written.

„Fragen beispielsweise zur Studienorganisation oder Promotion, zu psychologischer
Unterstützung in schwierigen Situationen, zu Auslandsaufenthalten, Rechtsberatung
oder Unterstützungsangeboten für Studierende mit Kind oder Fragen der
Studienfinanzierung sind nicht Gegenstand des Mentorings.“
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from attrs import evolve as change
from mentorcore_medic.scope import subjects_in

from mentorcore import (
    Actor,
    AgreementTerms,
    DraftAgreement,
    MeetingFormat,
    PrepareMeeting,
    ProposeAmendment,
    ProposeMeeting,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.i18n import render
from mentorcore.testing import walk_to

ANA, WEBER = Actor.person("ana"), Actor.person("weber")
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5),
    period_end=date(2028, 10, 4),
    meetings_planned=12,
    contact_formats=frozenset({MeetingFormat.IN_PERSON}),
    topics=("career_paths",),
    goals="Eine Fachrichtung finden",
)


def _walk(engine, mentee, mentor, status):
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
        terms=TERMS if status is TandemStatus.ACTIVE else None,
    )


def _refused(call, *args, **kwargs) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as exc:
        call(*args, **kwargs)
    assert exc.value.rule_ids == {"MEDIC-SCOPE-1"}
    return exc.value


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Organisation des Studiums", "study_organisation"),
        ("Mein Stundenplan im 5. Semester", "study_organisation"),
        ("Urlaubssemester beantragen", "study_organisation"),
        ("Doktorarbeit", "doctorate"),
        ("Promotionsthema finden", "doctorate"),
        ("Soll ich promovieren?", "doctorate"),
        ("Prüfungsangst", "psychological_support"),
        ("psychologische Unterstützung in einer schwierigen Situation", "psychological_support"),
        ("Auslandsaufenthalt", "stays_abroad"),
        ("Auslandssemester in Lyon", "stays_abroad"),
        ("PJ-Tertial im Ausland", "stays_abroad"),
        ("Erasmus", "stays_abroad"),
        ("rechtliche Fragen zum Mietvertrag", "legal_advice"),
        ("Brauche ich einen Anwalt?", "legal_advice"),
        ("Studieren mit Kind", "students_with_child"),
        ("Kinderbetreuung während der Blockpraktika", "students_with_child"),
        ("Kitaplatz", "students_with_child"),
        ("Fragen zur Studienfinanzierung", "study_financing"),
        ("BAföG", "study_financing"),
        ("Bafoeg-Antrag", "study_financing"),
        ("Deutschlandstipendium", "study_financing"),
        ("Finanzierung des Studiums", "study_financing"),
        ("doctoral thesis", "doctorate"),
        ("a semester abroad", "stays_abroad"),
        ("student loans", "study_financing"),
    ],
)
def test_medic_scope_1_subjects_recognised_in_free_text(text, subject):
    assert subjects_in(text) == (subject,)


@pytest.mark.parametrize(
    "text",
    [
        "Einblicke in den Alltag der Inneren Medizin",
        "Facharztausbildung Psychiatrie und Psychotherapie",
        "Vereinbarkeit von Beruf und Familie",
        "Motivation zum wissenschaftlichen Arbeiten",
        "Wahl der PJ-Tertiale",
        "Karriere in einer städtischen Klinik oder eigenen Praxis",
        "Netzwerk: Kontakte zu Kolleg:innen in der Region",
        "Kinderheilkunde als Fachrichtung",
        "Umgang mit ausländischen Patientinnen und Patienten",
        "Studium der Medizin und Forschung",
        "Clinician Scientist",
        "Finanzierung einer eigenen Praxis",
    ],
)
def test_medic_scope_1_in_scope_sentences_are_no_subject(text):
    assert subjects_in(text) == ()


def test_medic_scope_1_catalogue_titles_name_no_other_subject(engine):
    for topic in engine.programme("medic").topics:
        for language in ("en", "de"):
            found = subjects_in(render(topic.title, language))
            assert found == ((topic.key,) if topic.out_of_scope and found else ()), (topic, found)


def test_medic_scope_1_free_text_topics_refused_with_the_right_office(engine, mentee, mentor):
    drafting = _walk(engine, mentee, mentor, TandemStatus.AGREEMENT_DRAFTING)
    plan = change(
        TERMS,
        topics=("career_paths", "Fragen zur Studienfinanzierung", "Promotionsthema", "Stundenplan"),
    )
    denied = _refused(engine.execute, DraftAgreement(tandem_id=drafting.id, terms=plan), actor=ANA)
    (reason,) = denied.reasons
    assert "Study financing (“Fragen zur Studienfinanzierung”) is not a topic" in reason
    assert "Doctorate (“Promotionsthema”) is not a topic of MEDiC mentoring; the Medical " in (
        reason
    )
    assert "the Medical Faculty and TU Dresden advise on the doctorate" in reason
    assert "Organisation of studies (“Stundenplan”) is not a topic of MEDiC mentoring; the " in (
        reason
    )
    assert "Studienbüro (study office) advises on the organisation of studies" in reason
    # study financing keeps the guide's generic referral (it names no office for it)
    assert "Studienbüro (study office), the Medical Faculty, TU Dresden or external" in reason


def test_medic_scope_1_german_refusal_names_the_office(engine, mentee, mentor):
    drafting = _walk(engine, mentee, mentor, TandemStatus.AGREEMENT_DRAFTING)
    plan = change(TERMS, topics=("Doktorarbeit",))
    denied = _refused(engine.execute, DraftAgreement(tandem_id=drafting.id, terms=plan), actor=ANA)
    (reason,) = denied.render_reasons("de")
    assert "Promotion („Doktorarbeit“) ist kein Thema des MEDiC-Mentorings" in reason
    assert "Medizinische Fakultät und die TU Dresden" in reason


def test_medic_scope_1_amendment_in_free_text_refused(engine, mentee, mentor):
    active = _walk(engine, mentee, mentor, TandemStatus.ACTIVE)
    plan = change(TERMS, topics=("Auslandssemester planen",))
    denied = _refused(
        engine.execute, ProposeAmendment(tandem_id=active.id, terms=plan), actor=WEBER
    )
    assert "Stays abroad (“Auslandssemester planen”)" in denied.reasons[0]


def test_medic_scope_1_meeting_topics_and_agenda_checked(engine, mentee, mentor):
    active = _walk(engine, mentee, mentor, TandemStatus.ACTIVE)
    start = datetime(2026, 10, 20, 14, tzinfo=UTC)
    denied = _refused(
        engine.execute,
        ProposeMeeting(
            tandem_id=active.id,
            start=start,
            topics=("networking",),
            agenda="1. Rückblick  2. Prüfungsangst vor dem Physikum",
        ),
        actor=ANA,
    )
    assert "Psychological support in difficult situations (“1. Rückblick" in denied.reasons[0]
    _refused(
        engine.execute,
        ProposeMeeting(tandem_id=active.id, start=start, topics=("BAföG",)),
        actor=ANA,
    )
    fine = engine.execute(
        ProposeMeeting(
            tandem_id=active.id,
            start=start,
            topics=("career_paths",),
            agenda="Wahl der PJ-Tertiale; Vereinbarkeit von Beruf und Familie",
        ),
        actor=ANA,
    )
    assert len(fine.meetings) == 1


def test_medic_scope_1_meeting_preparation_topics_checked(engine, mentee, mentor):
    active = _walk(engine, mentee, mentor, TandemStatus.ACTIVE)
    t = engine.execute(
        ProposeMeeting(tandem_id=active.id, start=datetime(2026, 10, 20, 14, tzinfo=UTC)),
        actor=ANA,
    )
    meeting = t.meetings[0].id
    denied = _refused(
        engine.execute,
        PrepareMeeting(
            tandem_id=t.id, meeting_id=meeting, values={"topics_to_deepen": "Auslandsfamulatur"}
        ),
        actor=ANA,
    )
    assert "Stays abroad (“Auslandsfamulatur”)" in denied.reasons[0]
    engine.execute(
        PrepareMeeting(
            tandem_id=t.id, meeting_id=meeting, values={"topics_to_deepen": "Chirurgie"}
        ),
        actor=ANA,
    )
