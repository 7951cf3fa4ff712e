"""MEDiC's data: tracks, topics, profile fields, settings, contacts and templates.

Everything here is taken from the programme's guide ("Leitfaden für das
1:1-Mentoring", September 2023); the rule IDs refer to ``docs/rules.md``.
"""

from __future__ import annotations

from mentorcore import Contact, FieldKind, ProfileField, Programme, Setting, Template, Topic

CLINICAL = "clinical"
SCIENTIFIC = "scientific"
#: MEDIC-TRACK-1: clinical and scientific mentoring.
TRACKS = (CLINICAL, SCIENTIFIC)

#: MEDIC-SCOPE-1: the guide's referral for every topic outside the mentoring.
REFERRAL = (
    "not a topic of MEDiC mentoring: alternative advice and information services are "
    "available at the Studienbüro (study office), the Medical Faculty, TU Dresden or "
    "external providers"
)

#: MEDIC-TOPICS-1: the possible topics of figure 3 ("Mögliche Themen im 1:1-Mentoring").
IN_SCOPE = (
    Topic(
        "insights",
        "Insights into everyday professional life as a physician or scientist; passing on "
        "professional and life experience; ideas for one's own later career direction",
    ),
    Topic(
        "career_paths",
        "The variety of medical career paths: medical specialties; municipal or university "
        "hospital, own practice, medical care centre; teaching; new diagnostics or "
        "therapies, clinician scientist",
    ),
    Topic(
        "networking",
        "Networking: contacts from the mentor's network, invitations to network and "
        "specialist events, contacts to colleagues across sectors",
    ),
    Topic(
        "collaboration",
        "Interdisciplinary, intersectoral and interprofessional collaboration",
    ),
    Topic(
        "competences",
        "Targeted development of competences that support the start of a career",
    ),
    Topic("scientific_work", "Motivation for scientific work"),
    Topic(
        "career_planning",
        "Medical and scientific training and career planning; useful additional qualifications",
    ),
    Topic(
        "informal_rules",
        "Informal rules and structures of everyday medical or scientific life",
    ),
    Topic(
        "reflection",
        "Reflecting on one's position, strengths and weaknesses; actively shaping one's "
        "own career development",
    ),
    Topic(
        "gender_patterns",
        "Recognising, reflecting on and breaking up traditional and gender-specific "
        "patterns of thought and behaviour",
    ),
    Topic("work_life", "Reconciling professional and private life"),
    Topic("health_policy", "Current topics of health policy"),
)

#: MEDIC-SCOPE-1: questions the mentoring does not take up, with the guide's referral.
OUT_OF_SCOPE = tuple(
    Topic(key, title, out_of_scope=True, referral=REFERRAL)
    for key, title in (
        ("study_organisation", "Organisation of studies (Studienorganisation)"),
        ("doctorate", "Doctorate (Promotion)"),
        (
            "psychological_support",
            "Psychological support in difficult situations (psychologische Unterstützung)",
        ),
        ("stays_abroad", "Stays abroad (Auslandsaufenthalte)"),
        ("legal_advice", "Legal advice (Rechtsberatung)"),
        (
            "students_with_child",
            "Support for students with a child (Unterstützung für Studierende mit Kind)",
        ),
        ("study_financing", "Study financing (Studienfinanzierung)"),
    )
)

TOPICS = IN_SCOPE + OUT_OF_SCOPE
_TOPIC_KEYS = tuple(t.key for t in IN_SCOPE)


def _flag(name: str, label: str, help: str = "") -> ProfileField:
    # A missing yes/no answer counts as "no": forms often leave unticked boxes out.
    return ProfileField(name, FieldKind.BOOLEAN, label, required=False, help=help)


def _years(name: str, label: str, *, required: bool = False) -> ProfileField:
    return ProfileField(name, FieldKind.INTEGER, label, required=required, minimum=0, maximum=70)


