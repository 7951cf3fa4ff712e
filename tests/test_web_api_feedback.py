"""Feedback and mail preferences through the web API (issue 14's reads and
commands): the recipient answers once (CORE-FEEDBACK-1), the other side never
reads it (CORE-FEEDBACK-3), the coordination's overview, optional reminders
turned off (CORE-MAIL-2)."""

from __future__ import annotations

from datetime import timedelta

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]

PLANTED = "PLANTED-went-well"


def _held_meeting(web, tid: str) -> None:
    mia, max_ = web.client("mia"), web.client("max")
    start = (web.engine.clock.now() + timedelta(hours=1)).isoformat()
    mid = post(mia, f"/api/tandems/{tid}/meetings", {"start": start}).json()["meetings"][-1]["id"]
    post(max_, f"/api/tandems/{tid}/meetings/{mid}/confirm-meeting")
    web.engine.clock.advance(timedelta(hours=3))
    for client in (mia, max_):
        post(client, f"/api/tandems/{tid}/meetings/{mid}/confirm-attendance")


def test_core_feedback_1_answered_once_through_the_api(web):
    tid = active_tandem(web)
    _held_meeting(web, tid)
    mia = web.client("mia")
    owed = mia.get("/api/feedback-requests").json()["items"]
    request = next(r for r in owed if r["kind"] == "feedback-request")
    answers = {"rating": 4, "went_well": PLANTED}
    given = post(mia, f"/api/tandems/{tid}/feedback",
                 {"request_key": request["key"], "answers": answers})  # fmt: skip
    assert given.status_code == 201, given.text
    again = post(mia, f"/api/tandems/{tid}/feedback",
                 {"request_key": request["key"], "answers": answers})  # fmt: skip
    assert again.status_code == 403
    assert again.json()["rules"][0]["rule_id"] == "CORE-FEEDBACK-1"
    bad = post(mia, f"/api/tandems/{tid}/feedback", {"request_key": "", "answers": {}})
    assert bad.status_code == 422
    assert PLANTED in mia.get(f"/api/tandems/{tid}/feedback").text
    # CORE-FEEDBACK-3: never the other side
    theirs = web.client("max").get(f"/api/tandems/{tid}/feedback")
    assert theirs.status_code == 200
    assert PLANTED not in theirs.text
    overview = web.client("coco").get("/api/programmes/default/feedback")
    assert overview.status_code == 200, overview.text
    assert web.client("mia").get("/api/programmes/default/feedback").status_code == 403


def test_core_mail_2_an_optional_reminder_turned_off(web):
    mia = web.client("mia")
    kind = web.client("mia").get("/api/programmes/default").json()["optional_reminders"][0]
    off = mia.put(f"/api/people/mia/mail-preferences/default/{kind}", json={"receive": False})
    assert off.status_code == 200, off.text
    assert off.json()["changed"] is True
    mandatory = mia.put("/api/people/mia/mail-preferences/default/no-such-kind",
                        json={"receive": False})  # fmt: skip
    assert mandatory.status_code in (403, 422), mandatory.text
    other = web.client("mo").put(f"/api/people/mia/mail-preferences/default/{kind}",
                                 json={"receive": False})  # fmt: skip
    assert other.status_code == 403
