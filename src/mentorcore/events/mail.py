"""Events of the outbox and of what people answer: messages sent or failed,
mail preferences, feedback given.

None of them lives in a tandem's stream: a final evaluation is answered, and
its reminders are mailed, after the tandem ended, and an ended tandem's stream
never changes.
"""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from mentorcore.domain import PersonId, Profile, Role, TandemId
from mentorcore.events.base import Event, PersonEvent
from mentorcore.i18n import _


@frozen
class MessageSent(Event):
    """A message reached the mail server (or the host's mailer) (CORE-MAIL-1).

    Recorded in the message's own stream (``message:<id>``), so two delivery
    runs that race both learn of each other and neither records it twice.

    :ivar message_id: The deterministic Message-ID, without angle brackets.
    :ivar key: What it was about: a due action's key or a meeting notice's.
    :ivar kind: The kind of message (a due action's kind, ``meeting-invitation``, …).
    :ivar recipient_id: To whom.
    :ivar attempt: Which attempt succeeded (1 for the first).
    """

    name = "message-sent"
    message_id: str
    key: str
    kind: str
    recipient_id: PersonId
    attempt: int = 1


@frozen
class MessageFailed(Event):
    """An attempt to send a message failed (CORE-MAIL-1).

    :ivar permanent: Whether the server refused it for good (a 5xx reply, an
        address it does not know): it is not tried again.
    :ivar code: The server's reply code, if it gave one.
    :ivar reason: What went wrong, as the server or the mailer said it (it may
        quote the address, so it is sealed with the recipient's key).
    :ivar retry_at: When the next attempt is due, for a temporary failure.
    """

    name = "message-failed"
    personal = ("reason",)
    message_id: str
    key: str
    kind: str
    recipient_id: PersonId
    attempt: int
    permanent: bool
    reason: str
    code: int | None = None
    retry_at: datetime | None = None

    @property
    def data_subject(self) -> str | None:
        """The recipient's: an error may quote their address."""
        return f"person:{self.recipient_id}"


@frozen
class MailPreferenceChanged(PersonEvent):
    """A person chose whether to receive one kind of optional reminder (CORE-MAIL-2).

    :ivar programme_key: The programme whose reminders it is about.
    :ivar kind: The kind of message (``"inactivity-reminder"``, …).
    :ivar receive: Whether they want it.
    """

    name = "mail-preference-changed"
    summary = _("changed which reminders they receive")
    programme_key: str
    kind: str
    receive: bool


@frozen
class FeedbackGiven(Event):
    """A participant answered a feedback request or an evaluation (CORE-FEEDBACK-1).

    Recorded in the tandem's feedback stream (``feedback:<tandem id>``); the
    answers are the author's personal data, sealed with their key.

    :ivar tandem_id: The tandem.
    :ivar person_id: Who answered.
    :ivar role: Their side.
    :ivar request_key: The key of the due action answered.
    :ivar kind: Its kind.
    :ivar answers: The form's fields as answered.
    """

    name = "feedback-given"
    personal = ("answers",)
    tandem_id: TandemId
    person_id: PersonId
    role: Role
    request_key: str
    kind: str
    answers: Profile

    @property
    def data_subject(self) -> str | None:
        """The author's: their answers go with their erasure."""
        return f"person:{self.person_id}"
