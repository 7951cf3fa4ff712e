"""``mentorcore tandem ...``: how a tandem comes about, and how it ends.

Request, assign, accept, decline, opt in or out after getting to know,
close and complete, dissolve, ask for a re-match; and the list of tandems
the actor takes part in or coordinates.
"""

from __future__ import annotations

import click

from mentorcore import (
    Accept,
    AssignMentor,
    Complete,
    Decline,
    Dissolve,
    OptIn,
    OptOut,
    RequestMentorship,
    RequestRematch,
    StartClosing,
    TandemStatus,
)
from mentorcore.cli import resolve
from mentorcore.cli.acting import execute, name_of, people, target
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import group
from mentorcore.cli.language import follow
from mentorcore.cli.output import json_mode, print_json, say, short, table
from mentorcore.domain.labels import label
from mentorcore.i18n import _, mark


@group(
    "tandem",
    short_help=mark("List tandems, show one, take it through its life."),
    help=mark(
        "Tandems: list them, see one's status, and take it through its "
        "lifecycle.\n\n"
        "A tandem is named by the first characters of its id (at least four), "
        "as `mentorcore tandem list` prints them."
    ),
    examples=["mentorcore --as katrin.vogel tandem list --programme medic"],
)
def tandem() -> None:
    """The ``tandem`` command (its help: the ``help`` above)."""


@tandem.command(
    "list",
    short_help=mark("List the tandems the actor may see."),
    help=mark(
        "List the tandems the actor may see: her own, those of the programmes "
        "she coordinates, or every one for the system."
    ),
    examples=["mentorcore --as system tandem list --status active"],
)
@click.option("--programme", "-p", help=mark("Only this programme."))
@click.option("--person", help=mark("Only the tandems of this person."))
@click.option(
    "--status", type=click.Choice([s.value for s in TandemStatus]), help=mark("Only this status.")
)
@common
def list_tandems(programme: str | None, person: str | None, status: str | None) -> None:
    """The ``list`` command (its help: the ``help`` above)."""
    s = session()
    engine = s.engine()
    reader = engine.reader(s.actor())
    if programme:
        follow(engine.programme(programme).language)
    if person:
        people(engine, s.actor(), person)
    visible = reader.tandems(
        programme=programme, person=person, status=TandemStatus(status) if status else None
    )
    if json_mode():
        print_json(
            [
                {
                    "id": t.id,
                    "programme": t.programme_key,
                    "track": t.track,
                    "mentee": t.mentee,
                    "mentor": t.mentor,
                    "status": t.status,
                    "predecessor": t.predecessor,
                }
                for t in visible
            ]
        )
        return
    names = reader.names(tuple(p for t in visible for p in (t.mentee, t.mentor)))
    table(
        [_("tandem"), _("programme"), _("mentee"), _("mentor"), _("status")],
        (
            [
                short(t.id),
                t.programme_key
                + (
                    f" ({engine.programme(t.programme_key).track_title(t.track)})"
                    if t.track
                    else ""
                ),
                names[t.mentee],
                names[t.mentor],
                label(t.status),
            ]
            for t in visible
        ),
        title=_.plural("{n} tandem", "{n} tandems", len(visible)),
    )
    if not visible:
        say(_("No tandem to show."))


@tandem.command(
    "request",
    help=mark(
        "Ask MENTOR for a mentorship, as the acting mentee (CORE-1).\n\n"
        "Programmes that match by their coordination refuse this "
        "(MEDIC-MATCH-1, OSTALB-MATCH-1)."
    ),
    examples=['mentorcore --as ana tandem request ben --programme default --message "Hi Ben!"'],
)
@click.argument("mentor")
@click.option("--programme", "-p", required=True, help=mark("The programme."))
@click.option("--track", help=mark("The track, for programmes with tracks."))
@click.option("--message", default="", help=mark("A word to the mentor."))
@common
def request(mentor: str, programme: str, track: str | None, message: str) -> None:
    """The ``request`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    people(engine, actor, mentor)
    command = RequestMentorship(
        programme_key=programme, mentor=mentor, track=track, message=message
    )
    execute(
        engine,
        actor,
        command,
        lambda t: _("Asked {mentor} for a mentorship", mentor=name_of(engine, actor, t.mentor)),
    )


@tandem.command(
    "assign",
    short_help=mark("Pair a mentee with a mentor (CORE-1)."),
    help=mark("Pair MENTEE with MENTOR, as a coordinator or the system (CORE-1)."),
    examples=[
        "mentorcore --as katrin.vogel tandem assign sophie.krueger weber -p medic --track clinical"
    ],
)
@click.argument("mentee")
@click.argument("mentor")
@click.option("--programme", "-p", required=True, help=mark("The programme."))
@click.option("--track", help=mark("The track, for programmes with tracks."))
@click.option("--replaces", metavar="TANDEM", help=mark("The ended tandem this re-matches."))
@common
def assign(
    mentee: str, mentor: str, programme: str, track: str | None, replaces: str | None
) -> None:
    """The ``assign`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    people(engine, actor, mentee, mentor)
    predecessor = resolve.tandem_id(engine.reader(actor), replaces) if replaces else None
    command = AssignMentor(
        programme_key=programme, mentee=mentee, mentor=mentor, track=track, predecessor=predecessor
    )
    done = _(
        "Assigned {mentor} to {mentee}",
        mentor=name_of(engine, actor, mentor),
        mentee=name_of(engine, actor, mentee),
    )
    execute(engine, actor, command, done)


@tandem.command(
    "accept",
    help=mark("Accept a mentee's request, as the mentor asked (CORE-1)."),
    examples=["mentorcore --as ben tandem accept 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def accept(tandem_ref: str) -> None:
    """The ``accept`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Accept(tandem_id=t.id), _("Accepted"))


