"""Kerpen's data: topics, profile fields, settings, contacts and the mentor's role.

Taken from the City of Kerpen's guide for mentors ("Internes
Mentoringprogramm für weibliche Nachwuchsführungskräfte - Ihre Rolle als
Mentor:in"); the rule IDs refer to ``docs/rules.md``.
"""

from __future__ import annotations

from mentorcore import Choice, Contact, FieldKind, ProfileField, Programme, Setting, Topic
from mentorcore_kerpen.texts import _

OTHER = "other"

#: KERPEN-TOPICS-1: the guide's 16 topics and "other topics", each with a short label.
TOPICS = (
    Topic(
        "next_career_step",
        _("Preparing the next career step; strategic career planning"),
        label=_("Next career step"),
    ),
    Topic(
        "first_leadership",
        _("Taking on first leadership responsibility in a new or higher position"),
        label=_("First leadership responsibility"),
    ),
    Topic(
        "further_leadership",
        _(
            "Taking on further leadership responsibility on the way to heading a department "
            "or the authority"
        ),
        label=_("Further leadership responsibility"),
    ),
    Topic(
        "new_leader_with_colleagues",
        _("Behaving as a “new” leader towards former colleagues"),
        label=_("New leader among colleagues"),
    ),
    Topic(
        "leadership_assertiveness",
        _("Leadership behaviour and assertiveness"),
        label=_("Leadership and assertiveness"),
    ),
    Topic(
        "feedback_on_style",
        _("Feedback on oneself and one's personal leadership style"),
        label=_("Feedback on leadership style"),
    ),
    Topic("conflicts", _("Conflicts with superiors or in the team"), label=_("Conflicts")),
    Topic(
        "time_management",
        _("Organisation of work and time management"),
        label=_("Time management"),
    ),
    Topic("family_and_work", _("Reconciling family and work"), label=_("Family and work")),
    Topic("part_time_leadership", _("Leading part-time"), label=_("Part-time leadership")),
    Topic(
        "return_from_parental_leave",
        _("Returning from parental leave"),
        label=_("Return from parental leave"),
    ),
    Topic("reduced_hours", _("Reducing working hours"), label=_("Reduced working hours")),
    Topic(
        "network",
        _("Building and extending one's own network within the authority"),
        label=_("Network"),
    ),
    Topic(
        "visibility",
        _("Improving one's visibility and self-marketing within the authority"),
        label=_("Visibility"),
    ),
    Topic(
        "presence",
        _("Improving one's personal presence in meetings and presentations"),
        label=_("Personal presence"),
    ),
    Topic(
        "knowledge_transfer",
        _("Transfer of knowledge within the authority"),
        label=_("Knowledge transfer"),
    ),
    Topic(OTHER, _("Other topics (name them)"), label=_("Other topics")),
)
TOPIC_KEYS = tuple(t.key for t in TOPICS)

#: KERPEN-MENTOR-1: management levels, counted from the bottom.
LEVELS = _(
    "0 = no leadership position, 1 = team or section lead, 2 = head of division, "
    "3 = head of department or office, 4 = executive (head of a department group, "
    "administrative board), 5 = mayor"
)

#: KERPEN-WORKSHOP-1: attendance of the workshops, recorded by the coordination.
INTRO = ProfileField(
    "intro_workshop",
    FieldKind.TEXT,
    _("Introductory workshop attended on"),
    required=False,
    help=_("KERPEN-WORKSHOP-1: the day of the introductory workshop attended (31.01.2027)"),
)
DURING = ProfileField(
    "workshops_attended",
    FieldKind.CHOICES,
    _("Workshops during the programme year attended on"),
    required=False,
    help=_("KERPEN-WORKSHOP-1: the days of the workshops attended, separated by ';'"),
)


MENTEE_FIELDS = (
    ProfileField(
        "gender",
        FieldKind.CHOICE,
        _("Gender"),
        choices=("female", "male", "diverse"),
        help=_("KERPEN-ELIG-1: the programme is for female junior leaders"),
    ),
    ProfileField(
        "leadership",
        FieldKind.CHOICE,
        _("Leadership position"),
        choices=("junior_leader", "aspiring", "none"),
        help=_("KERPEN-ELIG-1: in a junior leadership position, or aspiring to one"),
        choice_labels=(
            Choice("junior_leader", _("junior leader")),
            Choice("aspiring", _("aspiring to a leadership position")),
            Choice("none", _("no leadership position")),
        ),
    ),
    ProfileField(
        "hierarchy_level",
        FieldKind.INTEGER,
        _("Management level"),
        required=False,
        minimum=0,
        maximum=5,
        help=LEVELS,
    ),
    ProfileField("organisation_unit", FieldKind.TEXT, _("Organisation unit (office, department)")),
    ProfileField(
        "line_of_management",
        FieldKind.CHOICES,
        _("Line of management"),
        required=False,
        help=_("KERPEN-INDEP-1: ids of her superiors, from her line manager up, separated by ';'"),
    ),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        _("Topics she brings"),
        required=False,
        choices=TOPIC_KEYS,
        help=_("KERPEN-TOPICS-1/2: topics of the topic catalogue"),
    ),
    INTRO,
    DURING,
)

