"""Policy answers: decisions (hard rules), advisories, due actions and scores.

Plugins return these from hooks; the engine combines them. A decision always
names the rule it applies (an ID of ``docs/rules.md``) and gives a reason a
coordinator can read.
"""

from __future__ import annotations

import enum
from datetime import datetime

from attrs import field, frozen

from mentorcore.decision import Decision as Decision
from mentorcore.decision import reason_of
from mentorcore.decision import refusals as refusals
from mentorcore.domain import Actor, MeetingFormat, PersonId, Role, TandemId
from mentorcore.i18n import Message, Text


@frozen
class Transition:
    """A command about to change a tandem, as plugins see it.

    :ivar verb: The lifecycle event, e.g. ``"accept"`` or ``"submit_agreement"``.
    :ivar actor: Who issues it.
    :ivar role: The actor's role for this tandem (mentee, mentor, coordinator,
        system), or ``None`` for someone with no part in it.
    :ivar at: When (from the engine's clock).
    :ivar command: The command object itself (frozen), for rules that look at
        its content, e.g. the terms of an agreement.
    """

    verb: str
    actor: Actor
    role: Role | None
    at: datetime
    command: object


class Severity(enum.Enum):
    """How urgent an advisory is."""

    INFO = "info"
    WARNING = "warning"


class Content(enum.Enum):
    """Kinds of tandem content whose visibility the programme decides."""

    AGREEMENT_DRAFT = "agreement_draft"
    AGREEMENT = "agreement"
    AGREEMENT_PROPOSAL = "agreement_proposal"
    GOALS = "goals"
    MEETING_NOTES = "meeting_notes"
    MEETING_PREPARATION = "meeting_preparation"
    FIRST_CONVERSATION = "first_conversation"
    ACTIVITY = "activity"
    #: A participant's answers to a feedback request or evaluation (CORE-FEEDBACK-3).
    FEEDBACK = "feedback"


def _message(text: object) -> Message:
    return reason_of(text, "message")


def _optional_title(text: object) -> Message | None:
    return None if text is None else reason_of(text, "title")


@frozen
class Advisory:
    """Something worth knowing about a tandem; never a refusal.

    :ivar rule_id: The rule that computes it.
    :ivar message: What is the matter, as a translatable message (or a plain string).
    :ivar severity: INFO or WARNING.
    :ivar source: The plugin that reported it (filled in by the engine).
    :ivar quotes: The kinds of tandem content the message is drawn from (a
        goal's text, the agreed terms): a viewer who may not see one of them
        gets the advisory withheld, with the rule that withholds it.
    """

    rule_id: str
    message: Message = field(converter=_message)
    severity: Severity = Severity.WARNING
    source: str = ""
    quotes: frozenset[Content] = frozenset()

    @property
    def text(self) -> str:
        """The message rendered in the context's language."""
        return self.message.render()


@frozen
class DueAction:
    """Something the clock has made due; the host delivers it (e-mail, task).

    ``key`` identifies the cause, so the same cause yields the same action
    however often due actions are computed; hosts de-duplicate on it.

    :ivar key: Stable identity of the cause (rule, tandem, period or meeting).
    :ivar rule_id: The rule that makes it due.
    :ivar kind: A short machine-readable kind, e.g. ``"feedback-request"``.
    :ivar recipients: Who should get it.
    :ivar recipient_role: Their role (mentee, mentor, coordinator).
    :ivar due_at: Since when it is due.
    :ivar message: Why, as a translatable message (pass ``reason=`` a
        :class:`~mentorcore.i18n.Message` or a plain string).
    :ivar tandem_id: The tandem concerned, if any.
    :ivar quotes: The kinds of tandem content *reason* is drawn from: for a
        recipient or viewer who may not see one of them, the reason is replaced
        by a neutral sentence naming the rule that withholds it.
    :ivar title: What a programme's own kind is called ("completion notice");
        the core names its own kinds (:func:`mentorcore.policy.due.kind_title`).
    """

    key: str
    rule_id: str
    kind: str
    recipients: tuple[PersonId, ...]
    recipient_role: Role
    due_at: datetime
    message: Message = field(alias="reason", converter=reason_of)
    tandem_id: TandemId | None = None
    quotes: frozenset[Content] = frozenset()
    title: Message | None = field(default=None, converter=_optional_title)

    @property
    def reason(self) -> str:
        """Why, rendered in the context's language."""
        return self.message.render()


@frozen
class Score:
    """A programme's score for a mentee-mentor pair, by criterion.

    :ivar criterion: What is scored, e.g. ``"wish"`` or ``"career_distance"``.
    :ivar value: Between 0 (poor) and 1 (ideal).
    :ivar weight: How much the criterion counts.
    :ivar rule_id: The rule behind the criterion.
    """

    criterion: str
    value: float
    weight: float = 1.0
    rule_id: str = ""


@frozen
class Permission:
    """Which roles may issue a verb, and the rule that says so.

    :ivar roles: The tandem roles allowed (mentee, mentor, coordinator, system).
    :ivar rule_id: The rule behind it, e.g. ``"CORE-3"``.
    :ivar reason: The rule in words, used when refusing someone else (a
        translatable message or a plain string).
    """

    roles: frozenset[Role]
    rule_id: str
    reason: Message = field(converter=reason_of)


class PeriodKind(enum.Enum):
    """Calendar periods a cadence is reckoned in (in the programme's time zone)."""

    SEMESTER = "semester"
    QUARTER = "quarter"
    MENTORING_YEAR = "mentoring_year"
    MONTH = "month"


@frozen
class CadenceRule:
    """How often a tandem should meet, per period.

    :ivar rule_id: The rule, e.g. ``"MEDIC-CAD-1"``.
    :ivar period: The period the count is reckoned in.
    :ivar minimum: Meetings held per period to be on track.
    :ivar formats: The formats that count; empty means every format.
    :ivar description: The rule in words (a translatable message, or a plain
        string shown as it is).
    :ivar recommended: A recommendation that gives way to the agreement: where
        the terms in force state another rhythm, the cadence as agreed
        (CORE-RHYTHM, :mod:`mentorcore.policy.rhythm`) is measured instead.
    """

    rule_id: str
    period: PeriodKind
    minimum: int
    formats: frozenset[MeetingFormat] = frozenset()
    description: Text = ""
    recommended: bool = False
