"""Ostalb's data: topics, profile fields, settings and contacts.

Taken from the programme's description ("Mentoringprogramm im Rahmen des
Stipendienprogramms des Landratsamt Ostalbkreis ... und des Stipendienprogramms
der Kliniken Ostalb gkAöR"); the rule IDs refer to ``docs/rules.md``.
"""

from __future__ import annotations

from mentorcore import Contact, FieldKind, ProfileField, Programme, Setting, Topic

#: OSTALB-ELIG-1: the two scholarships, and the answer that makes a person ineligible.
GENERAL_PRACTICE = "general_practice"
SPECIALIST_CARE = "specialist_care"
SCHOLARSHIPS = {
    GENERAL_PRACTICE: "scholarship of the Landratsamt Ostalbkreis (general practice)",
    SPECIALIST_CARE: "scholarship of the Kliniken Ostalb (specialist care)",
}

#: OSTALB-MENTOR-1: the physicians the programme names, first the ones it names especially.
PHYSICIANS = {
    "in_specialist_training": "physician in specialist training (Ärztin/Arzt in Weiterbildung)",
    "established_gp": "experienced, established general practitioner (niedergelassen)",
    "specialist": "specialist (Fachärztin/Facharzt)",
    "other_physician": "other physician",
}
NOT_A_PHYSICIAN = "not_a_physician"

#: OSTALB-TOPICS-1: what the conversations are typically about.
TOPICS = (
    Topic("career_paths", "Career paths open to the mentee (Karrierepfade)"),
    Topic("salary_structures", "Salary structures (Gehaltsstrukturen)"),
    Topic("internships", "Internships (Praktika)"),
    Topic(
        "study_relevance",
        "How much the study content matters for the profession (Wichtigkeit der Studieninhalte)",
    ),
    Topic(
        "competences",
        "Social and personal competences: strengths and potential, taking criticism, "
        "assertiveness, adaptability, personal appearance",
    ),
)

MENTEE_FIELDS = (
    ProfileField(
        "scholarship",
        FieldKind.CHOICE,
        "Scholarship",
        choices=(GENERAL_PRACTICE, SPECIALIST_CARE, "none"),
        help="OSTALB-ELIG-1: general_practice = Landratsamt Ostalbkreis, "
        "specialist_care = Kliniken Ostalb gkAöR",
    ),
    ProfileField(
        "stage",
        FieldKind.CHOICE,
        "Current stage",
        required=False,
        choices=("studies", "specialist_training", "career_entry"),
        help="OSTALB-DUR-1: the mentoring goes on through training into employment",
    ),
    ProfileField("semester", FieldKind.INTEGER, "Subject semester", required=False, minimum=1),
    ProfileField("interests", FieldKind.TEXT, "Questions and interests", required=False),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        "Topics of interest",
        required=False,
        choices=tuple(t.key for t in TOPICS),
    ),
)

MENTOR_FIELDS = (
    ProfileField(
        "physician_status",
        FieldKind.CHOICE,
        "Physician status",
        choices=(*PHYSICIANS, NOT_A_PHYSICIAN),
        help="OSTALB-MENTOR-1: " + "; ".join(f"{k} = {v}" for k, v in PHYSICIANS.items()),
    ),
    ProfileField("specialty", FieldKind.TEXT, "Specialty", required=False),
    ProfileField("workplace", FieldKind.TEXT, "Practice or clinic", required=False),
    ProfileField(
        "offers_shadowing",
        FieldKind.BOOLEAN,
        "Mentee may accompany me at appointments and work (shadowing)",
        required=False,
        help="OSTALB-SHADOW-1: as far as feasible",
    ),
)

SETTINGS = (
    Setting(
        "meetings_per_quarter",
        1,
        "OSTALB-CAD-1: recommended meetings per quarter ('about once a quarter'). "
        "Accepted: 1 to 30.",
        minimum=1,
        maximum=30,
    ),
    Setting(
        "long_term_min_months",
        24,
        "OSTALB-DUR-1: an agreed end sooner than this many months after the start is "
        "reported, since the mentoring is meant to be long-term (through the studies "
        "and the specialist training). Accepted: 0 to 240.",
        minimum=0,
        maximum=240,
    ),
    Setting(
        "inactivity_days",
        120,
        "CORE-9 for Ostalb: days without activity before a feedback request is due; "
        "with a meeting about once a quarter, a quarter plus a month. Accepted: 1 to 3660.",
        minimum=1,
        maximum=3660,
    ),
)

#: The organisations behind the programme (the description names no persons).
CONTACTS = (
    Contact("Programme organiser", "Landratsamt Ostalbkreis"),
    Contact("Partner (specialist care scholarship)", "Kliniken Ostalb gkAöR"),
    Contact("Partner", "Kreisärzteschaft Aalen"),
    Contact("Partner", "Kreisärzteschaft Schwäbisch Gmünd"),
)


def whole(programme: Programme, name: str) -> int:
    """The value in force of the numeric setting *name*, as a whole number.

    :raises TypeError: the setting holds no number.
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"setting {name!r} of {programme.key} must be a number, got {value!r}")
    return int(value)
