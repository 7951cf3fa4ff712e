"""The harness of the tampering tests: a baseline database, the reads and
writes run on every copy, and how a case and its expected errors are written.

See ``tests/test_trust_tampering.py`` for what is checked.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import icalendar

from mentorcore import (
    Actor,
    ConcurrencyConflict,
    CorruptEvent,
    Engine,
    FixedClock,
    MentorcoreError,
    OptIn,
    ProposeMeeting,
    Relation,
    RelationKind,
    Role,
    SetGoal,
    TandemStatus,
)
from mentorcore.adapters.calendar import OMITTED
from mentorcore.state.aggregates import SNAPSHOT_EVERY
from mentorcore.testing import START, SYSTEM, enrol, person, walk_to

ANA, FINN, DAVE = Actor.person("ana"), Actor.person("finn"), Actor.person("dave")
MEETING = UUID(int=0xC0FFEE)


def _ids(start: int) -> Callable[[], UUID]:
    counter = itertools.count(start)
    return lambda: UUID(int=next(counter))


@dataclass
class World:
    """The baseline database and what it holds."""

    path: Path
    t1: UUID  # ana and ben, active, with goals, a meeting and a snapshot
    t2: UUID  # finn and dave, getting to know: the newest events of the log
    n1: int
    n2: int
    answers: dict[str, Any] = field(default_factory=dict)

    def stream(self, key: str) -> str:
        return {"t1": f"tandem:{self.t1}", "t2": f"tandem:{self.t2}"}.get(key, f"person:{key}")

    def params(self) -> dict[str, object]:
        return {
            "t1": self.stream("t1"),
            "t2": self.stream("t2"),
            "t1id": str(self.t1),
            "t2id": str(self.t2),
            "n1": self.n1,
            "n2": self.n2,
            "mid": self.n1 - 2,
        }

    def version(self, v: int | str) -> int:
        if isinstance(v, int):
            return v
        name, _, offset = v.partition(" ")  # "n1", "n1 - 2", "n2 + 1"
        base = {"n1": self.n1, "n2": self.n2}[name]
        return base + int(offset.replace(" ", "")) if offset else base


def open_engine(path: Path) -> Engine:
    clock = FixedClock(START + timedelta(days=40))
    return Engine(path, clock=clock, load_entrypoints=False, id_factory=_ids(10**6))


#: What is read and written on every copy, in this order.
READS: dict[str, Callable[[Engine, World], Any]] = {
    "tandems": lambda e, w: e.reader(SYSTEM).tandems(),
    "T1": lambda e, w: e.reader(SYSTEM).tandem(w.t1),
    "T2": lambda e, w: e.reader(SYSTEM).tandem(w.t2),
    "view T1": lambda e, w: e.reader(ANA).view(w.t1),
    "history T1": lambda e, w: e.reader(SYSTEM).history(w.t1),
    "activity ana": lambda e, w: e.reader(ANA).activity("ana"),
    "activity dave": lambda e, w: e.reader(DAVE).activity("dave"),
    "person ana": lambda e, w: e.reader(SYSTEM).person("ana"),
    "person eva": lambda e, w: e.reader(SYSTEM).person("eva"),
    "mentees": lambda e, w: e.reader(SYSTEM).participants("default", Role.MENTEE),
    "relations": lambda e, w: e.state.index.relations_of(),
    "calendar": lambda e, w: _feed(e.reader(SYSTEM).programme_calendar("default")),
    "write T1": lambda e, w: e.execute(SetGoal(tandem_id=w.t1, text="after"), actor=ANA),
    "write T2": lambda e, w: e.execute(OptIn(tandem_id=w.t2), actor=FINN),
    "write ana": lambda e, w: e.declare_relation(
        Relation("ana", RelationKind.TEACHES, "eva"), actor=SYSTEM
    ),
}


def _feed(ics: bytes) -> tuple[tuple[str, ...], str]:
    """A calendar's events (UID, start) and what it says it left out."""
    calendar = icalendar.Calendar.from_ical(ics)
    events = tuple(f"{e['UID']} {e['DTSTART'].to_ical().decode()}" for e in calendar.walk("VEVENT"))
    return events, str(calendar.get(OMITTED, ""))


