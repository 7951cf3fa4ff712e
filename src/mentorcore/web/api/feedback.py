"""Feedback and mail preferences (issue 14): the requests a person owes, their
answers, the coordination's overview, and which optional reminders to receive."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import Field

from mentorcore.domain import TandemId
from mentorcore.web.api.bodies import Body
from mentorcore.web.api.encoding import JSON, jsonable, partial
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language

router = APIRouter(route_class=ApiRoute, tags=["feedback"], responses=ERRORS)


class FeedbackBody(Body):
    """An answer to a feedback request or evaluation due to the signed-in person."""

    request_key: str = Field(min_length=1, max_length=1000)
    answers: dict[str, Any]


class PreferenceBody(Body):
    """Whether to receive messages of the kind (only optional kinds can be turned off)."""

    receive: bool


@router.get(
    "/feedback-requests",
    summary="The feedback requests and evaluations owed (CORE-FEEDBACK-1), each with its form.",
)
def requests(request: Request, reader: CurrentReader, tandem_id: UUID | None = None) -> JSON:
    tandem = TandemId(tandem_id) if tandem_id is not None else None
    return partial(reader.feedback_requests(tandem_id=tandem), request_language(request))


@router.post(
    "/tandems/{tandem_id}/feedback",
    status_code=201,
    summary="Answer a feedback request or an evaluation due to the signed-in person.",
)
def give(request: Request, actor: CurrentActor, tandem_id: UUID, body: FeedbackBody) -> JSON:
    given = engine_of(request).give_feedback(
        TandemId(tandem_id), body.request_key, body.answers, actor=actor
    )
    answer: JSON = jsonable(given, request_language(request))
    return answer


@router.get(
    "/tandems/{tandem_id}/feedback",
    summary="The answers given in the tandem, their content where the viewer may read it.",
)
def responses(request: Request, reader: CurrentReader, tandem_id: UUID) -> list[JSON]:
    found = reader.feedback_responses(TandemId(tandem_id))
    answer: list[JSON] = jsonable(found, request_language(request))
    return answer


@router.get(
    "/programmes/{programme_key}/feedback",
    summary="Who owes what and what was given, per tandem and kind (the coordination).",
)
def overview(request: Request, reader: CurrentReader, programme_key: str) -> JSON:
    answer: JSON = jsonable(reader.feedback_overview(programme_key), request_language(request))
    return answer


@router.put(
    "/people/{person_id}/mail-preferences/{programme_key}/{kind}",
    summary="Whether the person receives messages of a kind (CORE-MAIL-2).",
)
def preference(
    request: Request,
    actor: CurrentActor,
    person_id: str,
    programme_key: str,
    kind: str,
    body: PreferenceBody,
) -> JSON:
    changed = engine_of(request).set_mail_preference(
        person_id, programme_key, kind, body.receive, actor=actor
    )
    return {"person_id": person_id, "programme_key": programme_key, "kind": kind,
            "receive": body.receive, "changed": changed}  # fmt: skip
