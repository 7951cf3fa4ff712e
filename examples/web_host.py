"""A host application that mounts mentorcore's web face under ``/mentoring``.

The host keeps its own sign-in (here: API tokens in an ``Authorization:
Bearer`` header or a ``session`` cookie, mapped to its own user ids) and
tells mentorcore who is signed in through one function; mentorcore never
sees a password and never takes a person from a request's body.

Run: ``python examples/web_host.py`` (needs the ``web`` extra), then e.g.
``curl -H 'Authorization: Bearer mia-token' localhost:8000/mentoring/api/tandems``.
Not for production: the tokens are in the source and the database in memory.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from starlette.requests import Request

from mentorcore import Actor, Engine, Person, Role
from mentorcore.web import Authenticate, create_app

#: The host's own sessions: token -> the host's user id (mentorcore person ids).
TOKENS = {"coco-token": "coco", "mia-token": "mia", "max-token": "max"}


def host_authentication(tokens: Mapping[str, str]) -> Authenticate:
    """The host's authentication as mentorcore wants it: a request -> an Actor or None."""

    def authenticate(request: Request) -> Actor | None:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip() or request.cookies.get("session", "")
        user = tokens.get(token)
        return Actor.person(user) if user else None

    return authenticate


def build_host(engine: Engine, tokens: Mapping[str, str] = TOKENS) -> FastAPI:
    """The host app: its own routes, and mentorcore's face under ``/mentoring``."""
    host = FastAPI(title="University portal")

    @host.get("/")
    def home() -> dict[str, str]:
        return {"portal": "University portal", "mentoring": "/mentoring/"}

    host.mount("/mentoring", create_app(engine, host_authentication(tokens), language="de"))
    return host


def demo_engine() -> Engine:
    """An in-memory engine with a coordinator, a mentee and a mentor of the generic programme."""
    engine = Engine(":memory:")
    system = Actor.system()
    for pid, name, role in (
        ("coco", "Coco Coordinator", Role.COORDINATOR),
        ("mia", "Mia Mentee", Role.MENTEE),
        ("max", "Max Mentor", Role.MENTOR),
    ):
        engine.register_person(Person(pid, name, email=f"{pid}@example.org"), actor=system)
        engine.enrol(pid, "default", role, {}, actor=system)
    return engine


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(build_host(demo_engine()), host="127.0.0.1", port=8000)
