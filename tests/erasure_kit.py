"""The erasure story (no tests here): the leak hunt's story of :mod:`leak_story`
in every programme, with one MEDiC mentee whose tandem has ended and whose
personal data is planted everywhere it can be: name, e-mail, organisation,
profiles in two programmes, goals, agreement texts, meeting places, agendas,
topics and records, reasons and comments.

Used by ``tests/test_erasure.py``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import leak_story as ls
from click.testing import CliRunner
from leak_kit import _CLI_ENV, Sink, Viewer, cli_viewers, read, read_everything, unfold
from mentorcore_kerpen import policy as kerpen_policy
from mentorcore_medic import policy as medic_policy
from mentorcore_ostalb import policy as ostalb_policy

from mentorcore import (
    Actor,
    CancelMeeting,
    Complete,
    ConfirmAttendance,
    ConfirmMeeting,
    DocumentMeeting,
    Engine,
    FixedClock,
    MeetingFormat,
    Person,
    ProposeMeeting,
    RejectAmendment,
    Role,
    StartClosing,
)

PROGRAMME = "medic"
#: The person erased: the mentee of MEDiC's T1 (the full story).
ERASED = "md-mentee1"
MENTOR = "md-mentor1"
COORDINATOR = "md-coord"
SYSTEM = Actor.system()
PLUGINS = [medic_policy, ostalb_policy, kerpen_policy]

#: The erased person's own data outside the tandem's texts (non-ASCII on purpose:
#: stored JSON may escape it).
NAME = "Zoë SECRET-ERASENAME-0001 Überall"
EMAIL = "secret-erasemail-0001@zoë-überall.example"
ORGANISATION = "Praxis SECRET-ERASEORG-0001 Grünwald"
WISHED_SPECIALTY = "Kinderchirurgie SECRET-ERASEPROF-0001"
OSTALB_INTERESTS = "Landarztpraxis übernehmen trotz Schulden SECRET-ERASEPROF-0002"
CANCEL_REASON = "Prüfungsstress SECRET-ERASEREASON-0001"
REJECT_COMMENTS = "Zu viele Treffen SECRET-ERASEREASON-0002"
PLACE = "Café SECRET-ERASEPLACE-0001 Müller"
AGENDA = "Berufswünsche SECRET-ERASEAGENDA-0001 besprechen"
#: The counterpart's own texts in the same tandem (kept).
MENTOR_NOTES = "Gespräch SECRET-KEEPNOTES-0001 geführt"
#: Where the mentor's story markers of T1 sit (leak_story): hers, kept.
_MENTORS = (".first_conversation.", ".meeting_notes.", "goal.reviewnote", "amendment.")


@dataclass
class Story:
    """The scenario, and which planted strings are whose."""

    s: ls.Scenario
    erased: list[str] = field(default_factory=list)  # the erased person's
    kept: list[str] = field(default_factory=list)  # the counterpart's, in the same tandem
    tandem: object = None  # MEDiC T1

    @property
    def engine(self) -> Engine:
        return self.s.engine


def build(db: Path) -> Story:
    """:func:`leak_story.build` with the erased person registered first, their
    profiles planted, and MEDiC's T1 carried on to completion."""
    clock = FixedClock(ls.START)
    engine = Engine(
        db,
        clock=clock,
        load_entrypoints=False,
        plugins=PLUGINS,
    )
    engine.register_person(
        Person(ERASED, NAME, email=EMAIL, organisation=ORGANISATION), actor=SYSTEM
    )
    plant = ls._Planter()
    casts = {spec.key: ls._enrol(engine, spec) for spec in ls.SPECS}
    profile = {**ls._MEDIC_MENTEE, "wished_specialty": WISHED_SPECIALTY}
    engine.update_profile(ERASED, PROGRAMME, Role.MENTEE, profile, actor=SYSTEM)
    profile = {**ls._OSTALB_MENTEE, "interests": OSTALB_INTERESTS}
    engine.enrol(ERASED, "ostalb", Role.MENTEE, profile, actor=SYSTEM)
    for cast in casts.values():
        ls._pair_and_plan(engine, cast, plant)
    clock.set(ls.START + timedelta(days=1, hours=3))
    for cast in casts.values():
        ls._agree(engine, cast, plant)
    clock.set(ls.START + timedelta(days=7, hours=3))
    for cast in casts.values():
        ls._continue(engine, cast, plant)
    s = ls.Scenario(engine, db, clock, casts, plant.markers)
    story = Story(s, tandem=casts[PROGRAMME].tandems["T1"])
    _to_the_end(story)
    clock.set(ls.FINAL)
    mine = [m for m in s.markers if m.programme == PROGRAMME and m.tandem == "T1"]
    story.kept = [m.text for m in mine if any(w in m.where for w in _MENTORS)]
    story.kept += [MENTOR_NOTES]
    story.erased = [m.text for m in mine if m.text not in story.kept]
    story.erased += [
        NAME,
        EMAIL,
        ORGANISATION,
        WISHED_SPECIALTY,
        OSTALB_INTERESTS,
        CANCEL_REASON,
        REJECT_COMMENTS,
        PLACE,
        AGENDA,
    ]
    return story


