"""The try-it-out sign-in of ``mentorcore serve`` (web/signin.py): pick a person,
a signed cookie names them; clearly marked as not for production."""

from __future__ import annotations

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_pages_kit import Site, site_fixture, token_of  # noqa: F401

from mentorcore.cli import cli
from mentorcore.cli.serve import app_for
from mentorcore.web.signin import COOKIE, SignIn


def _served(site: Site) -> TestClient:
    client = TestClient(app_for(site.engine), follow_redirects=False)
    client.headers["Accept-Language"] = "en"
    return client


def test_the_sign_in_lists_everyone_and_says_it_is_not_for_production(site: Site) -> None:
    page = _served(site).get("/signin")
    assert page.status_code == 200
    assert "Never use it in production" in page.text
    for name in ("Coco", "Mia", "Landratsamt", "Dr. Jonas Haas"):
        assert name in page.text


def test_signing_in_and_out_as_a_person(site: Site) -> None:
    client = _served(site)
    assert client.get("/").status_code == 401
    shown = client.get("/signin")
    signed = client.post("/signin", data={"csrf_token": token_of(shown.text), "person": "mia"})
    assert signed.status_code == 303
    home = client.get("/")
    assert home.status_code == 200
    assert "Signed in as Mia" in home.text
    out = client.post("/signin/out", data={"csrf_token": token_of(home.text)})
    assert out.status_code == 303
    assert client.get("/").status_code == 401


def test_a_forged_or_edited_cookie_signs_nobody_in(site: Site) -> None:
    client = _served(site)
    client.cookies.set(COOKIE, "coco.0000")
    assert client.get("/").status_code == 401
    genuine = SignIn(site.engine).cookie_for("mia")
    client.cookies.set(COOKIE, genuine.replace("mia.", "coco.", 1))
    assert client.get("/").status_code == 401


def test_web_csrf_1_signing_in_needs_the_pages_token(site: Site) -> None:
    client = _served(site)
    client.get("/signin")
    refused = client.post("/signin", data={"person": "coco"})
    assert refused.status_code == 403
    assert "WEB-CSRF-1" in refused.text
    assert client.get("/").status_code == 401


def test_signing_in_as_nobody_known_is_refused(site: Site) -> None:
    client = _served(site)
    shown = client.get("/signin")
    answer = client.post("/signin", data={"csrf_token": token_of(shown.text), "person": "zz"})
    assert answer.status_code == 404
    assert COOKIE not in answer.cookies


def test_serve_has_its_command_and_warns_in_its_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"MENTORCORE_LANG": "en"})
    assert result.exit_code == 0
    assert "NOT FOR PRODUCTION" in result.output
    assert "127.0.0.1" in result.output
