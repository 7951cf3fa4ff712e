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
from mentorcore.cli.helptext import group
from mentorcore.cli.output import json_mode, local, print_json, say, table
from mentorcore.cli.resolve import in_zone
from mentorcore.cli.status import roles
from mentorcore.cli.words import content
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _, mark
from mentorcore.policy.records import purpose_title as purpose

_FORMATS = click.Choice([f.value for f in MeetingFormat])
_KINDS = click.Choice([k.value for k in MeetingKind])


@group(
    "meeting",
    short_help=mark("Propose, confirm, attend and document meetings."),
    help=mark(
        "Meetings of a tandem: the mentee proposes (CORE-6; some programmes let "
        "both sides), the other side confirms, both confirm attendance "
        "(CORE-7), and the meeting is documented on the programme's form."
    ),
    examples=['mentorcore --as sophie.krueger meeting propose 3f2a9c1e --at "2026-10-12 17:00"'],
)
def meeting() -> None:
    """The ``meeting`` command (its help: the ``help`` above)."""


@meeting.command(
    "list",
    short_help=mark("List a tandem's meetings and their records."),
    help=mark("List a tandem's meetings with their records, as the viewer may see them."),
    examples=["mentorcore --as weber meeting list 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def list_meetings(tandem_ref: str) -> None:
    """The ``list`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    records = engine.reader(actor).meeting_records(t.id)
    if json_mode():
        print_json({"meetings": records.meetings, "withheld": records.withheld})
        return
    tz = engine.programme(t.programme_key).timezone
    table(
        [
            "#",
            "id",
            _("when"),
            _("min"),
            _("kind"),
            _("format"),
            _("place"),
            _("status"),
            _("accepted"),
            _("attended"),
        ],
        (
            [
                str(k),
                str(m.id)[:8],
                local(m.start, tz),
                str(m.duration_minutes),
                label(m.kind),
                label(m.format),
                m.place,
                label(m.status),
                roles(m.accepted_by),
                roles(m.attended_by),
            ]
            for k, m in enumerate(records.meetings, start=1)
        ),
        title=_("Meetings"),
    )
    for m in records.meetings:
        for record in (m.preparation, m.notes):
            if record is not None:
                say(
                    _(
                        "meeting {number}, {record} ({author}):",
                        number=resolve.number_of(records.meetings, m.id),
                        record=purpose(record.purpose),
                        author=label(record.author),
                    )
                )
                for key, value in record.values.items:
                    say(f"  {key}: {value}")
    for w in records.withheld:
        say(
            _(
                "withheld from meeting {number}: {content}: [{rule}] {why}",
                number=resolve.number_of(records.meetings, w.meeting_id),
                content=content(w.content),
                rule=w.decision.rule_id,
                why=w.decision.reason,
            )
        )


@meeting.command(
    "propose",
    short_help=mark("Propose a meeting (CORE-6)."),
    help=mark("Propose a meeting; the other side confirms or declines it (CORE-6)."),
    examples=[
        'mentorcore --as sophie.krueger meeting propose 3f2a9c1e --at "2026-10-12 17:00" '
        '--kind first_conversation --place "Klinikum, room 2.14"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option(
    "--at",
    "at",
    required=True,
    metavar="DATETIME",
    callback=resolve.local_moment,
    help=mark("Start, e.g. '2026-10-12 17:00'."),
)
@click.option("--minutes", default=60, show_default=True, type=int, help=mark("Planned length."))
@click.option("--kind", default=MeetingKind.REGULAR.value, show_default=True, type=_KINDS)
@click.option(
    "--format", "format_", default=MeetingFormat.IN_PERSON.value, show_default=True, type=_FORMATS
)
@click.option("--place", default="", help=mark("Room, address or video link."))
@click.option("--agenda", default="", help=mark("What to talk about."))
@click.option(
    "--topic", "topics", multiple=True, help=mark("A planned topic (repeat for several).")
)
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
    """The ``propose`` command (its help: the ``help`` above)."""
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
        lambda t2: _(
            "Meeting {number} proposed for {moment}",
            number=len(t2.meetings),
            moment=local(in_zone(at, tz), tz),
        ),
    )


def _meeting_command(
    verb: str,
    build: Callable[..., Command],
    done: Callable[[int], Message],
    help_text: str,
    example: str,
    *,
    short: str,
    reason: bool = False,
) -> click.Command:
    """A command ``meeting VERB TANDEM MEETING [--reason]`` for a simple meeting verb;
    *done* says what became of meeting number N."""

    @click.argument("tandem_ref", metavar="TANDEM")
    @click.argument("meeting_ref", metavar="MEETING")
    @common
    def run(tandem_ref: str, meeting_ref: str, **options: str) -> None:
        engine, actor, t = target(tandem_ref)
        m = resolve.meeting(t, meeting_ref)
        number = resolve.number_of(t.meetings, m.id)
        execute(engine, actor, build(tandem_id=t.id, meeting_id=m.id, **options), done(number))

    if reason:
        run = click.option("--reason", default="", help=mark("Why."))(run)
    return meeting.command(verb, short_help=short, help=help_text, examples=[example])(run)


_meeting_command(
    "confirm",
    ConfirmMeeting,
    lambda n: _("Meeting {number} confirmed", number=n),
    mark("Agree to the proposed time, as the side that did not propose it (CORE-6)."),
    "mentorcore --as weber meeting confirm 3f2a9c1e 1",
    short=mark("Agree to the proposed time (CORE-6)."),
)
_meeting_command(
    "decline",
    DeclineMeeting,
    lambda n: _("Meeting {number} declined", number=n),
    mark("Turn the proposed time down, as the side that did not propose it (CORE-6)."),
    'mentorcore --as weber meeting decline 3f2a9c1e 2 --reason "on duty"',
    short=mark("Turn the proposed time down (CORE-6)."),
    reason=True,
)
_meeting_command(
    "cancel",
    CancelMeeting,
    lambda n: _("Meeting {number} cancelled", number=n),
    mark("Call a proposed or confirmed meeting off, as either side."),
    'mentorcore --as sophie.krueger meeting cancel 3f2a9c1e 2 --reason "exam moved"',
    short=mark("Call a meeting off."),
    reason=True,
)
_meeting_command(
    "attend",
    ConfirmAttendance,
    lambda n: _("Attendance at meeting {number} confirmed", number=n),
    mark("Confirm having attended a confirmed meeting, once it has begun (CORE-7)."),
    "mentorcore --as sophie.krueger meeting attend 3f2a9c1e 1",
    short=mark("Confirm having attended (CORE-7)."),
)
_meeting_command(
    "missed",
    MarkMeetingMissed,
    lambda n: _("Meeting {number} recorded as missed", number=n),
    mark("Record that a confirmed meeting did not take place."),
    'mentorcore --as weber meeting missed 3f2a9c1e 3 --reason "nobody came"',
    short=mark("Record that a meeting did not take place."),
    reason=True,
)


@meeting.command(
    "reschedule",
    help=mark("Move a meeting; the other side confirms the new time again."),
    examples=['mentorcore --as weber meeting reschedule 3f2a9c1e 2 --at "2026-11-20 18:00"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option(
    "--at", "at", metavar="DATETIME", callback=resolve.local_moment, help=mark("New start.")
)
@click.option("--minutes", type=int, help=mark("New length."))
@click.option("--format", "format_", type=_FORMATS, help=mark("New format."))
@click.option("--place", help=mark("New place."))
@common
def reschedule(
    tandem_ref: str,
    meeting_ref: str,
    at: datetime | None,
    minutes: int | None,
    format_: str | None,
    place: str | None,
) -> None:
    """The ``reschedule`` command (its help: the ``help`` above)."""
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
    execute(
        engine,
        actor,
        command,
        _("Meeting {number} moved", number=resolve.number_of(t.meetings, m.id)),
    )


@meeting.command(
    "document",
    short_help=mark("Document a held meeting on the programme's form."),
    help=mark(
        "Document a held meeting on the programme's form (MEDIC-DOC-1: the "
        "documentation sheet; a first conversation gets its own record)."
    ),
    examples=[
        "mentorcore --as sophie.krueger meeting document 3f2a9c1e 1 --set date=2026-10-12 "
        '--set contents="talked about electives"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="FIELD=VALUE",
    help=mark("A field of the form (repeat)."),
)
@click.option("--template", help=mark("The form, where the programme has several."))
@common
def document(
    tandem_ref: str, meeting_ref: str, pairs: tuple[str, ...], template: str | None
) -> None:
    """The ``document`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    command = DocumentMeeting(
        tandem_id=t.id,
        meeting_id=m.id,
        values=resolve.form_values(pairs, "--set"),
        template=template,
    )
    execute(
        engine,
        actor,
        command,
        _("Meeting {number} documented", number=resolve.number_of(t.meetings, m.id)),
    )


@meeting.command(
    "prepare",
    short_help=mark("Write the mentee's preparation of a meeting."),
    help=mark("Write the mentee's preparation of a meeting on the programme's form."),
    examples=[
        'mentorcore --as sophie.krueger meeting prepare 3f2a9c1e 1 --set strengths="listening"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("meeting_ref", metavar="MEETING")
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="FIELD=VALUE",
    help=mark("A field of the form (repeat)."),
)
@click.option("--template", help=mark("The form, where the programme has several."))
@common
def prepare(
    tandem_ref: str, meeting_ref: str, pairs: tuple[str, ...], template: str | None
) -> None:
    """The ``prepare`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    m = resolve.meeting(t, meeting_ref)
    command = PrepareMeeting(
        tandem_id=t.id,
        meeting_id=m.id,
        values=resolve.form_values(pairs, "--set"),
        template=template,
    )
    execute(
        engine,
        actor,
        command,
        _("Meeting {number} prepared", number=resolve.number_of(t.meetings, m.id)),
    )
