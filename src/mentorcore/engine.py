"""The engine: commands in, events out, every refusal with its reasons.

For each command the engine catches up with the store, finds the actor's role,
asks the lifecycle whether the verb is possible now, asks the policy (the
programme's plugin and the defaults) whether this actor may do it, records the
one resulting event with optimistic concurrency and tells the plugins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar
from uuid import UUID, uuid4

from mentorcore.adapters.serialization import EventTypes
from mentorcore.adapters.store import EventStore
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.adapters.store.streams import person_stream, programme_stream, tandem_stream
from mentorcore.clock import Clock, SystemClock
from mentorcore.commands import (
    AssignMentor,
    Command,
    Context,
    CreateCommand,
    Refused,
    RequestMentorship,
    TandemCommand,
)
from mentorcore.domain import (
    Actor,
    PersonId,
    Programme,
    Role,
    Tandem,
    Value,
)
from mentorcore.errors import CorruptEvent, InvalidInput, NotFound, PluginError, TransitionDenied
from mentorcore.events import (
    TandemEvent,
)
from mentorcore.lifecycle import tandem as lifecycle
from mentorcore.lifecycle.fold import ReplayError
from mentorcore.policy.decisions import Decision, Transition, refusals
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.pluginmanager import make_plugin_manager
from mentorcore.policy.settings import with_settings
from mentorcore.read.delivery import Delivery
from mentorcore.read.feeds import CalendarFeeds
from mentorcore.read.meetings import MeetingViews
from mentorcore.read.views import ViewQueries
from mentorcore.state.index import Directory
from mentorcore.validation import check
from mentorcore.write.authorization import authorize, impossible, programme_role, tandem_role
from mentorcore.write.pairing import pairing_decisions
from mentorcore.write.people import PeopleCommands
from mentorcore.write.recording import Batch, Recording

T = TypeVar("T")


class Engine(Recording, PeopleCommands, ViewQueries, MeetingViews, Delivery, CalendarFeeds):
    """An embeddable mentoring engine over one event store.

    :param store: An :class:`~mentorcore.adapters.store.EventStore`, or a SQLite path
        (``":memory:"`` for a throwaway database).
    :param clock: Where time comes from; the wall clock by default.
    :param plugins: Extra plugin objects (modules or instances) to register.
    :param load_entrypoints: Whether to load installed programme plugins.
    :param blocked: Plugin names not to load (e.g. ``["kerpen"]``).
    :param settings: Overrides of programme settings, ``{programme: {name: value}}``.
    :param id_factory: Where new ids come from (``uuid4`` by default).
    :raises PluginError: a plugin failed to load or registered something invalid.
    :raises InvalidInput: *settings* names unknown programmes or settings.
    """

    def __init__(
        self,
        store: EventStore | str | Path = ":memory:",
        *,
        clock: Clock | None = None,
        plugins: Iterable[object] = (),
        load_entrypoints: bool = True,
        blocked: Iterable[str] = (),
        settings: Mapping[str, Mapping[str, Value]] | None = None,
        id_factory: Callable[[], UUID] = uuid4,
    ) -> None:
        self.store: EventStore = SQLiteEventStore(store) if isinstance(store, str | Path) else store
        self.clock: Clock = clock or SystemClock()
        self.plugin_manager = make_plugin_manager(
            load_entrypoints=load_entrypoints, blocked=blocked, plugins=plugins
        )
        self.hooks = Hooks(self.plugin_manager)
        self.event_types = EventTypes()
        self._new_id = id_factory
        self._lifecycle = lifecycle.LifecycleRunner()
        self._programmes: dict[str, Programme] = {}
        self._load_programmes(dict(settings or {}))
        self._directory = Directory()
        self._batch: Batch | None = None
        self._lock = threading.RLock()
        self._catch_up()

    # ------------------------------------------------------------ programmes

    def _load_programmes(self, settings: dict[str, Mapping[str, Value]]) -> None:
        def accept(programme: Programme, plugin: str) -> None:
            if programme.key in self._programmes:
                raise PluginError(plugin, f"programme key {programme.key!r} is registered twice")
            self._programmes[programme.key] = with_settings(
                programme, settings.pop(programme.key, {})
            )

        self.hooks.register_programmes(accept)
        if settings:
            raise InvalidInput(
                [(f"settings.{key}", "no such programme is installed") for key in settings]
            )

    def programmes(self) -> list[Programme]:
        """The installed programmes, by key."""
        return [self._programmes[k] for k in sorted(self._programmes)]

    def programme(self, key: str) -> Programme:
        """The programme with *key*, its settings in force.

        :raises NotFound: no installed plugin supplies it.
        """
        try:
            return self._programmes[key]
        except KeyError:
            known = ", ".join(sorted(self._programmes))
            raise NotFound("programme", f"{key!r} (installed: {known})") from None

    # ------------------------------------------------------------ reading state

    def _catch_up(self) -> None:
        if self._batch is not None:
            # Inside atomic(): decide on the state at its start plus its own
            # changes; other writers' events would interleave with tentative
            # ones. A concurrent write shows up as a conflict at commit.
            return
        for rec in self.store.read_all(self._directory.position):
            event = self.event_types.decode(rec.stream_id, rec.version, rec.name, rec.data)
            try:
                self._directory.apply(event, rec.position, rec.stream_id, rec.version)
            except (ReplayError, KeyError) as exc:
                raise CorruptEvent(rec.stream_id, rec.version, str(exc)) from exc

    def _read(self, fn: Callable[[Directory], T]) -> T:
        with self._lock:
            self._catch_up()
            return fn(self._directory)

    # ------------------------------------------------------------ commands

    def execute(self, command: Command, *, actor: Actor) -> Tandem:
        """Carry out *command* on behalf of *actor* and return the tandem after it.

        :raises TransitionDenied: the lifecycle, the actor's rights or a
            programme rule refuse it; carries every decision. Nothing is stored.
        :raises InvalidInput: the command or actor is malformed.
        :raises NotFound: the tandem, programme or a person does not exist.
        :raises ConcurrencyConflict: another writer changed the tandem
            meanwhile; nothing is stored, reload and retry.
        """
        return self.execute_all([command], actor=actor)[0]

    def execute_all(self, commands: Sequence[Command], *, actor: Actor) -> list[Tandem]:
        """Carry out *commands* in order, all or nothing, and return the tandems after.

        Each command is decided against the state the earlier ones leave (so a
        mentor's capacity counts the tandems created earlier in the batch);
        the events of all of them are then stored in one atomic append.

        :raises TransitionDenied: a command is refused; the error's ``verb``
            and message name it (``"#3 assign refused: ..."``). Nothing is stored.
        :raises InvalidInput, NotFound, ConcurrencyConflict: as :meth:`execute`.
        """
        check(actor, "actor", Actor)
        for command in commands:
            check(command, expected=Command)
        with self._lock:
            self._catch_up()
            decided: list[tuple[Tandem | None, TandemEvent, Programme]] = []
            # Later commands must see the earlier ones' effects: fold them in
            # tentatively, then undo, so the store stays the only source of truth.
            snapshot = self._directory.snapshot() if len(commands) > 1 else None
            try:
                for number, command in enumerate(commands, start=1):
                    before, event, programme = self._decide(command, actor, number, len(commands))
                    decided.append((before, event, programme))
                    if snapshot is not None:
                        self._directory.apply(event, self._directory.position)
            finally:
                if snapshot is not None:
                    self._directory.restore(snapshot)
            return self._record(decided)

    def _decide(
        self, command: Command, actor: Actor, number: int, total: int
    ) -> tuple[Tandem | None, TandemEvent, Programme]:
        label = command.verb if total == 1 else f"#{number} {command.verb}"
        try:
            if isinstance(command, CreateCommand):
                before, event, programme = None, *self._decide_create(command, actor)
            elif isinstance(command, TandemCommand):
                before, event, programme = self._decide_change(command, actor)
            else:
                raise InvalidInput(
                    [("command", f"{type(command).__name__} is not a mentorcore command")]
                )
        except TransitionDenied as denied:
            raise TransitionDenied(label, denied.decisions) from None
        return before, event, programme

    def _decide_change(
        self, command: TandemCommand, actor: Actor
    ) -> tuple[Tandem, TandemEvent, Programme]:
        tandem = self._directory.tandems.get(command.tandem_id)
        if tandem is None:
            raise NotFound("tandem", command.tandem_id)
        programme = self.programme(tandem.programme_key)
        role = tandem_role(self._directory, actor, tandem)
        verb = command.verb
        status = tandem.status.value
        if lifecycle.status_after(status, verb) is None:
            raise TransitionDenied(verb, [impossible(verb, status)])
        decisions = [authorize(self.hooks, programme, verb, actor, role)]
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
        programme = self.programme(command.programme_key)
        d = self._directory
        verb = command.verb
        if isinstance(command, RequestMentorship):
            mentee_id = actor.person_id or PersonId("")
            role: Role | None = (
                Role.MENTEE if d.enrolment(mentee_id, programme.key, Role.MENTEE) else None
            )
        else:
            assert isinstance(command, AssignMentor)
            mentee_id = command.mentee
            role = programme_role(d, actor, programme.key)
        decisions = [authorize(self.hooks, programme, verb, actor, role)]
        if refusals(decisions) or role is None:
            raise TransitionDenied(verb, decisions)
        decisions += pairing_decisions(d, self.hooks, programme, mentee_id, command)
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
        def vote(_verb: str, _source: str, _target: str) -> None:
            decisions.extend(self.hooks.check_transition(programme, tandem, transition))
            if refusals(decisions):
                raise TransitionDenied(transition.verb, decisions)

        status = tandem.status.value if tandem else lifecycle.NEW
        if refusals(decisions):
            raise TransitionDenied(transition.verb, decisions)
        self._lifecycle.take(status, event.verb_for(tandem), vote=vote)

    # ------------------------------------------------------------ authorization

    def role_for(self, actor: Actor, tandem: Tandem) -> Role | None:
        """The role *actor* plays for *tandem*: mentee, mentor, coordinator, system or none."""
        return self._read(lambda d: tandem_role(d, actor, tandem))

    def _context(self, actor: Actor, role: Role, programme: Programme) -> Context:
        return Context(self.clock.now(), actor, role, programme, self._new_id)

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Engine", "person_stream", "programme_stream", "tandem_stream"]
