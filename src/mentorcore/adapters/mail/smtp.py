"""Delivery to an SMTP server, with the standard library's :mod:`smtplib`.

One connection per run: inside ``with mailer:`` the first :meth:`SMTPMailer.send`
connects and the others reuse the connection (a server that dropped it between
messages is reconnected once); outside, each send connects and quits. Every
failure, connecting included, comes from :meth:`~SMTPMailer.send` as a
:class:`~mentorcore.adapters.mail.mailer.DeliveryError`.
"""

from __future__ import annotations

import smtplib
import ssl
from typing import Literal

from mentorcore.adapters.mail.address import header_address
from mentorcore.adapters.mail.mailer import BaseMailer, ServerUnavailable
from mentorcore.adapters.mail.message import OutgoingMessage, to_email
from mentorcore.adapters.mail.smtp_failures import delivery_failure, session_failure
from mentorcore.i18n import _

__all__ = ["SECURITIES", "SMTPMailer", "Security"]

#: ``none``: plain SMTP; ``starttls``: upgraded with STARTTLS, refused if the
#: server does not offer it (port 587); ``tls``: TLS from the start (port 465).
Security = Literal["none", "starttls", "tls"]
SECURITIES: tuple[Security, ...] = ("none", "starttls", "tls")
#: What a dropped connection shows as when the next command is written.
_DROPPED = (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError)


class SMTPMailer(BaseMailer):
    """Sends each message to one SMTP server.

    The envelope sender is the message's sender address (bounces go there),
    the envelope recipient its one recipient; the headers say the names.

    :param host: The server's name or address.
    :param port: Its port (25, 587 with ``starttls``, 465 with ``tls``).
    :param username: Log in as this user (with *password*) after any TLS.
    :param security: See :data:`Security`.
    :param timeout: Seconds to wait for the server at each step.
    :param local_hostname: The name said in EHLO (default: this host's FQDN).
    :param ssl_context: TLS settings (default: the system's trusted certificates,
        host names checked).
    """

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        username: str | None = None,
        password: str | None = None,
        security: Security = "none",
        timeout: float = 30.0,
        local_hostname: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self._password = password
        self.security = security
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._ssl_context = ssl_context
        self._in_run = False
        self._connection: smtplib.SMTP | None = None

    def __repr__(self) -> str:
        return f"SMTPMailer({self.host!r}, {self.port}, security={self.security!r})"

    @property
    def server(self) -> str:
        """``host:port``, as errors name the server."""
        return f"{self.host}:{self.port}"

    def open(self) -> None:
        """Start a run: the first send connects, the others reuse the connection."""
        self._in_run = True

    def close(self) -> None:
        """End the run: say QUIT and disconnect (errors ignored: nothing is pending)."""
        self._in_run = False
        self._disconnect()

    def send(self, message: OutgoingMessage) -> None:
        """Hand *message* to the server; returns when the server has accepted it.

        :raises TemporaryFailure: a 4xx reply, or (:class:`ServerUnavailable`) the
            server cannot be reached, secured, logged in to, or dropped the connection.
        :raises PermanentFailure: a 5xx reply for the sender, recipient or message.
        """
        email = to_email(message)
        sender = header_address(message.sender).addr_spec
        recipient = header_address(message.to).addr_spec
        reused = self._connection is not None
        try:
            try:
                self._connection_for_run().send_message(email, sender, [recipient])
            except _DROPPED:
                if not reused:
                    raise
                self._disconnect()  # the server timed the idle connection out: once more
                self._connection_for_run().send_message(email, sender, [recipient])
        except ServerUnavailable:
            self._disconnect()
            raise
        except (smtplib.SMTPException, OSError) as exc:
            failure = delivery_failure(self.server, sender, recipient, exc)
            if isinstance(failure, ServerUnavailable):
                self._disconnect()
            raise failure from None
        finally:
            if not self._in_run:
                self._disconnect()

    def _connection_for_run(self) -> smtplib.SMTP:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    def _connect(self) -> smtplib.SMTP:
        """A connection, secured and logged in as asked.

        :raises ServerUnavailable: it cannot be made.
        """
        context = self._ssl_context or ssl.create_default_context()
        try:
            connection = (
                smtplib.SMTP_SSL(self.host, self.port, self.local_hostname,
                                 timeout=self.timeout, context=context)
                if self.security == "tls"
                else smtplib.SMTP(self.host, self.port, self.local_hostname, timeout=self.timeout)
            )  # fmt: skip
        except (smtplib.SMTPException, OSError) as exc:
            raise session_failure(self.server, exc) from None
        try:
            if self.security == "starttls":
                connection.ehlo()
                if not connection.has_extn("starttls"):
                    raise ServerUnavailable(_(
                        "the mail server {server} does not offer STARTTLS, which the "
                        "security setting 'starttls' requires (use 'tls' or 'none')",
                        server=self.server,
                    ))  # fmt: skip
                connection.starttls(context=context)
                connection.ehlo()
            if self.username is not None:
                connection.login(self.username, self._password or "")
        except ServerUnavailable:
            connection.close()
            raise
        except (smtplib.SMTPException, OSError) as exc:
            connection.close()
            raise session_failure(self.server, exc) from None
        return connection

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
