"""People: register, enrol, profiles, relations, activity, export and erasure.

Who acts is always the signed-in person; the library decides what they may
do (the person themself, a coordinator, the system; CORE-AUTH, CORE-ERASE-*).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import Field

from mentorcore.domain import Participant, Person, Relation, RelationKind, Role
from mentorcore.read.views import Activity
from mentorcore.web.api.bodies import Body as Model
from mentorcore.web.api.encoding import JSON, jsonable
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS, answers
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language
from mentorcore.web.errors import person_hidden
from mentorcore.write.erasure import Erasure

router = APIRouter(route_class=ApiRoute, tags=["people"], responses=ERRORS)


class PersonBody(Model):
    """A person to register, or their new name and contact details."""

    id: str = Field(min_length=1)
    name: str
    email: str | None = None
    organisation: str | None = None


class EnrolmentBody(Model):
    """An enrolment: *profile* holds the programme's fields for the role (typed or as text)."""

    programme_key: str
    role: Role
    profile: dict[str, Any] = Field(default_factory=dict)
    track: str | None = None
    capacity: int = 1
    external: bool = False


class RelationBody(Model):
    """A relation from the person of the path to *object* (e.g. ``examines``)."""

    kind: RelationKind
    object: str


@router.get("/me", summary="Who the host's authentication says is signed in.")
def me(request: Request, actor: CurrentActor) -> JSON:
    return {"person_id": actor.person_id, "system": actor.person_id is None}


@router.post(
    "/people",
    response_model=None,
    responses=answers(Person, 201),
    status_code=201,
    summary="Register a person (or update their details).",
)
def register(request: Request, actor: CurrentActor, body: PersonBody) -> JSON:
    engine = engine_of(request)
    person = Person(body.id, body.name, email=body.email, organisation=body.organisation)
    # what the actor sent, as stored (a coordinator may not read a person
    # enrolled in none of their programmes back)
    done = engine.register_person(person, actor=actor)
    return jsonable(done, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/people/{person_id}",
    response_model=None,
    responses=answers(Person),
    summary="A person's name and contact details.",
)
def person(request: Request, reader: CurrentReader, person_id: str) -> JSON:
    with person_hidden(person_id):
        found = reader.person(person_id)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.post(
    "/people/{person_id}/enrolments",
    response_model=None,
    responses=answers(Participant, 201),
    status_code=201,
    summary="Enrol a person in a programme.",
)
def enrol(request: Request, actor: CurrentActor, person_id: str, body: EnrolmentBody) -> JSON:
    done = engine_of(request).enrol(
        person_id,
        body.programme_key,
        body.role,
        body.profile,
        track=body.track,
        capacity=body.capacity,
        external=body.external,
        actor=actor,
    )
    return _participant(request, actor, person_id, done.programme_key, done.role)


@router.get(
    "/people/{person_id}/enrolments/{programme_key}/{role}",
    response_model=None,
    responses=answers(Participant),
    summary="A person with their enrolment in a programme.",
)
def participant(
    request: Request, reader: CurrentReader, person_id: str, programme_key: str, role: Role
) -> JSON:
    with person_hidden(person_id):
        found = reader.participant(person_id, programme_key, role)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.put(
    "/people/{person_id}/enrolments/{programme_key}/{role}/profile",
    response_model=None,
    responses=answers(Participant),
    summary="Replace the profile of an enrolment; checked like enrolling.",
)
def update_profile(
    request: Request,
    actor: CurrentActor,
    person_id: str,
    programme_key: str,
    role: Role,
    profile: Annotated[dict[str, Any], Body()],
) -> JSON:
    engine_of(request).update_profile(person_id, programme_key, role, profile, actor=actor)
    return _participant(request, actor, person_id, programme_key, role)


def _participant(request: Request, actor: Any, person_id: str, key: str, role: Role) -> JSON:
    language = request_language(request)
    found = engine_of(request).reader(actor, language=language).participant(person_id, key, role)
    return jsonable(found, language)  # type: ignore[no-any-return]


@router.post(
    "/people/{person_id}/relations",
    response_model=None,
    responses=answers(Relation, 201),
    status_code=201,
    summary="Record that a relation holds (independence rules look at it).",
)
def declare(request: Request, actor: CurrentActor, person_id: str, body: RelationBody) -> JSON:
    relation = Relation(person_id, body.kind, body.object)
    engine_of(request).declare_relation(relation, actor=actor)
    return jsonable(relation, None)  # type: ignore[no-any-return]


@router.post(
    "/people/{person_id}/relations/withdrawal",
    response_model=None,
    responses=answers(Relation),
    summary="Record that a relation no longer holds.",
)
def withdraw(request: Request, actor: CurrentActor, person_id: str, body: RelationBody) -> JSON:
    relation = Relation(person_id, body.kind, body.object)
    engine_of(request).withdraw_relation(relation, actor=actor)
    return jsonable(relation, None)  # type: ignore[no-any-return]


@router.get(
    "/people/{person_id}/activity",
    response_model=None,
    responses=answers(Activity, many=True),
    summary="A person's activity log (CORE-10).",
)
def activity(request: Request, reader: CurrentReader, person_id: str) -> list[JSON]:
    with person_hidden(person_id):
        found = reader.activity(person_id)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/people/{person_id}/export",
    summary="Everything held about a person that the viewer may see (DSGVO Art. 15, 20).",
)
def export(reader: CurrentReader, person_id: str) -> JSON:
    with person_hidden(person_id):
        return reader.export_person(person_id).data()


@router.delete(
    "/people/{person_id}",
    response_model=None,
    responses=answers(Erasure),
    summary="Erase the person's personal data for good (DSGVO Art. 17; CORE-ERASE-1, -2).",
)
def erase(request: Request, actor: CurrentActor, person_id: str) -> JSON:
    done = engine_of(request).erase_person(person_id, actor=actor)
    return jsonable(done, request_language(request))  # type: ignore[no-any-return]
