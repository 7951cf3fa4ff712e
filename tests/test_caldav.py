"""Meetings stored on a real CalDAV server (Radicale, started by the test on
127.0.0.1 with a temporary folder) with the caldav client, and read back unchanged."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from meeting_kit import ANA, BEN, active, meet, propose

from mentorcore import (
    CancelMeeting,
    ConfirmAttendance,
    MeetingFormat,
    MeetingKind,
    RescheduleMeeting,
)
from mentorcore.adapters.calendar import uid_for

caldav = pytest.importorskip("caldav")

START = datetime(2026, 10, 12, 16, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server on a free port of 127.0.0.1; its URL. Stopped afterwards."""
    folder: Path = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    log = (folder / "radicale.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(folder / "storage"),
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    saved = {k: os.environ.get(k) for k in ("NO_PROXY", "no_proxy")}
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"  # stay local
    try:
        deadline = time.monotonic() + 20
        while True:
            if server.poll() is not None:
                pytest.fail(f"radicale exited: {(folder / 'radicale.log').read_text()}")
            try:
                with urllib.request.urlopen(url + ".web/", timeout=1):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail("radicale did not answer within 20 s")
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def calendar(radicale: str, request: pytest.FixtureRequest):
    """A fresh calendar collection of user ana on the server."""
    with caldav.DAVClient(
        url=radicale, username="ana", password="x", enable_rfc6764=False
    ) as client:
        cal = client.get_principal().make_calendar(
            name="mentoring", cal_id=f"mc-{request.node.name[:40]}"
        )
        yield cal
        cal.delete()


def _store(cal, ics: bytes) -> None:
    # mentorcore owns SEQUENCE: the client must not raise it (library-notes §5)
    cal.add_event(ics.decode(), increase_seqno=False)


def _essentials(component) -> dict[str, object]:
    return {
        "UID": str(component["UID"]),
        "DTSTART": component.start,
        "DTEND": component.end,
        "SUMMARY": str(component["SUMMARY"]),
        "SEQUENCE": int(component["SEQUENCE"]),
        "STATUS": str(component["STATUS"]),
        "PARTSTAT": sorted((str(a), str(a.params["PARTSTAT"])) for a in component.attendees),
    }


def _exported(ics: bytes) -> dict[str, object]:
    cal = icalendar.Calendar.from_ical(ics)
    assert "METHOD" not in cal  # RFC 4791 §4.1: no METHOD in stored objects
    (event,) = cal.walk("VEVENT")
    return _essentials(event)


def test_a_tandems_meetings_are_stored_and_read_back_unchanged(make_engine, calendar):
    engine = make_engine()
    t = active(engine)
    held = meet(engine, t, START - timedelta(days=10), fmt=MeetingFormat.VIDEO)
    engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=held.id), actor=BEN)
    planned = meet(engine, t, START, held=False, kind=MeetingKind.FIRST_CONVERSATION)
    open_one = propose(engine, t, START + timedelta(days=14), place='Café "Moskau", Berlin')
    meetings = (held, planned, open_one)
    began = time.perf_counter()
    exported = {}
    for m in meetings:
        ics = engine.reader(ANA).meeting_calendar_object(t.id, m.id)
        exported[uid_for(m.id)] = _exported(ics)
        _store(calendar, ics)
    back = {
        uid: _essentials(calendar.get_event_by_uid(uid).icalendar_component) for uid in exported
    }
    elapsed = time.perf_counter() - began
    assert back == exported
    assert {v["STATUS"] for v in back.values()} == {"CONFIRMED", "TENTATIVE"}
    assert back[uid_for(open_one.id)]["PARTSTAT"] == [
        ("mailto:ana@example.org", "ACCEPTED"),
        ("mailto:ben@example.org", "NEEDS-ACTION"),
    ]
    assert len(calendar.get_events()) == 3
    print(f"CalDAV round trip of {len(meetings)} meetings: {elapsed * 1000:.0f} ms")


def test_a_rescheduled_meeting_replaces_the_stored_one(make_engine, calendar):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, START, held=False)
    uid = uid_for(m.id)
    _store(calendar, engine.reader(ANA).meeting_calendar_object(t.id, m.id))
    first = _essentials(calendar.get_event_by_uid(uid).icalendar_component)
    later = START + timedelta(days=1, hours=2)
    engine.execute(
        RescheduleMeeting(tandem_id=t.id, meeting_id=m.id, start=later, duration_minutes=90),
        actor=BEN,
    )
    ics = engine.reader(ANA).meeting_calendar_object(t.id, m.id)
    _store(calendar, ics)
    stored = calendar.get_events()
    assert len(stored) == 1  # replaced, not added
    second = _essentials(stored[0].icalendar_component)
    assert second == _exported(ics)
    assert second["UID"] == uid
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert (second["DTSTART"], second["DTEND"]) == (later, later + timedelta(minutes=90))
    assert second["STATUS"] == "TENTATIVE"  # the new time awaits the mentee's consent


def test_a_cancelled_meeting_reads_back_as_cancelled(make_engine, calendar):
    engine = make_engine()
    t = active(engine)
    m = meet(engine, t, START, held=False)
    _store(calendar, engine.reader(ANA).meeting_calendar_object(t.id, m.id))
    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=m.id, reason="ill"), actor=ANA)
    ics = engine.reader(ANA).meeting_calendar_object(t.id, m.id)
    _store(calendar, ics)
    (stored,) = calendar.get_events()
    back = _essentials(stored.icalendar_component)
    assert back == _exported(ics)
    assert back["STATUS"] == "CANCELLED"
    assert back["SEQUENCE"] == m.sequence + 1


def test_a_german_video_meeting_keeps_its_language_and_link_on_the_server(make_engine, calendar):
    engine = make_engine()
    t = active(engine)
    link = "https://meet.example.org/ana-ben"
    m = propose(engine, t, START, format=MeetingFormat.VIDEO, place=link)
    ics = engine.reader(ANA, language="de").meeting_calendar_object(t.id, m.id)
    _store(calendar, ics)
    back = calendar.get_event_by_uid(uid_for(m.id)).icalendar_component
    assert _essentials(back) == _exported(ics)
    assert str(back["SUMMARY"]) == "Mentoringtreffen: Ana Roth und Dr. Ben Weber"
    assert back["SUMMARY"].params["LANGUAGE"] == "de"
    assert "Format: Videotelefonat" in str(back["DESCRIPTION"]).splitlines()
    assert str(back["URL"]) == link
    assert [(str(c.uri), c.feature, c.label) for c in back.conferences] == [
        (link, ["AUDIO", "VIDEO"], "Videotelefonat")
    ]
    assert "LOCATION" not in back
