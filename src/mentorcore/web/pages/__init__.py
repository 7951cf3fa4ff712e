"""The web face's server-rendered pages (issue 17), mounted at ``/`` by
:func:`~mentorcore.web.app.create_app`.

    router = pages_router(engine, authenticate)
    host_app.include_router(router, prefix="/mentoring")

Every page reads as the person *authenticate* names, through the library's
viewer-bound reader; every form carries a token checked on every POST
(WEB-CSRF-1); a refusal shows its rule IDs and reasons in the viewer's
language. German and English, from ``?lang=``, a cookie it sets, or the
browser's ``Accept-Language``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Actor
from mentorcore.engine import Engine
from mentorcore.web.csrf import Csrf
from mentorcore.web.pages import (
    calendar,
    feedback,
    home,
    matching,
    mentors,
    people,
    programme,
    tandem,
    writing,
)
from mentorcore.web.pages.site import Site

#: The static files the pages use, and their media types.
STATIC = {"web.css": "text/css", "web.js": "text/javascript"}


def pages_router(
    engine: Engine,
    authenticate: Callable[[Request], Actor | None],
    *,
    csrf: Csrf | None = None,
) -> APIRouter:
    """The pages as a router bound to *engine* and the host's *authenticate*.

    :param csrf: The form tokens' maker (default: keyed by
        ``MENTORCORE_WEB_SECRET``, else a random key per process).
    """
    site = Site(engine, authenticate, csrf)
    router = APIRouter(include_in_schema=False)
    for family in (
        home,
        tandem,
        writing,
        feedback,
        programme,
        people,
        matching,
        mentors,
        calendar,
    ):
        router.include_router(family.router(site))

    @router.get("/static/{name}", name="mentorcore_static")
    async def static(name: str) -> Response:
        media = STATIC.get(name)
        if media is None:
            return Response(status_code=404)
        body = resources.files("mentorcore.web").joinpath("static", name).read_bytes()
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})

    return router


__all__ = ["pages_router"]
