"""The mail adapters (issue 14) against a real SMTP server (tests/smtp_server.py),
a folder, and memory: what arrives, and how failures are told apart."""

from __future__ import annotations

import email
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from smtp_server import SMTPServer, tls_contexts

from mentorcore.adapters.mail import (
    Address,
    Attachment,
    DeliveryError,
    FileMailer,
    Mailer,
    MemoryMailer,
    OutgoingMessage,
    PermanentFailure,
    ServerUnavailable,
    SMTPMailer,
    SMTPSettings,
    TemporaryFailure,
    to_email,
)
from mentorcore.errors import InvalidInput, MentorcoreError, StoreError

SENDER = Address("Mentoring Düsseldorf – Ärztinnen", "mentoring@example.org")
MENTEE = Address("Jürgen Öztürk", "juergen@example.org")
SUBJECT = "Rückmeldung zu Ihrem Treffen am 3. März – „bitte“"
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def _ics(method: str, summary: str = "Treffen mit Frau Müller") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//mentorcore tests//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", "meeting-1@mentorcore")
    event.add("summary", summary)
    event.add("dtstart", datetime(2026, 12, 3, 14, 0, tzinfo=UTC))
    event.add("dtend", datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
    event.add("dtstamp", WHEN)
    event.add("sequence", 1)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _message(number: int = 1, **changes: Any) -> OutgoingMessage:
    message = OutgoingMessage(
        message_id=f"<feedback-{number}.a1b2c3@mentorcore.example.org>",
        sender=SENDER,
        to=MENTEE,
        subject=SUBJECT,
        text="Guten Tag Herr Öztürk,\n\nwie war Ihr Treffen? Grüße\n",
        date=WHEN,
        headers={"Auto-Submitted": "auto-generated"},
        language="de",
    )
    return attrs.evolve(message, **changes)


def _mailer(server: SMTPServer, **options: Any) -> SMTPMailer:
    return SMTPMailer(server.host, server.port, timeout=5, **options)


def _calendar_parts(message: EmailMessage) -> list[EmailMessage]:
    return [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def test_a_message_arrives_with_the_sender_in_the_envelope_and_names_in_the_headers(
    smtp_server: SMTPServer,
) -> None:
    _mailer(smtp_server).send(_message())

    [got] = smtp_server.received
    assert got.mail_from == "mentoring@example.org"
    assert got.rcpt_tos == ["juergen@example.org"]
    sent = got.message
    assert sent["From"].addresses[0].display_name == "Mentoring Düsseldorf – Ärztinnen"
    assert sent["From"].addresses[0].addr_spec == "mentoring@example.org"
    assert sent["To"].addresses[0].display_name == "Jürgen Öztürk"
    assert sent["Subject"] == SUBJECT
    assert sent["Message-ID"] == "<feedback-1.a1b2c3@mentorcore.example.org>"
    assert sent["Date"].datetime == WHEN
    assert sent["Content-Language"] == "de"
    assert sent["Auto-Submitted"] == "auto-generated"
    body = sent.get_body(("plain",))
    assert body is not None
    # the wire's CRLF line ends stay in a part parsed from the bytes received
    assert (
        body.get_content().replace("\r\n", "\n")
        == "Guten Tag Herr Öztürk,\n\nwie war Ihr Treffen? Grüße\n"
    )
    assert got.data.isascii(), "no 8BITMIME needed: headers encoded, bodies quoted-printable"


def test_an_invitation_is_a_calendar_part_and_an_attachment_icalendar_reads(
    smtp_server: SMTPServer,
) -> None:
    invite = Attachment("einladung.ics", "text/calendar", _ics("REQUEST"), method="REQUEST")
    cancel = Attachment("absage.ics", "text/calendar", _ics("CANCEL"), method="CANCEL")
    with _mailer(smtp_server) as mailer:
        mailer.send(_message(1, html="<p>Guten Tag</p>", attachments=(invite,)))
        mailer.send(_message(2, attachments=(cancel,)))

    first, second = (r.message for r in smtp_server.received)
    for sent, method in ((first, "REQUEST"), (second, "CANCEL")):
        [part] = _calendar_parts(sent)
        assert part.get_param("method") == method
        assert part.get_content_charset() == "utf-8"
        assert part.get_content_disposition() is None, "inline, so calendars act on it"
        parsed = icalendar.Calendar.from_ical(part.get_content())
        assert parsed["METHOD"] == method
        [event] = parsed.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Treffen mit Frau Müller"
        [attached] = list(sent.iter_attachments())
        assert attached.get_content_type() == "application/ics"
        assert icalendar.Calendar.from_ical(attached.get_content())["METHOD"] == method
    assert [p.get_filename() for p in first.iter_attachments()] == ["einladung.ics"]
    html = first.get_body(("html",))
    assert html is not None
    assert html.get_content().strip() == "<p>Guten Tag</p>"


def test_one_run_uses_one_connection(smtp_server: SMTPServer) -> None:
    with _mailer(smtp_server) as mailer:
        for number in range(3):
            mailer.send(_message(number))

    assert len({r.peer for r in smtp_server.received}) == 1
    assert len(smtp_server.received) == 3


def test_outside_a_run_each_send_connects_and_quits(smtp_server: SMTPServer) -> None:
    mailer = _mailer(smtp_server)
    mailer.send(_message(1))
    mailer.send(_message(2))

    assert len({r.peer for r in smtp_server.received}) == 2


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_4xx_reply_is_a_temporary_failure_with_its_code(
    smtp_server: SMTPServer, stage: str
) -> None:
    smtp_server.refuse_next(1, code=451, at=stage)  # type: ignore[arg-type]
    with _mailer(smtp_server) as mailer:
        with pytest.raises(TemporaryFailure) as failure:
            mailer.send(_message(1))
        mailer.send(_message(2))  # the connection stays usable

    assert failure.value.code == 451
    assert not isinstance(failure.value, ServerUnavailable)
    assert "451" in str(failure.value)
    assert [r.message["Message-ID"] for r in smtp_server.received] == [
        "<feedback-2.a1b2c3@mentorcore.example.org>"
    ]


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_5xx_reply_is_a_permanent_failure_with_its_code(
    smtp_server: SMTPServer, stage: str
) -> None:
    smtp_server.refuse_next(1, code=550, at=stage)  # type: ignore[arg-type]
    with pytest.raises(PermanentFailure) as failure:
        _mailer(smtp_server).send(_message())

    assert failure.value.code == 550
    assert isinstance(failure.value, DeliveryError | MentorcoreError)
    if stage == "rcpt":
        assert "juergen@example.org" in str(failure.value)
    assert not smtp_server.received


def test_a_server_that_is_down_is_a_temporary_failure_and_the_next_run_delivers(
    smtp_server: SMTPServer,
) -> None:
    smtp_server.stop()
    with pytest.raises(ServerUnavailable) as failure, _mailer(smtp_server) as mailer:
        mailer.send(_message())
    assert isinstance(failure.value, TemporaryFailure)
    assert f"127.0.0.1:{smtp_server.port}" in str(failure.value)
    assert failure.value.code is None

    smtp_server.start()
    with _mailer(smtp_server) as mailer:
        mailer.send(_message())
    assert len(smtp_server.received) == 1


def test_a_server_that_does_not_answer_is_a_temporary_failure_after_the_timeout() -> None:
    with socket.socket() as silent:  # takes connections (the backlog), never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        mailer = SMTPMailer("127.0.0.1", silent.getsockname()[1], timeout=0.3)
        with pytest.raises(ServerUnavailable, match="timed out"):
            mailer.send(_message())


def test_a_connection_dropped_during_a_run_is_made_again_once(smtp_server: SMTPServer) -> None:
    with _mailer(smtp_server) as mailer:
        mailer.send(_message(1))
        smtp_server.stop()  # the server goes away between two messages ...
        smtp_server.start()  # ... and comes back
        mailer.send(_message(2))

    assert len(smtp_server.received) == 2
    assert len({r.peer for r in smtp_server.received}) == 2


def test_starttls_that_the_server_does_not_offer_is_a_clear_error(
    smtp_server: SMTPServer,
) -> None:
    with pytest.raises(ServerUnavailable) as failure:
        _mailer(smtp_server, security="starttls").send(_message())

    assert "STARTTLS" in str(failure.value)
    assert "STARTTLS" in failure.value.render("de")
    assert not smtp_server.received


@contextmanager
def _running(server: SMTPServer) -> Iterator[SMTPServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# aiosmtpd counts only STARTTLS as TLS and warns about AUTH on its implicit TLS
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_secured_connection_with_a_login_delivers(tmp_path: Path, security: str) -> None:
    server_tls, client_tls = tls_contexts(tmp_path)
    server = SMTPServer(tls_context=server_tls, implicit=security == "tls", users={"mc": "pw"})
    with _running(server):
        mailer = _mailer(server, security=security, ssl_context=client_tls,
                         username="mc", password="pw")  # fmt: skip
        mailer.send(_message())

    assert [r.mail_from for r in server.received] == ["mentoring@example.org"]


def test_a_refused_login_is_the_server_being_unavailable(tmp_path: Path) -> None:
    server_tls, client_tls = tls_contexts(tmp_path)
    server = SMTPServer(tls_context=server_tls, users={"mc": "pw"})
    with _running(server), pytest.raises(ServerUnavailable) as failure:
        _mailer(server, security="starttls", ssl_context=client_tls,
                username="mc", password="wrong").send(_message())  # fmt: skip

    assert failure.value.code == 535
    assert "login" in str(failure.value)


def test_a_certificate_not_trusted_is_the_server_being_unavailable(tmp_path: Path) -> None:
    server_tls, __ = tls_contexts(tmp_path)
    server = SMTPServer(tls_context=server_tls)
    with _running(server), pytest.raises(ServerUnavailable) as failure:
        _mailer(server, security="starttls", ssl_context=ssl.create_default_context()).send(
            _message()
        )

    assert "secure connection" in str(failure.value)
    assert not server.received


def test_a_message_refuses_what_would_break_its_headers() -> None:
    with pytest.raises(InvalidInput, match="message_id"):
        _message(message_id="feedback-1@example.org")
    with pytest.raises(InvalidInput, match="subject"):
        _message(subject="Hallo\r\nBcc: everyone@example.org")
    with pytest.raises(InvalidInput, match="From"):
        _message(headers={"From": "someone@example.org"})
    with pytest.raises(InvalidInput, match="date"):
        _message(date=datetime(2026, 11, 30, 9, 15))
    with pytest.raises(InvalidInput, match="method"):
        Attachment("x.pdf", "application/pdf", b"%PDF", method="REQUEST")


def test_the_same_message_is_the_same_bytes() -> None:
    invite = Attachment("einladung.ics", "text/calendar", _ics("REQUEST"), method="REQUEST")
    message = _message(attachments=(invite,))

    assert to_email(message).as_bytes() == to_email(message).as_bytes()


def test_the_file_mailer_writes_each_message_once_as_a_readable_eml(tmp_path: Path) -> None:
    folder = tmp_path / "mail" / "out"
    mailer = FileMailer(folder)
    invite = Attachment("einladung.ics", "text/calendar", _ics("REQUEST"), method="REQUEST")
    with mailer:
        mailer.send(_message(1, attachments=(invite,)))
        mailer.send(_message(1, attachments=(invite,)))  # a retry: the same file
        mailer.send(_message(2))

    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [
        "feedback-1.a1b2c3@mentorcore.example.org.eml",
        "feedback-2.a1b2c3@mentorcore.example.org.eml",
    ]
    read = email.message_from_bytes(files[0].read_bytes(), policy=default)
    assert read["Subject"] == SUBJECT
    assert isinstance(read, EmailMessage)
    [part] = _calendar_parts(read)
    assert icalendar.Calendar.from_ical(part.get_content())["METHOD"] == "REQUEST"
    odd = FileMailer(folder).path_for(_message(message_id="<../../etc/passwd@x>"))
    assert odd.parent == folder
    assert not odd.name.startswith(".")


def test_the_file_mailer_says_when_its_folder_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")

    with pytest.raises(StoreError, match="not-a-folder"):
        FileMailer(blocker / "mail")


def test_the_memory_mailer_keeps_messages_and_fails_when_told() -> None:
    mailer = MemoryMailer()
    mailer.fail_next(1)
    mailer.fail_next(1, permanent=True)

    with pytest.raises(TemporaryFailure):
        mailer.send(_message(1))
    with pytest.raises(PermanentFailure) as failure:
        mailer.send(_message(1))
    mailer.send(_message(1))

    assert failure.value.code == 550
    assert mailer.attempts == 3
    assert mailer.sent == [_message(1)]
    assert mailer.emails()[0]["Message-ID"] == _message(1).message_id
    for adapter in (mailer, FileMailer, SMTPMailer("localhost")):
        assert isinstance(adapter, Mailer) or adapter is FileMailer


ENVIRON = {
    "MENTORCORE_MAIL_FROM": "Mentoring Düsseldorf <mentoring@example.org>",
    "MENTORCORE_SMTP_HOST": "127.0.0.1",
}


def test_settings_from_the_environment_make_a_mailer_that_delivers(
    smtp_server: SMTPServer,
) -> None:
    settings = SMTPSettings.from_environ(
        {**ENVIRON, "MENTORCORE_SMTP_PORT": str(smtp_server.port), "MENTORCORE_SMTP_TIMEOUT": "5"}
    )

    assert settings.sender == Address("Mentoring Düsseldorf", "mentoring@example.org")
    settings.mailer().send(_message(sender=settings.sender))
    assert smtp_server.received[0].mail_from == "mentoring@example.org"


def test_settings_default_the_port_by_security_and_hide_the_password() -> None:
    secured = SMTPSettings.from_environ(
        {**ENVIRON, "MENTORCORE_SMTP_SECURITY": "STARTTLS", "MENTORCORE_SMTP_USER": "mentoring",
         "MENTORCORE_SMTP_PASSWORD": "geheim"}
    )  # fmt: skip

    assert (secured.port, secured.security, secured.username) == (587, "starttls", "mentoring")
    assert "geheim" not in repr(secured)
    assert SMTPSettings.from_environ({**ENVIRON, "MENTORCORE_SMTP_SECURITY": "tls"}).port == 465
    assert SMTPSettings.from_environ(ENVIRON).port == 25


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MENTORCORE_SMTP_PORT", "smtp"),
        ("MENTORCORE_SMTP_PORT", "70000"),
        ("MENTORCORE_SMTP_SECURITY", "ssl"),
        ("MENTORCORE_SMTP_TIMEOUT", "-1"),
        ("MENTORCORE_MAIL_FROM", "Mentoring <mentoring@>"),
        ("MENTORCORE_MAIL_FROM", "nobody"),
        ("MENTORCORE_MAIL_FROM", ""),
        ("MENTORCORE_SMTP_HOST", "mail server"),
        ("MENTORCORE_SMTP_PASSWORD", None),
    ],
)
def test_settings_errors_name_the_variable(variable: str, value: str | None) -> None:
    environ = {**ENVIRON, variable: value} if value is not None else {
        **ENVIRON, "MENTORCORE_SMTP_USER": "mentoring"}  # fmt: skip

    with pytest.raises(InvalidInput) as error:
        SMTPSettings.from_environ(environ)

    assert [where for where, __ in error.value.problems] == [variable]
    assert variable in str(error.value)
    assert variable in error.value.render("de")
