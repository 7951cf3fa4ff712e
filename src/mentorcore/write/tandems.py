"""Tandem commands: the lifecycle decides, rights are checked, the programme votes.

For each command, inside one unit of work: load the tandem, find the actor's
role, ask the lifecycle whether the verb is possible now (its transition
table, derived from :class:`~mentorcore.lifecycle.tandem.TandemLifecycle`),
ask the policy whether this actor may do it, let the command decide its
event, let the programme vote, then record the event.

At the door every text of the command is checked (:func:`~mentorcore.validation.check_texts`),
and what the host's clock and id factory answer is checked before it is
used (:mod:`~mentorcore.write.callbacks`). On a conflict the commands are
decided again (:meth:`~mentorcore.write.recording.Recorder.run`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from attrs import frozen

from mentorcore.adapters.store.streams import person_stream, programme_stream
from mentorcore.commands import (
    AssignMentor,
    Command,
    Context,
    CreateCommand,
    Refused,
    RequestMentorship,
    TandemCommand,
)
from mentorcore.commands.meeting import meeting_id_in_use
from mentorcore.domain import Actor, PersonId, Programme, Role, Tandem
from mentorcore.errors import InvalidInput, TransitionDenied
from mentorcore.events import TandemEvent
from mentorcore.i18n import _
from mentorcore.lifecycle.tandem import NEW, status_after
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision, Transition, refusals
from mentorcore.policy.possible import possible_now
from mentorcore.state.access import State
from mentorcore.state.participants import TandemParticipants
from mentorcore.validation import check, check_texts, show
from mentorcore.write.authorization import authorize, impossible
from mentorcore.write.callbacks import IdSource, checked_now
from mentorcore.write.pairing import pairing_decisions, with_track
from mentorcore.write.recording import Recorder


@frozen
class _Decided:
    """A decision: the tandem before, its one event, and the streams it read."""

    before: Tandem | None
    event: TandemEvent
    programme: Programme
    guards: dict[str, int] | None = None


class TandemCommands:
    """Carries out tandem commands (see :meth:`mentorcore.engine.Engine.execute`)."""

    def __init__(self, state: State, recorder: Recorder, new_id: Callable[[], UUID]) -> None:
        self._state = state
        self._recorder = recorder
        self._new_id = new_id

    def execute_all(self, commands: Sequence[Command], actor: Actor) -> list[Tandem]:
        """Decide and record *commands* in order, in one unit of work."""
        check(actor, "actor", Actor)
        if not isinstance(commands, list | tuple):
            raise InvalidInput(
                [("commands", _("expected a list of commands, got {got}", got=show(commands)))]
            )
        for command in commands:
            check(command, expected=Command)
            check_texts(command, type(command).__name__)
        return self._recorder.run(lambda: self._decide_all(commands, actor))

    def _decide_all(self, commands: Sequence[Command], actor: Actor) -> list[Tandem]:
        after: list[Tandem] = []
        for number, command in enumerate(commands, start=1):
            try:
                d = self._decide(command, actor)
            except TransitionDenied as denied:
                if len(commands) == 1:
                    raise
                raise TransitionDenied(
                    f"#{number} {command.verb}",
                    denied.decisions,
                    action=denied.action,
                    position=number,
                ) from None
            after.append(self._recorder.record(d.programme, d.before, d.event, d.guards))
        return after

    def _decide(self, command: Command, actor: Actor) -> _Decided:
        if isinstance(command, CreateCommand):
            return self._decide_create(command, actor)
        if isinstance(command, TandemCommand):
            return self._decide_change(command, actor)
        raise InvalidInput(
            [
                (
                    "command",
                    _("{type} is not a mentorcore command", type=type(command).__name__),
                )
            ]
        )

    def _decide_change(self, command: TandemCommand, actor: Actor) -> _Decided:
        state = self._state
        tandem = state.tandem(command.tandem_id)
        programme = state.programme(tandem.programme_key)
        role = state.role_for(actor, tandem)
        verb = command.verb
        status = tandem.status.value
        if status_after(status, verb) is None:
            now = checked_now(state.clock)
            possible = possible_now(state.hooks, programme, tandem, role, now)
            raise _denied(verb, [impossible(verb, status, possible, role)])
        decisions = [authorize(state.hooks, programme, verb, actor, role, state.index)]
        if refusals(decisions) or role is None:
            raise _denied(verb, decisions)
        ctx = self._context(actor, role, programme, tandem)
        try:
            event = command.decide(tandem, ctx)
        except Refused as refused:
            raise _denied(verb, [*decisions, refused.decision]) from None
        taken = meeting_id_in_use(event, state.store.queries.meeting_tandem)  # CORE-MEETING
        if taken is not None:
            raise _denied(verb, [*decisions, taken])
        transition = Transition(verb, actor, role, ctx.now, command)
        self._vote(programme, tandem, transition, event, decisions)
        return _Decided(tandem, event, programme)

    def _decide_create(self, command: CreateCommand, actor: Actor) -> _Decided:
        state = self._state
        programme = state.programme(command.programme_key)
        verb = command.verb
        if isinstance(command, RequestMentorship):
            mentee_id = actor.person_id or PersonId("")
        else:
            assert isinstance(command, AssignMentor)
            mentee_id = command.mentee
        # Capacity, one tandem per mentee and relations are read from other
        # streams than the new tandem's: their versions guard the append.
        version = state.store.version
        guards = {
            s: version(s)
            for s in (
                programme_stream(programme.key),
                person_stream(mentee_id),
                person_stream(command.mentor),
            )
        }
        if isinstance(command, RequestMentorship):
            enrolled = state.index.enrolment(mentee_id, programme.key, Role.MENTEE)
            role: Role | None = Role.MENTEE if enrolled else None
        else:
            role = state.programme_role(actor, programme.key)
        decisions = [authorize(state.hooks, programme, verb, actor, role, state.index)]
        if refusals(decisions) or role is None:
            raise _denied(verb, decisions)
        command = with_track(state.index, programme, mentee_id, command)  # CORE-TRACK
        decisions += pairing_decisions(state.index, state.hooks, programme, mentee_id, command)
        ctx = self._context(actor, role, programme)
        event = command.decide_new(ctx, mentee_id)
        transition = Transition(verb, actor, role, ctx.now, command)
        self._vote(programme, None, transition, event, decisions)
        return _Decided(None, event, programme, guards)

    def _vote(
        self,
        programme: Programme,
        tandem: Tandem | None,
        transition: Transition,
        event: TandemEvent,
        decisions: list[Decision],
    ) -> None:
        if refusals(decisions):
            raise _denied(transition.verb, decisions)
        status = tandem.status.value if tandem else NEW
        if status_after(status, event.verb_for(tandem)) is None:
            raise _denied(transition.verb, [*decisions, impossible(event.verb_for(tandem), status)])
        people = TandemParticipants(self._state.index, programme.key, tandem)  # read if asked
        decisions.extend(self._state.hooks.check_transition(programme, tandem, transition, people))
        if refusals(decisions):
            raise _denied(transition.verb, decisions)

    def _context(
        self, actor: Actor, role: Role, programme: Programme, tandem: Tandem | None = None
    ) -> Context:
        # The host's callbacks answer here; what they answer is checked first.
        ids = IdSource(self._new_id, self._state, tandem)
        return Context(checked_now(self._state.clock), actor, role, programme, ids)


def _denied(verb: str, decisions: Sequence[Decision]) -> TransitionDenied:
    """The refusal of *verb*, naming the action as people call it."""
    return TransitionDenied(verb, decisions, action=verb_label(verb))
