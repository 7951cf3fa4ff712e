"""The read-model tables in SQLite: schema, inline writes, queries and rebuild.

The tables are kept by :func:`~mentorcore.adapters.store.projector.project`
in the transaction that appends the events (so they are never behind the log),
and are rebuilt from the log when their version differs from
:data:`~mentorcore.adapters.store.projector.PROJECTION_VERSION` or on request.
Snapshots of long tandem streams live here too; they are a cache of the fold,
dropped by a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store.projector import (
    PROJECTION_VERSION,
    ProjectionError,
    TandemRow,
    project,
)
from mentorcore.errors import CorruptEvent, InvalidInput
from mentorcore.i18n import Message, _

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
    stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL,
    digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id TEXT PRIMARY KEY, tandem_id TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heads (
    stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS erasures (
    subject TEXT PRIMARY KEY, erased_at TEXT NOT NULL);
"""
_TABLES = (
    "persons",
    "enrolments",
    "relations",
    "tandems",
    "acknowledgements",
    "snapshots",
    "meetings",
    "heads",
    "erasures",
)
_STATEMENTS = [s.strip() for s in SCHEMA.split(";") if s.strip()]
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
# The earliest proposal keeps a meeting id, inline and in a rebuild alike.
_PUT_MEETING = (
    "INSERT INTO meetings (meeting_id, tandem_id, position) VALUES (?, ?, ?) "
    "ON CONFLICT (meeting_id) DO UPDATE SET tandem_id = excluded.tandem_id, "
    "position = excluded.position WHERE excluded.position < meetings.position"
)
_PUT_ERASURE = "INSERT OR IGNORE INTO erasures (subject, erased_at) VALUES (?, ?)"
_PUT_HEAD = (
    "INSERT INTO heads (stream_id, version) VALUES (?, ?) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version"
)

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

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._db.execute(_PUT_MEETING, (meeting_id, tandem_id, position))

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        return [
            (str(p), str(k), str(r), str(d))
            for p, k, r, d in self._db.execute(
                "SELECT person_id, programme_key, role, data FROM enrolments WHERE person_id = ?",
                (person_id,),
            )
        ]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._db.execute(
            "DELETE FROM enrolments WHERE person_id=? AND programme_key=? AND role=?",
            (person_id, programme_key, role),
        )

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._db.execute(_PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        self._db.execute("DELETE FROM snapshots WHERE stream_id = ?", (stream_id,))


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

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._queue(_PUT_MEETING, (meeting_id, tandem_id, position))

    def put_head(self, stream_id: str, version: int) -> None:
        self._queue(_PUT_HEAD, (stream_id, version))

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        return [(*k, d) for k, d in self._enrolments.items() if k[0] == person_id]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._enrolments.pop((person_id, programme_key, role), None)

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._queue(_PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        pass  # a rebuild starts without snapshots

    def _flush_stream(self) -> None:
        # Detach first: queuing may write a full batch, and must not come back here.
        tandem, self._tandem = self._tandem, None
        enrolments = list(self._enrolments.items())
        self._enrolments.clear()
        if tandem is not None:
            self._queue(_PUT_TANDEM, tandem.values())
        for key, data in enrolments:
            self._queue(_PUT_ENROLMENT, (*key, data))

    def _queue(self, sql: str, values: tuple[Any, ...]) -> None:
        batch = self._batches.setdefault(sql, [])
        batch.append(values)
        if len(batch) >= 5000:  # write this table's full batch; rows of a stream keep their order
            self._db.executemany(sql, batch)
            batch.clear()

    def flush(self) -> None:
        self._flush_stream()
        for sql, rows in self._batches.items():
            self._db.executemany(sql, rows)
        self._batches.clear()


def project_inline(
    db: sqlite3.Connection, events: Iterable[tuple[str, int, int, str, str]]
) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended on
    *db*, and move their streams' heads."""
    tables = InlineTables(db)
    heads: dict[str, int] = {}
    for stream_id, version, position, name, data in events:
        _project(stream_id, version, position, name, data, tables)
        heads[stream_id] = version
    db.executemany(_PUT_HEAD, heads.items())


def _project(
    stream_id: str, version: int, position: int, name: str, data: str, tables: Any
) -> None:
    try:
        project(stream_id, version, position, name, json.loads(data), tables)
    except ProjectionError as exc:
        raise CorruptEvent(stream_id, version, exc.message) from exc
    except (ValueError, RecursionError) as exc:
        problem = Message.literal(str(exc) or type(exc).__name__)
        raise CorruptEvent(stream_id, version, problem) from exc


def rebuild(db: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Make every projection table afresh and fill it from the log; return the
    events read. Checks the whole log on the way (:mod:`.log_checks`).

    The caller holds the write transaction.

    :raises CorruptEvent: a stream has a gap, is out of order, holds another
        stream's event or an event that cannot be projected.
    :raises StoreError: events were deleted from the log.
    """
    for table in _TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _STATEMENTS:
        db.execute(statement)
    total = int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    tables = _RebuildTables(db)
    # Read as bytes: text that is not UTF-8 is reported with its stream and version.
    cursor = db.execute(
        "SELECT CAST(stream_id AS BLOB), version, position, CAST(name AS BLOB), "
        "CAST(data AS BLOB) FROM events ORDER BY stream_id, version"
    )
    stream: checks.StreamCheck | None = None
    done = 0
    while rows := cursor.fetchmany(2000):
        for raw_stream, version, position, raw_name, raw_data in rows:
            stream_id, name, data = checks.texts(raw_stream, version, raw_name, raw_data)
            if stream is None or stream_id != stream.stream_id:
                if stream is not None:
                    tables.put_head(stream.stream_id, stream.last)
                stream = checks.StreamCheck(stream_id)
                tables.next_stream(stream_id)
            stream.row(position, version)
            _project(stream_id, version, position, name, data, tables)
        done += len(rows)
        if progress is not None:
            _report(progress, done, total)
    if stream is not None:
        tables.put_head(stream.stream_id, stream.last)
    tables.flush()
    # After the streams (whose errors name a stream and version): what no
    # stream shows, a deleted stream or newest event, shows in the positions.
    seen = db.execute("SELECT value FROM meta WHERE key = 'log_position'").fetchone()
    checks.check_positions(
        db, int(seen[0]) if seen and str(seen[0]).isascii() and str(seen[0]).isdigit() else None
    )
    checks.check_references(db)
    # Positions are gapless (checked above): the next event gets the next one,
    # and the read model has seen them all.
    high = int(db.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0])
    db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'", (high,))
    db.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [("projections", PROJECTION_VERSION), ("log_position", str(high))],
    )
    return done


def current(db: sqlite3.Connection) -> bool:
    """Whether the tables are those of this version of the projector, as made."""
    row = db.execute("SELECT value FROM meta WHERE key = 'projections'").fetchone()
    if row is None or row[0] != PROJECTION_VERSION:
        return False
    made = {
        name: " ".join(str(sql).split())
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    }
    return all(
        made.get(name) == " ".join(statement.replace("IF NOT EXISTS ", "").split())
        for name, statement in zip(_TABLES, _table_statements(), strict=True)
    )


def create_indexes(db: sqlite3.Connection) -> None:
    """Make any index of the read model that is missing (they hold no state)."""
    for statement in _STATEMENTS:
        if statement.startswith("CREATE INDEX"):
            db.execute(statement)


def _table_statements() -> list[str]:
    by_name = {s.split()[5]: s for s in _STATEMENTS if s.startswith("CREATE TABLE")}
    return [by_name[name] for name in _TABLES]


def write_snapshots(db: sqlite3.Connection, snapshots: Sequence[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    db.executemany(
        "INSERT OR REPLACE INTO snapshots (stream_id, version, data, digest) VALUES (?, ?, ?, ?)",
        [(*s, snapshot_digest(*s)) for s in snapshots],
    )


def snapshot_digest(stream_id: str, version: int, data: str) -> str:
    """What a snapshot row must carry to be used: a snapshot edited, moved to
    another stream or version by hand no longer matches it, and is ignored."""
    text = f"{stream_id}\n{version}\n{data}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _report(progress: Progress, done: int, total: int) -> None:
    """Call the host's *progress*; what it raises becomes bad input naming it (the
    rebuild's transaction then rolls back, so nothing changes)."""
    try:
        progress(done, total)
    except Exception as exc:
        raise InvalidInput(
            [
                (
                    "progress",
                    _(
                        "the progress callback raised {error}: {problem}",
                        error=type(exc).__name__,
                        problem=str(exc),
                    ),
                )
            ]
        ) from exc


def check_progress(progress: object) -> None:
    """A progress callback must be callable (or ``None``)."""
    if progress is not None and not callable(progress):
        why = _("expected a function (done, total), got {got}", got=repr(progress))
        raise InvalidInput([("progress", why)])