MENTEE_FIELDS = (
    ProfileField(
        "study_programme",
        FieldKind.CHOICE,
        "Study programme",
        choices=("medic", "other"),
        help="medic: the MEDiC model degree programme in human medicine "
        "(Modellstudiengang Humanmedizin, Medizincampus Chemnitz) - MEDIC-ELIG-1",
    ),
    ProfileField(
        "semester",
        FieldKind.INTEGER,
        "Subject semester (Fachsemester)",
        minimum=1,
        maximum=20,
        help="MEDIC-ELIG-1: from the 3rd subject semester",
    ),
    _flag("practical_year", "In the practical year (PJ)", "MEDIC-ELIG-1"),
    _flag(
        "application_form",
        "Application form submitted (Bewerbungsbogen)",
        "MEDIC-ELIG-2: the electronic application form sent to the mentoring coordination",
    ),
    _flag(
        "workshop_attended",
        "Introductory workshop attended (Einführungs-Workshop)",
        "MEDIC-ELIG-3",
    ),
    ProfileField(
        "wished_track",
        FieldKind.CHOICE,
        "Wished track",
        required=False,
        choices=TRACKS,
        help="MEDIC-MATCH-1: the mentee's wish",
    ),
    ProfileField(
        "wished_topics",
        FieldKind.CHOICES,
        "Wished topics",
        required=False,
        choices=_TOPIC_KEYS,
        help="MEDIC-MATCH-1: keys of the topic catalogue (MEDIC-TOPICS-1)",
    ),
    ProfileField("wished_specialty", FieldKind.TEXT, "Specialty of interest", required=False),
    ProfileField(
        "mentor_wishes",
        FieldKind.CHOICES,
        "Wished mentors",
        required=False,
        help="MEDIC-MATCH-1: ids of mentors the mentee would like, separated by ';'",
    ),
)

MENTOR_FIELDS = (
    _flag("licensed", "Medical licence (ärztliche Approbation)", "MEDIC-MENTOR-1"),
    _years("years_experience", "Years of professional experience", required=True),
    _years(
        "research_years",
        "Years planning, conducting and publishing medical research projects",
    ),
    _years(
        "supervision_years",
        "Years in student education, including supervising scientific theses",
    ),
    _flag("doctorate", "Doctorate (Promotion)", "MEDIC-MENTOR-2: desirable, not required"),
    _flag("faculty_member", "Member of the Medical Faculty", "MEDIC-MENTOR-3"),
    _flag("klinikum_staff", "On the staff of Klinikum Chemnitz", "MEDIC-MENTOR-3"),
    _flag("mentoring_contract", "Mentoring contract (Mentoring-Vertrag) signed", "MEDIC-MENTOR-3"),
    _flag(
        "profile_form",
        "Profile form submitted (Profilbogen)",
        "MEDIC-ELIG-2: the electronic profile form sent to the mentoring coordination",
    ),
    _flag(
        "basic_qualification",
        "Basic qualification completed (Basisqualifizierung)",
        "MEDIC-ELIG-3",
    ),
    ProfileField("specialty", FieldKind.TEXT, "Specialty or field", required=False),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        "Topics offered",
        required=False,
        choices=_TOPIC_KEYS,
        help="MEDIC-MATCH-1: keys of the topic catalogue (MEDIC-TOPICS-1)",
    ),
)

SETTINGS = (
    Setting(
        "min_semester",
        3,
        "MEDIC-ELIG-1: the first subject semester in which students may take part. "
        "Accepted: 1 to 12 (the practical year follows the 10th).",
        minimum=1,
        maximum=12,
    ),
    Setting(
        "several_years",
        3,
        'MEDIC-MENTOR-1/2: "mehrjährig" (several years) of professional, research and '
        "supervision experience; three years, the usual reading of 'several'. "
        "Accepted: 0 to 50.",
        minimum=0,
        maximum=50,
    ),
    Setting(
        "initial_term_months",
        24,
        "MEDIC-DUR-1: the longest period of a first agreement (initially two years); "
        "longer periods come by amendment. Accepted: 1 to 120.",
        minimum=1,
        maximum=120,
    ),
    Setting(
        "meetings_per_semester",
        3,
        "MEDIC-CAD-1: meetings per semester (three, more are welcome). Accepted: 1 to 30.",
        minimum=1,
        maximum=30,
    ),
    Setting(
        "meeting_minutes",
        60,
        "MEDIC-CAD-1: the length of a meeting (about one hour). Accepted: 5 to 480.",
        minimum=5,
        maximum=480,
    ),
    Setting(
        "in_person_per_semester",
        1,
        "MEDIC-CAD-2: meetings per semester that take place in person. Accepted: 0 to 30.",
        minimum=0,
        maximum=30,
    ),
    Setting(
        "inactivity_days",
        70,
        "CORE-9 for MEDiC: days without activity before a feedback request is due; three "
        "meetings a semester leave gaps of about eight weeks, so ten weeks is 'long'. "
        "Accepted: 1 to 3660.",
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "goal_review_interval_days",
        730,
        "MEDIC-GOAL-1: goals are reviewed regularly, at the latest after two years. "
        "Accepted: 1 to 3660.",
        minimum=1,
        maximum=3660,
    ),
)


