"""``mentorcore calendar ...``: meetings as iCalendar files (.ics) for calendar apps.

The engine renders them for the viewer: nothing private goes into a
calendar that may travel further than the viewer (see docs/meetings.md).
Their texts are in the invocation's language (``--lang``), else the
programme's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from mentorcore.cli import resolve
from mentorcore.cli.acting import people, target
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import group
from mentorcore.cli.output import console, echo, json_mode, print_json, visible
from mentorcore.domain import PersonId
from mentorcore.i18n import Message, _, mark

_OUT = click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=mark("Write the .ics here (default: print it)."),
)


def deliver(data: bytes, out: Path | None, wrote: Callable[[str], Message]) -> None:
    """Write *data* to *out* and say so (``wrote(path)``), or print it on stdout."""
    if out is None:
        if json_mode():
            print_json({"ok": True, "ics": data.decode("utf-8")})
        else:
            text = data.decode("utf-8")
            # On a terminal the feed is read, not parsed: show controls as
            # escapes. Into a pipe or a file it goes byte for byte.
            click.echo(visible(text) if console().is_terminal else text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    if json_mode():
        print_json({"ok": True, "path": str(out), "bytes": len(data)})
    else:
        echo(str(wrote(str(out))))


@group(
    "calendar",
    short_help=mark("Export meetings as iCalendar files (.ics)."),
    help=mark(
        "Export meetings as iCalendar: a tandem's, a person's or a programme's feed, "
        "or one meeting's invitation or cancellation."
    ),
    examples=["mentorcore --as katrin.vogel calendar programme medic --out medic.ics"],
)
def calendar() -> None:
    """The ``calendar`` command (its help: the ``help`` above)."""


@calendar.command(
    "tandem",
    short_help=mark("A tandem's meetings as a feed."),
    help=mark(
        "A tandem's meetings as a feed (METHOD:PUBLISH), for one of its people or coordinators."
    ),
    examples=["mentorcore --as sophie.krueger calendar tandem 3f2a9c1e -o mentoring.ics"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@_OUT
@common
def tandem_feed(tandem_ref: str, out: Path | None) -> None:
    """The ``tandem`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    data = engine.reader(actor).tandem_calendar(t.id)
    deliver(data, out, lambda path: _("Wrote the tandem's calendar to {path}", path=path))


@calendar.command(
    "person",
    short_help=mark("A person's meetings in all her tandems."),
    help=mark("A person's meetings in all her tandems, as a feed."),
    examples=["mentorcore --as weber calendar person weber -o weber.ics"],
)
@click.argument("person")
@_OUT
@common
def person_feed(person: str, out: Path | None) -> None:
    """The ``person`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    reader = engine.reader(actor)
    (pid,) = people(engine, actor, person)
    data = reader.person_calendar(pid)
    found = engine.state.index.persons.get(PersonId(pid))  # the feed was allowed
    name = found.name if found is not None else pid

    def wrote(path: str) -> Message:
        return _("Wrote the calendar of {name} to {path}", name=name, path=path)

    deliver(data, out, wrote)


@calendar.command(
    "programme",
    short_help=mark("A programme's meetings, for its coordination."),
    help=mark("Every meeting of a programme, for its coordination (or the system)."),
    examples=["mentorcore --as katrin.vogel calendar programme medic -o medic.ics"],
)
@click.argument("programme")
@_OUT
@common
def programme_feed(programme: str, out: Path | None) -> None:
    """The ``programme`` command (its help: the ``help`` above)."""
    s = session()
    engine = s.engine()
    data = engine.reader(s.actor()).programme_calendar(programme)
    name = engine.programme(programme).name

    def wrote(path: str) -> Message:
        return _("Wrote the calendar of {programme} to {path}", programme=name, path=path)

    deliver(data, out, wrote)


@calendar.command(
    "meeting",
    short_help=mark("One meeting's invitation or cancellation."),
    help=mark(
        "One meeting as an invitation (METHOD:REQUEST), or a cancellation "
        "(METHOD:CANCEL) if it was cancelled, declined or missed."
    ),
    examples=["mentorcore --as sophie.krueger calendar meeting 3f2a9c1e 2 -o invite.ics"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@_OUT
@common
def meeting_file(tandem_ref: str, meeting_ref: str, out: Path | None) -> None:
    """The ``meeting`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    reader = engine.reader(actor)
    if m.is_held or m.is_planned:
        data = reader.meeting_invitation(t.id, m.id)
    else:
        data = reader.meeting_cancellation(t.id, m.id)
    number = resolve.number_of(t.meetings, m.id)

    def wrote(path: str) -> Message:
        return _("Wrote meeting {number} to {path}", number=number, path=path)

    deliver(data, out, wrote)
