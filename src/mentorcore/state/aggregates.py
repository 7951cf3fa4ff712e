"""Tandems loaded on demand: from a snapshot and the events after it, through a cache.

A command or a view loads only the tandem it needs. The cache is checked
against the stream's version in the store on every load (one indexed query),
so writes of other engines and processes are seen; a stale entry is
fast-forwarded with the events it lacks. Writers store a snapshot once a
stream has grown :data:`SNAPSHOT_EVERY` events past the last one, sealed
with the tandem's key (:mod:`mentorcore.adapters.sealing`).

A tandem with erased data reads with placeholders in the language of the
read: it is cached for that language only, and never snapshotted.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.serialization import dumps, loads
from mentorcore.adapters.store import EventStore, RecordedEvent, Snapshot
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.domain import Tandem, TandemId
from mentorcore.errors import CorruptEvent, InvalidInput
from mentorcore.events import PersonalDataErased, TandemEvent
from mentorcore.i18n import _, current_language
from mentorcore.lifecycle.fold import ReplayError, apply

#: Events after which a writer stores a new snapshot of a tandem.
SNAPSHOT_EVERY = 20


class Tandems:
    """Full tandem states by id, with a bounded cache.

    :param capacity: How many tandems the cache holds (least recently used go).
    """

    def __init__(self, store: EventStore, event_types: EventTypes, capacity: int = 10_000) -> None:
        self._store = store
        self._types = event_types
        self._capacity = capacity
        #: tandem -> (state, snapshot version, language of its placeholders
        #: or ``None`` where nothing of it was erased)
        self._cache: OrderedDict[TandemId, tuple[Tandem, int, str | None]] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, tandem_id: TandemId) -> Tandem | None:
        """The tandem's current state, or ``None`` if it has no events.

        The store checks the stream (no gap, in order, every event this
        tandem's); a fold is then compared with the tandem's summary in the
        read model, which mentorcore writes with the events.

        :raises CorruptEvent: its stream cannot be decoded or folded, or it
            disagrees with the read model.
        """
        stream = tandem_stream(tandem_id)
        version = self._store.version(stream)
        if version <= 0:
            self._check_summary(tandem_id, None)
            return None
        with self._lock:
            cached = self._cache.get(tandem_id)
            if cached is not None:
                self._cache.move_to_end(tandem_id)
        if cached is not None and cached[2] not in (None, current_language()):
            cached = None  # its placeholders are in another language: fold again
        if cached is not None and cached[0].version == version:
            return cached[0]
        base, snapshot_version = self._base(tandem_id, cached, version)
        erased = cached is not None and cached[2] is not None
        tandem = base
        for record in self._store.read(stream, base.version if base else 0):
            erased = erased or record.name == PersonalDataErased.name
            tandem = self._apply(tandem, tandem_id, record)
        self._check_summary(tandem_id, tandem)
        if tandem is not None:
            self._keep(tandem, snapshot_version, current_language() if erased else None)
        return tandem

    def _apply(self, tandem: Tandem | None, tandem_id: TandemId, record: RecordedEvent) -> Tandem:
        stream, version = record.stream_id, record.version
        try:
            event = self._types.decode(stream, version, record.name, record.data)
        except RecursionError:
            raise CorruptEvent(stream, version, _("its data is nested too deeply")) from None
        if not isinstance(event, TandemEvent):
            raise CorruptEvent(stream, version, _("{event} in a tandem stream", event=record.name))
        if event.tandem_id != tandem_id:
            raise CorruptEvent(
                stream, version, _("it is an event of tandem {tandem}", tandem=str(event.tandem_id))
            )
        try:
            return apply(tandem, event)
        except ReplayError as exc:
            raise CorruptEvent(stream, version, exc.message) from exc

    def _check_summary(self, tandem_id: TandemId, tandem: Tandem | None) -> None:
        """The fold must be what the read model says of the tandem.

        The summary is read after the events: a writer appending meanwhile can
        only have moved it further, so "further" is checked against the log again.
        """
        stream = tandem_stream(tandem_id)
        row = self._store.queries.tandem(str(tandem_id))
        folded = tandem.version if tandem is not None else 0
        if row is not None and row.version > folded:
            logged = self._store.version(stream)
            if logged < row.version:
                raise CorruptEvent(
                    stream,
                    logged + 1,
                    _(
                        "it is missing: the read model has the tandem at version {version}, "
                        "the log ends at {logged}",
                        version=row.version,
                        logged=logged,
                    ),
                )
            return  # another writer was quicker; the next load folds it
        if tandem is None:
            return
        if row is None:
            raise CorruptEvent(
                stream,
                1,
                _(
                    "the read model has no such tandem: the log or the read model was changed "
                    "outside mentorcore (rebuild the read model if the log is right)"
                ),
            )
        found = {
            "version": row.version,
            "status": row.status,
            "programme": row.programme_key,
            "mentee": row.mentee,
            "mentor": row.mentor,
        }
        folded_values = {
            "version": tandem.version,
            "status": tandem.status.value,
            "programme": tandem.programme_key,
            "mentee": tandem.mentee,
            "mentor": tandem.mentor,
        }
        differ = [k for k in found if found[k] != folded_values[k]]
        if differ:
            what = ", ".join(f"{k} {found[k]!r} / {folded_values[k]!r}" for k in differ)
            raise CorruptEvent(
                stream,
                tandem.version,
                _(
                    "the read model and the log disagree ({what}): one was changed outside "
                    "mentorcore (rebuild the read model if the log is right)",
                    what=what,
                ),
            )

    def _base(
        self, tandem_id: TandemId, cached: tuple[Tandem, int, str | None] | None, version: int
    ) -> tuple[Tandem | None, int]:
        if cached is not None and cached[0].version < version:
            return cached[0], cached[1]
        stream = tandem_stream(tandem_id)
        snapshot = self._store.queries.snapshot(stream)
        if snapshot is None or snapshot[0] > version:
            return None, 0
        text: str | None = snapshot[1]
        sealer = self._types.sealer
        if sealer is not None:
            text = sealer.open_text(snapshot[1], f"tandem:{tandem_id}", _bound(stream, snapshot[0]))
        if text is None:
            return None, 0  # sealed elsewhere, or its key is gone: fold the stream
        try:
            base = loads(text, Tandem)
        except (InvalidInput, RecursionError):
            return None, 0  # a snapshot is only a cache: fold the stream instead
        if base.id != tandem_id or base.version != snapshot[0]:
            return None, 0  # not this tandem's, or not at its version: ignore it
        return base, snapshot[0]

    def remember(self, tandem: Tandem, snapshot_version: int | None = None) -> None:
        """Cache *tandem* after a commit; keep its snapshot version."""
        with self._lock:
            previous = self._cache.get(tandem.id)
        if snapshot_version is None:
            snapshot_version = previous[1] if previous else 0
        # A tandem once erased keeps its placeholders' language; a commit in a
        # tandem whose cache entry was dropped is cached in the context's.
        erased = previous[2] if previous else None
        self._keep(tandem, snapshot_version, erased)

    def _keep(self, tandem: Tandem, snapshot_version: int, language: str | None) -> None:
        with self._lock:
            self._cache[tandem.id] = (tandem, snapshot_version, language)
            self._cache.move_to_end(tandem.id)
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)

    def forget(self, tandem_ids: set[TandemId]) -> None:
        """Drop *tandem_ids* from the cache (their unit of work was rolled back)."""
        with self._lock:
            for tandem_id in tandem_ids:
                self._cache.pop(tandem_id, None)

    def forget_all(self) -> None:
        """Empty the cache (after a rebuild)."""
        with self._lock:
            self._cache.clear()

    def snapshot_due(self, tandem: Tandem) -> Snapshot | None:
        """A snapshot of *tandem* if its stream grew far enough past the last
        one; never of a tandem with erased data."""
        with self._lock:
            cached = self._cache.get(tandem.id)
        last = cached[1] if cached else 0
        if tandem.version - last < SNAPSHOT_EVERY or (cached is not None and cached[2]):
            return None
        stream = tandem_stream(tandem.id)
        data = dumps(tandem)
        sealer = self._types.sealer
        if sealer is not None:
            subject = f"tandem:{tandem.id}"
            if sealer.keys.key(subject) is None and self._store.queries.erased(subject):
                return None
            data = sealer.seal_text(data, subject, _bound(stream, tandem.version))
        return Snapshot(stream, tandem.version, data)


def _bound(stream: str, version: int) -> str:
    return f"{stream}@{version}/snapshot"
