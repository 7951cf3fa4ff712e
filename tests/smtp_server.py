"""A real SMTP server for the mail tests (issue 14): aiosmtpd on 127.0.0.1.

Modelled on Django's tests/mail/test_backends.py (SMTPBackendTests): an
aiosmtpd ``Controller`` in a thread, a handler that keeps what it receives.
`smtp_server` (function scope) starts one per test and stops it afterwards.
The server can refuse the next messages (451 temporary, 550 permanent), at
RCPT or at DATA, and be stopped and started again on the same port, to test
"the server is down, the next run delivers". Made by hand (``SMTPServer``), it offers
STARTTLS or implicit TLS with a self-signed certificate (`tls_contexts`) and logins.

Trap (measured): ``Controller(port=0)`` fails, as the controller connects to
the port it was given to check that the server is up. So a socket is bound to
port 0 first, its port read and the socket closed, and that port passed on.
"""

from __future__ import annotations

import email
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from ipaddress import ip_address
from pathlib import Path
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"


@dataclass
class Received:
    """One message the server accepted: its envelope, the client's (host, port)
    (the same for messages sent over one connection) and the parsed message."""

    peer: object
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    message: EmailMessage


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    refusals: list[tuple[Literal["rcpt", "data"], int]] = field(default_factory=list)

    def _refusal(self, stage: str) -> str | None:
        if self.refusals and self.refusals[0][0] == stage:
            code = self.refusals.pop(0)[1]
            words = "try again later" if code < 500 else "no such user here"
            return f"{code} {'4' if code < 500 else '5'}.0.0 {words} (test refusal)"
        return None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        refusal = self._refusal("rcpt")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._refusal("data")
        if refusal:
            return refusal
        data = envelope.original_content or b""
        parsed = email.message_from_bytes(data, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(
            Received(session.peer, str(envelope.mail_from), list(envelope.rcpt_tos), data, parsed)
        )
        return "250 Message accepted for delivery"


@dataclass
class _Authenticator:
    users: dict[str, str]

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.users.get(
            data.login.decode()) == data.password.decode()  # fmt: skip
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the trap in the module docstring)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


def tls_contexts(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a new self-signed certificate for 127.0.0.1
    (written to *folder*), and a client context that trusts it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ip_address(HOST))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    (folder / "cert.pem").write_bytes(pem)
    (folder / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    client = ssl.create_default_context(cadata=pem.decode("ascii"))
    return server, client


class SMTPServer:
    """aiosmtpd on 127.0.0.1:*port*, started by :meth:`start`.

    :param tls_context: The server offers STARTTLS with it, or (*implicit*)
        speaks TLS from the start.
    :param users: If given, clients must log in (after TLS) as one of these
        ``{user: password}``.
    """

    def __init__(
        self,
        port: int | None = None,
        *,
        tls_context: ssl.SSLContext | None = None,
        implicit: bool = False,
        users: dict[str, str] | None = None,
    ) -> None:
        self.host = HOST
        self.port = port or free_port()
        self._options: dict[str, Any] = {}
        if tls_context is not None:
            self._options["ssl_context" if implicit else "tls_context"] = tls_context
            # aiosmtpd knows only STARTTLS as TLS: it would not offer AUTH on implicit TLS
            self._options["auth_require_tls"] = not implicit
        if users is not None:
            self._options.update(authenticator=_Authenticator(users), auth_required=True)
        self._handler = _Handler()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        """Every message accepted since the server was made (restarts included)."""
        return self._handler.received

    def start(self) -> None:
        """Listen (again) on the same port."""
        if self._controller is None:
            self._controller = Controller(self._handler, hostname=self.host, port=self.port,
                                          ready_timeout=10, **self._options)  # fmt: skip
            self._controller.start()

    def stop(self) -> None:
        """Stop listening; open connections are dropped."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def refuse_next(
        self, count: int = 1, *, code: int = 451, at: Literal["rcpt", "data"] = "data"
    ) -> None:
        """Answer the next *count* messages with *code* at RCPT or after DATA."""
        self._handler.refusals.extend([(at, code)] * count)


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A running SMTP server for one test, stopped afterwards (also after a failure)."""
    server = SMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
