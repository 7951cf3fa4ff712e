"""Kerpen's workshops (KERPEN-WORKSHOP-1): who attended, as the coordination records it.

„… der Einführungsworkshop, welcher zeitnah nach Beginn des Mentoring-Jahres
angeboten wird“ (for mentors as well) and „die Workshop-Angebote während des
Programmjahres“ for the mentees. The coordination records attendance in the
profile (``intro_workshop``: the day attended; ``workshops_attended``: the days
of the year's workshops); once the introductory workshop's window is over, it
is asked to record who came.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from mentorcore import (
    Decision,
    DueAction,
    Enrolment,
    Person,
    Programme,
    Role,
    Tandem,
)
from mentorcore.i18n import Message
from mentorcore.policy.periods import local_date, local_midnight, shifted_date
from mentorcore_kerpen.course import workshop_window
from mentorcore_kerpen.texts import _
from mentorcore_kerpen.years import tandem_year

_DAY = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))\s*$")


def parse_day(text: str) -> date | None:
    """A day written as 2027-01-31 or 31.01.2027; ``None`` if it is none."""
    found = _DAY.match(text)
    if found is None:
        return None
    y, m, d = found.group(1, 2, 3) if found.group(1) else found.group(6, 5, 4)
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def kerpen_workshop_1_days_attended(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """KERPEN-WORKSHOP-1: the recorded attendance names days."""
    profile = enrolment.profile
    given = profile.get("intro_workshop")
    during = profile.get("workshops_attended")
    values = [given] if isinstance(given, str) else []
    values += list(during) if isinstance(during, tuple) else []
    wrong = tuple(v for v in values if v.strip() and parse_day(v) is None)
    if not wrong:
        return None
    return Decision.deny(
        "KERPEN-WORKSHOP-1",
        _(
            "the workshop attendance of {name} names no day: {values} (write 31.01.2027 or "
            "2027-01-31)",
            name=person.name,
            values=wrong,
        ),
    )


def kerpen_workshop_1_record_attendance(
    tandem: Tandem, programme: Programme, now: datetime
) -> list[DueAction]:
    """KERPEN-WORKSHOP-1: after the introductory workshop, the coordination records who came.

    For the tandems invited to it (KERPEN-YEAR-1), from the day after its
    window until the end of their mentoring year; acknowledged once recorded.
    """
    if not tandem.is_live:
        return []
    today = local_date(now, programme.timezone)
    year = tandem_year(tandem, programme)
    window = workshop_window(year, programme)
    if not window < today <= year.end or local_date(tandem.created_at, programme.timezone) > window:
        return []
    reason: Message = _(
        "the introductory workshop of the mentoring year {year} is over (by {day}): record "
        "in the profiles of the mentee and the mentor the day each attended it, and offer it "
        "again to whoever missed it",
        year=year.label,
        day=window,
    )
    return [
        DueAction(
            f"KERPEN-WORKSHOP-1:intro:{year.label}:{tandem.id}",
            "KERPEN-WORKSHOP-1",
            "workshop-attendance",
            (),
            Role.COORDINATOR,
            local_midnight(shifted_date(window, 1), programme.timezone),
            reason,
            tandem.id,
            title=_("attendance of the introductory workshop"),
        )
    ]
