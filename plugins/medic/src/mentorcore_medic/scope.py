"""MEDIC-SCOPE-1: recognising the guide's seven out-of-scope subjects in free text.

„Fragen beispielsweise zur Studienorganisation oder Promotion, zu psychologischer
Unterstützung in schwierigen Situationen, zu Auslandsaufenthalten, Rechtsberatung
oder Unterstützungsangeboten für Studierende mit Kind oder Fragen der
Studienfinanzierung sind nicht Gegenstand des Mentorings.“

People write „Fragen zur Studienfinanzierung“, „BAföG“, „Auslandssemester“ or
„Promotionsthema“, not the catalogue's words, so each subject is known by
patterns of its German word forms, compounds and common synonyms (and the
English ones). The patterns are narrow on purpose: words that also name an
in-scope topic of figure 3 („Psychiatrie“, „Vereinbarkeit von Beruf und
Familie“, „wissenschaftliches Arbeiten“) are not among them.
"""

from __future__ import annotations

import re

from mentorcore import (
    Decision,
    DraftAgreement,
    PrepareMeeting,
    Programme,
    ProposeAmendment,
    ProposeMeeting,
    Tandem,
    Topic,
    Transition,
)
from mentorcore.i18n import SUPPORTED, Message, render
from mentorcore_medic.texts import _

#: Per out-of-scope topic key, the patterns that name it (matched case-blind).
PATTERNS: dict[str, tuple[str, ...]] = {
    "study_organisation": (
        r"studien(organisation|ablauf|plan|ordnung|verlauf)",
        r"organisation\s+(des|meines|ihres|vom)\s+studiums",
        r"\bstundenplan",
        r"prüfungs(anmeldung|ordnung|termin|amt)",
        r"\b(modul|kurs|lehrveranstaltungs)(anmeldung|belegung|wahl)",
        r"\burlaubssemester",
        r"\bbeurlaubung",
        r"\bstudy\s+organi[sz]ation",
        r"\borgani[sz]ation\s+of\s+(my\s+|the\s+)?stud(y|ies)",
        r"\b(timetable|exam\s+registration|course\s+registration)",
    ),
    "doctorate": (
        r"\bpromotion(s\w*)?\b",
        r"\bpromovier\w*",
        r"doktor(arbeit|and\w*|vater|mutter|titel)",
        r"\bdissertation",
        r"\bdoctora(te|l)",
        r"\bph\.?\s?d\b",
        r"\bmd\s+thesis",
    ),
    "psychological_support": (
        r"\bpsycholog\w*\s+(unterstützung|beratung|hilfe|betreuung|begleitung|support|help"
        r"|counsel\w*)",
        r"\bpsychosozial\w*\s+(beratung|unterstützung|hilfe)",
        r"\bpsychische\w*\s+(probleme?|belastung\w*|krise\w*|erkrankung\w*)",
        r"prüfungsangst",
        r"\b(lebens|sinn)krise",
        r"\bkrisenintervention",
        r"\b(exam|test)\s+anxiety",
        r"\bmental\s+health\s+(support|problems?|issues?|crisis)",
    ),
    "stays_abroad": (
        r"ausland",
        r"\berasmus",
        r"\b(austausch|gast)semester",
        r"\babroad\b",
        r"\b(exchange|erasmus)\s+(semester|year|programme|program)",
    ),
    "legal_advice": (
        r"rechtsberatung",
        r"\brechtlich\w*\s+(beratung|fragen?|hilfe|probleme?|streit\w*)",
        r"\bjuristisch\w*\s+(beratung|fragen?|hilfe)",
        r"\b(rechts)?anw(a|ä)lt",
        r"\brechtsstreit",
        r"\blegal\s+(advice|counsel\w*|questions?|help|problems?|dispute)",
        r"\blawyer",
    ),
    "students_with_child": (
        r"\b(studium|studieren|studierende\w*|studenten|studentinnen)\s+mit\s+kind",
        r"\bkinderbetreuung",
        r"\bkita(platz|s)?\b",
        r"\bkinderkrippe",
        r"\b(studierende|studentische)\s+eltern",
        r"\beltern\s+im\s+studium",
        r"\bstud(ents?|ying)\s+with\s+(a\s+)?(child|children|kids?)",
        r"\bchild\s?care",
    ),
    "study_financing": (
        r"studien(finanzierung|kredit|gebühr|darlehen)",
        r"finanzierung\s+(des|meines|ihres|vom)\s+studiums",
        r"\bstudium\s+finanzier",
        r"\bbaf(ö|oe|o)g",
        r"stipendi",
        r"\bsemesterbeitrag",
        r"\bnebenjob",
        r"\bstud(y|ent)\s+(financing|finance|loans?|fees)",
        r"\btuition",
        r"\bscholarship",
    ),
}

