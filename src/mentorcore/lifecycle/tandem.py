"""The tandem lifecycle: states and transitions, and nothing else.

:class:`TandemLifecycle` is the single source of truth for which verb is
possible in which status and where it leads. The engine, the fold and the
projections use the transition table derived from the class
(:func:`status_after`): one lookup instead of a machine run (about 0.2 ms per
command), so they can never disagree. :class:`LifecycleRunner` runs the machine
itself from any stored status, for hosts that want its callbacks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed

from mentorcore.domain import TandemStatus

#: The pseudo-status of a tandem that does not exist yet.
NEW = "new"

Vote = Callable[[str, str, str], None]


def _itself(*states: State) -> Any:
    """Internal self-transitions of each of *states* (one verb possible in all of them)."""
    transitions = _stay(states[0])
    for state in states[1:]:
        transitions |= _stay(state)
    return transitions


def _stay(state: State) -> Any:
    return state.to.itself(internal=True)  # type: ignore[no-untyped-call]  # untyped library


class TandemLifecycle(StateMachine):  # type: ignore[misc]  # untyped base class
    """Tandem states and the verbs that move between them (CORE-1..5, 11, 13)."""

    new = State(initial=True, value=NEW)
    requested = State(value=TandemStatus.REQUESTED.value)
    getting_to_know = State(value=TandemStatus.GETTING_TO_KNOW.value)
    agreement_drafting = State(value=TandemStatus.AGREEMENT_DRAFTING.value)
    awaiting_approval = State(value=TandemStatus.AWAITING_APPROVAL.value)
    active = State(value=TandemStatus.ACTIVE.value)
    closing = State(value=TandemStatus.CLOSING.value)
    completed = State(final=True, value=TandemStatus.COMPLETED.value)
    declined = State(final=True, value=TandemStatus.DECLINED.value)
    dissolved = State(final=True, value=TandemStatus.DISSOLVED.value)

    # forming (CORE-1)
    request = new.to(requested)
    assign = new.to(getting_to_know)
    accept = requested.to(getting_to_know)
    decline = requested.to(declined)
    # getting to know: both must opt in, either may opt out
    opt_in = getting_to_know.to.itself(internal=True)
    opt_in_final = getting_to_know.to(agreement_drafting)
    opt_out = getting_to_know.to(dissolved)
    # the agreement (CORE-3, CORE-4)
    draft_agreement = agreement_drafting.to.itself(internal=True)
    submit_agreement = agreement_drafting.to(awaiting_approval)
    withdraw_submission = awaiting_approval.to(agreement_drafting)
    return_agreement = awaiting_approval.to(agreement_drafting)
    approve_agreement = awaiting_approval.to(active)
    # amendments while active (CORE-5)
    propose_amendment = active.to.itself(internal=True)
    approve_amendment = active.to.itself(internal=True)
    reject_amendment = active.to.itself(internal=True)
    # topics of the agreement in force cleared up or dealt with (CORE-TOPICS)
    settle_topic = active.to.itself(internal=True)
    # goals (CORE-13)
    set_goal = (
        getting_to_know.to.itself(internal=True)
        | agreement_drafting.to.itself(internal=True)
        | awaiting_approval.to.itself(internal=True)
        | active.to.itself(internal=True)
    )
    review_goal = active.to.itself(internal=True) | closing.to.itself(internal=True)
    # ending (CORE-11) and re-matching
    start_closing = active.to(closing)
    complete = closing.to(completed)
    dissolve = (
        requested.to(dissolved)
        | getting_to_know.to(dissolved)
        | agreement_drafting.to(dissolved)
        | awaiting_approval.to(dissolved)
        | active.to(dissolved)
        | closing.to(dissolved)
    )
    request_rematch = (
        getting_to_know.to(dissolved)
        | agreement_drafting.to(dissolved)
        | awaiting_approval.to(dissolved)
        | active.to(dissolved)
        | closing.to(dissolved)
    )
    # meetings (CORE-6, CORE-7): self-transitions of every tandem state in
    # which two people meet; the meeting's own status is MeetingLifecycle's.
    _meeting_states = (getting_to_know, agreement_drafting, awaiting_approval, active, closing)
    propose_meeting = _itself(*_meeting_states)
    confirm_meeting = _itself(*_meeting_states)
    decline_meeting = _itself(*_meeting_states)
    reschedule_meeting = _itself(*_meeting_states)
    cancel_meeting = _itself(*_meeting_states)
    confirm_attendance = _itself(*_meeting_states)
    mark_meeting_missed = _itself(*_meeting_states)
    prepare_meeting = _itself(*_meeting_states)
    document_meeting = _itself(*_meeting_states)
    del _meeting_states

    def before_transition(
        self, event: str, source: State, target: State, vote: Vote | None = None
    ) -> None:
        """Let the engine's policy veto the transition by raising.

        A validator, not a condition: a refusal must reach the caller with its
        reasons (see ``TransitionDenied``), never be swallowed.
        """
        if vote is not None:
            vote(str(event), source.value, target.value)


def transition_table(machine: type[StateMachine]) -> dict[tuple[str, str], str]:
    """``(state, verb) -> state`` for every transition of *machine*'s class."""
    table: dict[tuple[str, str], str] = {}
    for state in machine.states:
        for transition in state.transitions:
            table[(state.value, transition.event)] = transition.target.value
    return table


