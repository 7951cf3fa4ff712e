"""Two engines on one SQLite file race on one tandem: one wins, one conflicts, nothing is lost.

Also: a process killed with SIGKILL mid-stream leaves a database that opens
cleanly and holds every command that returned before the kill, each one whole.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from helpers import ANA, BEN, cast

from mentorcore import (
    Accept,
    Actor,
    AssignMentor,
    ConcurrencyConflict,
    Decline,
    Engine,
    RequestMentorship,
    Role,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.engine import tandem_stream
from mentorcore.testing import enrol

EVENT_OF = {"accept": "tandem-accepted", "decline": "tandem-declined"}


class BarrierVote:
    """A test plugin that holds every transition until both racers have decided.

    Both engines have then read the same stream version, so exactly one append
    can succeed: the race is deterministic, not a matter of timing.
    """

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier

    @hookimpl
    def mentorcore_check_transition(self, transition):
        if transition.verb in ("accept", "decline"):
            self.barrier.wait(timeout=30)


def test_two_connections_race_on_one_tandem(tmp_path, clock):
    path = tmp_path / "race.db"
    with Engine(path, clock=clock, load_entrypoints=False) as setup:
        cast(setup)
        tandem = setup.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    barrier = threading.Barrier(2)
    engines = [
        Engine(path, clock=clock, load_entrypoints=False, plugins=[BarrierVote(barrier)])
        for _ in range(2)
    ]
    outcomes: dict[str, str] = {}

    def race(engine: Engine, command) -> None:
        try:
            engine.execute(command, actor=BEN)
            outcomes[command.verb] = "won"
        except ConcurrencyConflict:
            outcomes[command.verb] = "conflict"

    threads = [
        threading.Thread(target=race, args=(engines[0], Accept(tandem_id=tandem.id))),
        threading.Thread(target=race, args=(engines[1], Decline(tandem_id=tandem.id))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "won"]
    winner = next(v for v, o in outcomes.items() if o == "won")
    names = [r.name for r in engines[0].store.read(tandem_stream(tandem.id))]
    assert names == ["tandem-requested", EVENT_OF[winner]]
    # The loser's engine, on its next read, sees the winner's event.
    expected = TandemStatus.GETTING_TO_KNOW if winner == "accept" else TandemStatus.DECLINED
    assert engines[1].tandem(tandem.id).status is expected
    for engine in engines:
        engine.close()


RACER = textwrap.dedent(
    """
    import json, pathlib, sys, time
    from datetime import datetime, UTC
    from uuid import UUID
    from mentorcore import Accept, Actor, ConcurrencyConflict, Decline, Engine, FixedClock, hookimpl
    path, tandem_id, verb = sys.argv[1], UUID(sys.argv[2]), sys.argv[3]
    folder = pathlib.Path(sys.argv[4])

    class FileBarrier:
        # Both processes have caught up and decided before either appends.
        @hookimpl
        def mentorcore_check_transition(self, transition):
            (folder / verb).touch()
            deadline = time.time() + 30
            while len(list(folder.iterdir())) < 2 and time.time() < deadline:
                time.sleep(0.01)

    engine = Engine(path, clock=FixedClock(datetime(2026, 10, 5, tzinfo=UTC)),
                    load_entrypoints=False, plugins=[FileBarrier()])
    command = (Accept if verb == "accept" else Decline)(tandem_id=tandem_id)
    try:
        engine.execute(command, actor=Actor.person("ben"))
        print(json.dumps("won"))
    except ConcurrencyConflict:
        print(json.dumps("conflict"))
    """
)


def test_two_processes_race_on_one_tandem(tmp_path, clock):
    path = tmp_path / "race.db"
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        cast(engine)
        tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), str(tandem.id), verb, str(barrier)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for verb in ("accept", "decline")
    ]
    outcomes = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        outcomes.append(json.loads(out))
    assert sorted(outcomes) == ["conflict", "won"], outcomes
    winner = ("accept", "decline")[outcomes.index("won")]
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        names = [r.name for r in engine.store.read(tandem_stream(tandem.id))]
    assert names == ["tandem-requested", EVENT_OF[winner]]


WORKER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, UTC
    from mentorcore import Actor, Engine, FixedClock, Person, Role
    path = sys.argv[1]
    clock = FixedClock(datetime(2026, 10, 5, tzinfo=UTC))
    engine = Engine(path, clock=clock, load_entrypoints=False)
    i = 0
    while True:
        pid = f"p{i}"
        engine.register_person(Person(pid, f"Person {i}"), actor=Actor.system())
        engine.enrol(pid, "default", Role.MENTOR, {}, capacity=1 + i % 3, actor=Actor.system())
        print(pid, flush=True)  # both commands of this person have returned
        i += 1
    """
)


def test_sigkill_mid_stream_keeps_every_returned_command_whole(tmp_path):
    path = tmp_path / "crash.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    confirmed: list[str] = []
    deadline = time.time() + 60
    while len(confirmed) < 40 and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        confirmed.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert len(confirmed) >= 40, proc.stderr.read()

    engine = Engine(path, load_entrypoints=False)  # opens cleanly
    d = engine.directory
    for pid in confirmed:
        assert pid in d.persons
        assert d.enrolment(pid, "default", Role.MENTOR) is not None
    # Every stored stream is whole: versions 1..n without gaps, all readable.
    streams: dict[str, list[int]] = {}
    for r in engine.store.read_all():
        streams.setdefault(r.stream_id, []).append(r.version)
    assert all(v == list(range(1, len(v) + 1)) for v in streams.values())
    assert engine.store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    engine.close()


def test_capacity_holds_when_two_engines_assign_the_last_place_at_once(tmp_path, clock):
    """CORE-CAPACITY spans streams: new tandems also go into the programme's stream,
    so the second writer conflicts, and on retry is refused for capacity."""
    path = tmp_path / "places.db"
    with Engine(path, clock=clock, load_entrypoints=False) as setup:
        cast(setup)  # dave mentors one mentee at most
        enrol(setup, "finn", "default", Role.MENTEE)
    barrier = threading.Barrier(2)

    class HoldAssign(BarrierVote):
        @hookimpl
        def mentorcore_check_transition(self, transition):
            if transition.verb == "assign":
                self.barrier.wait(timeout=30)

    engines = [
        Engine(path, clock=clock, load_entrypoints=False, plugins=[HoldAssign(barrier)])
        for _ in range(2)
    ]
    outcomes: dict[str, str] = {}

    def assign(engine: Engine, mentee: str) -> None:
        command = AssignMentor(programme_key="default", mentee=mentee, mentor="dave")
        try:
            engine.execute(command, actor=Actor.system())
            outcomes[mentee] = "won"
        except ConcurrencyConflict:
            outcomes[mentee] = "conflict"

    threads = [
        threading.Thread(target=assign, args=(engines[0], "ana")),
        threading.Thread(target=assign, args=(engines[1], "finn")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "won"]
    loser = next(m for m, o in outcomes.items() if o == "conflict")
    barrier.reset()
    retry = Engine(path, clock=clock, load_entrypoints=False)  # no barrier: a plain retry
    with pytest.raises(TransitionDenied) as refused:
        retry.execute(
            AssignMentor(programme_key="default", mentee=loser, mentor="dave"), actor=Actor.system()
        )
    assert refused.value.rule_ids == {"CORE-CAPACITY"}
    assert len(retry.tandems(person="dave")) == 1
    for engine in (*engines, retry):
        engine.close()
