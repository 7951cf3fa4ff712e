"""MEDiC test fixtures: an engine with only the MEDiC plugin, and eligible people.

Tests read texts in English (the message ids) unless they choose German:
MEDiC's own language is German, so the language is set for every test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mentorcore_medic import policy

from mentorcore import Actor, Engine, Role
from mentorcore.i18n import using_language
from mentorcore.testing import enrol, person

#: A 5th-semester MEDiC student who did everything the guide asks.
MENTEE = {
    "study_programme": "medic",
    "semester": 5,
    "application_form": True,
    "workshop_attended": True,
}
#: A clinician of the faculty with licence, 8 years' experience, forms and qualification.
CLINICIAN = {
    "licensed": True,
    "years_experience": 8,
    "faculty_member": True,
    "profile_form": True,
    "basic_qualification": True,
}
#: A researcher on the staff of Klinikum Chemnitz, without a licence.
SCIENTIST = {
    "years_experience": 10,
    "research_years": 6,
    "supervision_years": 4,
    "klinikum_staff": True,
    "profile_form": True,
    "basic_qualification": True,
}
COORDINATOR = Actor.person("lange")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Texts in English, whatever the programme's language (a test may nest German)."""
    with using_language("en"):
        yield


@pytest.fixture
def engine(make_engine: Callable[..., Engine]) -> Engine:
    """An engine with the MEDiC plugin and its coordinator Rosi Lange."""
    e = make_engine(plugins=[policy])
    person(e, "lange", "Rosi Lange")
    enrol(e, "lange", "medic", Role.COORDINATOR)
    return e


@pytest.fixture
def mentee(engine: Engine) -> Callable[..., str]:
    """Enrol a MEDiC mentee: ``mentee(pid, name, drop=(...), **profile changes)``."""

    def add(
        pid: str = "ana", name: str = "Ana Roth", drop: tuple[str, ...] = (), **changes: Any
    ) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name)
        profile = {k: v for k, v in {**MENTEE, **changes}.items() if k not in drop}
        enrol(engine, pid, "medic", Role.MENTEE, profile)
        return pid

    return add


@pytest.fixture
def mentor(engine: Engine) -> Callable[..., str]:
    """Enrol a MEDiC mentor: ``mentor(pid, name, base="clinician" or "scientist",
    track=..., external=..., drop=(...), **profile changes)``."""

    def add(
        pid: str = "weber",
        name: str = "Dr. Eva Weber",
        base: str = "clinician",
        track: str | None = "clinical",
        external: bool = False,
        drop: tuple[str, ...] = (),
        **changes: Any,
    ) -> str:
        if pid not in engine.state.index.persons:
            person(engine, pid, name)
        merged = {**{"clinician": CLINICIAN, "scientist": SCIENTIST}[base], **changes}
        profile = {k: v for k, v in merged.items() if k not in drop}
        enrol(engine, pid, "medic", Role.MENTOR, profile, track=track, external=external)
        return pid

    return add
