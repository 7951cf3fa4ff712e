"""The engine: a small facade that wires a write side and a read side.

Opening an engine reads no history: the read model lives in tables of the
store, kept in the same transaction as the events. Commands go to the write
side (:mod:`mentorcore.write`); every read goes through a
:class:`~mentorcore.read.reader.Reader` bound to one viewer (:meth:`Engine.reader`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from uuid import UUID, uuid4

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.mail import Address
from mentorcore.adapters.sealing import Sealer
from mentorcore.adapters.store import EventStore
from mentorcore.adapters.store.keys import KeyStore
from mentorcore.adapters.store.opening import open_store, seal_plain_events
from mentorcore.clock import Clock, SystemClock
from mentorcore.commands import Command
from mentorcore.configuration import check_callbacks, check_configuration, load_programmes
from mentorcore.delivery import Backoff, Delivery
from mentorcore.domain import (
    Actor,
    Enrolment,
    FeedbackResponse,
    Person,
    Programme,
    Relation,
    Role,
    Tandem,
    TandemId,
    Template,
    Value,
)
from mentorcore.i18n import negotiate
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.pluginmanager import make_plugin_manager
from mentorcore.policy.records import template_for
from mentorcore.read.reader import Reader
from mentorcore.state.access import State
from mentorcore.validation import check
from mentorcore.write.acknowledgements import Acknowledgements
from mentorcore.write.erasure import Erasure, Erasures
from mentorcore.write.feedback import FeedbackCommands
from mentorcore.write.outbox import OutboxRecords
from mentorcore.write.people import PeopleCommands
from mentorcore.write.preferences import Preferences
from mentorcore.write.recording import Recorder
from mentorcore.write.tandems import TandemCommands


class Engine:
    """An embeddable mentoring engine over one event store.

    :param store: An :class:`~mentorcore.adapters.store.EventStore`, a
        PostgreSQL URL (``postgresql://…``, the ``postgres`` extra), or a
        SQLite path (``":memory:"`` for a throwaway database).
    :param clock: Where time comes from; the wall clock by default. Its
        ``now()`` must answer an aware datetime (years 1900-2999); checked on
        every write.
    :param plugins: Extra plugin objects (modules or instances) to register.
    :param load_entrypoints: Whether to load installed programme plugins.
    :param blocked: Plugin names not to load (e.g. ``["kerpen"]``).
    :param settings: Overrides of programme settings, ``{programme: {name: value}}``.
    :param id_factory: Where new ids come from (``uuid4`` by default): a
        function returning a new :class:`~uuid.UUID` on every call. What it
        returns is checked before anything is stored (a UUID, not yet in use).
    :param rebuild_progress: For a SQLite path: called as ``(done, total)``
        while an old database's read model is rebuilt on opening.
    :param key_store: Where the keys that seal personal data live
        (:mod:`mentorcore.adapters.store.keys`); by default a table of the
        store's database. Destroying a key erases its subject's data.
    :param cache_size: How many tandems the engine keeps decoded between
        commands and reads (about 15 KiB each for a tandem of 50 events); a
        long-running host does best with room for its live tandems.
    :raises PluginError: a plugin failed to load or registered something invalid.
    :raises InvalidInput: *settings* names unknown programmes or settings;
        *clock* has no ``now()``, or *id_factory* cannot be called; *store*,
        *plugins*, *blocked* or *settings* is of the wrong kind.
    :raises StoreError: the database cannot be opened.
    :raises CorruptEvent: the event log fails its checks while the read model
        is rebuilt on opening (names stream and version).
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
        id_factory: Callable[[], UUID] | None = uuid4,
        rebuild_progress: Callable[[int, int], None] | None = None,
        cache_size: int = 10_000,
        language: str | None = None,
        key_store: KeyStore | None = None,
    ) -> None:
        check_callbacks(clock, id_factory, language, cache_size)
        check_configuration(store, plugins, blocked, settings, key_store)
        self.clock: Clock = clock or SystemClock()
        self.plugin_manager = make_plugin_manager(
            load_entrypoints=load_entrypoints, blocked=blocked, plugins=plugins
        )
        self.hooks = Hooks(self.plugin_manager)
        programmes = load_programmes(self.hooks, dict(settings or {}))
        if isinstance(store, str | Path):
            store = open_store(store, rebuild_progress=rebuild_progress)
        self.store: EventStore = store
        sealer = Sealer(key_store or self.store.keys, self.store.queries.erased)
        self._state = State(
            self.store,
            self.hooks,
            programmes,
            self.clock,
            EventTypes(sealer=sealer),
            cache_size,
            negotiate(language),
        )
        seal_plain_events(self.store, self._state.event_types, rebuild_progress)
        self._recorder = Recorder(self._state)
        self._tandems = TandemCommands(self._state, self._recorder, id_factory or uuid4)
        self._people = PeopleCommands(self._state, self._recorder)
        self._acknowledgements = Acknowledgements(self._state, self._recorder)
        self._erasures = Erasures(self._state, self._recorder)
        self._outbox = OutboxRecords(self._state, self._recorder)
        self._feedback = FeedbackCommands(self._state, self._recorder)
        self._preferences = Preferences(self._state, self._recorder)

    # ------------------------------------------------------------ configuration

    def programmes(self) -> list[Programme]:
        """The installed programmes, by key."""
        return self._state.programmes()

    def programme(self, key: str) -> Programme:
        """The programme with *key*, its settings in force.

        :raises NotFound: no installed plugin supplies it.
        """
        return self._state.programme(key)

    def record_template(self, programme_key: str, purpose: str) -> Template:
        """The form in force for records of *purpose* (``"meeting_notes"``,
        ``"preparation"``, ``"first_conversation"``): the programme's own
        (MEDIC-DOC-1), else the core's generic one."""
        return template_for(self.programme(programme_key), purpose)

    # ------------------------------------------------------------ reading

    @property
    def state(self) -> State:
        """The shared parts, unfiltered: for mentorcore's own services (matching).

        Hosts read through :meth:`reader`, which applies the viewer's rights.
        """
        return self._state

    @property
    def language(self) -> str | None:
        """The language chosen for this engine (``None``: each programme's own)."""
        return self._state.language

    def reader(self, viewer: Actor, *, language: str | None = None) -> Reader:
        """Everything mentorcore shows, as *viewer* may see it, in *language*
        (default: the context's, the engine's, then the programme's).

        :raises InvalidInput: *viewer* is not an :class:`~mentorcore.domain.Actor`.
        """
        return Reader(self._state, viewer, language=language)

    # ------------------------------------------------------------ commands

    def execute(self, command: Command, *, actor: Actor) -> Tandem:
        """Carry out *command* on behalf of *actor* and return the tandem after it.

        :raises TransitionDenied: the lifecycle, the actor's rights or a
            programme rule refuse it; carries every decision. Nothing is stored.
        :raises InvalidInput: the command or actor is malformed.
        :raises NotFound: the tandem, programme or a person does not exist.
        :raises ConcurrencyConflict: another writer changed a stream the
            command decided on, and kept doing so while the command was
            decided again on the fresh state (up to
            :data:`~mentorcore.write.recording.RETRIES` times; inside
            :meth:`atomic` at once, without a retry); nothing is stored.
        """
        return self._tandems.execute_all([command], actor)[0]

    def execute_all(self, commands: Sequence[Command], *, actor: Actor) -> list[Tandem]:
        """Carry out *commands* in order, all or nothing, and return the tandems after.

        Each command is decided against the state the earlier ones leave (so a
        mentor's capacity counts the tandems created earlier in the batch);
        all are committed together.

        :raises TransitionDenied: a command is refused; the error's ``verb``
            and message name it (``"#3 assign refused: ..."``). Nothing is stored.
        :raises InvalidInput, NotFound, ConcurrencyConflict: as :meth:`execute`.
        """
        return self._tandems.execute_all(commands, actor)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Store everything the commands inside do together, or nothing.

        People commands and tandem commands inside see each other's effects;
        they are committed when the block ends without an exception (one
        commit: cheaper than one per command), and plugins are told after
        that. An exception or a refusal leaves the store as it was. Nested
        blocks join the outer one.

        A :class:`~mentorcore.errors.ConcurrencyConflict` inside the block
        is not retried by the engine (the block runs the host's own code):
        it reaches the host, who may run the whole block again. (With
        SQLite it cannot happen: the block holds the write lock.)
        """
        with self._recorder.unit():
            yield

    def register_person(self, person: Person, *, actor: Actor) -> Person:
        """Make *person* known, or update their name and contact details.

        Allowed to the system, any coordinator, and the person themself.

        :raises InvalidInput: *person* is malformed (e.g. an empty name).
        :raises TransitionDenied: *actor* may not register people (CORE-AUTH).
        """
        return self._people.register_person(person, actor=actor)

    def enrol(
        self,
        person_id: str,
        programme_key: str,
        role: Role,
        profile: Mapping[str, object] | None = None,
        *,
        track: str | None = None,
        capacity: int = 1,
        external: bool = False,
        actor: Actor,
    ) -> Enrolment:
        """Enrol a registered person in a programme as mentee, mentor or coordinator.

        *profile* holds raw values (typed, or text as read from CSV) checked
        against the programme's fields for *role*. Enrolling again replaces
        the earlier enrolment in that role.

        :raises NotFound: unknown person or programme.
        :raises InvalidInput: the profile, role, track or capacity is malformed.
        :raises TransitionDenied: the programme's eligibility rules or the
            actor's rights refuse it; carries every decision.
        """
        return self._people.enrol(
            person_id,
            programme_key,
            role,
            profile,
            track=track,
            capacity=capacity,
            external=external,
            actor=actor,
        )

    def update_profile(
        self,
        person_id: str,
        programme_key: str,
        role: Role,
        profile: Mapping[str, object],
        *,
        actor: Actor,
    ) -> Enrolment:
        """Replace the profile of an enrolment; checked like :meth:`enrol`."""
        return self._people.update_profile(person_id, programme_key, role, profile, actor=actor)

    def declare_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* holds (e.g. a mentor examines a mentee).

        Allowed to the system, coordinators and the relation's subject.
        """
        self._people.declare_relation(relation, actor=actor)

    def withdraw_relation(self, relation: Relation, *, actor: Actor) -> None:
        """Record that *relation* no longer holds."""
        self._people.withdraw_relation(relation, actor=actor)

    def acknowledge(self, key: str, *, actor: Actor, now: datetime | None = None) -> bool:
        """Record that the due action *key* (due at *now*, the engine's clock by
        default) was delivered; it is not reported again.

        Acknowledging a key twice is harmless (returns ``False`` the second
        time). Allowed to the system (the host's delivery job) and to the
        coordinators of the action's programme.

        :raises NotFound: no action with *key* is due.
        :raises TransitionDenied: *actor* may not acknowledge it (CORE-AUTH).
        """
        return self._acknowledgements.acknowledge(key, actor, now)

    def give_feedback(
        self,
        tandem_id: TandemId,
        request_key: str,
        answers: Mapping[str, object],
        *,
        actor: Actor,
    ) -> FeedbackResponse:
        """Answer a feedback request or an evaluation due to *actor*, with the
        fields of the programme's form (CORE-FEEDBACK-1); see
        :meth:`mentorcore.write.feedback.FeedbackCommands.give`."""
        return self._feedback.give(tandem_id, request_key, answers, actor=actor)

    # ------------------------------------------------------------ mail

    def delivery(
        self, sender: Address | str, *, link: str | None = None, backoff: Backoff | None = None
    ) -> Delivery:
        """The outbox's delivery as *sender* (``"MEDiC <medic@example.org>"``):
        ``.run(mailer)`` sends what is owed, ``.plan()`` shows it without sending.

        Delivery runs outside commands, so a mail server's outage never fails
        one; see :mod:`mentorcore.delivery` and ``docs/notifications.md``.

        :param link: The host's link for calls to action (its app), if any.
        :raises InvalidInput: *sender* is not an e-mail address.
        """
        sender = Address.parse(sender) if isinstance(sender, str) else sender
        check(sender, "sender", Address)
        return Delivery(
            self._state, self._outbox, self._acknowledgements, sender=sender, link=link,
            backoff=backoff,
        )  # fmt: skip

    def set_mail_preference(
        self, person_id: str, programme_key: str, kind: str, receive: bool, *, actor: Actor
    ) -> bool:
        """Record whether the person receives messages of *kind* (CORE-MAIL-2);
        ``False`` if that was their choice already. Only kinds the programme
        marks optional can be turned off. See
        :meth:`mentorcore.write.preferences.Preferences.set`."""
        return self._preferences.set(person_id, programme_key, kind, receive, actor=actor)

    # ------------------------------------------------------------ personal data

    def erase_person(self, person_id: str, *, actor: Actor) -> Erasure:
        """Erase the person's personal data for good (DSGVO Art. 17): their key
        and their tandems' keys are destroyed, so their name, contact,
        profiles and texts read as a placeholder everywhere; counts and
        dates stay. Allowed to the system and the coordinators of their
        programmes (CORE-ERASE-1), once their tandems have ended (CORE-ERASE-2).
        See :mod:`mentorcore.write.erasure`.
        """
        return self._erasures.erase_person(person_id, actor=actor)

    # ------------------------------------------------------------ maintenance

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Check the whole event log, then rebuild the read model from it; return
        how many events were read.

        Stores also rebuild by themselves on opening when their read model is
        of another version or behind the log.

        :raises CorruptEvent: the log fails a check; nothing was changed.
        """
        count = self.store.rebuild(progress)
        self._state.tandems.forget_all()
        return count

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Engine"]
