"""What ``postgres_bench.py`` sets up: its own PostgreSQL server, the shared pool of
people the writers assign, and a database of N tandems built in bulk.

The server is the tests' (``tests/pg_server.py``): started for the run alone
(``initdb`` in a temporary directory, as the unprivileged ``postgres`` user when
run as root, since initdb refuses root; 127.0.0.1 on a free port; ``fsync`` on,
``synchronous_commit`` at its default, on: commits are durable) and stopped at
the end, also after an error or Ctrl-C.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import psycopg
from concurrency_bench import START
from scale_bench import Template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import pg_server

from mentorcore import Actor, Engine, FixedClock, Person, Role
from mentorcore.adapters.store import postgres_projections
from mentorcore.adapters.store.postgres import PostgresEventStore
from mentorcore.adapters.store.sqlite import SQLiteEventStore

SYSTEM = Actor.system()


class Server:
    """The tests' PostgreSQL server (``tests/pg_server.py``), started for this run
    and stopped by :meth:`stop`, with copies of databases."""

    def __init__(self) -> None:
        try:
            self.server = pg_server.start_server()
        except pg_server.PostgresUnavailable as exc:
            raise SystemExit(f"postgres_bench: {exc}") from None
        self.startup = self.server.startup_seconds
        self._made = 0

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.server.admin_dsn, autocommit=True)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of *template*, which nobody may be connected to); its URL."""
        self._made += 1
        name = f"bench_{self._made}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.server.dsn(name)

    def drop(self, dsn: str) -> None:
        self.server.drop_database(dsn.rsplit("/", 1)[1])

    def stop(self) -> None:
        self.server.stop()


# ---------------------------------------------------------------- the writers' pool


def mentee(slot: int, k: int) -> str:
    return f"w{slot}e{k}"


def mentor(slot: int, k: int) -> str:
    """The mentor of a slot's k-th mentee: three mentees share one (capacity 3)."""
    return f"w{slot}r{k // 3}"


def build_pool(engine: Engine, slots: int, mentees: int) -> None:
    """Per writer slot *mentees* mentees and a third as many mentors of capacity 3,
    registered (name, e-mail, organisation: sealed) and enrolled in ``default``."""
    with engine.atomic():
        for slot in range(slots):
            people = [(mentee(slot, k), Role.MENTEE) for k in range(mentees)]
            people += [(mentor(slot, k), Role.MENTOR) for k in range(0, mentees, 3)]
            for pid, role in people:
                who = Person(pid, f"Name {pid}", email=f"{pid}@example.org", organisation="Uni")
                engine.register_person(who, actor=SYSTEM)
                capacity = 3 if role is Role.MENTOR else 1
                engine.enrol(pid, "default", role, capacity=capacity, actor=SYSTEM)


class Databases:
    """The pool on both backends, and fresh copies of it."""

    def __init__(self, server: Server, folder: Path, slots: int, mentees: int) -> None:
        self.server, self.folder, self.made = server, folder, 0
        t0 = time.perf_counter()
        self.pool_pg = server.create()
        with Engine(self.pool_pg, clock=FixedClock(START), load_entrypoints=False) as engine:
            build_pool(engine, slots, mentees)
        self.pg_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.pool_sqlite = folder / "pool.db"
        store = SQLiteEventStore(self.pool_sqlite, durable=False)
        with Engine(store, clock=FixedClock(START), load_entrypoints=False) as engine:
            build_pool(engine, slots, mentees)
        SQLiteEventStore(self.pool_sqlite).close()  # durable again; WAL checkpointed
        self.sqlite_seconds = time.perf_counter() - t0

    def copy(self, backend: str) -> str:
        if backend == "postgres":
            return self.server.create(template=self.pool_pg.rsplit("/", 1)[1])
        self.made += 1
        path = self.folder / f"run{self.made}.db"
        shutil.copy(self.pool_sqlite, path)
        return str(path)

    def discard(self, backend: str, location: str) -> None:
        if backend == "postgres":
            self.server.drop(location)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)


# ---------------------------------------------------------------- N tandems in bulk

BATCH = 250  # tandems per batch, as scale_bench appends them


