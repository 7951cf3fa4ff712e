"""The world the fuzz suites attack (no tests here): the leak hunt's story in
all four programmes, plus people waiting for a mentor, a relation, and tandems
requested, getting to know each other, awaiting approval and dissolved.

Built once per test module; every example works on its own copy of the SQLite
file (SQLite's backup API), so examples stay independent and cheap.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

import leak_story
from fuzz_kit import REFUSED, Escaped, attempt, origin, shown
from mentorcore_kerpen import policy as kerpen_policy
from mentorcore_medic import policy as medic_policy
from mentorcore_ostalb import policy as ostalb_policy

from mentorcore import (
    Actor,
    AgreementTerms,
    AssignMentor,
    Dissolve,
    DraftAgreement,
    Engine,
    FieldKind,
    FixedClock,
    MeetingFormat,
    MentorcoreError,
    OptIn,
    Relation,
    RelationKind,
    RequestMentorship,
    Role,
    SubmitAgreement,
)

SYSTEM = Actor.system()
PLUGINS = (medic_policy, ostalb_policy, kerpen_policy)
PURPOSES = ("meeting_notes", "preparation", "first_conversation")


@dataclass(frozen=True)
class TandemInfo:
    """A tandem of the world and what a command on it can name."""

    id: UUID
    programme: str
    status: str
    mentee: str
    mentor: str
    coordinator: str
    meetings: tuple[UUID, ...]
    goals: tuple[UUID, ...]
    versions: tuple[int, ...]


@dataclass(frozen=True, repr=False)
class World:
    """A database with people in every programme and tandems at several stages."""

    db: Path
    now: datetime
    tandems: tuple[TandemInfo, ...]
    people: tuple[str, ...]
    coordinators: tuple[str, ...]
    programmes: tuple[str, ...]
    tracks: tuple[str, ...]
    profile_fields: tuple[str, ...]
    record_fields: tuple[str, ...]
    choices: tuple[str, ...]
    due_keys: tuple[str, ...]
    settings: tuple[tuple[str, str], ...]
    folder: Path

    def __repr__(self) -> str:
        return f"World({self.db}, {len(self.tandems)} tandems, {len(self.people)} people)"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]

    def statuses(self) -> set[str]:
        """The statuses the world's tandems are in."""
        return {t.status for t in self.tandems}


def open_engine(db: Path, now: datetime | None = None) -> Engine:
    """An engine on *db* with the three programme plugins, its clock at *now*."""
    return Engine(
        db,
        clock=FixedClock(now or leak_story.FINAL),
        load_entrypoints=False,
        plugins=list(PLUGINS),
    )


def copy_db(template: Path, target: Path) -> Path:
    """Copy the SQLite file *template* to *target* with SQLite's backup API."""
    remove_db(target)
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    return target


def remove_db(path: Path) -> None:
    """Remove a SQLite file and its journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


_serial = itertools.count()


@contextmanager
def world_folder(name: str) -> Iterator[Path]:
    """A scratch folder in memory where there is one (/dev/shm: examples copy and
    commit databases thousands of times, and disks fsync), removed afterwards."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=shm if shm.is_dir() else None))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def scratch_db(world: World) -> Iterator[Path]:
    """A fresh copy of the world's database for one example, removed after it."""
    path = copy_db(world.db, world.folder / f"example-{next(_serial)}.db")
    try:
        yield path
    finally:
        remove_db(path)


def build_world(folder: Path) -> World:
    """Build the world in *folder* (about two seconds) and describe it."""
    db = folder / "world.db"
    scenario = leak_story.build(db)
    engine = scenario.engine
    engine.clock.set(leak_story.START + timedelta(days=8))  # type: ignore[attr-defined]
    for spec in leak_story.SPECS:
        _extras(engine, spec)
    engine.clock.set(leak_story.FINAL)  # type: ignore[attr-defined]
    world = _describe(engine, db, folder)
    engine.close()
    return world


def _extras(engine: Engine, spec: leak_story.Spec) -> None:
    """Waiting people, a relation, and tandems requested, new, awaiting approval, dissolved."""
    p, prog = spec.prefix, spec.key
    coordinator = Actor.person(f"{p}-coord")
    for n in range(5, 10):
        _enrol(engine, f"{p}-mentee{n}", prog, Role.MENTEE, spec.mentee_profile, None)
    for n in range(5, 9):
        _enrol(engine, f"{p}-mentor{n}", prog, Role.MENTOR, spec.mentor_profile, spec.track, 2)

    def run(command: object, actor: Actor) -> UUID | None:
        try:
            return engine.execute(command, actor=actor).id  # type: ignore[arg-type]
        except MentorcoreError:
            return None  # a programme's rules refuse this stage: the others still stand

    run(
        RequestMentorship(programme_key=prog, mentor=f"{p}-mentor5", track=spec.track),
        Actor.person(f"{p}-mentee5"),
    )
    run(
        AssignMentor(
            programme_key=prog, mentee=f"{p}-mentee6", mentor=f"{p}-mentor6", track=spec.track
        ),
        coordinator,
    )
    doomed = run(
        AssignMentor(
            programme_key=prog, mentee=f"{p}-mentee7", mentor=f"{p}-mentor7", track=spec.track
        ),
        coordinator,
    )
    if doomed is not None:
        run(Dissolve(tandem_id=doomed, reason="moved away"), coordinator)
    tid = run(
        AssignMentor(
            programme_key=prog, mentee=f"{p}-mentee8", mentor=f"{p}-mentor6", track=spec.track
        ),
        coordinator,
    )
    if tid is not None:
        mentee, mentor = Actor.person(f"{p}-mentee8"), Actor.person(f"{p}-mentor6")
        run(OptIn(tandem_id=tid), mentee)
        run(OptIn(tandem_id=tid), mentor)
        terms = AgreementTerms(
            period_start=leak_story.START.date(),
            period_end=spec.period_end,
            meetings_planned=spec.meetings_planned,
            contact_formats=frozenset({MeetingFormat.VIDEO}),
            contact_frequency="monthly",
            topics=("career", "research", "family", "leadership"),
            goals="grow",
            notes="",
        )
        run(DraftAgreement(tandem_id=tid, terms=terms), mentee)
        run(SubmitAgreement(tandem_id=tid), mentee)
    with suppress(MentorcoreError):
        engine.declare_relation(
            Relation(f"{p}-mentor8", RelationKind.EXAMINES, f"{p}-mentee9"), actor=SYSTEM
        )