#: ``(status, verb) -> status``, derived from :class:`TandemLifecycle`.
TRANSITIONS: dict[tuple[str, str], str] = transition_table(TandemLifecycle)
#: Every verb of the lifecycle.
VERBS: frozenset[str] = frozenset(verb for _, verb in TRANSITIONS)


def status_after(status: str, verb: str) -> str | None:
    """Where *verb* leads from *status*, or ``None`` if it is not possible there."""
    return TRANSITIONS.get((status, verb))


def possible_verbs(status: str) -> list[str]:
    """The verbs possible in *status*, sorted."""
    return sorted(v for (s, v) in TRANSITIONS if s == status)


class _Status:
    """The machine's model: a mutable holder for the status it works on."""

    value: str | None = None


class LifecycleRunner:
    """Runs :class:`TandemLifecycle` from any stored status.

    python-statemachine keeps the current state in its model, so restoring a
    machine at a stored status is setting the model's field. One machine is
    built once (about 1.3 ms for this machine) and re-pointed for each command
    (about 0.1 ms per transition), instead of being built per command; it is
    rebuilt only after reaching a final state, which ends a machine for good.
    """

    def __init__(self) -> None:
        self._model = _Status()
        self._lock = threading.Lock()
        self._machine = self._build()

    def _build(self) -> TandemLifecycle:
        self._model.value = None  # start fresh at the initial pseudo-status
        return TandemLifecycle(model=self._model, state_field="value")

    def take(self, status: str, verb: str, vote: Vote | None = None) -> str:
        """Run the machine from *status* through *verb* and return the new status.

        :raises TransitionNotAllowed: *verb* is not possible in *status*.
        :raises Exception: whatever *vote* raises to refuse (nothing changes).
        """
        if status not in TandemLifecycle.states_map:
            # A bogus stored status would otherwise surface as a bare KeyError.
            raise TransitionNotAllowed(None, set())
        with self._lock:
            self._model.value = status
            self._machine.send(verb, vote=vote)
            target = str(self._model.value)
            if self._machine.is_terminated:
                # A machine that reached a final state refuses every later
                # event, whatever its model says: build a new one (rare: only
                # when a tandem ends).
                self._machine = self._build()
            return target


def take(status: str, verb: str, vote: Vote | None = None) -> str:
    """Run a fresh machine from *status* through *verb* (see :class:`LifecycleRunner`)."""
    return LifecycleRunner().take(status, verb, vote)
