"""Issue 10, points 3 and 4: rules that span streams hold under races, and
conflicts resolve themselves.

Point 3. With SQLite a writer holds the write lock from its decision to its
commit, so a rival's change is decided before or after, never in between.
Each race is made deterministic: the first writer is held inside its
decision (a vote that waits, or the host's own code inside ``atomic()``),
and the rival is shown not to get through while it is held. After each
race, an oracle replays the stored events in order and checks every tandem
creation against the relations, capacities and live tandems in force at its
position: 0 violations. Races run between two engines (threads) and two
processes, for a relation declared (WORKS_WITH, CORE-14; EXAMINES,
MEDIC-INDEP-1), a capacity lowered (CORE-CAPACITY) and a second live tandem
of one mentee (CORE-SINGLE). Also: who may withdraw a relation that blocks
pairing (CORE-RELATION), and coordinators scoped to their programmes' people
(CORE-AUTH).

Point 4, further down: a conflict is decided again on the fresh state, a
bounded number of times; injected by a store whose appends fail, and by a
store without one write lock where two engines really race.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from helpers import stored
from mentorcore_medic import policy as medic
from race_kit import oracle, race
from test_concurrency import Gate

from mentorcore import (
    Actor,
    AssignMentor,
    ConcurrencyConflict,
    Engine,
    Person,
    Programme,
    Relation,
    RelationKind,
    Role,
    TransitionDenied,
    hookimpl,
)
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.testing import SYSTEM, enrol, person
from mentorcore.write.recording import RETRIES

MEDIC_MENTEE = {
    "study_programme": "medic",
    "semester": 5,
    "application_form": True,
    "workshop_attended": True,
}
MEDIC_MENTOR = {
    "licensed": True,
    "years_experience": 8,
    "faculty_member": True,
    "profile_form": True,
    "basic_qualification": True,
}


def setup_default(path, clock) -> None:
    """ana and finn mentees; ben (capacity 2, one live tandem with finn) and
    dave (capacity 1) mentors of the default programme."""
    with Engine(path, clock=clock, load_entrypoints=False) as e:
        for pid in ("ana", "finn", "gus"):
            enrol(e, pid, "default", Role.MENTEE)
        enrol(e, "ben", "default", Role.MENTOR, capacity=2)
        enrol(e, "dave", "default", Role.MENTOR)
        e.execute(AssignMentor(programme_key="default", mentee="finn", mentor="ben"), actor=SYSTEM)


def setup_medic(path, clock) -> None:
    """ana, a MEDiC student, and Dr. Weber, a clinician of the faculty."""
    with Engine(path, clock=clock, load_entrypoints=False, plugins=[medic]) as e:
        person(e, "lange", "Rosi Lange")
        enrol(e, "lange", "medic", Role.COORDINATOR)
        enrol(e, "ana", "medic", Role.MENTEE, MEDIC_MENTEE)
        enrol(e, "weber", "medic", Role.MENTOR, MEDIC_MENTOR, track="clinical")


def assign(programme: str, mentee: str, mentor: str) -> Callable[[Engine], object]:
    track = "clinical" if programme == "medic" else None
    command = AssignMentor(programme_key=programme, mentee=mentee, mentor=mentor, track=track)
    return lambda e: e.execute(command, actor=SYSTEM)


def relate(subject: str, kind: RelationKind, obj: str) -> Callable[[Engine], object]:
    return lambda e: e.declare_relation(Relation(subject, kind, obj), actor=SYSTEM)


def capacity(mentor: str, places: int) -> Callable[[Engine], object]:
    return lambda e: e.enrol(mentor, "default", Role.MENTOR, capacity=places, actor=SYSTEM)


# name: (setup, plugins, assignment, rival change, the rule refusing when the rival is first)
RACES = {
    "works_with": (setup_default, [], assign("default", "ana", "ben"),
                   relate("ben", RelationKind.WORKS_WITH, "ana"), "CORE-14"),
    "examines": (setup_medic, [medic], assign("medic", "ana", "weber"),
                 relate("weber", RelationKind.EXAMINES, "ana"), "MEDIC-INDEP-1"),
    "capacity": (setup_default, [], assign("default", "ana", "ben"), capacity("ben", 1),
                 "CORE-CAPACITY"),
    "single": (setup_default, [], assign("default", "ana", "ben"), assign("default", "ana", "dave"),
               "CORE-SINGLE"),
}  # fmt: skip


@pytest.mark.parametrize("name", RACES)
@pytest.mark.parametrize("first", ["assignment", "rival"])
def test_cross_stream_rules_hold_when_two_engines_race(tmp_path, clock, name, first):
    setup, plugins, assignment, rival, rule = RACES[name]
    path = tmp_path / f"{name}.db"
    setup(path, clock)
    held, other = (assignment, rival) if first == "assignment" else (rival, assignment)
    in_vote = first == "assignment" or name == "single"
    outcomes = race(path, clock, plugins, held, other, in_vote=in_vote)
    if first == "assignment":
        # The rival was decided after the assignment's commit: a relation or a
        # lower capacity is stored after the tandem; a second tandem is refused.
        assert outcomes == ["won", f"refused {rule}" if name == "single" else "won"]
    else:
        assert outcomes == ["won", f"refused {rule}"]
    with Engine(path, clock=clock, load_entrypoints=False, plugins=plugins) as engine:
        assert oracle(engine) == []


PROCESS = textwrap.dedent(
    """
    import json, pathlib, sys, time
    from datetime import datetime, UTC
    from mentorcore import (Actor, AssignMentor, Engine, FixedClock, Relation, RelationKind,
                            Role, TransitionDenied, hookimpl)
    from mentorcore_medic import policy as medic
    path, folder, me, hold, op, *args = sys.argv[1:]
    folder = pathlib.Path(folder)

    def wait_for_release():
        (folder / f"{me}-holding").touch()
        deadline = time.time() + 30
        while not (folder / "release").exists():
            assert time.time() < deadline
            time.sleep(0.01)

    class FileGate:
        @hookimpl
        def mentorcore_check_transition(self, transition):
            (folder / f"{me}-voting").touch()
            if hold == "1":
                wait_for_release()

    engine = Engine(path, clock=FixedClock(datetime(2026, 10, 5, tzinfo=UTC)),
                    load_entrypoints=False, plugins=[FileGate(), medic])
    system = Actor.system()

    def act():
        if op == "assign":
            programme, mentee, mentor = args
            track = "clinical" if programme == "medic" else None
            engine.execute(AssignMentor(programme_key=programme, mentee=mentee, mentor=mentor,
                                        track=track), actor=system)
            return
        with engine.atomic():  # the host's own code holds the unit open
            if op == "relate":
                subject, kind, obj = args
                engine.declare_relation(Relation(subject, RelationKind(kind), obj), actor=system)
            else:
                mentor, places = args
                engine.enrol(mentor, "default", Role.MENTOR, capacity=int(places), actor=system)
            if hold == "1":
                wait_for_release()

    # Opening takes the write lock briefly: open first, then act when told.
    (folder / f"{me}-ready").touch()
    while not (folder / f"{me}-go").exists():
        time.sleep(0.01)
    (folder / f"{me}-started").touch()
    try:
        act()
        print(json.dumps("won"))
    except TransitionDenied as denied:
        print(json.dumps("refused " + " ".join(sorted(denied.rule_ids))))
    """
)

OPS = {
    "works_with": (("assign", "default", "ana", "ben"), ("relate", "ben", "works_with", "ana")),
    "examines": (("assign", "medic", "ana", "weber"), ("relate", "weber", "examines", "ana")),
    "capacity": (("assign", "default", "ana", "ben"), ("capacity", "ben", "1")),
    "single": (("assign", "default", "ana", "ben"), ("assign", "default", "ana", "dave")),
}


@pytest.mark.parametrize("name", RACES)
@pytest.mark.parametrize("first", ["assignment", "rival"])
def test_cross_stream_rules_hold_when_two_processes_race(tmp_path, clock, name, first):
    setup, plugins, _, _, rule = RACES[name]
    path = tmp_path / f"{name}.db"
    setup(path, clock)
    folder = tmp_path / "gate"
    folder.mkdir()
    assignment, rival = OPS[name]
    held, other = (assignment, rival) if first == "assignment" else (rival, assignment)

    def start(me: str, hold: bool, op: tuple[str, ...]) -> subprocess.Popen[str]:
        argv = [sys.executable, "-c", PROCESS, str(path), str(folder), me, str(int(hold)), *op]
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(file: str, proc: subprocess.Popen[str]) -> None:
        deadline = time.time() + 60
        while not (folder / file).exists():
            assert proc.poll() is None, proc.communicate()[1]
            assert time.time() < deadline
            time.sleep(0.01)

    one = start("one", True, held)
    two = start("two", False, other)
    wait("one-ready", one)
    wait("two-ready", two)
    (folder / "one-go").touch()
    wait("one-holding", one)
    (folder / "two-go").touch()
    wait("two-started", two)
    time.sleep(0.5)
    # While the first holds its unit open, the second can neither decide nor finish.
    assert two.poll() is None
    assert not (folder / "two-voting").exists()
    (folder / "release").touch()
    outcomes = []
    for proc in (one, two):
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outcomes.append(json.loads(out))
    if first == "assignment" and name != "single":
        assert outcomes == ["won", "won"]
    else:
        assert outcomes == ["won", f"refused {rule}"]
    with Engine(path, clock=clock, load_entrypoints=False, plugins=plugins) as engine:
        assert oracle(engine) == []


# ---------------------------------------------------------------- who may withdraw, whose people


class Other:
    """A second programme, coordinated by olga."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(Programme(key="other", name="Other"))


