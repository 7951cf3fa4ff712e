"""Shortcuts for the meeting, cadence, due-action and calendar tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mentorcore import (
    Actor,
    AgreementTerms,
    ConfirmAttendance,
    ConfirmMeeting,
    Engine,
    Meeting,
    MeetingFormat,
    MeetingKind,
    ProposeMeeting,
    Role,
    Tandem,
    TandemStatus,
)
from mentorcore.testing import enrol, person, walk_to

ANA = Actor.person("ana")  # mentee
BEN = Actor.person("ben")  # mentor
CARLA = Actor.person("carla")  # coordinator
EVE = Actor.person("eve")  # takes no part
SYSTEM = Actor.system()


def cast(engine: Engine, programme: str = "default") -> None:
    """Register and enrol ana (mentee), ben (mentor), carla (coordinator) and eve."""
    person(engine, "ana", "Ana Roth", email="ana@example.org")
    person(engine, "ben", "Dr. Ben Weber", email="ben@example.org")
    person(engine, "carla", "Carla Lange", email="carla@example.org")
    person(engine, "eve", "Eve Outsider")
    enrol(engine, "ana", programme, Role.MENTEE)
    enrol(engine, "ben", programme, Role.MENTOR)
    enrol(engine, "carla", programme, Role.COORDINATOR)


def active(engine: Engine, terms: AgreementTerms | None = None) -> Tandem:
    """ana and ben's tandem in the default programme, active under *terms*."""
    cast(engine)
    return walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=terms
    )


def propose(
    engine: Engine,
    tandem: Tandem,
    start: datetime,
    *,
    by: Actor = ANA,
    **fields: object,
) -> Meeting:
    """Propose a meeting and return it."""
    after = engine.execute(ProposeMeeting(tandem_id=tandem.id, start=start, **fields), actor=by)  # type: ignore[arg-type]
    return after.meetings[-1]


def meet(
    engine: Engine,
    tandem: Tandem,
    start: datetime,
    *,
    held: bool = True,
    fmt: MeetingFormat = MeetingFormat.IN_PERSON,
    kind: MeetingKind = MeetingKind.REGULAR,
    minutes: int = 60,
) -> Meeting:
    """A meeting proposed by ana, confirmed by ben and (if *held*, and begun) attended by ana."""
    m = propose(engine, tandem, start, format=fmt, kind=kind, duration_minutes=minutes)
    engine.execute(ConfirmMeeting(tandem_id=tandem.id, meeting_id=m.id), actor=BEN)
    if held:
        engine.execute(ConfirmAttendance(tandem_id=tandem.id, meeting_id=m.id), actor=ANA)
    found = engine.reader(SYSTEM).tandem(tandem.id).meeting(m.id)
    assert found is not None
    return found


def stored(engine: Engine) -> list[tuple[int, str, int, str, str]]:
    """Everything in the store, to compare before and after a refusal."""
    return [(r.position, r.stream_id, r.version, r.name, r.data) for r in engine.store.read_all()]


def terms(start: date, end: date | None = None, planned: int | None = None) -> AgreementTerms:
    """Agreement terms for a period and a number of meetings."""
    return AgreementTerms(period_start=start, period_end=end, meetings_planned=planned)


def days(n: float) -> timedelta:
    """*n* days."""
    return timedelta(days=n)
