"""The web face's JSON API (issue 17): a whole tandem through HTTP, as each person.

Refusals answer 403 with the rule IDs, conflicts 409, bad input 422, nobody
signed in 401, and a form-encoded write 415 (CSRF: JSON bodies only).
"""

from __future__ import annotations

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]


def test_nobody_signed_in_gets_401_and_the_actor_never_comes_from_the_request(web):
    anonymous = web.client(None)
    answer = anonymous.get("/api/tandems")
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthenticated"
    # a body or query naming someone does not sign anyone in
    answer = post(
        anonymous, "/api/tandems/requests?actor=mia", {"programme_key": "default", "mentor": "max"}
    )
    assert answer.status_code == 401


def test_a_whole_tandem_through_the_api(web):
    tid = active_tandem(web)
    mia, max_ = web.client("mia"), web.client("max")
    start = (web.engine.clock.now()).isoformat()
    proposed = post(mia, f"/api/tandems/{tid}/meetings", {"start": start, "agenda": "career"})
    assert proposed.status_code == 201, proposed.text
    meeting = proposed.json()["meetings"][-1]["id"]
    confirmed = post(max_, f"/api/tandems/{tid}/meetings/{meeting}/confirm-meeting")
    assert confirmed.status_code == 200, confirmed.text
    for client in (mia, max_):
        attended = post(client, f"/api/tandems/{tid}/meetings/{meeting}/confirm-attendance")
        assert attended.status_code == 200, attended.text
    goal = post(mia, f"/api/tandems/{tid}/set-goal", {"text": "Find a residency"})
    assert goal.status_code == 200
    goal_id = goal.json()["goals"][0]["id"]
    reviewed = post(
        max_, f"/api/tandems/{tid}/review-goal", {"goal_id": goal_id, "status": "on_track"}
    )
    assert reviewed.status_code == 200, reviewed.text
    assert mia.get(f"/api/tandems/{tid}/commands").status_code == 200
    assert mia.get(f"/api/tandems/{tid}/records").status_code == 200
    assert mia.get(f"/api/tandems/{tid}/cadence").status_code == 200
    cal = mia.get(f"/api/tandems/{tid}/calendar.ics")
    assert cal.status_code == 200
    assert cal.text.startswith("BEGIN:VCALENDAR")


def test_refused_by_a_rule_is_403_with_the_rule_ids(web):
    tid = active_tandem(web)
    # the mentor may not approve what is not waiting (CORE-4), and strangers take no part
    refused = post(web.client("max"), f"/api/tandems/{tid}/approve-agreement", {"version": 9})
    assert refused.status_code == 403, refused.text
    body = refused.json()
    assert body["error"] == "refused"
    assert any(r["rule_id"].startswith("CORE") and not r["allowed"] for r in body["rules"])
    stranger = web.client("mo").get(f"/api/tandems/{tid}")
    assert stranger.status_code == 403
    assert stranger.json()["rules"][0]["rule_id"] == "CORE-AUTH"


def test_bad_input_is_422_naming_the_field(web):
    tid = active_tandem(web)
    answer = post(web.client("mia"), f"/api/tandems/{tid}/meetings", {"start": "tomorrow"})
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"] == "start"
    naive = post(web.client("mia"), f"/api/tandems/{tid}/meetings", {"start": "2026-10-06T10:00"})
    assert naive.status_code == 422, naive.text
    unknown = post(
        web.client("mia"), f"/api/tandems/{tid}/set-goal", {"text": "x", "actor": "coco"}
    )
    assert unknown.status_code == 422  # no field names an actor


def test_a_stale_if_match_is_409(web):
    tid = active_tandem(web)
    mia = web.client("mia")
    etag = mia.get(f"/api/tandems/{tid}").headers["ETag"]
    first = post(mia, f"/api/tandems/{tid}/set-goal", {"text": "one"}, headers={"If-Match": etag})
    assert first.status_code == 200
    again = post(mia, f"/api/tandems/{tid}/set-goal", {"text": "two"}, headers={"If-Match": etag})
    assert again.status_code == 409
    assert again.json()["error"] == "conflict"


def test_a_form_encoded_write_is_refused_415(web):
    tid = active_tandem(web)
    form = web.client("mia").post(f"/api/tandems/{tid}/set-goal", data={"text": "csrf"})
    assert form.status_code == 415
    assert form.json()["error"] == "unsupported_media_type"
    bare = web.client("mia").post(f"/api/tandems/{tid}/opt-in")  # no body, no JSON type
    assert bare.status_code == 415


def test_errors_speak_the_viewers_language(web):
    tid = active_tandem(web)
    german = web.client("max", **{"Accept-Language": "fr;q=1, de-DE;q=0.8, en;q=0.5"})
    refused = post(german, f"/api/tandems/{tid}/approve-agreement", {"version": 9})
    assert "abgelehnt" in refused.json()["message"], refused.json()
    english = post(
        web.client("max"), f"/api/tandems/{tid}/approve-agreement?lang=en", {"version": 9}
    )
    assert "refused" in english.json()["message"]