def _enrol(
    engine: Engine,
    pid: str,
    prog: str,
    role: Role,
    profile: object,
    track: str | None,
    capacity: int = 1,
) -> None:
    from mentorcore import Person

    engine.register_person(
        Person(pid, pid.replace("-", " ").title(), email=f"{pid}@example.org"), actor=SYSTEM
    )
    kwargs = {"track": track, "capacity": capacity} if role is Role.MENTOR else {}
    engine.enrol(pid, prog, role, dict(profile), actor=SYSTEM, **kwargs)  # type: ignore[call-overload]


def _describe(engine: Engine, db: Path, folder: Path) -> World:
    reader = engine.reader(SYSTEM)
    coordinators = {s.key: f"{s.prefix}-coord" for s in leak_story.SPECS}
    infos = []
    for summary in reader.tandems():
        t = reader.tandem(summary.id)
        versions = {v for v in (t.proposal, t.agreement) if v is not None}
        infos.append(
            TandemInfo(
                id=t.id,
                programme=t.programme_key,
                status=t.status.value,
                mentee=t.mentee,
                mentor=t.mentor,
                coordinator=coordinators[t.programme_key],
                meetings=tuple(m.id for m in t.meetings),
                goals=tuple(g.id for g in t.goals),
                versions=tuple(sorted({getattr(v, "version", 1) for v in versions} | {1})),
            )
        )
    programmes = engine.programmes()
    fields = {f.name for p in programmes for r in Role for f in p.fields_for(r)}
    templates = [engine.record_template(p.key, purpose) for p in programmes for purpose in PURPOSES]
    record_fields = {f.name for t in templates for f in t.fields}
    choices = {
        c
        for t in templates
        for f in t.fields
        if f.kind in (FieldKind.CHOICE, FieldKind.CHOICES)
        for c in (f.choices or ())
    }
    try:
        due = tuple(a.key for a in reader.due_actions())
    except MentorcoreError:
        due = ()
    return World(
        db=db,
        now=leak_story.FINAL,
        tandems=tuple(infos),
        people=tuple(sorted(engine.state.index.persons)),
        coordinators=tuple(sorted(coordinators.values())),
        programmes=tuple(p.key for p in programmes),
        tracks=tuple(sorted({s.track for s in leak_story.SPECS if s.track})),
        profile_fields=tuple(sorted(fields)),
        record_fields=tuple(sorted(record_fields)),
        choices=tuple(sorted(choices)),
        due_keys=due[:: max(1, len(due) // 40)],
        settings=tuple(sorted({(p.key, s.name) for p in programmes for s in p.settings})),
        folder=folder,
    )


def assert_opens(db: Path) -> None:
    """A database always opens again, and its tandems can be read."""

    def reopen() -> None:
        with open_engine(db) as engine:
            reader = engine.reader(SYSTEM)
            for summary in reader.tandems():
                reader.tandem(summary.id)

    assert attempt("Engine(db) after the call", reopen) is not REFUSED, f"{db} no longer opens"


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def mentorcore_log() -> Iterator[list[logging.LogRecord]]:
    """The warnings the ``mentorcore`` logger writes inside the block."""
    handler = _Log()
    logger = logging.getLogger("mentorcore")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def assert_complete(label: str, result: object, records: list[logging.LogRecord]) -> None:
    """A read over many tandems of a world written through the engine's door left
    none out (reads isolate a tandem that fails: here that hides a bug)."""
    skipped = [s.reason for s in getattr(result, "skipped", ())]
    if isinstance(result, bytes) and b"X-MENTORCORE-OMITTED" in result:
        skipped.append("a calendar feed left out a tandem (X-MENTORCORE-OMITTED)")
    if skipped:
        why = next((r.exc_info[1] for r in records if r.exc_info and r.exc_info[1]), None)
        cause = f"{type(why).__name__}: {shown(str(why))} at {origin(why)}" if why else "?"
        raise Escaped(f"{label} left out a tandem: {shown(skipped[0])}; logged {cause}")


def assert_shared_reads_whole(engine: Engine, db: Path, programmes: tuple[str, ...]) -> None:
    """After a write went through: the shared reads of *programmes* leave no tandem out."""
    reader = engine.reader(SYSTEM)
    for programme in programmes:
        for name, call in (
            ("due_actions", lambda p=programme: reader.due_actions(programme=p)),
            ("programme_cadence", lambda p=programme: reader.programme_cadence(p)),
            ("programme_calendar", lambda p=programme: reader.programme_calendar(p)),
        ):
            with mentorcore_log() as records:
                result = attempt(f"Reader.{name}({programme!r}) after the write", call, db)
            assert_complete(f"Reader.{name}({programme!r}) after the write", result, records)
