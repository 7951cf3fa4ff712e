"""The embedded default store: SQLite through the standard library.

WAL journal with ``synchronous=FULL``: a command that returned is on disk, and
a process killed at any moment leaves a database that opens cleanly with every
committed command whole. Concurrency between processes uses ``BEGIN
IMMEDIATE`` plus the unique ``(stream_id, version)`` key.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from mentorcore.adapters.store import Append, RecordedEvent
from mentorcore.adapters.store.memory import _check_distinct
from mentorcore.errors import ConcurrencyConflict, StoreError

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    UNIQUE (stream_id, version)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SQLiteEventStore:
    """Events in one SQLite file (or ``":memory:"``).

    :param path: A file path, or ``":memory:"``.
    :param timeout: Seconds to wait for another writer's lock.
    :param durable: Sync every commit to disk (``synchronous=FULL``). Turn it
        off only for bulk loads you can repeat: a crash may then lose the
        latest commits (never corrupt the file).
    :raises StoreError: the file is not a mentorcore database or cannot be opened.
    """

    def __init__(
        self, path: str | Path = ":memory:", *, timeout: float = 30.0, durable: bool = True
    ) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self._db.executescript(_SCHEMA)
            self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open event store {self.path!r}: {exc}") from exc

    def _check_schema(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
        elif row[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path!r} has store schema {row[0]}, this mentorcore needs {SCHEMA_VERSION}"
            )

    def append(self, appends: Sequence[Append]) -> int:
        """Append atomically; see :class:`~mentorcore.adapters.store.EventStore`."""
        _check_distinct(appends)
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot write to {self.path!r}: {exc}") from exc
            try:
                position = 0
                for a in appends:
                    actual = self._version(a.stream_id)
                    if actual != a.expected_version:
                        raise ConcurrencyConflict(a.stream_id, a.expected_version, actual)
                    for offset, event in enumerate(a.events, start=1):
                        cursor = db.execute(
                            "INSERT INTO events (stream_id, version, name, data) VALUES (?,?,?,?)",
                            (a.stream_id, actual + offset, event.name, event.data),
                        )
                        position = cursor.lastrowid or position
                db.execute("COMMIT")
                return position
            except BaseException as exc:
                db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.IntegrityError):
                    raise ConcurrencyConflict(
                        appends[0].stream_id, appends[0].expected_version, -1
                    ) from exc
                if isinstance(exc, sqlite3.DatabaseError):
                    raise StoreError(f"cannot write to {self.path!r}: {exc}") from exc
                raise

    def _version(self, stream_id: str) -> int:
        row = self._db.execute(
            "SELECT MAX(version) FROM events WHERE stream_id = ?", (stream_id,)
        ).fetchone()
        return int(row[0] or 0)

    def read(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after *after_version*."""
        return self._select(
            "SELECT position, stream_id, version, name, data FROM events "
            "WHERE stream_id = ? AND version > ? ORDER BY version",
            (stream_id, after_version),
        )

    def version(self, stream_id: str) -> int:
        """The stream's current version."""
        with self._lock:
            return self._version(stream_id)

    def read_all(self, after_position: int = 0) -> list[RecordedEvent]:
        """All events after *after_position*, in global order."""
        return self._select(
            "SELECT position, stream_id, version, name, data FROM events "
            "WHERE position > ? ORDER BY position",
            (after_position,),
        )

    def _select(self, sql: str, params: tuple[object, ...]) -> list[RecordedEvent]:
        with self._lock:
            try:
                rows = self._db.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot read {self.path!r}: {exc}") from exc
        return [RecordedEvent(*row) for row in rows]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()
