"""The feedback loop's state: who answered what, what is still owed, and reminders.

A request is a due action whose kind has a form
(:func:`mentorcore.policy.feedback.form_for`) and is addressed to a mentee or
mentor. It is *open* from its ``due_at`` until its recipient answers it
(CORE-FEEDBACK-1); whether the host acknowledged it only says the mail went
out. A request of a kind the programme lists in ``optional_reminders`` lapses
``feedback_open_days`` after it fell due; any other is mandatory and owed until
answered (MEDIC-EVAL-1).

CORE-FEEDBACK-2: an open request is reminded once, ``feedback_reminder_days``
after it fell due, by a due action of kind ``"feedback-reminder"`` whose key
names the request's; not for an optional kind its recipient opted out of.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from attrs import frozen

from mentorcore.adapters.store.rows import FeedbackRow
from mentorcore.domain import PersonId, Programme, Role, Tandem, TandemId, Template
from mentorcore.i18n import _
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.feedback import FEEDBACK_REMINDER, REMIND_RULE, form_for
from mentorcore.policy.periods import shifted
from mentorcore.policy.settings import int_setting
from mentorcore.state.access import State

#: Answers by ``(request key, person id)``.
Answered = dict[tuple[str, str], FeedbackRow]

_PARTICIPANTS = (Role.MENTEE, Role.MENTOR)


@frozen
class OpenRequest:
    """A request its recipient has not answered yet.

    :ivar action: The due action asking for it (key, kind, reason, recipient).
    :ivar form: The form that answers it.
    :ivar mandatory: Whether it is owed until answered (else it lapses).
    :ivar remind_at: When its reminder is due (CORE-FEEDBACK-2).
    :ivar lapses_at: When an optional request is no longer owed (``None``:
        mandatory).
    """

    action: DueAction
    form: Template
    mandatory: bool
    remind_at: datetime
    lapses_at: datetime | None

    @property
    def person_id(self) -> PersonId:
        """Who owes the answer."""
        return self.action.recipients[0]

    @property
    def reminder_key(self) -> str:
        """The key of its reminder."""
        return reminder_key(self.action.key)


def reminder_key(request_key: str) -> str:
    """The key of the reminder of the request *request_key* (CORE-FEEDBACK-2)."""
    return f"{REMIND_RULE}/{FEEDBACK_REMINDER}/{request_key}"


def answered(state: State, tandem_ids: Iterable[TandemId]) -> Answered:
    """Who answered which request in the tandems *tandem_ids*."""
    rows = state.index.feedback(tuple(tandem_ids))
    return {(r.request_key, r.person_id): r for r in rows}


def mandatory(programme: Programme, kind: str) -> bool:
    """Whether requests of *kind* are owed until answered (not optional)."""
    return kind not in programme.optional_reminders


def is_request(programme: Programme, action: DueAction) -> bool:
    """Whether *action* asks a participant for an answer (its kind has a form)."""
    return (
        action.kind != FEEDBACK_REMINDER
        and action.recipient_role in _PARTICIPANTS
        and len(action.recipients) == 1
        and form_for(programme, action.kind) is not None
    )


def open_requests(
    state: State,
    programme: Programme,
    actions: Iterable[DueAction],
    at: datetime,
    given: Answered | None = None,
    tandem: Tandem | None = None,
) -> list[OpenRequest]:
    """The requests among *actions* due at *at* and still open, oldest first.

    *given* is what was answered (looked up for *tandem* if not passed).
    """
    candidates = [a for a in actions if a.due_at <= at and is_request(programme, a)]
    if not candidates:
        return []
    if given is None:
        given = answered(state, (tandem.id,) if tandem is not None else ())
    reminder_days = int_setting(programme, "feedback_reminder_days")
    open_days = int_setting(programme, "feedback_open_days")
    found: dict[str, OpenRequest] = {}
    for action in candidates:
        if (action.key, action.recipients[0]) in given or action.key in found:
            continue
        owed = mandatory(programme, action.kind)
        lapses = None if owed else shifted(action.due_at, days=open_days)
        if lapses is not None and lapses <= at:
            continue
        form = form_for(programme, action.kind)
        assert form is not None  # is_request
        remind = shifted(action.due_at, days=reminder_days)
        found[action.key] = OpenRequest(action, form, owed, remind, lapses)
    return sorted(found.values(), key=lambda r: (r.action.due_at, r.action.key))


def reminder(request: OpenRequest) -> DueAction:
    """CORE-FEEDBACK-2: the reminder of *request*, to its recipient."""
    action = request.action
    return DueAction(
        key=request.reminder_key,
        rule_id=REMIND_RULE,
        kind=FEEDBACK_REMINDER,
        recipients=action.recipients,
        recipient_role=action.recipient_role,
        due_at=request.remind_at,
        reason=_("not answered yet: {request}", request=action.message),
        tandem_id=action.tandem_id,
        quotes=action.quotes,
    )


def opted_out(state: State, programme: Programme, person_id: PersonId, kind: str) -> bool:
    """Whether *person_id* turned off messages of *kind* in *programme* (CORE-MAIL-2);
    never for a mandatory kind."""
    if mandatory(programme, kind):
        return False
    wants = state.store.queries.preferences(person_id).get((programme.key, kind))
    return wants is False


def reminders(
    state: State, programme: Programme, tandem: Tandem, actions: list[DueAction], at: datetime
) -> list[DueAction]:
    """CORE-FEEDBACK-2: the reminders due at *at* of the open requests among *actions*."""
    reminder_days = int_setting(programme, "feedback_reminder_days")
    if not any(
        shifted(a.due_at, days=reminder_days) <= at and is_request(programme, a) for a in actions
    ):
        return []  # nothing old enough: spare the read model the question
    return [
        reminder(r)
        for r in open_requests(state, programme, actions, at, tandem=tandem)
        if r.remind_at <= at and not opted_out(state, programme, r.person_id, r.action.kind)
    ]