_COMPILED = {key: re.compile("|".join(f"(?:{p})" for p in ps)) for key, ps in PATTERNS.items()}


def subjects_in(text: str) -> tuple[str, ...]:
    """The keys of the out-of-scope subjects *text* names, in catalogue order."""
    folded = " ".join(text.casefold().split())
    return tuple(key for key, pattern in _COMPILED.items() if pattern.search(folded))


#: The fields of the mentee's preparation form that name topics (MEDIC-DOC-1).
PREPARATION_TOPIC_FIELDS = ("topics_to_explore", "topics_to_deepen")


def written(tandem: Tandem | None, transition: Transition) -> tuple[str, ...]:
    """What *transition* writes as a topic or an agenda.

    An agreement's topic plan (draft, submission, amendment), a proposed
    meeting's topics and agenda, and the topics of the mentee's preparation.
    """
    command = transition.command
    texts: tuple[object, ...] = ()
    if isinstance(command, DraftAgreement | ProposeAmendment):
        texts = command.terms.topics
    elif transition.verb == "submit_agreement" and tandem is not None and tandem.proposal:
        texts = tandem.proposal.terms.topics
    elif isinstance(command, ProposeMeeting):
        texts = (*command.topics, command.agenda)
    elif isinstance(command, PrepareMeeting):
        texts = tuple(command.values.get(f) for f in PREPARATION_TOPIC_FIELDS)
    return tuple(t for t in texts if isinstance(t, str) and t.strip())


def medic_scope_1_out_of_scope_topics(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-SCOPE-1: subjects outside the mentoring are refused, with the office to ask.

    Asked of agreement drafts, submissions and amendments, of meeting
    proposals (topics and agenda) and of the mentee's meeting preparation.
    A catalogue key or title counts as that topic; any other text counts for
    every out-of-scope subject it names (:func:`subjects_in`).
    """
    found: list[tuple[Topic, Message | str]] = []
    for entry in written(tandem, transition):
        for topic in _named(programme, entry):
            if all(t != topic for t, _said in found):
                found.append((topic, _said_as(topic, entry)))
    if not found:
        return None
    referrals: dict[object, list[Message | str]] = {}
    for topic, said in found:
        referrals.setdefault(topic.referral, []).append(said)
    refusals = tuple(
        _.plural(
            "{topics} is not a topic of MEDiC mentoring; {referral}",
            "{topics} are not topics of MEDiC mentoring; {referral}",
            len(said),
            topics=tuple(said),
            referral=referral,
        )
        for referral, said in referrals.items()
    )
    return Decision.deny(
        "MEDIC-SCOPE-1",
        _("the topics hold questions outside MEDiC mentoring: {refusals}", refusals=refusals),
    )


def _names(topic: Topic) -> set[str]:
    return {topic.key} | {
        render(text, language).casefold()
        for text in (topic.title, topic.label)
        for language in SUPPORTED
        if text
    }


def _named(programme: Programme, entry: str) -> list[Topic]:
    """The out-of-scope topics *entry* names: as a catalogue entry, or in free text."""
    wanted = entry.strip().casefold()
    exact = next((t for t in programme.topics if wanted in _names(t)), None)
    if exact is not None:
        return [exact] if exact.out_of_scope else []
    keys = subjects_in(entry)
    return [t for t in programme.topics if t.out_of_scope and t.key in keys]


def _said_as(topic: Topic, entry: str) -> Message | str:
    """The topic's title, with the words that named it when they were not its own."""
    if entry.strip().casefold() in _names(topic):
        return topic.title
    return _("{topic} (“{written}”)", topic=topic.title, written=" ".join(entry.split()))
