"""Fuzzing the engine's entry points with hostile values (issue 10).

Every public method of :class:`Engine` and :class:`Reader`, every command,
``engine.atomic()`` blocks, a closed engine, and matching's ``propose`` and
``confirm`` get values of the wrong type, extremes of dates and numbers,
control characters, lone surrogates, megabyte strings and lists nested 10,000
deep, against a world with tandems at every stage in all four programmes.
Allowed: a normal return, or a :class:`~mentorcore.MentorcoreError` after which
the store holds exactly the events it held before (reads write nothing), and
the database opens again. Methods, commands and parameters are found by
introspection, so new ones are fuzzed, or fail the registry test below.
The engine's constructor, public constructors and value objects:
``tests/test_fuzz_construction.py``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial

import pytest
from fuzz_kit import (
    DEEP_LIST,
    EXTREME_DATES,
    EXTREME_DATETIMES,
    REFUSED,
    attempt,
    event_count,
    fuzz_settings,
    shown,
    wrong,
)
from fuzz_strategies import (
    Ctx,
    actors,
    arguments,
    check_covered,
    command_classes,
    contexts,
    instances,
    public_methods,
    slots_of_class,
    slots_of_function,
)
from fuzz_world import (
    SYSTEM,
    World,
    assert_complete,
    assert_opens,
    assert_shared_reads_whole,
    build_world,
    mentorcore_log,
    open_engine,
    scratch_db,
    world_folder,
)
from hypothesis import given
from hypothesis import strategies as st

import mentorcore
from mentorcore import Engine, Reader, Role
from mentorcore.matching import Proposal, confirm, propose

#: Engine methods fuzzed by a test of their own, and which.
ENGINE_SPECIAL = {"atomic": "test_atomic_blocks", "close": "test_a_closed_engine_refuses"}
ENGINE_METHODS = [n for n in public_methods(Engine) if n not in ENGINE_SPECIAL]
READER_METHODS = public_methods(Reader)


def _with_verbs(cls: type) -> set[type]:
    subs = {s for c in cls.__subclasses__() for s in _with_verbs(c)}
    return subs | ({cls} if getattr(cls, "verb", "") else set())


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with world_folder("fuzz-library") as folder:
        yield build_world(folder)


def test_every_public_entry_point_has_a_strategy(world: World) -> None:
    ctx = Ctx(world, world.tandems[0])
    assert set(ENGINE_SPECIAL) <= set(public_methods(Engine))
    for cls, names in ((Engine, ENGINE_METHODS), (Reader, READER_METHODS)):
        for name in names:
            check_covered(slots_of_function(getattr(cls, name)), ctx)
    check_covered(slots_of_function(propose, skip=("engine",)), ctx)
    check_covered(slots_of_function(confirm, skip=("engine",)), ctx)
    assert set(command_classes()) == _with_verbs(mentorcore.Command), "a command is not exported"
    for cls in command_classes():
        check_covered(slots_of_class(cls), ctx)
    assert {t.status for t in world.tandems} >= {
        "requested",
        "getting_to_know",
        "agreement_drafting",
        "awaiting_approval",
        "active",
        "completed",
        "dissolved",
    }


@pytest.mark.parametrize("name", ENGINE_METHODS)
@fuzz_settings(0.25)
@given(data=st.data())
def test_engine_method(world: World, name: str, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    kwargs = data.draw(arguments(slots_of_function(getattr(Engine, name)), ctx), label="kwargs")
    with scratch_db(world) as db:
        with open_engine(db) as engine:
            before = event_count(db)
            attempt(f"Engine.{name}", lambda: getattr(engine, name)(**kwargs), db, **kwargs)
            if event_count(db) != before:
                assert_shared_reads_whole(engine, db, _programmes(ctx))
        assert_opens(db)


@pytest.mark.parametrize("name", READER_METHODS)
@fuzz_settings(0.25)
@given(data=st.data())
def test_reader_method(world: World, name: str, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    viewer = data.draw(actors(ctx), label="viewer")
    kwargs = data.draw(arguments(slots_of_function(getattr(Reader, name)), ctx), label="kwargs")
    with scratch_db(world) as db, open_engine(db) as engine:
        before = event_count(db)
        reader = attempt("Engine.reader", lambda: engine.reader(viewer), db, viewer=viewer)
        if reader is not REFUSED:
            call = lambda: getattr(reader, name)(**kwargs)  # noqa: E731
            with mentorcore_log() as log:
                result = attempt(f"Reader.{name}", call, db, viewer=viewer, **kwargs)
            assert_complete(f"Reader.{name}", result, log)  # the world holds no bad record
        assert event_count(db) == before, f"Reader.{name} wrote events"


@pytest.mark.parametrize("cls", command_classes(), ids=lambda c: c.__name__)
@fuzz_settings(0.25)
@given(data=st.data())
def test_command(world: World, cls: type, data: st.DataObject) -> None:
    ctx = Ctx(world, data.draw(st.sampled_from(world.tandems)))
    kwargs = data.draw(arguments(slots_of_class(cls), ctx), label="kwargs")
    actor = data.draw(actors(ctx), label="actor")
    command = attempt(f"{cls.__name__}(...)", lambda: cls(**kwargs), **kwargs)
    if command is REFUSED:
        return
    with scratch_db(world) as db:
        with open_engine(db) as engine:
            call = lambda: engine.execute(command, actor=actor)  # noqa: E731
            done = attempt(f"Engine.execute({cls.__name__})", call, db, actor=actor, **kwargs)
            if done is not REFUSED:
                assert_shared_reads_whole(engine, db, _programmes(ctx))
        assert_opens(db)


def _programmes(ctx: Ctx) -> tuple[str, ...]:
    """The programmes whose shared reads a write in *ctx* may touch."""
    return (ctx.tandem.programme,) if ctx.tandem else ctx.world.programmes


_BLOCK_METHODS = (
    "execute",
    "execute_all",
    "register_person",
    "enrol",
    "update_profile",
    "declare_relation",
    "withdraw_relation",
    "acknowledge",
)


@fuzz_settings(0.5)
@given(data=st.data())
def test_atomic_blocks(world: World, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    call = st.sampled_from(_BLOCK_METHODS).flatmap(
        lambda n: arguments(slots_of_function(getattr(Engine, n)), ctx).map(lambda kw: (n, kw))
    )
    calls = data.draw(st.lists(call, min_size=1, max_size=3), label="calls")
    with scratch_db(world) as db:
        with open_engine(db) as engine:

            def block() -> None:
                with engine.atomic():
                    for name, kwargs in calls:
                        getattr(engine, name)(**kwargs)

            if attempt("Engine.atomic block", block, db, calls=calls) is not REFUSED:
                assert_shared_reads_whole(engine, db, _programmes(ctx))
        assert_opens(db)


@fuzz_settings(0.25)
@given(data=st.data())
def test_a_closed_engine_refuses(world: World, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    owner, name = data.draw(
        st.sampled_from(
            [(Engine, n) for n in ENGINE_METHODS] + [(Reader, n) for n in READER_METHODS]
        )
    )
    kwargs = data.draw(arguments(slots_of_function(getattr(owner, name)), ctx), label="kwargs")
    with scratch_db(world) as db:
        engine = open_engine(db)
        reader = engine.reader(SYSTEM)
        engine.close()
        attempt("Engine.close() twice", engine.close)
        target = engine if owner is Engine else reader
        attempt(
            f"{owner.__name__}.{name} after close",
            lambda: getattr(target, name)(**kwargs),
            db,
            **kwargs,
        )


@fuzz_settings(0.5)
@given(data=st.data())
def test_matching_propose_and_confirm(world: World, data: st.DataObject) -> None:
    ctx = data.draw(contexts(world))
    kwargs = data.draw(arguments(slots_of_function(propose, skip=("engine",)), ctx), label="p")
    more = data.draw(arguments(slots_of_function(confirm, skip=("engine", "proposal")), ctx))
    with scratch_db(world) as db:
        with open_engine(db) as engine:
            proposal = attempt("propose", lambda: propose(engine, **kwargs), db, **kwargs)
            if not isinstance(proposal, Proposal):
                proposal = data.draw(st.one_of(instances(Proposal, ctx), wrong), label="proposal")
            call = lambda: confirm(engine, proposal, **more)  # noqa: E731
            if attempt("confirm", call, db, proposal=proposal, **more) is not REFUSED:
                assert_shared_reads_whole(engine, db, world.programmes)
        assert_opens(db)


def _sane(ctx: Ctx) -> dict[str, object]:
    """A fitting value for every parameter name of the engine's and reader's methods."""
    t = ctx.tandem
    assert t is not None
    return {
        "tandem_id": t.id,
        "meeting_id": t.meetings[0],
        "programme_key": t.programme,
        "programme": t.programme,
        "person_id": t.mentee,
        "person": t.mentee,
        "person_ids": (t.mentee, t.mentor),
        "role": Role.MENTEE,
        "purpose": "meeting_notes",
        "key": ctx.world.due_keys[0],
        "actor": SYSTEM,
        "status": None,
        "viewer": SYSTEM,
    }


def _moment_calls() -> list[tuple[type, str, str]]:
    """``(owner, method, parameter)`` for every parameter that takes a date or a moment."""
    found = []
    for owner, names in ((Engine, ENGINE_METHODS), (Reader, READER_METHODS)):
        for name in names:
            for slot in slots_of_function(getattr(owner, name)):
                if {date, datetime} & set(typing.get_args(slot.type) or (slot.type,)):
                    found.append((owner, name, slot.name))
    return found


@pytest.mark.parametrize(
    ("owner", "name", "parameter"),
    _moment_calls(),
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_every_moment_parameter_at_the_ends_of_time(
    world: World, owner: type, name: str, parameter: str
) -> None:
    """Deterministic: each extreme date or moment, every other argument fitting a medic
    tandem with meetings (the fuzz meets these only by chance)."""
    tandem = next(t for t in world.tandems if t.programme == "medic" and t.meetings)
    sane = _sane(Ctx(world, tandem))
    slots = slots_of_function(getattr(owner, name))
    values = EXTREME_DATES if parameter in ("today",) else EXTREME_DATETIMES
    for value in (*values, *EXTREME_DATES):
        kwargs = {s.name: sane[s.name] for s in slots if not s.optional} | {parameter: value}
        with scratch_db(world) as db, open_engine(db) as engine:
            target = engine if owner is Engine else engine.reader(SYSTEM)
            call = partial(getattr(target, name), **kwargs)
            label = f"{owner.__name__}.{name}({parameter}={shown(value)})"
            with mentorcore_log() as log:
                result = attempt(label, call, db, **kwargs)
            assert_complete(label, result, log)


def test_the_failure_report_names_call_input_and_origin() -> None:
    def broken(value: object) -> None:
        raise TypeError("boom")

    expected = r"f raised TypeError: 'boom' at .*in broken; input value=<list nested 10000 deep>"
    with pytest.raises(AssertionError, match=expected):
        attempt("f", lambda: broken(DEEP_LIST), value=DEEP_LIST)
    assert shown(_Unprintable()).startswith("<_Unprintabl")


class _Unprintable:
    def __repr__(self) -> str:
        raise RecursionError


def test_programme_date_arithmetic_clamps_at_the_ends_of_the_calendar(world: World) -> None:
    """Found by the sweep above: MEDiC's semesters and Kerpen's mentoring year overflowed
    in years 1 and 9999 (the tandem then fell out of every programme-wide feed)."""
    from mentorcore_kerpen.years import mentoring_year
    from mentorcore_medic.semesters import semester_of

    from mentorcore.policy.periods import add_months, local_date, local_midnight

    late = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    assert local_date(late, "Europe/Berlin") == date.max
    assert local_midnight(date.min, "Europe/Berlin") == datetime.min.replace(tzinfo=UTC)
    assert semester_of(date.max).end == date.max
    assert semester_of(date.min).start == date.min
    assert add_months(date(9999, 12, 1), 1) == date.max
    with open_engine(world.db) as engine:
        kerpen = engine.programme("kerpen")
    assert mentoring_year(date.max, kerpen).end <= date.max
    assert mentoring_year(date.min, kerpen).start == date.min
