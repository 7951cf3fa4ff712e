"""Kerpen test fixtures: an engine with only the Kerpen plugin, and eligible people.

Tests read texts in English (the message ids) unless they choose German:
Kerpen's own language is German, so the language is set for every test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from mentorcore_kerpen import policy

from mentorcore import Engine, FixedClock, Role
from mentorcore.i18n import using_language
from mentorcore.testing import enrol, person

#: A team lead at the school office; her line manager is Klein, above him Bauer.
JUNIOR = {
    "gender": "female",
    "leadership": "junior_leader",
    "hierarchy_level": 1,
    "organisation_unit": "Amt für Schulen",
    "line_of_management": "klein;bauer",
}
#: A head of department with twelve years of leadership, from the building office.
LEADER = {
    "hierarchy_level": 3,
    "leadership_years": 12,
    "organisation_unit": "Bauamt",
    "recruited_via": "equality_office",
}
#: Mid-January 2027: the mentoring year 2027 (January to December) has just begun.
JANUARY = datetime(2027, 1, 15, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Texts in English, whatever the programme's language (a test may nest German)."""
    with using_language("en"):
        yield


@pytest.fixture
def engine(make_engine: Callable[..., Engine], clock: FixedClock) -> Engine:
    """An engine with the Kerpen plugin, its project team as coordinator, in January 2027."""
    clock.set(JANUARY)
    e = make_engine(plugins=[policy])
    person(e, "vafai", "Sahra Vafai")
    enrol(e, "vafai", "kerpen", Role.COORDINATOR)
    return e


@pytest.fixture
def mentee(engine: Engine) -> Callable[..., str]:
    """Enrol a Kerpen mentee: ``mentee(pid, name, external=..., **profile changes)``."""

    def add(
        pid: str = "sara", name: str = "Sara Yilmaz", external: bool = False, **changes: Any
    ) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name)
        enrol(engine, pid, "kerpen", Role.MENTEE, {**JUNIOR, **changes}, external=external)
        return pid

    return add


@pytest.fixture
def mentor(engine: Engine) -> Callable[..., str]:
    """Enrol a Kerpen mentor: ``mentor(pid, name, external=..., **profile changes)``."""

    def add(
        pid: str = "vogel", name: str = "Petra Vogel", external: bool = False, **changes: Any
    ) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name)
        enrol(engine, pid, "kerpen", Role.MENTOR, {**LEADER, **changes}, external=external)
        return pid

    return add
