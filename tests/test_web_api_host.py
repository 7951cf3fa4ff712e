"""examples/web_host.py: a host FastAPI app with its own authentication mounts
the web face under /mentoring, and a tandem starts through it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).parent.parent / "examples" / "web_host.py"


@pytest.fixture
def host():
    spec = importlib.util.spec_from_file_location("web_host", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    engine = module.demo_engine()
    yield TestClient(module.build_host(engine))
    engine.close()


def test_the_host_mounts_the_face_under_its_prefix_with_its_own_sign_in(host):
    assert host.get("/").json()["mentoring"] == "/mentoring/"
    assert host.get("/mentoring/api/tandems").status_code == 401  # no token
    assert (
        host.get("/mentoring/api/tandems", headers={"Authorization": "Bearer wrong"}).status_code
        == 401
    )
    coco = {"Authorization": "Bearer coco-token"}
    made = host.post(
        "/mentoring/api/tandems/assignments",
        json={"programme_key": "default", "mentee": "mia", "mentor": "max"},
        headers=coco,
    )
    assert made.status_code == 201, made.text
    tid = made.json()["id"]
    host.cookies.set("session", "mia-token")
    opted = host.post(f"/mentoring/api/tandems/{tid}/opt-in", json={})
    assert opted.status_code == 200, opted.text
    assert opted.json()["opted_in"] == ["mentee"]
    assert host.get("/mentoring/api/me").json()["person_id"] == "mia"
    schema = host.get("/mentoring/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/tandems/{tandem_id}/opt-in" in schema.json()["paths"]


def test_the_hosts_language_is_the_default_and_a_request_may_ask_for_another(host):
    host.cookies.set("session", "mia-token")
    nowhere = "/mentoring/api/tandems/00000000-0000-4000-8000-000000000000/opt-in"
    german = host.post(nowhere, json={})
    assert german.status_code == 404
    assert german.json()["message"].startswith("kein Tandem")
    assert host.post(f"{nowhere}?lang=en", json={}).json()["message"].startswith("no tandem")
    english = host.post(nowhere, json={}, headers={"Accept-Language": "en-GB"})
    assert english.json()["message"].startswith("no tandem")


def test_a_host_includes_the_api_router_under_its_own_prefix():
    from fastapi import FastAPI

    from mentorcore.web import api_router

    spec = importlib.util.spec_from_file_location("web_host", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    engine = module.demo_engine()
    host = FastAPI()
    host.include_router(
        api_router(engine, module.host_authentication(module.TOKENS)), prefix="/portal/mentoring"
    )
    client = TestClient(host)
    assert client.get("/portal/mentoring/tandems").status_code == 401
    coco = {"Authorization": "Bearer coco-token"}
    pair = {"programme_key": "default", "mentee": "mia", "mentor": "mia"}
    refused = client.post("/portal/mentoring/tandems/assignments", headers=coco, json=pair)
    assert refused.status_code in (403, 422)
    # the face's errors, not the host's
    assert refused.json()["error"] in ("refused", "invalid_input")
    form = client.post("/portal/mentoring/people", headers=coco, data={"id": "x", "name": "X"})
    assert form.status_code == 415
    engine.close()
