"""Fixtures and helpers of the web API tests (no tests of its own).

``web`` gives an engine with the generic programme and the Ostalb plugin,
people in every role, and ``client(person)``: a TestClient of the web face
whose host authentication says *person* is signed in (``None``: nobody;
``"system"``: the system).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mentorcore_ostalb import policy as ostalb
from starlette.requests import Request

from mentorcore import Actor, Engine, Role
from mentorcore.testing import enrol, person
from mentorcore.web import create_app

SCHOLAR = {"scholarship": "general_practice", "stage": "studies", "semester": 4}
PHYSICIAN = {"physician_status": "in_specialist_training", "specialty": "general medicine"}
#: The header the tests' host reads to know who is signed in.
WHO = "X-Test-Person"


def header_auth(request: Request) -> Actor | None:
    """The tests' host authentication: a header names the person ("system": the system)."""
    who = request.headers.get(WHO)
    if not who:
        return None
    return Actor.system() if who == "system" else Actor.person(who)


@dataclass
class Web:
    engine: Engine
    app: Any

    def client(self, who: str | None, **headers: str) -> TestClient:
        """A client signed in as *who*, sending JSON by default."""
        client = TestClient(self.app, raise_server_exceptions=True)
        if who is not None:
            client.headers[WHO] = who
        client.headers.update(headers)
        return client


def cast(engine: Engine) -> None:
    """Enrol the web tests' people: ``coco``, ``mia``, ``mo``, ``max``, ``mara`` in
    ``default``; ``amt``, ``lena``, ``haas`` in Ostalb."""
    for pid, role in (
        ("coco", Role.COORDINATOR),
        ("mia", Role.MENTEE),
        ("mo", Role.MENTEE),
        ("max", Role.MENTOR),
        ("mara", Role.MENTOR),
    ):
        person(engine, pid, pid.title(), email=f"{pid}@example.org")
        enrol(engine, pid, "default", role)
    person(engine, "amt", "Landratsamt")
    enrol(engine, "amt", "ostalb", Role.COORDINATOR)
    person(engine, "lena", "Lena Maier", email="lena@example.org")
    enrol(engine, "lena", "ostalb", Role.MENTEE, SCHOLAR)
    person(engine, "haas", "Dr. Jonas Haas", email="haas@example.org")
    enrol(engine, "haas", "ostalb", Role.MENTOR, PHYSICIAN)


@pytest.fixture
def web(make_engine: Callable[..., Engine]) -> Iterator[Web]:
    """Generic programme ``default`` (coordinator ``coco``, mentees ``mia``/``mo``,
    mentors ``max``/``mara``) and Ostalb (coordinator ``amt``, ``lena``, ``haas``)."""
    engine = make_engine(plugins=[ostalb])
    cast(engine)
    return Web(engine, create_app(engine, header_auth))


def post(client: TestClient, path: str, body: dict[str, Any] | None = None, **kw: Any) -> Any:
    """POST *body* as JSON (an empty object by default)."""
    return client.post(path, json={} if body is None else body, **kw)


def active_tandem(
    web: Web, mentee: str = "mia", mentor: str = "max", programme: str = "default"
) -> str:
    """A tandem walked to active through the API; its id."""
    coordinator = "coco" if programme == "default" else "amt"
    made = post(
        web.client(coordinator),
        "/api/tandems/assignments",
        {"programme_key": programme, "mentee": mentee, "mentor": mentor},
    )
    assert made.status_code == 201, made.text
    tid = made.json()["id"]
    me, mo = web.client(mentee), web.client(mentor)
    for client in (me, mo):
        assert post(client, f"/api/tandems/{tid}/opt-in").status_code == 200
    today = web.engine.clock.now().date().isoformat()
    drafted = post(me, f"/api/tandems/{tid}/draft-agreement", {"terms": {"period_start": today}})
    assert drafted.status_code == 200, drafted.text
    assert post(me, f"/api/tandems/{tid}/submit-agreement").status_code == 200
    version = web.client(mentor).get(f"/api/tandems/{tid}").json()["proposal"]["version"]
    approved = post(mo, f"/api/tandems/{tid}/approve-agreement", {"version": version})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "active"
    return str(tid)
