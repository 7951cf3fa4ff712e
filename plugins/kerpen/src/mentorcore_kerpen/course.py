"""Kerpen's mentoring year (KERPEN-YEAR-1): a tandem's course from its year's
introductory workshop to its official end.

A tandem belongs to one mentoring year, fixed when it is formed
(:func:`~mentorcore_kerpen.years.tandem_year`): its agreement runs within that
year, the year's introductory workshop is due for it, and when the year is
over the tandem ends; it is not carried into the next year.
"""

from __future__ import annotations

from datetime import date, datetime

from mentorcore import (
    AgreementTerms,
    Decision,
    DueAction,
    Programme,
    Role,
    Tandem,
    TandemStatus,
    Transition,
)
from mentorcore.i18n import Message
from mentorcore.policy.periods import local_date, local_midnight, shifted_date
from mentorcore_kerpen.catalogue import whole
from mentorcore_kerpen.rules import proposed_terms
from mentorcore_kerpen.texts import _
from mentorcore_kerpen.years import MentoringYear, mentoring_year, tandem_year, year_joined


def kerpen_year_1_within_the_mentoring_year(
    tandem: Tandem | None, transition: Transition, programme: Programme
) -> Decision | None:
    """KERPEN-YEAR-1: an agreement runs within the tandem's mentoring year."""
    terms = proposed_terms(tandem, transition)
    if terms is None or tandem is None:
        return None
    year = tandem_year(tandem, programme)
    if terms.period_end is not None and terms.period_end <= year.end:
        return None
    if terms.period_end is None:
        reason = _(
            "the agreement has no end; the programme runs per mentoring year, so it ends on "
            "{end} at the latest ({year})",
            end=year.end,
            year=year.name,
        )
    else:
        reason = _(
            "the agreement runs until {until}; the programme runs per mentoring year, so it "
            "ends on {end} at the latest ({year})",
            until=terms.period_end,
            end=year.end,
            year=year.name,
        )
    formed = local_date(tandem.created_at, programme.timezone)
    if year != mentoring_year(formed, programme):
        reason = _(
            "{reason}; the tandem was formed on {day}, late in the year before, and belongs "
            "to the next mentoring year",
            reason=reason,
            day=formed,
        )
    return Decision.deny("KERPEN-YEAR-1", reason)


def kerpen_year_1_agreement_template(
    tandem: Tandem, programme: Programme, today: date
) -> AgreementTerms:
    """KERPEN-YEAR-1: a draft runs from today to the end of the tandem's mentoring year.

    A tandem formed late in a year belongs to the next one, so its draft
    runs to the end of the next year. Drafted after its year is over (a
    tandem that never got going), the draft runs to the end of the year
    today belongs to; the rule then refuses it, saying why.
    """
    year = tandem_year(tandem, programme)
    if year.end < today:
        year = year_joined(today, programme)
    return AgreementTerms(period_start=today, period_end=year.end)


def to_both(tandem: Tandem, key: str, kind: str, due: datetime, reason: Message) -> list[DueAction]:
    """One action of *kind* for the mentee and one for the mentor."""
    return [
        DueAction(
            f"{key}:{role.value}",
            "KERPEN-YEAR-1",
            kind,
            (tandem.person_in(role),),
            role,
            due,
            reason,
            tandem.id,
        )
        for role in (Role.MENTEE, Role.MENTOR)
    ]


def workshop_window(year: MentoringYear, programme: Programme) -> date:
    """The last day of *year*'s introductory workshop ("zeitnah nach Beginn")."""
    return shifted_date(year.start, whole(programme, "intro_workshop_within_days"))


def kerpen_year_1_due(tandem: Tandem, programme: Programme, now: datetime) -> list[DueAction]:
    """KERPEN-YEAR-1: the introductory workshop soon after the year starts; closing at its end.

    The workshop invitation is due to tandems of the year that are formed by
    the end of the workshop window, from the year's start until the window
    closes; never to a tandem whose own mentoring year is over.
    """
    if not tandem.is_live:
        return []
    today = local_date(now, programme.timezone)
    year = tandem_year(tandem, programme)
    window = workshop_window(year, programme)
    due: list[DueAction] = []
    formed = local_date(tandem.created_at, programme.timezone)
    if year.start <= today <= window and formed <= window:
        due += to_both(
            tandem,
            f"KERPEN-YEAR-1:workshop:{year.label}:{tandem.id}",
            "introductory-workshop",
            max(local_midnight(year.start, programme.timezone), tandem.created_at),
            _(
                "the mentoring year {year} has started: the introductory workshop takes place "
                "soon, by {day}",
                year=year.label,
                day=window,
            ),
        )
    end = tandem.agreement.terms.period_end if tandem.agreement else None
    if tandem.status is TandemStatus.ACTIVE and end is not None and today > end:
        due += to_both(
            tandem,
            f"KERPEN-YEAR-1:close:{tandem.id}:{end.isoformat()}",
            "closing-due",
            local_midnight(shifted_date(end, 1), programme.timezone),
            _("the mentoring year ended on {day}: end the mentorship officially", day=end)
            if end >= year.end
            else _("the agreed period ended on {day}: end the mentorship officially", day=end),
        )
    return due
