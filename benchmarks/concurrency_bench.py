"""Many processes writing to one SQLite file: what is acknowledged, refused, lost.

Setup: one database with a shared pool of ``--mentees`` mentees and
``--mentors`` mentors (capacities 1 to 3) in the default programme, copied
afresh for every run. In a run, P processes (1, then each of ``--processes``)
open their own engine, wait at a common start, and each issues ``--commands``
commands: an assignment from the shared pool (about 40%, or whenever it has no
tandem yet; some are refused by CORE-CAPACITY or CORE-SINGLE because another
process took the mentee or the last place first) or the next command of one of
its own tandems (opt in, agree, then meetings and goals). Every command is
timed from the call to its return, lock waits included.

Per run: commands acknowledged, refused by rules, failed by conflict after
the engine's retries, other errors, p50/p95 latency (ms), throughput and its
ratio to one process measured in the same invocation. Then the check: every
acknowledged command must be stored exactly once and nothing else (lost =
acknowledged but not stored, duplicated = stored more often or without an
acknowledgement), every stream's versions run 1..n without gaps, and no mentor
has more live tandems than places, no mentee more than one.

``--store optimistic`` runs the same on a store without one write lock (each
append is atomic and checks versions, but a decision holds no lock, as with a
server database): there rivals really conflict, and the engine's retries
resolve them. ``--store both`` runs both; the default is ``sqlite``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    AssignMentor,
    Command,
    ConcurrencyConflict,
    ConfirmMeeting,
    DraftAgreement,
    Engine,
    FixedClock,
    MentorcoreError,
    OptIn,
    Person,
    ProposeMeeting,
    Role,
    SetGoal,
    SubmitAgreement,
    Tandem,
    TransitionDenied,
)
from mentorcore.adapters.store.sqlite import SQLiteEventStore

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system()
TERMS = AgreementTerms(period_start=date(2026, 10, 5), meetings_planned=6)


class OptimisticStore:
    """SQLite without one write lock per unit of work: decisions race, appends
    check the versions (and the guards) atomically."""

    def __init__(self, path: Path) -> None:
        self._inner = SQLiteEventStore(path)
        self.conflicts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield

    def append(self, appends: Any, snapshots: Any = ()) -> int:
        try:
            return int(self._inner.append(appends, snapshots))
        except ConcurrencyConflict:
            self.conflicts += 1
            raise


def build(path: Path, mentees: int, mentors: int) -> dict[str, int]:
    """The shared pool; returns each mentor's capacity."""
    places = {f"mentor{i}": 1 + i % 3 for i in range(mentors)}
    with Engine(SQLiteEventStore(path, durable=False), clock=FixedClock(START),
                load_entrypoints=False) as engine, engine.atomic():  # fmt: skip
        for i in range(mentees):
            engine.register_person(Person(f"mentee{i}", f"Mentee {i}"), actor=SYSTEM)
            engine.enrol(f"mentee{i}", "default", Role.MENTEE, actor=SYSTEM)
        for pid, capacity in places.items():
            engine.register_person(Person(pid, pid.title()), actor=SYSTEM)
            engine.enrol(pid, "default", Role.MENTOR, capacity=capacity, actor=SYSTEM)
    return places


