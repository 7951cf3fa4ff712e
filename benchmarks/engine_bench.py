"""Commands per second through the engine against the bare pipeline of the same work.

Setup: a SQLite file with TANDEMS active tandems of the default programme,
about 50 events each. Measured, interleaved in rounds, both with durable
commits (WAL, synchronous=FULL):

- engine: a realistic mix of commands (amendments proposed and approved or
  rejected, goals set and reviewed) through ``Engine.execute``: catch-up,
  authorization, policy votes, lifecycle, one event appended, fold, notify;
- bare: for the same number of commands, restore a python-statemachine machine
  at the stored state (by setting its model's state field, the library's own
  restore mechanism, as the engine does), take one transition, serialize one
  event with cattrs and append it to SQLite with the same durability.

Also: events replayed per second when an engine opens the file and rebuilds
every tandem from its events. Last line: ``engine/bare ratio: X.XX``.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAmendment,
    Engine,
    FixedClock,
    GoalStatus,
    Person,
    ProposeAmendment,
    RejectAmendment,
    ReviewGoal,
    Role,
    SetGoal,
    TandemStatus,
)
from mentorcore.adapters.serialization import dumps
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.events import AmendmentProposed
from mentorcore.lifecycle.tandem import TandemLifecycle
from mentorcore.testing import walk_to

SYSTEM = Actor.system()
TERMS = AgreementTerms(
    period_start=date(2026, 10, 5), period_end=date(2027, 9, 30), meetings_planned=6
)


def build(path: Path, tandems: int, events_each: int, clock: FixedClock) -> list:
    """Active tandems with about *events_each* events each (bulk load, not durable)."""
    engine = Engine(SQLiteEventStore(path, durable=False), clock=clock, load_entrypoints=False)
    ids = []
    for i in range(tandems):
        mentee, mentor = f"mentee{i}", f"mentor{i}"
        for pid, role in ((mentee, Role.MENTEE), (mentor, Role.MENTOR)):
            engine.register_person(Person(pid, pid.title()), actor=SYSTEM)
            engine.enrol(pid, "default", role, actor=SYSTEM)
        t = walk_to(
            engine,
            TandemStatus.ACTIVE,
            programme="default",
            mentee=mentee,
            mentor=mentor,
            terms=TERMS,
        )
        while t.version < events_each:
            t = next_command(engine, t, t.version)
        ids.append(t.id)
    engine.close()
    return ids


def next_command(engine: Engine, t, n: int):
    """One command of the mix for tandem *t* (the n-th of the run)."""
    mentee, mentor = Actor.person(t.mentee), Actor.person(t.mentor)
    if t.proposal is not None:  # an amendment is pending: answer it
        if n % 3:
            return engine.execute(
                ApproveAmendment(tandem_id=t.id, version=t.proposal.version), actor=mentee
            )
        return engine.execute(
            RejectAmendment(tandem_id=t.id, version=t.proposal.version), actor=mentee
        )
    kind = n % 4
    if kind == 0:
        return engine.execute(ProposeAmendment(tandem_id=t.id, terms=TERMS), actor=mentor)
    if kind == 1 or not t.goals:
        return engine.execute(SetGoal(tandem_id=t.id, text=f"goal {n}"), actor=mentee)
    goal = t.goals[n % len(t.goals)]
    return engine.execute(
        ReviewGoal(tandem_id=t.id, goal_id=goal.id, status=GoalStatus.ON_TRACK, note="fine"),
        actor=mentor,
    )


def run_engine(engine: Engine, ids: list, commands: int, offset: int) -> float:
    start = time.perf_counter()
    for n in range(commands):
        t = engine.tandem(ids[(offset + n) % len(ids)])
        next_command(engine, t, offset + n)
    return time.perf_counter() - start


class Holder:
    """The machine's model: the stored status."""

    value: str | None = None


def run_bare(path: Path, commands: int, clock: FixedClock, durable: bool = True) -> float:
    """The same work without the engine: machine, one transition, cattrs, SQLite append."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    db.execute(
        "CREATE TABLE IF NOT EXISTS bare (stream TEXT, version INTEGER, name TEXT, data TEXT)"
    )
    holder = Holder()
    machine = TandemLifecycle(model=holder, state_field="value")
    tandem_id, actor = uuid4(), Actor.person("mentor0")
    start = time.perf_counter()
    for n in range(commands):
        # Restore the machine at the stored status the cheapest correct way
        # (python-statemachine keeps the state in its model), as the engine does.
        holder.value = "active"
        machine.send("propose_amendment")
        event = AmendmentProposed(clock.now(), actor, tandem_id, Role.MENTOR, n + 2, TERMS)
        data = dumps(event)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO bare VALUES (?, ?, ?, ?)", (str(tandem_id), n, event.name, data))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tandems", type=int, default=200)
    parser.add_argument("--events", type=int, default=50, help="events per tandem before measuring")
    parser.add_argument("--commands", type=int, default=400, help="commands per round and side")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    clock = FixedClock(datetime(2026, 10, 5, 9, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        t0 = time.perf_counter()
        ids = build(path, args.tandems, args.events, clock)
        built = time.perf_counter() - t0

        t0 = time.perf_counter()
        engine = Engine(path, clock=clock, load_entrypoints=False)  # durable commits
        replay_s = time.perf_counter() - t0
        stored = len(engine.store.read_all())
        events = sum(t.version for t in engine.tandems())
        print(
            f"setup: {args.tandems} active tandems, {events} tandem events "
            f"(avg {events / args.tandems:.1f} each), {stored} events in all, "
            f"built in {built:.1f} s"
        )
        print(
            f"replay: {stored} events decoded and folded in {replay_s * 1000:.0f} ms "
            f"= {stored / replay_s:,.0f} events/s"
        )

        bare_path = Path(folder) / "bare.db"
        engine_rates, bare_rates = [], []
        for r in range(args.rounds):
            clock.advance(timedelta(minutes=1))
            e = run_engine(engine, ids, args.commands, r * args.commands)
            b = run_bare(bare_path, args.commands, clock)
            engine_rates.append(args.commands / e)
            bare_rates.append(args.commands / b)
            print(
                f"round {r + 1}: engine {engine_rates[-1]:7.0f} cmd/s   "
                f"bare {bare_rates[-1]:7.0f} cmd/s"
            )
        engine.close()
        # For information: the same without fsync shows the engine's own CPU cost.
        fast = Engine(SQLiteEventStore(path, durable=False), clock=clock, load_entrypoints=False)
        offset = args.rounds * args.commands
        e = min(run_engine(fast, ids, args.commands, offset + k * args.commands) for k in range(3))
        b = min(run_bare(bare_path, args.commands, clock, durable=False) for _ in range(3))
        fast.close()
        print(
            f"without fsync (best of 3): engine {args.commands / e:,.0f} cmd/s "
            f"({e / args.commands * 1000:.2f} ms), bare {args.commands / b:,.0f} cmd/s "
            f"({b / args.commands * 1000:.2f} ms), ratio {e / b:.2f}"
        )
    eng, bare = statistics.median(engine_rates), statistics.median(bare_rates)
    print(f"engine (median): {eng:,.0f} commands/s = {1000 / eng:.2f} ms/command")
    print(f"bare   (median): {bare:,.0f} commands/s = {1000 / bare:.2f} ms/command")
    print(f"engine/bare ratio: {bare / eng:.2f}")


if __name__ == "__main__":
    main()
