"""Mail that goes out (issue 14): the outbox delivered to a real SMTP server.

aiosmtpd runs on 127.0.0.1 (tests/smtp_server.py). The demo years of MEDiC and
Ostalb are played with a delivery after every step, run twice each time; the
server must have every message exactly once. Meetings bring invitations and
cancellations whose .ics icalendar reads back; with the server down the
commands still succeed and the next run delivers.
"""

from __future__ import annotations

import importlib
import logging
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ANA, BEN, cast
from icalendar import Calendar
from smtp_server import SMTPServer

from mentorcore import (
    CancelMeeting,
    ConfirmMeeting,
    Engine,
    ProposeMeeting,
    Role,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.adapters.mail import SMTPMailer
from mentorcore.cli import cli
from mentorcore.cli.demo_mail import DemoPost
from mentorcore.clock import FixedClock
from mentorcore.testing import START, SYSTEM, person, walk_to

SENDER = "Mentoring <mentoring@example.org>"


def _kinds(server: SMTPServer) -> Counter[str]:
    return Counter(r.message["X-Mentorcore-Kind"] for r in server.received)


def _ids(server: SMTPServer) -> list[str]:
    return [r.message["Message-ID"] for r in server.received]


def _play_demo(programme: str, server: SMTPServer, out: Path, monkeypatch) -> Engine:
    """The demo year of *programme*, delivering to *server* twice after every step."""
    engines: list[Engine] = []

    class SMTPPost(DemoPost):
        def deliver(self) -> int:
            engines.append(self.engine)
            mailer = SMTPMailer(server.host, server.port)
            first = self.delivery.run(mailer)
            again = self.delivery.run(mailer)
            assert again.attempts == (), "a second run sent something again"
            return len(first.acknowledged)

    monkeypatch.setattr(importlib.import_module("mentorcore.cli.demo"), "DemoPost", SMTPPost)
    result = CliRunner().invoke(cli, ["demo", programme, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return engines[0]


def _sent_records(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM messages WHERE status = 'sent'").fetchone()[0]


@pytest.mark.slow
def test_core_mail_1_medic_year_reaches_the_server_exactly_once(
    smtp_server: SMTPServer, tmp_path, monkeypatch
):
    _play_demo("medic", smtp_server, tmp_path, monkeypatch)
    ids = _ids(smtp_server)
    assert len(ids) == len(set(ids)), "a Message-ID arrived twice"
    assert len(ids) == _sent_records(tmp_path / "medic.db")
    kinds = _kinds(smtp_server)
    for kind in ("feedback-request", "inactivity-reminder", "evaluation", "feedback-reminder"):
        assert kinds[kind] > 0, kinds
    evaluation = next(
        r for r in smtp_server.received if r.message["X-Mentorcore-Kind"] == "evaluation"
    )
    assert evaluation.mail_from == "mentoring@example.org"
    assert evaluation.rcpt_tos[0] in evaluation.message["To"]
    assert evaluation.message["Subject"].startswith("MEDiC")
    body = evaluation.message.get_body(("plain",)).get_content()
    assert "Evaluation" in body
    assert "verpflichtend" in body


@pytest.mark.slow
def test_ostalb_notify_1_pairing_notice_carries_the_mentors_contact(
    smtp_server: SMTPServer, tmp_path, monkeypatch
):
    _play_demo("ostalb", smtp_server, tmp_path, monkeypatch)
    ids = _ids(smtp_server)
    assert len(ids) == len(set(ids))
    notices = [
        r for r in smtp_server.received if r.message["X-Mentorcore-Kind"] == "pairing-notice"
    ]
    assert notices
    with Engine(tmp_path / "ostalb.db", clock=FixedClock(START)) as engine:
        reader = engine.reader(SYSTEM)
        for notice in notices:
            [mentee] = notice.rcpt_tos
            [tandem] = [t for t in reader.tandems() if reader.person(t.mentee).email == mentee][:1]
            mentor = reader.person(tandem.mentor)
            body = notice.message.get_body(("plain",)).get_content()
            assert mentor.email in body
            assert mentor.name in body
            assert "Mentor" in notice.message["Subject"]
        # OSTALB-CONF-1: what was said and written stays in the tandem, also in mail
        secrets = {
            str(value)
            for summary in reader.tandems()
            for m in reader.tandem(summary.id).meetings
            for value in (
                m.agenda,
                *(dict(m.notes.values.items).values() if m.notes else ()),
                *(dict(m.preparation.values.items).values() if m.preparation else ()),
            )
            if isinstance(value, str) and len(value) > 12
        }
        coordination = {
            e.person_id for e in engine.state.index.enrolled("ostalb", Role.COORDINATOR)
        }
        emails = {reader.person(p).email for p in coordination}
    assert secrets, "the year wrote no meeting content to look for"
    to_coordination = [r for r in smtp_server.received if r.rcpt_tos[0] in emails]
    assert to_coordination, "the coordination got no mail"
    for received in to_coordination:
        body = received.message.get_body(("plain",)).get_content()
        leaked = [s for s in secrets if s in body]
        assert not leaked, (received.message["Subject"], leaked)


def _engine(make_engine) -> Engine:
    engine = make_engine()
    for pid, name in (("ana", "Ana Roth"), ("ben", "Ben Weber"), ("carla", "Carla Neu")):
        person(engine, pid, name, email=f"{pid}@example.org")
    cast(engine)
    return engine


def _calendar(received) -> Calendar:
    parts = [p for p in received.message.walk() if p.get_content_type() == "text/calendar"]
    assert parts, "no text/calendar part"
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def test_core_mail_3_invitations_and_cancellations_update_calendars(
    make_engine, clock, smtp_server: SMTPServer
):
    engine = _engine(make_engine)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    delivery = engine.delivery(SENDER)
    mailer = SMTPMailer(smtp_server.host, smtp_server.port)
    start = clock.now() + timedelta(days=7)
    t = engine.execute(ProposeMeeting(tandem_id=t.id, start=start), actor=ANA)
    meeting = t.meetings[-1]
    delivery.run(mailer)
    delivery.run(mailer)
    invitations = [
        r for r in smtp_server.received if r.message["X-Mentorcore-Kind"] == "meeting-invitation"
    ]
    assert sorted(r.rcpt_tos[0] for r in invitations) == ["ana@example.org", "ben@example.org"]
    cal = _calendar(invitations[0])
    assert cal["METHOD"] == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert event["DTSTART"].dt == start
    assert int(event["SEQUENCE"]) == meeting.sequence

    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=meeting.id), actor=BEN)
    delivery.run(mailer)
    updated = [
        r for r in smtp_server.received if r.message["X-Mentorcore-Kind"] == "meeting-invitation"
    ]
    assert len(updated) == 4
    assert int(_calendar(updated[-1]).walk("VEVENT")[0]["SEQUENCE"]) > meeting.sequence

    engine.execute(CancelMeeting(tandem_id=t.id, meeting_id=meeting.id, reason="ill"), actor=BEN)
    delivery.run(mailer)
    delivery.run(mailer)
    cancels = [
        r for r in smtp_server.received if r.message["X-Mentorcore-Kind"] == "meeting-cancellation"
    ]
    assert len(cancels) == 2
    assert _calendar(cancels[0])["METHOD"] == "CANCEL"
    assert len(_ids(smtp_server)) == len(set(_ids(smtp_server))) == 6


def test_core_mail_1_server_down_commands_succeed_next_run_delivers(
    make_engine, clock, smtp_server: SMTPServer
):
    engine = _engine(make_engine)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    delivery = engine.delivery(SENDER)
    smtp_server.stop()
    t = engine.execute(
        ProposeMeeting(tandem_id=t.id, start=clock.now() + timedelta(days=3)), actor=ANA
    )
    report = delivery.run(SMTPMailer(smtp_server.host, smtp_server.port, timeout=2))
    assert report.stopped
    assert len(report.attempts) == 1
    assert report.attempts[0].outcome == "retry"
    assert not report.ok
    smtp_server.start()
    clock.advance(timedelta(minutes=4))
    # the message never tried goes now; the one that failed waits for its back-off
    early = delivery.run(SMTPMailer(smtp_server.host, smtp_server.port))
    assert [(a.outcome, a.attempt) for a in early.attempts] == [("sent", 1)]
    assert [h.why for h in early.held] == ["waiting"]
    clock.advance(timedelta(minutes=2))
    report = delivery.run(SMTPMailer(smtp_server.host, smtp_server.port))
    assert [(a.outcome, a.attempt) for a in report.attempts] == [("sent", 2)]
    assert report.ok
    assert len(smtp_server.received) == 2


def test_core_mail_1_temporary_is_retried_permanent_is_reported(
    make_engine, clock, smtp_server: SMTPServer
):
    engine = _engine(make_engine)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    engine.execute(ProposeMeeting(tandem_id=t.id, start=clock.now() + timedelta(days=3)), actor=ANA)
    smtp_server.refuse_next(1, code=451)
    smtp_server.refuse_next(1, code=550, at="rcpt")
    delivery = engine.delivery(SENDER)
    report = delivery.run(SMTPMailer(smtp_server.host, smtp_server.port))
    assert sorted(a.outcome for a in report.attempts) == ["failed", "retry"]
    retry = next(a for a in report.attempts if a.outcome == "retry")
    assert retry.code == 451
    assert retry.retry_at == clock.now() + timedelta(minutes=5)
    clock.advance(timedelta(minutes=5))
    again = delivery.run(SMTPMailer(smtp_server.host, smtp_server.port))
    assert [(a.outcome, a.attempt) for a in again.attempts] == [("sent", 2)]
    assert delivery.run(SMTPMailer(smtp_server.host, smtp_server.port)).attempts == ()


def test_core_mail_2_optional_reminders_can_be_turned_off_mandatory_not(make_engine, clock):
    from mentorcore.adapters.mail import MemoryMailer

    engine = _engine(make_engine)
    walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    assert engine.set_mail_preference("ana", "default", "inactivity-reminder", False, actor=ANA)
    assert not engine.set_mail_preference("ana", "default", "inactivity-reminder", False, actor=ANA)
    with pytest.raises(TransitionDenied) as refused:
        engine.set_mail_preference("ana", "default", "closing-due", False, actor=ANA)
    assert refused.value.rule_ids == {"CORE-MAIL-2"}
    with pytest.raises(TransitionDenied) as other:
        engine.set_mail_preference("ana", "default", "inactivity-reminder", True, actor=BEN)
    assert other.value.rule_ids == {"CORE-AUTH"}
    clock.advance(timedelta(days=60))
    mailer = MemoryMailer()
    engine.delivery(SENDER).run(mailer)
    reminders = [
        m.to.address
        for m in mailer.sent
        if dict(m.headers)["X-Mentorcore-Kind"] == "inactivity-reminder"
    ]
    assert reminders == ["ben@example.org"]
    # turned off counts as delivered: nothing is left due for her
    left = engine.reader(SYSTEM).due_actions()
    assert not [a for a in left if a.kind == "inactivity-reminder"]


def test_a_failing_event_handler_does_not_fail_the_command(make_engine, caplog):
    class Broken:
        @hookimpl
        def mentorcore_handle_event(self, event):
            raise ConnectionRefusedError("smtp down")

    engine = make_engine(plugins=[Broken()])
    cast(engine)
    with caplog.at_level(logging.ERROR, logger="mentorcore.plugins"):
        t = walk_to(
            engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
        )
    assert engine.reader(SYSTEM).tandem(t.id).status is TandemStatus.GETTING_TO_KNOW
    assert "smtp down" in caplog.text


def test_core_mail_1_an_erased_person_is_written_to_no_more(make_engine, clock):
    from mentorcore import Dissolve
    from mentorcore.adapters.mail import MemoryMailer

    engine = _engine(make_engine)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    t = engine.execute(
        ProposeMeeting(tandem_id=t.id, start=clock.now() + timedelta(days=2)), actor=ANA
    )
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=t.meetings[-1].id), actor=BEN)
    clock.advance(timedelta(days=3))  # the meeting is over: a feedback request to both
    engine.execute(Dissolve(tandem_id=t.id, reason="moved away"), actor=BEN)
    delivery = engine.delivery(SENDER)
    assert "ana@example.org" in {d.recipient.email for d in delivery.plan().drafts}
    engine.erase_person("ana", actor=SYSTEM)
    plan = delivery.plan()
    assert all(d.recipient.id != "ana" for d in plan.drafts)
    assert all(h.recipient.id != "ana" for h in plan.held)
    mailer = MemoryMailer()
    delivery.run(mailer)
    assert "ana@example.org" not in {m.to.address for m in mailer.sent}


def test_core_mail_1_a_host_mailer_that_breaks_loses_nothing(make_engine, clock, caplog):
    from mentorcore.adapters.mail import BaseMailer, MemoryMailer

    class Broken(BaseMailer):
        def send(self, message):
            raise RuntimeError("bug in the host's mailer")

    engine = _engine(make_engine)
    t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    engine.execute(ProposeMeeting(tandem_id=t.id, start=clock.now() + timedelta(days=3)), actor=ANA)
    delivery = engine.delivery(SENDER)
    with caplog.at_level(logging.ERROR, logger="mentorcore.delivery"):
        report = delivery.run(Broken())
    assert [a.outcome for a in report.attempts] == ["retry", "retry"]
    assert "bug in the host's mailer" in caplog.text
    clock.advance(timedelta(minutes=5))
    mailer = MemoryMailer()
    assert delivery.run(mailer).count("sent") == 2
    assert sorted(m.to.address for m in mailer.sent) == ["ana@example.org", "ben@example.org"]