def _next_command(tandem: Tandem, step: int) -> tuple[Command, Actor]:
    """Step *step* of a tandem's life: opt in, agree, then meetings and goals."""
    mentee, mentor = Actor.person(tandem.mentee), Actor.person(tandem.mentor)
    opening: list[tuple[Command, Actor]] = [
        (OptIn(tandem_id=tandem.id), mentee),
        (OptIn(tandem_id=tandem.id), mentor),
        (DraftAgreement(tandem_id=tandem.id, terms=TERMS), mentee),
        (SubmitAgreement(tandem_id=tandem.id), mentee),
        (ApproveAgreement(tandem_id=tandem.id, version=1), mentor),
    ]
    if step < len(opening):
        return opening[step]
    k = step - len(opening)
    if k % 3 == 0:
        start = START + timedelta(days=7 * (k // 3 + 1))
        return ProposeMeeting(tandem_id=tandem.id, start=start), mentee
    if k % 3 == 1:
        return ConfirmMeeting(tandem_id=tandem.id, meeting_id=tandem.meetings[-1].id), mentor
    return SetGoal(tandem_id=tandem.id, text=f"goal {k}"), mentee


def worker(args: tuple[str, str, int, int, int, int, Any, Any]) -> dict[str, Any]:
    """One process: *count* commands; reports outcomes, latencies, what it stored."""
    path, store_kind, seed, count, mentees, mentors, ready, go = args
    rng = random.Random(seed)
    store = OptimisticStore(Path(path)) if store_kind == "optimistic" else SQLiteEventStore(path)
    engine = Engine(store, clock=FixedClock(START), load_entrypoints=False)
    own: dict[Any, tuple[Tandem, int]] = {}
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    acked: Counter[str] = Counter()  # stream -> events this process had acknowledged
    ready.put(seed)
    go.wait()
    for _ in range(count):
        if not own or rng.random() < 0.4:
            command: Command = AssignMentor(
                programme_key="default",
                mentee=f"mentee{rng.randrange(mentees)}",
                mentor=f"mentor{rng.randrange(mentors)}",
            )
            actor, key = SYSTEM, None
        else:
            key = rng.choice(list(own))
            tandem, step = own[key]
            command, actor = _next_command(tandem, step)
        began = time.perf_counter()
        try:
            after = engine.execute(command, actor=actor)
            outcome = "acknowledged"
        except TransitionDenied:
            outcome = "refused"
        except ConcurrencyConflict:
            outcome = "conflict"
        except MentorcoreError:
            outcome = "error"
        latencies.append(time.perf_counter() - began)
        outcomes[outcome] += 1
        if outcome != "acknowledged":
            continue
        acked[f"tandem:{after.id}"] += 1
        if key is None:
            acked["programme:default"] += 1
            own[after.id] = (after, 0)
        else:
            own[key] = (after, own[key][1] + 1)
    engine.close()
    conflicts = store.conflicts if isinstance(store, OptimisticStore) else 0
    return {"outcomes": outcomes, "latencies": latencies, "acked": acked, "raw": conflicts}


def check(path: Path, acked: Counter[str], places: dict[str, int]) -> dict[str, int]:
    """Lost, duplicated, gaps and rule violations in what *path* holds."""
    with Engine(path, load_entrypoints=False, clock=FixedClock(START)) as engine:
        versions: dict[str, list[int]] = {}
        for r in engine.store.read_all():
            versions.setdefault(r.stream_id, []).append(r.version)
        tandems = engine.reader(SYSTEM).tandems()
    stored = Counter({s: len(v) for s, v in versions.items() if s.startswith(("tandem:", "prog"))})
    lost = sum(max(0, n - stored[s]) for s, n in acked.items())
    duplicated = sum(max(0, n - acked[s]) for s, n in stored.items())
    gaps = sum(v != list(range(1, len(v) + 1)) for v in versions.values())
    live_mentor = Counter(t.mentor for t in tandems if t.is_live)
    live_mentee = Counter(t.mentee for t in tandems if t.is_live)
    violations = sum(n > places[m] for m, n in live_mentor.items())
    violations += sum(n > 1 for n in live_mentee.values())
    return {"lost": lost, "duplicated": duplicated, "gaps": gaps, "violations": violations}


def run(
    base: Path, store_kind: str, processes: int, count: int, pool: tuple[int, int], seed: int
) -> dict[str, Any]:
    path = base.with_name(f"run-{store_kind}-{processes}.db")
    shutil.copy(base, path)
    ctx = mp.get_context("spawn")
    ready, go = ctx.Manager().Queue(), ctx.Manager().Event()
    jobs = [
        (str(path), store_kind, seed * 1000 + i, count, *pool, ready, go) for i in range(processes)
    ]
    with ctx.Pool(processes) as workers:
        pending = workers.map_async(worker, jobs)
        for _ in range(processes):
            ready.get(timeout=120)  # every engine is open: start together
        began = time.perf_counter()
        go.set()
        results = pending.get(timeout=600)
        elapsed = time.perf_counter() - began
    outcomes: Counter[str] = Counter()
    acked: Counter[str] = Counter()
    latencies: list[float] = []
    raw = 0
    for r in results:
        outcomes.update(r["outcomes"])
        acked.update(r["acked"])
        latencies += r["latencies"]
        raw += r["raw"]
    # the setup held no tandems: every tandem and opening stored came from a worker
    places = {f"mentor{i}": 1 + i % 3 for i in range(pool[1])}
    cuts = statistics.quantiles(latencies, n=20)
    return {
        "processes": processes,
        "outcomes": outcomes,
        "p50": statistics.median(latencies) * 1000,
        "p95": cuts[18] * 1000,
        "max": max(latencies) * 1000,
        "throughput": len(latencies) / elapsed,
        "raw": raw,
        **check(path, acked, places),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[4, 8, 16])
    parser.add_argument("--commands", type=int, default=150, help="per process")
    parser.add_argument("--mentees", type=int, default=300)
    parser.add_argument("--mentors", type=int, default=100)
    parser.add_argument("--store", choices=["sqlite", "optimistic", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    kinds = ["sqlite", "optimistic"] if options.store == "both" else [options.store]
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "pool.db"
        build(base, options.mentees, options.mentors)
        pool = (options.mentees, options.mentors)
        print(
            f"{options.commands} commands per process; pool of {options.mentees} mentees and "
            f"{options.mentors} mentors (capacities 1-3); durable SQLite (WAL, synchronous=FULL)"
        )
        for kind in kinds:
            print(f"\nstore: {kind}")
            print(
                f"{'procs':>5} {'acked':>6} {'refused':>7} {'conflict':>8} {'error':>5} "
                f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cmd/s':>7} {'x 1 proc':>8} "
                f"{'retried':>7} {'lost':>4} {'dup':>4} {'gaps':>4} {'rules':>5}"
            )
            single = None
            for n in [1, *options.processes]:
                r = run(base, kind, n, options.commands, pool, options.seed)
                single = single or r["throughput"]
                o = r["outcomes"]
                print(
                    f"{n:>5} {o['acknowledged']:>6} {o['refused']:>7} {o['conflict']:>8} "
                    f"{o['error']:>5} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['max']:>7.0f} "
                    f"{r['throughput']:>7.0f} {r['throughput'] / single:>8.2f} {r['raw']:>7} "
                    f"{r['lost']:>4} {r['duplicated']:>4} {r['gaps']:>4} {r['violations']:>5}"
                )
                failed |= any(r[k] for k in ("lost", "duplicated", "gaps", "violations"))
    print(
        "\nacked/refused/conflict/error: outcomes of all commands; retried: conflicts met and "
        "decided again by the engine (optimistic store); lost/dup: acknowledged events "
        "missing / stored without an acknowledgement; gaps: streams with a version gap; "
        "rules: mentors over capacity or mentees with two live tandems at the end."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
