"""The web API's tandem endpoints: every read, and the commands the main
flow (tests/test_web_api.py) does not take: requests, amendments, returns,
topics, meetings declined, moved, cancelled, missed, prepared, documented,
closing, completing and the certificate."""

from __future__ import annotations

from datetime import timedelta

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]


def test_programmes_and_their_forms(web):
    coco = web.client("coco")
    keys = {p["key"] for p in coco.get("/api/programmes").json()}
    assert {"default", "ostalb"} <= keys
    assert coco.get("/api/programmes/ostalb").json()["key"] == "ostalb"
    assert coco.get("/api/programmes/nope").status_code == 404
    form = coco.get("/api/programmes/default/templates/meeting_notes")
    assert form.status_code == 200, form.text
    assert form.json()["fields"]


def test_a_request_accepted_and_one_declined(web):
    asked = post(web.client("mia"), "/api/tandems/requests",
                 {"programme_key": "default", "mentor": "max", "message": "Hello"})  # fmt: skip
    assert asked.status_code == 201, asked.text
    tid = asked.json()["id"]
    assert post(web.client("max"), f"/api/tandems/{tid}/accept").status_code == 200
    other = post(web.client("mo"), "/api/tandems/requests",
                 {"programme_key": "default", "mentor": "mara"})  # fmt: skip
    declined = post(web.client("mara"), f"/api/tandems/{other.json()['id']}/decline",
                    {"reason": "no time"})  # fmt: skip
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    # the mentee cannot accept her own request (the lifecycle or CORE-AUTH refuses)
    again = post(web.client("mo"), "/api/tandems/requests",
                 {"programme_key": "default", "mentor": "mara"})  # fmt: skip
    refused = post(web.client("mo"), f"/api/tandems/{again.json()['id']}/accept")
    assert refused.status_code == 403
    assert refused.json()["rules"]


