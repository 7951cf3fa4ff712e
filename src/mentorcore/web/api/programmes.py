"""Programmes: what is installed, their forms, participants, cadence, due actions and retention."""

from __future__ import annotations

from fastapi import APIRouter, Request

from mentorcore.domain import Participant, Programme, Role, Template
from mentorcore.policy.cadence import TandemCadence
from mentorcore.read.retention import RetentionDue
from mentorcore.web.api.encoding import JSON, jsonable, partial
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS, answers, partial_answers
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language

router = APIRouter(route_class=ApiRoute, tags=["programmes"], responses=ERRORS)


@router.get(
    "/programmes",
    response_model=None,
    responses=answers(Programme, many=True),
    summary="The installed programmes, by key.",
)
def programmes(request: Request, actor: CurrentActor) -> list[JSON]:
    found = engine_of(request).programmes()
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/programmes/{programme_key}",
    response_model=None,
    responses=answers(Programme),
    summary="One programme, its settings in force.",
)
def programme(request: Request, actor: CurrentActor, programme_key: str) -> JSON:
    found = engine_of(request).programme(programme_key)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/programmes/{programme_key}/templates/{purpose}",
    response_model=None,
    responses=answers(Template),
    summary="The form in force for records of a purpose (meeting_notes, preparation, ...).",
)
def template(request: Request, actor: CurrentActor, programme_key: str, purpose: str) -> JSON:
    found = engine_of(request).record_template(programme_key, purpose)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/programmes/{programme_key}/participants/{role}",
    response_model=None,
    responses=answers(Participant, many=True),
    summary="Everyone enrolled in the programme in a role, as the viewer may see them.",
)
def participants(
    request: Request, reader: CurrentReader, programme_key: str, role: Role
) -> list[JSON]:
    found = reader.participants(programme_key, role)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/programmes/{programme_key}/cadence",
    response_model=None,
    responses=partial_answers(TandemCadence),
    summary="The cadence of every active tandem (the programme's coordination).",
)
def cadence(request: Request, reader: CurrentReader, programme_key: str) -> JSON:
    return partial(reader.programme_cadence(programme_key), request_language(request))


@router.get(
    "/programmes/{programme_key}/retention",
    response_model=None,
    responses=answers(RetentionDue, many=True),
    summary="The people whose data is due for erasure (CORE-RETENTION-1).",
)
def retention(request: Request, reader: CurrentReader, programme_key: str) -> list[JSON]:
    found = reader.retention(programme_key)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]
