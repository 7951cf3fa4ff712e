"""Commands per second through the engine against a bare pipeline doing the same work.

Setup: a SQLite file with ``--tandems`` active tandems of the default programme
(51 events each, built through the store like ``scale_bench.py``), and a copy
of it for the baseline. Each round runs the same schedule of commands on both:
random tandems, each taken through a cycle of ten commands (propose, prepare,
confirm a meeting, both confirm attendance, document it, set and review a goal,
propose and approve an amendment: six of ten are meeting commands, as in a real
tandem's history), first with durable commits (WAL, ``synchronous=FULL``),
then without fsync (``durable=False``) for a CPU-only comparison.

- engine: ``Engine.execute`` (unit of work, aggregate load from cache, snapshot
  and stream, fold, command decision, authorization, votes, append with
  projections, snapshots, notification);
- bare: what any implementation of the same rules must do per command, in one
  transaction on the same store layout (``SQLiteEventStore``: events with
  ``UNIQUE(stream_id, version)``, the same projection rows written inline by
  ``append``) with the same durability: read the tandem's status and parties
  from the read model, read back the stream version (``SELECT MAX(version)``),
  check the verb against the lifecycle's transition table, ask the real default
  plugins who may issue it (``hooks.allowed_roles``) and for their votes
  (``hooks.check_transition``), check record values against the programme's
  form, build the event, serialize it with cattrs and append it. It skips only
  the engine's own machinery, so "engine/bare" is the price of that machinery.

Both engines first load every tandem once, as a long-running process would
have, so their tandem caches are in a steady state (the cache holds fewer
tandems than the schedule visits: some loads hit it, the others read a
snapshot and the events after it). Also: a block of 10 commands in
``engine.atomic()`` against 10 single ``engine.execute`` calls (durable, on a
tenth of the tandems kept apart for it). Figures are medians over ``--rounds``
(after an uncounted warm-up round); ``--profile`` adds cProfile tables of both
sides. Last lines: ``atomic10/single10 time ratio``, ``engine/bare cpu ratio``
(no fsync) and ``engine/bare ratio`` (durable).
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from scale_bench import AFTER, TERMS, Template, build

from mentorcore import (
    Actor,
    ApproveAmendment,
    Command,
    ConfirmAttendance,
    ConfirmMeeting,
    DocumentMeeting,
    Engine,
    FixedClock,
    GoalStatus,
    MeetingId,
    PrepareMeeting,
    ProposeAmendment,
    ProposeMeeting,
    ReviewGoal,
    Role,
    SetGoal,
    Tandem,
    Transition,
)
from mentorcore import events as ev
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.domain import TandemId
from mentorcore.lifecycle.tandem import status_after
from mentorcore.policy.decisions import refusals
from mentorcore.policy.records import MEETING_NOTES, PREPARATION, fill, template_for

SYSTEM = Actor.system()
Header = tuple[datetime, Actor, TandemId, Role]
PREPARE = {"topics": "the thesis plan", "questions": "which lab?"}
NOTES = {"content": "we went through the thesis plan", "tasks": "write to the lab"}


def command(step: int, tid: TandemId, st: dict[str, Any], now: Any) -> tuple[Command, bool]:
    """The *step*-th command of a tandem's cycle, and whether the mentee issues it."""
    mid: Any = st.get("meeting")
    cycle: list[tuple[Callable[[], Command], bool]] = [
        (lambda: ProposeMeeting(tandem_id=tid, start=now, meeting_id=st["new"]), True),
        (lambda: PrepareMeeting(tandem_id=tid, meeting_id=mid, values=PREPARE), True),
        (lambda: ConfirmMeeting(tandem_id=tid, meeting_id=mid), False),
        (lambda: ConfirmAttendance(tandem_id=tid, meeting_id=mid), True),
        (lambda: ConfirmAttendance(tandem_id=tid, meeting_id=mid), False),
        (lambda: DocumentMeeting(tandem_id=tid, meeting_id=mid, values=NOTES), True),
        (lambda: SetGoal(tandem_id=tid, text="finish the first chapter"), True),
        (lambda: ReviewGoal(tandem_id=tid, goal_id=st["goal"], status=GoalStatus.ON_TRACK), False),
        (lambda: ProposeAmendment(tandem_id=tid, terms=TERMS), False),
        (lambda: ApproveAmendment(tandem_id=tid, version=st.get("version", 0)), True),
    ]
    if step == 0:
        st["new"] = st["meeting"] = MeetingId(uuid4())
    make, by_mentee = cycle[step]
    return make(), by_mentee


