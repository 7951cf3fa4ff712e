"""What the write side and the read side share: the store, its read model, the
policy, the programmes and the clock, and who plays which role.

The role of an actor is never claimed by the caller: it follows from the tandem
(mentee, mentor), the programme's enrolments (coordinator) or the actor being
the system.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import EventStore
from mentorcore.clock import Clock
from mentorcore.domain import Actor, Programme, Role, Tandem, TandemId, TandemSummary
from mentorcore.errors import NotFound
from mentorcore.i18n import SOURCE, _, chosen_language, negotiate
from mentorcore.policy.hooks import Hooks
from mentorcore.state.aggregates import Tandems
from mentorcore.state.index import Index
from mentorcore.validation import check_id


class State:
    """The engine's shared parts; built once per engine, handed to both sides.

    :ivar index: Unfiltered read-model queries.
    :ivar tandems: Full tandem states on demand.
    """

    def __init__(
        self,
        store: EventStore,
        hooks: Hooks,
        programmes: Mapping[str, Programme],
        clock: Clock,
        event_types: EventTypes,
        cache_size: int = 10_000,
        language: str | None = None,
    ) -> None:
        self.store = store
        self.language = language
        self.hooks = hooks
        self.clock = clock
        self.event_types = event_types
        self.index = Index(store.queries, event_types.sealer)
        #: The key store in use: the engine's, else the store's own.
        self.keys = event_types.sealer.keys if event_types.sealer else store.keys
        self.tandems = Tandems(store, event_types, cache_size)
        self._programmes = dict(programmes)

    def language_for(self, programme: str | None, language: str | None = None) -> str:
        """The language to render in: *language* if supported, else the one the
        context chose (:func:`~mentorcore.i18n.using_language`), else the
        engine's, else the programme's default, else English."""
        chosen = negotiate(language) or chosen_language() or self.language
        if chosen:
            return chosen
        found = self._programmes.get(programme) if programme else None
        return (negotiate(found.language) if found else None) or SOURCE

    def programmes(self) -> list[Programme]:
        """The installed programmes, by key."""
        return [self._programmes[k] for k in sorted(self._programmes)]

    def programme(self, key: str) -> Programme:
        """The programme with *key*, its settings in force.

        :raises NotFound: no installed plugin supplies it.
        """
        try:
            return self._programmes[key]
        except (KeyError, TypeError):
            known = ", ".join(sorted(self._programmes))
            raise NotFound(
                "programme",
                key,
                _("no programme {key} (installed: {installed})", key=repr(key), installed=known),
            ) from None

    def tandem(self, tandem_id: TandemId) -> Tandem:
        """The full state of a tandem.

        :raises InvalidInput: *tandem_id* is not a UUID.
        :raises NotFound: no such tandem.
        """
        check_id(tandem_id)
        tandem = self.tandems.load(tandem_id)
        if tandem is None:
            raise NotFound("tandem", tandem_id)
        return tandem

    def role_for(self, actor: Actor, tandem: Tandem | TandemSummary) -> Role | None:
        """*actor*'s role for *tandem*: mentee, mentor, coordinator, system, or ``None``."""
        return tandem.role_of(actor.person_id) or self.programme_role(actor, tandem.programme_key)

    def programme_role(self, actor: Actor, programme_key: str) -> Role | None:
        """``SYSTEM`` for the system, ``COORDINATOR`` for a coordinator of the programme."""
        if actor.person_id is None:
            return Role.SYSTEM
        if self.index.enrolment(actor.person_id, programme_key, Role.COORDINATOR):
            return Role.COORDINATOR
        return None
