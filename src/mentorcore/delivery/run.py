"""One delivery run: send what the outbox owes, record each outcome, retry later.

At least once: a message is recorded as sent after the mailer took it; a run
that dies in between sends it again next time, with the same Message-ID, so
the recipient's mail program can tell. A temporary failure (4xx, a dropped
connection) is retried with back-off; a permanent one (5xx) is not, and is
reported. When the server cannot be reached at all the run stops: the rest
waits for the next run without an attempt counted against it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from attrs import frozen

from mentorcore.adapters.mail import (
    Address,
    Attachment,
    DeliveryError,
    Mailer,
    OutgoingMessage,
    PermanentFailure,
    ServerUnavailable,
)
from mentorcore.delivery.report import FAILED, OVERTAKEN, RETRY, SENT, Attempt, DeliveryReport
from mentorcore.errors import InvalidInput
from mentorcore.i18n import _, render, using_language
from mentorcore.read.arguments import moment
from mentorcore.read.outbox import Draft, Outbox, Plan
from mentorcore.state.access import State
from mentorcore.validation import check
from mentorcore.write.acknowledgements import Acknowledgements
from mentorcore.write.outbox import OutboxRecords

_log = logging.getLogger("mentorcore.delivery")


@frozen
class Backoff:
    """When a message that failed for now is tried again.

    The n-th retry waits ``first * 2**(n-1)``, at most ``longest``; after
    ``attempts`` attempts the message counts as failed for good.
    """

    first: timedelta = timedelta(minutes=5)
    longest: timedelta = timedelta(hours=12)
    attempts: int = 10

    def __attrs_post_init__(self) -> None:
        check(self, "backoff")
        if not timedelta(0) < self.first <= self.longest or self.attempts < 1:
            problem = _("needs 0 < first <= longest and at least one attempt")
            raise InvalidInput([("backoff", problem)])

    def retry_at(self, attempt: int, now: datetime) -> datetime | None:
        """When to try again after *attempt* failed; ``None``: give up."""
        if attempt >= self.attempts:
            return None
        wait: timedelta = min(self.first * 2 ** (attempt - 1), self.longest)
        return now + wait


class Delivery:
    """Sends the outbox's messages as *sender*.

    :param sender: Who the messages come from (header From, envelope sender);
        its domain completes every Message-ID.
    :param link: The host's link for calls to action (its app), if any.
    """

    def __init__(
        self,
        state: State,
        records: OutboxRecords,
        acknowledgements: Acknowledgements,
        *,
        sender: Address,
        link: str | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self._state = state
        self._records = records
        self._acknowledgements = acknowledgements
        self.sender = sender
        self.backoff = backoff or Backoff()
        self._outbox = Outbox(state, link=link)

    def plan(self, now: datetime | None = None) -> Plan:
        """What a run at *now* (the engine's clock by default) would do."""
        return self._outbox.plan(moment(now, self._state.clock))

    def messages(self, plan: Plan, now: datetime | None = None) -> list[OutgoingMessage]:
        """The e-mails of *plan*'s drafts, as they would be sent at *now*."""
        at = moment(now, self._state.clock)
        return [self.message(d, at) for d in plan.drafts]

    def message(self, draft: Draft, now: datetime) -> OutgoingMessage:
        """*draft* as an e-mail: Message-ID ``<key@sender's domain>``, dated *now*."""
        domain = self.sender.address.rpartition("@")[2]
        attachments: list[Attachment] = []
        if draft.calendar is not None:
            with using_language(draft.language):
                name = render(
                    _("invitation.ics") if draft.method == "REQUEST" else _("cancellation.ics")
                )
            attachments.append(Attachment(name, "text/calendar", draft.calendar, draft.method))
        email = draft.recipient.email or ""
        return OutgoingMessage(
            f"<{draft.message_key}@{domain}>",
            self.sender,
            Address(draft.recipient.name, email),
            draft.subject,
            draft.text,
            now,
            attachments=attachments,
            headers=(("Auto-Submitted", "auto-generated"), ("X-Mentorcore-Kind", draft.kind)),
            language=draft.language,
        )

    def run(self, mailer: Mailer, now: datetime | None = None) -> DeliveryReport:
        """Send everything owed at *now*, record each outcome, acknowledge the
        due actions every recipient now has; never raises for a message that
        could not be sent (see the report)."""
        at = moment(now, self._state.clock)
        plan = self._outbox.plan(at)
        attempts: list[Attempt] = []
        stopped = ""
        if plan.drafts:
            with mailer:
                for draft in plan.drafts:
                    tried, unreachable = self._send(mailer, draft, at)
                    attempts.append(tried)
                    if unreachable:  # the rest would fail alike: they wait, uncounted
                        stopped = tried.reason
                        break
        done = {a.message_id for a in attempts if a.outcome in (SENT, FAILED, OVERTAKEN)}
        acknowledged = tuple(self._acknowledge(plan, done, at))
        return DeliveryReport(tuple(attempts), tuple(plan.held), acknowledged, stopped,
                              tuple(plan.skipped))  # fmt: skip

    def _send(self, mailer: Mailer, draft: Draft, now: datetime) -> tuple[Attempt, bool]:
        """Send *draft*; the attempt, and whether the server could not be reached."""
        recipient = draft.recipient
        base = (draft.message_key, draft.key, draft.kind, draft.title, recipient.id,
                recipient.email or "", draft.subject, draft.attempt)  # fmt: skip
        try:
            message = self.message(draft, now)
        except InvalidInput as exc:  # e.g. an address no mail header can carry
            return self._failed(draft, base, PermanentFailure(str(exc)), now), False
        try:
            mailer.send(message)
        except DeliveryError as exc:
            return self._failed(draft, base, exc, now), isinstance(exc, ServerUnavailable)
        except Exception as exc:  # a host's mailer with a bug: retried, never lost
            _log.exception("mailer %r failed on %s", mailer, message.message_id)
            return self._failed(draft, base, exc, now), False
        recorded = self._records.sent(
            draft.message_key, draft.key, draft.kind, recipient.id, draft.attempt
        )
        return Attempt(*base, SENT if recorded else OVERTAKEN), False

    def _failed(
        self,
        draft: Draft,
        base: tuple[str, str, str, str, str, str, str, int],
        exc: Exception,
        now: datetime,
    ) -> Attempt:
        permanent = isinstance(exc, PermanentFailure)
        code = getattr(exc, "code", None)
        with using_language(draft.language):
            reason = str(exc) or type(exc).__name__
        retry_at = None if permanent else self.backoff.retry_at(draft.attempt, now)
        if retry_at is None:
            permanent = True
        recorded = self._records.failed(
            draft.message_key, draft.key, draft.kind, draft.recipient.id, draft.attempt,
            permanent=permanent, reason=reason, code=code, retry_at=retry_at,
        )  # fmt: skip
        outcome = (FAILED if permanent else RETRY) if recorded else OVERTAKEN
        return Attempt(*base, outcome, reason, code, retry_at)

    def _acknowledge(self, plan: Plan, done: set[str], at: datetime) -> list[str]:
        """Acknowledge, in one commit, the due actions every recipient now has."""
        complete = [plan.actions[k] for k, keys in plan.outstanding.items() if keys <= done]
        return self._acknowledgements.delivered(complete, at) if complete else []