def denied(engine: Engine, call, *args, rule: str, **kwargs) -> None:
    before = stored(engine)
    with pytest.raises(TransitionDenied) as raised:
        call(*args, **kwargs)
    assert raised.value.rule_ids == {rule}, raised.value
    assert stored(engine) == before


def test_core_relation_the_examiner_cannot_withdraw_his_examines_relation(tmp_path, clock):
    path = tmp_path / "medic.db"
    setup_medic(path, clock)
    with Engine(path, clock=clock, load_entrypoints=False, plugins=[medic, Other()]) as e:
        enrol(e, "olga", "other", Role.COORDINATOR)
        examines = Relation("weber", RelationKind.EXAMINES, "ana")
        weber, ana = Actor.person("weber"), Actor.person("ana")
        e.declare_relation(examines, actor=weber)  # either of the two may declare it
        for actor in (weber, ana, Actor.person("olga")):
            denied(e, e.withdraw_relation, examines, actor=actor, rule="CORE-RELATION")
        denied(e, assign("medic", "ana", "weber"), e, rule="MEDIC-INDEP-1")
        # The coordinator of the programme both are in decides (and the system).
        e.withdraw_relation(examines, actor=Actor.person("lange"))
        assert assign("medic", "ana", "weber")(e)


def test_core_auth_coordinators_act_on_the_people_of_their_programmes_only(make_engine):
    e = make_engine(plugins=[Other()])
    for pid, programme, role in (
        ("ana", "default", Role.MENTEE),
        ("ben", "default", Role.MENTOR),
        ("carla", "default", Role.COORDINATOR),
        ("zed", "other", Role.MENTEE),
        ("olga", "other", Role.COORDINATOR),
    ):
        enrol(e, pid, programme, role)
    person(e, "loner")  # registered, enrolled nowhere
    olga, carla, ana = Actor.person("olga"), Actor.person("carla"), Actor.person("ana")
    hijack = Person("ana", "Ana", email="evil@example.org")
    denied(e, e.register_person, hijack, actor=olga, rule="CORE-AUTH")
    denied(e, e.register_person, Person("ana", "Someone Else"), actor=olga, rule="CORE-AUTH")
    denied(e, e.enrol, "ana", "other", Role.MENTEE, actor=olga, rule="CORE-AUTH")
    denied(e, e.update_profile, "ana", "default", Role.MENTEE, {}, actor=olga, rule="CORE-AUTH")
    works = Relation("ben", RelationKind.WORKS_WITH, "ana")
    denied(e, e.declare_relation, works, actor=olga, rule="CORE-AUTH")
    e.declare_relation(works, actor=carla)
    denied(e, e.withdraw_relation, works, actor=olga, rule="CORE-RELATION")
    assert e.reader(SYSTEM).person("ana").email is None
    # Their own people, people of no programme yet, and brand-new people they may.
    e.register_person(Person("zed", "Zed Renamed", email="zed@example.org"), actor=olga)
    e.register_person(Person("neu", "Neu"), actor=olga)
    e.enrol("neu", "other", Role.MENTEE, actor=olga)
    e.enrol("loner", "other", Role.MENTOR, actor=olga)
    e.register_person(Person("ana", "Ana Roth"), actor=carla)
    e.register_person(Person("ana", "Ana R.", email="ana@example.org"), actor=ana)
    e.withdraw_relation(works, actor=carla)
    assert e.reader(SYSTEM).person("ana").email == "ana@example.org"


