"""The core's due actions: pure functions of a tandem, its programme and the clock.

Every action gets a key that names its cause (rule, kind, tandem, the cause
itself and the recipient's side), and a ``due_at`` derived from the cause, not
from the time of asking; so the same cause yields the same action however often
it is computed. Participant actions are emitted once per side, so each action
has one recipient role. The engine drops actions that were acknowledged
(:meth:`~mentorcore.read.delivery.Delivery.acknowledge`).

Dates are shifted with :func:`~mentorcore.policy.periods.shifted`, which clamps
instead of overflowing: a meeting on 9999-12-31 or a setting of 10**30 days
makes an action due "never" (at the end of time), not an error for everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from attrs import frozen

from mentorcore.domain import GoalStatus, MeetingStatus, Programme, Role, Tandem, TandemStatus
from mentorcore.domain.labels import label
from mentorcore.i18n import Day, Message, Moment, Text, _
from mentorcore.policy.cadence import cadence_report, deviations
from mentorcore.policy.decisions import CadenceRule, Content, DueAction
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.periods import local_date, meeting_end, shifted, shifted_date, zone
from mentorcore.policy.settings import int_setting

#: Kinds of due action (``DueAction.kind``), for hosts choosing a message.
FEEDBACK_REQUEST = "feedback-request"
INACTIVITY_REMINDER = "inactivity-reminder"
CADENCE_WARNING = "cadence-warning"
GOAL_REVIEW = "goal-review"
CLOSING_DUE = "closing-due"
AMENDMENT_DUE = "amendment-due"
EVALUATION = "evaluation"
#: A tandem that has not met for ``stalled_after_days``: for the coordination.
STALLED = "stalled-tandem"
#: A new pairing's notification; the host adds the counterpart's contact data
#: (:meth:`~mentorcore.read.delivery.Delivery.notifications`, OSTALB-NOTIFY-1).
PAIRING_NOTIFICATION = "pairing-notice"
#: A person whose data no programme needs any more (CORE-RETENTION-1): for
#: the coordination (:mod:`mentorcore.state.retention`).
RETENTION = "retention"

#: What each kind of due action is called, for texts that name it.
KIND_TITLES: dict[str, Message] = {
    FEEDBACK_REQUEST: _("feedback request"),
    INACTIVITY_REMINDER: _("reminder after a time without activity"),
    CADENCE_WARNING: _("warning about the number of meetings"),
    GOAL_REVIEW: _("goal review"),
    CLOSING_DUE: _("official end of the mentorship"),
    AMENDMENT_DUE: _("amendment of the agreement"),
    EVALUATION: _("evaluation"),
    STALLED: _("stalled tandem"),
    PAIRING_NOTIFICATION: _("notice of a new pairing"),
    RETENTION: _("end of the retention period"),
    # CORE-FEEDBACK-2 (mentorcore.state.feedback): a request not answered in time
    "feedback-reminder": _("reminder to give feedback"),
}


def kind_title(kind: str, title: Message | None = None) -> Message:
    """What a due action of *kind* is called: the programme's own *title* for
    it, else the core's name for the kind, else its code made readable."""
    return title or KIND_TITLES.get(kind) or Message.literal(kind.replace("-", " "))


_PARTICIPANTS = (Role.MENTEE, Role.MENTOR)
# Tandem states in which two people are expected to be in touch.
_IN_TOUCH = frozenset(
    {
        TandemStatus.GETTING_TO_KNOW,
        TandemStatus.AGREEMENT_DRAFTING,
        TandemStatus.AWAITING_APPROVAL,
        TandemStatus.ACTIVE,
        TandemStatus.CLOSING,
    }
)


def action_key(rule_id: str, kind: str, tandem: Tandem, cause: str, role: Role) -> str:
    """The stable key of an action: ``rule/kind/tandem/cause/side``."""
    return f"{rule_id}/{kind}/{tandem.id}/{cause}/{role.value}"


def to_participants(
    tandem: Tandem,
    rule_id: str,
    kind: str,
    cause: str,
    due_at: datetime,
    reason: Text,
    roles: Iterable[Role] = _PARTICIPANTS,
    quotes: frozenset[Content] = frozenset(),
) -> Iterator[DueAction]:
    """One action per side in *roles* for the same cause."""
    for role in roles:
        yield DueAction(
            key=action_key(rule_id, kind, tandem, cause, role),
            rule_id=rule_id,
            kind=kind,
            recipients=(tandem.person_in(role),),
            recipient_role=role,
            due_at=due_at,
            reason=reason,
            tandem_id=tandem.id,
            quotes=quotes,
        )