def _to_the_end(story: Story) -> None:
    """MEDiC's T1 goes on: two meetings more (the mentor documents one), one
    cancelled with a reason, the amendment rejected with comments, the end."""
    engine, clock, tid = story.engine, story.s.clock, story.tandem
    mentee, mentor = Actor.person(ERASED), Actor.person(MENTOR)
    day = ls.START.replace(hour=10)
    meetings = []
    for at, place, agenda in ((20, PLACE, AGENDA), (27, "Hörsaal 3", "")):
        after = engine.execute(
            ProposeMeeting(
                tandem_id=tid,
                start=day + timedelta(days=at),
                format=MeetingFormat.IN_PERSON,
                place=place,
                agenda=agenda,
            ),
            actor=mentee,
        )
        meetings.append(after.meetings[-1].id)
        engine.execute(ConfirmMeeting(tandem_id=tid, meeting_id=meetings[-1]), actor=mentor)
    planned = story.s.casts[PROGRAMME].meetings["T1"][2]  # m3, day 41
    engine.execute(
        CancelMeeting(tandem_id=tid, meeting_id=planned, reason=CANCEL_REASON), actor=mentee
    )
    clock.set(ls.START + timedelta(days=30))
    for mid in meetings:
        for who in (mentee, mentor):
            engine.execute(ConfirmAttendance(tandem_id=tid, meeting_id=mid), actor=who)
    values = {"date": "2026-11-01", "contents": MENTOR_NOTES}
    engine.execute(
        DocumentMeeting(tandem_id=tid, meeting_id=meetings[1], values=values), actor=mentor
    )
    pending = engine.reader(SYSTEM).tandem(tid).proposal
    assert pending is not None
    engine.execute(
        RejectAmendment(tandem_id=tid, version=pending.version, comments=REJECT_COMMENTS),
        actor=mentee,
    )
    engine.execute(StartClosing(tandem_id=tid), actor=mentor)
    engine.execute(Complete(tandem_id=tid, note="Abschlussgespräch geführt"), actor=mentor)


# ---------------------------------------------------------------- bytes on disk


def key_forms(key: bytes) -> list[bytes]:
    """A key as it could sit on disk: raw, base64 (both alphabets), hex."""
    return [
        key,
        base64.b64encode(key),
        base64.urlsafe_b64encode(key),
        key.hex().encode(),
        key.hex().upper().encode(),
    ]


def text_forms(text: str) -> list[bytes]:
    """A text as stored JSON may hold it: UTF-8, and JSON-escaped."""
    return list(
        dict.fromkeys([text.encode(), json.dumps(text)[1:-1].encode(), text.lower().encode()])
    )


def files_of(db: Path) -> list[Path]:
    """The database's files that exist: main, ``-wal``, ``-shm``."""
    found = [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]
    return [p for p in found if p.exists()]


def hits_on_disk(db: Path, needles: Iterable[tuple[str, bytes]]) -> list[str]:
    """``"file: label"`` for every needle found in a file of the database."""
    blobs = {p.name: p.read_bytes() for p in files_of(db)}
    return [
        f"{name}: {label}" for label, needle in needles for name, b in blobs.items() if needle in b
    ]


# ---------------------------------------------------------------- read surfaces


