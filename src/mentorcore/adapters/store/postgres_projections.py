"""The read-model tables in PostgreSQL: inline writes and the rebuild.

The projector (:mod:`.projector`) decides what each event changes; here are
the statements that change it, inline in the unit of work that appends the
events, or in batches while every table is rebuilt from the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store.postgres_schema import READ_MODEL, READ_MODEL_TABLES, meta, set_meta
from mentorcore.adapters.store.projector import (
    PROJECTION_VERSION,
    ProjectionError,
    TandemRow,
    project,
)
from mentorcore.adapters.store.sqlite_projections import _TANDEM_COLUMNS, _report, snapshot_digest
from mentorcore.errors import CorruptEvent
from mentorcore.i18n import Message

_PUT_TANDEM = (
    f"INSERT INTO tandems ({_TANDEM_COLUMNS}) VALUES ({','.join(['%s'] * 16)}) "
    "ON CONFLICT (tandem_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _TANDEM_COLUMNS.split(", ")[1:])
)
_PUT_PERSON = (
    "INSERT INTO persons (person_id, data) VALUES (%s, %s) "
    "ON CONFLICT (person_id) DO UPDATE SET data = excluded.data"
)
_PUT_ENROLMENT = (
    "INSERT INTO enrolments (person_id, programme_key, role, data) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (person_id, programme_key, role) DO UPDATE SET data = excluded.data"
)
_ADD_RELATION = (
    "INSERT INTO relations (subject, kind, object) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
)
_DROP_RELATION = "DELETE FROM relations WHERE subject = %s AND kind = %s AND object = %s"
_PUT_ACK = (
    "INSERT INTO acknowledgements (key, tandem_id, position) VALUES (%s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)
_PUT_MEETING = (
    "INSERT INTO meetings (meeting_id, tandem_id, position) VALUES (%s, %s, %s) "
    "ON CONFLICT (meeting_id) DO UPDATE SET tandem_id = excluded.tandem_id, "
    "position = excluded.position WHERE excluded.position < meetings.position"
)
_PUT_HEAD = (
    "INSERT INTO heads (stream_id, version) VALUES (%s, %s) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version"
)
_PUT_ERASURE = "INSERT INTO erasures (subject, erased_at) VALUES (%s, %s) ON CONFLICT DO NOTHING"
_PUT_SNAPSHOT = (
    "INSERT INTO snapshots (stream_id, version, data, digest) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, data = excluded.data, "
    "digest = excluded.digest"
)

#: Progress callback of a rebuild: ``(events done, events in all)``.
Progress = Callable[[int, int], None]


class InlineTables:
    """:class:`~mentorcore.adapters.store.projector.Tables` inside a unit of work."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def tandem(self, tandem_id: str) -> TandemRow | None:
        row = self._conn.execute(
            f"SELECT {_TANDEM_COLUMNS} FROM tandems WHERE tandem_id = %s", (tandem_id,)
        ).fetchone()
        return TandemRow(*row) if row else None

    def put_tandem(self, row: TandemRow) -> None:
        self._conn.execute(_PUT_TANDEM, row.values())

    def put_person(self, person_id: str, data: str) -> None:
        self._conn.execute(_PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        row = self._conn.execute(
            "SELECT data FROM enrolments WHERE person_id = %s AND programme_key = %s AND role = %s",
            (person_id, programme_key, role),
        ).fetchone()
        return str(row[0]) if row else None

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._conn.execute(_PUT_ENROLMENT, (person_id, programme_key, role, data))

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        self._conn.execute(_ADD_RELATION if holds else _DROP_RELATION, (subject, kind, object_))

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._conn.execute(_PUT_ACK, (key, tandem_id, position))

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._conn.execute(_PUT_MEETING, (meeting_id, tandem_id, position))

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        rows = self._conn.execute(
            "SELECT person_id, programme_key, role, data FROM enrolments WHERE person_id = %s",
            (person_id,),
        ).fetchall()
        return [(str(p), str(k), str(r), str(d)) for p, k, r, d in rows]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._conn.execute(
            "DELETE FROM enrolments WHERE person_id = %s AND programme_key = %s AND role = %s",
            (person_id, programme_key, role),
        )

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._conn.execute(_PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        self._conn.execute("DELETE FROM snapshots WHERE stream_id = %s", (stream_id,))


class _RebuildTables(InlineTables):
    """Tables for a rebuild that reads the log stream by stream: the current
    stream's tandem and enrolments in memory, other rows written in batches."""

    def __init__(self, conn: Any) -> None:
        super().__init__(conn)
        self._tandem: TandemRow | None = None
        self._enrolments: dict[tuple[str, str, str], str] = {}
        self._batches: dict[str, list[tuple[Any, ...]]] = {}
        self._relations: dict[tuple[str, str, str], bool] = {}

    def next_stream(self) -> None:
        self._flush_stream()

    def tandem(self, tandem_id: str) -> TandemRow | None:
        row = self._tandem
        return row if row is not None and row.tandem_id == tandem_id else None

    def put_tandem(self, row: TandemRow) -> None:
        self._tandem = row

    def put_person(self, person_id: str, data: str) -> None:
        self._queue(_PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        return self._enrolments.get((person_id, programme_key, role))

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._enrolments[(person_id, programme_key, role)] = data

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        return [(*k, d) for k, d in self._enrolments.items() if k[0] == person_id]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._enrolments.pop((person_id, programme_key, role), None)

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        # A relation lives in its subject's stream: the last word on it wins.
        self._relations[(subject, kind, object_)] = holds

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._queue(_PUT_ACK, (key, tandem_id, position))

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._queue(_PUT_MEETING, (meeting_id, tandem_id, position))

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._queue(_PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        pass  # a rebuild starts without snapshots

    def put_head(self, stream_id: str, version: int) -> None:
        self._queue(_PUT_HEAD, (stream_id, version))

    def _flush_stream(self) -> None:
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
        if len(batch) >= 2000:
            with self._conn.cursor() as cur:
                cur.executemany(sql, batch)
            batch.clear()

    def flush(self) -> None:
        self._flush_stream()
        for key, holds in self._relations.items():
            if holds:
                self._queue(_ADD_RELATION, key)
        self._relations.clear()
        with self._conn.cursor() as cur:
            for sql, rows in self._batches.items():
                if rows:
                    cur.executemany(sql, rows)
        self._batches.clear()


def project_inline(conn: Any, events: Iterable[tuple[str, int, int, str, str]]) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended,
    and move their streams' heads."""
    tables = InlineTables(conn)
    heads: dict[str, int] = {}
    for stream_id, version, position, name, data in events:
        _project(stream_id, version, position, name, data, tables)
        heads[stream_id] = version
    with conn.cursor() as cur:
        cur.executemany(_PUT_HEAD, list(heads.items()))


def write_snapshots(conn: Any, snapshots: Iterable[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    rows = [(*s, snapshot_digest(*s)) for s in snapshots]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(_PUT_SNAPSHOT, rows)


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


def current(conn: Any) -> bool:
    """Whether the read model is this projector's and has seen the whole log."""
    if meta(conn, "projections") != PROJECTION_VERSION:
        return False
    found = conn.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s)",
        (list(READ_MODEL_TABLES),),
    ).fetchone()[0]
    if found != len(READ_MODEL_TABLES):
        return False
    high = conn.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0]
    return meta(conn, "log_position") == str(high)


def rebuild(conn: Any, progress: Progress | None = None) -> int:
    """Make the read model afresh from the log (the caller holds the writer
    lock in a transaction); return the events read.

    :raises CorruptEvent, StoreError: the log does not check (see :mod:`.log_checks`).
    """
    for table in READ_MODEL_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in READ_MODEL:
        conn.execute(statement)
    total = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    tables = _RebuildTables(conn)
    stream: checks.StreamCheck | None = None
    done = 0
    with conn.cursor(name="mentorcore_rebuild") as cursor:
        cursor.execute(
            "SELECT stream_id, version, position, name, data FROM events "
            "ORDER BY stream_id, version"
        )
        while rows := cursor.fetchmany(2000):
            for stream_id, version, position, name, data in rows:
                if stream is None or stream_id != stream.stream_id:
                    if stream is not None:
                        tables.put_head(stream.stream_id, stream.last)
                    stream = checks.StreamCheck(stream_id)
                    tables.next_stream()
                stream.row(int(position), int(version))
                _project(stream_id, int(version), int(position), name, data, tables)
            done += len(rows)
            if progress is not None:
                _report(progress, done, total)  # what it raises is bad input naming it
    if stream is not None:
        tables.put_head(stream.stream_id, stream.last)
    tables.flush()
    seen = meta(conn, "log_position")
    checks.check_positions(conn, int(seen) if seen and seen.isdigit() else None)
    checks.check_references(conn)
    high = conn.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0]
    set_meta(conn, "projections", PROJECTION_VERSION)
    set_meta(conn, "log_position", str(high))
    # Fresh tables have no statistics until autovacuum gets to them: meanwhile the
    # planner took the programme index for a person's live tandems in a programme
    # and read all its entries (1.5 ms under the writer lock at 20,000 tandems).
    conn.execute(f"ANALYZE {', '.join(READ_MODEL_TABLES)}")
    return done
