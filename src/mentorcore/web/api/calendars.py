"""Calendars: iCalendar feeds as the viewer may see them, and subscription URLs.

``POST /me/calendar-feeds`` issues a URL for a calendar app
(``GET /calendar/{token}.ics``, without signing in: the token is the
credential, shown once, stored only as its digest); ``DELETE
/me/calendar-feeds/{feed_id}`` revokes it; erasing the person ends their
feeds too (:mod:`mentorcore.write.calendar_feeds`).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response

from mentorcore.domain import MeetingId, TandemId
from mentorcore.web.api.encoding import JSON
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS
from mentorcore.web.auth import CurrentActor, CurrentReader, engine_of, request_language
from mentorcore.web.errors import person_hidden
from mentorcore.write import calendar_feeds

router = APIRouter(route_class=ApiRoute, tags=["calendars"], responses=ERRORS)

ICS = "text/calendar; charset=utf-8"
_ICS_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/calendar": {}}}}


def _ics(data: bytes, name: str) -> Response:
    return Response(
        data, media_type=ICS, headers={"Content-Disposition": f'inline; filename="{name}.ics"'}
    )


@router.get(
    "/people/{person_id}/calendar.ics",
    summary="A person's meetings in all their tandems, as the viewer may see them.",
    response_class=Response,
    responses=_ICS_RESPONSE,
)
def person_calendar(reader: CurrentReader, person_id: str) -> Response:
    with person_hidden(person_id):
        data = reader.person_calendar(person_id)
    return _ics(data, "meetings")


@router.get(
    "/tandems/{tandem_id}/calendar.ics",
    summary="The tandem's meetings as an iCalendar feed.",
    response_class=Response,
    responses=_ICS_RESPONSE,
)
def tandem_calendar(reader: CurrentReader, tandem_id: UUID) -> Response:
    return _ics(reader.tandem_calendar(TandemId(tandem_id)), f"tandem-{tandem_id}")


@router.get(
    "/programmes/{programme_key}/calendar.ics",
    summary="Every meeting of a programme, for its coordination.",
    response_class=Response,
    responses=_ICS_RESPONSE,
)
def programme_calendar(reader: CurrentReader, programme_key: str) -> Response:
    return _ics(reader.programme_calendar(programme_key), programme_key)


@router.get(
    "/tandems/{tandem_id}/meetings/{meeting_id}/invitation.ics",
    summary="An invitation (METHOD:REQUEST) for one meeting.",
    response_class=Response,
    responses=_ICS_RESPONSE,
)
def invitation(reader: CurrentReader, tandem_id: UUID, meeting_id: UUID) -> Response:
    data = reader.meeting_invitation(TandemId(tandem_id), MeetingId(meeting_id))
    return _ics(data, f"meeting-{meeting_id}")


@router.get(
    "/tandems/{tandem_id}/meetings/{meeting_id}/cancellation.ics",
    summary="A cancellation (METHOD:CANCEL) for one meeting.",
    response_class=Response,
    responses=_ICS_RESPONSE,
)
def cancellation(reader: CurrentReader, tandem_id: UUID, meeting_id: UUID) -> Response:
    data = reader.meeting_cancellation(TandemId(tandem_id), MeetingId(meeting_id))
    return _ics(data, f"meeting-{meeting_id}")


@router.post(
    "/me/calendar-feeds",
    status_code=201,
    summary="A subscription URL of the signed-in person's calendar (shown once).",
)
def issue_feed(request: Request, actor: CurrentActor) -> JSON:
    issued = calendar_feeds.issue(engine_of(request), actor)
    path = request.url_for("subscribed_calendar", token=issued.token)
    return {"feed_id": issued.feed_id, "url": str(path), "token": issued.token}


@router.delete(
    "/me/calendar-feeds/{feed_id}",
    status_code=204,
    summary="Revoke a subscription URL of the signed-in person for good.",
    response_class=Response,
)
def revoke_feed(
    request: Request, actor: CurrentActor, feed_id: Annotated[str, Path(max_length=64)]
) -> Response:
    calendar_feeds.revoke(engine_of(request), actor, feed_id)
    return Response(status_code=204)


@router.get(
    "/calendar/{token}.ics",
    name="subscribed_calendar",
    summary="A subscribed calendar: no sign-in, the token is the credential.",
    response_class=Response,
    responses={**_ICS_RESPONSE, 404: {"description": "unknown, revoked or erased"}},
)
def subscribed_calendar(request: Request, token: Annotated[str, Path(max_length=200)]) -> Response:
    data = calendar_feeds.calendar(engine_of(request), token, language=request_language(request))
    return _ics(data, "mentoring")
