"""Leak hunting (no tests here): every read surface run as every viewer over the
story of :mod:`leak_story`, and every marker found where it should not be.

Used by ``tests/test_confidentiality.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from leak_story import (
    EXPECTED,
    SYSTEM,
    C,
    E,
    M,
    Marker,
    Scenario,
)

from mentorcore import (
    Actor,
    ContentWithheld,
    InvalidInput,
    NotFound,
    NotVisible,
    Reader,
    Role,
)

# ---------------------------------------------------------------- viewers


@dataclass(frozen=True)
class Viewer:
    """Someone who reads: a label for reports and the actor."""

    label: str
    actor: Actor

    @property
    def pid(self) -> str | None:
        return self.actor.person_id


def viewers(s: Scenario) -> list[Viewer]:
    """Per programme the mentee and mentor of T1, of T2 (another tandem) and the
    coordinator; then the system and an unknown id. Each reads every programme,
    so every coordinator is also "a coordinator of another programme"."""
    found = []
    for prog, cast in s.casts.items():
        found += [
            Viewer(f"{prog} mentee ({cast.mentees['T1']})", Actor.person(cast.mentees["T1"])),
            Viewer(f"{prog} mentor ({cast.mentors['T1']})", Actor.person(cast.mentors["T1"])),
            Viewer(f"{prog} other mentee ({cast.mentees['T2']})", Actor.person(cast.mentees["T2"])),
            Viewer(f"{prog} other mentor ({cast.mentors['T2']})", Actor.person(cast.mentors["T2"])),
            Viewer(f"{prog} coordinator ({cast.coordinator})", Actor.person(cast.coordinator)),
        ]
    return [*found, Viewer("system", SYSTEM), Viewer("unknown (nobody)", Actor.person("nobody"))]


def role_in(s: Scenario, pid: str | None, programme: str, tandem: str) -> str | None:
    """*pid*'s role for tandem *tandem* of *programme* ("system" for ``None``)."""
    if pid is None:
        return "system"
    cast = s.casts[programme]
    if cast.mentees[tandem] == pid:
        return M
    if cast.mentors[tandem] == pid:
        return E
    if cast.coordinator == pid:
        return C
    return None


def may_see(s: Scenario, pid: str | None, marker: Marker) -> bool:
    """Whether *pid* may see *marker*, by :data:`EXPECTED` (the system sees all)."""
    role = role_in(s, pid, marker.programme, marker.tandem)
    if role == "system":
        return True
    return role is not None and role in EXPECTED[marker.programme][marker.content]


# ---------------------------------------------------------------- finding markers

_FOUND = re.compile(r"SECRET-[A-Za-z0-9-]*")


@dataclass(frozen=True)
class Leak:
    """A marker shown to a viewer who may not see it."""

    programme: str
    viewer: str
    surface: str
    marker: str
    content: str

    def __str__(self) -> str:
        return f"{self.programme}: {self.viewer} via {self.surface}: {self.marker} ({self.content})"


def unfold(text: str) -> str:
    """iCalendar text with folded lines joined and TEXT escapes undone."""
    text = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


