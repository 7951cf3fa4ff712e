"""The "buddy" programme: experienced staff mentor newcomers from other departments.

Rules (IDs as in the programme's own catalogue):

- BUDDY-ELIG-1 (hard): mentors have at least ``min_years`` years in the company.
- BUDDY-INDEP-1 (hard): mentor and mentee work in different departments.
- BUDDY-SCHED-1 (data): both sides may propose meetings.
"""

from __future__ import annotations

from collections.abc import Callable

from mentorcore import (
    Decision,
    Enrolment,
    FieldKind,
    Participant,
    Permission,
    Person,
    ProfileField,
    Programme,
    Role,
    Setting,
    hookimpl,
)
from mentorcore_example.texts import _

PROGRAMME = Programme(
    key="buddy",
    name=_("Buddy programme"),
    language="en",  # what its people read unless a host or the CLI chooses another
    mentee_fields=(ProfileField("department", FieldKind.TEXT, _("Department")),),
    mentor_fields=(
        ProfileField("department", FieldKind.TEXT, _("Department")),
        ProfileField("years", FieldKind.INTEGER, _("Years in the company"), minimum=0),
    ),
    settings=(
        Setting(
            "min_years",
            3,
            _("BUDDY-ELIG-1: years in the company a mentor needs. Accepted: 0 to 40."),
            minimum=0,
            maximum=40,
        ),
    ),
)


@hookimpl
def mentorcore_register_programmes(register: Callable[[Programme], None]) -> None:
    """Supply the buddy programme."""
    register(PROGRAMME)


@hookimpl(specname="mentorcore_check_enrolment")
def buddy_elig_1_experienced_mentors(
    person: Person, enrolment: Enrolment, programme: Programme
) -> Decision | None:
    """BUDDY-ELIG-1: mentors have at least ``min_years`` years in the company."""
    if enrolment.role is not Role.MENTOR:
        return None
    needed = int(programme.setting("min_years"))
    years = int(enrolment.profile.get("years", 0) or 0)
    if years < needed:
        return Decision.deny(
            "BUDDY-ELIG-1",
            _.plural(
                "{name} has {n} year in the company; a mentor needs {needed}",
                "{name} has {n} years in the company; a mentor needs {needed}",
                years,
                name=person.name,
                needed=needed,
            ),
        )
    return None


@hookimpl(specname="mentorcore_check_pairing")
def buddy_indep_1_other_department(mentee: Participant, mentor: Participant) -> Decision | None:
    """BUDDY-INDEP-1: mentor and mentee work in different departments."""
    if mentee.profile.get("department") == mentor.profile.get("department"):
        return Decision.deny(
            "BUDDY-INDEP-1",
            _(
                "{mentor} and {mentee} both work in {department}; buddies come from other "
                "departments",
                mentor=mentor.person.name,
                mentee=mentee.person.name,
                department=str(mentee.profile.get("department")),
            ),
        )
    return None


@hookimpl
def mentorcore_allowed_roles(verb: str) -> Permission | None:
    """BUDDY-SCHED-1: both sides may propose meetings; other verbs keep the defaults."""
    if verb == "propose_meeting":
        return Permission(
            frozenset({Role.MENTEE, Role.MENTOR}),
            "BUDDY-SCHED-1",
            _("either buddy may propose a meeting"),
        )
    return None
