"""Ostalb test fixtures: an engine with only the Ostalb plugin, and eligible people.

Tests read texts in English (the message ids) unless they choose German:
Ostalb's own language is German, so the language is set for every test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mentorcore_ostalb import policy

from mentorcore import Engine, Role
from mentorcore.i18n import using_language
from mentorcore.testing import enrol, person

#: A medical student holding the Landratsamt's general practice scholarship.
SCHOLAR = {"scholarship": "general_practice", "stage": "studies", "semester": 4}
#: A physician in specialist training in general medicine.
PHYSICIAN = {"physician_status": "in_specialist_training", "specialty": "general medicine"}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Texts in English, whatever the programme's language (a test may nest German)."""
    with using_language("en"):
        yield


@pytest.fixture
def engine(make_engine: Callable[..., Engine]) -> Engine:
    """An engine with the Ostalb plugin and its coordinator at the Landratsamt."""
    e = make_engine(plugins=[policy])
    person(e, "amt", "Landratsamt coordination")
    enrol(e, "amt", "ostalb", Role.COORDINATOR)
    return e


@pytest.fixture
def mentee(engine: Engine) -> Callable[..., str]:
    """Enrol an Ostalb mentee: ``mentee(pid, name, **profile changes)``."""

    def add(pid: str = "lena", name: str = "Lena Maier", **changes: Any) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name, email=f"{pid}@example.org")
        enrol(engine, pid, "ostalb", Role.MENTEE, {**SCHOLAR, **changes})
        return pid

    return add


@pytest.fixture
def mentor(engine: Engine) -> Callable[..., str]:
    """Enrol an Ostalb mentor: ``mentor(pid, name, **profile changes)``."""

    def add(pid: str = "haas", name: str = "Dr. Jonas Haas", **changes: Any) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name, email=f"{pid}@praxis-aalen.example")
        enrol(engine, pid, "ostalb", Role.MENTOR, {**PHYSICIAN, **changes})
        return pid

    return add
