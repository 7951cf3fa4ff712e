"""The leak hunt's story: one database with a tandem story in every programme,
unique marker strings planted in every piece of confidential content, and the
expected visibility written by hand from the programmes' rules.

Used by ``tests/leak_kit.py``. The expected tables (:data:`EXPECTED`) are read
off the plugin code and ``docs/rules.md``, never asked of the engine's hooks, so
a wrong hook answer shows as a leak.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mentorcore_kerpen import policy as kerpen_policy
from mentorcore_medic import policy as medic_policy
from mentorcore_ostalb import policy as ostalb_policy

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    AssignMentor,
    CancelMeeting,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    Content,
    DocumentMeeting,
    DraftAgreement,
    Engine,
    FieldKind,
    FixedClock,
    GoalStatus,
    MeetingFormat,
    MeetingKind,
    OptIn,
    Person,
    PrepareMeeting,
    ProposeAmendment,
    ProposeMeeting,
    ReviewGoal,
    Role,
    SetGoal,
    StartClosing,
    SubmitAgreement,
    Tandem,
)
from mentorcore.domain import TandemId

# ---------------------------------------------------------------- expected visibility

M, E, C = "mentee", "mentor", "coordinator"
_ALL_CONTENT = (
    Content.AGREEMENT,
    Content.AGREEMENT_PROPOSAL,
    Content.AGREEMENT_DRAFT,
    Content.GOALS,
    Content.MEETING_NOTES,
    Content.MEETING_PREPARATION,
    Content.FIRST_CONVERSATION,
)
#: The defaults (src/mentorcore/plugins/defaults.py, docs/rules.md): CORE-3 a draft
#: is the mentee's alone; CORE-PRIVACY everything else stays between mentee and mentor.
_DEFAULTS: dict[Content, frozenset[str]] = {
    **{c: frozenset({M, E}) for c in _ALL_CONTENT},
    Content.AGREEMENT_DRAFT: frozenset({M}),
}

#: Who (besides the system, who sees everything) may read each kind of content,
#: per programme. Written by hand from the programmes' rules.
EXPECTED: dict[str, dict[Content, frozenset[str]]] = {
    # the generic programme: the defaults
    "default": dict(_DEFAULTS),
    # Kerpen declares no mentorcore_can_view: the defaults
    "kerpen": dict(_DEFAULTS),
    # OSTALB-CONF-1: the coordination sees no content at all (the defaults already
    # keep everything from it; CONF-1 says so explicitly)
    "ostalb": dict(_DEFAULTS),
    # MEDIC-AGR-1: the coordination gets a copy of the agreement in force; a draft, a
    # submitted first version or a proposed amendment stays with the defaults
    "medic": {**_DEFAULTS, Content.AGREEMENT: frozenset({M, E, C})},
}

# ---------------------------------------------------------------- the cast and the story

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday in a winter semester
#: When the surfaces are read: two and a half years on, so that every goal review
#: (MEDiC: 730 days), closing, CORE-8 deviation, evaluation and inactivity reminder is
#: due, and less than three weeks before a quarter and a semester end (cadence warnings).
FINAL = datetime(2029, 3, 20, 9, 0, tzinfo=UTC)

_MEDIC_MENTEE = {
    "study_programme": "medic",
    "semester": 5,
    "application_form": True,
    "workshop_attended": True,
}
_MEDIC_MENTOR = {
    "licensed": True,
    "years_experience": 8,
    "faculty_member": True,
    "profile_form": True,
    "basic_qualification": True,
}
_OSTALB_MENTEE = {"scholarship": "general_practice", "stage": "studies", "semester": 4}
_OSTALB_MENTOR = {"physician_status": "in_specialist_training", "specialty": "general medicine"}
_KERPEN_MENTEE = {
    "gender": "female",
    "leadership": "junior_leader",
    "hierarchy_level": 1,
    "organisation_unit": "Amt für Schulen",
    "line_of_management": "klein;bauer",
}
_KERPEN_MENTOR = {
    "hierarchy_level": 3,
    "leadership_years": 12,
    "organisation_unit": "Bauamt",
    "recruited_via": "equality_office",
}


@dataclass(frozen=True)
class Spec:
    """How to build valid people and agreements in one programme."""

    key: str
    prefix: str
    mentee_profile: Mapping[str, object]
    mentor_profile: Mapping[str, object]
    period_end: date | None
    meetings_planned: int
    track: str | None = None


SPECS = (
    Spec("medic", "md", _MEDIC_MENTEE, _MEDIC_MENTOR, date(2028, 10, 4), 12, track="clinical"),
    # an end sooner than 24 months: OSTALB-DUR-1 advises (quoting the agreement)
    Spec("ostalb", "oa", _OSTALB_MENTEE, _OSTALB_MENTOR, date(2027, 6, 30), 4),
    # KERPEN-YEAR-1: within the mentoring year 2026
    Spec("kerpen", "kp", _KERPEN_MENTEE, _KERPEN_MENTOR, date(2026, 12, 31), 4),
    Spec("default", "df", {}, {}, date(2027, 9, 30), 6),
)
PROGRAMMES = tuple(s.key for s in SPECS)
#: The tandems of each programme: T1 the full story (agreement in force, pending
#: amendment, goals, meetings, records), T2 a draft not submitted, T3 active with
#: no amendment pending (CORE-8 deviations), T4 completed (certificate).
TANDEMS = ("T1", "T2", "T3", "T4")


@dataclass(frozen=True)
class Marker:
    """A planted string and what it is."""

    text: str
    programme: str
    tandem: str  # T1..T4
    content: Content
    where: str  # e.g. "agreement.goals"


@dataclass
class Cast:
    """The people and tandems of one programme."""

    spec: Spec
    coordinator: str
    mentees: dict[str, str] = field(default_factory=dict)  # T1 -> person id
    mentors: dict[str, str] = field(default_factory=dict)
    tandems: dict[str, TandemId] = field(default_factory=dict)
    meetings: dict[str, list[Any]] = field(default_factory=dict)  # T -> meeting ids


@dataclass
class Scenario:
    """The database, its story and the markers planted in it."""

    engine: Engine
    db: Path
    clock: FixedClock
    casts: dict[str, Cast]
    markers: list[Marker]

    def marker_set(self, **where: object) -> set[str]:
        """The marker texts matching every attribute given."""
        return {
            m.text
            for m in self.markers
            if all(getattr(m, name) == value for name, value in where.items())
        }

    def tandem_key(self, tandem_id: object) -> tuple[str, str] | None:
        """``(programme, T?)`` of a tandem id."""
        for prog, cast in self.casts.items():
            for key, tid in cast.tandems.items():
                if str(tid) == str(tandem_id):
                    return prog, key
        return None


class _Planter:
    """Hands out unique markers and remembers what each one is."""

    def __init__(self) -> None:
        self.markers: list[Marker] = []
        self._n = 0

    def __call__(self, programme: str, tandem: str, content: Content, where: str) -> str:
        self._n += 1
        digest = hashlib.sha1(f"{programme}{tandem}{where}{self._n}".encode()).hexdigest()[:4]
        label = re.sub(r"[^A-Z0-9]", "", where.upper())[:10]
        text = f"SECRET-{programme[:2].upper()}{tandem}-{label}-{self._n:04d}{digest}"
        self.markers.append(Marker(text, programme, tandem, content, where))
        return text


SYSTEM = Actor.system()


def build(db: Path) -> Scenario:
    """Build the whole story in a SQLite file at *db* and leave the clock at :data:`FINAL`."""
    clock = FixedClock(START)
    engine = Engine(
        db,
        clock=clock,
        load_entrypoints=False,
        plugins=[medic_policy, ostalb_policy, kerpen_policy],
    )
    plant = _Planter()
    casts = {spec.key: _enrol(engine, spec) for spec in SPECS}

    # Day 0: pairings, both sides opt in, the first conversation is planned and prepared.
    for cast in casts.values():
        _pair_and_plan(engine, cast, plant)
    # Day 1, after the first conversation: it is documented; agreements; goals; meetings.
    clock.set(START + timedelta(days=1, hours=3))
    for cast in casts.values():
        _agree(engine, cast, plant)
    # Day 7, after the second meeting: notes, a goal review, the amendment, a completion.
    clock.set(START + timedelta(days=7, hours=3))
    for cast in casts.values():
        _continue(engine, cast, plant)
    clock.set(FINAL)
    return Scenario(engine, db, clock, casts, plant.markers)


def _enrol(engine: Engine, spec: Spec) -> Cast:
    p = spec.prefix
    cast = Cast(spec, coordinator=f"{p}-coord")
    people = [(cast.coordinator, Role.COORDINATOR, {})]
    for t in TANDEMS:
        n = t[1]
        cast.mentees[t] = f"{p}-mentee{n}"
        cast.mentors[t] = f"{p}-mentor{n}"
        people += [
            (cast.mentees[t], Role.MENTEE, spec.mentee_profile),
            (cast.mentors[t], Role.MENTOR, spec.mentor_profile),
        ]
    for pid, role, profile in people:
        if pid not in engine.state.index.persons:
            engine.register_person(
                Person(pid, pid.replace("-", " ").title(), email=f"{pid}@example.org"),
                actor=SYSTEM,
            )
        track = spec.track if role is Role.MENTOR else None
        engine.enrol(pid, spec.key, role, dict(profile), track=track, actor=SYSTEM)
    return cast


def _record(
    engine: Engine, programme: str, purpose: str, plant: Callable[[str, str], str]
) -> dict[str, object]:
    """Values for the programme's form of *purpose*: a marker in every text field."""
    values: dict[str, object] = {}
    for f in engine.record_template(programme, purpose).fields:
        if f.kind is FieldKind.TEXT:
            values[f.name] = plant(purpose, f.name)
        elif f.kind is FieldKind.CHOICE and f.choices:
            values[f.name] = f.choices[0]
        elif f.kind is FieldKind.CHOICES and f.choices:
            values[f.name] = (f.choices[0],)
        elif f.kind is FieldKind.BOOLEAN:
            values[f.name] = True
        elif f.kind in (FieldKind.INTEGER, FieldKind.NUMBER):
            values[f.name] = int(f.minimum or 1)
    return values


