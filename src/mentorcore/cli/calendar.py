"""``mentorcore calendar ...``: meetings as iCalendar files (.ics) for calendar apps.

The engine renders them for the viewer: nothing private goes into a
calendar that may travel further than the viewer (see docs/meetings.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from mentorcore.cli import resolve
from mentorcore.cli.acting import people, target
from mentorcore.cli.context import common, session
from mentorcore.cli.output import console, echo, json_mode, print_json, visible

_OUT = click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the .ics here (default: print it).",
)


def deliver(data: bytes, out: Path | None, what: str) -> None:
    """Write *data* to *out* and say so, or print it on stdout."""
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
        echo(f"Wrote {what} to {out}")


@click.group("calendar", short_help="Export meetings as iCalendar files (.ics).")
def calendar() -> None:
    """Export meetings as iCalendar: a tandem's, a person's or a programme's feed,
    or one meeting's invitation or cancellation.

    \b
    Example:
      mentorcore --as katrin.vogel calendar programme medic --out medic.ics
    """


@calendar.command("tandem", short_help="A tandem's meetings as a feed.")
@click.argument("tandem_ref", metavar="TANDEM")
@_OUT
@common
def tandem_feed(tandem_ref: str, out: Path | None) -> None:
    """A tandem's meetings as a feed (METHOD:PUBLISH), for one of its people or coordinators.

    \b
    Example:
      mentorcore --as sophie.krueger calendar tandem 3f2a9c1e -o mentoring.ics
    """
    engine, actor, t = target(tandem_ref)
    deliver(engine.reader(actor).tandem_calendar(t.id), out, "the tandem's calendar")


@calendar.command("person", short_help="A person's meetings in all her tandems.")
@click.argument("person")
@_OUT
@common
def person_feed(person: str, out: Path | None) -> None:
    """A person's meetings in all her tandems, as a feed.

    \b
    Example:
      mentorcore --as weber calendar person weber -o weber.ics
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    reader = engine.reader(actor)
    people(engine, actor, person)
    deliver(reader.person_calendar(person), out, f"{person}'s calendar")


@calendar.command("programme", short_help="A programme's meetings, for its coordination.")
@click.argument("programme")
@_OUT
@common
def programme_feed(programme: str, out: Path | None) -> None:
    """Every meeting of a programme, for its coordination (or the system).

    \b
    Example:
      mentorcore --as katrin.vogel calendar programme medic -o medic.ics
    """
    s = session()
    reader = s.engine().reader(s.actor())
    deliver(reader.programme_calendar(programme), out, f"the {programme} calendar")


@calendar.command("meeting", short_help="One meeting's invitation or cancellation.")
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@_OUT
@common
def meeting_file(tandem_ref: str, meeting_ref: str, out: Path | None) -> None:
    """One meeting as an invitation (METHOD:REQUEST), or a cancellation
    (METHOD:CANCEL) if it was cancelled, declined or missed.

    \b
    Example:
      mentorcore --as sophie.krueger calendar meeting 3f2a9c1e 2 -o invite.ics
    """
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    reader = engine.reader(actor)
    if m.is_held or m.is_planned:
        data = reader.meeting_invitation(t.id, m.id)
    else:
        data = reader.meeting_cancellation(t.id, m.id)
    deliver(data, out, f"meeting {resolve.number_of(t.meetings, m.id)}")
