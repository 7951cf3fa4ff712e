"""People and shortcuts shared by the core tests (the default programme)."""

from __future__ import annotations

from datetime import date

from mentorcore import Actor, AgreementTerms, Engine, Role
from mentorcore.testing import enrol

ANA = Actor.person("ana")  # mentee
BEN = Actor.person("ben")  # mentor
CARLA = Actor.person("carla")  # coordinator
DAVE = Actor.person("dave")  # enrolled mentor, not in the tandem
EVE = Actor.person("eve")  # registered, takes no part
SYSTEM = Actor.system()

TERMS = AgreementTerms(
    period_start=date(2026, 10, 5), period_end=date(2027, 9, 30), meetings_planned=6
)


def cast(engine: Engine, programme: str = "default") -> None:
    """Enrol ana (mentee), ben and dave (mentors) and carla (coordinator)."""
    enrol(engine, "ana", programme, Role.MENTEE)
    enrol(engine, "ben", programme, Role.MENTOR, capacity=2)
    enrol(engine, "dave", programme, Role.MENTOR)
    enrol(engine, "carla", programme, Role.COORDINATOR)
    if "eve" not in engine.state.index.persons:
        from mentorcore.testing import person

        person(engine, "eve")


def stored(engine: Engine) -> list[tuple[int, str, int, str, str]]:
    """Everything in the store, to compare before and after a refusal."""
    return [(r.position, r.stream_id, r.version, r.name, r.data) for r in engine.store.read_all()]