def _copies(template: Template, n: int) -> Iterator[list[tuple[int, dict[str, str]]]]:
    """The fields of each copy (fresh ids, people), in batches, as scale_bench makes them."""
    rng = random.Random(n)
    for first in range(0, n, BATCH):
        batch = []
        for i in range(first, min(n, first + BATCH)):
            fields = {u: str(UUID(int=rng.getrandbits(128), version=4)) for u in template.uuids}
            fields.update(mentee=f"e{i:06d}", mentor=f"r{i:06d}", other=f"e{(i + 1) % n:06d}")
            batch.append((i, fields))
        yield batch


Row = tuple[int, str, int, str, str]


def _rows(template: Template, n: int) -> Iterator[Row]:
    """``(position, stream, version, name, data)`` of *n* copies of the template, in
    the order and with the positions and versions that ``scale_bench.build`` appends
    them with (people, then tandems, then the programme's openings, per batch)."""
    position = 0

    def stream(
        sid: str, rows: list[tuple[str, str]], fields: dict[str, str], first: int = 1
    ) -> Iterator[Row]:
        nonlocal position
        for version, (name, pattern) in enumerate(rows, start=first):
            position += 1
            yield position, sid, version, name, pattern.format_map(fields)

    coordinator = [
        (e.name, e.data.replace("{", "{{").replace("}", "}}")) for e in template.coordinator.events
    ]
    yield from stream(template.coordinator.stream_id, coordinator, {})
    for batch in _copies(template, n):
        for i, fields in batch:
            yield from stream(f"person:e{i:06d}", template.mentee, fields)
            mentor_rows = template.mentor if i % 10 == 0 else template.mentor[:-1]
            yield from stream(f"person:r{i:06d}", mentor_rows, fields)
        for _, fields in batch:
            yield from stream(f"tandem:{fields[template.tid_field]}", template.tandem, fields)
        for i, fields in batch:
            yield from stream("programme:default", [template.opened], fields, first=i + 1)


def build_tandems(dsn: str, n: int, template: Template) -> int:
    """*n* copies of the template tandem (scale_bench's 51 events each, with the
    people's streams and a snapshot per tandem) into the empty database *dsn*;
    returns the number of events.

    The events are the rows ``PostgresEventStore.append`` would write (same order,
    positions and versions), loaded with COPY; the read model is then made by the
    store's own rebuild, and the snapshots are written by its projection module.
    (Appending them through ``append`` runs the inline projection one statement
    at a time: ~30 ms a tandem on this machine kind, ten minutes for 20,000.)"""
    store = PostgresEventStore(dsn)  # creates the schema
    count = 0
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        sql = "COPY events (position, stream_id, version, name, data) FROM STDIN"
        with cur.copy(sql) as copy:
            for row in _rows(template, n):
                copy.write_row(row)
                count += 1
    store.rebuild()
    version, pattern = template.snapshot
    for batch in _copies(template, n):
        snapshots = [
            (f"tandem:{f[template.tid_field]}", version, pattern.format_map(f)) for _, f in batch
        ]
        with store.transaction() as conn:
            postgres_projections.write_snapshots(conn, snapshots)
    store.close()
    return count


def open_times(server: Server, sizes: list[int], rounds: int, folder: Path) -> dict[int, float]:
    """Median ms of ``Engine(dsn)`` on databases of each size (``5 * rounds`` samples
    each, sizes interleaved), after building them (and saying how long that took)."""
    template = Template(folder)
    built = {}
    for n in sizes:
        t0 = time.perf_counter()
        dsn = server.create()
        events = build_tandems(dsn, n, template)
        built[n] = dsn
        print(
            f"open-time database: {n} tandems, {events} events, built in "
            f"{time.perf_counter() - t0:.1f} s (COPY + the store's rebuild + snapshots)"
        )
    samples: dict[int, list[float]] = {n: [] for n in built}
    Engine(built[sizes[0]], load_entrypoints=False).close()  # warm-up
    for _ in range(5 * rounds):
        for n, dsn in built.items():
            t0 = time.perf_counter()
            engine = Engine(dsn, load_entrypoints=False)
            samples[n].append(time.perf_counter() - t0)
            engine.close()
    return {n: statistics.median(s) * 1000 for n, s in samples.items()}
