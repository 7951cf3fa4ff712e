"""Ostalb's rules as pure functions over domain objects, one per rule ID.

Each takes (by name) the arguments of the hook it answers;
:mod:`mentorcore_ostalb.policy` wires them to the hooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from mentorcore import (
    Advisory,
    AgreementTerms,
    CadenceRule,
    Content,
    Decision,
    DueAction,
    Enrolment,
    MeetingFormat,
    Participant,
    PeriodKind,
    Permission,
    Person,
    Programme,
    Role,
    Severity,
    Tandem,
    TandemStatus,
    Transition,
)
from mentorcore.i18n import Message, chosen_language
from mentorcore.policy.periods import add_months
from mentorcore_ostalb.catalogue import (
    NOT_A_PHYSICIAN,
    SCHOLARSHIP_START,
    SCHOLARSHIPS,
    scholarship_start,
    whole,
)
from mentorcore_ostalb.texts import _

#: OSTALB-FMT-1 and OSTALB-SHADOW-1: personal meetings, the various media, shadowing.
FORMATS = frozenset(MeetingFormat)

# ------------------------------------------------------------------ who may take part


def ostalb_elig_1_scholarship(person: Person, enrolment: Enrolment) -> Decision | None:
    """OSTALB-ELIG-1: mentees hold one of the two scholarships of the Ostalbkreis."""
    if enrolment.role is not Role.MENTEE or enrolment.profile.get("scholarship") in SCHOLARSHIPS:
        return None
    return Decision.deny(
        "OSTALB-ELIG-1",
        _(
            "{name} holds neither a scholarship of the Landratsamt Ostalbkreis (general "
            "practice) nor a scholarship of the Kliniken Ostalb (specialist care); the "
            "mentoring is offered to these scholarship holders only",
            name=person.name,
        ),
    )


def ostalb_start_1_scholarship_start(person: Person, enrolment: Enrolment) -> Decision | None:
    """OSTALB-START-1: the start of the scholarship, where given, is a day.

    „Die Ausgestaltung der Zusammenarbeit erfolgt nach Beginn des Stipendiums“:
    the profile records when the scholarship began.
    """
    value = enrolment.profile.get(SCHOLARSHIP_START)
    if enrolment.role is not Role.MENTEE or value in (None, "") or scholarship_start(value):
        return None
    return Decision.deny(
        "OSTALB-START-1",
        _(
            "the start of the scholarship of {name} is not a day: {value}; write it as "
            "2026-10-01 or 1.10.2026",
            name=person.name,
            value=str(value),
        ),
    )


def ostalb_start_1_not_before_the_scholarship(
    transition: Transition, participants: Mapping[Role, Participant]
) -> Decision | None:
    """OSTALB-START-1: the agreed collaboration starts once the scholarship has begun.

    „Die Ausgestaltung der Zusammenarbeit erfolgt nach Beginn des Stipendiums“.
    """
    terms = getattr(transition.command, "terms", None)
    mentee = participants.get(Role.MENTEE)
    if not isinstance(terms, AgreementTerms) or terms.period_start is None or mentee is None:
        return None
    began = scholarship_start(mentee.profile.get(SCHOLARSHIP_START))
    if began is None or terms.period_start >= began:
        return None
    return Decision.deny(
        "OSTALB-START-1",
        _(
            "the agreement starts on {start}, before the scholarship of {name} begins on "
            "{began}; the collaboration starts after the beginning of the scholarship",
            start=terms.period_start,
            name=mentee.person.name,
            began=began,
        ),
    )


def ostalb_mentor_1_physician(person: Person, enrolment: Enrolment) -> Decision | None:
    """OSTALB-MENTOR-1: mentors are physicians (in training, established GPs and others)."""
    if enrolment.role is not Role.MENTOR:
        return None
    if enrolment.profile.get("physician_status") not in (None, NOT_A_PHYSICIAN):
        return None
    return Decision.deny(
        "OSTALB-MENTOR-1",
        _(
            "{name} is not a physician; Ostalb mentors are physicians, especially physicians "
            "in specialist training and experienced, established general practitioners",
            name=person.name,
        ),
    )


# ------------------------------------------------------------------ the tandem's course


def ostalb_match_1_assigned_by_programme(verb: str) -> Permission | None:
    """OSTALB-MATCH-1: the programme assigns each scholarship holder the best-fitting mentor."""
    if verb != "request":
        return None
    return Permission(
        frozenset(),
        "OSTALB-MATCH-1",
        _("the programme assigns each scholarship holder the best-fitting mentor"),
    )


def ostalb_flow_1_both_decide(verb: str) -> Permission | None:
    """OSTALB-FLOW-1: after a first getting-to-know, mentee and mentor each decide."""
    if verb not in ("opt_in", "opt_in_final", "opt_out"):
        return None
    return Permission(
        frozenset({Role.MENTEE, Role.MENTOR}),
        "OSTALB-FLOW-1",
        _(
            "after a first getting-to-know, mentee and mentor each decide themselves whether "
            "they want a longer-term relationship"
        ),
    )


def ostalb_dur_1_both_schedule(verb: str) -> Permission | None:
    """OSTALB-DUR-1 (with SHADOW-1): the two agree the rhythm, so either proposes meetings.

    The CORE-6 variant: the mentor also invites the mentee along to her
    appointments (shadowing).
    """
    if verb != "propose_meeting":
        return None
    return Permission(
        frozenset({Role.MENTEE, Role.MENTOR}),
        "OSTALB-DUR-1",
        _("mentee and mentor agree the rhythm of their meetings between them"),
    )


def ostalb_dur_1_agreement_template(programme: Programme, today: date) -> AgreementTerms:
    """OSTALB-DUR-1 (with CAD-1, FMT-1, SHADOW-1): no fixed end; rhythm left to the two."""
    n = whole(programme, "meetings_per_quarter")
    return AgreementTerms(
        period_start=today,
        period_end=None,
        contact_formats=FORMATS,
        contact_frequency=_.plural(
            "about {n} meeting a quarter (recommended); as agreed between us",
            "about {n} meetings a quarter (recommended); as agreed between us",
            n,
        ).render(chosen_language() or programme.language),
    )


def ostalb_dur_1_long_term(tandem: Tandem, programme: Programme) -> list[Advisory]:
    """OSTALB-DUR-1: an agreement ending soon after it starts is reported, not refused."""
    agreement = tandem.agreement
    if tandem.status is not TandemStatus.ACTIVE or agreement is None:
        return []
    terms = agreement.terms
    months = whole(programme, "long_term_min_months")
    if terms.period_end is None or terms.period_end >= add_months(terms.period_start, months):
        return []
    return [
        Advisory(
            "OSTALB-DUR-1",
            _.plural(
                "the agreement ends on {end}, less than {n} month after it started; Ostalb "
                "mentoring is meant to be long-term, through the studies and the specialist "
                "training into employment",
                "the agreement ends on {end}, less than {n} months after it started; Ostalb "
                "mentoring is meant to be long-term, through the studies and the specialist "
                "training into employment",
                months,
                end=terms.period_end,
            ),
            Severity.INFO,
            quotes=frozenset({Content.AGREEMENT}),
        )
    ]


def ostalb_cad_1_once_a_quarter(programme: Programme) -> CadenceRule:
    """OSTALB-CAD-1: about one meeting per quarter is recommended.

    A recommendation: „Die Dauer des Kontakts und der zeitliche Rhythmus der
    Gespräche erfolgt in Absprache zwischen Mentee und Mentor/in“, so where the
    agreement in force states another rhythm, the tandem is measured against
    that (CORE-RHYTHM) instead.
    """
    n = whole(programme, "meetings_per_quarter")
    return CadenceRule(
        "OSTALB-CAD-1",
        PeriodKind.QUARTER,
        n,
        description=_.plural(
            "about {n} meeting per quarter is recommended, in person, by any medium or as "
            "shadowing, unless the two agree another rhythm",
            "about {n} meetings per quarter are recommended, in person, by any medium or as "
            "shadowing, unless the two agree another rhythm",
            n,
        ),
        recommended=True,
    )


#: What the coordination never sees of an Ostalb tandem: everything said in it,
#: each as the refusal names it.
_CONFIDENTIAL: dict[Content, Message] = {
    Content.MEETING_NOTES: _("the meeting notes"),
    Content.MEETING_PREPARATION: _("the preparation of meetings"),
    Content.FIRST_CONVERSATION: _("the record of the first conversation"),
    Content.AGREEMENT: _("the mentoring agreement"),
    Content.AGREEMENT_DRAFT: _("the draft agreement"),
    Content.AGREEMENT_PROPOSAL: _("the proposed agreement"),
    Content.GOALS: _("the goals"),
    Content.FEEDBACK: _("the feedback given"),
}


def ostalb_conf_1_confidential(content: Content, viewer_role: Role) -> Decision | None:
    """OSTALB-CONF-1: conversations are strictly confidential; the coordination sees none.

    Mentee and mentor are left to the defaults; that meetings took place
    (the activity log) is not conversation content.
    """
    if viewer_role is not Role.COORDINATOR or content not in _CONFIDENTIAL:
        return None
    return Decision.deny(
        "OSTALB-CONF-1",
        _(
            "the conversations of an Ostalb tandem are strictly confidential and not subject "
            "to reporting: the coordination does not see {content}",
            content=_CONFIDENTIAL[content],
        ),
    )


def ostalb_notify_1_pairing_notice(tandem: Tandem, now: datetime) -> list[DueAction]:
    """OSTALB-NOTIFY-1: a new pairing is e-mailed to the mentee with the mentor's contact."""
    if tandem.status is not TandemStatus.GETTING_TO_KNOW or tandem.created_at > now:
        return []
    return [
        DueAction(
            f"OSTALB-NOTIFY-1:{tandem.id}",
            "OSTALB-NOTIFY-1",
            "pairing-notice",
            (tandem.mentee,),
            Role.MENTEE,
            tandem.created_at,
            _(
                "e-mail the scholarship holder the name and contact data of the mentor "
                "assigned to her or him"
            ),
            tandem.id,
        )
    ]