MENTOR_FIELDS = (
    ProfileField(
        "hierarchy_level",
        FieldKind.INTEGER,
        _("Management level"),
        minimum=0,
        maximum=5,
        help=LEVELS,
    ),
    ProfileField(
        "leadership_years",
        FieldKind.INTEGER,
        _("Years in leadership positions"),
        minimum=0,
        maximum=60,
        help=_("KERPEN-MENTOR-1: an experienced leader"),
    ),
    ProfileField("organisation_unit", FieldKind.TEXT, _("Organisation unit (office, department)")),
    ProfileField(
        "recruited_via",
        FieldKind.CHOICE,
        _("How she or he came to the programme"),
        required=False,
        choices=("equality_office", "hr", "volunteer"),
        help=_("KERPEN-MENTOR-1: approached by the equality office or HR, or volunteered"),
        choice_labels=(
            Choice("equality_office", _("equality office")),
            Choice("hr", _("HR department")),
            Choice("volunteer", _("volunteered")),
        ),
    ),
    INTRO,
)

SETTINGS = (
    Setting(
        "amend_after_period",
        False,
        _(
            "KERPEN-YEAR-1: a tandem ends with its mentoring year, so no amendment into the "
            "next year is asked for when the agreed period is over (CORE-8); the official "
            "end is due instead."
        ),
    ),
    Setting(
        "mentee_genders",
        ("female",),
        _("KERPEN-ELIG-1: the genders of the programme's mentees (female junior leaders)."),
    ),
    Setting(
        "min_mentor_hierarchy_level",
        2,
        _(
            "KERPEN-MENTOR-1: the lowest management level of a mentor (2 = head of division), "
            "the guide's “certain hierarchy level”; mentees are junior leaders at level 0–1. "
            "Accepted: 0 to 10."
        ),
        minimum=0,
        maximum=10,
    ),
    Setting(
        "min_level_gap",
        1,
        _(
            "KERPEN-LEVEL-1: how many management levels a mentor stands at least above her "
            "mentee (mentor and mentee “stand on different career levels”). Accepted: 0 to 5."
        ),
        minimum=0,
        maximum=5,
    ),
    Setting(
        "min_leadership_years",
        3,
        _(
            "KERPEN-MENTOR-1: years in leadership that make an “experienced leader”. "
            "Accepted: 0 to 50."
        ),
        minimum=0,
        maximum=50,
    ),
    Setting(
        "min_topics_at_start",
        4,
        _(
            "KERPEN-TOPICS-2: “enough topics” at the start: the least number of topics in the "
            "first agreement, about one per quarter of the mentoring year, since topics often "
            "resolve quickly. Accepted: 0 to 50."
        ),
        minimum=0,
        maximum=50,
    ),
    Setting(
        "mentoring_year_start_month",
        1,
        _(
            "KERPEN-YEAR-1: the month (1–12) a mentoring year starts in; the guide leaves it "
            "to the programme, the calendar year is the default. Accepted: 1 to 12."
        ),
        minimum=1,
        maximum=12,
    ),
    Setting(
        "late_tandem_days",
        92,
        _(
            "KERPEN-YEAR-1: a tandem formed in the last this many days of a mentoring year "
            "belongs to the next one (it would miss the introductory workshop, the workshops "
            "and most of the year): its agreement runs to the end of the next year. "
            "0: every tandem belongs to the year it is formed in. Accepted: 0 to 365."
        ),
        minimum=0,
        maximum=365,
    ),
    Setting(
        "intro_workshop_within_days",
        30,
        _(
            "KERPEN-YEAR-1: the introductory workshop takes place “soon” after the mentoring "
            "year starts: within this many days. Accepted: 0 to 366."
        ),
        minimum=0,
        maximum=366,
    ),
)

#: KERPEN-CONTACT-1: the contacts the guide names for mentors.
CONTACTS = (
    Contact(_("Project team"), "Sahra Vafai"),
    Contact(_("Project team"), "Bianca Mangels"),
    Contact(_("External advisor"), "Dr. Anja Schäfer"),
    Contact(_("Equality office"), "Gleichstellungsreferat der Stadtverwaltung Kerpen"),
    Contact(_("HR department"), "Personalverwaltung der Stadtverwaltung Kerpen"),
)

#: KERPEN-ROLE-1: what a mentor is, and is not, in the guide's words.
MENTOR_ROLE = _(
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
