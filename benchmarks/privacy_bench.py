"""What sealing personal data costs: commands/s and rebuild events/s with and without encryption.

Issue 12 seals every personal value of an event (names, e-mails, agreement
texts, goals, agendas, meeting records) with its data subject's key
(AES-GCM, :mod:`mentorcore.adapters.sealing`). This measures, in one run on
one machine, the same engine with sealing on ("sealed", the default) and off
("plain": after constructing the engine, ``engine.state.event_types.sealer``
and the tandem cache's sealer, which seals snapshots, are set to ``None``
before anything is written; events and snapshots are then stored as plain
JSON, which reads without keys).

The workload is seeded (ids from a seeded factory, texts from a seeded
generator, a fixed clock), so the plain and the sealed databases hold the same
history. Per tandem of the default programme, 44 commands: register and enrol
mentee and mentor (name, e-mail, organisation), the coordinator assigns them,
both opt in, the mentee drafts an agreement with goals, notes, contact
frequency and topics, submits it, the mentor approves it, two goals are set;
then six rounds across all tandems: a meeting proposed with place and agenda,
confirmed, attended by both and documented (content and tasks), and two goal
reviews with a note: about 45 events per tandem (300 tandems: ~13,500 events).

- commands/s, durable: the workload on ``--command-tandems`` tandems into a new
  SQLite file with durable commits (WAL, ``synchronous=FULL``, the default),
  one commit per command; and with ``durable=False`` (no fsync) for information;
- rebuild events/s: ``Engine.rebuild()`` over a database of ``--tandems``
  tandems (built once per side with the same workload);
- reading: every tandem folded by a fresh engine (snapshot and the events
  after it, cold cache), and the names of everyone (``Reader.names``).

Each figure is the median of ``--repeat`` runs; plain and sealed runs
alternate, and which goes first alternates too, to be fair on a loaded
machine. ``--profile`` adds cProfile tables of the sealed side (commands
without fsync, and the rebuild). Last lines: ``encrypted/plain durable
commands ratio`` (commands/s plain / sealed: the slowdown; the issue asks for
at most 1.3) and ``encrypted/plain rebuild ratio`` (rebuild time sealed /
plain; at most 1.5).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import mentorcore as mc
from mentorcore import Actor, Engine, FixedClock, MeetingId, Role
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import GoalId, TandemId

START = datetime(2026, 10, 5, 9, tzinfo=UTC)
SYSTEM = Actor.system()
COORDINATOR = "coordinator"
COMMANDS_PER_TANDEM = 44
SIDES = ("plain", "sealed")
TOWNS = ("Aalen", "Ulm", "Kerpen", "Heidenheim", "Ellwangen", "Schwäbisch Gmünd")
WISHES = (
    "die Praxis in {town} übernehmen, trotz der Schulden aus dem Studium",
    "eine Stelle in der Inneren Medizin in {town} finden",
    "Beruf und Familie in {town} unter einen Hut bringen",
    "die Promotion bis zum Sommer abschließen",
    "mehr Sicherheit in schwierigen Gesprächen mit Angehörigen gewinnen",
)
TOPICS = ("Karriereplanung", "Vereinbarkeit", "Promotion", "Niederlassung", "Netzwerk")


class Workload:
    """The seeded history: people, tandems and their meetings, through ``Engine.execute``."""

    def __init__(self, seed: int, tandems: int, prefix: str = "p") -> None:
        self.rng = random.Random(seed)
        self.ids = random.Random(seed + 1)
        self.tandems = tandems
        self.prefix = prefix

    def new_id(self) -> UUID:
        """The engine's id factory: seeded, so both sides get the same ids."""
        return UUID(int=self.ids.getrandbits(128), version=4)

    def text(self, words: int) -> str:
        """Some German prose of about *words* words."""
        pool = " ".join(WISHES).replace("{town}", self.rng.choice(TOWNS)).split()
        return " ".join(self.rng.choice(pool) for _ in range(words))

    def setup(self, engine: Engine) -> None:
        """The coordinator (not counted: every run has one)."""
        mc_person = mc.Person(COORDINATOR, "Katrin Vogel", email="katrin.vogel@example.org")
        engine.register_person(mc_person, actor=SYSTEM)
        engine.enrol(COORDINATOR, "default", Role.COORDINATOR, {}, actor=SYSTEM)

    def run(self, engine: Engine, clock: FixedClock) -> int:
        """Every command of the workload; returns how many were executed."""
        count = 0
        coordinator = Actor.person(COORDINATOR)
        pairs: list[tuple[TandemId, Actor, Actor, list[GoalId]]] = []
        for k in range(self.tandems):
            mentee, mentor = f"{self.prefix}{k}-mentee", f"{self.prefix}{k}-mentor"
            for pid, role in ((mentee, Role.MENTEE), (mentor, Role.MENTOR)):
                town = self.rng.choice(TOWNS)
                person = mc.Person(
                    pid,
                    f"{self.text(1).title()} {self.text(1).title()}",
                    email=f"{pid}@example.org",
                    organisation=f"Klinikum {town}",
                )
                engine.register_person(person, actor=SYSTEM)
                engine.enrol(pid, "default", role, {}, actor=SYSTEM)
                count += 2
            me, mo = Actor.person(mentee), Actor.person(mentor)
            assign = mc.AssignMentor(programme_key="default", mentee=mentee, mentor=mentor)
            t = engine.execute(assign, actor=coordinator)
            engine.execute(mc.OptIn(tandem_id=t.id), actor=me)
            engine.execute(mc.OptIn(tandem_id=t.id), actor=mo)
            terms = mc.AgreementTerms(
                period_start=date(2026, 10, 5),
                period_end=date(2027, 9, 30),
                meetings_planned=6,
                contact_frequency="alle zwei Wochen, abends per Telefon",
                topics=tuple(self.rng.sample(TOPICS, 3)),
                goals=self.text(30),
                notes=self.text(20),
            )
            engine.execute(mc.DraftAgreement(tandem_id=t.id, terms=terms), actor=me)
            t = engine.execute(mc.SubmitAgreement(tandem_id=t.id), actor=me)
            assert t.proposal is not None
            approve = mc.ApproveAgreement(tandem_id=t.id, version=t.proposal.version)
            engine.execute(approve, actor=mo)
            goals: list[GoalId] = []
            for _ in range(2):
                t = engine.execute(mc.SetGoal(tandem_id=t.id, text=self.text(12)), actor=me)
                goals.append(t.goals[-1].id)
            pairs.append((t.id, me, mo, goals))
            count += 8
        for round_ in range(6):
            clock.advance(timedelta(days=14))
            meetings: list[MeetingId] = []
            for tid, me, mo, _goals in pairs:
                propose = mc.ProposeMeeting(
                    tandem_id=tid,
                    start=clock.now() + timedelta(days=2),
                    place=f"Raum {self.rng.randint(1, 40)}, Klinikum {self.rng.choice(TOWNS)}",
                    agenda=self.text(15),
                )
                mid = engine.execute(propose, actor=me).meetings[-1].id
                engine.execute(mc.ConfirmMeeting(tandem_id=tid, meeting_id=mid), actor=mo)
                meetings.append(mid)
                count += 2
            clock.advance(timedelta(days=2, hours=1))
            for (tid, me, mo, goals), mid in zip(pairs, meetings, strict=True):
                for who in (me, mo):
                    engine.execute(mc.ConfirmAttendance(tandem_id=tid, meeting_id=mid), actor=who)
                notes = {"content": self.text(40), "tasks": self.text(10)}
                document = mc.DocumentMeeting(tandem_id=tid, meeting_id=mid, values=notes)
                engine.execute(document, actor=me)
                count += 3
                if round_ in (2, 4):
                    review = mc.ReviewGoal(
                        tandem_id=tid,
                        goal_id=goals[round_ // 4],
                        status=mc.GoalStatus.ON_TRACK,
                        note=self.text(8),
                    )
                    engine.execute(review, actor=mo)
                    count += 1
        return count


def unseal(engine: Engine) -> Engine:
    """*engine* with sealing switched off (before anything is written): events
    and snapshots are stored as plain JSON."""
    engine.state.event_types.sealer = None
    tandems = engine.state.tandems
    if hasattr(tandems, "_sealer"):
        tandems._sealer = None  # snapshots are sealed by the sealer the cache was made with
    return engine


def open_engine(
    path: Path, side: str, *, durable: bool = True, work: Workload | None = None
) -> tuple[Engine, FixedClock]:
    """An engine on *path* for *side* (``plain`` or ``sealed``)."""
    clock = FixedClock(START)
    store = SQLiteEventStore(path, durable=durable)
    factory = work.new_id if work is not None else None
    engine = Engine(store, clock=clock, load_entrypoints=False, id_factory=factory)
    return (unseal(engine) if side == "plain" else engine), clock


def write(path: Path, side: str, tandems: int, seed: int, *, durable: bool) -> tuple[int, float]:
    """The workload into a new database at *path*: (commands, seconds)."""
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    work = Workload(seed, tandems)
    engine, clock = open_engine(path, side, durable=durable, work=work)
    try:
        work.setup(engine)
        t0 = time.perf_counter()
        count = work.run(engine, clock)
        return count, time.perf_counter() - t0
    finally:
        engine.close()


def sealed_events(path: Path) -> int:
    """How many events of *path* hold a sealed value."""
    with sqlite3.connect(path) as db:
        query = "SELECT COUNT(*) FROM events WHERE data LIKE '%\"$sealed\"%'"
        return int(db.execute(query).fetchone()[0])


def rebuild(path: Path, side: str) -> tuple[int, float]:
    """``Engine.rebuild()`` on *path*: (events, seconds)."""
    engine, _ = open_engine(path, side)
    try:
        t0 = time.perf_counter()
        events = engine.rebuild()
        return events, time.perf_counter() - t0
    finally:
        engine.close()


def fold(path: Path, side: str) -> tuple[int, float]:
    """Every tandem folded by a fresh engine (cold cache): (tandems, seconds)."""
    engine, _ = open_engine(path, side)
    try:
        reader = engine.reader(SYSTEM)
        ids = [t.id for t in engine.state.index.tandems()]
        engine.state.tandems.forget_all()
        t0 = time.perf_counter()
        for tid in ids:
            reader.tandem(tid)
        return len(ids), time.perf_counter() - t0
    finally:
        engine.close()


def names(path: Path, side: str) -> tuple[int, float]:
    """The names of everyone, as the system sees them: (people, seconds)."""
    engine, _ = open_engine(path, side)
    try:
        ids = tuple(engine.state.index.persons)
        t0 = time.perf_counter()
        found = engine.reader(SYSTEM).names(ids)
        assert len(found) == len(ids)
        return len(ids), time.perf_counter() - t0
    finally:
        engine.close()


def interleaved(repeat: int, measure: Callable[[str], tuple[int, float]]) -> dict[str, list[float]]:
    """Rates (items per second) of *measure* per side, *repeat* times, the
    sides alternating and the first side alternating between rounds."""
    rates: dict[str, list[float]] = {side: [] for side in SIDES}
    for r in range(repeat):
        for side in SIDES if r % 2 == 0 else SIDES[::-1]:
            n, seconds = measure(side)
            rates[side].append(n / seconds)
    return rates


def profile(title: str, call: Callable[[], object]) -> None:
    """A cProfile table of *call* (CPU time)."""
    prof = cProfile.Profile(time.process_time)
    prof.runcall(call)
    print(f"--- profile: {title}")
    stats = pstats.Stats(prof, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats("mentorcore", 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tandems", type=int, default=300, help="in the rebuilt database")
    parser.add_argument(
        "--command-tandems", type=int, default=20, help="per command run (44 commands each)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure and side")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--profile", action="store_true", help="cProfile the sealed side")
    args = parser.parse_args()
    if min(args.tandems, args.command_tandems, args.repeat) < 1:
        parser.error("--tandems, --command-tandems and --repeat must be at least 1")
    folder = Path(tempfile.mkdtemp(prefix="mentorcore-privacy-"))
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    t0 = time.perf_counter()
    built = {side: folder / f"{side}.db" for side in SIDES}
    for side, path in built.items():
        write(path, side, args.tandems, args.seed, durable=False)
    sealed = {side: sealed_events(path) for side, path in built.items()}
    with sqlite3.connect(built["sealed"]) as db:
        events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if sealed["plain"] or not sealed["sealed"]:
        raise SystemExit(f"sealing was not switched as meant: sealed events {sealed}")
    sizes = {side: path.stat().st_size / 2**20 for side, path in built.items()}
    print(
        f"setup: {args.tandems} tandems of the default programme, {events} events "
        f"({sealed['sealed']} of them with sealed values on the sealed side), "
        f"{sizes['plain']:.1f} MiB plain, {sizes['sealed']:.1f} MiB sealed "
        f"(built in {time.perf_counter() - t0:.1f} s); commands: "
        f"{args.command_tandems * COMMANDS_PER_TANDEM} per run into a new file; "
        f"medians of {args.repeat} runs, plain and sealed interleaved"
    )

    def commands(durable: bool) -> Callable[[str], tuple[int, float]]:
        return lambda side: write(
            folder / f"cmd-{side}.db", side, args.command_tandems, args.seed, durable=durable
        )

    figures = {
        "commands/s, durable": interleaved(args.repeat, commands(True)),
        "commands/s, no fsync": interleaved(args.repeat, commands(False)),
        "rebuild events/s": interleaved(args.repeat, lambda side: rebuild(built[side], side)),
        "tandems folded/s (cold)": interleaved(args.repeat, lambda side: fold(built[side], side)),
        "names listed/s": interleaved(args.repeat, lambda side: names(built[side], side)),
    }
    med = {k: {side: statistics.median(v[side]) for side in SIDES} for k, v in figures.items()}
    print(f"{'':26} {'plain':>12} {'sealed':>12} {'plain/sealed':>13}")
    for label, m in med.items():
        print(f"{label:26} {m['plain']:12.0f} {m['sealed']:12.0f} {m['plain'] / m['sealed']:13.2f}")
    if args.profile:
        profile(
            f"sealed, no fsync, {args.command_tandems} tandems of commands",
            lambda: write(
                folder / "prof.db", "sealed", args.command_tandems, args.seed, durable=False
            ),
        )
        engine, _ = open_engine(built["sealed"], "sealed")
        profile(f"sealed rebuild, {events} events", engine.rebuild)
        engine.close()
    durable = med["commands/s, durable"]
    rebuilt = med["rebuild events/s"]  # same events on both sides: time ratio = rate ratio
    print(f"encrypted/plain durable commands ratio: {durable['plain'] / durable['sealed']:.2f}")
    print(f"encrypted/plain rebuild ratio: {rebuilt['plain'] / rebuilt['sealed']:.2f}")


if __name__ == "__main__":
    main()
