"""The lifecycle of one meeting: states and transitions, and nothing else.

A meeting lives inside its tandem's stream; every meeting verb is also a
self-transition of :class:`~mentorcore.lifecycle.tandem.TandemLifecycle` in the tandem
states where meetings make sense. This machine says which verb is possible in
which *meeting* status. Commands and the fold use the table derived from the
class (:func:`meeting_status_after`) to refuse, say, confirming a cancelled
meeting with a reason; :func:`take_meeting` runs the machine itself.
"""

from __future__ import annotations

from typing import Any

from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed

from mentorcore.domain import MeetingStatus
from mentorcore.lifecycle.tandem import transition_table

#: The pseudo-status of a meeting that has not been proposed yet.
NEW = "new"


def _stay(state: State) -> Any:
    return state.to.itself(internal=True)  # type: ignore[no-untyped-call]  # untyped library


class MeetingLifecycle(StateMachine):
    """Meeting states and the verbs that move between them (CORE-6, CORE-7)."""

    # A held meeting has no end: the second side may confirm attendance and
    # records may be written at any later time. So not every state leads to a
    # final one, which python-statemachine would otherwise refuse.
    validate_final_reachability = False

    new = State(initial=True, value=NEW)
    proposed = State(value=MeetingStatus.PROPOSED.value)
    confirmed = State(value=MeetingStatus.CONFIRMED.value)
    held = State(value=MeetingStatus.HELD.value)
    declined = State(final=True, value=MeetingStatus.DECLINED.value)
    cancelled = State(final=True, value=MeetingStatus.CANCELLED.value)
    missed = State(final=True, value=MeetingStatus.MISSED.value)

    propose_meeting = new.to(proposed)
    confirm_meeting = proposed.to(confirmed)
    decline_meeting = proposed.to(declined)
    # a new time needs the other side's consent again
    reschedule_meeting = _stay(proposed) | confirmed.to(proposed)
    cancel_meeting = proposed.to(cancelled) | confirmed.to(cancelled)
    confirm_attendance = confirmed.to(held) | _stay(held)
    mark_meeting_missed = confirmed.to(missed)
    prepare_meeting = _stay(proposed) | _stay(confirmed) | _stay(held)
    document_meeting = _stay(held)


#: ``(meeting status, verb) -> meeting status``, derived from :class:`MeetingLifecycle`.
MEETING_TRANSITIONS: dict[tuple[str, str], str] = transition_table(MeetingLifecycle)
#: Every meeting verb (each is also a tandem-lifecycle verb).
MEETING_VERBS: frozenset[str] = frozenset(verb for _, verb in MEETING_TRANSITIONS)


def meeting_status_after(status: str, verb: str) -> str | None:
    """Where *verb* leads a meeting in *status*, or ``None`` if impossible there."""
    return MEETING_TRANSITIONS.get((status, verb))


def possible_meeting_verbs(status: str) -> list[str]:
    """The meeting verbs possible in *status*, sorted."""
    return sorted(v for (s, v) in MEETING_TRANSITIONS if s == status)


def take_meeting(status: str, verb: str) -> str:
    """Run the machine from *status* through *verb* and return the new status.

    :raises TransitionNotAllowed: *verb* is not possible for a meeting in *status*.
    """
    if status not in MeetingLifecycle.states_map:
        raise TransitionNotAllowed(None, set())  # statuses come from the enum; defensive
    machine = MeetingLifecycle(start_value=status)
    machine.send(verb)
    return str(machine.current_state_value)