def test_every_read_of_a_tandem(web):
    tid = active_tandem(web)
    mia, coco, system = web.client("mia"), web.client("coco"), web.client("system")
    listed = coco.get("/api/tandems", params={"programme": "default", "status": "active"})
    assert [t["id"] for t in listed.json()] == [tid]
    assert mia.get(f"/api/tandems/{tid}").headers["ETag"]
    assert mia.get(f"/api/tandems/{tid}/view").json()["viewer_role"] == "mentee"
    assert "propose_meeting" in mia.get(f"/api/tandems/{tid}/commands").json()
    assert mia.get(f"/api/tandems/{tid}/advisories").status_code == 200
    assert mia.get(f"/api/tandems/{tid}/agreement/template").json()["period_start"]
    copy = mia.get(f"/api/tandems/{tid}/agreement/copy")
    assert copy.status_code == 200, copy.text
    markdown = mia.get(f"/api/tandems/{tid}/agreement/copy", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert mia.get(f"/api/tandems/{tid}/cadence").status_code == 200
    assert mia.get(f"/api/tandems/{tid}/due-actions").status_code == 200
    assert mia.get(f"/api/tandems/{tid}/records").status_code == 200
    assert system.get(f"/api/tandems/{tid}/history").json()[0]["event"] == "TandemAssigned"
    refused = mia.get(f"/api/tandems/{tid}/history")
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"] == "CORE-PRIVACY"
    assert coco.get("/api/programmes/default/cadence").json()["skipped"] == []
    assert coco.get("/api/programmes/default/calendar.ics").status_code == 200
    assert mia.get("/api/people/mia/calendar.ics").text.startswith("BEGIN:VCALENDAR")
    assert mia.get("/api/tandems/00000000-0000-4000-8000-000000000000").status_code == 404
    assert mia.get("/api/tandems/not-a-uuid").status_code == 422


def test_agreement_amended_returned_withdrawn_and_topics(web):
    tid = active_tandem(web)
    mia, max_ = web.client("mia"), web.client("max")
    today = web.engine.clock.now().date().isoformat()
    terms = {"period_start": today, "topics": ["career", "research"]}
    proposed = post(mia, f"/api/tandems/{tid}/propose-amendment", {"terms": terms})
    assert proposed.status_code == 200, proposed.text
    version = proposed.json()["proposal"]["version"]
    own = post(mia, f"/api/tandems/{tid}/approve-amendment", {"version": version})
    assert own.status_code == 403
    assert own.json()["rules"][0]["rule_id"] == "CORE-5"
    rejected = post(max_, f"/api/tandems/{tid}/reject-amendment", {"version": version})
    assert rejected.status_code == 200, rejected.text
    again = post(mia, f"/api/tandems/{tid}/propose-amendment", {"terms": terms})
    version = again.json()["proposal"]["version"]
    approved = post(max_, f"/api/tandems/{tid}/approve-amendment", {"version": version})
    assert approved.status_code == 200, approved.text
    settled = post(max_, f"/api/tandems/{tid}/settle-topic", {"topic": "career"})
    assert settled.status_code == 200, settled.text
    twice = post(max_, f"/api/tandems/{tid}/settle-topic", {"topic": "career"})
    assert twice.status_code == 403
    assert twice.json()["rules"][0]["rule_id"] == "CORE-TOPICS"


def test_a_draft_returned_and_a_submission_withdrawn(web):
    made = post(web.client("coco"), "/api/tandems/assignments",
                {"programme_key": "default", "mentee": "mo", "mentor": "mara"})  # fmt: skip
    tid = made.json()["id"]
    mo, mara = web.client("mo"), web.client("mara")
    for client in (mo, mara):
        post(client, f"/api/tandems/{tid}/opt-in")
    today = web.engine.clock.now().date().isoformat()
    post(mo, f"/api/tandems/{tid}/draft-agreement", {"terms": {"period_start": today}})
    post(mo, f"/api/tandems/{tid}/submit-agreement")
    withdrawn = post(mo, f"/api/tandems/{tid}/withdraw-submission")
    assert withdrawn.status_code == 200, withdrawn.text
    post(mo, f"/api/tandems/{tid}/submit-agreement")
    returned = post(mara, f"/api/tandems/{tid}/return-agreement",
                    {"version": 1, "comments": "more goals, please"})  # fmt: skip
    assert returned.status_code == 200, returned.text
    bad = post(mo, f"/api/tandems/{tid}/draft-agreement", {"terms": {"period_start": "1800-01-01"}})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["field"] == "terms.period_start"
    out = post(mara, f"/api/tandems/{tid}/request-rematch")
    assert out.status_code == 403  # only the mentee asks for another mentor


def test_meetings_declined_moved_cancelled_missed_prepared_and_documented(web):
    tid = active_tandem(web)
    mia, max_ = web.client("mia"), web.client("max")
    clock = web.engine.clock
    soon = (clock.now() + timedelta(days=1)).isoformat()
    base = f"/api/tandems/{tid}/meetings"
    first = post(mia, base, {"start": soon}).json()["meetings"][-1]["id"]
    declined = post(max_, f"{base}/{first}/decline-meeting", {"reason": "busy"})
    assert declined.status_code == 200, declined.text
    second = post(mia, base, {"start": soon, "place": "Room 1"}).json()["meetings"][-1]["id"]
    later = (clock.now() + timedelta(days=2)).isoformat()
    moved = post(mia, f"{base}/{second}/reschedule-meeting", {"start": later})
    assert moved.status_code == 200, moved.text
    same = post(mia, f"{base}/{second}/reschedule-meeting", {})
    assert same.status_code == 403
    assert same.json()["rules"][0]["rule_id"] == "CORE-MEETING"
    cancelled = post(mia, f"{base}/{second}/cancel-meeting", {"reason": "ill"})
    assert cancelled.status_code == 200, cancelled.text
    third = post(mia, base, {"start": soon}).json()["meetings"][-1]["id"]
    post(max_, f"{base}/{third}/confirm-meeting")
    early = post(mia, f"{base}/{third}/confirm-attendance")
    assert early.status_code == 403
    assert early.json()["rules"][0]["rule_id"] == "CORE-7"
    prepared = post(mia, f"{base}/{third}/prepare-meeting", {"values": {}})
    assert prepared.status_code in (200, 422), prepared.text
    clock.advance(timedelta(days=2))
    missed = post(max_, f"{base}/{third}/mark-meeting-missed", {"reason": "no show"})
    assert missed.status_code == 200, missed.text
    fourth = post(mia, f"/api/tandems/{tid}/meetings",
                  {"start": (clock.now() + timedelta(hours=1)).isoformat()})  # fmt: skip
    held = fourth.json()["meetings"][-1]["id"]
    post(max_, f"{base}/{held}/confirm-meeting")
    clock.advance(timedelta(hours=2))
    post(mia, f"{base}/{held}/confirm-attendance")
    form = web.client("mia").get("/api/programmes/default/templates/meeting_notes").json()
    values = {f["name"]: "fine" for f in form["fields"] if f["kind"] == "text"}
    documented = post(mia, f"{base}/{held}/document-meeting", {"values": values})
    assert documented.status_code == 200, documented.text
    record = mia.get(f"{base}/{held}/records/meeting_notes")
    assert record.status_code == 200, record.text
    assert mia.get(f"{base}/{held}/invitation.ics").text.startswith("BEGIN:VCALENDAR")
    assert mia.get(f"{base}/{second}/cancellation.ics").status_code == 200


def test_closing_completing_and_the_certificate(web):
    tid = active_tandem(web)
    mia, max_ = web.client("mia"), web.client("max")
    early = mia.get(f"/api/tandems/{tid}/certificate")
    assert early.status_code == 403
    assert early.json()["rules"][0]["rule_id"] == "CORE-12"
    assert post(mia, f"/api/tandems/{tid}/start-closing", {"note": "done"}).status_code == 200
    done = post(max_, f"/api/tandems/{tid}/complete", {})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert mia.get(f"/api/tandems/{tid}/certificate").status_code == 200
    pdf = mia.get(f"/api/tandems/{tid}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    ended = post(mia, f"/api/tandems/{tid}/set-goal", {"text": "late"})
    assert ended.status_code == 403
    assert ended.json()["rules"][0]["rule_id"] == "CORE-LIFECYCLE"


def test_due_actions_acknowledged_by_the_coordination(web):
    active_tandem(web)
    web.engine.clock.advance(timedelta(days=200))
    coco = web.client("coco")
    due = coco.get("/api/due-actions", params={"programme": "default"}).json()
    assert due["items"], due
    key = due["items"][0]["key"]
    refused = post(web.client("mia"), "/api/due-actions/acknowledgements", {"key": key})
    assert refused.status_code in (403, 404)
    done = post(coco, "/api/due-actions/acknowledgements", {"key": key})
    assert done.status_code == 200, done.text
    assert done.json()["first_time"] is True
    again = post(coco, "/api/due-actions/acknowledgements", {"key": key})
    assert again.json()["first_time"] is False
    unknown = post(coco, "/api/due-actions/acknowledgements", {"key": "no/such/key"})
    assert unknown.status_code == 404
    assert web.client("system").get("/api/notifications").status_code == 200
    assert coco.get("/api/programmes/default/retention").status_code == 200
    assert web.client("mia").get("/api/programmes/default/retention").status_code == 403
