"""The web face's factories: a whole app to mount, or the API as a router.

    host.mount("/mentoring", create_app(engine, authenticate))   # API + pages
    host.include_router(api_router(engine, authenticate), prefix="/mentoring/api")

The API lives under ``/api`` of the app (its schema at ``/api/openapi.json``,
interactive docs at ``/api/docs``), the server-rendered pages at ``/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, FastAPI

from mentorcore import __version__
from mentorcore.web.api import (
    calendars,
    due,
    feedback,
    matching,
    meetings,
    people,
    programmes,
    tandem_commands,
    tandems,
)
from mentorcore.web.auth import Authenticate, Face, binder
from mentorcore.web.pages import pages_router

if TYPE_CHECKING:
    from mentorcore.engine import Engine

#: The resource modules of the API, in the order the schema lists them.
_RESOURCES = (
    programmes,
    people,
    tandems,
    tandem_commands,
    meetings,
    due,
    feedback,
    matching,
    calendars,
)


def api_router(
    engine: Engine, authenticate: Authenticate, *, language: str | None = None
) -> APIRouter:
    """The JSON API as a router bound to *engine* and the host's *authenticate*.

    *language* answers requests that ask for no language mentorcore speaks
    (``None``: the engine's, then each programme's). Include it under a
    prefix of the host's choosing.
    """
    router = APIRouter(dependencies=[Depends(binder(Face(engine, authenticate, language)))])
    for resource in _RESOURCES:
        router.include_router(resource.router)
    return router


def create_app(
    engine: Engine,
    authenticate: Authenticate,
    *,
    language: str | None = None,
    title: str = "mentorcore",
) -> FastAPI:
    """The web face as an ASGI app to mount: the API under ``/api``, the pages at ``/``.

    ``app.state.engine`` and ``app.state.authenticate`` hold what it was given.
    """
    app = FastAPI(
        title=title,
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    face = Face(engine, authenticate, language)
    app.state.engine = engine
    app.state.authenticate = authenticate
    app.state.mentorcore = face
    app.include_router(api_router(engine, authenticate, language=language), prefix="/api")
    app.include_router(pages_router(engine, authenticate))
    return app


__all__ = ["api_router", "create_app"]
