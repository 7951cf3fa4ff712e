"""Tandem commands: the lifecycle decides, rights are checked, the programme votes.

For each command, inside one unit of work: load the tandem, find the actor's
role, ask the lifecycle whether the verb is possible now (its transition
table, derived from :class:`~mentorcore.lifecycle.tandem.TandemLifecycle`),
ask the policy whether this actor may do it, let the command decide its
event, let the programme vote, then record the event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from mentorcore.commands import (
    AssignMentor,
    Command,
    Context,
    CreateCommand,
    Refused,
    RequestMentorship,
    TandemCommand,
)
from mentorcore.domain import Actor, PersonId, Programme, Role, Tandem
from mentorcore.errors import InvalidInput, TransitionDenied
from mentorcore.events import TandemEvent
from mentorcore.lifecycle.tandem import NEW, status_after
from mentorcore.policy.decisions import Decision, Transition, refusals
from mentorcore.state.access import State
from mentorcore.validation import check
from mentorcore.write.authorization import authorize, impossible
from mentorcore.write.pairing import pairing_decisions
from mentorcore.write.recording import Recorder


class TandemCommands:
    """Carries out tandem commands (see :meth:`mentorcore.engine.Engine.execute`)."""

    def __init__(self, state: State, recorder: Recorder, new_id: Callable[[], UUID]) -> None:
        self._state = state
        self._recorder = recorder
        self._new_id = new_id

    def execute_all(self, commands: Sequence[Command], actor: Actor) -> list[Tandem]:
        """Decide and record *commands* in order, in one unit of work."""
        check(actor, "actor", Actor)
        for command in commands:
            check(command, expected=Command)
        after: list[Tandem] = []
        with self._recorder.unit():
            for number, command in enumerate(commands, start=1):
                label = command.verb if len(commands) == 1 else f"#{number} {command.verb}"
                try:
                    before, event, programme = self._decide(command, actor)
                except TransitionDenied as denied:
                    raise TransitionDenied(label, denied.decisions) from None
                after.append(self._recorder.record(programme, before, event))
        return after

    def _decide(
        self, command: Command, actor: Actor
    ) -> tuple[Tandem | None, TandemEvent, Programme]:
        if isinstance(command, CreateCommand):
            event, programme = self._decide_create(command, actor)
            return None, event, programme
        if isinstance(command, TandemCommand):
            return self._decide_change(command, actor)
        raise InvalidInput([("command", f"{type(command).__name__} is not a mentorcore command")])

    def _decide_change(
        self, command: TandemCommand, actor: Actor
    ) -> tuple[Tandem, TandemEvent, Programme]:
        state = self._state
        tandem = state.tandem(command.tandem_id)
        programme = state.programme(tandem.programme_key)
        role = state.role_for(actor, tandem)
        verb = command.verb
        status = tandem.status.value
        if status_after(status, verb) is None:
            raise TransitionDenied(verb, [impossible(verb, status)])
        decisions = [authorize(state.hooks, programme, verb, actor, role)]
        if refusals(decisions) or role is None:
            raise TransitionDenied(verb, decisions)
        ctx = self._context(actor, role, programme)
        try:
            event = command.decide(tandem, ctx)
        except Refused as refused:
            raise TransitionDenied(verb, [*decisions, refused.decision]) from None
        transition = Transition(verb, actor, role, ctx.now, command)
        self._vote(programme, tandem, transition, event, decisions)
        return tandem, event, programme

    def _decide_create(self, command: CreateCommand, actor: Actor) -> tuple[TandemEvent, Programme]:
        state = self._state
        programme = state.programme(command.programme_key)
        verb = command.verb
        if isinstance(command, RequestMentorship):
            mentee_id = actor.person_id or PersonId("")
            enrolled = state.index.enrolment(mentee_id, programme.key, Role.MENTEE)
            role: Role | None = Role.MENTEE if enrolled else None
        else:
            assert isinstance(command, AssignMentor)
            mentee_id = command.mentee
            role = state.programme_role(actor, programme.key)
        decisions = [authorize(state.hooks, programme, verb, actor, role)]
        if refusals(decisions) or role is None:
            raise TransitionDenied(verb, decisions)
        decisions += pairing_decisions(state.index, state.hooks, programme, mentee_id, command)
        ctx = self._context(actor, role, programme)
        event = command.decide_new(ctx, mentee_id)
        transition = Transition(verb, actor, role, ctx.now, command)
        self._vote(programme, None, transition, event, decisions)
        return event, programme

    def _vote(
        self,
        programme: Programme,
        tandem: Tandem | None,
        transition: Transition,
        event: TandemEvent,
        decisions: list[Decision],
    ) -> None:
        if refusals(decisions):
            raise TransitionDenied(transition.verb, decisions)
        status = tandem.status.value if tandem else NEW
        if status_after(status, event.verb_for(tandem)) is None:
            raise TransitionDenied(
                transition.verb, [*decisions, impossible(event.verb_for(tandem), status)]
            )
        decisions.extend(self._state.hooks.check_transition(programme, tandem, transition))
        if refusals(decisions):
            raise TransitionDenied(transition.verb, decisions)

    def _context(self, actor: Actor, role: Role, programme: Programme) -> Context:
        return Context(self._state.clock.now(), actor, role, programme, self._new_id)
