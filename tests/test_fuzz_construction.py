"""Fuzzing what hosts construct and hold (issue 10): the engine's constructor
with hostile host callbacks (clocks, id factories, settings, plugins, store
files), every public constructor and function in ``mentorcore.__all__``, and
the methods of the value objects hosts get back. Same rules as
``tests/test_fuzz_library.py``: a normal return or a mentorcore error that wrote
nothing, and a database that always opens again (point 2 of the issue).
"""

from __future__ import annotations

import enum
import inspect
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest
from fuzz_kit import REFUSED, attempt, fuzz_settings, hostile_int, hostile_text, shown, wrong
from fuzz_strategies import (
    Ctx,
    arguments,
    check_covered,
    contexts,
    public_methods,
    slots_of_class,
    slots_of_function,
)
from fuzz_world import (
    PLUGINS,
    SYSTEM,
    World,
    assert_opens,
    build_world,
    open_engine,
    scratch_db,
    world_folder,
)
from hypothesis import given
from hypothesis import strategies as st

import mentorcore
from mentorcore import (
    Actor,
    AgreementTerms,
    AssignMentor,
    Decision,
    Engine,
    FixedClock,
    InvalidInput,
    Period,
    PeriodKind,
    Person,
    ProposeMeeting,
    Relation,
    RelationKind,
    SystemClock,
    weekly_starts,
)

#: Value objects hosts hold, and how to get one from the world.
SAMPLES: dict[type, Callable[[Engine, World], Any]] = {
    Actor: lambda e, w: SYSTEM,
    Decision: lambda e, w: Decision.deny("CORE-1", "no"),
    FixedClock: lambda e, w: FixedClock(w.now),
    SystemClock: lambda e, w: SystemClock(),
    Period: lambda e, w: Period(PeriodKind.SEMESTER, date(2026, 10, 1), date(2027, 4, 1), "W"),
    Relation: lambda e, w: Relation("a", RelationKind.EXAMINES, "b"),
    mentorcore.MeetingRecords: lambda e, w: e.reader(SYSTEM).meeting_records(w.tandems[0].id),
    mentorcore.Profile: lambda e, w: (
        e.state.index.enrolment(
            w.tandems[0].mentee, w.tandems[0].programme, mentorcore.Role.MENTEE
        ).profile
    ),
    mentorcore.Programme: lambda e, w: e.programme("medic"),
    mentorcore.Tandem: lambda e, w: e.reader(SYSTEM).tandem(w.tandems[0].id),
    mentorcore.TandemSummary: lambda e, w: e.reader(SYSTEM).tandems()[0],
}
#: Public names not fuzzed here, and why.
NOT_HERE = {
    "Engine": "test_engine_method, test_engine_constructor_with_hostile_callbacks",
    "Reader": "built by Engine.reader (its constructor takes the engine's internal state)",
    "Clock": "a Protocol: hosts implement it (hostile clocks: test_engine_constructor...)",
    "hookimpl": "pluggy's marker for plugin authors, not a call with input",
}


def _value_methods() -> list[tuple[type, str]]:
    found = []
    for name in mentorcore.__all__:
        cls = getattr(mentorcore, name)
        if (
            inspect.isclass(cls)
            and name not in NOT_HERE
            and not issubclass(cls, enum.Enum)
            and not issubclass(cls, (BaseException, mentorcore.Command))
        ):
            found += [(cls, m) for m in public_methods(cls)]
    return found


def _constructors() -> list[Any]:
    found = []
    for name in mentorcore.__all__:
        obj = getattr(mentorcore, name)
        if name in NOT_HERE or (
            inspect.isclass(obj) and issubclass(obj, enum.Enum | BaseException)
        ):
            continue
        if (inspect.isclass(obj) and not issubclass(obj, mentorcore.Command)) or inspect.isfunction(
            obj
        ):
            found.append(obj)
    return found


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with world_folder("fuzz-construction") as folder:
        yield build_world(folder)


def _slots(obj: Any) -> list[Any]:
    if inspect.isclass(obj) and attrs.has(obj):
        return slots_of_class(obj)
    return slots_of_function(obj)


