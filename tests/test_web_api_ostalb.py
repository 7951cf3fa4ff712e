"""OSTALB-CONF-1 through the web API: an Ostalb coordinator's answers never
contain meeting content (agenda, preparation, notes, goals, agreement texts),
in JSON or calendars, while the tandem's own people read it."""

from __future__ import annotations

from datetime import timedelta

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]

SECRETS = ("SECRET-AGENDA", "SECRET-GOAL", "SECRET-NOTE", "SECRET-TERMS")


def _fill(form: dict, text: str) -> dict:
    values: dict = {}
    for field in form["fields"]:
        if field["kind"] == "text":
            values[field["name"]] = f"{text} {field['name']}"
        elif field["kind"] == "choice" and field["choices"]:
            values[field["name"]] = field["choices"][0]
        elif field["kind"] == "choices" and field["choices"]:
            values[field["name"]] = [field["choices"][0]]
        elif field["kind"] == "boolean":
            values[field["name"]] = True
        elif field["kind"] in ("integer", "number"):
            values[field["name"]] = int(field["minimum"] or 1)
    return values


def test_ostalb_conf_1_a_coordinators_api_answers_hold_no_meeting_content(web):
    tid = active_tandem(web, "lena", "haas", "ostalb")
    lena, haas, amt = web.client("lena"), web.client("haas"), web.client("amt")
    today = web.engine.clock.now().date().isoformat()
    terms = {"period_start": today, "goals": "SECRET-TERMS", "notes": "SECRET-TERMS"}
    amended = post(lena, f"/api/tandems/{tid}/propose-amendment", {"terms": terms})
    version = amended.json()["proposal"]["version"]
    post(haas, f"/api/tandems/{tid}/approve-amendment", {"version": version})
    post(lena, f"/api/tandems/{tid}/set-goal", {"text": "SECRET-GOAL"})
    start = (web.engine.clock.now() + timedelta(hours=1)).isoformat()
    made = post(lena, f"/api/tandems/{tid}/meetings", {"start": start, "agenda": "SECRET-AGENDA"})
    assert made.status_code == 201, made.text
    mid = made.json()["meetings"][-1]["id"]
    base = f"/api/tandems/{tid}/meetings/{mid}"
    assert post(haas, f"{base}/confirm-meeting").status_code == 200
    web.engine.clock.advance(timedelta(hours=2))
    for client in (lena, haas):
        assert post(client, f"{base}/confirm-attendance").status_code == 200
    form = amt.get("/api/programmes/ostalb/templates/meeting_notes").json()
    documented = post(lena, f"{base}/document-meeting", {"values": _fill(form, "SECRET-NOTE")})
    assert documented.status_code == 200, documented.text

    # the tandem's own people read what they wrote
    mine = lena.get(f"/api/tandems/{tid}").text + lena.get(f"/api/tandems/{tid}/records").text
    assert all(secret in mine for secret in SECRETS)

    answers = [
        amt.get(path)
        for path in (
            "/api/tandems?programme=ostalb",
            f"/api/tandems/{tid}",
            f"/api/tandems/{tid}/view",
            f"/api/tandems/{tid}/records",
            f"/api/tandems/{tid}/advisories",
            f"/api/tandems/{tid}/cadence",
            f"/api/tandems/{tid}/due-actions",
            f"/api/tandems/{tid}/agreement/copy",
            f"/api/tandems/{tid}/calendar.ics",
            f"{base}/records/meeting_notes",
            f"{base}/invitation.ics",
            "/api/programmes/ostalb/cadence",
            "/api/programmes/ostalb/calendar.ics",
            "/api/due-actions?programme=ostalb",
            "/api/people/lena/activity",
            "/api/people/lena/export",
            "/api/people/lena/calendar.ics",
        )
    ]
    # a command's answer is the tandem as the coordinator may see it, too
    answers.append(post(amt, f"/api/tandems/{tid}/start-closing", {"note": "year over"}))
    assert all(a.status_code < 500 for a in answers)
    assert any(a.status_code == 200 for a in answers)
    for answer in answers:
        for secret in SECRETS:
            assert secret not in answer.text, (answer.request.url, secret)
    withheld = amt.get(f"{base}/records/meeting_notes")
    assert withheld.status_code == 403
    assert withheld.json()["rules"][0]["rule_id"] == "OSTALB-CONF-1"
