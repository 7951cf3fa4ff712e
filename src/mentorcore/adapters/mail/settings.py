"""The SMTP server and sender a host names, read from environment variables.

==============================  ==================================================
``MENTORCORE_MAIL_FROM``        required: the sender, ``Name <address>`` or ``address``
``MENTORCORE_SMTP_HOST``        the server (default ``localhost``)
``MENTORCORE_SMTP_PORT``        its port (default 25, 587 with starttls, 465 with tls)
``MENTORCORE_SMTP_SECURITY``    ``none`` (default), ``starttls`` or ``tls``
``MENTORCORE_SMTP_USER``        log in as this user (needs the password)
``MENTORCORE_SMTP_PASSWORD``    the password
``MENTORCORE_SMTP_TIMEOUT``     seconds to wait for the server (default 30)
==============================  ==================================================
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from mentorcore.adapters.mail.address import Address
from mentorcore.adapters.mail.smtp import SECURITIES, Security, SMTPMailer
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Text, _
from mentorcore.validation import email_problem

__all__ = ["DEFAULT_PORTS", "SMTPSettings"]

DEFAULT_PORTS: dict[Security, int] = {"none": 25, "starttls": 587, "tls": 465}
_PREFIX = "MENTORCORE_SMTP_"
_FROM = "MENTORCORE_MAIL_FROM"


@frozen
class SMTPSettings:
    """Where mail goes and whom it comes from.

    :ivar sender: The sender of every message (header From, envelope sender).
    :ivar password: Never shown in ``repr``.
    """

    sender: Address
    host: str = "localhost"
    port: int = 25
    security: Security = "none"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SMTPSettings:
        """The settings the variables in *environ* give (see the module's table).

        Empty variables count as unset.

        :raises InvalidInput: naming each variable that is missing or wrong.
        """
        get = {name: value.strip() for name, value in environ.items() if value.strip()}.get
        problems: list[tuple[str, Text]] = []
        security = get(_PREFIX + "SECURITY", "none").lower()
        if security not in SECURITIES:
            choices = ", ".join(SECURITIES)
            problems.append((_PREFIX + "SECURITY", _(
                "{value} is not one of: {choices}", value=repr(security), choices=choices,
            )))  # fmt: skip
            security = "none"
        port = _number(get(_PREFIX + "PORT"), _PREFIX + "PORT", 1, 65535, problems)
        timeout = _number(get(_PREFIX + "TIMEOUT"), _PREFIX + "TIMEOUT", 0.1, 3600, problems)
        username, password = get(_PREFIX + "USER"), get(_PREFIX + "PASSWORD")
        if username is not None and password is None:
            problems.append(
                (_PREFIX + "PASSWORD", _("is needed with {user}", user=_PREFIX + "USER"))
            )
        sender = _sender(get(_FROM), problems)
        host = get(_PREFIX + "HOST", "localhost")
        if any(c.isspace() or c in "/@" for c in host):
            problems.append((_PREFIX + "HOST", _("{value} is not a host name", value=repr(host))))
        if problems or sender is None:
            raise InvalidInput(problems, context=_("the mail settings"))
        chosen: Security = next(s for s in SECURITIES if s == security)
        return cls(
            sender=sender,
            host=host,
            port=int(port) if port is not None else DEFAULT_PORTS[chosen],
            security=chosen,
            username=username,
            password=password,
            timeout=timeout if timeout is not None else 30.0,
        )

    def mailer(self) -> SMTPMailer:
        """An :class:`SMTPMailer` for these settings."""
        return SMTPMailer(
            self.host,
            self.port,
            username=self.username,
            password=self.password,
            security=self.security,
            timeout=self.timeout,
        )


def _number(
    text: str | None, name: str, low: float, high: float, problems: list[tuple[str, Text]]
) -> float | None:
    if text is None:
        return None
    try:
        value = int(text) if isinstance(low, int) else float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        problems.append((name, _(
            "{value} is not a number from {low} to {high}", value=repr(text), low=low, high=high,
        )))  # fmt: skip
        return None
    return value


def _sender(text: str | None, problems: list[tuple[str, Text]]) -> Address | None:
    if text is None:
        problems.append((_FROM, _("is required: the sender of every message, e.g. "
                                  "'Mentoring <mentoring@example.org>'")))  # fmt: skip
        return None
    try:
        sender = Address.parse(text)
    except InvalidInput:
        sender = None
    problem = email_problem(sender.address) if sender else None
    if sender is None or problem:
        problems.append((_FROM, problem or _("{value} is not an e-mail address", value=repr(text))))
        return None
    return sender
