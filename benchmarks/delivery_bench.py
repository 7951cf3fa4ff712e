"""What mail delivery costs, against the due-action notifications a host used to compute.

Issue 14 added delivery: ``Engine.delivery(sender).plan(now)`` computes what a
run would send (every tandem's due actions once per recipient, composed in the
recipient's words, plus invitations to meetings to come), and ``.run(mailer,
now)`` sends it, records a ``MessageSent`` event per message and acknowledges
the due actions. Before issue 14, a host's own delivery job computed
``engine.reader(Actor.system()).notifications(now)`` and mailed those: that is
the baseline, measured in the same run on the same files.

Databases: for each size of ``--tandems`` (default 25 and 100: the whole script
then takes 1-2 minutes on two busy cores; each tandem owes 22 messages), the template
tandem of ``scale_bench.py`` (51 events: agreement, goals, seven meetings held
and documented, amendments) copied N times with fresh ids through the store,
then one meeting proposed in every tandem through the engine, to take place
after *now*. At *now* (``scale_bench.AFTER`` + 1 day) every tandem owes 22
messages: 20 for its due actions (feedback requests after its seven meetings,
14; feedback reminders, 4; an amendment due, 2) and the proposed meeting's two
invitations (with the .ics).

Measured per size, each the median of ``--repeat`` runs (sizes interleaved,
and which of baseline and plan goes first alternating); only the call is timed,
not opening the engine:

- baseline ``notifications(now)`` and ``plan(now)``: cold (the first call of a
  fresh ``Engine`` on the file, as a cron job runs) and warm (the next call on
  the same engine, its caches filled);
- first run: ``run(MemoryMailer(), now)`` on a fresh engine (durable commits,
  the default) on a copy of the file with everything pending (messages/s, ms
  per message, and the part of it beyond planning: (run - cold plan) /
  messages); the script exits with an error if a message is left unsent;
- idle run: the second run, when everything is sent and acknowledged: cold (a
  fresh engine on the copy) and warm (on the engine that made the first run);
  an error if it has anything to send;
- growth: each cold figure at the largest size over the smallest.

Wall time is what is compared; CPU time is shown beside it, a check on a busy
machine's noise. ``--profile`` prints cProfile tables of a cold plan and a
first run at the largest size; a cold plan more than 3x the baseline prints
the plan's without being asked. Last lines: ``delivery plan/notifications
ratio`` and ``idle run/notifications ratio``, both cold, at the largest size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sized
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from scale_bench import AFTER, Template, build

import mentorcore as mc
from mentorcore import Actor, Engine, FixedClock
from mentorcore.adapters.mail import MemoryMailer
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import TandemId

#: When delivery runs: a day after the template's history ends.
NOW = AFTER + timedelta(days=1)
SENDER = "MEDiC <medic@example.org>"
SIDES = ("notifications", "plan")
T = TypeVar("T")
PROFILE_OVER = 3.0  # a cold plan slower than this many baselines is profiled


def open_engine(path: Path) -> Engine:
    """A fresh engine on *path*, its clock at :data:`NOW`."""
    return Engine(path, clock=FixedClock(NOW), load_entrypoints=False)


def propose_meetings(path: Path, made: list[tuple[str, str]]) -> None:
    """One meeting per tandem, proposed by its mentee the day before *now*
    for a week later: each tandem owes its two participants an invitation."""
    store = SQLiteEventStore(path, durable=False)  # a bulk load: repeat it if it fails
    engine = Engine(store, clock=FixedClock(AFTER), load_entrypoints=False)
    try:
        for tid, mentee in made:
            propose = mc.ProposeMeeting(
                tandem_id=TandemId(UUID(tid)), start=NOW + timedelta(days=7),
                place="Room 1.23", agenda="next steps",
            )  # fmt: skip
            engine.execute(propose, actor=Actor.person(mentee))
    finally:
        engine.close()
    with sqlite3.connect(path) as db:  # everything into the file, so a copy is whole
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def setup(folder: Path, sizes: list[int]) -> dict[int, Path]:
    """The databases of every size, built once per run."""
    t0 = time.perf_counter()
    template = Template(folder)
    print(
        f"template: one tandem of {len(template.tandem)} events in {time.perf_counter() - t0:.1f} s"
    )
    built = {}
    for n in sizes:
        t0 = time.perf_counter()
        path = folder / f"delivery-{n}.db"
        propose_meetings(path, build(path, n, template))
        with sqlite3.connect(path) as db:
            events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        engine = open_engine(path)
        try:  # what is owed; also loads what any process's first plan loads (not timed)
            plan = engine.delivery(SENDER).plan(NOW)
        finally:
            engine.close()
        kinds = ", ".join(f"{k} {c}" for k, c in Counter(d.kind for d in plan.drafts).items())
        print(
            f"setup {n}: {events} events, {path.stat().st_size / 2**20:.1f} MiB "
            f"(built in {time.perf_counter() - t0:.1f} s); owed at {NOW:%Y-%m-%d %H:%M}: "
            f"{len(plan.drafts)} messages ({kinds}), {len(plan.outstanding)} due actions"
        )
        built[n] = path
    return built


def timed(call: Callable[[], T]) -> tuple[float, float, T]:
    """*call*'s wall and CPU seconds, and its result."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - t0, time.process_time() - c0, result