T1 = frozenset({"T1", "view T1", "history T1", "activity ana", "calendar", "write T1"})
T2 = frozenset({"T2", "activity dave", "calendar", "write T2"})


def build_world(directory: Path) -> World:
    """The baseline database in *directory*, and the answers of its untouched copy."""
    path = directory / "base.db"
    engine = Engine(path, clock=FixedClock(START), load_entrypoints=False, id_factory=_ids(1))
    for p in ("ana", "finn"):
        enrol(engine, p, "default", Role.MENTEE)
    for p in ("ben", "dave"):
        enrol(engine, p, "default", Role.MENTOR)
    enrol(engine, "carla", "default", Role.COORDINATOR)
    person(engine, "eva")
    engine.declare_relation(Relation("dave", RelationKind.SUPERVISES, "eva"), actor=SYSTEM)
    t1 = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    for n in range(SNAPSHOT_EVERY):
        engine.execute(SetGoal(tandem_id=t1.id, text=f"goal {n}"), actor=ANA)
    start = START + timedelta(days=20)
    t1 = engine.execute(ProposeMeeting(tandem_id=t1.id, start=start, meeting_id=MEETING), actor=ANA)
    t2 = walk_to(
        engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="finn", mentor="dave"
    )
    assert engine.store.queries.snapshot(f"tandem:{t1.id}") is not None
    engine.close()
    w = World(path, t1.id, t2.id, t1.version, t2.version)
    w.answers = run(copy(w, path.parent / "untouched.db"), w)
    assert not [k for k, v in w.answers.items() if isinstance(v, BaseException)]
    return w


def copy(w: World, to: Path) -> Path:
    shutil.copyfile(w.path, to)
    return to


def run(path: Path, w: World) -> dict[str, Any]:
    """Every read and write on the database at *path*: its answer or its mentorcore error."""
    answers: dict[str, Any] = {}
    with open_engine(path) as engine:
        for name, read in READS.items():
            try:
                answers[name] = read(engine, w)
            except MentorcoreError as error:
                answers[name] = error
    return answers


@dataclass(frozen=True)
class Expect:
    """A mentorcore error: its class, stream key and version (if it names one),
    and a fragment of its message."""

    cls: type[MentorcoreError]
    stream: str | tuple[str, ...] | None = None
    version: int | str | None = None
    says: str = ""

    def check(self, error: object, w: World, where: str) -> None:
        assert isinstance(error, self.cls), (
            f"{where}: expected {self.cls.__name__}, got {error!r:.300}"
        )
        assert not isinstance(error, ConcurrencyConflict), where
        if self.stream is not None:
            assert isinstance(error, CorruptEvent)
            keys = self.stream if isinstance(self.stream, tuple) else (self.stream,)
            assert error.stream_id in [w.stream(k) for k in keys], f"{where}: {error}"
            if self.version is not None:
                assert error.version == w.version(self.version), f"{where}: {error}"
            assert f"{error.stream_id}@{error.version}" in str(error)
        assert self.says in str(error), f"{where}: {error}"


@dataclass(frozen=True)
class Case:
    name: str
    sql: tuple[str, ...]
    opening: Expect | None = None
    broken: frozenset[str] = frozenset()
    error: Expect | None = None
    #: Reads answered from a read-model row edited by hand: as the row says, until a rebuild.
    stale: frozenset[str] = frozenset()
    #: Reads that show the log's events as stored (no fold): an edit that still
    #: decodes shows there as written.
    as_stored: frozenset[str] = frozenset()
    #: ``None``: a rebuild succeeds and then every read is as on the untouched copy.
    rebuild: Expect | None = None


def log(name: str, *sql: str, broken: frozenset[str], error: Expect, **kw: Any) -> Case:
    """An edit of the log: the reads of what it touches fail, and so does a rebuild."""
    return Case(name, sql, broken=broken, error=error, rebuild=kw.pop("rebuild", error), **kw)


def model(name: str, *sql: str, **kw: Any) -> Case:
    """An edit of the read model or of the file's bookkeeping: a rebuild repairs it."""
    return Case(name, sql, **kw)


def edited(w: World, path: Path, case: Case) -> Path:
    copy(w, path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in case.sql:
            db.execute(statement, w.params() if ":" in statement else ())
    finally:
        db.close()
    return path
