"""The read model in PostgreSQL: what is its own beside every SQL store's.

The tables and statements are shared with SQLite (:mod:`.read_model`); here
are the check that the read model is this projector's and has seen the whole
log, and the rebuild, which reads the log through a server-side cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store import read_model
from mentorcore.adapters.store.postgres_schema import meta, set_meta
from mentorcore.adapters.store.progress import Progress
from mentorcore.adapters.store.projector import PROJECTION_VERSION
from mentorcore.adapters.store.read_model import POSTGRES
from mentorcore.adapters.store.read_model_sql import TABLES

__all__ = ["Progress", "current", "project_inline", "rebuild", "write_snapshots"]


def project_inline(conn: Any, events: Iterable[tuple[str, int, int, str, str]]) -> None:
    """Project ``(stream, version, position, name, json)`` rows just appended,
    and move their streams' heads."""
    read_model.project_inline(conn, POSTGRES, events)


def write_snapshots(conn: Any, snapshots: Iterable[tuple[str, int, str]]) -> None:
    """Store ``(stream, version, json)`` snapshots, replacing older ones."""
    read_model.write_snapshots(conn, POSTGRES, snapshots)


def current(conn: Any) -> bool:
    """Whether the read model is this projector's and has seen the whole log."""
    if meta(conn, "projections") != PROJECTION_VERSION:
        return False
    found = conn.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s)",
        (list(TABLES),),
    ).fetchone()[0]
    if found != len(TABLES):
        return False
    high = conn.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0]
    return meta(conn, "log_position") == str(high)


def rebuild(conn: Any, progress: Progress | None = None) -> int:
    """Make the read model afresh from the log (the caller holds the writer
    lock in a transaction); return the events read.

    :raises CorruptEvent, StoreError: the log does not check (see :mod:`.log_checks`).
    """
    for table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in POSTGRES.schema():
        conn.execute(statement)
    total = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    tables = read_model.RebuildTables(conn, POSTGRES)
    done = read_model.replay(_log(conn), tables, total, progress)
    seen = meta(conn, "log_position")
    checks.check_positions(conn, int(seen) if seen and seen.isdigit() else None)
    checks.check_references(conn)
    high = conn.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0]
    set_meta(conn, "projections", PROJECTION_VERSION)
    set_meta(conn, "log_position", str(high))
    # Fresh tables have no statistics until autovacuum gets to them: meanwhile the
    # planner took the programme index for a person's live tandems in a programme
    # and read all its entries (1.5 ms under the writer lock at 20,000 tandems).
    conn.execute(f"ANALYZE {', '.join(TABLES)}")
    return done


def _log(conn: Any) -> Iterator[list[tuple[str, int, int, str, str]]]:
    """The log in stream and version order, in batches, through a server-side cursor."""
    with conn.cursor(name="mentorcore_rebuild") as cursor:
        cursor.execute(
            "SELECT stream_id, version, position, name, data FROM events "
            "ORDER BY stream_id, version"
        )
        while rows := cursor.fetchmany(2000):
            yield [(s, int(v), int(p), n, d) for s, v, p, n, d in rows]
