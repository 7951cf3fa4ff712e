"""What a delivery run did, message by message, for the host and the CLI."""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from mentorcore.i18n import Message, _
from mentorcore.read.isolation import Skipped
from mentorcore.read.outbox import Held

#: How an attempt ended.
SENT, RETRY, FAILED, OVERTAKEN = "sent", "retry", "failed", "overtaken"


@frozen
class Attempt:
    """One message tried in a run.

    :ivar outcome: ``"sent"``; ``"retry"`` (a temporary failure, tried again
        at *retry_at*); ``"failed"`` (refused for good, or too many
        attempts); ``"overtaken"`` (another run recorded it first).
    :ivar reason: What the mail server or mailer said, for a failure.
    """

    message_id: str
    key: str
    kind: str
    title: str
    recipient_id: str
    address: str
    subject: str
    attempt: int
    outcome: str
    reason: str = ""
    code: int | None = None
    retry_at: datetime | None = None


@frozen
class DeliveryReport:
    """The outcome of one run.

    :ivar attempts: Every message tried, in the order tried.
    :ivar held: Messages owed that were not tried: no address, or a retry not
        yet due.
    :ivar acknowledged: Due actions acknowledged because every recipient has them.
    :ivar stopped: Why the run stopped early (the mail server cannot be
        reached): the messages not tried wait for the next run.
    :ivar skipped: Tandems whose messages could not be made (logged).
    """

    attempts: tuple[Attempt, ...] = ()
    held: tuple[Held, ...] = ()
    acknowledged: tuple[str, ...] = ()
    stopped: str = ""
    skipped: tuple[Skipped, ...] = ()

    def count(self, outcome: str) -> int:
        """How many attempts ended in *outcome*."""
        return sum(1 for a in self.attempts if a.outcome == outcome)

    @property
    def ok(self) -> bool:
        """Whether nothing failed, waits for a retry, or stopped the run."""
        return not self.stopped and self.count(RETRY) == 0 and self.count(FAILED) == 0

    def summary(self) -> Message:
        """One line for a person: sent, to retry, failed, held, acknowledged."""
        return _(
            "{sent} sent, {retry} to retry, {failed} failed, {held} held back, "
            "{acknowledged} due actions acknowledged",
            sent=self.count(SENT),
            retry=self.count(RETRY),
            failed=self.count(FAILED),
            held=len(self.held),
            acknowledged=len(self.acknowledged),
        )
