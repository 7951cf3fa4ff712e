"""Two engines on one SQLite file race: the second decides on the first one's result.

A writer holds SQLite's write lock from the first read of its decision to the
commit, so a rival waits and then decides on the fresh state: the outcome a
rule allows, never a lost update, and no conflict for the host to retry. The
races are made deterministic by a vote that holds the first writer inside its
decision until the second one has tried to start.

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

from helpers import ANA, BEN, cast

from mentorcore import (
    Accept,
    Actor,
    AssignMentor,
    Decline,
    Engine,
    RequestMentorship,
    Role,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.testing import SYSTEM, enrol

EVENT_OF = {"accept": "tandem-accepted", "decline": "tandem-declined"}


class Gate:
    """A test plugin that reports each vote; the first engine's vote waits for *release*."""

    def __init__(self, verbs: set[str], hold: bool) -> None:
        self.verbs = verbs
        self.hold = hold
        self.voting = threading.Event()
        self.release = threading.Event()

    @hookimpl
    def mentorcore_check_transition(self, transition):
        if transition.verb in self.verbs:
            self.voting.set()
            if self.hold:
                assert self.release.wait(timeout=30)


def race(path, clock, verbs, first, second):
    """Run *first* (held inside its vote) and *second* on two engines; return outcomes."""
    gates = [Gate(verbs, hold=True), Gate(verbs, hold=False)]
    engines = [Engine(path, clock=clock, load_entrypoints=False, plugins=[g]) for g in gates]
    outcomes: list[str] = ["", ""]

    def run(i: int, command, actor) -> None:
        try:
            engines[i].execute(command, actor=actor)
            outcomes[i] = "won"
        except TransitionDenied as denied:
            outcomes[i] = "refused " + " ".join(sorted(denied.rule_ids))

    one = threading.Thread(target=run, args=(0, *first))
    two = threading.Thread(target=run, args=(1, *second))
    one.start()
    assert gates[0].voting.wait(timeout=30)
    two.start()
    time.sleep(0.3)
    # The second writer cannot decide while the first holds the write lock.
    assert not gates[1].voting.is_set()
    gates[0].release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    for engine in engines:
        engine.close()
    return outcomes


def test_two_connections_race_on_one_tandem(tmp_path, clock):
    path = tmp_path / "race.db"
    with Engine(path, clock=clock, load_entrypoints=False) as setup:
        cast(setup)
        tandem = setup.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    outcomes = race(
        path,
        clock,
        {"accept", "decline"},
        (Accept(tandem_id=tandem.id), BEN),
        (Decline(tandem_id=tandem.id), BEN),
    )
    # The decline was decided on the accepted tandem: the lifecycle refuses it.
    assert outcomes == ["won", "refused CORE-LIFECYCLE"]
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        names = [r.name for r in engine.store.read(tandem_stream(tandem.id))]
        assert engine.reader(SYSTEM).tandem(tandem.id).status is TandemStatus.GETTING_TO_KNOW
    assert names == ["tandem-requested", EVENT_OF["accept"]]


RACER = textwrap.dedent(
    """
    import json, pathlib, sys, time
    from datetime import datetime, UTC
    from uuid import UUID
    from mentorcore import Accept, Actor, Decline, Engine, FixedClock, TransitionDenied, hookimpl
    path, tandem_id, verb = sys.argv[1], UUID(sys.argv[2]), sys.argv[3]
    folder = pathlib.Path(sys.argv[4])

    class FileGate:
        # Says it is voting; the accepting process then waits for the release.
        @hookimpl
        def mentorcore_check_transition(self, transition):
            (folder / f"{verb}-voting").touch()
            deadline = time.time() + 30
            while verb == "accept" and not (folder / "release").exists():
                assert time.time() < deadline
                time.sleep(0.01)

    engine = Engine(path, clock=FixedClock(datetime(2026, 10, 5, tzinfo=UTC)),
                    load_entrypoints=False, plugins=[FileGate()])
    command = (Accept if verb == "accept" else Decline)(tandem_id=tandem_id)
    try:
        engine.execute(command, actor=Actor.person("ben"))
        print(json.dumps("won"))
    except TransitionDenied as denied:
        print(json.dumps("refused " + " ".join(sorted(denied.rule_ids))))
    """
)


def test_two_processes_race_on_one_tandem(tmp_path, clock):
    path = tmp_path / "race.db"
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        cast(engine)
        tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    folder = tmp_path / "gate"
    folder.mkdir()

    def start(verb: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), str(tandem.id), verb, str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    first = start("accept")
    deadline = time.time() + 60
    while not (folder / "accept-voting").exists():
        assert time.time() < deadline
        assert first.poll() is None, first.stderr
        time.sleep(0.01)
    second = start("decline")
    time.sleep(1.0)  # time enough for the second process to start and try
    assert not (folder / "decline-voting").exists()
    (folder / "release").touch()
    outcomes = []
    for p in (first, second):
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        outcomes.append(json.loads(out))
    assert outcomes == ["won", "refused CORE-LIFECYCLE"]
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        names = [r.name for r in engine.store.read(tandem_stream(tandem.id))]
    assert names == ["tandem-requested", EVENT_OF["accept"]]


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
    d = engine.state.index
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
    """CORE-CAPACITY spans streams: the second assignment is decided after the
    first one committed, and refused for capacity."""
    path = tmp_path / "places.db"
    with Engine(path, clock=clock, load_entrypoints=False) as setup:
        cast(setup)  # dave mentors one mentee at most
        enrol(setup, "finn", "default", Role.MENTEE)
    outcomes = race(
        path,
        clock,
        {"assign"},
        (AssignMentor(programme_key="default", mentee="ana", mentor="dave"), Actor.system()),
        (AssignMentor(programme_key="default", mentee="finn", mentor="dave"), Actor.system()),
    )
    assert outcomes == ["won", "refused CORE-CAPACITY"]
    with Engine(path, clock=clock, load_entrypoints=False) as engine:
        assert len(engine.reader(SYSTEM).tandems(person="dave")) == 1
