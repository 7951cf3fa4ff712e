"""``mentorcore meeting ...``: propose, confirm, decline, reschedule, cancel, attend, document.

A meeting is named by its number in the tandem (``meeting list`` prints
them) or an id prefix. Times are read in the programme's time zone unless
they carry an offset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click

from mentorcore import (
    CancelMeeting,
    Command,
    ConfirmAttendance,
    ConfirmMeeting,
    DeclineMeeting,
    DocumentMeeting,
    InvalidInput,
    MarkMeetingMissed,
    MeetingFormat,
    MeetingKind,
    PrepareMeeting,
    ProposeMeeting,
    RescheduleMeeting,
)
from mentorcore.cli import resolve
from mentorcore.cli.acting import execute, target
from mentorcore.cli.context import common
from mentorcore.cli.output import json_mode, local, print_json, say, table
from mentorcore.cli.resolve import in_zone

_FORMATS = click.Choice([f.value for f in MeetingFormat])
_KINDS = click.Choice([k.value for k in MeetingKind])


@click.group("meeting", short_help="Propose, confirm, attend and document meetings.")
def meeting() -> None:
    """Meetings of a tandem: the mentee proposes (CORE-6; some programmes let
    both sides), the other side confirms, both confirm attendance (CORE-7),
    and the meeting is documented on the programme's form.

    \b
    Example:
      mentorcore --as sophie.krueger meeting propose 3f2a9c1e --at "2026-10-12 17:00"
    """


@meeting.command("list", short_help="List a tandem's meetings and their records.")
@click.argument("tandem_ref", metavar="TANDEM")
@common
def list_meetings(tandem_ref: str) -> None:
    """List a tandem's meetings with their records, as the viewer may see them.

    \b
    Example:
      mentorcore --as weber meeting list 3f2a9c1e
    """
    engine, actor, t = target(tandem_ref)
    records = engine.reader(actor).meeting_records(t.id)
    if json_mode():
        print_json({"meetings": records.meetings, "withheld": records.withheld})
        return
    tz = engine.programme(t.programme_key).timezone
    table(
        ["#", "id", "when", "min", "kind", "format", "place", "status", "accepted", "attended"],
        (
            [
                str(k),
                str(m.id)[:8],
                local(m.start, tz),
                str(m.duration_minutes),
                m.kind.value.replace("_", " "),
                m.format.value.replace("_", " "),
                m.place,
                m.status.value,
                ", ".join(sorted(r.value for r in m.accepted_by)),
                ", ".join(sorted(r.value for r in m.attended_by)),
            ]
            for k, m in enumerate(records.meetings, start=1)
        ),
        title=f"Meetings ({tz})",
    )
    for m in records.meetings:
        for record in (m.preparation, m.notes):
            if record is not None:
                number = resolve.number_of(records.meetings, m.id)
                say(
                    f"meeting {number}, {record.purpose.replace('_', ' ')} ({record.author.value}):"
                )
                for key, value in record.values.items:
                    say(f"  {key}: {value}")
    for w in records.withheld:
        number = resolve.number_of(records.meetings, w.meeting_id)
        what = w.content.value.replace("_", " ")
        say(f"withheld from meeting {number}: {what}: [{w.decision.rule_id}] {w.decision.reason}")


@meeting.command("propose", short_help="Propose a meeting (CORE-6).")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option(
    "--at",
    "at",
    required=True,
    metavar="DATETIME",
    callback=resolve.local_moment,
    help="Start, e.g. '2026-10-12 17:00'.",
)
@click.option("--minutes", default=60, show_default=True, type=int, help="Planned length.")
@click.option("--kind", default=MeetingKind.REGULAR.value, show_default=True, type=_KINDS)
@click.option(
    "--format", "format_", default=MeetingFormat.IN_PERSON.value, show_default=True, type=_FORMATS
)
@click.option("--place", default="", help="Room, address or video link.")
@click.option("--agenda", default="", help="What to talk about.")
@click.option("--topic", "topics", multiple=True, help="A planned topic (repeat for several).")
@common
def propose(
    tandem_ref: str,
    at: datetime,
    minutes: int,
    kind: str,
    format_: str,
    place: str,
    agenda: str,
    topics: tuple[str, ...],
) -> None:
    """Propose a meeting; the other side confirms or declines it (CORE-6).

    \b
    Example:
      mentorcore --as sophie.krueger meeting propose 3f2a9c1e --at "2026-10-12 17:00" \\
        --kind first_conversation --place "Klinikum, room 2.14"
    """
    engine, actor, t = target(tandem_ref)
    tz = engine.programme(t.programme_key).timezone
    command = ProposeMeeting(
        tandem_id=t.id,
        start=in_zone(at, tz),
        duration_minutes=minutes,
        kind=MeetingKind(kind),
        format=MeetingFormat(format_),
        place=place,
        agenda=agenda,
        topics=topics,
    )
    execute(
        engine,
        actor,
        command,
        lambda t2: f"Meeting {len(t2.meetings)} proposed for {local(in_zone(at, tz), tz)}",
    )


def _meeting_command(
    verb: str,
    build: Callable[..., Command],
    done: str,
    doc: str,
    *,
    short: str,
    reason: bool = False,
) -> click.Command:
    """A command ``meeting VERB TANDEM MEETING [--reason]`` for a simple meeting verb."""

    @click.argument("tandem_ref", metavar="TANDEM")
    @click.argument("meeting_ref", metavar="MEETING")
    @common
    def run(tandem_ref: str, meeting_ref: str, **options: str) -> None:
        engine, actor, t = target(tandem_ref)
        m = resolve.meeting(t, meeting_ref)
        number = resolve.number_of(t.meetings, m.id)
        execute(
            engine,
            actor,
            build(tandem_id=t.id, meeting_id=m.id, **options),
            f"Meeting {number} {done}",
        )

    if reason:
        run = click.option("--reason", default="", help="Why.")(run)
    run.__doc__ = doc
    return meeting.command(verb, short_help=short)(run)


_meeting_command(
    "confirm",
    ConfirmMeeting,
    "confirmed",
    """Agree to the proposed time, as the side that did not propose it (CORE-6).

    \b
    Example:
      mentorcore --as weber meeting confirm 3f2a9c1e 1
    """,
    short="Agree to the proposed time (CORE-6).",
)
_meeting_command(
    "decline",
    DeclineMeeting,
    "declined",
    """Turn the proposed time down, as the side that did not propose it (CORE-6).

    \b
    Example:
      mentorcore --as weber meeting decline 3f2a9c1e 2 --reason "on duty"
    """,
    short="Turn the proposed time down (CORE-6).",
    reason=True,
)
_meeting_command(
    "cancel",
    CancelMeeting,
    "cancelled",
    """Call a proposed or confirmed meeting off, as either side.

    \b
    Example:
      mentorcore --as sophie.krueger meeting cancel 3f2a9c1e 2 --reason "exam moved"
    """,
    short="Call a meeting off.",
    reason=True,
)
_meeting_command(
    "attend",
    ConfirmAttendance,
    "attended",
    """Confirm having attended a confirmed meeting, once it has begun (CORE-7).

    \b
    Example:
      mentorcore --as sophie.krueger meeting attend 3f2a9c1e 1
    """,
    short="Confirm having attended (CORE-7).",
)
_meeting_command(
    "missed",
    MarkMeetingMissed,
    "recorded as missed",
    """Record that a confirmed meeting did not take place.

    \b
    Example:
      mentorcore --as weber meeting missed 3f2a9c1e 3 --reason "nobody came"
    """,
    short="Record that a meeting did not take place.",
    reason=True,
)


@meeting.command("reschedule")
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option("--at", "at", metavar="DATETIME", callback=resolve.local_moment, help="New start.")
@click.option("--minutes", type=int, help="New length.")
@click.option("--format", "format_", type=_FORMATS, help="New format.")
@click.option("--place", help="New place.")
@common
def reschedule(
    tandem_ref: str,
    meeting_ref: str,
    at: datetime | None,
    minutes: int | None,
    format_: str | None,
    place: str | None,
) -> None:
    """Move a meeting; the other side confirms the new time again.

    \b
    Example:
      mentorcore --as weber meeting reschedule 3f2a9c1e 2 --at "2026-11-20 18:00"
    """
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    tz = engine.programme(t.programme_key).timezone
    command = RescheduleMeeting(
        tandem_id=t.id,
        meeting_id=m.id,
        start=in_zone(at, tz) if at else None,
        duration_minutes=minutes,
        format=MeetingFormat(format_) if format_ else None,
        place=place,
    )
    execute(engine, actor, command, f"Meeting {resolve.number_of(t.meetings, m.id)} moved")


def _values(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    problems = []
    for k, pair in enumerate(pairs, start=1):
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            problems.append((f"--set #{k}", f"expected FIELD=VALUE, got {pair!r}"))
        else:
            values[name.strip()] = value.strip()
    if problems:
        raise InvalidInput(problems)
    return values


@meeting.command("document", short_help="Document a held meeting on the programme's form.")
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option(
    "--set", "pairs", multiple=True, metavar="FIELD=VALUE", help="A field of the form (repeat)."
)
@click.option("--template", help="The form, where the programme has several.")
@common
def document(
    tandem_ref: str, meeting_ref: str, pairs: tuple[str, ...], template: str | None
) -> None:
    """Document a held meeting on the programme's form (MEDIC-DOC-1: the
    documentation sheet; a first conversation gets its own record).

    \b
    Example:
      mentorcore --as sophie.krueger meeting document 3f2a9c1e 1 --set date=2026-10-12 \\
        --set contents="talked about electives"
    """
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    command = DocumentMeeting(
        tandem_id=t.id, meeting_id=m.id, values=_values(pairs), template=template
    )
    execute(engine, actor, command, f"Meeting {resolve.number_of(t.meetings, m.id)} documented")


@meeting.command("prepare", short_help="Write the mentee's preparation of a meeting.")
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option(
    "--set", "pairs", multiple=True, metavar="FIELD=VALUE", help="A field of the form (repeat)."
)
@click.option("--template", help="The form, where the programme has several.")
@common
def prepare(
    tandem_ref: str, meeting_ref: str, pairs: tuple[str, ...], template: str | None
) -> None:
    """Write the mentee's preparation of a meeting on the programme's form.

    \b
    Example:
      mentorcore --as sophie.krueger meeting prepare 3f2a9c1e 1 --set strengths="listening"
    """
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    command = PrepareMeeting(
        tandem_id=t.id, meeting_id=m.id, values=_values(pairs), template=template
    )
    execute(engine, actor, command, f"Meeting {resolve.number_of(t.meetings, m.id)} prepared")
