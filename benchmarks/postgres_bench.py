"""PostgreSQL against SQLite: writers in several processes, catch-up lag, open time.

Measured in one run on this machine, on a PostgreSQL server this script starts
for itself (the tests' server, ``tests/pg_server.py``: a temporary directory,
127.0.0.1, ``fsync`` and ``synchronous_commit`` on), stopped at the end, and on
one SQLite file in the same file system (WAL, ``synchronous=FULL``, the
default): commits are durable on both.

1. Writers. A pool of people (per writer slot ``--mentees`` mentees and a third
   as many mentors of capacity 3, registered and enrolled in the programme
   ``default``, sealed as by default) is built once per backend and copied
   afresh for every run (``CREATE DATABASE … TEMPLATE``, a file copy). In a run,
   P processes (1 and each of ``--processes``) open their own engine, wait at a
   barrier, and for ``--seconds`` each works on its own tandems of the shared
   programme: it keeps three tandems going, each assigned by the system, then
   both opt in, the mentee drafts and submits an agreement the mentor approves,
   then meetings are proposed and confirmed and goals set (20 commands), and a
   new tandem is assigned from its slot. Every command is timed from call to
   return, lock waits included. Throughput = commands / (last return - first
   start). Runs are interleaved (per round each P on both backends, which goes
   first alternating) and each figure is the median of ``--rounds`` rounds;
   ``x 1 proc`` is the ratio to one process of the same backend.
2. Catch-up lag. Process A commits commands on one tandem (a pause of 2-8 ms
   before each); process B, another engine on the same database, polls
   ``engine.reader(system).tandem(id).version`` every ``--poll-ms`` until it sees
   the new version. Lag = when B saw it - when A's commit returned (the end of
   the store's transaction, taken inside A's engine). A waits for B before its
   next command, so every commit is seen once. Medians and p95.
3. Open time. PostgreSQL databases of ``--small`` and ``--tandems`` tandems
   (scale_bench's template tandem of 51 events and its people, copied; see
   ``postgres_bench_kit.build_tandems``); ``Engine(dsn)`` construction, median of
   ``5 * --rounds`` samples, sizes interleaved; the ratio large / small.

The last line: ``postgres/sqlite 8-process throughput ratio: X.XX`` (commands/s
on PostgreSQL / on SQLite with the largest number of processes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from concurrency_bench import START, _next_command
from postgres_bench_kit import Databases, Server, mentee, mentor, open_times

from mentorcore import Actor, AssignMentor, Command, Engine, FixedClock, MentorcoreError, Tandem
from mentorcore.adapters.store.opening import open_store
from mentorcore.domain import TandemId

SYSTEM = Actor.system()
BACKENDS = ("postgres", "sqlite")
WORKING = 3  # tandems each writer keeps going
LIFE = 20  # commands per tandem before its writer assigns a new one


class Plan:
    """A writer's next commands: its slot's mentees assigned in turn, each
    tandem's life (``concurrency_bench._next_command``) on three at a time."""

    def __init__(self, slot: int, mentees: int) -> None:
        self.slot, self.mentees, self.assigned = slot, mentees, 0
        self.rng = random.Random(slot)
        self.live: list[tuple[Tandem, int]] = []
        self.pending: int | None = None

    def next(self) -> tuple[Command, Actor]:
        if self.assigned < self.mentees and len(self.live) < WORKING:
            self.pending = None
            k = self.assigned
            return AssignMentor(
                programme_key="default", mentee=mentee(self.slot, k), mentor=mentor(self.slot, k)
            ), SYSTEM
        self.pending = self.rng.randrange(len(self.live))
        return _next_command(*self.live[self.pending])

    def done(self, after: Tandem | None) -> None:
        """The command returned *after*, or (``None``) failed."""
        if self.pending is None:
            self.assigned += 1
            if after is not None:
                self.live.append((after, 0))
            return
        step = self.live[self.pending][1]
        if after is None or (step + 1 >= LIFE and self.assigned < self.mentees):
            del self.live[self.pending]  # retired (it stays live), or failed
        else:
            self.live[self.pending] = (after, step + 1)


def writer(location: str, slot: int, mentees: int, seconds: float, go: Any, out: Any) -> None:
    """One writer process: commands for *seconds* after the barrier *go*."""
    engine = Engine(location, clock=FixedClock(START), load_entrypoints=False)
    plan = Plan(slot, mentees)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    go.wait()
    began = time.monotonic()
    while (t0 := time.monotonic()) < began + seconds:
        command, actor = plan.next()
        try:
            after: Tandem | None = engine.execute(command, actor=actor)
        except MentorcoreError as exc:
            errors[type(exc).__name__] += 1
            after = None
        latencies.append(time.monotonic() - t0)
        plan.done(after)
    out.put((began, time.monotonic(), latencies, errors))
    engine.close()


