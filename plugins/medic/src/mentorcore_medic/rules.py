"""MEDiC's rules on a tandem's course: agreement, visibility, cadence.

Pure functions, one per rule, named after its ID; each takes (by name) the
arguments of the hook it answers. :mod:`mentorcore_medic.policy` wires them to
the hooks; the due actions are in :mod:`mentorcore_medic.due`.
"""

from __future__ import annotations

from datetime import date, timedelta

from mentorcore import (
    AgreementTerms,
    CadenceRule,
    Complete,
    Content,
    Decision,
    DraftAgreement,
    MeetingFormat,
    PeriodKind,
    Permission,
    Programme,
    ProposeAmendment,
    Role,
    Tandem,
    Transition,
)
from mentorcore.i18n import chosen_language
from mentorcore.policy.periods import add_months
from mentorcore_medic.catalogue import whole
from mentorcore_medic.semesters import (
    semester_of,
    winter_start_on_or_after,
    winter_start_on_or_before,
)
from mentorcore_medic.texts import _

#: The contact formats the guide names: in person, video conference, e-mail, phone.
FORMATS = frozenset(
    {MeetingFormat.IN_PERSON, MeetingFormat.VIDEO, MeetingFormat.EMAIL, MeetingFormat.PHONE}
)


def _terms(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
    """The terms *transition* puts forward: a draft, a submission or an amendment."""
    command = transition.command
    if isinstance(command, DraftAgreement | ProposeAmendment):
        return command.terms
    if transition.verb == "submit_agreement" and tandem is not None and tandem.proposal:
        return tandem.proposal.terms
    return None


def _first_agreement(tandem: Tandem | None, transition: Transition) -> AgreementTerms | None:
    """The terms of the first agreement when it is submitted to the mentor."""
    if transition.verb != "submit_agreement" or tandem is None or tandem.agreement is not None:
        return None
    return _terms(tandem, transition)


# ------------------------------------------------------------------ hard rules


def medic_start_1_winter_semester(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-START-1: the mentoring begins in a winter semester (1 October to 31 March).

    A re-match (a tandem with a predecessor) continues the mentoring that began
    then („Auf Wunsch kann durch ein neues Matching ein:e ander:e Mentor:in
    vermittelt werden“), so it may start at any time.
    """
    if tandem is not None and tandem.predecessor is not None:
        return None
    terms = _first_agreement(tandem, transition)
    command = transition.command
    # An amendment keeps the start of the mentoring unless it moves it.
    if (
        isinstance(command, ProposeAmendment)
        and tandem
        and tandem.agreement
        and command.terms.period_start != tandem.agreement.terms.period_start
    ):
        terms = command.terms
    if terms is None:
        return None
    semester = semester_of(terms.period_start)
    if semester.winter:
        return None
    return Decision.deny(
        "MEDIC-START-1",
        _(
            "the agreement starts on {start}, in the {semester}; MEDiC mentoring begins in "
            "the winter semester, so start on {earliest} or later",
            start=terms.period_start,
            semester=semester.name,
            earliest=winter_start_on_or_after(terms.period_start),
        ),
    )


def medic_flow_1_written_agreement(
    tandem: Tandem | None, transition: Transition
) -> Decision | None:
    """MEDIC-FLOW-1: the written agreement fixes goals, time horizon and framework."""
    if transition.verb not in ("submit_agreement", "propose_amendment"):
        return None
    terms = _terms(tandem, transition)
    if terms is None:
        return None
    missing = []
    if not terms.goals.strip():
        missing.append(_("the goals"))
    if terms.period_end is None:
        missing.append(_("the time horizon (an end date)"))
    if terms.meetings_planned is None and not terms.contact_frequency.strip():
        missing.append(_("the framework (number or frequency of meetings)"))
    if not missing:
        return None
    return Decision.deny(
        "MEDIC-FLOW-1",
        _(
            "the agreement does not state {missing}; in MEDiC the first conversation fixes "
            "goals, time horizon and framework in writing",
            missing=tuple(missing),
        ),
    )


def medic_dur_1_initial_two_years(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """MEDIC-DUR-1: a first agreement runs for at most the initial two years.

    A shorter period is fine (a student in the PJ graduates sooner); a longer
    one comes later by amendment. A re-match continues the running two years:
    it ends by the end of the term that began with the last winter semester
    (:func:`latest_end`), not two years after its own start.
    """
    terms = _first_agreement(tandem, transition)
    if terms is None or terms.period_end is None or tandem is None:
        return None
    months = whole(programme, "initial_term_months")
    latest = latest_end(tandem, terms.period_start, months)
    if terms.period_end <= latest:
        return None
    if tandem.predecessor is not None:
        return Decision.deny(
            "MEDIC-DUR-1",
            _(
                "the agreement runs until {end}; a re-match continues the mentoring "
                "within its initial term, so it ends on {latest} at the latest (extend it "
                "later by an amendment)",
                end=terms.period_end,
                latest=latest,
            ),
        )
    return Decision.deny(
        "MEDIC-DUR-1",
        _.plural(
            "the agreement runs until {end}; a MEDiC mentorship is initially agreed for "
            "{n} month, so until {latest} at the latest (extend it later by an amendment)",
            "the agreement runs until {end}; a MEDiC mentorship is initially agreed for "
            "{n} months, so until {latest} at the latest (extend it later by an amendment)",
            months,
            end=terms.period_end,
            latest=latest,
        ),
    )


def latest_end(tandem: Tandem, start: date, months: int) -> date:
    """The last day a first agreement starting on *start* may run to (MEDIC-DUR-1).

    *months* from *start*; for a re-match, *months* from the start of the
    winter semester *start* lies in or follows (the programme period the
    re-match continues). The predecessor's own agreed end is not known to the
    plugin (hooks receive its id only), so the programme period bounds it.
    """
    begin = start if tandem.predecessor is None else winter_start_on_or_before(start)
    return add_months(begin, months) - timedelta(days=1)


def medic_end_1_closing_conversation(
    tandem: Tandem | None, transition: Transition
) -> Decision | None:
    """MEDIC-END-1: a mentorship is completed after a closing conversation.

    The conversation is on record as a held closing meeting or, where meetings
    are kept elsewhere, in the completion note.
    """
    command = transition.command
    if not isinstance(command, Complete) or command.note.strip() or tandem is None:
        return None
    if any(m.kind.value == "closing" and m.is_held for m in tandem.meetings):
        return None
    return Decision.deny(
        "MEDIC-END-1",
        _(
            "a MEDiC mentorship ends with a closing conversation that reflects on the work "
            "together: hold a closing meeting, or record when it took place and what came "
            "out of it in the completion note"
        ),
    )


def medic_match_1_matched_by_coordination(verb: str) -> Permission | None:
    """MEDIC-MATCH-1: the coordination matches tandems; mentees do not request mentors."""
    if verb != "request":
        return None
    return Permission(
        frozenset(),
        "MEDIC-MATCH-1",
        _(
            "MEDiC tandems are matched by the mentoring coordination on the mentee and "
            "mentor profiles; a mentee names wished mentors in her profile instead"
        ),
    )


# ------------------------------------------------------------------ data and visibility


def medic_dur_1_agreement_template(
    programme: Programme, today: date, tandem: Tandem | None = None
) -> AgreementTerms:
    """MEDIC-DUR-1 (with START-1, CAD-1/2): a draft runs two years from a winter semester.

    A re-match starts today and runs to the end of the running term.
    """
    rematch = tandem is not None and tandem.predecessor is not None
    start = today if rematch else winter_start_on_or_after(today)
    months = whole(programme, "initial_term_months")
    per_semester = whole(programme, "meetings_per_semester")
    end = add_months(start, months) - timedelta(days=1)
    if tandem is not None:
        end = latest_end(tandem, start, months)
    return AgreementTerms(
        period_start=start,
        period_end=end,
        meetings_planned=max(1, per_semester * _months(start, end) // 6),
        contact_formats=FORMATS,
        contact_frequency=_.plural(
            "{n} meeting of about {minutes} minutes per semester, at least {in_person} in person",
            "{n} meetings of about {minutes} minutes per semester, at least {in_person} in person",
            per_semester,
            minutes=whole(programme, "meeting_minutes"),
            in_person=whole(programme, "in_person_per_semester"),
        ).render(chosen_language() or programme.language),
    )


def _months(start: date, end: date) -> int:
    """Whole calendar months from *start* to the day after *end*."""
    after = end + timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month


def medic_agr_1_coordination_sees_agreement(
    content: Content, viewer_role: Role, tandem: Tandem
) -> Decision | None:
    """MEDIC-AGR-1: a copy of the agreement goes to the coordination, so it may see it.

    Only once an agreement is in force: a first version still under discussion
    stays between mentee and mentor (the defaults decide).
    """
    if (
        viewer_role is not Role.COORDINATOR
        or content is not Content.AGREEMENT
        or tandem.agreement is None
    ):
        return None
    return Decision.allow(
        "MEDIC-AGR-1", _("a copy of the mentoring agreement goes to the mentoring coordination")
    )


def medic_cad_1_meetings_per_semester(programme: Programme) -> CadenceRule:
    """MEDIC-CAD-1: three meetings of about an hour per semester (more are welcome)."""
    n = whole(programme, "meetings_per_semester")
    return CadenceRule(
        "MEDIC-CAD-1",
        PeriodKind.SEMESTER,
        n,
        description=_.plural(
            "{n} meeting of about {minutes} minutes per semester; more are welcome",
            "{n} meetings of about {minutes} minutes per semester; more are welcome",
            n,
            minutes=whole(programme, "meeting_minutes"),
        ),
    )


def medic_cad_2_in_person(programme: Programme) -> CadenceRule:
    """MEDIC-CAD-2: at least one meeting per semester in person."""
    n = whole(programme, "in_person_per_semester")
    return CadenceRule(
        "MEDIC-CAD-2",
        PeriodKind.SEMESTER,
        n,
        formats=frozenset({MeetingFormat.IN_PERSON}),
        description=_.plural(
            "at least {n} meeting per semester in person; the others may be by video, "
            "e-mail or phone",
            "at least {n} meetings per semester in person; the others may be by video, "
            "e-mail or phone",
            n,
        ),
    )