class Sink:
    """Collects what the surfaces show: leaks, and which markers each viewer saw where."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.by_text = {m.text: m for m in s.markers}
        self.leaks: list[Leak] = []
        self.seen: dict[tuple[str, str], set[str]] = {}  # (viewer label, surface) -> markers
        self.errors: list[str] = []  # surfaces that crashed (not refusals)

    def markers_in(self, text: str) -> list[Marker]:
        """The planted markers *text* shows, whole or cut short (a cut one
        stands for every marker it begins)."""
        found: list[Marker] = []
        for hit in _FOUND.findall(text):
            exact = self.by_text.get(hit)
            if exact is not None:
                found.append(exact)
                continue
            # cut short (an ellipsis, a wrapped cell) or run into other text
            whole = [m for m in self.s.markers if hit.startswith(m.text)]
            cut = [m for m in self.s.markers if len(hit) >= 14 and m.text.startswith(hit)]
            found += whole or cut
        return found

    def show(
        self, viewer: Viewer, surface: str, text: str, *, recipient: str | None = None
    ) -> None:
        """Record what *surface* showed *viewer*; checked against *viewer*'s rights,
        or against *recipient*'s when given (a notification goes on to her)."""
        pid = recipient if recipient is not None else viewer.pid
        seen = self.seen.setdefault((viewer.label, surface.split("[")[0]), set())
        for marker in self.markers_in(text):
            seen.add(marker.text)
            if not may_see(self.s, pid, marker):
                self.leaks.append(
                    Leak(
                        marker.programme,
                        viewer.label,
                        surface,
                        marker.text,
                        f"{marker.content.value}: {marker.where}",
                    )
                )

    def saw(self, viewer: Viewer, *surfaces: str) -> set[str]:
        """The markers *viewer* saw through any of *surfaces* (by family name)."""
        return set().union(*(self.seen.get((viewer.label, s), set()) for s in surfaces))


_REFUSED = (NotVisible, ContentWithheld, NotFound, InvalidInput)


def read(sink: Sink, viewer: Viewer, surface: str, call: Callable[[], object]) -> object:
    """Run one read; what it returns (or the refusal's message) goes to *sink*."""
    try:
        value = call()
    except _REFUSED as refused:  # nothing shown, but the message is shown
        sink.show(viewer, surface, str(refused))
        return None
    except Exception as crash:
        sink.errors.append(f"{viewer.label} {surface}: {crash!r}")
        return None
    if isinstance(value, bytes):
        sink.show(viewer, surface, unfold(value.decode("utf-8")))
    else:
        sink.show(viewer, surface, repr(value))
    return value


# ---------------------------------------------------------------- the library's surfaces


