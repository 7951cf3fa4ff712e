"""MEDiC's data: tracks, topics, profile fields, settings and contacts.

Everything here is taken from the programme's guide ("Leitfaden für das
1:1-Mentoring", September 2023); the rule IDs refer to ``docs/rules.md``.
Texts are English message ids of the ``mentorcore_medic`` domain; the German
catalogue holds the guide's own wording (figure 3). The templates are in
:mod:`mentorcore_medic.templates`.
"""

from __future__ import annotations

from mentorcore import Choice, Contact, FieldKind, ProfileField, Programme, Setting, Topic
from mentorcore.i18n import Text
from mentorcore_medic.texts import _

CLINICAL = "clinical"
SCIENTIFIC = "scientific"
#: MEDIC-TRACK-1: clinical and scientific mentoring.
TRACKS = (CLINICAL, SCIENTIFIC)
#: The tracks as people name them (accepted as input next to the keys).
TRACK_LABELS = (
    Choice(CLINICAL, _("clinical mentoring"), aliases=(_("clinical"),)),
    Choice(SCIENTIFIC, _("scientific mentoring"), aliases=(_("scientific"),)),
)

#: MEDIC-SCOPE-1: the guide's referral for every topic outside the mentoring.
REFERRAL = _(
    "alternative advice and information services are available at the Studienbüro "
    "(study office), the Medical Faculty, TU Dresden or external providers"
)

#: MEDIC-SCOPE-1: where the guide's own words point a subject to one of those places.
#: The organisation of studies is the Studienbüro's business; the doctorate has
#: "eigenständige Programme an der Medizinischen Fakultät und an der TU Dresden"
#: (Promotionskollegs). The guide assigns no other subject to a place.
STUDY_OFFICE = _("the Studienbüro (study office) advises on the organisation of studies")
DOCTORAL_PROGRAMMES = _(
    "the Medical Faculty and TU Dresden advise on the doctorate, with their own programmes "
    "(Promotionskollegs)"
)

#: MEDIC-TOPICS-1: the possible topics of figure 3 ("Mögliche Themen im 1:1-Mentoring").
IN_SCOPE = (
    Topic(
        "insights",
        _(
            "Insights into everyday professional life as a physician or scientist; passing "
            "on professional and life experience; ideas for one's own later career direction"
        ),
        label=_("Insights into professional life"),
    ),
    Topic(
        "career_paths",
        _(
            "The variety of medical career paths: medical specialties; municipal or "
            "university hospital, own practice, medical care centre; teaching; new "
            "diagnostics or therapies, clinician scientist"
        ),
        label=_("Career paths"),
    ),
    Topic(
        "networking",
        _(
            "Networking: contacts from the mentor's network, invitations to network and "
            "specialist events, contacts to colleagues across sectors"
        ),
        label=_("Networking"),
    ),
    Topic(
        "collaboration",
        _("Interdisciplinary, intersectoral and interprofessional collaboration"),
        label=_("Collaboration"),
    ),
    Topic(
        "competences",
        _("Targeted development of competences that support the start of a career"),
        label=_("Competence development"),
    ),
    Topic(
        "scientific_work",
        _("Motivation for scientific work"),
        label=_("Scientific work"),
    ),
    Topic(
        "career_planning",
        _("Medical and scientific training and career planning; useful additional qualifications"),
        label=_("Career planning"),
    ),
    Topic(
        "informal_rules",
        _("Informal rules and structures of everyday medical or scientific life"),
        label=_("Informal rules"),
    ),
    Topic(
        "reflection",
        _(
            "Reflecting on one's position, strengths and weaknesses; actively shaping one's "
            "own career development"
        ),
        label=_("Reflection"),
    ),
    Topic(
        "gender_patterns",
        _(
            "Recognising, reflecting on and breaking up traditional and gender-specific "
            "patterns of thought and behaviour"
        ),
        label=_("Gender patterns"),
    ),
    Topic(
        "work_life",
        _("Reconciling professional and private life"),
        label=_("Work and private life"),
    ),
    Topic("health_policy", _("Current topics of health policy"), label=_("Health policy")),
)


