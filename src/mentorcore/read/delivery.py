"""Due actions for hosts: what is due now, whom to tell, and what was delivered.

Mixed into :class:`~mentorcore.engine.Engine`. The engine computes due actions
from the events and the clock (the programme's ``mentorcore_collect_due_actions``
answers, the defaults' among them, plus cadence warnings from the programme's
``mentorcore_cadence_rules``); the host delivers them (e-mail, task list) and
then :meth:`Delivery.acknowledge`\\ s each key. An acknowledgement is an event
(:class:`~mentorcore.events.DueActionAcknowledged`) in a stream of its own, so
the engine never reports that cause again, across restarts and processes,
and an ended tandem's stream stays untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from attrs import frozen

from mentorcore.adapters.store import Append, NewEvent
from mentorcore.domain import Actor, Person, Programme, Role, Tandem, TandemId
from mentorcore.errors import ConcurrencyConflict, InvalidInput, NotFound, TransitionDenied
from mentorcore.events import DueActionAcknowledged
from mentorcore.policy.decisions import Decision, DueAction
from mentorcore.policy.due import cadence_warnings
from mentorcore.validation import check

if TYPE_CHECKING:
    import threading

    from mentorcore.adapters.serialization import EventTypes
    from mentorcore.adapters.store import EventStore
    from mentorcore.clock import Clock
    from mentorcore.policy.hooks import Hooks
    from mentorcore.state.index import Directory

T = TypeVar("T")

#: The stream acknowledgements are recorded in.
DUE_STREAM = "due-actions"


@frozen
class Notification:
    """One due action addressed to one person, ready for the host to send.

    :ivar action: The due action.
    :ivar recipient: Who gets it (with the e-mail address the host needs); an
        action for "the coordination" goes to each coordinator of the programme.
    :ivar counterpart: The other side of the tandem with their contact data,
        for actions to a mentee or mentor (a new pairing's notification
        carries the mentor's contact data: OSTALB-NOTIFY-1).
    """

    action: DueAction
    recipient: Person
    counterpart: Person | None


class Delivery:
    """Engine methods for due actions; see :class:`~mentorcore.engine.Engine`."""

    if TYPE_CHECKING:
        hooks: Hooks
        store: EventStore
        event_types: EventTypes
        clock: Clock
        _lock: threading.RLock

        def _read(self, fn: Callable[[Directory], T]) -> T: ...
        def programme(self, key: str) -> Programme: ...
        def tandem(self, tandem_id: TandemId) -> Tandem: ...
        def role_for(self, actor: Actor, tandem: Tandem) -> Role | None: ...

    def due_actions(
        self,
        now: datetime | None = None,
        *,
        tandem_id: TandemId | None = None,
        programme: str | None = None,
    ) -> list[DueAction]:
        """Every action due at *now* (the engine clock by default) and not yet
        acknowledged, oldest first; one per key.

        :raises InvalidInput: *now* is naive.
        :raises NotFound: unknown tandem or programme.
        """
        at = self._now(now)
        if tandem_id is not None:
            tandems = [self.tandem(tandem_id)]
        else:
            if programme is not None:
                self.programme(programme)
            tandems = self._read(
                lambda d: [t for t in d.all_tandems() if programme in (None, t.programme_key)]
            )
        done = self.acknowledged()
        found: dict[str, DueAction] = {}
        for tandem in tandems:
            for action in self._due_for(tandem, at):
                if action.due_at <= at and action.key not in done:
                    found.setdefault(action.key, action)
        return sorted(found.values(), key=lambda a: (a.due_at, a.key))

    def notifications(self, now: datetime | None = None) -> list[Notification]:
        """:meth:`due_actions`, one per recipient, with the people's contact data."""
        actions = self.due_actions(now)

        def address(d: Directory) -> list[Notification]:
            out = []
            for action in actions:
                tandem = d.tandems.get(action.tandem_id) if action.tandem_id else None
                counterpart = None
                if tandem is not None and action.recipient_role in (Role.MENTEE, Role.MENTOR):
                    counterpart = d.persons.get(
                        tandem.person_in(action.recipient_role.counterpart())
                    )
                recipients = list(action.recipients)
                if not recipients and tandem and action.recipient_role is Role.COORDINATOR:
                    # "to the coordination": every coordinator of the programme
                    coordination = d.enrolled(tandem.programme_key, Role.COORDINATOR)
                    recipients = [e.person_id for e in coordination]
                for pid in recipients:
                    person = d.persons.get(pid)
                    if person is not None:
                        out.append(Notification(action, person, counterpart))
            return out

        return self._read(address)

    def acknowledge(self, key: str, *, actor: Actor) -> bool:
        """Record that the action *key* was delivered; it is not reported again.

        Acknowledging a key twice is harmless (returns ``False`` the second
        time). Allowed to the system (the host's delivery job) and to the
        coordinators of the action's programme.

        :raises NotFound: no action with *key* is due now.
        :raises TransitionDenied: *actor* may not acknowledge it (CORE-AUTH).
        """
        check(actor, "actor")
        if not isinstance(key, str) or not key:
            raise InvalidInput([("key", f"expected a due action's key, got {key!r}")])
        with self._lock:
            for _attempt in range(3):
                if key in self.acknowledged():
                    return False
                action = next((a for a in self.due_actions() if a.key == key), None)
                if action is None:
                    raise NotFound("due action", key)
                tandem = self.tandem(action.tandem_id) if action.tandem_id else None
                self._check_acknowledger(actor, tandem)
                event = DueActionAcknowledged(self.clock.now(), actor, key, action.tandem_id)
                name, data = self.event_types.encode(event)
                try:
                    self.store.append(
                        [
                            Append(
                                DUE_STREAM, self.store.version(DUE_STREAM), (NewEvent(name, data),)
                            )
                        ]
                    )
                except ConcurrencyConflict:
                    continue  # another engine acknowledged something meanwhile: look again
                if tandem is not None:
                    self.hooks.handle_event(self.programme(tandem.programme_key), event, tandem)
                return True
            raise ConcurrencyConflict(DUE_STREAM, -1, self.store.version(DUE_STREAM))

    def acknowledged(self) -> frozenset[str]:
        """The keys of every acknowledged due action."""
        version = self.store.version(DUE_STREAM)
        cached: tuple[int, frozenset[str]] = getattr(self, "_acks", (0, frozenset()))
        if cached[0] != version:
            keys = set(cached[1])
            for record in self.store.read(DUE_STREAM, cached[0]):
                event = self.event_types.decode(
                    record.stream_id, record.version, record.name, record.data
                )
                if isinstance(event, DueActionAcknowledged):
                    keys.add(event.key)
            cached = (version, frozenset(keys))
            self._acks = cached
        return cached[1]

    def _due_for(self, tandem: Tandem, now: datetime) -> list[DueAction]:
        programme = self.programme(tandem.programme_key)
        rules = self.hooks.cadence_rules(programme)
        return [
            *self.hooks.due_actions(programme, tandem, now),
            *cadence_warnings(tandem, programme, rules, now),
        ]

    def _check_acknowledger(self, actor: Actor, tandem: Tandem | None) -> None:
        if actor.person_id is None:
            return
        if tandem is not None and self.role_for(actor, tandem) is Role.COORDINATOR:
            return
        raise TransitionDenied(
            "acknowledge",
            [Decision.deny("CORE-AUTH", f"{actor} may not acknowledge due actions of this tandem")],
        )

    def _now(self, now: datetime | None) -> datetime:
        if now is None:
            return self.clock.now()
        if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
            raise InvalidInput([("now", f"expected a timezone-aware datetime, got {now!r}")])
        return now
