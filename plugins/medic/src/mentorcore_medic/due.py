"""MEDiC's due actions: the agreement's copies, goal reviews, evaluations, the closing notice.

Pure functions, one per rule, named after its ID; each takes (by name) the
arguments of the ``mentorcore_collect_due_actions`` hook.
:mod:`mentorcore_medic.policy` wires them to the hook. Due actions name no
person by id: the host shows them with their tandem (``tandem_id``) and
delivers them to their recipients.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from mentorcore import Content, DueAction, GoalStatus, Programme, Role, Tandem, TandemStatus
from mentorcore.i18n import Message
from mentorcore.policy.cadence import mentoring_start
from mentorcore.policy.periods import add_months, local_date, local_midnight
from mentorcore_medic.catalogue import whole
from mentorcore_medic.semesters import semesters_ended
from mentorcore_medic.texts import _


def _to_both(
    tandem: Tandem,
    key: str,
    kind: str,
    rule: str,
    due: datetime,
    reason: Message,
    quotes: frozenset[Content] = frozenset(),
) -> Iterator[DueAction]:
    for role in (Role.MENTEE, Role.MENTOR):
        person = tandem.person_in(role)
        yield DueAction(
            f"{key}:{role.value}", rule, kind, (person,), role, due, reason, tandem.id, quotes
        )


def _coordination(programme: Programme) -> Message:
    email = next((c.email for c in programme.contacts if c.email), "")
    if email:
        return _("the mentoring coordination ({email})", email=email)
    return _("the mentoring coordination")


def medic_agr_1_copy_due(tandem: Tandem, programme: Programme) -> list[DueAction]:
    """MEDIC-AGR-1: each version of the agreement in force is copied to the coordination.

    „Eine Kopie der Mentoringvereinbarung wird der Mentoringkoordination
    übermittelt.“ The first agreement and every approved amendment: one action
    per version (the first keeps its key of old, later ones add the version).
    Addressed to the coordinator role with no person: the host sends it to the
    programme's coordination. The tandem records when the first version came
    into force, not when an amendment did, so every version is due since the
    start of the mentorship.
    """
    agreement = tandem.agreement
    if agreement is None or tandem.activated_at is None:
        return []
    key = f"MEDIC-AGR-1:{tandem.id}"
    if agreement.version > 1:
        key += f":v{agreement.version}"
        reason = _(
            "version {version} of the tandem's mentoring agreement (an approved amendment) "
            "is in force: a copy goes to {coordination}",
            version=agreement.version,
            coordination=_coordination(programme),
        )
    else:
        reason = _(
            "the tandem's mentoring agreement is in force: a copy goes to {coordination}",
            coordination=_coordination(programme),
        )
    return [
        DueAction(
            key,
            "MEDIC-AGR-1",
            "agreement-copy",
            (),
            Role.COORDINATOR,
            tandem.activated_at,
            reason,
            tandem.id,
            title=_("copy of the agreement"),
        )
    ]


def medic_goal_1_review_due(tandem: Tandem, programme: Programme, now: datetime) -> list[DueAction]:
    """MEDIC-GOAL-1: a goal not reviewed for the setting's interval is due for review by both.

    The interval (``goal_review_interval_days``, about a semester) is at most
    two years, so reviews come regularly and at the latest after two years;
    each review starts the next interval (the key holds the last review).
    """
    if tandem.status not in (TandemStatus.ACTIVE, TandemStatus.CLOSING):
        return []
    interval = timedelta(days=whole(programme, "goal_review_interval_days"))
    due: list[DueAction] = []
    for goal in tandem.goals:
        last = goal.reviewed_at or goal.set_at
        if goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED) or now - last < interval:
            continue
        due += _to_both(
            tandem,
            f"MEDIC-GOAL-1:{tandem.id}:{goal.id}:{last:%Y-%m-%d}",
            "goal-review",
            "MEDIC-GOAL-1",
            last + interval,
            _(
                "review the goal “{goal}” (last reviewed on {last}); MEDiC reviews goals "
                "regularly (every {days} days) and at the latest after two years, and "
                "updates them if needed",
                goal=goal.text,
                last=local_date(last, programme.timezone),
                days=interval.days,
            ),
            frozenset({Content.GOALS}),
        )
    return due


def medic_eval_1_evaluations_due(
    tandem: Tandem, programme: Programme, now: datetime
) -> list[DueAction]:
    """MEDIC-EVAL-1: an evaluation after every semester of the mentorship and at its end."""
    if tandem.activated_at is None:
        return []
    tz = programme.timezone
    start = mentoring_start(tandem, tz)  # the agreed start if later (1 October)
    # No mentorship runs for a century: like the core's cadence, reckon at most 100
    # years, so a host asking what is due in 9999 gets a short answer, quickly.
    until = min(local_date(min(now, tandem.ended_at or now), tz), add_months(start, 1200))
    due: list[DueAction] = []
    for semester in semesters_ended(start, until):
        due += _to_both(
            tandem,
            f"MEDIC-EVAL-1:{tandem.id}:{semester.label}",
            "evaluation",
            "MEDIC-EVAL-1",
            local_midnight(semester.end + timedelta(days=1), tz),
            _(
                "the {semester} is over (it ended on {end}): the accompanying feedback round "
                "and evaluation of the mentoring are mandatory",
                semester=semester.name,
                end=semester.end,
            ),
        )
    if tandem.status in (TandemStatus.COMPLETED, TandemStatus.DISSOLVED) and tandem.ended_at:
        due += _to_both(
            tandem,
            f"MEDIC-EVAL-1:{tandem.id}:final",
            "evaluation",
            "MEDIC-EVAL-1",
            tandem.ended_at,
            _("the mentorship has ended: the final evaluation of the mentoring is mandatory"),
        )
    return due


def medic_end_1_inform_coordination(tandem: Tandem, programme: Programme) -> list[DueAction]:
    """MEDIC-END-1: after the closing conversation the coordination is informed."""
    if tandem.status is not TandemStatus.COMPLETED or tandem.ended_at is None:
        return []
    return [
        DueAction(
            f"MEDIC-END-1:{tandem.id}",
            "MEDIC-END-1",
            "completion-notice",
            (),
            Role.COORDINATOR,
            tandem.ended_at,
            _(
                "the mentorship was completed after its closing conversation on {day}: "
                "inform {coordination}",
                day=local_date(tandem.ended_at, programme.timezone),
                coordination=_coordination(programme),
            ),
            tandem.id,
            title=_("completion notice"),
        )
    ]
