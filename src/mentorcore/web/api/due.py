"""Due actions: what the clock makes due, as the viewer may see it, and acknowledging them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import Field

from mentorcore.domain import TandemId
from mentorcore.policy.decisions import DueAction
from mentorcore.web.api.bodies import Body
from mentorcore.web.api.encoding import JSON, partial
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS, partial_answers
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language

router = APIRouter(route_class=ApiRoute, tags=["due actions"], responses=ERRORS)


@router.get(
    "/due-actions",
    response_model=None,
    responses=partial_answers(DueAction),
    summary="What is due and not acknowledged, as the viewer may see it.",
)
def due_actions(
    request: Request,
    reader: CurrentReader,
    programme: str | None = None,
    tandem_id: UUID | None = None,
) -> JSON:
    tandem = TandemId(tandem_id) if tandem_id is not None else None
    found = reader.due_actions(programme=programme, tandem_id=tandem)
    return partial(found, request_language(request))


@router.get(
    "/notifications", summary="Due actions addressed to people, for the host's delivery job."
)
def notifications(request: Request, reader: CurrentReader) -> JSON:
    return partial(reader.notifications(), request_language(request))


class AcknowledgementBody(Body):
    """The due action delivered, by its key (``rule/kind/tandem/cause/side``)."""

    key: str = Field(min_length=1, max_length=1000)


@router.post(
    "/due-actions/acknowledgements",
    summary="Record that a due action was delivered; it is not reported again.",
)
def acknowledge(request: Request, actor: CurrentActor, body: AcknowledgementBody) -> JSON:
    fresh = engine_of(request).acknowledge(body.key, actor=actor)
    return {"key": body.key, "acknowledged": True, "first_time": fresh}
