"""The embedded default store: SQLite through the standard library.

WAL journal with ``synchronous=FULL``: a command that returned is on disk, and
a process killed at any moment leaves a database that opens cleanly with every
committed command whole. Writers take SQLite's one write lock for their whole
unit of work (``BEGIN IMMEDIATE``), so a decision is never made on a state
another process is changing; the unique ``(stream_id, version)`` key and the
expected versions still guard every append. The read-model tables are written
in the same transaction as the events (:mod:`.sqlite_projections`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mentorcore.adapters.store import Append, RecordedEvent, Snapshot
from mentorcore.adapters.store import sqlite_projections as projections
from mentorcore.adapters.store.sqlite_queries import SQLiteQueries
from mentorcore.errors import ConcurrencyConflict, InvalidInput, StoreError

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
    """Events and their read model in one SQLite file (or ``":memory:"``).

    :param path: A file path, or ``":memory:"``.
    :param timeout: Seconds to wait for another writer's lock.
    :param durable: Sync every commit to disk (``synchronous=FULL``). Turn it
        off only for bulk loads you can repeat: a crash may then lose the
        latest commits (never corrupt the file).
    :param rebuild_progress: Called as ``(events done, events in all)`` while
        the read model is rebuilt on opening (a database of an older
        mentorcore, or with projections of another version).
    :raises StoreError: the file is not a mentorcore database or cannot be opened.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        timeout: float = 30.0,
        durable: bool = True,
        rebuild_progress: projections.Progress | None = None,
    ) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with self.transaction():
                # executescript would commit first: run the statements one by one.
                for statement in (_SCHEMA + projections.SCHEMA).split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._check_schema()
                if not projections.projections_current(self._db):
                    projections.rebuild(self._db, rebuild_progress)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open event store {self.path!r}: {exc}") from exc
        self.queries = SQLiteQueries(self._db, self._lock, self.path)

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

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work under SQLite's write lock (see ``EventStore.transaction``)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot write to {self.path!r}: {exc}") from exc
            self._depth = 1
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.DatabaseError as exc:
                    self._db.execute("ROLLBACK")
                    raise StoreError(f"cannot write to {self.path!r}: {exc}") from exc
            finally:
                self._depth = 0

    def append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot] = ()) -> int:
        """Append atomically with projections (see ``EventStore.append``)."""
        _check_distinct(appends)
        with self.transaction():
            try:
                return self._append(appends, snapshots)
            except sqlite3.IntegrityError as exc:
                raise ConcurrencyConflict(
                    appends[0].stream_id, appends[0].expected_version, -1
                ) from exc
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot write to {self.path!r}: {exc}") from exc

    def _append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot]) -> int:
        db = self._db
        position = 0
        written: list[tuple[str, int, int, str, str]] = []
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
                written.append((a.stream_id, actual + offset, position, event.name, event.data))
        projections.project_inline(db, written)
        projections.write_snapshots(db, [(s.stream_id, s.version, s.data) for s in snapshots])
        return position

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
            try:
                return self._version(stream_id)
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot read {self.path!r}: {exc}") from exc

    def position(self) -> int:
        """The global position of the newest event."""
        rows = self._db.execute("SELECT MAX(position) FROM events").fetchone()
        return int(rows[0] or 0)

    def read_all(self, after_position: int = 0) -> list[RecordedEvent]:
        """All events after *after_position*, in global order."""
        return self._select(
            "SELECT position, stream_id, version, name, data FROM events "
            "WHERE position > ? ORDER BY position",
            (after_position,),
        )

    def rebuild(self, progress: projections.Progress | None = None) -> int:
        """Rebuild every projection from the events (in one transaction)."""
        with self.transaction():
            return projections.rebuild(self._db, progress)

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


def _check_distinct(appends: Sequence[Append]) -> None:
    """One append per stream per call: two would race with themselves."""
    seen: set[str] = set()
    for a in appends:
        if a.stream_id in seen:
            raise InvalidInput([(a.stream_id, "appears twice in one atomic append")])
        seen.add(a.stream_id)