Figures = dict[str, float]


def reads(path: Path, side: str) -> Figures:
    """*side* (``notifications`` or ``plan``) on a fresh engine, twice: seconds
    (wall, and CPU as ``... cpu``) of the cold and the warm call, and items."""
    engine = open_engine(path)
    try:
        delivery, reader = engine.delivery(SENDER), engine.reader(Actor.system())

        def call() -> Sized:
            return delivery.plan(NOW).drafts if side == "plan" else reader.notifications(NOW)

        cold, cold_cpu, first = timed(call)
        warm, warm_cpu, _again = timed(call)
    finally:
        engine.close()
    return {
        f"{side} cold": cold, f"{side} cold cpu": cold_cpu,
        f"{side} warm": warm, f"{side} warm cpu": warm_cpu, f"{side} items": len(first),
    }  # fmt: skip


def runs(path: Path, copy: Path) -> Figures:
    """The first run and the idle ones on a fresh copy of *path*: seconds
    (wall, and CPU as ``... cpu``), and the messages sent."""
    shutil.copy(path, copy)
    engine = open_engine(copy)
    try:
        delivery, mailer = engine.delivery(SENDER), MemoryMailer()
        first, first_cpu, report = timed(lambda: delivery.run(mailer, NOW))
        sent = report.count("sent")
        if not report.ok or sent != len(mailer.sent) or not sent:
            raise SystemExit(f"the first run did not send everything: {report.summary()}")
        warm, warm_cpu, idle = timed(lambda: delivery.run(MemoryMailer(), NOW))
    finally:
        engine.close()
    engine = open_engine(copy)
    try:
        cold, cold_cpu, again = timed(lambda: engine.delivery(SENDER).run(MemoryMailer(), NOW))
    finally:
        engine.close()
    for r in (idle, again):
        if r.attempts or r.held:
            raise SystemExit(f"an idle run had something to do: {r.summary()}")
    return {
        "run": first, "run cpu": first_cpu, "sent": sent,
        "idle cold": cold, "idle cold cpu": cold_cpu, "idle warm": warm, "idle warm cpu": warm_cpu,
    }  # fmt: skip


def profile(path: Path, folder: Path, *, run: bool) -> None:
    """cProfile tables of a cold plan on *path*, and with *run* of
    a first run on a copy of it."""
    calls: list[tuple[str, Path, Callable[[Engine], object]]] = [
        ("cold plan", path, lambda e: e.delivery(SENDER).plan(NOW)),
    ]
    if run:
        copy = folder / "profile.db"
        shutil.copy(path, copy)
        calls.append(("first run", copy, lambda e: e.delivery(SENDER).run(MemoryMailer(), NOW)))
    for title, where, call in calls:
        engine = open_engine(where)
        try:
            prof = cProfile.Profile()  # wall time: a CPU timer costs a system call per event
            prof.runcall(call, engine)
        finally:
            engine.close()
        print(f"--- profile: {title} on {path.name}")
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats("mentorcore", 30)


