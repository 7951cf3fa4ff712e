"""The read-model tables in SQLite: schema, inline writes, queries and rebuild.

The tables are kept by :func:`~mentorcore.adapters.store.projector.project`
in the transaction that appends the events (so they are never behind the log),
and are rebuilt from the log when their version differs from
:data:`~mentorcore.adapters.store.projector.PROJECTION_VERSION` or on request.
Snapshots of long tandem streams live here too; they are a cache of the fold,
dropped by a rebuild.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mentorcore.adapters.store.projector import (
    PROJECTION_VERSION,
    ProjectionError,
    TandemRow,
    project,
)
from mentorcore.errors import CorruptEvent

SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    person_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enrolments (
    person_id TEXT NOT NULL, programme_key TEXT NOT NULL, role TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (person_id, programme_key, role));
CREATE INDEX IF NOT EXISTS enrolments_by_programme ON enrolments (programme_key, role, person_id);
CREATE TABLE IF NOT EXISTS relations (
    subject TEXT NOT NULL, kind TEXT NOT NULL, object TEXT NOT NULL,
    PRIMARY KEY (subject, kind, object));
CREATE INDEX IF NOT EXISTS relations_by_object ON relations (object);
CREATE TABLE IF NOT EXISTS tandems (
    tandem_id TEXT PRIMARY KEY, programme_key TEXT NOT NULL, track TEXT,
    mentee TEXT NOT NULL, mentor TEXT NOT NULL, origin TEXT NOT NULL,
    status TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    activated_at TEXT, ended_at TEXT, last_activity_at TEXT NOT NULL,
    predecessor TEXT, opted_in TEXT NOT NULL, position INTEGER NOT NULL,
    rematch_requested INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tandems_by_programme ON tandems (programme_key, position);
CREATE INDEX IF NOT EXISTS tandems_by_mentee ON tandems (mentee, position);
CREATE INDEX IF NOT EXISTS tandems_by_mentor ON tandems (mentor, position);
CREATE TABLE IF NOT EXISTS acknowledgements (
    key TEXT PRIMARY KEY, tandem_id TEXT, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
"""
_TABLES = ("persons", "enrolments", "relations", "tandems", "acknowledgements", "snapshots")
_TANDEM_COLUMNS = (
    "tandem_id, programme_key, track, mentee, mentor, origin, status, version, created_at, "
    "activated_at, ended_at, last_activity_at, predecessor, opted_in, position, rematch_requested"
)
_PUT_TANDEM = f"INSERT OR REPLACE INTO tandems ({_TANDEM_COLUMNS}) VALUES ({','.join('?' * 16)})"
_PUT_PERSON = "INSERT OR REPLACE INTO persons (person_id, data) VALUES (?, ?)"
_PUT_ENROLMENT = (
    "INSERT OR REPLACE INTO enrolments (person_id, programme_key, role, data) VALUES (?,?,?,?)"
)
_GET_ENROLMENT = "SELECT data FROM enrolments WHERE person_id=? AND programme_key=? AND role=?"
_ADD_RELATION = "INSERT OR IGNORE INTO relations (subject, kind, object) VALUES (?, ?, ?)"
_DROP_RELATION = "DELETE FROM relations WHERE subject=? AND kind=? AND object=?"
_PUT_ACK = "INSERT OR IGNORE INTO acknowledgements (key, tandem_id, position) VALUES (?, ?, ?)"

#: Progress callback of a rebuild: ``(events done, events in all)``.
Progress = Callable[[int, int], None]