# ---------------------------------------------------------------- point 4: conflicts resolve


class FlakyStore:
    """A SQLite store whose first *failures* appends meet a conflict, as if
    another writer had got there first (SQLite's lock prevents a real one)."""

    def __init__(self, path, failures: int) -> None:
        self._inner = SQLiteEventStore(path)
        self.failures = failures

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def append(self, appends, snapshots=()):
        if self.failures:
            self.failures -= 1
            first = appends[0]
            raise ConcurrencyConflict(first.stream_id, first.expected_version, -1)
        return self._inner.append(appends, snapshots)


class OptimisticStore(FlakyStore):
    """A store without one write lock (as a server database would be): a unit
    of work locks nothing; each append is atomic and checks the versions."""

    @contextmanager
    def transaction(self):
        yield


class Votes:
    """Counts the decisions on pairing taken (each attempt asks once, refused or not)."""

    def __init__(self) -> None:
        self.count = 0

    @hookimpl
    def mentorcore_check_pairing(self, mentee, mentor):
        self.count += 1


def test_a_conflict_is_decided_again_and_the_command_acknowledged(tmp_path, clock):
    path = tmp_path / "flaky.db"
    setup_default(path, clock)
    votes = Votes()
    store = FlakyStore(path, failures=2)
    with Engine(store, clock=clock, load_entrypoints=False, plugins=[votes]) as e:
        tandem = assign("default", "ana", "ben")(e)
        assert votes.count == 3
        assert [s.id for s in e.reader(SYSTEM).tandems(person="ana")] == [tandem.id]
        store.failures = 1  # people commands too
        e.register_person(Person("ana", "Ana Roth"), actor=SYSTEM)
        assert e.reader(SYSTEM).person("ana").name == "Ana Roth"
        assert oracle(e) == []
        names = Counter(r.name for r in e.store.read_all())
        assert names["tandem-assigned"] == 2  # finn's and ana's, each once


