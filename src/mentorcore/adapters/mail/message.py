"""One e-mail as mentorcore sends it, and its MIME form.

:class:`OutgoingMessage` is plain data: the caller decides every header,
including the Message-ID (deterministic, so a retried message is recognisable;
never :func:`email.utils.make_msgid`, which is random) and the Date.
:func:`to_email` builds the :class:`~email.message.EmailMessage` every mailer
sends or writes, so they all put out the same bytes.

An iTIP invitation (RFC 6047) goes in twice, as Google Calendar sends it: a
``text/calendar; method=…; charset="utf-8"`` part beside the text, which
Outlook, Thunderbird and Apple Mail show as an invitation, and the same data
as an ``application/ics`` attachment for everyone else.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from attrs import field, frozen

from mentorcore.adapters.mail.address import Address, header_address, no_line_break
from mentorcore.errors import InvalidInput
from mentorcore.i18n import _

__all__ = ["Address", "Attachment", "OutgoingMessage", "to_email"]

_MESSAGE_ID = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")  # printable ASCII, no <, >, space
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322 field name
#: Headers :class:`OutgoingMessage` sets from its own fields.
_OWN_HEADERS = frozenset(
    h.lower()
    for h in ("From", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID",
              "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
              "Content-Language", "Content-Disposition")
)  # fmt: skip
_ITIP_METHODS = frozenset({"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH",
                           "COUNTER", "DECLINECOUNTER"})  # fmt: skip


@frozen
class Attachment:
    """A file sent with a message.

    :ivar filename: The name the recipient sees (``einladung.ics``).
    :ivar content_type: ``maintype/subtype`` (``text/calendar``, ``application/pdf``).
    :ivar data: The file's bytes (an iCalendar object in UTF-8 for ``text/calendar``).
    :ivar method: The iTIP method of a ``text/calendar`` attachment (``REQUEST``,
        ``CANCEL``); it makes the message an invitation calendars act on.
    """

    filename: str
    content_type: str
    data: bytes = field(repr=lambda data: f"<{len(data)} bytes>")
    method: str | None = None

    def __attrs_post_init__(self) -> None:
        no_line_break("filename", self.filename)
        if self.method is not None:
            try:
                self.data.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput([("data", _("an invitation must be UTF-8"))]) from None
        maintype, slash, subtype = self.content_type.partition("/")
        if not (maintype and slash and subtype) or not _HEADER_NAME.fullmatch(maintype + subtype):
            raise InvalidInput([("content_type", _("{type} is not a content type",
                                                   type=repr(self.content_type)))])  # fmt: skip
        if self.method is not None and (
            self.content_type.lower() != "text/calendar" or self.method not in _ITIP_METHODS
        ):
            raise InvalidInput([("method", _("{method} is no iTIP method of a text/calendar "
                                             "attachment", method=repr(self.method)))])  # fmt: skip

    @property
    def is_invitation(self) -> bool:
        """Whether calendars should act on it (``text/calendar`` with a method)."""
        return self.method is not None


def _attachments(value: Iterable[Attachment]) -> tuple[Attachment, ...]:
    return tuple(value)


def _headers(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(name), str(text)) for name, text in items)


@frozen
class OutgoingMessage:
    """An e-mail to one recipient, ready to send.

    :ivar message_id: ``<unique@domain>``, chosen by the caller, the same for
        every attempt to send this message (it is sent exactly as given).
    :ivar sender: Header ``From`` (name and address); the address is also the
        envelope sender.
    :ivar to: The one recipient (header ``To`` and envelope recipient).
    :ivar subject: The subject, any Unicode.
    :ivar text: The plain-text body.
    :ivar date: The Date header: when the message was decided (tz-aware).
    :ivar html: An HTML alternative to :attr:`text`, if any.
    :ivar reply_to: Where replies go, if not to the sender.
    :ivar attachments: Files, invitations among them.
    :ivar headers: Further headers as ``(name, value)`` pairs, e.g.
        ``("Auto-Submitted", "auto-generated")`` (RFC 3834: no auto-replies),
        ``("List-Unsubscribe", "<https://…>")``; a mapping is accepted. Headers
        the fields above set cannot be given here.
    :ivar language: The language of the texts (``Content-Language``).
    :raises InvalidInput: a malformed Message-ID, header or naive date.
    """

    message_id: str
    sender: Address
    to: Address
    subject: str
    text: str
    date: datetime
    html: str | None = None
    reply_to: Address | None = None
    attachments: tuple[Attachment, ...] = field(default=(), converter=_attachments)
    headers: tuple[tuple[str, str], ...] = field(default=(), converter=_headers)
    language: str | None = None

    def __attrs_post_init__(self) -> None:
        if not _MESSAGE_ID.fullmatch(self.message_id):
            raise InvalidInput([("message_id", _("{id} is not of the form <unique@domain>",
                                                 id=repr(self.message_id)))])  # fmt: skip
        if self.date.tzinfo is None or self.date.utcoffset() is None:
            raise InvalidInput([("date", _("the date needs a time zone"))])
        no_line_break("subject", self.subject)
        if self.language is not None:
            no_line_break("language", self.language)
        for name, value in self.headers:
            if not _HEADER_NAME.fullmatch(name) or name.lower() in _OWN_HEADERS:
                raise InvalidInput([("headers", _("{name} cannot be set as a further header",
                                                  name=repr(name)))])  # fmt: skip
            no_line_break(name, value)


def to_email(message: OutgoingMessage) -> EmailMessage:
    """*message* as MIME (policy :data:`email.policy.SMTP`: CRLF, encoded words).

    ``multipart/mixed`` of ``multipart/alternative`` (text, HTML, invitation)
    and the attachments; parts are left out where there is nothing to hold.
    Texts go as quoted-printable UTF-8, so no server needs 8BITMIME.
    """
    email = EmailMessage(policy=SMTP)
    email["From"] = header_address(message.sender)
    email["To"] = header_address(message.to)
    if message.reply_to is not None:
        email["Reply-To"] = header_address(message.reply_to)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.date)
    email["Message-ID"] = message.message_id
    email.set_content(message.text, charset="utf-8", cte="quoted-printable")
    if message.html is not None:
        email.add_alternative(message.html, subtype="html", charset="utf-8",
                              cte="quoted-printable")  # fmt: skip
    for invitation in (a for a in message.attachments if a.is_invitation):
        email.add_alternative(
            invitation.data.decode("utf-8"), subtype="calendar", charset="utf-8",
            cte="quoted-printable", params={"method": str(invitation.method)},
        )  # fmt: skip
    for attachment in message.attachments:
        maintype, __, subtype = attachment.content_type.partition("/")
        if attachment.is_invitation:  # its twin for mail programs without a calendar
            maintype, subtype = "application", "ics"
        email.add_attachment(attachment.data, maintype=maintype, subtype=subtype,
                             filename=attachment.filename)  # fmt: skip
    _tidy(email, message.message_id)
    # Set last: making a message multipart moves its Content-* headers into the first part.
    if message.language:
        email["Content-Language"] = message.language
    for name, value in message.headers:
        email[name] = value
    return email


def _tidy(email: EmailMessage, message_id: str) -> None:
    """Boundaries from the Message-ID, so the same message is the same bytes
    (``=_`` occurs in no quoted-printable or base64 text); one MIME-Version."""
    seed = hashlib.sha256(message_id.encode("ascii")).hexdigest()[:24]
    for number, part in enumerate(email.walk()):
        if part is not email:
            del part["MIME-Version"]
        if part.is_multipart():
            part.set_boundary(f"=_mentorcore_{seed}_{number}")
