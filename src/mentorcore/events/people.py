"""Events of a person's stream: registration, enrolments, profiles, relations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.domain import (
    Enrolment,
    Person,
    Profile,
    Relation,
    Role,
)

if TYPE_CHECKING:
    pass

from mentorcore.events.base import PersonEvent
from mentorcore.i18n import _


@frozen
class PersonRegistered(PersonEvent):
    """A person became known to the engine, or their details changed."""

    name = "person-registered"
    summary = _("registered")
    person: Person


@frozen
class Enrolled(PersonEvent):
    """A person enrolled in a programme in a role, with a validated profile."""

    name = "enrolled"
    summary = _("enrolled")
    enrolment: Enrolment


@frozen
class ProfileUpdated(PersonEvent):
    """An enrolment's profile changed (validated against the programme)."""

    name = "profile-updated"
    summary = _("updated the profile")
    programme_key: str
    role: Role
    profile: Profile


@frozen
class RelationDeclared(PersonEvent):
    """A relation between two people was declared (e.g. examines, manages)."""

    name = "relation-declared"
    summary = _("declared a relation")
    relation: Relation


@frozen
class RelationWithdrawn(PersonEvent):
    """A previously declared relation no longer holds."""

    name = "relation-withdrawn"
    summary = _("withdrew a relation")
    relation: Relation