class InlineTables:
    """:class:`~mentorcore.adapters.store.projector.Tables` inside an open transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def tandem(self, tandem_id: str) -> TandemRow | None:
        row = self._db.execute(
            f"SELECT {_TANDEM_COLUMNS} FROM tandems WHERE tandem_id = ?", (tandem_id,)
        ).fetchone()
        return TandemRow(*row) if row else None

    def put_tandem(self, row: TandemRow) -> None:
        self._db.execute(_PUT_TANDEM, row.values())

    def put_person(self, person_id: str, data: str) -> None:
        self._db.execute(_PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        row = self._db.execute(_GET_ENROLMENT, (person_id, programme_key, role)).fetchone()
        return str(row[0]) if row else None

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._db.execute(_PUT_ENROLMENT, (person_id, programme_key, role, data))

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        self._db.execute(_ADD_RELATION if holds else _DROP_RELATION, (subject, kind, object_))

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._db.execute(_PUT_ACK, (key, tandem_id, position))


class _RebuildTables(InlineTables):
    """Tables for a rebuild that reads the log stream by stream.

    Only the current stream's tandem and enrolments are held in memory; rows
    are written in batches, so memory stays flat however long the history.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db)
        self.stream = ""
        self._tandem: TandemRow | None = None
        self._enrolments: dict[tuple[str, str, str], str] = {}
        self._batches: dict[str, list[tuple[Any, ...]]] = {}

    def next_stream(self, stream_id: str) -> None:
        self._flush_stream()
        self.stream = stream_id
        self._enrolments.clear()

    def tandem(self, tandem_id: str) -> TandemRow | None:
        row = self._tandem
        return row if row is not None and row.tandem_id == tandem_id else None

    def put_tandem(self, row: TandemRow) -> None:
        if self._tandem is not None and self._tandem.tandem_id != row.tandem_id:
            self._queue(_PUT_TANDEM, self._tandem.values())
        self._tandem = row

    def put_person(self, person_id: str, data: str) -> None:
        self._queue(_PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        return self._enrolments.get((person_id, programme_key, role))

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._enrolments[(person_id, programme_key, role)] = data

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._queue(_PUT_ACK, (key, tandem_id, position))

    def _flush_stream(self) -> None:
        if self._tandem is not None:
            self._queue(_PUT_TANDEM, self._tandem.values())
            self._tandem = None
        for key, data in self._enrolments.items():
            self._queue(_PUT_ENROLMENT, (*key, data))

    def _queue(self, sql: str, values: tuple[Any, ...]) -> None:
        batch = self._batches.setdefault(sql, [])
        batch.append(values)
        if len(batch) >= 5000:
            self.flush()

    def flush(self) -> None:
        self._flush_stream()
        for sql, rows in self._batches.items():
            self._db.executemany(sql, rows)
        self._batches.clear()


def project_inline(
    db: sqlite3.Connection, events: Iterable[tuple[str, int, int, str, str]]
) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended on *db*."""
    tables = InlineTables(db)
    for stream_id, version, position, name, data in events:
        _project(stream_id, version, position, name, data, tables)


def _project(
    stream_id: str, version: int, position: int, name: str, data: str, tables: Any
) -> None:
    try:
        project(stream_id, version, position, name, json.loads(data), tables)
    except (ProjectionError, ValueError) as exc:
        raise CorruptEvent(stream_id, version, str(exc)) from exc


def rebuild(db: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Empty every projection and refill it from the log; return the events read.

    The caller holds the write transaction.
    """
    for table in _TABLES:
        db.execute(f"DELETE FROM {table}")
    total = int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    tables = _RebuildTables(db)
    cursor = db.execute(
        "SELECT stream_id, version, position, name, data FROM events ORDER BY stream_id, version"
    )
    done = 0
    while rows := cursor.fetchmany(2000):
        for stream_id, version, position, name, data in rows:
            if stream_id != tables.stream:
                tables.next_stream(stream_id)
            _project(stream_id, version, position, name, data, tables)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    tables.flush()
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('projections', ?)",
        (PROJECTION_VERSION,),
    )
    return done


def projections_current(db: sqlite3.Connection) -> bool:
    """Whether the tables were built by this version of the projector."""
    row = db.execute("SELECT value FROM meta WHERE key = 'projections'").fetchone()
    return row is not None and row[0] == PROJECTION_VERSION


def write_snapshots(db: sqlite3.Connection, snapshots: Sequence[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    db.executemany(
        "INSERT OR REPLACE INTO snapshots (stream_id, version, data) VALUES (?, ?, ?)", snapshots
    )
