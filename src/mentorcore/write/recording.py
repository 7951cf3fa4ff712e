"""The engine's write path: events to store appends, atomically, then notifications.

Mixed into :class:`~mentorcore.engine.Engine`. Every write goes through
:meth:`Recording._append`, which appends each stream at the version the engine
decided on (optimistic concurrency). Inside :meth:`Recording.atomic` appends
are collected and folded in tentatively, then stored in one append at the end,
or not at all.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from attrs import define, field

from mentorcore.adapters.store import Append, EventStore, NewEvent
from mentorcore.adapters.store.streams import person_stream, programme_stream, tandem_stream
from mentorcore.domain import Programme, Tandem
from mentorcore.events import (
    Event,
    PersonEvent,
    TandemAssigned,
    TandemEvent,
    TandemOpened,
    TandemRequested,
)

if TYPE_CHECKING:
    from mentorcore.adapters.serialization import EventTypes
    from mentorcore.policy.hooks import Hooks
    from mentorcore.state.index import Directory


@define
class Batch:
    """What :meth:`Recording.atomic` has collected so far."""

    snapshot: tuple[object, ...]
    streams: dict[str, list[Event]] = field(factory=dict)
    notifications: list[Callable[[], None]] = field(factory=list)


class Recording:
    """Engine methods that store events; see :class:`~mentorcore.engine.Engine`."""

    if TYPE_CHECKING:
        store: EventStore
        hooks: Hooks
        event_types: EventTypes
        _lock: threading.RLock
        _directory: Directory
        _batch: Batch | None

        def _catch_up(self) -> None: ...

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Store everything the commands inside do in one append, or nothing.

        People commands (``register_person``, ``enrol``, ...) and tandem
        commands (``execute``) inside see each other's effects; the events
        are written when the block ends without an exception, and
        notifications are sent after that. An exception, a refusal or a
        concurrent writer (:class:`~mentorcore.errors.ConcurrencyConflict`)
        leaves the store as it was. Nested blocks join the outer one.
        """
        with self._lock:
            if self._batch is not None:
                yield
                return
            self._catch_up()
            batch = Batch(self._directory.snapshot())
            self._batch = batch
            try:
                yield
            finally:
                self._batch = None
                self._directory.restore(batch.snapshot)
            if batch.streams:
                self._append(batch.streams)
        for notify in batch.notifications:
            notify()

    def _record(self, decided: list[tuple[Tandem | None, TandemEvent, Programme]]) -> list[Tandem]:
        streams: dict[str, list[Event]] = {}
        for _, event, _ in decided:
            streams.setdefault(tandem_stream(event.tandem_id), []).append(event)
            if isinstance(event, TandemRequested | TandemAssigned):
                # Capacity and one-tandem-per-mentee span several streams: every
                # new tandem also goes into its programme's stream, so two
                # writers creating tandems in one programme at once conflict
                # instead of both passing the check.
                opened = TandemOpened(
                    event.occurred_at,
                    event.actor,
                    event.programme_key,
                    event.tandem_id,
                    event.mentee,
                    event.mentor,
                )
                streams.setdefault(programme_stream(event.programme_key), []).append(opened)
        self._append(streams)
        tandems = self._directory.tandems
        after = [tandems[event.tandem_id] for _, event, _ in decided]
        self._notify(
            [
                (programme, event, tandem)
                for (_, event, programme), tandem in zip(decided, after, strict=True)
            ]
        )
        return after

    def record_person_events(
        self, events: Sequence[PersonEvent], programme: Programme | None
    ) -> None:
        """Append *events* to their person streams atomically (for the people commands).

        The caller holds the engine's lock and decided on the current state:
        a concurrent writer to the same person makes this a conflict.
        """
        with self._lock:
            streams: dict[str, list[Event]] = {}
            for event in events:
                streams.setdefault(person_stream(event.person_id), []).append(event)
            self._append(streams)
        self._notify([(programme, event, None) for event in events])

    def _append(self, streams: Mapping[str, Sequence[Event]]) -> None:
        """Append to each stream at the version this engine decided on, then catch up.

        Inside :meth:`atomic`, fold the events in tentatively instead.

        :raises ConcurrencyConflict: another writer appended to one of them
            since; nothing is written.
        """
        if self._batch is not None:
            for stream, events in streams.items():
                self._batch.streams.setdefault(stream, []).extend(events)
                for event in events:
                    self._directory.apply(event, self._directory.position)
            return
        known = self._directory.versions
        appends = [
            Append(
                stream,
                known.get(stream, 0),
                tuple(NewEvent(*self.event_types.encode(e)) for e in events),
            )
            for stream, events in streams.items()
        ]
        try:
            self.store.append(appends)
        finally:
            self._catch_up()

    def _notify(self, stored: list[tuple[Programme | None, Event, Tandem | None]]) -> None:
        """Tell the plugins about stored events; inside :meth:`atomic`, once stored."""
        notes = [functools.partial(self.hooks.handle_event, p, e, t) for p, e, t in stored]
        if self._batch is not None:
            self._batch.notifications.extend(notes)
            return
        for note in notes:
            note()