def read_everything(s: Scenario, sink: Sink, viewer: Viewer) -> None:
    """Every read surface of :class:`~mentorcore.Reader`, as *viewer*, over every
    tandem, meeting, programme and person of the scenario."""
    r: Reader = s.engine.reader(viewer.actor)
    full = s.engine.reader(SYSTEM)  # only to know the ids of meetings
    now = s.clock.now()
    read(sink, viewer, "tandems", lambda: r.tandems())
    for prog, cast in s.casts.items():
        read(sink, viewer, f"tandems[programme={prog}]", lambda p=prog: r.tandems(programme=p))
        read(sink, viewer, f"programme_cadence[{prog}]", lambda p=prog: r.programme_cadence(p, now))
        read(sink, viewer, f"programme_calendar[{prog}]", lambda p=prog: r.programme_calendar(p))
        read(
            sink,
            viewer,
            f"due_actions[programme={prog}]",
            lambda p=prog: r.due_actions(now, programme=p),
        )
        for role in (Role.MENTEE, Role.MENTOR, Role.COORDINATOR):
            read(
                sink,
                viewer,
                f"participants[{prog},{role.value}]",
                lambda p=prog, ro=role: r.participants(p, ro),
            )
        for t, tid in cast.tandems.items():
            where = f"{prog} {t}"
            for name, call in (
                ("tandem", lambda i=tid: r.tandem(i)),
                ("view", lambda i=tid: r.view(i)),
                ("possible_commands", lambda i=tid: r.possible_commands(i)),
                ("advisories", lambda i=tid: r.advisories(i, now)),
                ("agreement_template", lambda i=tid: r.agreement_template(i)),
                ("history", lambda i=tid: r.history(i)),
                ("meeting_records", lambda i=tid: r.meeting_records(i)),
                ("cadence", lambda i=tid: r.cadence(i, now)),
                ("certificate", lambda i=tid: r.certificate(i)),
                ("agreement_copy", lambda i=tid: r.agreement_copy(i)),
                ("due_actions", lambda i=tid: r.due_actions(now, tandem_id=i)),
                ("tandem_calendar", lambda i=tid: r.tandem_calendar(i)),
            ):
                read(sink, viewer, f"{name}[{where}]", call)
            for k, meeting in enumerate(full.tandem(tid).meetings, start=1):
                mid = meeting.id
                for purpose in ("preparation", "meeting_notes", "first_conversation"):
                    read(
                        sink,
                        viewer,
                        f"meeting_record[{where} #{k} {purpose}]",
                        lambda i=tid, m=mid, p=purpose: r.meeting_record(i, m, p),
                    )
                for name in (
                    "meeting_invitation",
                    "meeting_cancellation",
                    "meeting_calendar_object",
                ):
                    read(
                        sink,
                        viewer,
                        f"{name}[{where} #{k}]",
                        lambda i=tid, m=mid, n=name: getattr(r, n)(i, m),
                    )
    people = [
        (pid, prog, role)
        for prog, cast in s.casts.items()
        for role, ids in ((Role.MENTEE, cast.mentees), (Role.MENTOR, cast.mentors))
        for pid in ids.values()
    ] + [(cast.coordinator, prog, Role.COORDINATOR) for prog, cast in s.casts.items()]
    for pid, prog, role in [*people, ("nobody", "default", Role.MENTEE)]:
        read(sink, viewer, f"activity[{pid}]", lambda p=pid: r.activity(p))
        read(sink, viewer, f"person_calendar[{pid}]", lambda p=pid: r.person_calendar(p))
        read(sink, viewer, f"person[{pid}]", lambda p=pid: r.person(p))
        read(
            sink,
            viewer,
            f"participant[{pid},{prog}]",
            lambda p=pid, g=prog, ro=role: r.participant(p, g, ro),
        )
    read(sink, viewer, "names", lambda: r.names(tuple(p for p, _, _ in people)))
    read(sink, viewer, "due_actions", lambda: r.due_actions(now))
    notes = read(sink, viewer, "notifications", lambda: r.notifications(now))
    # each notification goes to its recipient: its reason must be what *she* may see
    for n in notes if isinstance(notes, list) else ():
        surface = f"notifications[to {n.recipient.id}: {n.action.rule_id} {n.action.kind}]"
        sink.show(viewer, surface, repr(n.action), recipient=n.recipient.id)


# ---------------------------------------------------------------- the command line

_CLI_ENV = {
    "MENTORCORE_DB": None,
    "MENTORCORE_AS": None,
    "MENTORCORE_NOW": None,
    # rich sizes tables to COLUMNS: wide enough that no cell wraps or is cut
    "COLUMNS": "4000",
}


def cli_viewers(s: Scenario, programme: str) -> list[Viewer]:
    """The viewers of the brief for *programme*'s tandems: its T1 mentee and mentor,
    T2's (another tandem), its coordinator, another programme's coordinator, the
    system and an unknown id."""
    keys = list(s.casts)
    other = s.casts[keys[(keys.index(programme) + 1) % len(keys)]]
    mine = [v for v in viewers(s) if v.label.startswith(f"{programme} ")]
    return [
        *mine,
        Viewer(
            f"{other.spec.key} coordinator ({other.coordinator}), of another programme",
            Actor.person(other.coordinator),
        ),
        Viewer("system", SYSTEM),
        Viewer("unknown (nobody)", Actor.person("nobody")),
    ]


