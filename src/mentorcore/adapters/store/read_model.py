"""The read-model tables of every SQL store: schema, inline writes, the rebuild's replay.

The projector (:mod:`.projector`) decides what each event changes; here are
the statements that change it, one set for SQLite and PostgreSQL alike (both
speak ``INSERT … ON CONFLICT``). A :class:`Dialect` says what differs: the
parameter mark and the integer type. Rows are written inline in the unit of
work that appends their events (:class:`InlineTables`), or in batches while
the whole read model is replayed from the log (:class:`RebuildTables`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store import read_model_sql as sql
from mentorcore.adapters.store.progress import Progress, report
from mentorcore.adapters.store.projector import (
    FeedbackRow,
    MessageRow,
    ProjectionError,
    TandemRow,
    project,
)
from mentorcore.adapters.store.read_model_sql import TANDEM_COLUMNS
from mentorcore.errors import CorruptEvent
from mentorcore.i18n import Message


@frozen
class Dialect:
    """What a database's SQL says differently.

    :ivar mark: The parameter placeholder (``?`` or ``%s``).
    :ivar integer: The column type of versions and positions.
    """

    mark: str
    integer: str

    def schema(self) -> list[str]:
        """The statements that make the read model (tables and indexes)."""
        text = sql.SCHEMA.replace("{int}", self.integer)
        return [s.strip() for s in text.split(";") if s.strip()]

    def sql(self, statement: str) -> str:
        """*statement*, written with ``?`` marks, in this dialect."""
        return _translated(statement, self.mark)


SQLITE = Dialect("?", "INTEGER")
POSTGRES = Dialect("%s", "BIGINT")


@functools.lru_cache(maxsize=64)
def _translated(statement: str, mark: str) -> str:
    return statement if mark == "?" else statement.replace("?", mark)


def run_many(db: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Execute *sql* for each of *rows* (through a cursor: psycopg's connection
    has no ``executemany``, SQLite's cursor has)."""
    if not rows:
        return
    cursor = db.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