def whole(programme: Programme, name: str) -> int:
    """The value in force of the numeric setting *name*, as a whole number.

    :raises TypeError: the setting holds no number (a host override of the
        wrong kind that the core did not catch).
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"setting {name!r} of {programme.key} must be a number, got {value!r}")
    return int(value)


#: The mentoring coordination named in the guide.
CONTACTS = (
    Contact(
        "Mentoring coordination",
        "Rosi Lange, Klinikum Chemnitz gGmbH, Bereich Lehre und Forschung",
        email="MEDiC-Mentoringprogramm@skc.de",
        phone="0371 333-35316",
    ),
    Contact(
        "Mentoring coordination team",
        "Lilly Rüthrich, Zentrum für Evidenzbasierte Gesundheitsversorgung (ZEGV), "
        "Medizincampus Chemnitz",
    ),
    Contact(
        "Mentoring coordination team",
        "Christiane Hilbig, Zentrum für Evidenzbasierte Gesundheitsversorgung (ZEGV), "
        "Medizincampus Chemnitz",
    ),
)


def _text(name: str, label: str, *, required: bool = False) -> ProfileField:
    return ProfileField(name, FieldKind.TEXT, label, required=required)


#: MEDIC-DOC-1: the three templates of the guide, with the fields they print.
TEMPLATES = (
    Template(
        "first_conversation",
        "First conversation (Vorlage: Erstgespräch Mentoring)",
        (
            _text("mentee_name", "Name of the mentee", required=True),
            _text("date", "Date (YYYY-MM-DD)", required=True),
            _text("mentor_name", "Name of the mentor", required=True),
            ProfileField(
                "track", FieldKind.CHOICE, "Clinical or scientific mentoring", choices=TRACKS
            ),
            _text(
                "motivation",
                "The mentee's personal motivation and professional experience so far",
            ),
            _text("expectations_mentor", "Expectations of the partnership: the mentor's"),
            _text("expectations_mentee", "Expectations of the partnership: the mentee's"),
            _text("meetings", "Frequency, place and form of the meetings"),
            _text(
                "goals",
                "Which concrete goals and results do we want to reach? "
                "Which topics shall we work on?",
            ),
            _text("approach", "How shall the goals be reached? (proposed solutions, time plan)"),
        ),
        "first_conversation",
    ),
    Template(
        "mentee_preparation",
        "Mentee's preparation of the first conversation "
        "(Vorlage: Vorbereitung Erstgespräch Mentee)",
        (
            _text(
                "strengths",
                "Analysis - competences (scientific, social, methodical, personal): strengths",
            ),
            _text("interests", "Analysis - competences: interests"),
            _text("topics_to_explore", "Which topics or areas would you like to get to know?"),
            _text("topics_to_deepen", "Which topics or areas would you like to deepen?"),
            _text("professional_goals", "Which goals do you pursue professionally?"),
            _text("private_goals", "Which goals do you pursue privately?"),
            _text("steps", "Which steps are needed to reach the goals?"),
            _text(
                "support_needed", "Implementation - which support do you need (form of support)?"
            ),
            _text("supporters", "Implementation - who can give you this support?"),
        ),
        "preparation",
    ),
    Template(
        "meeting_sheet",
        "Documentation sheet of a meeting (Vorlage: Dokumentationsbogen)",
        (
            _text("date", "Date (YYYY-MM-DD)", required=True),
            _text(
                "preparation",
                "Preparation: topics I want to discuss (What was reached since last time? "
                "Which questions remained open? Which new questions arose?)",
            ),
            _text(
                "contents", "Contents and decisions (agreed goals, tasks until the next meeting)"
            ),
            _text("recommendations", "Recommendations and suggestions for improvement"),
            _text("next_date", "Next meeting: date"),
            _text("next_time", "Next meeting: time"),
            _text("next_place", "Next meeting: place"),
        ),
        "meeting_notes",
    ),
)
