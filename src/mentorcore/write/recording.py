"""Units of work: decide on the stored state, append with projections, then notify.

Every command runs in a unit of work (:meth:`Recorder.unit`): the store's
transaction is open from the first read of the decision to the commit, so the
decision is made on a state nobody else changes meanwhile, and everything a
unit appends (events, the projections they change, snapshots) is committed
together, or nothing is. Plugins hear of the events after the commit.

A command is an intent: :meth:`Recorder.run` decides it again on the fresh
state when its append meets a :class:`~mentorcore.errors.ConcurrencyConflict`
(another writer got there first), a bounded number of times. With SQLite a
conflict cannot arise (the write lock is held from decision to commit); with
a store without one lock, rules that read other streams than the one written
(capacity, one tandem per mentee, relations) name those streams' versions as
guards of the append, so a change to them meanwhile is a conflict too.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypeVar

from attrs import define, field

from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.streams import person_stream, programme_stream, tandem_stream
from mentorcore.domain import Programme, Tandem, TandemId
from mentorcore.errors import ConcurrencyConflict, CorruptEvent
from mentorcore.events import (
    Event,
    PersonEvent,
    TandemAssigned,
    TandemEvent,
    TandemOpened,
    TandemRequested,
)
from mentorcore.lifecycle.fold import ReplayError, apply
from mentorcore.state.access import State

T = TypeVar("T")

#: How often a command is decided again after a conflict before the conflict
#: reaches the caller.
RETRIES = 5
#: The longest first back-off after a conflict; each retry may wait twice as
#: long as the one before (full jitter, so rivals spread out).
BACKOFF_SECONDS = 0.005


@define
class _Unit:
    touched: set[TandemId] = field(factory=set)
    notifications: list[Callable[[], None]] = field(factory=list)


class Recorder:
    """Appends decided events inside units of work."""

    def __init__(self, state: State, *, retries: int = RETRIES) -> None:
        self._state = state
        self._unit: _Unit | None = None
        self._owner: int | None = None
        self._lock = threading.RLock()
        #: How often :meth:`run` decides again after a conflict.
        self.retries = retries

    def run(self, decide: Callable[[], T]) -> T:
        """Call *decide* (which decides and records) in a unit of work; on a
        conflict, decide again on the fresh state.

        Each attempt is a new unit, so *decide* sees what the other writer
        stored; a refusal on that state, or the conflict after
        :attr:`retries` retries, reaches the caller. Inside an outer unit (a
        host's ``Engine.atomic()`` block) a conflict is raised at once: the
        host's own code ran in that block, and only the host can run it again.
        """
        attempt = 0
        while True:
            nested = self.in_unit()
            try:
                with self.unit():
                    return decide()
            except ConcurrencyConflict:
                if nested or attempt >= self.retries:
                    raise
            attempt += 1
            time.sleep(random.uniform(0, BACKOFF_SECONDS * 2 ** (attempt - 1)))

    def _nested(self, unit: _Unit) -> Iterator[None]:
        """A unit inside another: undone alone if it fails (a savepoint), so
        a refused batch inside a host's ``atomic()`` leaves nothing of itself."""
        told = len(unit.notifications)
        try:
            with self._state.store.transaction():
                yield
        except BaseException:
            del unit.notifications[told:]
            self._state.tandems.forget(unit.touched)
            raise

    def in_unit(self) -> bool:
        """Whether the calling thread is inside a unit of work."""
        return self._unit is not None and self._owner == threading.get_ident()

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One unit of work; nested units join the outer one.

        An exception inside leaves the store as it was; notifications are sent
        only after the commit.
        """
        with self._lock:
            if self._unit is not None:
                yield from self._nested(self._unit)
                return
            unit = _Unit()
            self._unit, self._owner = unit, threading.get_ident()
            try:
                with self._state.store.transaction():
                    yield
            except BaseException:
                self._state.tandems.forget(unit.touched)
                raise
            finally:
                self._unit, self._owner = None, None
        for notify in unit.notifications:
            notify()

    def record(
        self,
        programme: Programme,
        before: Tandem | None,
        event: TandemEvent,
        guards: Mapping[str, int] | None = None,
    ) -> Tandem:
        """Append *event* to its tandem (and a new tandem to its programme's stream).

        Call inside :meth:`unit`, with *before* loaded in it. *guards* maps
        other streams the decision read to the versions it saw: the append
        conflicts if any of them moved on meanwhile.
        """
        unit = self._require_unit()
        state = self._state
        try:
            after = apply(before, event)
        except ReplayError as exc:  # the decision contradicts the fold: a bug, not input
            raise CorruptEvent(
                tandem_stream(event.tandem_id), event_version(before), exc.message
            ) from exc
        appends = [
            self._append(tandem_stream(event.tandem_id), before.version if before else 0, [event])
        ]
        if isinstance(event, TandemRequested | TandemAssigned):
            # Every new tandem also goes into its programme's stream: a store
            # without one write lock (PostgreSQL) sees two creations in one
            # programme conflict there instead of both passing capacity checks.
            opened = TandemOpened(
                event.occurred_at,
                event.actor,
                event.programme_key,
                event.tandem_id,
                event.mentee,
                event.mentor,
            )
            stream = programme_stream(event.programme_key)
            seen = guards.get(stream) if guards else None
            expected = state.store.version(stream) if seen is None else seen
            appends.append(self._append(stream, expected, [opened]))
        written = {a.stream_id for a in appends}
        appends += [
            Append(stream, version, ())
            for stream, version in (guards or {}).items()
            if stream not in written
        ]
        snapshot = state.tandems.snapshot_due(after)
        state.store.append(appends, [snapshot] if snapshot else [])
        state.tandems.remember(after, snapshot.version if snapshot else None)
        unit.touched.add(after.id)
        unit.notifications.append(
            functools.partial(state.hooks.handle_event, programme, event, after)
        )
        return after

    def record_person_events(
        self, events: Sequence[PersonEvent], programme: Programme | None
    ) -> None:
        """Append *events* to their person streams (inside :meth:`unit`)."""
        unit = self._require_unit()
        streams: dict[str, list[Event]] = {}
        for event in events:
            streams.setdefault(person_stream(event.person_id), []).append(event)
        store = self._state.store
        store.append([self._append(s, store.version(s), es) for s, es in streams.items()])
        for event in events:
            unit.notifications.append(
                functools.partial(self._state.hooks.handle_event, programme, event, None)
            )

    def record_event(self, stream: str, event: Event, notify: Callable[[], None] | None) -> None:
        """Append one *event* to *stream* (inside :meth:`unit`), then *notify*."""
        unit = self._require_unit()
        store = self._state.store
        store.append([self._append(stream, store.version(stream), [event])])
        if notify is not None:
            unit.notifications.append(notify)

    def _append(self, stream: str, expected: int, events: Sequence[Event]) -> Append:
        encode = self._state.event_types.encode
        return Append(
            stream,
            expected,
            tuple(NewEvent(*encode(e, stream, expected + n)) for n, e in enumerate(events, 1)),
        )

    def _require_unit(self) -> _Unit:
        if self._unit is None:
            raise RuntimeError("events are recorded inside Recorder.unit()")
        return self._unit


def event_version(before: Tandem | None) -> int:
    """The stream version the next event of *before* gets."""
    return (before.version if before else 0) + 1