def measure(built: dict[int, Path], repeat: int, folder: Path) -> dict[int, dict[str, list[float]]]:
    """Every figure of every size, *repeat* times: sizes interleaved, and
    which of baseline and plan goes first alternating between rounds."""
    out: dict[int, dict[str, list[float]]] = {n: {} for n in built}
    for r in range(repeat):
        for n, path in built.items():
            figures = [reads(path, side) for side in (SIDES if r % 2 == 0 else SIDES[::-1])]
            figures.append(runs(path, folder / f"copy-{n}.db"))
            for got in figures:
                for key, value in got.items():
                    out[n].setdefault(key, []).append(value)
    return out


def report(med: dict[int, Figures]) -> tuple[float, float]:
    """The table; (plan/notifications, idle/notifications), cold wall time, at
    the largest size."""
    sizes = sorted(med)
    width = 32
    print(f"{'medians; x: / baseline (wall, CPU)':36}" + "".join(
        f"{f'{n} tandems':>{width}}" for n in sizes
    ))  # fmt: skip

    def row(title: str, cell: Callable[[Figures], str]) -> None:
        print(f"{title:36}" + "".join(f"{cell(med[n]):>{width}}" for n in sizes))

    def ms(key: str) -> Callable[[Figures], str]:
        return lambda m: f"{m[key] * 1000:,.0f} ms (CPU {m[key + ' cpu'] * 1000:,.0f})"

    def vs(key: str, base: str) -> Callable[[Figures], str]:
        return lambda m: (
            f"{m[key] * 1000:,.0f} ms {m[key] / m[base]:5.2f}x "
            f"{m[key + ' cpu'] / m[base + ' cpu']:5.2f}x"
        )

    row("notifications cold (baseline)", ms("notifications cold"))
    row("notifications warm (baseline)", ms("notifications warm"))
    row("  notifications computed", lambda m: f"{m['notifications items']:,.0f}")
    row("plan cold", vs("plan cold", "notifications cold"))
    row("plan warm", vs("plan warm", "notifications warm"))
    row("  messages planned", lambda m: f"{m['plan items']:,.0f}")
    row("first run (cold)", vs("run", "notifications cold"))
    row("  messages sent/s (wall)", lambda m: f"{m['sent'] / m['run']:,.0f}/s")
    row("  per message (wall, CPU)", lambda m: (
        f"{m['run'] / m['sent'] * 1000:.2f} ms, {m['run cpu'] / m['sent'] * 1000:.2f} ms"
    ))  # fmt: skip
    row("  per message beyond the plan", lambda m: (
        f"{(m['run'] - m['plan cold']) / m['sent'] * 1000:.2f} ms, "
        f"{(m['run cpu'] - m['plan cold cpu']) / m['sent'] * 1000:.2f} ms"
    ))  # fmt: skip
    row("idle run cold", vs("idle cold", "notifications cold"))
    row("idle run warm", vs("idle warm", "notifications warm"))
    large, small = med[sizes[-1]], med[sizes[0]]
    if len(sizes) > 1:
        print(
            f"growth {sizes[-1]}/{sizes[0]} tandems (x{sizes[-1] / sizes[0]:.2f}), "
            "cold, wall and CPU:"
        )
        for key in ("notifications cold", "plan cold", "run", "idle cold"):
            cpu = large[key + " cpu"] / small[key + " cpu"]
            print(f"  {key:34}{large[key] / small[key]:6.2f} {cpu:6.2f}")
    return (
        large["plan cold"] / large["notifications cold"],
        large["idle cold"] / large["notifications cold"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tandems", default="25,100", help="sizes, e.g. 25,100")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure and size")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile a cold plan and a first run"
    )
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.tandems.split(",")})
    if min(sizes) < 1 or args.repeat < 1:
        parser.error("--tandems and --repeat must be at least 1")
    folder = Path(tempfile.mkdtemp(prefix="mentorcore-delivery-"))
    try:
        t0 = time.perf_counter()
        built = setup(folder, sizes)
        print(f"measuring: medians of {args.repeat} runs, sizes interleaved; only calls timed")
        raw = measure(built, args.repeat, folder)
        med = {n: {k: statistics.median(v) for k, v in r.items()} for n, r in raw.items()}
        plan_ratio, idle_ratio = report(med)
        if args.profile or plan_ratio > PROFILE_OVER:
            profile(built[sizes[-1]], folder, run=args.profile)
        print(f"total {time.perf_counter() - t0:.0f} s")
        print(f"delivery plan/notifications ratio: {plan_ratio:.2f}")
        print(f"idle run/notifications ratio: {idle_ratio:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
