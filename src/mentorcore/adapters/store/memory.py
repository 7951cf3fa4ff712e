"""An event store in memory: for tests, demos and hosts that persist elsewhere."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from mentorcore.adapters.store import Append, RecordedEvent
from mentorcore.errors import ConcurrencyConflict, InvalidInput


class MemoryEventStore:
    """Keeps every stream in a dict; thread-safe; same contract as SQLite."""

    def __init__(self) -> None:
        self._streams: dict[str, list[RecordedEvent]] = {}
        self._log: list[RecordedEvent] = []
        self._lock = threading.Lock()

    def append(self, appends: Sequence[Append]) -> int:
        """Append atomically; see :class:`~mentorcore.adapters.store.EventStore`."""
        _check_distinct(appends)
        with self._lock:
            for a in appends:
                actual = len(self._streams.get(a.stream_id, ()))
                if actual != a.expected_version:
                    raise ConcurrencyConflict(a.stream_id, a.expected_version, actual)
            for a in appends:
                stream = self._streams.setdefault(a.stream_id, [])
                for event in a.events:
                    recorded = RecordedEvent(
                        len(self._log) + 1, a.stream_id, len(stream) + 1, event.name, event.data
                    )
                    stream.append(recorded)
                    self._log.append(recorded)
            return len(self._log)

    def read(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after *after_version*."""
        with self._lock:
            return list(self._streams.get(stream_id, ())[after_version:])

    def version(self, stream_id: str) -> int:
        """The stream's current version."""
        with self._lock:
            return len(self._streams.get(stream_id, ()))

    def read_all(self, after_position: int = 0) -> list[RecordedEvent]:
        """All events after *after_position*."""
        with self._lock:
            return self._log[after_position:]

    def close(self) -> None:
        """Nothing to release."""


def _check_distinct(appends: Sequence[Append]) -> None:
    """One append per stream per call: two would race with themselves."""
    seen: set[str] = set()
    for a in appends:
        if a.stream_id in seen:
            raise InvalidInput([(a.stream_id, "appears twice in one atomic append")])
        seen.add(a.stream_id)