def core_due_actions(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[DueAction]:
    """CORE-8, 9, 11, 13 and CORE-STALLED actions due at *now* (the defaults' hook answer)."""
    yield from feedback_requests(tandem, now, programme.timezone)
    yield from inactivity_reminders(tandem, programme, now)
    yield from stalled_tandem(tandem, programme, now)
    yield from goal_reviews(tandem, programme, now)
    yield from closing_due(tandem, programme, now)
    yield from amendment_due(tandem, programme, now)


def feedback_requests(tandem: Tandem, now: datetime, timezone: str) -> Iterator[DueAction]:
    """CORE-9: a feedback request to both sides after each confirmed meeting has ended.

    The meeting's time is named in *timezone* (the programme's), with the zone.
    """
    for m in tandem.meetings:
        end = meeting_end(m)
        if m.status in (MeetingStatus.CONFIRMED, MeetingStatus.HELD) and end <= now:
            yield from to_participants(
                tandem,
                "CORE-9",
                FEEDBACK_REQUEST,
                f"meeting:{m.id}:{m.start.isoformat()}",  # a moved meeting is a new cause
                end,
                _(
                    "please give feedback on the {meeting} of {start}",
                    meeting=label(m.kind),
                    start=Moment(m.start, timezone),
                ),
            )


def inactivity_reminders(
    tandem: Tandem, programme: Programme, now: datetime
) -> Iterator[DueAction]:
    """CORE-9: a feedback request after ``inactivity_days`` without activity.

    Activity is any recorded event or the end of a confirmed meeting; a meeting
    still to come means the tandem is not inactive.
    """
    if tandem.status not in _IN_TOUCH or tandem.last_activity_at is None:
        return
    if any(m.is_planned and m.start > now for m in tandem.meetings):
        return
    ends = [
        meeting_end(m)
        for m in tandem.meetings
        if m.status in (MeetingStatus.CONFIRMED, MeetingStatus.HELD)
    ]
    last = max([tandem.last_activity_at, *(e for e in ends if e <= now)])
    days = int_setting(programme, "inactivity_days")
    due = shifted(last, days=days)
    if due <= now:
        yield from to_participants(
            tandem,
            "CORE-9",
            INACTIVITY_REMINDER,
            f"since:{last.isoformat()}",
            due,
            _.plural(
                "no activity since {since} ({n} day): how is the mentoring going?",
                "no activity since {since} ({n} days): how is the mentoring going?",
                days,
                since=Day(local_date(last, programme.timezone)),
            ),
        )


@frozen
class Stall:
    """A tandem that has not met for a long time (CORE-STALLED).

    :ivar since: The end of its last held or confirmed meeting, or when it was
        formed if it never met.
    :ivar due_at: When it became stalled: *since* plus ``stalled_after_days``.
    :ivar reason: Why, in words (with the days and the last meeting's day).
    """

    since: datetime
    due_at: datetime
    reason: Message


def stalled(tandem: Tandem, programme: Programme, now: datetime) -> Stall | None:
    """CORE-STALLED: whether *tandem* has had no held or planned meeting for
    ``stalled_after_days`` at *now*.

    Only tandems under way (getting to know, agreeing, active) can stall; a
    meeting proposed or confirmed for later means the two are still in touch.
    Other activity (messages, goals, records) does not count: that is CORE-9's
    inactivity reminder to the two, this is a meeting that is missing.
    """
    if tandem.status not in _IN_TOUCH - {TandemStatus.CLOSING}:
        return None
    if any(m.is_planned and m.start > now for m in tandem.meetings):
        return None
    ends = [
        meeting_end(m)
        for m in tandem.meetings
        if m.status in (MeetingStatus.CONFIRMED, MeetingStatus.HELD)
    ]
    met = [e for e in ends if e <= now]
    since = max([tandem.created_at, *met])
    days = int_setting(programme, "stalled_after_days")
    due = shifted(since, days=days)
    if due > now:
        return None
    day = Day(local_date(since, programme.timezone))
    reason = (
        _.plural(
            "no meeting held or planned since the last one on {day} (stalled after {n} day)",
            "no meeting held or planned since the last one on {day} (stalled after {n} days)",
            days,
            day=day,
        )
        if met
        else _.plural(
            "no meeting held or planned since the tandem was formed on {day} "
            "(stalled after {n} day)",
            "no meeting held or planned since the tandem was formed on {day} "
            "(stalled after {n} days)",
            days,
            day=day,
        )
    )
    return Stall(since, due, reason)


def stalled_tandem(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[DueAction]:
    """CORE-STALLED: the coordination is asked to look after a stalled tandem,
    once per stall (a new meeting ends it; the next stall is a new cause).

    The two get CORE-9's inactivity reminder; this one is for the coordination,
    which "steht den Mentees und Mentor:innen während des Mentorings
    koordinierend und beratend zur Seite" (seed 000).
    """
    stall = stalled(tandem, programme, now)
    if stall is None:
        return
    yield DueAction(
        key=action_key(
            "CORE-STALLED", STALLED, tandem, f"since:{stall.since.isoformat()}", Role.COORDINATOR
        ),
        rule_id="CORE-STALLED",
        kind=STALLED,
        recipients=(),
        recipient_role=Role.COORDINATOR,
        due_at=stall.due_at,
        reason=_("ask how the tandem is doing: {why}", why=stall.reason),
        tandem_id=tandem.id,
    )


def goal_reviews(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[DueAction]:
    """CORE-13: a review of each open goal not reviewed for ``goal_review_interval_days``."""
    if tandem.status not in (TandemStatus.ACTIVE, TandemStatus.CLOSING):
        return
    interval = int_setting(programme, "goal_review_interval_days")
    for goal in tandem.goals:
        if goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
            continue
        last = goal.reviewed_at or goal.set_at
        due = shifted(last, days=interval)
        if due <= now:
            yield from to_participants(
                tandem,
                "CORE-13",
                GOAL_REVIEW,
                f"goal:{goal.id}:{last.isoformat()}",
                due,
                _(
                    "review the goal “{goal}” (last looked at on {day})",
                    goal=goal.text,
                    day=Day(local_date(last, programme.timezone)),
                ),
                quotes=frozenset({Content.GOALS}),
            )


def closing_due(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[DueAction]:
    """CORE-11: the official end is due once the agreed period is over."""
    agreement = tandem.agreement
    if tandem.status is not TandemStatus.ACTIVE or agreement is None:
        return
    end = agreement.terms.period_end
    if end is None or local_date(now, programme.timezone) <= end:
        return
    due = datetime.combine(shifted_date(end, 1), datetime.min.time(), zone(programme.timezone))
    yield from to_participants(
        tandem,
        "CORE-11",
        CLOSING_DUE,
        f"v{agreement.version}:{end}",
        due,
        _(
            "the agreed period ended on {end}: end the mentorship officially, "
            "ideally with a closing conversation",
            end=end,
        ),
    )


def amendment_due(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[DueAction]:
    """CORE-8: an amendment is due when meetings deviate from the agreement in force.

    Not while an amendment is already waiting for approval.
    """
    if tandem.proposal is not None:
        return
    for deviation in deviations(tandem, programme, now):
        yield from to_participants(
            tandem,
            "CORE-8",
            AMENDMENT_DUE,
            f"{deviation.kind}:{deviation.cause}",
            deviation.since,
            _("update the agreement and approve it again: {why}", why=deviation.message),
            quotes=frozenset({Content.AGREEMENT}),
        )


def cadence_warnings(
    tandem: Tandem, programme: Programme, rules: Iterable[CadenceRule], now: datetime
) -> Iterator[DueAction]:
    """A warning ``cadence_warning_days`` before a period ends short of a rule's minimum.

    Short means: held plus still planned meetings that count under the rule
    fall below what the rule requires of the period.
    """
    if tandem.status not in (TandemStatus.ACTIVE, TandemStatus.CLOSING):
        return
    days = int_setting(programme, "cadence_warning_days")
    for row in cadence_report(tandem, programme, rules, now).periods:
        if row.closed:
            continue
        warn_at = shifted(row.period.ends_at(programme.timezone), days=-days)
        if now < warn_at or row.held + row.planned >= row.required:
            continue
        yield from to_participants(
            tandem,
            row.rule_id,
            CADENCE_WARNING,
            f"period:{row.period.label}",
            warn_at,
            _(
                "{period} ends on {last_day}: {why}",
                period=row.period.title,
                last_day=row.period.last_day,
                why=row.message,
            ),
            quotes=row.quotes,
        )


def due_for(hooks: Hooks, programme: Programme, tandem: Tandem, now: datetime) -> list[DueAction]:
    """Every action the programme and the core make due for *tandem* at *now*
    (acknowledged or not): ``mentorcore_collect_due_actions`` plus cadence warnings."""
    rules = hooks.cadence_rules(programme)
    return [
        *hooks.due_actions(programme, tandem, now),
        *cadence_warnings(tandem, programme, rules, now),
    ]
