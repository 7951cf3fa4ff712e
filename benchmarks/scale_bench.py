"""How mentorcore's costs grow with the size of the database.

For each size N (``--sizes``, default 1000 and 20000 tandems) a SQLite file is
built with N active tandems of the default programme, ~51 events each (assignment,
opt-ins, agreement draft/submit/approve, goals and reviews, seven meetings
proposed/confirmed/attended by both/documented, an amendment approved and one
rejected), the mentee's and mentor's person streams (registration, enrolment,
a relation for every tenth mentor), one coordinator, and each tandem's snapshot.
The events come from one template tandem played through the engine in a scratch
database (unsealed: see ``privacy_bench.py`` for sealing's cost); its rows are
copied N times with fresh ids through ``SQLiteEventStore.append`` (which writes
the projections inline), so every row is a real mentorcore event and the read
model is the store's own.

Measured per size (medians of ``--rounds`` rounds, sizes interleaved in each
round): file size, ``Engine(path)`` construction (wall time, five samples a
round; its CPU time is shown too, a check on a busy machine's noise), the first
and three next durable commands (SetGoal on random tandems by their mentees),
three ``Reader.view`` of random tandems, the wall time of ``mentorcore tandem
status ID --json`` in a fresh process, and the RSS of a process that opened the
engine. Opening reads no history, so the baseline for open, command, view and
CLI is the same measurement on the smallest database in the same run: the
ratios say how much a cost grows with N.
Projection rebuild is compared with ``json.loads`` of the same rows' ``data``
column: any rebuild must at least parse every event once, so "rebuild time /
parse time" is the projector's overhead over that unavoidable minimum; it is
measured on (a copy of) the largest database, and printed as ``nan`` if that
rebuild fails (the failure and the ratio of a smaller size that works are shown).
``--profile`` adds a cProfile of the rebuild. Last lines:
``open L/S ratio``, ``cli L/S ratio``, ``rebuild/json ratio`` (L, S: largest and
smallest size).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import mentorcore as mc
from mentorcore import Actor, Engine, FixedClock, MentorcoreError, Role
from mentorcore.adapters.store import Append, NewEvent, Snapshot
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import TandemId
from mentorcore.testing import enrol, person, walk_to

START = datetime(2026, 10, 5, 9, tzinfo=UTC)
#: Where the template's history ends: benchmarks run their clocks from here.
AFTER = datetime(2027, 2, 1, 9, tzinfo=UTC)
TERMS = mc.AgreementTerms(
    period_start=date(2026, 10, 5), period_end=date(2027, 9, 30), meetings_planned=6
)
SYSTEM = Actor.system()
COORDINATOR, MENTEE, MENTOR, OTHER = "coordinator", "tplmentee", "tplmentor", "tplother"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def play_template(engine: Engine, clock: FixedClock) -> str:
    """One tandem's year so far (51 events) through the engine; its id."""
    me, mo = Actor.person(MENTEE), Actor.person(MENTOR)
    t = walk_to(
        engine, mc.TandemStatus.ACTIVE, programme="default", mentee=MENTEE, mentor=MENTOR,
        coordinator=Actor.person(COORDINATOR), terms=TERMS,
    )  # fmt: skip
    engine.declare_relation(mc.Relation(MENTOR, mc.RelationKind.TEACHES, OTHER), actor=SYSTEM)
    goals = [
        engine.execute(mc.SetGoal(tandem_id=t.id, text=f"goal {k}"), actor=me).goals[-1].id
        for k in range(3)
    ]
    for k in range(7):
        clock.advance(timedelta(days=14))
        propose = mc.ProposeMeeting(
            tandem_id=t.id, start=clock.now() + timedelta(days=2), place="Room 1.23",
            agenda=f"meeting {k + 1}: progress, next steps",
        )  # fmt: skip
        mid = engine.execute(propose, actor=me).meetings[-1].id
        engine.execute(mc.ConfirmMeeting(tandem_id=t.id, meeting_id=mid), actor=mo)
        clock.advance(timedelta(days=2, hours=1))
        for who in (me, mo):
            engine.execute(mc.ConfirmAttendance(tandem_id=t.id, meeting_id=mid), actor=who)
        notes = {"content": f"we discussed topic {k + 1} in depth", "tasks": "read chapter 3"}
        engine.execute(mc.DocumentMeeting(tandem_id=t.id, meeting_id=mid, values=notes), actor=me)
        if k in (2, 4, 6):
            review = mc.ReviewGoal(
                tandem_id=t.id, goal_id=goals[k // 2 - 1], status=mc.GoalStatus.ON_TRACK, note="ok"
            )
            engine.execute(review, actor=mo)
        if k in (3, 5):
            author, other = (mo, me) if k == 3 else (me, mo)
            p = engine.execute(mc.ProposeAmendment(tandem_id=t.id, terms=TERMS), actor=author)
            assert p.proposal is not None
            answer = mc.ApproveAmendment if k == 3 else mc.RejectAmendment
            engine.execute(answer(tandem_id=t.id, version=p.proposal.version), actor=other)
    return str(t.id)


def _pattern(text: str, names: dict[str, str]) -> str:
    """*text* as a format string with every token of *names* as a field."""
    text = text.replace("{", "{{").replace("}", "}}")
    for token, name in names.items():
        text = text.replace(token, "{" + name + "}")
    return text


class Template:
    """The template tandem's rows as format strings, ready to be copied with fresh ids."""

    def __init__(self, folder: Path) -> None:
        clock = FixedClock(START)
        engine = Engine(folder / "template.db", clock=clock, load_entrypoints=False)
        # Copies get fresh ids by text substitution, which a sealed value (bound
        # to its subject, stream and version) would not survive: the template is
        # written unsealed (privacy_bench.py measures what sealing costs).
        engine.state.event_types.sealer = None
        cast = {COORDINATOR: Role.COORDINATOR, MENTEE: Role.MENTEE, MENTOR: Role.MENTOR}
        for pid, role in {**cast, OTHER: Role.MENTEE}.items():
            person(engine, pid, f"Name of {pid}", email=f"{pid}@example.org")
            enrol(engine, pid, "default", role)
        tid = play_template(engine, clock)
        rows = engine.store.read_all()
        snapshot = engine.store.queries.snapshot(f"tandem:{tid}")
        engine.close()
        assert snapshot is not None
        names = {
            t: f"u{k}"
            for k, t in enumerate(sorted({u for r in rows for u in _UUID.findall(r.data)}))
        }
        names.update({MENTEE: "mentee", MENTOR: "mentor", OTHER: "other"})
        self.uuids = sorted(v for v in names.values() if v.startswith("u"))
        self.tid_field = names[tid]

        def stream(sid: str) -> list[tuple[str, str]]:
            return [(r.name, _pattern(r.data, names)) for r in rows if r.stream_id == sid]

        self.tandem = stream(f"tandem:{tid}")
        self.mentee = stream(f"person:{MENTEE}")
        self.mentor = stream(f"person:{MENTOR}")  # registration, enrolment, relation
        self.opened = stream("programme:default")[0]
        self.snapshot = (snapshot[0], _pattern(snapshot[1], names))
        self.coordinator = Append(
            f"person:{COORDINATOR}",
            0,
            tuple(NewEvent(r.name, r.data) for r in rows if r.stream_id == f"person:{COORDINATOR}"),
        )
        known = {f"tandem:{tid}", "programme:default", *(f"person:{p}" for p in (*cast, OTHER))}
        assert {r.stream_id for r in rows} <= known, "the template wrote to other streams"


def _events(fields: dict[str, str], rows: list[tuple[str, str]]) -> tuple[NewEvent, ...]:
    return tuple(NewEvent(name, pattern.format_map(fields)) for name, pattern in rows)


def build(path: Path, n: int, template: Template, batch: int = 250) -> list[tuple[str, str]]:
    """*n* copies of *template* in a new file; ``(tandem id, mentee id)`` of each."""
    rng = random.Random(n)
    store = SQLiteEventStore(path, durable=False)  # a bulk load: repeat it if it fails
    store.append([template.coordinator])
    made: list[tuple[str, str]] = []
    for first in range(0, n, batch):
        people: list[Append] = []
        tandems: list[Append] = []
        opened: list[NewEvent] = []
        snapshots: list[Snapshot] = []
        for i in range(first, min(n, first + batch)):
            fields = {u: str(UUID(int=rng.getrandbits(128), version=4)) for u in template.uuids}
            fields.update(mentee=f"e{i:06d}", mentor=f"r{i:06d}", other=f"e{(i + 1) % n:06d}")
            tid = fields[template.tid_field]
            mentor_rows = template.mentor if i % 10 == 0 else template.mentor[:-1]
            people.append(Append(f"person:e{i:06d}", 0, _events(fields, template.mentee)))
            people.append(Append(f"person:r{i:06d}", 0, _events(fields, mentor_rows)))
            tandems.append(Append(f"tandem:{tid}", 0, _events(fields, template.tandem)))
            opened += _events(fields, [template.opened])
            version, pattern = template.snapshot
            snapshots.append(Snapshot(f"tandem:{tid}", version, pattern.format_map(fields)))
            made.append((tid, fields["mentee"]))
        programme = Append("programme:default", first, tuple(opened))
        store.append([*people, *tandems, programme], snapshots)
    store.close()
    SQLiteEventStore(path).close()  # re-open durable: checkpoints the WAL into the file
    return made


def cli_wall(db: Path, mentee: str, tid: str) -> float | None:
    """Seconds for ``mentorcore tandem status`` in a new process, or ``None`` if it failed."""
    exe = Path(sys.executable).with_name("mentorcore")
    cmd = [str(exe), "--db", str(db), "--as", mentee, "tandem", "status", tid, "--json"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0 or tid not in done.stdout:
        print(f"  CLI failed (exit {done.returncode}): {(done.stderr or done.stdout)[-300:]}")
        return None
    return elapsed


_RSS = """
import resource, sys
from mentorcore import Engine
e = Engine(sys.argv[1], load_entrypoints=False)
vm = [l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, vm)
"""


def rss_kib(db: Path) -> tuple[int, int]:
    """(max RSS, current VmRSS) in KiB of a process that opened an engine on *db*."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS, str(db)], capture_output=True, text=True, check=True
    )
    maxrss, vmrss = out.stdout.split()
    return int(maxrss), int(vmrss)


def measure_size(
    db: Path, made: list[tuple[str, str]], rng: random.Random, out: dict[str, list[float]]
) -> None:
    """One round of the per-size figures but opening, appended to *out*."""
    clock = FixedClock(AFTER)
    engine = Engine(db, clock=clock, load_entrypoints=False)
    for key in ("first", "next", "next", "next"):  # each on another random tandem
        tid, mentee = rng.choice(made)
        goal = mc.SetGoal(tandem_id=TandemId(UUID(tid)), text="scale")
        t0 = time.perf_counter()
        engine.execute(goal, actor=Actor.person(mentee))
        out[key].append(time.perf_counter() - t0)
    for _ in range(3):
        tid, mentee = rng.choice(made)
        t0 = time.perf_counter()
        engine.reader(Actor.person(mentee)).view(TandemId(UUID(tid)))
        out["view"].append(time.perf_counter() - t0)
    engine.close()
    tid, mentee = rng.choice(made)
    wall = cli_wall(db, mentee, tid)
    if wall is not None:
        out["cli"].append(wall)


def rebuild_vs_json(db: Path, rounds: int) -> tuple[float, float, int]:
    """Median seconds of a projection rebuild and of json.loads of the same rows."""
    with sqlite3.connect(db) as conn:
        data = [r[0] for r in conn.execute("SELECT data FROM events")]
    loads = json.loads
    parse, rebuild = [], []
    store = SQLiteEventStore(db)
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in data:
            loads(text)
        parse.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        count = store.rebuild()
        rebuild.append(time.perf_counter() - t0)
        assert count == len(data), (count, len(data))
    store.close()
    return statistics.median(rebuild), statistics.median(parse), len(data)


def setup(folder: Path, sizes: list[int]) -> dict[int, tuple[Path, list[tuple[str, str]]]]:
    """The databases of every size, built once per run."""
    t0 = time.perf_counter()
    template = Template(folder)
    per = len(template.tandem)
    print(
        f"template: one tandem of {per} events played through the engine in "
        f"{time.perf_counter() - t0:.1f} s; snapshot at version {template.snapshot[0]}"
    )
    built = {}
    for n in sizes:
        t0 = time.perf_counter()
        db = folder / f"scale-{n}.db"
        built[n] = (db, build(db, n, template))
        with sqlite3.connect(db) as conn:
            events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        print(
            f"setup {n}: {n} active tandems, {events} events ({per} per tandem + people), "
            f"{db.stat().st_size / 2**20:.1f} MiB, built through the store in "
            f"{time.perf_counter() - t0:.1f} s"
        )
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="tandems, e.g. 1000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the rebuild")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if len(sizes) < 2 or args.rounds < 5:
        parser.error("give at least two sizes and five rounds")
    small, large = sizes[0], sizes[-1]
    folder = Path(tempfile.mkdtemp(prefix="mentorcore-scale-"))
    try:
        built = setup(folder, sizes)
        print(
            f"measuring: {args.rounds} rounds, sizes interleaved; commands durable "
            f"(WAL, synchronous=FULL); {os.cpu_count()} CPUs; medians"
        )
        keys = ("open", "open_cpu", "first", "next", "view", "cli")
        measure_size(*built[small], random.Random(0), {k: [] for k in keys})  # warm-up
        results: dict[int, dict[str, list[float]]] = {n: {k: [] for k in keys} for n in sizes}
        rng = random.Random(1)
        for _ in range(args.rounds):
            for _ in range(5):  # opening is quick: five samples a round, sizes alternating
                for n in sizes:
                    t0, c0 = time.perf_counter(), time.process_time()
                    engine = Engine(built[n][0], load_entrypoints=False)
                    results[n]["open"].append(time.perf_counter() - t0)
                    results[n]["open_cpu"].append(time.process_time() - c0)
                    engine.close()
            for n in sizes:
                measure_size(*built[n], rng, results[n])
        med = {n: {k: statistics.median(v) * 1000 if v else None for k, v in r.items()}
               for n, r in results.items()}  # fmt: skip
        for n, m in med.items():
            cli = f"{m['cli']:.0f} ms" if m["cli"] else "FAILED"
            print(
                f"size {n}: open {m['open']:.2f} ms (CPU {m['open_cpu']:.2f} ms), "
                f"first command {m['first']:.2f} ms, "
                f"next command {m['next']:.2f} ms, view {m['view']:.2f} ms, "
                f"cli tandem status {cli}"
            )
        for n in sizes:
            maxrss, vmrss = rss_kib(built[n][0])
            print(f"size {n}: RSS after open {vmrss / 1024:.1f} MiB (max {maxrss / 1024:.1f} MiB)")

        def ratio(key: str) -> float:
            a, b = med[large][key], med[small][key]
            return a / b if a and b else float("nan")

        for key in ("open_cpu", "first", "next", "view"):
            print(f"{key} {large}/{small} ratio: {ratio(key):.2f}")
        rebuild = float("nan")
        for n in reversed(sizes):  # the largest; smaller ones only if it fails
            copy = folder / f"rebuild-{n}.db"
            shutil.copy(built[n][0], copy)
            try:
                rebuild_s, parse_s, rows = rebuild_vs_json(copy, args.rounds)
            except (RecursionError, MentorcoreError) as exc:
                print(f"rebuild {n}: FAILED with {type(exc).__name__}: {str(exc)[:200]}")
                continue
            print(
                f"rebuild {n}: {rows} events in {rebuild_s:.2f} s = {rows / rebuild_s:,.0f} "
                f"events/s; json.loads of the same rows {parse_s:.2f} s = "
                f"{rows / parse_s:,.0f}/s; ratio at {n}: {rebuild_s / parse_s:.2f}"
            )
            if args.profile:
                store, prof = SQLiteEventStore(copy), cProfile.Profile(time.process_time)
                prof.runcall(store.rebuild)
                store.close()
                print(f"--- profile: rebuild {n}, by own time")
                pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(12)
            if n == large:
                rebuild = rebuild_s / parse_s
            break
        print(f"open {large}/{small} ratio: {ratio('open'):.2f}")
        print(f"cli {large}/{small} ratio: {ratio('cli'):.2f}")
        print(f"rebuild/json ratio: {rebuild:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
