"""What an SMTP failure means for the message: try again later, or never.

By the reply code (RFC 5321 §4.2.1): 4xx is temporary, 5xx permanent. A
failure of the session itself (no connection, TLS, login, a dropped
connection, 421 "closing channel") is :class:`ServerUnavailable`, whatever
its code: it is not the message's fault, and retrying later may succeed.
"""

from __future__ import annotations

import smtplib
import ssl

from mentorcore.adapters.mail.mailer import (
    DeliveryError,
    PermanentFailure,
    ServerUnavailable,
    TemporaryFailure,
)
from mentorcore.i18n import Message, _

__all__ = ["delivery_failure", "session_failure"]


def _reply(error: bytes | str) -> Message:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return Message.literal(" ".join(text.split()))  # the server's words, shown as they are


def _by_code(code: int, reason: Message) -> DeliveryError:
    if code == 421:  # the server is closing the connection
        return ServerUnavailable(reason, code=code)
    if 500 <= code < 600:
        return PermanentFailure(reason, code=code)
    return TemporaryFailure(reason, code=code)


def session_failure(server: str, exc: BaseException) -> ServerUnavailable:
    """*exc*, raised while connecting, securing or logging in to *server*."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(cause, OSError):
        exc = cause  # smtplib's words for a timed-out or reset connection
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reason = _(
            "the mail server {server} refused the login: {code} {reply}",
            server=server,
            code=exc.smtp_code,
            reply=_reply(exc.smtp_error),
        )
    elif isinstance(exc, smtplib.SMTPResponseException):
        reason = _(
            "the mail server {server} refused the connection: {code} {reply}",
            server=server,
            code=exc.smtp_code,
            reply=_reply(exc.smtp_error),
        )
    elif isinstance(exc, ssl.SSLError | ssl.CertificateError):
        reason = _(
            "no secure connection to the mail server {server}: {problem}",
            server=server,
            problem=_reply(str(exc)),
        )
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        reason = _("the mail server {server} closed the connection", server=server)
    elif isinstance(exc, smtplib.SMTPException):  # e.g. AUTH not offered
        reason = _(
            "the mail server {server} cannot be used: {problem}",
            server=server,
            problem=_reply(str(exc)),
        )
    else:  # refused, reset, timed out, name not resolved, ...
        reason = _(
            "cannot reach the mail server {server}: {problem}",
            server=server,
            problem=_reply(str(exc) or type(exc).__name__),
        )
    return ServerUnavailable(reason, code=code if isinstance(code, int) else None)


def delivery_failure(server: str, sender: str, recipient: str, exc: Exception) -> DeliveryError:
    """*exc*, raised while *server* was handed a message from *sender* to *recipient*."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = exc.recipients.get(recipient, next(iter(exc.recipients.values())))
        return _by_code(code, _(
            "the mail server {server} refused the recipient {address}: {code} {reply}",
            server=server, address=recipient, code=code, reply=_reply(reply),
        ))  # fmt: skip
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _by_code(exc.smtp_code, _(
            "the mail server {server} refused the sender {address}: {code} {reply}",
            server=server, address=sender, code=exc.smtp_code, reply=_reply(exc.smtp_error),
        ))  # fmt: skip
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # a non-ASCII address, no SMTPUTF8
        return PermanentFailure(_(
            "the mail server {server} cannot take this message: {problem}",
            server=server, problem=_reply(str(exc)),
        ))  # fmt: skip
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 400:
        return _by_code(exc.smtp_code, _(
            "the mail server {server} refused the message: {code} {reply}",
            server=server, code=exc.smtp_code, reply=_reply(exc.smtp_error),
        ))  # fmt: skip
    return session_failure(server, exc)
