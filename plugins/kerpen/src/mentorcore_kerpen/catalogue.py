"""Kerpen's data: topics, profile fields, settings, contacts and the mentor's role.

Taken from the City of Kerpen's guide for mentors ("Internes
Mentoringprogramm für weibliche Nachwuchsführungskräfte - Ihre Rolle als
Mentor:in"); the rule IDs refer to ``docs/rules.md``.
"""

from __future__ import annotations

from mentorcore import Contact, FieldKind, ProfileField, Programme, Setting, Topic

OTHER = "other"

#: KERPEN-TOPICS-1: the guide's 16 topics and "other topics".
TOPICS = tuple(
    Topic(key, title)
    for key, title in (
        ("next_career_step", "Preparing the next career step; strategic career planning"),
        (
            "first_leadership",
            "Taking on first leadership responsibility in a new or higher position",
        ),
        (
            "further_leadership",
            "Taking on further leadership responsibility on the way to heading a department "
            "or the authority",
        ),
        ("new_leader_with_colleagues", "Behaving as a 'new' leader towards former colleagues"),
        ("leadership_assertiveness", "Leadership behaviour and assertiveness"),
        ("feedback_on_style", "Feedback on oneself and one's personal leadership style"),
        ("conflicts", "Conflicts with superiors or in the team"),
        ("time_management", "Organisation of work and time management"),
        ("family_and_work", "Reconciling family and work"),
        ("part_time_leadership", "Leading part-time"),
        ("return_from_parental_leave", "Returning from parental leave"),
        ("reduced_hours", "Reducing working hours"),
        ("network", "Building and extending one's own network within the authority"),
        ("visibility", "Improving one's visibility and self-marketing within the authority"),
        (
            "presence",
            "Improving one's personal presence in meetings and presentations",
        ),
        ("knowledge_transfer", "Transfer of knowledge within the authority"),
        (OTHER, "Other topics (name them)"),
    )
)
TOPIC_KEYS = tuple(t.key for t in TOPICS)

#: KERPEN-MENTOR-1: management levels, counted from the bottom.
LEVELS = (
    "0 = no leadership position, 1 = team or section lead (Sachgebiets-/Teamleitung), "
    "2 = head of division (Abteilungsleitung), 3 = head of department or office "
    "(Amts-/Fachbereichsleitung), 4 = executive (Dezernat, Verwaltungsvorstand), "
    "5 = mayor (Bürgermeister:in)"
)

MENTEE_FIELDS = (
    ProfileField(
        "gender",
        FieldKind.CHOICE,
        "Gender",
        choices=("female", "male", "diverse"),
        help="KERPEN-ELIG-1: the programme is for female junior leaders",
    ),
    ProfileField(
        "leadership",
        FieldKind.CHOICE,
        "Leadership position",
        choices=("junior_leader", "aspiring", "none"),
        help="KERPEN-ELIG-1: junior_leader = in a junior leadership position; "
        "aspiring = aspiring to one",
    ),
    ProfileField(
        "hierarchy_level",
        FieldKind.INTEGER,
        "Management level",
        required=False,
        minimum=0,
        maximum=5,
        help=LEVELS,
    ),
    ProfileField("organisation_unit", FieldKind.TEXT, "Organisation unit (Amt, Fachbereich)"),
    ProfileField(
        "line_of_management",
        FieldKind.CHOICES,
        "Line of management",
        required=False,
        help="KERPEN-INDEP-1: ids of her superiors, from her line manager up, separated by ';'",
    ),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        "Topics she brings",
        required=False,
        choices=TOPIC_KEYS,
        help="KERPEN-TOPICS-1/2: keys of the topic catalogue",
    ),
)

MENTOR_FIELDS = (
    ProfileField(
        "hierarchy_level", FieldKind.INTEGER, "Management level", minimum=0, maximum=5, help=LEVELS
    ),
    ProfileField(
        "leadership_years",
        FieldKind.INTEGER,
        "Years in leadership positions",
        minimum=0,
        maximum=60,
        help="KERPEN-MENTOR-1: an experienced leader",
    ),
    ProfileField("organisation_unit", FieldKind.TEXT, "Organisation unit (Amt, Fachbereich)"),
    ProfileField(
        "recruited_via",
        FieldKind.CHOICE,
        "How she or he came to the programme",
        required=False,
        choices=("equality_office", "hr", "volunteer"),
        help="KERPEN-MENTOR-1: approached by the equality office (Gleichstellungsreferat) "
        "or HR (Personalverwaltung), or volunteered",
    ),
)

SETTINGS = (
    Setting(
        "mentee_genders",
        ("female",),
        "KERPEN-ELIG-1: the genders of the programme's mentees (female junior leaders).",
    ),
    Setting(
        "min_mentor_hierarchy_level",
        2,
        "KERPEN-MENTOR-1: the lowest management level of a mentor (2 = head of division), "
        "the guide's 'certain hierarchy level'; mentees are junior leaders at level 0-1. "
        "Accepted: 0 to 10.",
        minimum=0,
        maximum=10,
    ),
    Setting(
        "min_leadership_years",
        3,
        "KERPEN-MENTOR-1: years in leadership that make an 'experienced leader'. "
        "Accepted: 0 to 50.",
        minimum=0,
        maximum=50,
    ),
    Setting(
        "min_topics_at_start",
        4,
        "KERPEN-TOPICS-2: 'enough topics' at the start: the least number of topics in the "
        "first agreement, about one per quarter of the mentoring year, since topics often "
        "resolve quickly. Accepted: 0 to 50.",
        minimum=0,
        maximum=50,
    ),
    Setting(
        "mentoring_year_start_month",
        1,
        "KERPEN-YEAR-1: the month (1-12) a mentoring year starts in; the guide leaves it to "
        "the programme, the calendar year is the default. Accepted: 1 to 12.",
        minimum=1,
        maximum=12,
    ),
    Setting(
        "intro_workshop_within_days",
        30,
        "KERPEN-YEAR-1: the introductory workshop takes place 'soon' after the mentoring "
        "year starts: within this many days. Accepted: 0 to 366.",
        minimum=0,
        maximum=366,
    ),
)

#: KERPEN-CONTACT-1: the contacts the guide names for mentors.
CONTACTS = (
    Contact("Project team", "Sahra Vafai"),
    Contact("Project team", "Bianca Mangels"),
    Contact("External advisor", "Dr. Anja Schäfer"),
    Contact("Equality office", "Gleichstellungsreferat der Stadtverwaltung Kerpen"),
    Contact("HR", "Personalverwaltung der Stadtverwaltung Kerpen"),
)

#: KERPEN-ROLE-1: what a mentor is, and is not, in the guide's words.
MENTOR_ROLE = (
    "A mentor is, ideally, a partner in conversation at eye level and without authority "
    "to give instructions; a sparring partner to question past behaviour and practise new "
    "behaviour; a feedback giver, open, constructive and helpful; and an encourager when "
    "it comes to leaving the comfort zone or getting up again after a failure. A mentor is "
    "not a coach: she or he shares personal experience, knowledge and network, takes the "
    "mentee along to her or his own appointments where possible, and gives feedback."
)


def whole(programme: Programme, name: str) -> int:
    """The value in force of the numeric setting *name*, as a whole number.

    :raises TypeError: the setting holds no number.
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"setting {name!r} of {programme.key} must be a number, got {value!r}")
    return int(value)