_CONTENT_OF_PURPOSE = {
    "preparation": Content.MEETING_PREPARATION,
    "meeting_notes": Content.MEETING_NOTES,
    "first_conversation": Content.FIRST_CONVERSATION,
}


def _planter_for(
    plant: _Planter, programme: str, tandem: str, meeting: str
) -> Callable[[str, str], str]:
    def p(purpose: str, name: str) -> str:
        return plant(programme, tandem, _CONTENT_OF_PURPOSE[purpose], f"{meeting}.{purpose}.{name}")

    return p


def _terms(cast: Cast, tandem: str, kind: str, content: Content, plant: _Planter) -> AgreementTerms:
    spec = cast.spec
    prog = spec.key

    def mk(what: str) -> str:
        return plant(prog, tandem, content, f"{kind}.{what}")

    return AgreementTerms(
        period_start=START.date(),
        period_end=spec.period_end,
        meetings_planned=spec.meetings_planned,
        contact_formats=frozenset({MeetingFormat.IN_PERSON, MeetingFormat.VIDEO}),
        contact_frequency=mk("frequency"),
        topics=tuple(mk(f"topic{i}") for i in range(1, 5)),  # KERPEN-TOPICS-2: four at least
        goals=mk("goals"),
        notes=mk("notes"),
    )


