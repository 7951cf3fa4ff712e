"""The embedded default store: SQLite through the standard library.

WAL journal with ``synchronous=FULL``: a command that returned is on disk, and
a process killed at any moment leaves a database that opens cleanly with every
committed command whole. Writers take SQLite's one write lock for their whole
unit of work (``BEGIN IMMEDIATE``), so a decision is never made on a state
another process is changing; the unique ``(stream_id, version)`` key and the
expected versions still guard every append. The read-model tables are written
in the same transaction as the events (:mod:`.sqlite_projections`).

The file is marked as mentorcore's, and another application's database is
refused untouched (:mod:`.sqlite_guard`). Every stream read is checked: no
version missing or out of order, no event of another stream, and as many
events as the read model saw appended (:mod:`.log_checks`). A read model that
is missing, altered, of another version, or behind the log (events added by
hand or by an older mentorcore) is rebuilt on opening, checking the whole log.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mentorcore.adapters.store import Append, RecordedEvent, Snapshot
from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store import sqlite_guard as guard
from mentorcore.adapters.store import sqlite_projections as projections
from mentorcore.adapters.store import sqlite_reseal as resealing
from mentorcore.adapters.store.keys import KeyStore
from mentorcore.adapters.store.queries import Queries
from mentorcore.adapters.store.sqlite_guard import cannot, schema_error
from mentorcore.adapters.store.sqlite_keys import SCHEMA as KEYS_SCHEMA
from mentorcore.adapters.store.sqlite_keys import SQLiteKeyStore
from mentorcore.adapters.store.sqlite_queries import SQLiteQueries
from mentorcore.errors import ConcurrencyConflict, CorruptEvent, InvalidInput
from mentorcore.i18n import _

SCHEMA_VERSION = "1"
_SCHEMA = (
    """
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
    + KEYS_SCHEMA
)


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
    :raises StoreError: the file cannot be opened, is another application's
        database (left untouched), of another store schema, or lost its events
        table or their order.
    :raises CorruptEvent: the read model had to be rebuilt on opening (it was
        missing, of another version, or events were added behind its back) and
        the log does not check.
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
        projections.check_progress(rebuild_progress)
        self._lock = threading.RLock()
        self._depth = 0
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            raise cannot("open", self.path, exc) from exc
        try:
            self._open(durable, rebuild_progress)
        except BaseException:
            self._db.close()
            raise
        self.queries: Queries = SQLiteQueries(self._db, self._lock, self.path)
        #: The keys of data subjects (:mod:`.sqlite_keys`), in this database.
        self.keys: KeyStore = SQLiteKeyStore(self._db, self._lock, self.path)

    def _open(self, durable: bool, rebuild_progress: projections.Progress | None) -> None:
        try:
            # Before anything is written: a foreign file is left as it is.
            guard.claim(self._db, self.path, int(SCHEMA_VERSION))
            self._db.execute("PRAGMA journal_mode=WAL")
            # Deleted content (a destroyed key) is overwritten, not left in free space.
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            with self.transaction():
                # executescript would commit first: run the statements one by one.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._check_schema()
                guard.stamp(self._db, int(SCHEMA_VERSION))
                resealing.mark_sealed_if_empty(self._db)
                if projections.current(self._db) and not guard.log_moved(self._db):
                    projections.create_indexes(self._db)
                else:
                    projections.rebuild(self._db, rebuild_progress)
        except sqlite3.DatabaseError as exc:
            raise cannot("open", self.path, exc) from exc

    def _check_schema(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
        elif row[0] != SCHEMA_VERSION:
            raise schema_error(self.path, row[0], SCHEMA_VERSION)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One unit of work under SQLite's write lock (see ``EventStore.transaction``)."""
        with self._lock:
            if self._depth:
                # A nested unit is a savepoint: its failure undoes it alone, and
                # the outer unit may go on (a refused batch inside atomic()).
                name = f"unit_{self._depth}"
                self._db.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield
                except BaseException:
                    with contextlib.suppress(sqlite3.DatabaseError):  # gone with the transaction
                        self._db.execute(f"ROLLBACK TO {name}")
                        self._db.execute(f"RELEASE {name}")
                    raise
                else:
                    self._db.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:  # locked too long, or closed
                raise cannot("write", self.path, exc) from exc
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
                    raise cannot("write", self.path, exc) from exc
            finally:
                self._depth = 0

    def append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot] = ()) -> int:
        """Append atomically with projections (see ``EventStore.append``)."""
        _check_distinct(appends)
        with self.transaction():
            # A savepoint: a failed append leaves nothing behind even when the
            # caller's unit of work goes on (the log stays gapless).
            self._db.execute("SAVEPOINT append")
            try:
                position = self._append(appends, snapshots)
            except BaseException:
                with contextlib.suppress(sqlite3.DatabaseError):  # gone with a failed transaction
                    self._db.execute("ROLLBACK TO append")
                    self._db.execute("RELEASE append")
                raise
            self._db.execute("RELEASE append")
            return position

    def _append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot]) -> int:
        try:
            return self._insert(appends, snapshots)
        except sqlite3.IntegrityError as exc:
            if "events.stream_id" not in str(exc):
                raise cannot("write", self.path, exc) from exc
            raise ConcurrencyConflict(
                appends[0].stream_id, appends[0].expected_version, -1
            ) from exc
        except sqlite3.DatabaseError as exc:
            raise cannot("write", self.path, exc) from exc
        except UnicodeEncodeError as exc:
            raise InvalidInput(
                [
                    (
                        "event",
                        _(
                            "text that is not Unicode (a lone surrogate) cannot be stored: "
                            "{problem}",
                            problem=str(exc),
                        ),
                    )
                ]
            ) from None

    def _insert(self, appends: Sequence[Append], snapshots: Sequence[Snapshot]) -> int:
        db = self._db
        position = first = 0
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
                first = first or position
                written.append((a.stream_id, actual + offset, position, event.name, event.data))
        projections.project_inline(db, written)
        projections.write_snapshots(db, [(s.stream_id, s.version, s.data) for s in snapshots])
        if written:
            # Only if the read model had seen the log up to here: a row added
            # behind its back keeps the two apart, and the next opening rebuilds.
            db.execute(
                "UPDATE meta SET value = ? WHERE key = 'log_position' AND value = ?",
                (str(position), str(first - 1)),
            )
        return position

    def _version(self, stream_id: str) -> int:
        last, head = self._db.execute(
            "SELECT (SELECT MAX(version) FROM events WHERE stream_id = ?), "
            "(SELECT version FROM heads WHERE stream_id = ?)",
            (stream_id, stream_id),
        ).fetchone()
        if last == head and (last is None or type(last) is int):
            return int(last or 0)
        # The log and the read model disagree: say where (a stream read does).
        check = checks.checked_rows(stream_id, 0, self._stream_rows(stream_id, 0))
        why = _("its stream ends at version {last}", last=repr(last))
        raise CorruptEvent(stream_id, check.last, why)

    def read(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after *after_version*.

        :raises CorruptEvent: the stream has a gap, is out of order, holds
            another stream's event or undecodable text, or lost its newest events.
        """
        with self._lock:
            try:
                rows = self._stream_rows(stream_id, after_version)
            except UnicodeEncodeError:
                return []  # no stream id stored (all UTF-8) has a lone surrogate
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self.path, exc) from exc
        events: list[RecordedEvent] = []
        checks.checked_rows(stream_id, after_version, rows, events)
        return events

    def _stream_rows(self, stream_id: str, after_version: int) -> list[tuple[object, ...]]:
        """``(head, position, version, name, data)`` rows, in version order:
        the read model's head of the stream with each row, from one snapshot."""
        rows = self._db.execute(
            "SELECT (SELECT version FROM heads WHERE stream_id = ?1), position, version, "
            "CAST(name AS BLOB), CAST(data AS BLOB) "
            "FROM events WHERE stream_id = ?1 AND version > ?2 ORDER BY version",
            (stream_id, after_version),
        ).fetchall()
        if rows:
            return rows
        # No event: the head alone, in one statement with the (empty) events.
        return self._db.execute(
            "SELECT (SELECT version FROM heads WHERE stream_id = ?1), e.position, e.version, "
            "CAST(e.name AS BLOB), CAST(e.data AS BLOB) FROM (SELECT 1) LEFT JOIN events e "
            "ON e.stream_id = ?1 AND e.version > ?2 ORDER BY e.version",
            (stream_id, after_version),
        ).fetchall()

    def version(self, stream_id: str) -> int:
        """The stream's current version.

        :raises CorruptEvent: the log and the read model disagree about it.
        """
        with self._lock:
            try:
                return self._version(stream_id)
            except UnicodeEncodeError:
                return 0  # no stream id stored (all UTF-8) has a lone surrogate
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self.path, exc) from exc

    def position(self) -> int:
        """The global position of the newest event."""
        with self._lock:
            try:
                rows = self._db.execute("SELECT MAX(position) FROM events").fetchone()
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self.path, exc) from exc
        return int(rows[0] or 0)

    def read_all(self, after_position: int = 0) -> list[RecordedEvent]:
        """All events after *after_position*, in global order."""
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT position, CAST(stream_id AS BLOB), version, CAST(name AS BLOB), "
                    "CAST(data AS BLOB) FROM events WHERE position > ? ORDER BY position",
                    (after_position,),
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self.path, exc) from exc
        events = []
        for position, raw_stream, version, name, data in rows:
            stream_id = checks.text(repr(raw_stream), version, raw_stream, "stream id")
            if type(version) is not int:
                raise CorruptEvent(stream_id, 0, _("a stored version is {v}", v=repr(version)))
            events.append(
                RecordedEvent(
                    position,
                    stream_id,
                    version,
                    checks.text(stream_id, version, name, "name"),
                    checks.text(stream_id, version, data, "data"),
                )
            )
        return events

    def rebuild(self, progress: projections.Progress | None = None) -> int:
        """Rebuild every projection from the events (in one transaction).

        :raises CorruptEvent, StoreError: the log does not check (nothing changes).
        """
        projections.check_progress(progress)
        with self.transaction():
            try:
                return projections.rebuild(self._db, progress)
            except sqlite3.DatabaseError as exc:
                raise cannot("rebuild", self.path, exc) from exc

    def needs_sealing(self) -> bool:
        """Whether the log may hold personal data in plain JSON (written by
        mentorcore 0.2 or older): an engine then calls :meth:`seal` once."""
        with self._lock:
            return resealing.needs_sealing(self._db)

    def seal(
        self, transform: resealing.Transform, progress: projections.Progress | None = None
    ) -> int:
        """Write back every event *transform* seals, rebuild the read model, and
        empty the write-ahead log; return how many events were sealed (see
        :mod:`.sqlite_reseal`)."""
        with self.transaction():
            try:
                changed = resealing.reseal(self._db, transform)
                projections.rebuild(self._db, progress)
                resealing.mark_sealed(self._db)
            except sqlite3.DatabaseError as exc:
                raise cannot("write", self.path, exc) from exc
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return changed

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()


def _check_distinct(appends: Sequence[Append]) -> None:
    """One append per stream per call: two would race with themselves."""
    seen: set[str] = set()
    for a in appends:
        if a.stream_id in seen:
            raise InvalidInput([(a.stream_id, _("appears twice in one atomic append"))])
        seen.add(a.stream_id)
