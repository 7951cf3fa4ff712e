"""Strategies for the fuzz suites (no tests here), derived from type hints and
names: any attrs class (commands, Person, Relation, AgreementTerms, ...) and
any function's parameters get hostile values of their declared type, now and
then a value of the wrong type, and real ids of the world where a name says
what the value is (``tandem_id``, ``mentee``, ``programme_key``, ...).

A type or name nothing here knows raises :class:`NoStrategy`: the registry
tests of the suites call :func:`check_covered` for every public method and
command, so a new one that cannot be fuzzed fails loudly.
"""

from __future__ import annotations

import enum
import inspect
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import attrs
from fuzz_kit import (
    NASTY_TEXT,
    hostile_date,
    hostile_datetime,
    hostile_int,
    hostile_text,
    hostile_uuid,
    wrong,
)
from fuzz_world import PURPOSES, TandemInfo, World
from hypothesis import assume
from hypothesis import strategies as st

import mentorcore
from mentorcore import Actor, MentorcoreError
from mentorcore.adapters.store.keys import KeyStore, MemoryKeyStore
from mentorcore.commands import Command
from mentorcore.domain import GoalId, MeetingId, TandemId
from mentorcore.i18n import Message, _

S = st.SearchStrategy


class NoStrategy(LookupError):
    """No strategy for a parameter's type or name."""


EMAILS = (
    "ana@example.org",
    "a@b",
    "no-at-sign",
    "a@b.org\r\nBcc: x@evil.org",
    "\x1b[2J@example.org",
    "ana@exämple.org",
    "@",
    "a" * 70 + "@example.org",
    "\ud800@example.org",
    "a b@example.org",
    "ana@example.org>",
)
ZONES = (
    "Europe/Berlin",
    "UTC",
    "Pacific/Kiritimati",
    "Nope/Zone",
    "../../etc/passwd",
    "",
    "Europe/Berlin\x00",
    "/usr/share/zoneinfo/UTC",
    "\ud800",
)


@dataclass
class Ctx:
    """What the strategies may name: the world, and the tandem a call is about."""

    world: World
    tandem: TandemInfo | None = None

    def __repr__(self) -> str:
        t = self.tandem
        return f"Ctx(tandem={t.status} {t.programme} {t.id})" if t else "Ctx(no tandem)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def local_people(self) -> tuple[str, ...]:
        if self.tandem is None:
            return self.world.people
        prefix = self.tandem.mentee.split("-")[0] + "-"
        return tuple(p for p in self.world.people if p.startswith(prefix))


def _pick(real: Sequence[Any], other: S[Any]) -> S[Any]:
    """Mostly one of *real*, else *other*."""
    return (
        st.one_of(st.sampled_from(tuple(real)), st.sampled_from(tuple(real)), other)
        if real
        else other
    )


def people(ctx: Ctx) -> S[Any]:
    """A person id: of the tandem's programme, any, or hostile text."""
    return _pick(ctx.local_people(), _pick(ctx.world.people, hostile_text))


def _tandem_ids(ctx: Ctx) -> S[Any]:
    own = (ctx.tandem.id,) * 3 if ctx.tandem else ()
    return _pick(own + tuple(t.id for t in ctx.world.tandems), hostile_uuid)


def _meeting_ids(ctx: Ctx) -> S[Any]:
    own = ctx.tandem.meetings if ctx.tandem else ()
    every = tuple(m for t in ctx.world.tandems for m in t.meetings)
    return _pick(own, _pick(every, hostile_uuid))


def _goal_ids(ctx: Ctx) -> S[Any]:
    own = ctx.tandem.goals if ctx.tandem else ()
    return _pick(own, _pick(tuple(g for t in ctx.world.tandems for g in t.goals), hostile_uuid))


def actors(ctx: Ctx) -> S[Any]:
    """Who acts: the tandem's people, its coordinator, the system, anyone, or junk."""
    t = ctx.tandem
    real = [Actor.system()]
    if t is not None:
        real += [Actor.person(p) for p in (t.mentee, t.mentor, t.coordinator)] * 2
    junk = st.one_of(st.builds(Actor, st.one_of(hostile_text, wrong)), wrong)
    return _pick(real, st.one_of(people(ctx).map(Actor), junk))


def _record_values(ctx: Ctx) -> S[Any]:
    value = st.one_of(
        hostile_text,
        st.sampled_from(ctx.world.choices or ("x",)),
        hostile_int,
        st.booleans(),
        st.lists(st.sampled_from(ctx.world.choices or ("x",)), max_size=3).map(tuple),
        wrong,
    )
    keys = _pick(ctx.world.record_fields, hostile_text)
    return st.dictionaries(keys, value, max_size=6)