@tandem.command(
    "decline",
    help=mark("Decline a mentee's request, as the mentor asked (CORE-1)."),
    examples=['mentorcore --as ben tandem decline 3f2a9c1e --reason "no time this year"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help=mark("Why, for the mentee."))
@common
def decline(tandem_ref: str, reason: str) -> None:
    """The ``decline`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Decline(tandem_id=t.id, reason=reason), _("Declined"))


@tandem.command(
    "opt-in",
    short_help=mark("Say yes after getting to know (CORE-2)."),
    help=mark("Say yes after getting to know each other; both sides must (CORE-2)."),
    examples=["mentorcore --as ana tandem opt-in 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def opt_in(tandem_ref: str) -> None:
    """The ``opt-in`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, OptIn(tandem_id=t.id), _("Opted in"))


@tandem.command(
    "opt-out",
    short_help=mark("Say no after getting to know (CORE-2)."),
    help=mark("Say no after getting to know each other; the tandem ends (CORE-2)."),
    examples=['mentorcore --as ben tandem opt-out 3f2a9c1e --reason "different expectations"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help=mark("Why."))
@common
def opt_out(tandem_ref: str, reason: str) -> None:
    """The ``opt-out`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, OptOut(tandem_id=t.id, reason=reason), _("Opted out"))


@tandem.command(
    "close",
    help=mark("Begin the official end of an active mentorship (CORE-11)."),
    examples=['mentorcore --as ana tandem close 3f2a9c1e --note "period ends"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--note", default="", help=mark("A note on the closing."))
@common
def close(tandem_ref: str, note: str) -> None:
    """The ``close`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, StartClosing(tandem_id=t.id, note=note), _("Closing begun"))


@tandem.command(
    "complete",
    short_help=mark("End the mentorship officially (CORE-11)."),
    help=mark(
        "End the mentorship officially; the certificate becomes available (CORE-11, CORE-12)."
    ),
    examples=["mentorcore --as katrin.vogel tandem complete 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--note", default="", help=mark("E.g. when the closing conversation took place."))
@common
def complete(tandem_ref: str, note: str) -> None:
    """The ``complete`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Complete(tandem_id=t.id, note=note), _("Completed"))


@tandem.command(
    "dissolve",
    help=mark("End a tandem before completion, saying why (CORE-DISSOLVE)."),
    examples=['mentorcore --as katrin.vogel tandem dissolve 3f2a9c1e --reason "mentor moved away"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", required=True, help=mark("Why the tandem ends early."))
@common
def dissolve(tandem_ref: str, reason: str) -> None:
    """The ``dissolve`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Dissolve(tandem_id=t.id, reason=reason), _("Dissolved"))


@tandem.command(
    "rematch",
    short_help=mark("Ask for another mentor (CORE-REMATCH)."),
    help=mark(
        "End the tandem because the mentee wants another mentor "
        "(CORE-REMATCH).\n\n"
        "The next matching run (or `tandem assign --replaces`) pairs her with "
        "someone else."
    ),
    examples=['mentorcore --as marie.wagner tandem rematch 3f2a9c1e --reason "other specialty"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help=mark("Why another mentor is wanted."))
@common
def rematch(tandem_ref: str, reason: str) -> None:
    """The ``rematch`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(
        engine,
        actor,
        RequestRematch(tandem_id=t.id, reason=reason),
        _("Re-match requested: the next matching run proposes another mentor"),
    )