class ErasureSink(Sink):
    """A :class:`~leak_kit.Sink` that also notes every planted string of the
    erased person any surface shows, in whatever form."""

    def __init__(self, story: Story) -> None:
        super().__init__(story.s)
        self.forms = [(t, f.decode()) for t in story.erased for f in text_forms(t)]
        self.hits: list[str] = []
        self.texts: dict[tuple[str, str], str] = {}

    def show(
        self, viewer: Viewer, surface: str, text: str, *, recipient: str | None = None
    ) -> None:
        super().show(viewer, surface, text, recipient=recipient)
        self.texts[(viewer.label, surface)] = text
        lowered = text.lower()
        for planted, form in self.forms:
            if form.lower() in lowered:
                self.hits.append(f"{viewer.label} via {surface}: {planted!r}")


def erasure_viewers(story: Story) -> list[Viewer]:
    """The viewers of MEDiC's T1: the erased mentee's id, the counterpart, T2's
    pair (strangers), the coordinator, another programme's coordinator, the
    system, an unknown id."""
    return cli_viewers(story.s, PROGRAMME)


def read_exports(story: Story, sink: Sink, viewer: Viewer) -> None:
    """The export of the erased person and of the counterpart, as *viewer*."""
    reader = story.engine.reader(viewer.actor)
    for pid in (ERASED, MENTOR):
        export = read(sink, viewer, f"export_person[{pid}]", lambda p=pid: reader.export_person(p))
        if export is not None:
            data = json.dumps(export.data(), ensure_ascii=False)  # type: ignore[attr-defined]
            sink.show(viewer, f"export_person[{pid}].data", data)
            sink.show(viewer, f"export_person[{pid}].summary", export.summary())  # type: ignore[attr-defined]
            sink.show(viewer, f"export_person[{pid}].calendar", unfold(export.calendar.decode()))  # type: ignore[attr-defined]


def sweep_library(story: Story) -> ErasureSink:
    """Every read surface of the library (the leak kit's, and the exports), as
    every viewer of :func:`erasure_viewers`."""
    sink = ErasureSink(story)
    for viewer in erasure_viewers(story):
        read_everything(story.s, sink, viewer)
        read_exports(story, sink, viewer)
    return sink


def run_more_cli(story: Story, sink: Sink, out: Path) -> dict[str, tuple[int, str]]:
    """What :func:`leak_kit.run_cli` leaves out, as every viewer: T1's
    certificate and both exports. Returns ``{viewer: (exit code, output)}`` of
    the certificate."""
    from mentorcore.cli import cli

    runner = CliRunner()
    base = ["--db", str(story.s.db), "--today", story.s.clock.now().isoformat()]
    certificates = {}
    for viewer in erasure_viewers(story):
        who = "system" if viewer.pid is None else viewer.pid
        folder = out / f"export-{who}"
        commands = [
            ("certificate", str(story.tandem), "-o", str(out / "t1.pdf")),
            *(("person", "export", p, "--out", str(folder), "--force") for p in (ERASED, MENTOR)),
        ]
        for args in commands:
            for json_flag in ((), ("--json",)):
                result = runner.invoke(cli, [*base, "--as", who, *args, *json_flag], env=_CLI_ENV)
                surface = "cli: mentorcore " + " ".join([*args[:3], *json_flag])
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    sink.errors.append(f"{viewer.label} {surface}: {result.exception!r}")
                sink.show(viewer, surface, result.output)
                if args[0] == "certificate" and not json_flag:
                    certificates[viewer.label] = (result.exit_code, result.output)
        for written in sorted(folder.glob("*")) if folder.exists() else ():
            sink.show(
                viewer, f"cli: person export file {written.name}", unfold(written.read_text())
            )
    return certificates


def statistics(engine: Engine) -> dict[str, object]:
    """What must outlive an erasure: per tandem its status, dates and meetings
    (status, start, held), and its cadence counts; per programme the active
    tandems' cadence rows."""
    reader, now = engine.reader(SYSTEM), engine.state.clock.now()
    found: dict[str, object] = {}
    for prog in ls.PROGRAMMES:
        for summary in reader.tandems(programme=prog):
            t = reader.tandem(summary.id)
            meetings = [(str(m.id), m.status.value, m.start, m.is_held) for m in t.meetings]
            periods = [_counts(p) for p in reader.cadence(t.id, now).periods]
            found[str(t.id)] = (prog, t.status.value, t.created_at, t.ended_at, meetings, periods)
        found[prog] = [[_counts(p) for p in c.periods] for c in reader.programme_cadence(prog, now)]
    return found


def _counts(p: object) -> tuple[object, ...]:
    names = ("rule_id", "period", "required", "held", "held_total", "in_person", "planned")
    return tuple(getattr(p, n) for n in (*names, "closed", "status"))