def _profiles(ctx: Ctx) -> S[Any]:
    value = st.one_of(
        hostile_text,
        hostile_int,
        st.booleans(),
        st.floats(),
        st.sampled_from(("yes", "no", "3", "clinical", "female", "a;b")),
        st.lists(hostile_text, max_size=3),
        wrong,
    )
    return st.one_of(
        st.none(), st.dictionaries(_pick(ctx.world.profile_fields, hostile_text), value, max_size=6)
    )


def _pairs(ctx: Ctx) -> S[Any]:
    pair = st.tuples(people(ctx), people(ctx))
    return st.one_of(st.lists(pair, max_size=3), st.lists(st.one_of(pair, wrong), max_size=3))


def _progress(ctx: Ctx) -> S[Any]:
    return st.sampled_from(
        (None, lambda done, total: None, lambda done, total: "junk", lambda *a: a, print)
    )


#: Real values where a name says what a value is (besides its declared type).
NAMED: dict[str, Callable[[Ctx], S[Any]]] = {
    "tandem_id": _tandem_ids,
    "predecessor": _tandem_ids,
    "meeting_id": _meeting_ids,
    "goal_id": _goal_ids,
    **{n: people for n in ("mentee", "mentor", "subject", "object", "person_id", "person", "id")},
    "person_ids": lambda c: st.lists(people(c), max_size=4).map(tuple),
    "mentees": lambda c: st.one_of(st.none(), st.lists(people(c), max_size=4)),
    "mentors": lambda c: st.one_of(st.none(), st.lists(people(c), max_size=4)),
    "wishes": lambda c: st.one_of(
        st.none(), st.dictionaries(people(c), st.lists(people(c), max_size=3))
    ),
    "fixed": _pairs,
    **{
        n: lambda c: _pick(c.world.programmes, hostile_text) for n in ("programme_key", "programme")
    },
    "track": lambda c: _pick((*c.world.tracks, None), hostile_text),
    "version": lambda c: _pick(c.tandem.versions if c.tandem else (1,), hostile_int),
    "values": _record_values,
    "profile": _profiles,
    **{n: lambda c: _pick(PURPOSES, hostile_text) for n in ("template", "purpose")},
    "key": lambda c: _pick(c.world.due_keys + c.world.programmes, hostile_text),
    "email": lambda c: st.one_of(st.none(), st.sampled_from(EMAILS), hostile_text),
    "actor": actors,
    "viewer": actors,
    "progress": _progress,
    "now": lambda c: st.one_of(st.none(), hostile_datetime),
    "timezone": lambda c: st.sampled_from(ZONES),
}


