"""The web API's OpenAPI schema, fuzzed (issue 17 acceptance): schemathesis
generates requests for every operation from the schema, and no answer is a
server error (500), whatever the input.

The examples per operation are few (``MAX_EXAMPLES``): about 70 operations,
under a minute on the ``ci`` profile.
"""

from __future__ import annotations

import os
import zlib
from datetime import timedelta
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from mentorcore_ostalb import policy as ostalb
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from starlette.requests import Request

from mentorcore import Actor, Engine, Role
from mentorcore.clock import FixedClock
from mentorcore.commands.meeting import ProposeMeeting
from mentorcore.domain import TandemStatus
from mentorcore.testing import START, enrol, person, walk_to
from mentorcore.web import create_app

MAX_EXAMPLES = 12 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 6


def _world() -> tuple[Engine, dict[str, str]]:
    """An engine with an active tandem with a meeting; the ids fuzzed paths may name."""
    engine = Engine(":memory:", plugins=[ostalb], load_entrypoints=False, clock=FixedClock(START))
    for pid, role in (("coco", Role.COORDINATOR), ("mia", Role.MENTEE), ("max", Role.MENTOR)):
        person(engine, pid, pid.title(), email=f"{pid}@example.org")
        enrol(engine, pid, "default", role)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="mia", mentor="max")
    start = engine.clock.now() + timedelta(days=2)
    t = engine.execute(ProposeMeeting(tandem_id=t.id, start=start), actor=Actor.person("mia"))
    ids = {
        "tandem_id": str(t.id),
        "meeting_id": str(t.meetings[0].id),
        "person_id": "mia",
        "programme_key": "default",
    }
    return engine, ids


def _who(request: Request) -> Actor | None:
    # The coordinator by default: they reach furthest; the header lets a case act as others.
    who = request.headers.get("X-Test-Person", "coco")
    return Actor.system() if who == "system" else Actor.person(who) if who else None


ENGINE, IDS = _world()
APP = create_app(ENGINE, _who)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)
CLIENT = TestClient(APP, raise_server_exceptions=False)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_a_server_error(case):
    # Sent through the web face's own test client (httpx): schemathesis's own
    # transport (requests) breaks where urllib3-future stands in for urllib3.
    for name, value in (case.path_parameters or {}).items():
        # half the cases name what exists, so that bodies reach the rules
        if name in IDS and zlib.crc32(str(value).encode()) % 2 == 0:
            case.path_parameters[name] = IDS[name]
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    response = CLIENT.request(**_httpx_kwargs(kwargs))
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def _httpx_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """requests-style keyword arguments as httpx takes them."""
    out = {k: v for k, v in kwargs.items() if k in ("method", "url", "headers", "params")}
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    elif "data" in kwargs:
        data = kwargs["data"]
        out["content" if isinstance(data, bytes | str) else "data"] = data
    if "files" in kwargs:
        out["files"] = kwargs["files"]
    return out


def test_answers_fit_their_documented_schemas():
    """Every GET that answers JSON, for a real tandem, meeting, person and
    programme, as the mentee and as the coordinator: the answer fits the
    schema the OpenAPI document gives for its status."""
    fitted = 0
    for path, methods in APP.openapi()["paths"].items():
        if "get" not in methods or path.endswith(".ics") or path.endswith(".pdf"):
            continue
        params = {"role": "mentee", "purpose": "preparation", **IDS}
        for who in ("mia", "coco"):
            operation = schema[path]["GET"]
            case = operation.Case(
                path_parameters={k: v for k, v in params.items() if "{" + k + "}" in path},
                headers={"X-Test-Person": who},
            )
            kwargs = case.as_transport_kwargs(base_url="http://testserver")
            response = CLIENT.request(**_httpx_kwargs(kwargs))
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
            fitted += response.status_code == 200
    assert fitted >= 30