def _result(out: Any, jobs: list[Any], timeout: float) -> Any:
    """The next result on *out*; SystemExit if a process died without one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return out.get(timeout=0.5)
        except queue.Empty:
            if any(job.exitcode not in (None, 0) for job in jobs):
                for job in jobs:
                    job.kill()
                raise SystemExit("postgres_bench: a measuring process failed (see above)") from None
    raise SystemExit(f"postgres_bench: no result after {timeout:.0f} s")


def run_writers(location: str, processes: int, mentees: int, seconds: float) -> dict[str, Any]:
    """One run of *processes* writers on *location*: throughput, latencies, errors."""
    ctx = mp.get_context("spawn")
    go, out = ctx.Barrier(processes), ctx.Queue()
    jobs = [
        ctx.Process(target=writer, args=(location, slot, mentees, seconds, go, out))
        for slot in range(processes)
    ]
    for job in jobs:
        job.start()
    results = [_result(out, jobs, timeout=300 + seconds) for _ in jobs]
    for job in jobs:
        job.join(timeout=60)
    latencies = [t for r in results for t in r[2]]
    errors: Counter[str] = sum((r[3] for r in results), Counter())
    window = max(r[1] for r in results) - min(r[0] for r in results)
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    return {
        "throughput": len(latencies) / window,
        "p50": statistics.median(latencies) * 1000,
        "p95": cuts[18] * 1000,
        "commands": len(latencies),
        "errors": errors,
    }


# ---------------------------------------------------------------- catch-up lag


class Stamped:
    """A store that notes when its last transaction committed (monotonic clock)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.committed = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self._inner.transaction() as conn:
            yield conn
        self.committed = time.monotonic()


def lag_writer(location: str, tid: str, samples: int, go: Any, seen: Any, out: Any) -> None:
    """Process A: *samples* commands on tandem *tid*, each after B saw the last."""
    store = Stamped(open_store(location))
    engine = Engine(store, clock=FixedClock(START), load_entrypoints=False)
    tandem = engine.reader(SYSTEM).tandem(TandemId(UUID(tid)))
    rng = random.Random(7)
    commits: list[tuple[int, float]] = []
    go.wait()
    for step in range(samples):
        time.sleep(rng.uniform(0.002, 0.008))
        command, actor = _next_command(tandem, step + 2)  # both opted in already
        tandem = engine.execute(command, actor=actor)
        commits.append((tandem.version, store.committed))
        deadline = time.monotonic() + 10
        while seen.value < tandem.version and time.monotonic() < deadline:
            time.sleep(0.0002)
    out.put(("writer", commits))
    engine.close()


def lag_reader(
    location: str, tid: str, poll: float, go: Any, seen: Any, stop: Any, out: Any
) -> None:
    """Process B: polls the tandem's version; when it saw each (monotonic clock)."""
    engine = Engine(location, clock=FixedClock(START), load_entrypoints=False)
    last = engine.reader(SYSTEM).tandem(TandemId(UUID(tid))).version
    seen.value = last
    saw: dict[int, float] = {}
    polls: list[float] = []
    go.wait()
    while not stop.is_set():
        t0 = time.monotonic()
        version = engine.reader(SYSTEM).tandem(TandemId(UUID(tid))).version
        now = time.monotonic()
        polls.append(now - t0)
        if version != last:
            saw[version], last = now, version
            seen.value = version
        else:
            time.sleep(poll)
    out.put(("reader", saw, statistics.median(polls)))
    engine.close()


def catch_up(location: str, tid: str, samples: int, poll: float) -> dict[str, float]:
    """Median and p95 lag (ms) from A's commit to B seeing it, and B's median poll (ms)."""
    ctx = mp.get_context("spawn")
    go, out, stop, seen = ctx.Barrier(2), ctx.Queue(), ctx.Event(), ctx.Value("q", 0)
    a = ctx.Process(target=lag_writer, args=(location, tid, samples, go, seen, out))
    b = ctx.Process(target=lag_reader, args=(location, tid, poll, go, seen, stop, out))
    a.start()
    b.start()
    first = _result(out, [a, b], timeout=600)
    stop.set()
    second = _result(out, [a, b], timeout=60)
    a.join(timeout=60)
    b.join(timeout=60)
    (_, commits), (_, saw, poll_s) = sorted([first, second], key=lambda r: r[0], reverse=True)
    lags = [(saw[v] - t) * 1000 for v, t in commits if v in saw]
    cuts = statistics.quantiles(lags, n=20) if len(lags) > 1 else lags * 19
    return {
        "median": statistics.median(lags),
        "p95": cuts[18],
        "poll": poll_s * 1000,
        "missed": len(commits) - len(lags),
    }


# ---------------------------------------------------------------- the run


