"""People: registering persons, enrolling them in programmes, declaring relations.

Profiles are checked against the programme's declared fields, then the
programme votes on eligibility; a refusal carries every decision, and nothing
is stored. Each command decides and appends in one unit of work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from attrs import evolve

from mentorcore import events as ev
from mentorcore.domain import Actor, Enrolment, Person, PersonId, Programme, Relation, Role
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.policy.decisions import Decision, refusals
from mentorcore.policy.profiles import parse_profile
from mentorcore.state.access import State
from mentorcore.validation import check
from mentorcore.write.recording import Recorder

_ENROLLABLE = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)

F = TypeVar("F", bound=Callable[..., Any])


def _in_unit(method: F) -> F:
    """Decide and append in one unit of work: nobody changes the state in between."""

    @functools.wraps(method)
    def run(self: PeopleCommands, *args: Any, **kwargs: Any) -> Any:
        with self._recorder.unit():
            return method(self, *args, **kwargs)

    return cast(F, run)


class PeopleCommands:
    """Registering, enrolling and relating people (see :class:`~mentorcore.engine.Engine`)."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder
        self.hooks = state.hooks
        self.clock = state.clock
        self.directory = state.index
        self.programme = state.programme

    def record_person_events(
        self, events: Sequence[ev.PersonEvent], programme: Programme | None
    ) -> None:
        self._recorder.record_person_events(events, programme)

    @_in_unit
    def register_person(self, person: Person, *, actor: Actor) -> Person:
        """Make *person* known, or update their name and contact details.

        Allowed to the system, any coordinator, and the person themself.

        :raises InvalidInput: *person* is malformed (e.g. an empty name).
        :raises TransitionDenied: *actor* may not register people (CORE-AUTH).
        """
        check(person, "person", Person)
        check(actor, "actor", Actor)
        if not person.id.strip() or not person.name.strip():
            raise InvalidInput([("person", "needs a non-empty id and name")])
        d = self.directory
        is_coordinator = d.coordinates_any(actor.person_id)
        if actor.person_id not in (None, person.id) and not is_coordinator:
            raise TransitionDenied(
                "register",
                [Decision.deny("CORE-AUTH", f"{actor} may not register other people")],
            )
        self.record_person_events(
            [ev.PersonRegistered(self.clock.now(), actor, person.id, person)], None
        )
        return person

    @_in_unit
    def enrol(
        self,
        person_id: str,
        programme_key: str,
        role: Role,
        profile: Mapping[str, object] | None = None,
        *,
        track: str | None = None,
        capacity: int = 1,
        external: bool = False,
        actor: Actor,
    ) -> Enrolment:
        """Enrol a registered person in a programme as mentee, mentor or coordinator.

        *profile* holds raw values (typed, or text as read from CSV) checked
        against the programme's fields for *role*. Enrolling again replaces the
        earlier enrolment in that role.

        :raises NotFound: unknown person or programme.
        :raises InvalidInput: the profile, role, track or capacity is malformed;
            each problem names its field.
        :raises TransitionDenied: the programme's eligibility rules or the
            actor's rights refuse it; carries every decision.
        """
        check(actor, "actor", Actor)
        programme = self.programme(programme_key)
        person = self._person(person_id)
        if not isinstance(role, Role) or role not in _ENROLLABLE:
            raise InvalidInput([("role", f"expected mentee, mentor or coordinator, got {role!r}")])
        problems = []
        if programme.tracks and track is not None and track not in programme.tracks:
            problems.append(
                ("track", f"expected one of {', '.join(programme.tracks)}, got {track!r}")
            )
        if not programme.tracks and track is not None:
            problems.append(("track", f"{programme.name} has no tracks"))
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            problems.append(
                ("capacity", f"expected a whole number of at least 1, got {capacity!r}")
            )
        if problems:
            raise InvalidInput(problems, context=f"enrolling {person_id} in {programme_key}")
        values = parse_profile(
            programme.fields_for(role),
            profile or {},
            context=f"profile of {person_id} as {role.value} of {programme_key}",
        )
        now = self.clock.now()
        enrolment = Enrolment(
            person.id, programme.key, role, track, values, capacity, external, now
        )
        self._check_enrolment(programme, person, enrolment, actor, "enrol")
        self.record_person_events([ev.Enrolled(now, actor, person.id, enrolment)], programme)
        return enrolment

    @_in_unit
    def update_profile(
        self,
        person_id: str,
        programme_key: str,
        role: Role,
        profile: Mapping[str, object],
        *,
        actor: Actor,
    ) -> Enrolment:
        """Replace the profile of an enrolment; checked like :meth:`enrol`."""
        check(actor, "actor", Actor)
        programme = self.programme(programme_key)
        person = self._person(person_id)
        current = self.directory.enrolment(person.id, programme.key, role)
        if current is None:
            raise NotFound(f"{role.value} enrolment in {programme_key}", person_id)
        values = parse_profile(
            programme.fields_for(role),
            profile,
            context=f"profile of {person_id} as {role.value} of {programme_key}",
        )
        updated = evolve(current, profile=values)
        self._check_enrolment(programme, person, updated, actor, "update_profile")
        self.record_person_events(
            [ev.ProfileUpdated(self.clock.now(), actor, person.id, programme.key, role, values)],
            programme,
        )
        return updated

    def declare_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* holds (e.g. a mentor examines a mentee).

        Allowed to the system, coordinators and the relation's subject.
        """
        self._relation(relation, actor, ev.RelationDeclared)

    def withdraw_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* no longer holds."""
        self._relation(relation, actor, ev.RelationWithdrawn)

    @_in_unit
    def _relation(
        self,
        relation: Relation,
        actor: Actor,
        kind: type[ev.RelationDeclared | ev.RelationWithdrawn],
    ) -> None:
        check(relation, "relation", Relation)
        check(actor, "actor", Actor)
        for pid in (relation.subject, relation.object):
            self._person(pid)
        d = self.directory
        allowed = actor.person_id in (None, relation.subject) or d.coordinates_any(actor.person_id)
        if not allowed:
            raise TransitionDenied(
                "declare_relation",
                [
                    Decision.deny(
                        "CORE-AUTH", f"{actor} may not declare relations of {relation.subject}"
                    )
                ],
            )
        self.record_person_events(
            [kind(self.clock.now(), actor, relation.subject, relation)],
            None,
        )

    def _person(self, person_id: str) -> Person:
        if not isinstance(person_id, str):
            raise InvalidInput([("person_id", f"expected text, got {person_id!r}")])
        person = self.directory.persons.get(PersonId(person_id))
        if person is None:
            raise NotFound("person", person_id)
        return person

    def _check_enrolment(
        self, programme: Programme, person: Person, enrolment: Enrolment, actor: Actor, verb: str
    ) -> None:
        d = self.directory
        coordinator = actor.person_id is not None and d.enrolment(
            actor.person_id, programme.key, Role.COORDINATOR
        )
        if actor.person_id not in (None, person.id) and not coordinator:
            decisions = [
                Decision.deny("CORE-AUTH", f"{actor} does not coordinate {programme.name}")
            ]
            raise TransitionDenied(verb, decisions)
        if enrolment.role is Role.COORDINATOR:
            if actor.person_id is not None and not coordinator:
                raise TransitionDenied(
                    verb,
                    [
                        Decision.deny(
                            "CORE-AUTH", "only the system or a coordinator appoints coordinators"
                        )
                    ],
                )
            return
        decisions = self.hooks.check_enrolment(programme, person, enrolment)
        if refusals(decisions):
            raise TransitionDenied(verb, decisions)