class InlineTables:
    """:class:`~mentorcore.adapters.store.projector.Tables` inside an open transaction."""

    def __init__(self, db: Any, dialect: Dialect) -> None:
        self._db = db
        self._sql = dialect.sql

    def _run(self, statement: str, values: tuple[Any, ...]) -> Any:
        return self._db.execute(self._sql(statement), values)

    def tandem(self, tandem_id: str) -> TandemRow | None:
        query = f"SELECT {TANDEM_COLUMNS} FROM tandems WHERE tandem_id = ?"
        row = self._run(query, (tandem_id,)).fetchone()
        return TandemRow(*row) if row else None

    def put_tandem(self, row: TandemRow) -> None:
        self._run(sql.PUT_TANDEM, row.values())

    def put_person(self, person_id: str, data: str) -> None:
        self._run(sql.PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        row = self._run(sql.GET_ENROLMENT, (person_id, programme_key, role)).fetchone()
        return str(row[0]) if row else None

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._run(sql.PUT_ENROLMENT, (person_id, programme_key, role, data))

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        rows = self._run(sql.ENROLMENTS_OF, (person_id,)).fetchall()
        return [(str(p), str(k), str(r), str(d)) for p, k, r, d in rows]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._run(sql.DROP_ENROLMENT, (person_id, programme_key, role))

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        self._run(sql.ADD_RELATION if holds else sql.DROP_RELATION, (subject, kind, object_))

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._run(sql.PUT_ACK, (key, tandem_id, position))

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._run(sql.PUT_MEETING, (meeting_id, tandem_id, position))

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._run(sql.PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        self._run(sql.DROP_SNAPSHOT, (stream_id,))

    def put_message(self, row: MessageRow) -> None:
        self._run(sql.PUT_MESSAGE, row.values())

    def put_preference(self, person_id: str, programme_key: str, kind: str, receive: bool) -> None:
        self._run(sql.PUT_PREFERENCE, (person_id, programme_key, kind, int(receive)))

    def drop_preferences(self, person_id: str) -> None:
        self._run(sql.DROP_PREFERENCES, (person_id,))

    def put_feedback(self, row: FeedbackRow) -> None:
        self._run(sql.PUT_FEEDBACK, row.values())


class RebuildTables(InlineTables):
    """Tables for a rebuild that reads the log stream by stream.

    Only the current stream's tandem, enrolments and mail preferences are held in memory (and
    the last word on each relation, which lives in its subject's stream); rows
    are written in batches, so memory stays flat however long the history.
    """

    def __init__(self, db: Any, dialect: Dialect) -> None:
        super().__init__(db, dialect)
        self._tandem: TandemRow | None = None
        self._enrolments: dict[tuple[str, str, str], str] = {}
        self._relations: dict[tuple[str, str, str], bool] = {}
        self._preferences: dict[tuple[str, str, str], int] = {}
        self._batches: dict[str, list[tuple[Any, ...]]] = {}

    def next_stream(self) -> None:
        """The rows of the stream read so far are complete."""
        # Detach first: queuing may write a full batch, and must not come back here.
        tandem, self._tandem = self._tandem, None
        enrolments = list(self._enrolments.items())
        preferences = list(self._preferences.items())
        self._enrolments.clear()
        self._preferences.clear()
        if tandem is not None:
            self._queue(sql.PUT_TANDEM, tandem.values())
        for key, data in enrolments:
            self._queue(sql.PUT_ENROLMENT, (*key, data))
        for key, receive in preferences:
            self._queue(sql.PUT_PREFERENCE, (*key, receive))

    def tandem(self, tandem_id: str) -> TandemRow | None:
        row = self._tandem
        return row if row is not None and row.tandem_id == tandem_id else None

    def put_tandem(self, row: TandemRow) -> None:
        if self._tandem is not None and self._tandem.tandem_id != row.tandem_id:
            self._queue(sql.PUT_TANDEM, self._tandem.values())
        self._tandem = row

    def put_person(self, person_id: str, data: str) -> None:
        self._queue(sql.PUT_PERSON, (person_id, data))

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        return self._enrolments.get((person_id, programme_key, role))

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        self._enrolments[(person_id, programme_key, role)] = data

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        return [(*k, d) for k, d in self._enrolments.items() if k[0] == person_id]

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        self._enrolments.pop((person_id, programme_key, role), None)

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        self._relations[(subject, kind, object_)] = holds

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        self._queue(sql.PUT_ACK, (key, tandem_id, position))

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        self._queue(sql.PUT_MEETING, (meeting_id, tandem_id, position))

    def put_erasure(self, subject: str, erased_at: str) -> None:
        self._queue(sql.PUT_ERASURE, (subject, erased_at))

    def drop_snapshot(self, stream_id: str) -> None:
        pass  # a rebuild starts without snapshots

    def put_message(self, row: MessageRow) -> None:
        self._queue(sql.PUT_MESSAGE, row.values())

    def put_preference(self, person_id: str, programme_key: str, kind: str, receive: bool) -> None:
        self._preferences[(person_id, programme_key, kind)] = int(receive)

    def drop_preferences(self, person_id: str) -> None:
        for key in [k for k in self._preferences if k[0] == person_id]:
            del self._preferences[key]

    def put_feedback(self, row: FeedbackRow) -> None:
        self._queue(sql.PUT_FEEDBACK, row.values())

    def put_head(self, stream_id: str, version: int) -> None:
        self._queue(sql.PUT_HEAD, (stream_id, version))

    def _queue(self, statement: str, values: tuple[Any, ...]) -> None:
        batch = self._batches.setdefault(statement, [])
        batch.append(values)
        if len(batch) >= 5000:  # write this table's full batch; rows of a stream keep their order
            run_many(self._db, self._sql(statement), batch)
            batch.clear()

    def flush(self) -> None:
        """Write every row still held."""
        self.next_stream()
        for key, holds in self._relations.items():
            if holds:
                self._queue(sql.ADD_RELATION, key)
        self._relations.clear()
        for statement, rows in self._batches.items():
            run_many(self._db, self._sql(statement), rows)
        self._batches.clear()


def project_inline(
    db: Any, dialect: Dialect, events: Iterable[tuple[str, int, int, str, str]]
) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended
    on *db*, and move their streams' heads."""
    tables = InlineTables(db, dialect)
    heads: dict[str, int] = {}
    for stream_id, version, position, name, data in events:
        project_row(stream_id, version, position, name, data, tables)
        heads[stream_id] = version
    run_many(db, dialect.sql(sql.PUT_HEAD), list(heads.items()))


def project_row(
    stream_id: str, version: int, position: int, name: str, data: str, tables: Any
) -> None:
    """Apply one stored event to *tables*.

    :raises CorruptEvent: it cannot be projected (naming its stream and version).
    """
    try:
        project(stream_id, version, position, name, json.loads(data), tables)
    except ProjectionError as exc:
        raise CorruptEvent(stream_id, version, exc.message) from exc
    except (ValueError, RecursionError) as exc:
        problem = Message.literal(str(exc) or type(exc).__name__)
        raise CorruptEvent(stream_id, version, problem) from exc


def replay(
    batches: Iterable[list[tuple[str, int, int, str, str]]],
    tables: RebuildTables,
    total: int,
    progress: Progress | None = None,
) -> int:
    """Project the log, read as batches of ``(stream, version, position, name,
    json)`` rows in stream and version order, into *tables*; check each
    stream on the way (:mod:`.log_checks`), tell *progress* after each batch
    (what it raises is bad input naming it), write every row; return the
    events read.

    :raises CorruptEvent: a stream has a gap, is out of order, holds another
        stream's event or an event that cannot be projected.
    """
    stream: checks.StreamCheck | None = None
    done = 0
    for rows in batches:
        for stream_id, version, position, name, data in rows:
            if stream is None or stream_id != stream.stream_id:
                if stream is not None:
                    tables.put_head(stream.stream_id, stream.last)
                stream = checks.StreamCheck(stream_id)
                tables.next_stream()
            checked = stream.row(position, version)
            project_row(stream_id, checked, position, name, data, tables)
        done += len(rows)
        if progress is not None:
            report(progress, done, total)
    if stream is not None:
        tables.put_head(stream.stream_id, stream.last)
    tables.flush()
    return done


def write_snapshots(db: Any, dialect: Dialect, snapshots: Iterable[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    rows = [(*s, snapshot_digest(*s)) for s in snapshots]
    run_many(db, dialect.sql(sql.PUT_SNAPSHOT), rows)


def snapshot_digest(stream_id: str, version: int, data: str) -> str:
    """What a snapshot row must carry to be used: a snapshot edited, moved to
    another stream or version by hand no longer matches it, and is ignored."""
    text = f"{stream_id}\n{version}\n{data}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()
