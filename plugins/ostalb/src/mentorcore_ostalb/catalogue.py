"""Ostalb's data: topics, profile fields, settings and contacts.

Taken from the programme's description ("Mentoringprogramm im Rahmen des
Stipendienprogramms des Landratsamt Ostalbkreis ... und des Stipendienprogramms
der Kliniken Ostalb gkAöR"); the rule IDs refer to ``docs/rules.md``.
"""

from __future__ import annotations

import re
from datetime import date

from mentorcore import Choice, Contact, FieldKind, ProfileField, Programme, Setting, Topic
from mentorcore_ostalb.texts import _

#: OSTALB-ELIG-1: the two scholarships, and the answer that makes a person ineligible.
GENERAL_PRACTICE = "general_practice"
SPECIALIST_CARE = "specialist_care"
SCHOLARSHIPS = (GENERAL_PRACTICE, SPECIALIST_CARE)

#: OSTALB-START-1: the profile field holding the day the scholarship began.
SCHOLARSHIP_START = "scholarship_start"

#: OSTALB-MENTOR-1: the physicians the programme names, first the ones it names especially.
PHYSICIANS = ("in_specialist_training", "established_gp", "specialist", "other_physician")
NOT_A_PHYSICIAN = "not_a_physician"

#: OSTALB-TOPICS-1: what the conversations are typically about: the "Inhalte"
#: and what the "Vorteile" and the roles promise the mentee (application
#: documents, contacts, the training situation, the rules of the professional
#: world, insights into practice).
TOPICS = (
    Topic("career_paths", _("Career paths open to the mentee"), label=_("Career paths")),
    Topic("salary_structures", _("Salary structures"), label=_("Salary structures")),
    Topic("internships", _("Internships"), label=_("Internships")),
    Topic(
        "study_relevance",
        _("How much the study content matters for the profession"),
        label=_("Relevance of study content"),
    ),
    Topic(
        "competences",
        _(
            "Social and personal competences: strengths and potential, taking criticism, "
            "assertiveness, adaptability, personal appearance"
        ),
        label=_("Social and personal competences"),
    ),
    Topic(
        "application_documents",
        _("Check of the application documents"),
        label=_("Application documents"),
    ),
    Topic(
        "contacts",
        _("Career-promoting contacts and networks"),
        label=_("Contacts and networks"),
    ),
    Topic(
        "training_situation",
        _("Questions about the current or coming specialist training or professional situation"),
        label=_("Specialist training and professional situation"),
    ),
    Topic(
        "professional_rules",
        _("Formal and informal rules of the professional world"),
        label=_("Rules of the professional world"),
    ),
    Topic(
        "practice_insights",
        _("Insights into practice and into the mentor's work routines"),
        label=_("Insights into practice"),
    ),
)

MENTEE_FIELDS = (
    ProfileField(
        "scholarship",
        FieldKind.CHOICE,
        _("Scholarship"),
        choices=(*SCHOLARSHIPS, "none"),
        help=_(
            "OSTALB-ELIG-1: the scholarship of the Landratsamt Ostalbkreis (general practice) "
            "or of the Kliniken Ostalb gkAöR (specialist care)"
        ),
        choice_labels=(
            Choice(
                GENERAL_PRACTICE,
                _("general practice (Landratsamt Ostalbkreis)"),
                aliases=(_("general practice"), "Landratsamt Ostalbkreis"),
            ),
            Choice(
                SPECIALIST_CARE,
                _("specialist care (Kliniken Ostalb)"),
                aliases=(_("specialist care"), "Kliniken Ostalb"),
            ),
            Choice("none", _("no scholarship")),
        ),
    ),
    ProfileField(
        SCHOLARSHIP_START,
        FieldKind.TEXT,
        _("Start of the scholarship"),
        required=False,
        help=_(
            "OSTALB-START-1: the day the scholarship began or begins, as 2026-10-01 or "
            "1.10.2026; the collaboration is shaped after it"
        ),
    ),
    ProfileField(
        "stage",
        FieldKind.CHOICE,
        _("Current stage"),
        required=False,
        choices=("studies", "specialist_training", "career_entry"),
        help=_("OSTALB-DUR-1: the mentoring goes on through training into employment"),
        choice_labels=(
            Choice("studies", _("studies")),
            Choice("specialist_training", _("specialist training")),
            Choice("career_entry", _("career entry")),
        ),
    ),
    ProfileField("semester", FieldKind.INTEGER, _("Subject semester"), required=False, minimum=1),
    ProfileField("interests", FieldKind.TEXT, _("Questions and interests"), required=False),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        _("Topics of interest"),
        required=False,
        choices=tuple(t.key for t in TOPICS),
    ),
)

MENTOR_FIELDS = (
    ProfileField(
        "physician_status",
        FieldKind.CHOICE,
        _("Physician status"),
        choices=(*PHYSICIANS, NOT_A_PHYSICIAN),
        help=_(
            "OSTALB-MENTOR-1: mentors are physicians, especially physicians in specialist "
            "training and experienced, established general practitioners"
        ),
        choice_labels=(
            Choice("in_specialist_training", _("physician in specialist training")),
            Choice("established_gp", _("experienced, established general practitioner")),
            Choice("specialist", _("specialist")),
            Choice("other_physician", _("other physician")),
            Choice(NOT_A_PHYSICIAN, _("not a physician")),
        ),
    ),
    ProfileField("specialty", FieldKind.TEXT, _("Specialty"), required=False),
    ProfileField("workplace", FieldKind.TEXT, _("Practice or clinic"), required=False),
    ProfileField(
        "offers_shadowing",
        FieldKind.BOOLEAN,
        _("Mentee may accompany me at appointments and work (shadowing)"),
        required=False,
        help=_("OSTALB-SHADOW-1: as far as feasible"),
    ),
)

SETTINGS = (
    Setting(
        "meetings_per_quarter",
        1,
        _(
            "OSTALB-CAD-1: recommended meetings per quarter (“about once a quarter”). "
            "Accepted: 1 to 30."
        ),
        minimum=1,
        maximum=30,
    ),
    Setting(
        "long_term_min_months",
        24,
        _(
            "OSTALB-DUR-1: an agreed end sooner than this many months after the start is "
            "reported, since the mentoring is meant to be long-term (through the studies "
            "and the specialist training). Accepted: 0 to 240."
        ),
        minimum=0,
        maximum=240,
    ),
    Setting(
        "inactivity_days",
        120,
        _(
            "CORE-9 for Ostalb: days without activity before a feedback request is due; "
            "with a meeting about once a quarter, a quarter plus a month. Accepted: 1 to 3660."
        ),
        minimum=1,
        maximum=3660,
    ),
)

#: The organisations behind the programme (the description names no persons).
CONTACTS = (
    Contact(_("Programme organiser"), "Landratsamt Ostalbkreis"),
    Contact(_("Partner (specialist care scholarship)"), "Kliniken Ostalb gkAöR"),
    Contact(_("Partner"), "Kreisärzteschaft Aalen"),
    Contact(_("Partner"), "Kreisärzteschaft Schwäbisch Gmünd"),
)


def scholarship_start(value: object) -> date | None:
    """OSTALB-START-1: the day written as ``2026-10-01`` or ``1.10.2026``, else ``None``."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if german:
            day, month, year = (int(g) for g in german.groups())
            return date(year, month, day)
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def whole(programme: Programme, name: str) -> int:
    """The value in force of the numeric setting *name*, as a whole number.

    :raises TypeError: the setting holds no number.
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"setting {name!r} of {programme.key} must be a number, got {value!r}")
    return int(value)