def _out(key: str, title: Text, label: Text | None = None, referral: Text = REFERRAL) -> Topic:
    return Topic(key, title, out_of_scope=True, referral=referral, label=label or title)


#: MEDIC-SCOPE-1: questions the mentoring does not take up, with the place to ask
#: (recognised in free text by :mod:`mentorcore_medic.scope`).
OUT_OF_SCOPE = (
    _out(
        "study_organisation",
        _("Organisation of studies"),
        _("Study organisation"),
        STUDY_OFFICE,
    ),
    _out("doctorate", _("Doctorate"), referral=DOCTORAL_PROGRAMMES),
    _out(
        "psychological_support",
        _("Psychological support in difficult situations"),
        _("Psychological support"),
    ),
    _out("stays_abroad", _("Stays abroad")),
    _out("legal_advice", _("Legal advice")),
    _out(
        "students_with_child",
        _("Support for students with a child"),
        _("Students with a child"),
    ),
    _out("study_financing", _("Study financing")),
)

TOPICS = IN_SCOPE + OUT_OF_SCOPE
_TOPIC_KEYS = tuple(t.key for t in IN_SCOPE)


def _flag(name: str, label: Text, help: Text = "") -> ProfileField:
    # A missing yes/no answer counts as "no": forms often leave unticked boxes out.
    return ProfileField(name, FieldKind.BOOLEAN, label, required=False, help=help)


def _years(name: str, label: Text, *, required: bool = False) -> ProfileField:
    return ProfileField(name, FieldKind.INTEGER, label, required=required, minimum=0, maximum=70)


_CATALOGUE = _("MEDIC-MATCH-1: topics of the topic catalogue (MEDIC-TOPICS-1)")

MENTEE_FIELDS = (
    ProfileField(
        "study_programme",
        FieldKind.CHOICE,
        _("Study programme"),
        choices=("medic", "other"),
        choice_labels=(
            Choice("medic", _("MEDiC model degree programme"), aliases=("MEDiC",)),
            Choice("other", _("another degree programme")),
        ),
        help=_(
            "medic: the MEDiC model degree programme in human medicine at the "
            "Medizincampus Chemnitz (MEDIC-ELIG-1)"
        ),
    ),
    ProfileField(
        "semester",
        FieldKind.INTEGER,
        _("Subject semester"),
        minimum=1,
        maximum=20,
        help=_("MEDIC-ELIG-1: from the 3rd subject semester"),
    ),
    _flag("practical_year", _("In the practical year (PJ)"), "MEDIC-ELIG-1"),
    _flag(
        "pj_completed",
        _("Practical year (PJ) completed or studies finished"),
        _(
            "MEDIC-ELIG-1: the programme is open up to and including the practical year; "
            "a student who completed it, or graduated, no longer takes part"
        ),
    ),
    _flag(
        "application_form",
        _("Application form submitted"),
        _("MEDIC-ELIG-2: the electronic application form sent to the mentoring coordination"),
    ),
    _flag("workshop_attended", _("Introductory workshop attended"), "MEDIC-ELIG-3"),
    ProfileField(
        "wished_track",
        FieldKind.CHOICE,
        _("Wished track"),
        required=False,
        choices=TRACKS,
        help=_("MEDIC-MATCH-1: the mentee's wish"),
        choice_labels=TRACK_LABELS,
    ),
    ProfileField(
        "wished_topics",
        FieldKind.CHOICES,
        _("Wished topics"),
        required=False,
        choices=_TOPIC_KEYS,
        help=_CATALOGUE,
    ),
    ProfileField("wished_specialty", FieldKind.TEXT, _("Specialty of interest"), required=False),
    ProfileField(
        "mentor_wishes",
        FieldKind.CHOICES,
        _("Wished mentors"),
        required=False,
        help=_("MEDIC-MATCH-1: ids of mentors the mentee would like, separated by ';'"),
    ),
)

