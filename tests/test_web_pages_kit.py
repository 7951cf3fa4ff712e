"""Fixtures and helpers of the page tests (no tests of its own).

``site`` gives an engine with the generic programme and the Ostalb plugin
(OSTALB-CONF-1 keeps meeting content from its coordination), people in every
role, and ``client(person, language)``: a TestClient of the whole web face
whose host authentication says *person* is signed in. ``submit`` posts a
form the way a browser does: with the token of the page it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from mentorcore_ostalb import policy as ostalb
from test_web_api_kit import WHO, cast, header_auth

from mentorcore import Actor, AgreementTerms, Engine, FixedClock, Tandem, TandemStatus
from mentorcore.domain import TandemId
from mentorcore.testing import walk_to
from mentorcore.web import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    engine: Engine
    clock: FixedClock
    app: Any

    def client(self, who: str | None, language: str = "en") -> TestClient:
        """A browser-like client signed in as *who*, asking for *language*."""
        client = TestClient(self.app, raise_server_exceptions=True, follow_redirects=False)
        if who is not None:
            client.headers[WHO] = who
        client.headers["Accept-Language"] = language
        return client

    def tandem(self, status: TandemStatus, programme: str = "default") -> str:
        """A tandem walked to *status* (mia and max, or lena and haas on Ostalb)."""
        mentee, mentor = ("mia", "max") if programme == "default" else ("lena", "haas")
        today = self.clock.now().date()
        t = walk_to(
            self.engine,
            status,
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            terms=AgreementTerms(period_start=today, meetings_planned=6),
        )
        return str(t.id)

    def state(self, tandem_id: str) -> Tandem:
        """The tandem as the system sees it (to check what the forms did)."""
        return self.engine.reader(Actor.system()).tandem(TandemId(UUID(tandem_id)))


def token_of(html: str) -> str:
    """The form token a page gave."""
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def submit(
    client: TestClient, page: str, action: str, data: dict[str, Any] | None = None, **kw: Any
) -> Any:
    """GET *page*, then POST *data* to *action* with the page's token (as a browser would)."""
    shown = client.get(page)
    assert shown.status_code == 200, shown.text
    return client.post(action, data={"csrf_token": token_of(shown.text), **(data or {})}, **kw)


@pytest.fixture(name="site")
def site_fixture(make_engine: Callable[..., Engine], clock: FixedClock) -> Site:
    """Generic programme ``default`` (coordinator ``coco``, mentees ``mia``/``mo``,
    mentors ``max``/``mara``) and Ostalb (coordinator ``amt``, ``lena``, ``haas``)."""
    engine = make_engine(plugins=[ostalb])
    cast(engine)
    return Site(engine, clock, create_app(engine, header_auth))
