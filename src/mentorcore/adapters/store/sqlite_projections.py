"""The read model in SQLite: its tables as made, inline writes and the rebuild.

The tables and statements are every SQL store's (:mod:`.read_model`); here
is what is SQLite's own: the check that the tables are this projector's as
made (``sqlite_master``), and the rebuild, which reads the log as bytes so
that text that is not UTF-8 is named with its stream and version. The
tables are kept in the transaction that appends the events (so they are
never behind the log), and rebuilt when their version differs from
:data:`~mentorcore.adapters.store.projector.PROJECTION_VERSION` or on request.
Snapshots of long tandem streams live here too; they are a cache of the fold,
dropped by a rebuild.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store import read_model
from mentorcore.adapters.store.progress import Progress, check_progress
from mentorcore.adapters.store.projector import PROJECTION_VERSION
from mentorcore.adapters.store.read_model import SQLITE
from mentorcore.adapters.store.read_model_sql import TABLES

__all__ = [
    "Progress",
    "check_progress",
    "create_indexes",
    "current",
    "project_inline",
    "rebuild",
    "write_snapshots",
]

_STATEMENTS = SQLITE.schema()


def project_inline(
    db: sqlite3.Connection, events: Iterable[tuple[str, int, int, str, str]]
) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended on
    *db*, and move their streams' heads."""
    read_model.project_inline(db, SQLITE, events)


def write_snapshots(db: sqlite3.Connection, snapshots: Sequence[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    read_model.write_snapshots(db, SQLITE, snapshots)


def rebuild(db: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Make every projection table afresh and fill it from the log; return the
    events read. Checks the whole log on the way (:mod:`.log_checks`).

    The caller holds the write transaction.

    :raises CorruptEvent: a stream has a gap, is out of order, holds another
        stream's event or an event that cannot be projected.
    :raises StoreError: events were deleted from the log.
    """
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _STATEMENTS:
        db.execute(statement)
    total = int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    tables = read_model.RebuildTables(db, SQLITE)
    done = read_model.replay(_log(db), tables, total, progress)
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
        for name, statement in zip(TABLES, _table_statements(), strict=True)
    )


def create_indexes(db: sqlite3.Connection) -> None:
    """Make any index of the read model that is missing (they hold no state)."""
    for statement in _STATEMENTS:
        if statement.startswith("CREATE INDEX"):
            db.execute(statement)


def _table_statements() -> list[str]:
    by_name = {s.split()[5]: s for s in _STATEMENTS if s.startswith("CREATE TABLE")}
    return [by_name[name] for name in TABLES]


def _log(db: sqlite3.Connection) -> Iterator[list[tuple[str, int, int, str, str]]]:
    """The log in stream and version order, in batches, as text; read as bytes,
    so that text that is not UTF-8 is reported with its stream and version."""
    cursor = db.execute(
        "SELECT CAST(stream_id AS BLOB), version, position, CAST(name AS BLOB), "
        "CAST(data AS BLOB) FROM events ORDER BY stream_id, version"
    )
    while rows := cursor.fetchmany(2000):
        batch = []
        for raw_stream, version, position, raw_name, raw_data in rows:
            stream_id, name, data = checks.texts(raw_stream, version, raw_name, raw_data)
            batch.append((stream_id, version, position, name, data))
        yield batch