def by_type(tp: Any, ctx: Ctx) -> S[Any]:
    """Hostile values of type *tp* (extremes, odd text), never a wrong type."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is type(None):
        return st.none()
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(by_type(a, ctx) for a in args))
    special = {TandemId: _tandem_ids, MeetingId: _meeting_ids, GoalId: _goal_ids}
    if tp in special:
        return special[tp](ctx)
    if isinstance(tp, typing.NewType):
        return by_type(tp.__supertype__, ctx)
    plain: dict[Any, S[Any]] = {
        str: hostile_text,
        bool: st.booleans(),
        int: hostile_int,
        datetime: hostile_datetime,
        date: hostile_date,
        UUID: hostile_uuid,
        object: wrong,
        Actor: actors(ctx),
        float: st.one_of(st.floats(), st.sampled_from((1e308, -1.0, 0.0))),
        timedelta: st.one_of(
            st.sampled_from((timedelta.max, timedelta.min, -timedelta(1))), st.timedeltas()
        ),
        bytes: st.binary(max_size=64),
        Message: st.one_of(
            hostile_text.map(Message.literal),
            st.tuples(hostile_text, hostile_date).map(
                lambda p: _("{who} asked on {day}", who=p[0], day=p[1])
            ),
        ),
        Any: wrong,
        KeyStore: st.one_of(st.none(), st.builds(MemoryKeyStore), wrong),
    }
    if tp in plain:
        return plain[tp]
    if inspect.isclass(tp) and issubclass(tp, enum.Enum):
        return st.one_of(st.sampled_from(list(tp)), st.sampled_from([m.value for m in tp]))
    if inspect.isclass(tp) and attrs.has(tp):
        return instances(tp, ctx)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.one_of(
                st.lists(by_type(args[0], ctx), max_size=5).map(tuple),
                st.just(tuple(NASTY_TEXT) * 300),
            )
        return st.tuples(*(by_type(a, ctx) for a in args))
    if origin in (frozenset, set):
        return st.frozensets(by_type(args[0], ctx), max_size=4)
    if origin in (list, Sequence, Iterable):
        return st.lists(by_type(args[0], ctx), max_size=5)
    if origin in (dict, Mapping):
        return st.dictionaries(by_type(args[0], ctx), by_type(args[1], ctx), max_size=5)
    if origin is Callable or tp is Callable:
        return _progress(ctx)
    if tp is Command:
        return commands(ctx).map(lambda pair: _build(*pair))
    raise NoStrategy(f"no strategy for type {tp!r}")


def for_name(name: str, tp: Any, ctx: Ctx) -> S[Any]:
    """Values for a field or parameter: real ones its name suggests, else by type."""
    typed = by_type(tp, ctx)
    named = NAMED.get(name)
    if named is None or (inspect.isclass(tp) and attrs.has(tp)):
        return typed
    return st.one_of(named(ctx), typed)


@dataclass(frozen=True)
class Slot:
    """One field of a class or one parameter of a function."""

    name: str
    type: Any
    optional: bool


def slots_of_class(cls: type) -> list[Slot]:
    hints = typing.get_type_hints(cls)
    return [
        Slot(f.alias or f.name, hints[f.name], f.default is not attrs.NOTHING)
        for f in attrs.fields(cls)
        if f.init
    ]


def slots_of_function(func: Callable[..., Any], skip: tuple[str, ...] = ("self",)) -> list[Slot]:
    """The parameters of *func* (or of a class's constructor), ``*args``/``**kwargs`` left out."""
    target = func.__init__ if inspect.isclass(func) else func  # type: ignore[misc]
    hints = typing.get_type_hints(target, localns=vars(mentorcore))
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [
        Slot(name, hints.get(name, object), p.default is not inspect.Parameter.empty)
        for name, p in inspect.signature(func).parameters.items()
        if name not in skip and p.kind not in variadic
    ]


def check_covered(slots: Iterable[Slot], ctx: Ctx) -> None:
    """Raise :class:`NoStrategy` if a slot has none."""
    for slot in slots:
        for_name(slot.name, slot.type, ctx)


@st.composite
def arguments(
    draw: st.DrawFn, slots: list[Slot], ctx: Ctx, *, typed_only: bool = False
) -> dict[str, Any]:
    """Keyword arguments for *slots*: all of the right type (but hostile), one of a
    wrong type, or every one a gamble; optional ones sometimes left out.
    *typed_only*: never a wrong type (for helpers whose types mypy checks)."""
    modes = ("typed",) if typed_only else ("typed", "typed", "one wrong", "chaos")
    mode = draw(st.sampled_from(modes))
    victim = draw(st.sampled_from(slots)).name if slots and mode == "one wrong" else None
    out: dict[str, Any] = {}
    for slot in slots:
        if slot.optional and slot.name != victim and draw(st.integers(0, 3)) == 0:
            continue
        strategy = wrong if slot.name == victim else for_name(slot.name, slot.type, ctx)
        if mode == "chaos":
            strategy = st.one_of(strategy, wrong)
        out[slot.name] = draw(strategy)
    return out


@st.composite
def instances(draw: st.DrawFn, cls: type, ctx: Ctx) -> Any:
    """An instance of the attrs class *cls* built from hostile arguments (a
    constructor's own refusal, a mentorcore error, just draws again)."""
    kwargs = draw(arguments(slots_of_class(cls), ctx))
    try:
        return cls(**kwargs)
    except MentorcoreError:
        assume(False)


def public_methods(cls: type) -> list[str]:
    """The public methods of *cls* (properties and dunders excluded)."""
    return sorted(
        n
        for n, v in inspect.getmembers(cls)
        if not n.startswith("_")
        and callable(v)
        and not isinstance(inspect.getattr_static(cls, n), property)
    )


def command_classes() -> list[type[Command]]:
    """Every concrete command the public modules export (those with a verb)."""
    from mentorcore import commands
    from mentorcore.commands import meeting

    found = {
        v
        for m in (commands, meeting, mentorcore)
        for n, v in vars(m).items()
        if not n.startswith("_")
    }
    return sorted(
        (c for c in found if inspect.isclass(c) and issubclass(c, Command) and c.verb),
        key=lambda c: c.__name__,
    )


def commands(ctx: Ctx) -> S[tuple[type[Command], dict[str, Any]]]:
    """A command class and hostile keyword arguments for it."""
    return st.sampled_from(command_classes()).flatmap(
        lambda cls: arguments(slots_of_class(cls), ctx).map(lambda kw: (cls, kw))
    )


def _build(cls: type, kwargs: dict[str, Any]) -> Any:
    try:
        return cls(**kwargs)
    except MentorcoreError:
        return None


@st.composite
def contexts(draw: st.DrawFn, world: World) -> Ctx:
    """A context about one of the world's tandems, or about none."""
    tandem = draw(st.one_of(st.none(), st.sampled_from(world.tandems)))
    return Ctx(world, tandem)