class Bare:
    """The baseline: the same rules and writes without the engine's pipeline."""

    def __init__(self, store: SQLiteEventStore, engine: Engine, tandem: Tandem) -> None:
        self.store, self.hooks, self.clock = store, engine.hooks, engine.clock
        self.types = engine.state.event_types
        self.programme = engine.programme("default")
        self.tandem = tandem  # what the votes get; the default plugins do not read it

    def execute(self, cmd: Any, actor: Actor, st: dict[str, Any]) -> None:
        store, tid, verb = self.store, cmd.tandem_id, cmd.verb
        stream = tandem_stream(tid)
        with store.transaction():
            row = store.queries.tandem(str(tid))
            version = store.version(stream)
            assert row is not None
            role = Role.MENTEE if actor.person_id == row.mentee else Role.MENTOR
            if status_after(row.status, verb) is None:
                raise RuntimeError(f"{verb} impossible in {row.status}")
            permission = self.hooks.allowed_roles(self.programme, verb)
            if permission is None or role not in permission.roles:
                raise RuntimeError(f"{role} may not {verb}")
            now = self.clock.now()
            transition = Transition(verb, actor, role, now, cmd)
            if refusals(self.hooks.check_transition(self.programme, self.tandem, transition)):
                raise RuntimeError(f"{verb} refused")
            event = self.event(cmd, (now, actor, tid, role), st)
            name, data = self.types.encode(event)
            store.append([Append(stream, version, (NewEvent(name, data),))])

    def event(self, cmd: Any, header: Header, st: dict[str, Any]) -> ev.TandemEvent:
        if isinstance(cmd, ProposeMeeting):
            return ev.MeetingProposed(
                *header, meeting_id=st["new"], kind=cmd.kind, format=cmd.format,
                start=cmd.start.astimezone(UTC), duration_minutes=cmd.duration_minutes,
            )  # fmt: skip
        if isinstance(cmd, PrepareMeeting | DocumentMeeting):
            purpose = PREPARATION if isinstance(cmd, PrepareMeeting) else MEETING_NOTES
            form = template_for(self.programme, purpose)
            values = fill(form, cmd.values, context=f"meeting {cmd.meeting_id}")
            if isinstance(cmd, PrepareMeeting):
                return ev.MeetingPrepared(
                    *header, meeting_id=cmd.meeting_id, template_key=form.key, values=values
                )
            return ev.MeetingDocumented(
                *header, meeting_id=cmd.meeting_id, template_key=form.key,
                purpose=purpose, values=values,
            )  # fmt: skip
        if isinstance(cmd, ConfirmMeeting):
            return ev.MeetingConfirmed(*header, meeting_id=cmd.meeting_id)
        if isinstance(cmd, ConfirmAttendance):
            return ev.AttendanceConfirmed(*header, meeting_id=cmd.meeting_id)
        if isinstance(cmd, SetGoal):
            st["goal"] = uuid4()
            return ev.GoalSet(*header, goal_id=st["goal"], text=cmd.text.strip())
        if isinstance(cmd, ReviewGoal):
            return ev.GoalReviewed(*header, goal_id=cmd.goal_id, status=cmd.status)
        if isinstance(cmd, ProposeAmendment):
            st["version"] = st.get("version", 3) + 1
            return ev.AmendmentProposed(*header, version=st["version"], terms=cmd.terms)
        assert isinstance(cmd, ApproveAmendment)
        return ev.AmendmentApproved(*header, version=cmd.version)


class Harness:
    """One system under test: runs schedule items, keeping its own per-tandem state."""

    def __init__(
        self, run: Callable[[Any, Actor, dict[str, Any]], None], state: dict[UUID, Any]
    ) -> None:
        self.run = run
        self.state = state  # shared by the durable and the no-fsync run on one file

    def item(self, tid: TandemId, mentee: str, step: int, now: Any) -> None:
        st = self.state.setdefault(tid, {})
        cmd, by_mentee = command(step, tid, st, now)
        person = mentee if by_mentee else "r" + mentee[1:]
        self.run(cmd, Actor.person(person), st)

    def timed(self, schedule: list[tuple[TandemId, str, int]], now: Any) -> float:
        t0 = time.perf_counter()
        for tid, mentee, step in schedule:
            self.item(tid, mentee, step, now)
        return time.perf_counter() - t0


