"""The outbox: what mail mentorcore owes people now, composed as each may read it.

Nothing is queued by hand: what should reach a person follows from the event
log and the clock, and the log also records what was sent
(:class:`~mentorcore.events.MessageSent`, :class:`~mentorcore.events.MessageFailed`).
Two sources make messages (CORE-MAIL-1):

- every due action, once per recipient (:meth:`DueActions.notifications
  <mentorcore.read.delivery.DueActions.notifications>`, redacted for the
  recipient: an Ostalb coordinator's mail holds no meeting content);
- every meeting still to come: an invitation for its current version to both
  participants, and a cancellation once it is called off after an invitation
  went out (CORE-MAIL-3), each with the iTIP calendar object attached.

A message has a key (what it is about and for whom), from which its
Message-ID is derived, so a retried message is recognisable. Kinds the
programme marks optional are left out for people who turned them off (CORE-MAIL-2).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from attrs import field, frozen

from mentorcore.domain import (
    Actor,
    Meeting,
    MeetingStatus,
    Person,
    Programme,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Moment, _, render
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.due import kind_title
from mentorcore.policy.mail import MEETING_CANCELLATION, MEETING_INVITATION
from mentorcore.read.delivery import DueActions, Notification
from mentorcore.read.feeds import CalendarFeeds
from mentorcore.read.isolation import Partial, Skipped, attempt
from mentorcore.read.mail_text import Wording, compose, contact_card
from mentorcore.state.access import State
from mentorcore.state.feedback import opted_out

_CALLED_OFF = frozenset({MeetingStatus.CANCELLED, MeetingStatus.DECLINED})
_PLANNED = frozenset({MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED})
#: Why a message owed is not sent now.
NO_ADDRESS, WAITING = "no-address", "waiting"


@frozen
class Draft:
    """One message the outbox owes one person, in words they may read.

    :ivar message_key: Its identity: the Message-ID's local part and the name
        of the stream its attempts are recorded in.
    :ivar key: What it is about (a due action's key, or a meeting notice's).
    :ivar attempt: Which attempt sending it now is (1 for the first).
    :ivar action_key: The due action it delivers, acknowledged once every
        recipient has it; ``None`` for a meeting notice.
    :ivar title: What the message is about, named in its language.
    :ivar calendar: The iTIP object to attach, with its ``method``.
    """

    message_key: str
    key: str
    kind: str
    title: str
    recipient: Person
    programme: Programme
    language: str
    subject: str
    text: str
    attempt: int = 1
    action_key: str | None = None
    calendar: bytes | None = None
    method: str | None = None


@frozen
class Held:
    """A message owed but not sent now: no address, or a retry not yet due."""

    key: str
    kind: str
    recipient: Person
    why: str
    retry_at: str | None = None  # ISO, for a retry


@frozen
class Plan:
    """What a delivery run has to do.

    :ivar drafts: The messages to send now, oldest cause first.
    :ivar held: Messages owed that wait (see :class:`Held`).
    :ivar outstanding: For each due action, the message keys still open; an
        action with none left is to be acknowledged.
    :ivar actions: Those due actions, by key.
    :ivar skipped: Tandems whose messages could not be made (logged).
    """

    drafts: list[Draft]
    held: list[Held]
    outstanding: dict[str, frozenset[str]]
    skipped: list[Skipped]
    actions: dict[str, DueAction] = field(factory=dict)


@frozen
class _Notice:
    """A meeting notice: which meeting, and why it is sent."""

    tandem: Tandem
    meeting: Meeting
    reason: Message


@frozen
class _Wanted:
    """A message that should reach *person*, from a due action or a meeting notice."""

    key: str
    kind: str
    person: Person
    programme: Programme
    source: Notification | _Notice
    #: The recipient turned this kind off (CORE-MAIL-2): it counts as delivered.
    turned_off: bool = False

    @property
    def tandem_id(self) -> TandemId | None:
        if isinstance(self.source, _Notice):
            return self.source.tandem.id
        return self.source.action.tandem_id


def message_key(key: str, recipient_id: str) -> str:
    """The identity of the message about *key* to *recipient_id* (hex, 32 digits)."""
    return hashlib.sha256(f"{key}\n{recipient_id}".encode()).hexdigest()[:32]


class Outbox:
    """Composes what is owed (read as the system, written as each recipient sees it).

    :param link: The host's link for calls to action (its app), if any.
    """

    def __init__(self, state: State, *, link: str | None = None) -> None:
        self._state = state
        self._link = link

    def plan(self, now: datetime) -> Plan:
        """Everything owed at *now* that is not sent, refused for good or turned off."""
        notifications = DueActions(self._state, Actor.system()).notifications(now)
        skipped = list(notifications.skipped) if isinstance(notifications, Partial) else []
        wanted: list[_Wanted] = []
        for n in notifications:
            programme = self._programme_of(n)
            if programme is not None:
                off = opted_out(self._state, programme, n.recipient.id, n.action.kind)
                wanted.append(_Wanted(n.action.key, n.action.kind, n.recipient, programme, n, off))
        for tandem in self._tandems_with_meetings(skipped):
            wanted += (
                attempt(tandem.id, _("the meeting notices"), skipped, self._notices, tandem, now)
                or []
            )
        return self._planned(wanted, now, skipped)

    # ------------------------------------------------------------ composing

    def _planned(self, wanted: list[_Wanted], now: datetime, skipped: list[Skipped]) -> Plan:
        by_key = {message_key(w.key, w.person.id): w for w in wanted}
        rows = {r.message_id: r for r in self._state.store.queries.messages(tuple(by_key))}
        drafts: list[Draft] = []
        held: list[Held] = []
        outstanding: dict[str, set[str]] = {}
        actions: dict[str, DueAction] = {}
        for mkey, w in by_key.items():
            row = rows.get(mkey)
            action_key = None
            if isinstance(w.source, Notification):
                action_key = w.source.action.key
                outstanding.setdefault(action_key, set())
                actions[action_key] = w.source.action
            if w.turned_off or (row is not None and row.status in ("sent", "failed")):
                continue
            if self._state.index.erased(w.person.id):  # no one left to write to (DSGVO)
                continue
            if action_key is not None:
                outstanding[action_key].add(mkey)
            if not w.person.email:
                held.append(Held(w.key, w.kind, w.person, NO_ADDRESS))
                continue
            if row is not None and row.retry_at and datetime.fromisoformat(row.retry_at) > now:
                held.append(Held(w.key, w.kind, w.person, WAITING, row.retry_at))
                continue
            number = row.attempts + 1 if row is not None else 1
            if w.tandem_id is None:  # about a person (retention): nothing to leave out
                drafts.append(self._draft(mkey, w, number))
            elif made := attempt(
                w.tandem_id, _("the message"), skipped, self._draft, mkey, w, number
            ):
                drafts.append(made)
        opened = {k: frozenset(v) for k, v in outstanding.items()}
        return Plan(drafts, held, opened, skipped, actions)

    def _draft(self, mkey: str, w: _Wanted, number: int) -> Draft:
        person, programme, kind = w.person, w.programme, w.kind
        language = self._state.language_for(programme.key)
        template = self._state.hooks.mail_template(programme, kind)
        calendar: bytes | None = None
        method: str | None = None
        action_key: str | None = None
        if isinstance(w.source, Notification):
            action, counterpart = w.source.action, w.source.counterpart
            action_key = action.key
            wording = Wording(
                title=kind_title(action.kind, action.title),
                reason=action.message,
                counterpart=counterpart.name if counterpart else "",
                contact=contact_card(counterpart) if counterpart else "",
            )
        else:
            notice = w.source
            feeds = CalendarFeeds(self._state, Actor.person(person.id), language=language)
            tandem_id, meeting_id = notice.tandem.id, notice.meeting.id
            if kind == MEETING_INVITATION:
                calendar, method = feeds.meeting_invitation(tandem_id, meeting_id), "REQUEST"
            else:
                calendar, method = feeds.meeting_cancellation(tandem_id, meeting_id), "CANCEL"
            wording = Wording(
                title=kind_title(kind),
                reason=notice.reason,
                meeting=_meeting_words(notice.meeting, programme),
            )
        subject, text = compose(
            template, programme, person, wording, link=self._link, language=language
        )
        title = render(wording.title, language)
        return Draft(
            mkey, w.key, kind, title, person, programme, language, subject, text, number,
            action_key, calendar, method,
        )  # fmt: skip

    # ------------------------------------------------------------ meetings

    def _tandems_with_meetings(self, skipped: list[Skipped]) -> list[Tandem]:
        state = self._state
        found = []
        for summary in state.index.tandems(live=True):
            tandem = attempt(summary.id, _("the state"), skipped, state.tandem, summary.id)
            if tandem is not None and tandem.meetings:
                found.append(tandem)
        return found

    def _notices(self, tandem: Tandem, now: datetime) -> list[_Wanted]:
        """Invitations to meetings to come, and cancellations of those called off."""
        state = self._state
        programme = state.programme(tandem.programme_key)
        persons = state.index.persons.some((tandem.mentee, tandem.mentor))
        out: list[_Wanted] = []
        for meeting in tandem.meetings:
            if meeting.start <= now:
                continue
            for role in (Role.MENTEE, Role.MENTOR):
                person = persons.get(tandem.person_in(role))
                if person is None:
                    continue
                notice = self._notice(tandem, meeting, role, person)
                if notice is not None and not opted_out(
                    self._state, programme, person.id, notice[0]
                ):
                    kind, key, reason = notice
                    out.append(
                        _Wanted(key, kind, person, programme, _Notice(tandem, meeting, reason))
                    )
        return out

    def _notice(
        self, tandem: Tandem, meeting: Meeting, role: Role, person: Person
    ) -> tuple[str, str, Message] | None:
        base = f"{tandem.id}/{meeting.id}"
        if meeting.status in _PLANNED:
            key = f"CORE-MAIL-3/{MEETING_INVITATION}/{base}@{meeting.sequence}/{role.value}"
            return MEETING_INVITATION, key, _invitation_reason(meeting, role)
        if meeting.status in _CALLED_OFF:
            invited = [
                message_key(f"CORE-MAIL-3/{MEETING_INVITATION}/{base}@{n}/{role.value}", person.id)
                for n in range(meeting.sequence + 1)
            ]
            rows = self._state.store.queries.messages(tuple(invited))
            if any(r.status == "sent" for r in rows):
                key = f"CORE-MAIL-3/{MEETING_CANCELLATION}/{base}@{meeting.sequence}/{role.value}"
                return MEETING_CANCELLATION, key, _("the meeting was called off")
        return None

    # ------------------------------------------------------------ helpers

    def _programme_of(self, notification: Notification) -> Programme | None:
        state = self._state
        tandem_id = notification.action.tandem_id
        if tandem_id is not None:
            summary = state.index.tandem(tandem_id)
            return state.programme(summary.programme_key) if summary else None
        # about a person (CORE-RETENTION-1): the programme the coordinator coordinates
        coordinated = sorted(state.index.coordinated(notification.recipient.id))
        return state.programme(coordinated[0]) if coordinated else None


def _invitation_reason(meeting: Meeting, role: Role) -> Message:
    if meeting.status is MeetingStatus.CONFIRMED:
        return _("the meeting is confirmed")
    if meeting.proposed_by is role:
        return _("you proposed a meeting; it waits for the other side's confirmation")
    return _("a meeting was proposed to you: please confirm or decline it")


def _meeting_words(meeting: Meeting, programme: Programme) -> Message:
    return _(
        "{meeting} on {start}",
        meeting=label(meeting.kind),
        start=Moment(meeting.start, programme.timezone),
    )


__all__ = ["NO_ADDRESS", "WAITING", "Draft", "Held", "Outbox", "Plan", "message_key"]