def test_every_constructor_and_value_method_has_a_strategy(world: World) -> None:
    ctx = Ctx(world, world.tandems[0])
    for obj in _constructors():
        check_covered(_slots(obj), ctx)
    for cls, name in _value_methods():
        assert cls in SAMPLES, f"no sample {cls.__name__} to fuzz {name} on: add it to SAMPLES"
        check_covered(slots_of_function(getattr(cls, name)), ctx)
    assert {Person, Relation, AgreementTerms, FixedClock, weekly_starts} <= set(_constructors())


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("store", b"mentorcore.db"),
        ("store", 42),
        ("store", "a\x00b.db"),
        ("plugins", None),
        ("plugins", "medic"),
        ("blocked", None),
        ("blocked", "kerpen"),
        ("blocked", [42]),
        ("settings", -1),
        ("settings", [("default", {})]),
    ],
)
def test_an_engine_refuses_configuration_of_the_wrong_kind(argument: str, value: object) -> None:
    # found by the fuzz: these raised TypeError, ValueError or AttributeError
    with pytest.raises(InvalidInput, match=argument):
        Engine(**{"store": ":memory:", "load_entrypoints": False, argument: value})


def test_a_fixed_clock_refuses_moments_outside_the_calendar() -> None:
    # found by the fuzz: 9999-12-31 23:59-12:00 is in year 10000 in UTC (OverflowError)
    late = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=12)))
    with pytest.raises(InvalidInput, match="outside the calendar"):
        FixedClock(late)
    clock = FixedClock(datetime(9999, 12, 30, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="outside the calendar"):
        clock.advance(timedelta(days=3))
    assert clock.now() == datetime(9999, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cls", "name"), _value_methods(), ids=lambda v: v if isinstance(v, str) else v.__name__
)
@fuzz_settings(0.15)
@given(data=st.data())
def test_value_object_method(world: World, cls: type, name: str, data: st.DataObject) -> None:
    # Helpers on values hosts already hold: hostile values of the declared types
    # (a zone name that does not exist, a date at the end of time), not wrong types.
    ctx = data.draw(contexts(world))
    slots = slots_of_function(getattr(cls, name))
    kwargs = data.draw(arguments(slots, ctx, typed_only=True), label="kwargs")
    with open_engine(world.db) as engine:
        obj = SAMPLES[cls](engine, world)
    attempt(f"{cls.__name__}.{name}", lambda: getattr(obj, name)(**kwargs), **kwargs)


@pytest.mark.parametrize("obj", _constructors(), ids=lambda o: o.__name__)
@fuzz_settings(0.15)
@given(data=st.data())
def test_public_constructor_or_function(world: World, obj: Any, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    kwargs = data.draw(arguments(_slots(obj), ctx), label="kwargs")
    attempt(f"{obj.__name__}(...)", lambda: obj(**kwargs), **kwargs)


class _Clock:
    """A host's clock returning *value* (or what calling it returns)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def now(self) -> object:
        return self.value() if callable(self.value) else self.value

    def __repr__(self) -> str:
        return f"<clock returning {shown(self.value)}>"


class _Ids:
    """A host's id factory."""

    def __init__(self, label: str, make: Callable[[], object]) -> None:
        self.label, self.make = label, make

    def __call__(self) -> object:
        return self.make()

    def __repr__(self) -> str:
        return f"<ids: {self.label}>"


_PLUS14 = timezone(timedelta(hours=14))
CLOCKS = (
    None,
    "clock",
    object(),
    _Clock(datetime(2029, 3, 20, 9)),
    _Clock("2029-03-20"),
    _Clock(None),
    _Clock(date(2029, 3, 20)),
    _Clock(datetime.max.replace(tzinfo=UTC)),
    _Clock(datetime.min.replace(tzinfo=UTC)),
    _Clock(datetime(2029, 3, 20, 23, tzinfo=_PLUS14)),
    _Clock(datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    _Clock(lambda: datetime.now(UTC)),
)
_alternating = itertools.cycle((UUID(int=5), UUID(int=6)))
ID_FACTORIES = (
    uuid4,
    None,
    "uuid4",
    _Ids("UUID(int=1) always", lambda: UUID(int=1)),
    _Ids("a str", lambda: str(uuid4())),
    _Ids("None", lambda: None),
    _Ids("42", lambda: 42),
    _Ids("two ids in turn", lambda: next(_alternating)),
    _Ids("UUID(int=0)", lambda: UUID(int=0)),
)
PLUGIN_SETS = (PLUGINS, (), (None,), (42,), ("medic",), (object(),), PLUGINS + PLUGINS)
BLOCKED = ((), ("kerpen",), ("nope",), None, 42, ("medic", "default"), "kerpen")


def _stores(world: World, db: Path) -> dict[str, object]:
    folder = db.parent / f"{db.stem}-files"
    folder.mkdir(exist_ok=True)
    (folder / "notes.txt").write_text("not a database\n")
    (folder / "empty.db").write_bytes(b"")
    (folder / "noise.db").write_bytes(bytes(range(256)) * 64)
    with sqlite3.connect(folder / "foreign.db") as con:
        con.execute("CREATE TABLE IF NOT EXISTS events (x)")
    return {
        "copy": db,
        "memory": ":memory:",
        "folder": folder,
        "text": folder / "notes.txt",
        "empty": folder / "empty.db",
        "noise": folder / "noise.db",
        "foreign": folder / "foreign.db",
        "missing dir": folder / "no" / "such.db",
        "bytes": bytes(db),
        "int": 42,
        "none": None,
        "nul": f"{db}\x00x",
    }


@fuzz_settings(0.5)
@given(data=st.data())
def test_engine_constructor_with_hostile_callbacks(world: World, data: st.DataObject) -> None:
    settings = data.draw(
        st.one_of(
            st.none(),
            wrong,
            st.lists(
                st.tuples(
                    st.sampled_from(world.settings),
                    st.one_of(hostile_int, st.floats(), st.booleans(), hostile_text, wrong),
                ),
                max_size=3,
            ).map(
                lambda items: {p: {n: v for (q, n), v in items if q == p} for (p, _), _ in items}
            ),
        ),
        label="settings",
    )
    args = {
        "clock": data.draw(st.sampled_from(CLOCKS)),
        "id_factory": data.draw(st.sampled_from(ID_FACTORIES)),
        "plugins": data.draw(st.sampled_from(PLUGIN_SETS)),
        "blocked": data.draw(st.sampled_from(BLOCKED)),
        "load_entrypoints": data.draw(st.booleans()),
        "settings": settings,
    }
    # any other parameter (cache_size, rebuild_progress, one added later): by its type
    others = [s for s in slots_of_function(Engine) if s.name not in {*args, "store"}]
    args |= data.draw(arguments(others, Ctx(world)), label="other arguments")
    with scratch_db(world) as db:
        stores = _stores(world, db)
        which = data.draw(st.sampled_from(sorted(stores)), label="store")
        store = stores[which]
        before = Path(store).read_bytes() if which in ("foreign", "noise", "text") else None
        engine = attempt("Engine(...)", lambda: Engine(store, **args), db, store=store, **args)
        if isinstance(engine, Engine):
            _run_a_little(engine, db)
            attempt("Engine.close", engine.close)
        if before is not None:
            assert Path(store).read_bytes() == before, f"Engine changed the {which} file"
        assert_opens(db)


def _run_a_little(engine: Engine, db: Path) -> None:
    """Two assignments (ids must differ), a meeting, and the shared reads."""
    tandems = []
    for mentee, mentor in (("df-mentee9", "df-mentor7"), ("df-mentee7", "df-mentor8")):
        command = AssignMentor(programme_key="default", mentee=mentee, mentor=mentor)
        made = attempt("execute AssignMentor", _bind(engine.execute, command, actor=SYSTEM), db)
        if made is not REFUSED:
            tandems.append(made)
    for t in tandems:
        start = datetime(2029, 4, 2, 10, tzinfo=UTC)
        propose_it = ProposeMeeting(tandem_id=t.id, start=start)
        call = _bind(engine.execute, propose_it, actor=Actor.person(t.mentee))
        attempt("execute ProposeMeeting", call, db)
    reader = engine.reader(SYSTEM)
    for name in ("due_actions", "notifications"):
        attempt(f"Reader.{name}", getattr(reader, name), db)
    attempt("Reader.programme_calendar", lambda: reader.programme_calendar("default"), db)


def _bind(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: func(*args, **kwargs)
