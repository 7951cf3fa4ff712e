"""The PostgreSQL store: several app servers on one database (``mentorcore[postgres]``).

Writers are serialised: every unit of work first takes one transaction-level
advisory lock (:data:`~.postgres_schema.WRITER_LOCK`), as SQLite's writers
take its write lock. Under it a writer decides on a state no other server
changes, appends with the next positions (``MAX(position) + 1``: gapless, in
commit order), writes the read model inline, and commits. Hence

- a reader tailing the log by position (:meth:`PostgresEventStore.read_all`)
  never skips an event committed out of order (the gap trap of a plain
  sequence), and never sees a gap;
- rules across streams (a mentor's capacity, one live tandem per mentee,
  relations, re-match exclusions) hold across servers: two cannot decide at once;
- ``(stream_id, version)`` is the primary key of a stream's events, and every
  append names the version it expects, so a lost update is impossible too.

The price is that writes do not run in parallel; reads take no lock and do.
``docs/deploying.md`` says why and what it costs. Other servers see new events
at their next read: the read model is in the database, and cached tandems are
checked against their stream's version on every load.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from mentorcore.adapters.store import Append, RecordedEvent, Snapshot
from mentorcore.adapters.store import log_checks as checks
from mentorcore.adapters.store import postgres_projections as projections
from mentorcore.adapters.store import postgres_schema as schema
from mentorcore.adapters.store.keys import KeyStore
from mentorcore.adapters.store.postgres_keys import PostgresKeyStore
from mentorcore.adapters.store.postgres_queries import PostgresQueries
from mentorcore.adapters.store.progress import check_progress
from mentorcore.adapters.store.queries import Queries
from mentorcore.adapters.store.sqlite_guard import cannot, schema_error
from mentorcore.adapters.store.sqlite_reseal import Transform
from mentorcore.errors import ConcurrencyConflict, CorruptEvent, InvalidInput
from mentorcore.i18n import _


class PostgresEventStore:
    """Events and their read model in a PostgreSQL database.

    :param dsn: A libpq connection string or URL (``postgresql://user@host/db``).
    :param min_size: Connections the pool keeps open.
    :param max_size: Connections the pool opens at most (one per concurrent
        reader or writer of this process).
    :param timeout: Seconds to wait for a connection of the pool.
    :param rebuild_progress: Called as ``(done, total)`` while the read model
        is rebuilt on opening.
    :raises StoreError: the server cannot be reached, or the database has a
        newer schema than this mentorcore.
    """

    def __init__(
        self,
        dsn: str,
        *,
        min_size: int = 1,
        max_size: int = 8,
        timeout: float = 30.0,
        rebuild_progress: projections.Progress | None = None,
    ) -> None:
        self.path = _shown(dsn)
        check_progress(rebuild_progress)
        self._local = threading.local()
        try:
            self._pool = ConnectionPool(
                dsn,
                min_size=min_size,
                max_size=max_size,
                timeout=timeout,
                kwargs={"autocommit": True},
                open=True,
            )
            self._pool.wait(timeout)
        except (psycopg.Error, psycopg_pool_errors()) as exc:
            raise cannot("open", self.path, exc) from exc
        self.queries: Queries = PostgresQueries(self._connection, self.path)
        self.keys: KeyStore = PostgresKeyStore(self._connection, self._pool.connection, self.path)
        try:
            self._open(rebuild_progress)
        except BaseException:
            self._pool.close()
            raise

    def _open(self, progress: projections.Progress | None) -> None:
        with self.transaction() as conn:
            try:
                found = schema.migrate(conn)
            except ValueError as exc:
                raise schema_error(self.path, exc.args[0], schema.SCHEMA_VERSION) from None
            if found == 0 or not projections.current(conn):
                projections.rebuild(conn, progress)

    # ------------------------------------------------------------ connections

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """The calling thread's unit-of-work connection, else one of the pool."""
        unit = getattr(self._local, "conn", None)
        if unit is not None:
            yield unit
            return
        with self._pool.connection() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One unit of work under the writer lock (see ``EventStore.transaction``);
        nested blocks are savepoints of the outer one."""
        unit = getattr(self._local, "conn", None)
        if unit is not None:
            with unit.transaction():
                yield unit
            return
        try:
            with self._pool.connection() as conn:
                self._local.conn = conn
                try:
                    with conn.transaction():
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.WRITER_LOCK,))
                        yield conn
                finally:
                    self._local.conn = None
        except psycopg.Error as exc:
            raise cannot("write", self.path, exc) from exc

    # ------------------------------------------------------------ writing

    def append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot] = ()) -> int:
        """Append atomically with projections (see ``EventStore.append``)."""
        seen: set[str] = set()
        for a in appends:
            if a.stream_id in seen:
                raise InvalidInput([(a.stream_id, _("appears twice in one atomic append"))])
            seen.add(a.stream_id)
        # Undone alone on failure: inside a unit of work the nested transaction is
        # a savepoint, else a transaction of its own (one savepoint, not two:
        # each costs a round trip under the writer lock).
        with self.transaction() as conn:
            try:
                return self._insert(conn, appends, snapshots)
            except psycopg.errors.UniqueViolation as exc:
                first = appends[0]
                raise ConcurrencyConflict(first.stream_id, first.expected_version, -1) from exc
            except (psycopg.DataError, UnicodeEncodeError) as exc:
                # A lone surrogate or a NUL character, in a stream id, a name,
                # the data or a value the read model keeps: nothing is written.
                raise InvalidInput(
                    [("event", _("text that cannot be stored: {problem}", problem=str(exc)))]
                ) from None

    def _insert(self, conn: Any, appends: Sequence[Append], snapshots: Sequence[Snapshot]) -> int:
        position = int(conn.execute("SELECT COALESCE(MAX(position), 0) FROM events").fetchone()[0])
        written: list[tuple[str, int, int, str, str]] = []
        for a in appends:
            actual = self._version_on(conn, a.stream_id)
            if actual != a.expected_version:
                raise ConcurrencyConflict(a.stream_id, a.expected_version, actual)
            for offset, event in enumerate(a.events, start=1):
                position += 1
                written.append((a.stream_id, actual + offset, position, event.name, event.data))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO events (stream_id, version, position, name, data) "
                "VALUES (%s, %s, %s, %s, %s)",
                written,
            )
        projections.project_inline(conn, written)
        projections.write_snapshots(conn, [(s.stream_id, s.version, s.data) for s in snapshots])
        if written:
            schema.set_meta(conn, "log_position", str(position))
        return position

    def _version_on(self, conn: Any, stream_id: str) -> int:
        last, head = conn.execute(
            "SELECT (SELECT MAX(version) FROM events WHERE stream_id = %s), "
            "(SELECT version FROM heads WHERE stream_id = %s)",
            (stream_id, stream_id),
        ).fetchone()
        if last == head:
            return int(last or 0)
        rows = self._stream_rows(conn, stream_id, 0)
        check = checks.checked_rows(stream_id, 0, rows)
        raise CorruptEvent(
            stream_id, check.last, _("its stream ends at version {last}", last=repr(last))
        )

    # ------------------------------------------------------------ reading

    def read(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after *after_version*, checked (see ``EventStore.read``)."""
        rows = self._read(lambda conn: self._stream_rows(conn, stream_id, after_version), [])
        events: list[RecordedEvent] = []
        checks.checked_rows(stream_id, after_version, rows, events)
        return events

    def _stream_rows(self, conn: Any, stream_id: str, after_version: int) -> list[tuple[Any, ...]]:
        # One statement: the head and the rows from one snapshot of the database.
        rows = conn.execute(
            "SELECT (SELECT version FROM heads WHERE stream_id = %(s)s), e.position, e.version, "
            "e.name, e.data FROM (SELECT 1) AS one LEFT JOIN events e "
            "ON e.stream_id = %(s)s AND e.version > %(v)s ORDER BY e.version",
            {"s": stream_id, "v": after_version},
        ).fetchall()
        return [(h, p, int(v) if v is not None else v, n, d) for h, p, v, n, d in rows]

    def version(self, stream_id: str) -> int:
        """The stream's current version (see ``EventStore.version``)."""
        return int(self._read(lambda conn: self._version_on(conn, stream_id), 0))

    def position(self) -> int:
        """The global position of the newest event."""
        row = self._read(lambda conn: conn.execute("SELECT MAX(position) FROM events").fetchone())
        return int(row[0] or 0) if row else 0

    def read_all(self, after_position: int = 0, limit: int | None = None) -> list[RecordedEvent]:
        """Every event after *after_position* in global order (the first *limit*)."""
        sql = (
            "SELECT position, stream_id, version, name, data FROM events "
            "WHERE position > %s ORDER BY position"
        )
        params: tuple[Any, ...] = (after_position,)
        if limit is not None:
            sql, params = sql + " LIMIT %s", (after_position, limit)
        rows = self._read(lambda conn: conn.execute(sql, params).fetchall(), [])
        return [RecordedEvent(int(p), s, int(v), n, d) for p, s, v, n, d in rows]

    def _read(self, query: Callable[[Any], Any], nothing: Any = None) -> Any:
        """*query* on a connection; *nothing* for a key no stored row can hold
        (a lone surrogate or a NUL character, which PostgreSQL cannot take)."""
        try:
            with self._connection() as conn:
                return query(conn)
        except (UnicodeEncodeError, psycopg.DataError):
            return nothing
        except psycopg.Error as exc:
            raise cannot("read", self.path, exc) from exc

    # ------------------------------------------------------------ maintenance

    def rebuild(self, progress: projections.Progress | None = None) -> int:
        """Rebuild every projection from the events (see ``EventStore.rebuild``)."""
        check_progress(progress)
        with self.transaction() as conn:
            return projections.rebuild(conn, progress)

    def needs_sealing(self) -> bool:
        """Whether the log may hold personal data in plain JSON."""
        with self._connection() as conn:
            return schema.meta(conn, "sealed") != "1"

    def seal(self, transform: Transform, progress: projections.Progress | None = None) -> int:
        """Write back every event *transform* seals, then rebuild the read model."""
        check_progress(progress)
        changed = 0
        with self.transaction() as conn:
            for event in self.read_all():
                sealed = transform(event)
                if sealed is not None and sealed != event.data:
                    conn.execute(
                        "UPDATE events SET data = %s WHERE position = %s", (sealed, event.position)
                    )
                    changed += 1
            projections.rebuild(conn, progress)
            schema.set_meta(conn, "sealed", "1")
        return changed

    def close(self) -> None:
        """Close the pool's connections."""
        with contextlib.suppress(Exception):
            self._pool.close()


def psycopg_pool_errors() -> type[Exception]:
    """The pool's timeout error (the server did not answer)."""
    from psycopg_pool import PoolTimeout

    return PoolTimeout


def _shown(dsn: str) -> str:
    """*dsn* without its password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "postgresql database"
    info.pop("password", None)
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in info.items()})
