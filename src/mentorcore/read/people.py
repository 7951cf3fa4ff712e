"""People as one viewer may see them: names, contact details, enrolments.

A person is visible to themself, to the system, to the coordinators of a
programme they are enrolled in, and to their counterpart in a tandem. A
programme's mentors (their offers) are visible to its mentees too, who
choose whom to ask (seed 002).
"""

from __future__ import annotations

from mentorcore.domain import Actor, Participant, Person, PersonId, Role
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput, NotFound, NotVisible
from mentorcore.i18n import Message, _
from mentorcore.read.arguments import member
from mentorcore.read.arguments import person_ids as checked_ids
from mentorcore.state.access import State


class PeopleViews:
    """People reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    def person(self, person_id: str) -> Person:
        """The person, if the viewer may see them.

        :raises NotFound: no such person.
        :raises NotVisible: the viewer has nothing to do with them (CORE-AUTH).
        """
        pid = _person_id(person_id)
        person = self._state.index.persons.get(pid)
        if person is None:
            raise NotFound("person", person_id)
        if not self.may_see(pid):
            raise NotVisible(self._refusal(person_id))
        return person

    def names(self, person_ids: tuple[PersonId, ...]) -> dict[PersonId, str]:
        """The names of those of *person_ids* the viewer may see (others keep their id)."""
        person_ids = checked_ids(person_ids)
        names = self._state.index.persons.names(person_ids)
        return {
            pid: names[pid] if pid in names and self.may_see(pid) else pid for pid in person_ids
        }

    def _refusal(self, person_id: str) -> Message:
        # The id the viewer asked with: whose name it is, they may not know.
        return _(
            "[{rule}] {viewer} may not see {person}",
            rule="CORE-AUTH",
            viewer=self._state.index.name_of(self.viewer.person_id),
            person=person_id,
        )

    def may_see(self, person_id: PersonId) -> bool:
        """Whether the viewer may see *person_id*'s details."""
        me = self.viewer.person_id
        if me is None or me == person_id:
            return True
        index = self._state.index
        coordinated = index.coordinated(me)
        enrolments = index.enrolments_of(person_id)
        if any(e.programme_key in coordinated for e in enrolments):
            return True
        # The tandems count too: an erased person is enrolled nowhere, yet
        # their programme's coordination sees them (as the placeholder).
        tandems = index.tandems_for(person_id)
        if any(t.role_of(me) or t.programme_key in coordinated for t in tandems):
            return True
        mentee_of = {e.programme_key for e in index.enrolments_of(me) if e.role is Role.MENTEE}
        return any(e.role is Role.MENTOR and e.programme_key in mentee_of for e in enrolments)

    def participant(self, person_id: str, programme_key: str, role: Role) -> Participant:
        """*person_id* with their enrolment in *programme_key* as *role*.

        :raises NotFound: the person is unknown or not enrolled so.
        :raises NotVisible: the viewer may not see them.
        """
        self._state.programme(programme_key)
        pid = _person_id(person_id)
        role = member(role, Role, "role")
        person = self._state.index.persons.get(pid)
        enrolment = self._state.index.enrolment(pid, programme_key, role) if person else None
        if person is None or enrolment is None:
            raise NotFound(
                f"{getattr(role, 'value', role)} enrolled in {programme_key}",
                person_id,
                _(
                    "{person} is not enrolled as {role} in {programme}",
                    person=person.name if person else str(person_id),
                    role=label(role),
                    programme=self._state.programme(programme_key).name,
                ),
            )
        if not self.may_see(pid):
            raise NotVisible(self._refusal(person_id))
        return Participant(person, enrolment)

    def participants(self, programme_key: str, role: Role) -> list[Participant]:
        """Everyone enrolled in *programme_key* as *role*, with their profiles, by id.

        :raises NotVisible: the viewer neither is the system nor coordinates
            the programme (a mentee may list its mentors).
        """
        state = self._state
        programme = state.programme(programme_key)
        role = member(role, Role, "role")
        me = self.viewer.person_id
        allowed = state.programme_role(self.viewer, programme.key) is not None or (
            me is not None
            and role is Role.MENTOR
            and state.index.enrolment(me, programme.key, Role.MENTEE) is not None
        )
        if not allowed:
            raise NotVisible(
                _(
                    "[{rule}] {viewer} does not coordinate {programme}",
                    rule="CORE-AUTH",
                    viewer=self._state.index.name_of(self.viewer.person_id),
                    programme=programme.name,
                )
            )
        enrolments = state.index.enrolled(programme.key, role)
        persons = state.index.persons.some(tuple(e.person_id for e in enrolments))
        return [Participant(persons[e.person_id], e) for e in enrolments if e.person_id in persons]


def _person_id(person_id: object) -> PersonId:
    if not isinstance(person_id, str):
        raise InvalidInput([("person_id", _("expected text, got {value}", value=repr(person_id)))])
    return PersonId(person_id)