def engine_runner(engine: Engine) -> Callable[[Any, Actor, dict[str, Any]], None]:
    def run(cmd: Any, actor: Actor, st: dict[str, Any]) -> None:
        t = engine.execute(cmd, actor=actor)
        if isinstance(cmd, SetGoal):
            st["goal"] = t.goals[-1].id
        elif isinstance(cmd, ProposeAmendment):
            assert t.proposal is not None
            st["version"] = t.proposal.version

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tandems", type=int, default=10000)
    parser.add_argument("--commands", type=int, default=300, help="per round, side and mode")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile both sides, no fsync")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("at least five rounds")
    folder = Path(tempfile.mkdtemp(prefix="mentorcore-bench-"))
    try:
        t0 = time.perf_counter()
        made = build(folder / "engine.db", args.tandems, Template(folder))
        shutil.copy(folder / "engine.db", folder / "bare.db")
        with sqlite3.connect(folder / "engine.db") as conn:
            events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        print(
            f"setup: {args.tandems} active tandems of the default programme, {events} events, "
            f"{(folder / 'engine.db').stat().st_size / 2**20:.0f} MiB, built through the "
            f"store in {time.perf_counter() - t0:.1f} s; {args.commands} commands per round, "
            f"side and mode, on random tandems (6 of 10 are meeting commands)"
        )
        clock = FixedClock(AFTER)
        engines, bares, raw = {}, {}, {}
        engine_state: dict[UUID, Any] = {}
        bare_state: dict[UUID, Any] = {}
        for durable in (True, False):
            store = SQLiteEventStore(folder / "engine.db", durable=durable)
            engine = Engine(store, clock=clock, load_entrypoints=False)
            tandem = engine.reader(SYSTEM).tandem(TandemId(UUID(made[0][0])))
            bare_store = SQLiteEventStore(folder / "bare.db", durable=durable)
            engines[durable], raw[durable] = Harness(engine_runner(engine), engine_state), engine
            bares[durable] = Harness(Bare(bare_store, engine, tandem).execute, bare_state)
        split = len(made) - len(made) // 10  # the last tenth: atomic blocks (engine only)
        t0 = time.perf_counter()
        for engine in raw.values():  # a long-running process: its tandem cache is full
            reader = engine.reader(SYSTEM)
            for tid, _ in made[:split]:
                reader.tandem(TandemId(UUID(tid)))
        warm = (time.perf_counter() - t0) / (2 * split)
        print(f"warm-up: every tandem loaded once per engine, {warm * 1000:.2f} ms per cold load")
        steps = [0] * len(made)
        rng = random.Random(7)

        def schedule(n: int, low: int = 0, high: int = split) -> list[tuple[TandemId, str, int]]:
            out = []
            for _ in range(n):
                i = rng.randrange(low, high)
                out.append((TandemId(UUID(made[i][0])), made[i][1], steps[i] % 10))
                steps[i] += 1
            return out

        rates: dict[str, list[float]] = {k: [] for k in ("ed", "bd", "ef", "bf", "at", "si")}
        for r in range(args.rounds + 1):  # round 0 warms up and is not counted
            clock.advance(timedelta(minutes=1))
            now = clock.now()
            for durable, mode in ((True, "d"), (False, "f")):
                items = schedule(args.commands)
                pair = [("e", engines[durable]), ("b", bares[durable])]
                for side, harness in pair if r % 2 else pair[::-1]:
                    elapsed = harness.timed(items, now)
                    if r:
                        rates[side + mode].append(args.commands / elapsed)
            for _ in range(5):
                for key in ("at", "si"):
                    items = schedule(10, split, len(made))
                    t0 = time.perf_counter()
                    if key == "at":
                        with raw[True].atomic():
                            engines[True].timed(items, now)
                    else:
                        engines[True].timed(items, now)
                    if r:
                        rates[key].append(time.perf_counter() - t0)
            if r:
                print(
                    f"round {r}: durable engine {rates['ed'][-1]:5.0f} cmd/s, bare "
                    f"{rates['bd'][-1]:5.0f} cmd/s | no fsync engine {rates['ef'][-1]:5.0f} "
                    f"cmd/s, bare {rates['bf'][-1]:5.0f} cmd/s"
                )
        med = {k: statistics.median(v) for k, v in rates.items()}
        for label, key in (
            ("engine, durable", "ed"),
            ("bare, durable", "bd"),
            ("engine, no fsync", "ef"),
            ("bare, no fsync", "bf"),
        ):
            print(f"{label:17} (median): {med[key]:6.0f} commands/s = {1000 / med[key]:.2f} ms")
        print(
            f"10 commands, durable (median): atomic block {med['at'] * 1000:.1f} ms, "
            f"10 single {med['si'] * 1000:.1f} ms"
        )
        if args.profile:
            items = schedule(args.commands)
            for name, harness in (("engine", engines[False]), ("bare", bares[False])):
                prof = cProfile.Profile(time.process_time)  # CPU time: robust to other load
                prof.runcall(harness.timed, items, clock.now())
                print(f"--- profile: {name}, no fsync, {args.commands} commands")
                stats = pstats.Stats(prof, stream=sys.stdout)
                stats.sort_stats("tottime").print_stats(15)
                stats.sort_stats("cumulative").print_stats("mentorcore", 25)
        print(f"atomic10/single10 time ratio: {med['at'] / med['si']:.2f}")
        print(f"engine/bare cpu ratio: {med['bf'] / med['ef']:.2f}")
        print(f"engine/bare ratio: {med['bd'] / med['ed']:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
