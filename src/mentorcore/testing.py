"""Test helpers for programme plugin authors (a pytest plugin, loaded automatically).

Fixtures: ``clock`` (a :class:`~mentorcore.clock.FixedClock`), ``make_engine``
(an engine on an in-memory SQLite store with only the plugins you name) and
helpers to enrol people and walk a tandem to a status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from mentorcore.clock import FixedClock
from mentorcore.commands import (
    ApproveAgreement,
    AssignMentor,
    DraftAgreement,
    OptIn,
    SubmitAgreement,
)
from mentorcore.domain import Actor, AgreementTerms, Person, Role, Tandem, TandemStatus
from mentorcore.engine import Engine

#: The default start time of the ``clock`` fixture: a Monday in a winter semester.
START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system()


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at :data:`START`; move it with ``clock.advance(...)``."""
    return FixedClock(START)


@pytest.fixture
def make_engine(clock: FixedClock) -> Iterator[Callable[..., Engine]]:
    """Build engines with only the plugins named (no installed entry points).

    ``make_engine(plugins=[policy], settings={...}, store=...)``.
    """
    made: list[Engine] = []

    def make(plugins: Iterable[object] = (), **kwargs: Any) -> Engine:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("load_entrypoints", False)
        engine = Engine(kwargs.pop("store", ":memory:"), plugins=plugins, **kwargs)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


def person(engine: Engine, person_id: str, name: str | None = None, **details: Any) -> Person:
    """Register a person (as the system) and return them."""
    return engine.register_person(
        Person(person_id, name or person_id.title(), **details), actor=SYSTEM
    )


def enrol(
    engine: Engine,
    person_id: str,
    programme: str,
    role: Role,
    profile: Mapping[str, object] | None = None,
    **kwargs: Any,
) -> None:
    """Register *person_id* if needed and enrol them (as the system)."""
    if person_id not in engine.state.index.persons:
        person(engine, person_id)
    engine.enrol(person_id, programme, role, profile or {}, actor=SYSTEM, **kwargs)


def walk_to(
    engine: Engine,
    status: TandemStatus,
    *,
    programme: str,
    mentee: str,
    mentor: str,
    coordinator: Actor = SYSTEM,
    track: str | None = None,
    terms: AgreementTerms | None = None,
) -> Tandem:
    """Assign *mentee* to *mentor* and take the tandem through the generic flow to *status*.

    Supports getting_to_know, agreement_drafting, awaiting_approval and active.
    """
    order = [
        TandemStatus.GETTING_TO_KNOW,
        TandemStatus.AGREEMENT_DRAFTING,
        TandemStatus.AWAITING_APPROVAL,
        TandemStatus.ACTIVE,
    ]
    if status not in order:
        raise ValueError(f"walk_to supports {[s.value for s in order]}, not {status.value}")
    me, mo = Actor.person(mentee), Actor.person(mentor)
    t = engine.execute(
        AssignMentor(programme_key=programme, mentee=mentee, mentor=mentor, track=track),
        actor=coordinator,
    )
    if status is TandemStatus.GETTING_TO_KNOW:
        return t
    engine.execute(OptIn(tandem_id=t.id), actor=me)
    t = engine.execute(OptIn(tandem_id=t.id), actor=mo)
    if status is TandemStatus.AGREEMENT_DRAFTING:
        return t
    today = engine.clock.now().date()
    engine.execute(
        DraftAgreement(tandem_id=t.id, terms=terms or AgreementTerms(period_start=today)), actor=me
    )
    t = engine.execute(SubmitAgreement(tandem_id=t.id), actor=me)
    if status is TandemStatus.AWAITING_APPROVAL:
        return t
    assert t.proposal is not None
    return engine.execute(ApproveAgreement(tandem_id=t.id, version=t.proposal.version), actor=mo)


__all__ = ["START", "SYSTEM", "clock", "enrol", "make_engine", "person", "walk_to"]
