"""A mailer that keeps what it is given: for tests and dry runs."""

from __future__ import annotations

from email.message import EmailMessage

from mentorcore.adapters.mail.mailer import BaseMailer, PermanentFailure, TemporaryFailure
from mentorcore.adapters.mail.message import OutgoingMessage, to_email
from mentorcore.i18n import _

__all__ = ["MemoryMailer"]


class MemoryMailer(BaseMailer):
    """Keeps every message sent, in order, repeats included.

    :ivar sent: The messages accepted, in the order sent.
    :ivar attempts: How many times :meth:`send` was called (failures included).
    """

    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []
        self.attempts = 0
        self._failures: list[tuple[bool, int]] = []  # (permanent, code), the next ones first

    def fail_next(
        self, count: int = 1, *, permanent: bool = False, code: int | None = None
    ) -> None:
        """Refuse the next *count* sends, temporarily (code 451) or permanently
        (code 550), after any failures already asked for."""
        chosen = code if code is not None else (550 if permanent else 451)
        self._failures.extend([(permanent, chosen)] * count)

    def send(self, message: OutgoingMessage) -> None:
        """Keep *message*, or fail as :meth:`fail_next` asked.

        :raises TemporaryFailure: a temporary failure was asked for.
        :raises PermanentFailure: a permanent failure was asked for.
        """
        self.attempts += 1
        if self._failures:
            permanent, code = self._failures.pop(0)
            reason = _("the server refused the message ({code}, a test failure)", code=code)
            raise (PermanentFailure if permanent else TemporaryFailure)(reason, code=code)
        self.sent.append(message)

    def emails(self) -> list[EmailMessage]:
        """The messages sent, as the MIME an SMTP server would receive."""
        return [to_email(message) for message in self.sent]

    def to(self, address: str) -> list[OutgoingMessage]:
        """The messages sent to *address*."""
        return [m for m in self.sent if m.to.address == address]

    def clear(self) -> None:
        """Forget the messages sent and the failures asked for."""
        self.sent.clear()
        self._failures.clear()
        self.attempts = 0