def cli_commands(s: Scenario, programme: str, out: Path) -> list[tuple[str, ...]]:
    """The read commands to run, as argument lists (``--json`` marks the JSON runs)."""
    cast = s.casts[programme]
    t = {k: str(v) for k, v in cast.tandems.items()}
    both: list[tuple[str, ...]] = [
        ("tandem", "list"),
        ("tandem", "list", "-p", programme),
        ("due",),
        ("health", programme),
        ("tandem", "status", t["T1"]),
        ("meeting", "list", t["T1"]),
        ("cadence", t["T1"]),
        ("due", "--tandem", t["T1"]),
        ("tandem", "status", t["T2"]),
        ("tandem", "status", t["T3"]),
        ("cadence", t["T3"]),
    ]
    json_only: list[tuple[str, ...]] = [
        ("due", "-p", programme),
        ("activity", cast.mentees["T1"]),
        ("activity", cast.mentors["T1"]),
        ("people", "-p", programme),
        ("meeting", "list", t["T2"]),
        ("meeting", "list", t["T3"]),
        ("due", "--tandem", t["T3"]),
        ("tandem", "status", t["T4"]),
        ("certificate", t["T4"], "-o", str(out / f"certificate-{programme}.pdf")),
        ("agreement", "export", t["T2"], "--format", "json"),
        ("agreement", "export", t["T3"]),
    ]
    text_only: list[tuple[str, ...]] = [
        ("calendar", "tandem", t["T1"]),
        ("calendar", "tandem", t["T2"]),
        ("calendar", "person", cast.mentees["T1"]),
        ("calendar", "programme", programme),
        *(("calendar", "meeting", t["T1"], str(n)) for n in range(1, 5)),
    ]
    return [
        *both,
        *((*c, "--json") for c in both),
        *((*c, "--json") for c in json_only),
        *text_only,
    ]


def run_cli(s: Scenario, sink: Sink, programme: str, out: Path) -> None:
    """Every read command of ``mentorcore`` for *programme*'s tandems, as each of
    :func:`cli_viewers`, text and JSON; what it prints goes to *sink*."""
    from mentorcore.cli import cli  # the cli extra; imported only when the CLI is tested

    runner = CliRunner()
    base = ["--db", str(s.db), "--today", s.clock.now().isoformat()]
    for viewer in cli_viewers(s, programme):
        who = "system" if viewer.pid is None else viewer.pid
        for args in cli_commands(s, programme, out):
            surface = "cli: mentorcore " + " ".join(_named(s, a) for a in args)
            result = runner.invoke(cli, [*base, "--as", who, *args], env=_CLI_ENV)
            crash = result.exception
            if crash is not None and not isinstance(crash, SystemExit):
                sink.errors.append(f"{viewer.label} {surface}: {crash!r}")
            text = result.output
            if args[0] == "calendar":
                text = unfold(text)
            sink.show(viewer, surface, text)


def _named(s: Scenario, arg: str) -> str:
    """A tandem id as ``medic/T1`` in surface names; other arguments as they are."""
    found = s.tandem_key(arg)
    return f"{found[0]}/{found[1]}" if found else arg


def leak_report(leaks: Iterable[Leak]) -> str:
    """One line per leak, sorted, for a failure message."""
    lines = sorted({str(leak) for leak in leaks})
    return f"{len(lines)} leak(s):\n  " + "\n  ".join(lines)


def notifications_beyond_due_actions(s: Scenario) -> list[str]:
    """Where a coordinator's :meth:`~mentorcore.Reader.notifications` give a reason
    that her own :meth:`~mentorcore.Reader.due_actions` withhold or word otherwise.

    Catches what markers cannot: details drawn from content kept from her that are
    no free text (CORE-8's agreed period and number of meetings, OSTALB-CONF-1).
    """
    now = s.clock.now()
    found = []
    for prog, cast in s.casts.items():
        reader = s.engine.reader(Actor.person(cast.coordinator))
        hers = {a.key: a.reason for a in reader.due_actions(now)}
        for n in reader.notifications(now):
            own = hers.get(n.action.key)
            if own is not None and own != n.action.reason:
                found.append(
                    f"{prog} coordinator {cast.coordinator}: notification to {n.recipient.id} "
                    f"({n.action.rule_id} {n.action.kind}) says {n.action.reason!r}; "
                    f"her due_actions say {own!r}"
                )
    return found