MENTOR_FIELDS = (
    _flag("licensed", _("Medical licence (Approbation)"), "MEDIC-MENTOR-1"),
    _years("years_experience", _("Years of professional experience"), required=True),
    _years(
        "research_years",
        _("Years planning, conducting and publishing medical research projects"),
    ),
    _years(
        "supervision_years",
        _("Years in student education, including supervising scientific theses"),
    ),
    _flag("doctorate", _("Doctorate"), _("MEDIC-MENTOR-2: desirable, not required")),
    _flag("faculty_member", _("Member of the Medical Faculty"), "MEDIC-MENTOR-3"),
    _flag("klinikum_staff", _("On the staff of Klinikum Chemnitz"), "MEDIC-MENTOR-3"),
    _flag("mentoring_contract", _("Mentoring contract signed"), "MEDIC-MENTOR-3"),
    _flag(
        "profile_form",
        _("Profile form submitted"),
        _("MEDIC-ELIG-2: the electronic profile form sent to the mentoring coordination"),
    ),
    _flag("basic_qualification", _("Basic qualification completed"), "MEDIC-ELIG-3"),
    ProfileField("specialty", FieldKind.TEXT, _("Specialty or field"), required=False),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        _("Topics offered"),
        required=False,
        choices=_TOPIC_KEYS,
        help=_CATALOGUE,
    ),
)

SETTINGS = (
    Setting(
        "min_semester",
        3,
        _(
            "MEDIC-ELIG-1: the first subject semester in which students may take part, "
            "counted at the start of the mentoring (the next winter semester). "
            "Accepted: 1 to 12 (the practical year follows the 10th)."
        ),
        minimum=1,
        maximum=12,
    ),
    Setting(
        "several_years",
        3,
        _(
            "MEDIC-MENTOR-1/2: “mehrjährig” (several years) of professional, research and "
            "supervision experience; three years, the usual reading of “several”. "
            "Accepted: 0 to 50."
        ),
        minimum=0,
        maximum=50,
    ),
    Setting(
        "initial_term_months",
        24,
        _(
            "MEDIC-DUR-1: the longest period of a first agreement (initially two years); "
            "longer periods come by amendment. Accepted: 1 to 120."
        ),
        minimum=1,
        maximum=120,
    ),
    Setting(
        "meetings_per_semester",
        3,
        _("MEDIC-CAD-1: meetings per semester (three, more are welcome). Accepted: 1 to 30."),
        minimum=1,
        maximum=30,
    ),
    Setting(
        "meeting_minutes",
        60,
        _("MEDIC-CAD-1: the length of a meeting (about one hour). Accepted: 5 to 480."),
        minimum=5,
        maximum=480,
    ),
    Setting(
        "in_person_per_semester",
        1,
        _("MEDIC-CAD-2: meetings per semester that take place in person. Accepted: 0 to 30."),
        minimum=0,
        maximum=30,
    ),
    Setting(
        "inactivity_days",
        70,
        _(
            "CORE-9 for MEDiC: days without activity before a feedback request is due; three "
            "meetings a semester leave gaps of about eight weeks, so ten weeks is “long”. "
            "Accepted: 1 to 3660."
        ),
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "goal_review_interval_days",
        182,
        _(
            "MEDIC-GOAL-1: goals are reviewed “in regelmäßigen Abständen, spätestens nach "
            "zwei Jahren”: days between two reviews of a goal; about a semester by default, "
            "never more than two years. Accepted: 1 to 730."
        ),
        minimum=1,
        maximum=730,
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
        _("Mentoring coordination"),
        "Rosi Lange, Klinikum Chemnitz gGmbH, Bereich Lehre und Forschung",
        email="MEDiC-Mentoringprogramm@skc.de",
        phone="0371 333-35316",
    ),
    Contact(
        _("Mentoring coordination team"),
        "Lilly Rüthrich, Zentrum für Evidenzbasierte Gesundheitsversorgung (ZEGV), "
        "Medizincampus Chemnitz",
    ),
    Contact(
        _("Mentoring coordination team"),
        "Christiane Hilbig, Zentrum für Evidenzbasierte Gesundheitsversorgung (ZEGV), "
        "Medizincampus Chemnitz",
    ),
)