def test_exhausted_retries_reach_the_caller_with_nothing_stored(tmp_path, clock):
    path = tmp_path / "flaky.db"
    setup_default(path, clock)
    votes = Votes()
    with Engine(FlakyStore(path, 99), clock=clock, load_entrypoints=False, plugins=[votes]) as e:
        before = stored(e)
        with pytest.raises(ConcurrencyConflict):
            assign("default", "ana", "ben")(e)
        assert votes.count == 1 + RETRIES
        assert stored(e) == before


def test_a_conflict_inside_a_hosts_atomic_block_is_not_retried(tmp_path, clock):
    path = tmp_path / "flaky.db"
    setup_default(path, clock)
    votes = Votes()
    with Engine(FlakyStore(path, 1), clock=clock, load_entrypoints=False, plugins=[votes]) as e:
        before = stored(e)
        with pytest.raises(ConcurrencyConflict), e.atomic():
            assign("default", "ana", "ben")(e)
        assert votes.count == 1  # the host's block ran once: only the host can run it again
        assert stored(e) == before


@pytest.mark.parametrize(
    ("rival", "rule"),
    [
        (assign("default", "gus", "dave"), "CORE-CAPACITY"),
        (assign("default", "ana", "ben"), "CORE-SINGLE"),
        (relate("dave", RelationKind.WORKS_WITH, "ana"), "CORE-14"),
        (capacity("dave", 1), None),  # an unchanged capacity conflicts, then still fits
    ],
    ids=["capacity", "single", "relation", "same-capacity"],
)
def test_without_one_write_lock_a_rival_change_is_a_conflict_decided_again(
    tmp_path, clock, rival, rule
):
    """Two engines on a store without a write lock: the rival commits while
    the assignment is held in its vote; the assignment's append conflicts on
    a stream it read (the programme's, or a person's), and is decided again."""
    path = tmp_path / "optimistic.db"
    setup_default(path, clock)
    gate, votes = Gate({"assign"}, hold=True), Votes()
    first = Engine(OptimisticStore(path, 0), clock=clock, load_entrypoints=False,
                   plugins=[gate, votes])  # fmt: skip
    second = Engine(OptimisticStore(path, 0), clock=clock, load_entrypoints=False)
    outcome: list[str] = []

    def run() -> None:
        try:
            assign("default", "ana", "dave")(first)
            outcome.append("won")
        except TransitionDenied as refused:
            outcome.append(" ".join(sorted(refused.rule_ids)))

    thread = threading.Thread(target=run)
    thread.start()
    assert gate.voting.wait(timeout=30)
    rival(second)  # no lock to wait for: it commits at once
    gate.release.set()
    thread.join(timeout=60)
    assert outcome == [rule or "won"]
    assert votes.count == 2  # decided again on the fresh state
    assert oracle(first) == []
    first.close()
    second.close()
