"""Events of a person's stream: registration, enrolments, profiles, relations."""

from __future__ import annotations

from attrs import frozen

from mentorcore.domain import (
    Enrolment,
    Person,
    Profile,
    Relation,
    Role,
    TandemId,
)
from mentorcore.events.base import PersonEvent
from mentorcore.i18n import _


@frozen
class PersonRegistered(PersonEvent):
    """A person became known to the engine, or their details changed."""

    name = "person-registered"
    summary = _("registered")
    personal = ("person.name", "person.email?", "person.organisation?")
    person: Person


@frozen
class Enrolled(PersonEvent):
    """A person enrolled in a programme in a role, with a validated profile."""

    name = "enrolled"
    summary = _("enrolled")
    personal = ("enrolment.profile",)
    enrolment: Enrolment


@frozen
class ProfileUpdated(PersonEvent):
    """An enrolment's profile changed (validated against the programme)."""

    name = "profile-updated"
    summary = _("updated the profile")
    personal = ("profile",)
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


@frozen
class PersonErased(PersonEvent):
    """The person's personal data was erased (DSGVO Art. 17): their key is
    destroyed, so everything sealed with it reads as a placeholder. The event
    itself holds no personal data.

    :ivar tandems: The tandems of the person whose keys were destroyed too.
    """

    name = "person-erased"
    summary = _("erased the personal data")
    tandems: tuple[TandemId, ...] = ()
