"""People: registering persons, enrolling them in programmes, declaring relations.

Profiles are checked against the programme's declared fields, then the
programme votes on eligibility; a refusal carries every decision, and nothing
is stored. Each command decides and appends in one unit of work, decided
again on a conflict (:meth:`~mentorcore.write.recording.Recorder.run`).

At the door: person ids, names and e-mail addresses are checked
(:mod:`mentorcore.validation`), and so are capacities and the texts of
profiles. Coordinators act on the people of their programmes only
(:mod:`~mentorcore.write.scope`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from attrs import evolve

from mentorcore import events as ev
from mentorcore.domain import (
    Actor,
    Enrolment,
    Person,
    PersonId,
    Profile,
    Programme,
    Relation,
    Role,
)
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.i18n import Text, _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision, refusals
from mentorcore.policy.profiles import parse_profile
from mentorcore.state.access import State
from mentorcore.validation import (
    MAX_CAPACITY,
    check,
    check_texts,
    email_problem,
    person_id_problem,
    show,
    text_problem,
)
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder
from mentorcore.write.scope import CHANGE_DETAILS, ENROL, relation_refusal, scope_refusal

_ENROLLABLE = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)

F = TypeVar("F", bound=Callable[..., Any])


def _in_unit(method: F) -> F:
    """Decide and append in one unit of work: nobody changes the state in
    between; on a conflict, decide again."""

    @functools.wraps(method)
    def run(self: PeopleCommands, *args: Any, **kwargs: Any) -> Any:
        return self._recorder.run(lambda: method(self, *args, **kwargs))

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

        Allowed to the system and the person themself; a coordinator may
        register new people and change the details of the people of the
        programmes they coordinate (CORE-AUTH).

        :raises InvalidInput: *person* is malformed: an unfit id, an empty
            name, text with control characters, an invalid e-mail address.
        :raises TransitionDenied: *actor* may not register people (CORE-AUTH).
        """
        check(person, "person", Person)
        check(actor, "actor", Actor)
        _check_person(person)
        d = self.directory
        if d.erased(person.id):
            raise _denied("register", [_erased(person.id)])
        if person.id in d.persons:
            refusal = scope_refusal(d, actor, person.id, CHANGE_DETAILS)
        elif actor.person_id in (None, person.id) or d.coordinates_any(actor.person_id):
            refusal = None
        else:
            refusal = Decision.deny(
                "CORE-AUTH",
                _("{actor} may not register other people", actor=d.name_of(actor.person_id)),
            )
        if refusal is not None:
            raise _denied("register", [refusal])
        self.record_person_events(
            [ev.PersonRegistered(checked_now(self.clock), actor, person.id, person)], None
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
        person = self._person(person_id, "enrol")
        _check_role(role)
        problems: list[tuple[str, Text]] = []
        if programme.tracks and track is not None and track not in programme.tracks:
            problems.append(
                (
                    "track",
                    _(
                        "expected one of {accepted}, got {got}",
                        accepted=", ".join(programme.tracks),
                        got=repr(track),
                    ),
                )
            )
        if not programme.tracks and track is not None:
            problems.append(("track", _("{programme} has no tracks", programme=programme.name)))
        if (
            isinstance(capacity, bool)
            or not isinstance(capacity, int)
            or not 1 <= capacity <= MAX_CAPACITY
        ):
            problems.append(
                (
                    "capacity",
                    _(
                        "expected a whole number from 1 to {top}, got {got}",
                        top=MAX_CAPACITY,
                        got=show(capacity),
                    ),
                )
            )
        if problems:
            raise InvalidInput(
                problems,
                context=_(
                    "enrolling {person} in {programme}",
                    person=person.name,
                    programme=programme.name,
                ),
            )
        values = parse_profile(
            programme.fields_for(role),
            _mapping(profile if profile is not None else {}),
            context=_profile_of(person, role, programme),
        )
        _check_profile(values)
        now = checked_now(self.clock)
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
        person = self._person(person_id, "update_profile")
        _check_role(role)
        current = self.directory.enrolment(person.id, programme.key, role)
        if current is None:
            raise NotFound(
                f"{role.value} enrolment in {programme_key}",
                person_id,
                _(
                    "{person} is not enrolled as {role} in {programme}",
                    person=person.name,
                    role=label(role),
                    programme=programme.name,
                ),
            )
        values = parse_profile(
            programme.fields_for(role),
            _mapping(profile),
            context=_profile_of(person, role, programme),
        )
        _check_profile(values)
        updated = evolve(current, profile=values)
        self._check_enrolment(programme, person, updated, actor, "update_profile")
        now = checked_now(self.clock)
        self.record_person_events(
            [ev.ProfileUpdated(now, actor, person.id, programme.key, role, values)],
            programme,
        )
        return updated

    def declare_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* holds (e.g. a mentor examines a mentee).

        Allowed to the system, the two people of the relation and a
        coordinator of a programme both are enrolled in (CORE-AUTH).
        """
        self._relation(relation, actor, ev.RelationDeclared)

    def withdraw_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* no longer holds.

        Allowed to the system and a coordinator of a programme both people
        are enrolled in; not to the two themselves (CORE-RELATION).
        """
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
        declare = kind is ev.RelationDeclared
        verb = "declare_relation" if declare else "withdraw_relation"
        for pid in (relation.subject, relation.object):
            self._person(pid, verb)
        refusal = relation_refusal(self.directory, actor, relation, declare)
        if refusal is not None:
            raise _denied(verb, [refusal])
        self.record_person_events(
            [kind(checked_now(self.clock), actor, relation.subject, relation)],
            None,
        )

    def _person(self, person_id: str, verb: str) -> Person:
        """The registered person *person_id*, for *verb*; an erased one is refused."""
        if not isinstance(person_id, str):
            raise InvalidInput([("person_id", _("expected text, got {got}", got=show(person_id)))])
        person = self.directory.persons.get(PersonId(person_id))
        if person is None:
            raise NotFound("person", person_id)
        if self.directory.erased(person.id):
            raise _denied(verb, [_erased(person.id)])
        return person

    def _check_enrolment(
        self, programme: Programme, person: Person, enrolment: Enrolment, actor: Actor, verb: str
    ) -> None:
        d = self.directory
        coordinator = actor.person_id is not None and d.enrolment(
            actor.person_id, programme.key, Role.COORDINATOR
        )
        refusal: Decision | None = None
        if actor.person_id not in (None, person.id) and not coordinator:
            refusal = Decision.deny(
                "CORE-AUTH",
                _(
                    "{actor} does not coordinate {programme}",
                    actor=d.name_of(actor.person_id),
                    programme=programme.name,
                ),
            )
            raise _denied(verb, [refusal])
        refusal = scope_refusal(d, actor, person.id, ENROL)
        if refusal is not None:
            raise _denied(verb, [refusal])
        if enrolment.role is Role.COORDINATOR:
            if actor.person_id is not None and not coordinator:
                refusal = Decision.deny(
                    "CORE-AUTH", _("only the system or a coordinator appoints coordinators")
                )
                raise _denied(verb, [refusal])
            return
        decisions = self.hooks.check_enrolment(programme, person, enrolment)
        if refusals(decisions):
            raise _denied(verb, decisions)


def _check_person(person: Person) -> None:
    """Refuse an unfit id, an empty or unshowable name, a bad e-mail address."""
    problems: list[tuple[str, Text]] = []
    if problem := person_id_problem(person.id):
        problems.append(("person.id", problem))
    if not person.name.strip():
        problems.append(("person.name", _("a person needs a non-empty id and name")))
    elif problem := text_problem(person.name, multiline=False):
        problems.append(("person.name", problem))
    if problem := email_problem(person.email):
        problems.append(("person.email", problem))
    if person.organisation and (problem := text_problem(person.organisation, multiline=False)):
        problems.append(("person.organisation", problem))
    if problems:
        raise InvalidInput(problems)


def _check_profile(values: Profile) -> None:
    """Refuse profile texts that cannot be shown, naming ``profile.<field>``."""
    for name, value in values.items:
        check_texts(value, f"profile.{name}")


def _check_role(role: object) -> None:
    if not isinstance(role, Role) or role not in _ENROLLABLE:
        raise InvalidInput(
            [("role", _("expected mentee, mentor or coordinator, got {got}", got=show(role)))]
        )


def _mapping(profile: object) -> Mapping[str, object]:
    if not isinstance(profile, Mapping):
        raise InvalidInput(
            [
                (
                    "profile",
                    _("expected a mapping of field names to values, got {got}", got=show(profile)),
                )
            ]
        )
    return profile


def _profile_of(person: Person, role: Role, programme: Programme) -> Text:
    return _(
        "profile of {person} as {role} of {programme}",
        person=person.name,
        role=label(role),
        programme=programme.name,
    )


def _erased(person_id: PersonId) -> Decision:
    """CORE-ERASE-4: nothing new is recorded for an erased person."""
    return Decision.deny(
        "CORE-ERASE-4",
        _(
            "the personal data of {id} was erased: nothing new is recorded for them; "
            "register them under a new id if they take part again",
            id=person_id,
        ),
    )


def _denied(verb: str, decisions: Sequence[Decision]) -> TransitionDenied:
    """The refusal of *verb*, naming the action as people call it."""
    return TransitionDenied(verb, decisions, action=verb_label(verb))
