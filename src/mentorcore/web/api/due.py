"""Due actions: what the clock makes due, as the viewer may see it, and acknowledging them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request

from mentorcore.domain import TandemId
from mentorcore.web.api.encoding import JSON, partial
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language

router = APIRouter(route_class=ApiRoute, tags=["due actions"])


@router.get("/due-actions", summary="What is due and not acknowledged, as the viewer may see it.")
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


@router.post(
    "/due-actions/{key}/acknowledgement",
    summary="Record that a due action was delivered; it is not reported again.",
)
def acknowledge(
    request: Request, actor: CurrentActor, key: Annotated[str, Path(min_length=1)]
) -> JSON:
    fresh = engine_of(request).acknowledge(key, actor=actor)
    return {"key": key, "acknowledged": True, "first_time": fresh}