def _propose(
    engine: Engine,
    cast: Cast,
    t: str,
    start: datetime,
    plant: _Planter,
    *,
    label: str,
    kind: MeetingKind = MeetingKind.REGULAR,
    confirm: bool = True,
) -> Any:
    prog = cast.spec.key
    tid = cast.tandems[t]

    def mk(what: str) -> str:
        return plant(prog, t, Content.MEETING_PREPARATION, f"{label}.{what}")

    after = engine.execute(
        ProposeMeeting(
            tandem_id=tid,
            start=start,
            kind=kind,
            format=MeetingFormat.IN_PERSON,
            place=f"Room {label}",
            agenda=mk("agenda"),
            topics=(mk("mtopic1"), mk("mtopic2")),
        ),
        actor=Actor.person(cast.mentees[t]),
    )
    meeting = after.meetings[-1]
    if confirm:
        engine.execute(
            ConfirmMeeting(tandem_id=tid, meeting_id=meeting.id),
            actor=Actor.person(cast.mentors[t]),
        )
    cast.meetings.setdefault(t, []).append(meeting.id)
    return meeting.id


def _prepare(engine: Engine, cast: Cast, t: str, mid: Any, label: str, plant: _Planter) -> None:
    prog = cast.spec.key
    values = _record(engine, prog, "preparation", _planter_for(plant, prog, t, label))
    engine.execute(
        PrepareMeeting(tandem_id=cast.tandems[t], meeting_id=mid, values=values),
        actor=Actor.person(cast.mentees[t]),
    )


def _attend_and_document(
    engine: Engine, cast: Cast, t: str, mid: Any, label: str, purpose: str, plant: _Planter
) -> None:
    prog = cast.spec.key
    tid = cast.tandems[t]
    for who in (cast.mentees[t], cast.mentors[t]):
        engine.execute(ConfirmAttendance(tandem_id=tid, meeting_id=mid), actor=Actor.person(who))
    values = _record(engine, prog, purpose, _planter_for(plant, prog, t, label))
    engine.execute(
        DocumentMeeting(tandem_id=tid, meeting_id=mid, values=values),
        actor=Actor.person(cast.mentors[t]),
    )


def _pair_and_plan(engine: Engine, cast: Cast, plant: _Planter) -> None:
    coordinator = Actor.person(cast.coordinator)
    for t in TANDEMS:
        tandem = engine.execute(
            AssignMentor(
                programme_key=cast.spec.key,
                mentee=cast.mentees[t],
                mentor=cast.mentors[t],
                track=cast.spec.track,
            ),
            actor=coordinator,
        )
        cast.tandems[t] = tandem.id
        engine.execute(OptIn(tandem_id=tandem.id), actor=Actor.person(cast.mentees[t]))
        engine.execute(OptIn(tandem_id=tandem.id), actor=Actor.person(cast.mentors[t]))
    # T1's first conversation (MEDIC-DOC-1 forms where the programme has them)
    first = START + timedelta(days=1)
    mid = _propose(
        engine, cast, "T1", first, plant, label="fc", kind=MeetingKind.FIRST_CONVERSATION
    )
    _prepare(engine, cast, "T1", mid, "fc", plant)


