"""Calendar subscription URLs: an unguessable token, shown once, stored only
as its digest; no sign-in to read it; revocable; dead once the person is erased."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_a_feed_shows_the_persons_calendar_without_sign_in(web):
    tid = active_tandem(web)
    soon = (web.engine.clock.now() + timedelta(days=1)).isoformat()
    post(web.client("mia"), f"/api/tandems/{tid}/meetings", {"start": soon, "agenda": "secret"})
    issued = post(web.client("mia"), "/api/me/calendar-feeds")
    assert issued.status_code == 201, issued.text
    feed = issued.json()
    assert len(feed["token"]) >= 43  # token_urlsafe(32): 256 bits
    assert feed["url"].endswith(f"/api/calendar/{feed['token']}.ics")
    calendar = web.client(None).get(_path(feed["url"]))
    assert calendar.status_code == 200, calendar.text
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text
    # what the person would read signed in
    signed_in = web.client("mia").get("/api/people/mia/calendar.ics").text
    assert _events(calendar.text) == _events(signed_in)


def _events(text: str) -> list[str]:
    keep = ("SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "LOCATION")
    return sorted(line for line in text.splitlines() if line.startswith(keep))


def test_only_the_digest_is_stored(web):
    feed = post(web.client("mia"), "/api/me/calendar-feeds").json()
    log = "".join(r.data for r in web.engine.store.read_all())
    assert feed["token"] not in log
    assert hashlib.sha256(feed["token"].encode()).hexdigest() in log


def test_unknown_and_revoked_tokens_are_404(web):
    anonymous = web.client(None)
    assert anonymous.get("/api/calendar/guessed-token.ics").status_code == 404
    feed = post(web.client("mia"), "/api/me/calendar-feeds").json()
    # someone else cannot revoke it, and it looks as if it did not exist
    assert web.client("max").delete(f"/api/me/calendar-feeds/{feed['feed_id']}").status_code == 404
    revoked = web.client("mia").delete(f"/api/me/calendar-feeds/{feed['feed_id']}")
    assert revoked.status_code == 204
    assert anonymous.get(_path(feed["url"])).status_code == 404
    again = web.client("mia").delete(f"/api/me/calendar-feeds/{feed['feed_id']}")
    assert again.status_code == 404


def test_core_feed_1_the_system_has_no_calendar_feed(web):
    refused = post(web.client("system"), "/api/me/calendar-feeds")
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"] == "CORE-FEED-1"
    nobody = post(web.client("ghost"), "/api/me/calendar-feeds")
    assert nobody.status_code == 403


def test_erasing_the_person_kills_their_feeds(web):
    feed = post(web.client("mo"), "/api/me/calendar-feeds").json()
    assert web.client(None).get(_path(feed["url"])).status_code == 200
    assert web.client("coco").delete("/api/people/mo").status_code == 200
    assert web.client(None).get(_path(feed["url"])).status_code == 404
    refused = post(web.client("mo"), "/api/me/calendar-feeds")
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"] == "CORE-ERASE-4"
