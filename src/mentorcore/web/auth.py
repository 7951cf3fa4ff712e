"""Who is asking, in which language: the host's authentication and the request's language.

A :class:`Face` (the engine, the host's :data:`Authenticate`, a default
language) is bound to every request the web face answers (a router
dependency made by :func:`binder`), so the same routes work mounted as an
app or included as a router into a host's own app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends
from starlette.requests import Request

from mentorcore.domain import Actor
from mentorcore.i18n import negotiate
from mentorcore.read.reader import Reader
from mentorcore.web.errors import Unauthenticated

if TYPE_CHECKING:
    from mentorcore.engine import Engine

#: The host's authentication: the current person (``Actor.person(id)``), the
#: system (``Actor.system()``, for a host's own jobs), or ``None`` when nobody
#: is signed in. It reads the request (a session cookie, a header, ...) and
#: nothing mentorcore defines.
Authenticate = Callable[[Request], Actor | None]

#: The query parameter that overrides ``Accept-Language`` (``?lang=de``).
LANG_QUERY = "lang"


@dataclass(frozen=True)
class Face:
    """What every request of the web face needs.

    :ivar engine: The engine the face acts on.
    :ivar authenticate: The host's authentication.
    :ivar language: The language when a request asks for none the library
        speaks (``None``: the engine's, then each programme's).
    """

    engine: Engine
    authenticate: Authenticate
    language: str | None = None


def binder(face: Face) -> Callable[[Request], object]:
    """A router dependency that binds *face* to each request (``request.state.mentorcore``)."""

    async def bind(request: Request) -> None:
        request.state.mentorcore = face

    return bind


def face_of(request: Request) -> Face:
    """The :class:`Face` bound to *request* (by :func:`binder`, else the app's state).

    :raises RuntimeError: none is bound: the routes were used outside
        :func:`~mentorcore.web.app.api_router` / :func:`~mentorcore.web.app.create_app`.
    """
    face = getattr(request.state, "mentorcore", None) or getattr(
        request.app.state, "mentorcore", None
    )
    if not isinstance(face, Face):
        raise RuntimeError("no mentorcore Face is bound to this request")
    return face


def engine_of(request: Request) -> Engine:
    """The engine the request acts on."""
    return face_of(request).engine


def asked_language(request: Request) -> str | None:
    """The supported language the request asks for: ``?lang=``, then the
    best ``Accept-Language`` entry the library speaks, else ``None``."""
    found = negotiate(request.query_params.get(LANG_QUERY))
    if found:
        return found
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _sep, params = entry.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = negotiate(tag.strip())
        if language and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else None


def request_language(request: Request) -> str | None:
    """The language to answer *request* in: :func:`asked_language`, else the face's default."""
    asked = asked_language(request)
    if asked:
        return asked
    face = getattr(request.state, "mentorcore", None)
    return face.language if isinstance(face, Face) else None


def current_actor(request: Request) -> Actor:
    """A FastAPI dependency: the person the host's authentication names.

    :raises Unauthenticated: nobody is signed in (answered with 401).
    """
    actor = face_of(request).authenticate(request)
    if actor is None:
        raise Unauthenticated()
    if not isinstance(actor, Actor):
        raise TypeError(f"authenticate must answer an Actor or None, not {type(actor).__name__}")
    return actor


#: An endpoint parameter: the current person (see :func:`current_actor`).
CurrentActor = Annotated[Actor, Depends(current_actor)]


def current_reader(request: Request, actor: CurrentActor) -> Reader:
    """A FastAPI dependency: a :class:`~mentorcore.read.reader.Reader` for the
    current person, in the request's language."""
    return engine_of(request).reader(actor, language=request_language(request))


#: An endpoint parameter: a reader for the current person (see :func:`current_reader`).
CurrentReader = Annotated[Reader, Depends(current_reader)]


__all__ = [
    "LANG_QUERY",
    "Authenticate",
    "CurrentActor",
    "CurrentReader",
    "Face",
    "asked_language",
    "binder",
    "current_actor",
    "current_reader",
    "engine_of",
    "face_of",
    "request_language",
]