def _agree(engine: Engine, cast: Cast, plant: _Planter) -> None:
    prog = cast.spec.key
    fc = cast.meetings["T1"][0]
    _attend_and_document(engine, cast, "T1", fc, "fc", "first_conversation", plant)
    for t in ("T1", "T3", "T4"):
        tid = cast.tandems[t]
        mentee, mentor = Actor.person(cast.mentees[t]), Actor.person(cast.mentors[t])
        terms = _terms(cast, t, "agreement", Content.AGREEMENT, plant)
        engine.execute(DraftAgreement(tandem_id=tid, terms=terms), actor=mentee)
        submitted = engine.execute(SubmitAgreement(tandem_id=tid), actor=mentee)
        assert submitted.proposal is not None
        engine.execute(
            ApproveAgreement(tandem_id=tid, version=submitted.proposal.version), actor=mentor
        )
    # T2: a draft the mentee has not submitted (CORE-3: hers alone)
    t2 = cast.tandems["T2"]
    engine.execute(
        DraftAgreement(
            tandem_id=t2, terms=_terms(cast, "T2", "draft", Content.AGREEMENT_DRAFT, plant)
        ),
        actor=Actor.person(cast.mentees["T2"]),
    )
    # goals: a plain one and one with both kinds of quotes (a repr() escapes them)
    for t in TANDEMS:
        mentee = Actor.person(cast.mentees[t])
        engine.execute(
            SetGoal(tandem_id=cast.tandems[t], text=plant(prog, t, Content.GOALS, "goal.plain")),
            actor=mentee,
        )
    quoted = plant(prog, "T1", Content.GOALS, "goal.quoted")
    engine.execute(
        SetGoal(
            tandem_id=cast.tandems["T1"], text=f'Say "no" more often, don\'t apologise: {quoted}'
        ),
        actor=Actor.person(cast.mentees["T1"]),
    )
    # T1: a meeting held tomorrow-ish, one planned far ahead, one cancelled
    day = START.replace(hour=10)
    m2 = _propose(engine, cast, "T1", day + timedelta(days=6), plant, label="m2")
    _prepare(engine, cast, "T1", m2, "m2", plant)
    m3 = _propose(engine, cast, "T1", day + timedelta(days=41), plant, label="m3")
    _prepare(engine, cast, "T1", m3, "m3", plant)
    m4 = _propose(engine, cast, "T1", day + timedelta(days=45), plant, label="m4")
    engine.execute(
        CancelMeeting(tandem_id=cast.tandems["T1"], meeting_id=m4, reason="ill"),
        actor=Actor.person(cast.mentors["T1"]),
    )
    # T3: one meeting held and documented (day 6)
    _propose(engine, cast, "T3", day + timedelta(days=6), plant, label="t3m1")


def _continue(engine: Engine, cast: Cast, plant: _Planter) -> None:
    prog = cast.spec.key
    t1 = cast.tandems["T1"]
    mentor = Actor.person(cast.mentors["T1"])
    m2 = cast.meetings["T1"][1]
    _attend_and_document(engine, cast, "T1", m2, "m2", "meeting_notes", plant)
    t3m1 = cast.meetings["T3"][0]
    _attend_and_document(engine, cast, "T3", t3m1, "t3m1", "meeting_notes", plant)
    # a goal review with a note (GOALS)
    tandem: Tandem = engine.reader(SYSTEM).tandem(t1)
    engine.execute(
        ReviewGoal(
            tandem_id=t1,
            goal_id=tandem.goals[0].id,
            status=GoalStatus.ON_TRACK,
            note=plant(prog, "T1", Content.GOALS, "goal.reviewnote"),
        ),
        actor=mentor,
    )
    # the amendment the mentee has yet to approve (AGREEMENT_PROPOSAL)
    engine.execute(
        ProposeAmendment(
            tandem_id=t1, terms=_terms(cast, "T1", "amendment", Content.AGREEMENT_PROPOSAL, plant)
        ),
        actor=mentor,
    )
    # T4 ends officially (MEDIC-END-1: the closing conversation in the note)
    t4 = cast.tandems["T4"]
    engine.execute(StartClosing(tandem_id=t4), actor=Actor.person(cast.mentors["T4"]))
    engine.execute(
        Complete(tandem_id=t4, note="closing conversation held on 12 October"),
        actor=Actor.person(cast.mentors["T4"]),
    )