def writers(dbs: Databases, args: argparse.Namespace) -> dict[tuple[str, int], dict[str, float]]:
    counts = [1, *sorted(set(args.processes) - {1})]
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in range(args.rounds):
        for i, n in enumerate(counts):
            for backend in BACKENDS if (r + i) % 2 == 0 else BACKENDS[::-1]:
                location = dbs.copy(backend)
                try:
                    result = run_writers(location, n, args.mentees, args.seconds)
                finally:
                    dbs.discard(backend, location)
                runs.setdefault((backend, n), []).append(result)
    med: dict[tuple[str, int], dict[str, float]] = {}
    for key, results in runs.items():
        med[key] = {
            k: statistics.median(r[k] for r in results)
            for k in ("throughput", "p50", "p95", "commands")
        }
        med[key]["errors"] = sum(sum(r["errors"].values()) for r in results)
    return med


def lag(dbs: Databases, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    found = {}
    for backend in BACKENDS:
        location = dbs.copy(backend)
        try:
            with Engine(location, clock=FixedClock(START), load_entrypoints=False) as engine:
                assign = AssignMentor(
                    programme_key="default", mentee=mentee(0, 0), mentor=mentor(0, 0)
                )
                t = engine.execute(assign, actor=SYSTEM)
                for step in range(2):  # both opt in
                    command, actor = _next_command(t, step)
                    t = engine.execute(command, actor=actor)
            found[backend] = catch_up(location, str(t.id), args.lag_samples, args.poll_ms / 1000)
        finally:
            dbs.discard(backend, location)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--seconds", type=float, default=4.0, help="per writer run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mentees", type=int, default=90, help="per writer slot")
    parser.add_argument("--lag-samples", type=int, default=200)
    parser.add_argument("--poll-ms", type=float, default=1.0)
    parser.add_argument("--tandems", type=int, default=20000, help="open-time database")
    parser.add_argument("--small", type=int, default=1000, help="open-time baseline")
    args = parser.parse_args(argv)
    if min(args.processes) < 1 or args.rounds < 1 or args.small >= args.tandems:
        parser.error("processes and rounds at least 1; --small below --tandems")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on a kill too
    folder = Path(tempfile.mkdtemp(prefix="mentorcore-pgbench-"))
    server = Server()
    try:
        return run(server, folder, args)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run(server: Server, folder: Path, args: argparse.Namespace) -> int:
    top = max(args.processes)
    with server.admin() as conn:
        shown = {
            name: str(conn.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]
            for name in ("server_version", "fsync", "synchronous_commit")
        }
    print(
        f"PostgreSQL {shown['server_version']} started for this run in {server.startup:.1f} s "
        f"(fsync {shown['fsync']}, synchronous_commit {shown['synchronous_commit']}, "
        f"127.0.0.1); SQLite WAL, synchronous=FULL; {os.cpu_count()} CPUs"
    )
    dbs = Databases(server, folder, top, args.mentees)
    print(
        f"pool: {top} slots x ({args.mentees} mentees + {-(-args.mentees // 3)} mentors) built "
        f"in {dbs.pg_seconds:.1f} s on PostgreSQL, {dbs.sqlite_seconds:.1f} s on SQLite "
        f"(no fsync); writer runs of {args.seconds:g} s, medians of {args.rounds} rounds"
    )
    med = writers(dbs, args)
    print(
        f"\n{'backend':9} {'procs':>5} {'cmd/s':>8} {'x 1 proc':>8} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'commands':>8} {'errors':>6}"
    )
    for backend in BACKENDS:
        for n in sorted({p for b, p in med if b == backend}):
            m = med[(backend, n)]
            print(
                f"{backend:9} {n:>5} {m['throughput']:>8.0f} "
                f"{m['throughput'] / med[(backend, 1)]['throughput']:>8.2f} {m['p50']:>7.1f} "
                f"{m['p95']:>7.1f} {m['commands']:>8.0f} {m['errors']:>6.0f}"
            )
    for n in sorted({p for _, p in med}):
        ratio = med[("postgres", n)]["throughput"] / med[("sqlite", n)]["throughput"]
        print(f"postgres/sqlite throughput at {n} processes: {ratio:.2f}")
    lags = lag(dbs, args)
    print(
        f"\ncatch-up lag, A's commit to B seeing it, {args.lag_samples} commits, B polling "
        f"every {args.poll_ms:g} ms (the lag includes the wait for B's next poll):"
    )
    for backend, r in lags.items():
        print(
            f"{backend:9} median {r['median']:.2f} ms, p95 {r['p95']:.2f} ms "
            f"(one poll {r['poll']:.2f} ms; not seen {r['missed']:.0f})"
        )
    opened = open_times(server, sorted({args.small, args.tandems}), args.rounds, folder)
    small, large = args.small, args.tandems
    print(
        f"\nEngine(dsn) open on PostgreSQL: {small} tandems {opened[small]:.1f} ms, "
        f"{large} tandems {opened[large]:.1f} ms; ratio {opened[large] / opened[small]:.2f}"
    )
    failed = any(m["errors"] for m in med.values()) or any(r["missed"] for r in lags.values())
    ratio = med[("postgres", top)]["throughput"] / med[("sqlite", top)]["throughput"]
    print(f"postgres/sqlite {top}-process throughput ratio: {ratio:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
