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
from mentorcore.cli.acting import execute, people, target
from mentorcore.cli.context import common, session
from mentorcore.cli.output import json_mode, print_json, say, short, table


@click.group("tandem", short_help="List tandems, show one, take it through its life.")
def tandem() -> None:
    """Tandems: list them, see one's status, and take it through its lifecycle.

    A tandem is named by the first characters of its id (at least four), as
    `mentorcore tandem list` prints them.

    \b
    Example:
      mentorcore --as katrin.vogel tandem list --programme medic
    """


@tandem.command("list", short_help="List the tandems the actor may see.")
@click.option("--programme", "-p", help="Only this programme.")
@click.option("--person", help="Only the tandems of this person.")
@click.option(
    "--status", type=click.Choice([s.value for s in TandemStatus]), help="Only this status."
)
@common
def list_tandems(programme: str | None, person: str | None, status: str | None) -> None:
    """List the tandems the actor may see: her own, those of the programmes she
    coordinates, or every one for the system.

    \b
    Example:
      mentorcore --as system tandem list --status active
    """
    s = session()
    engine = s.engine()
    reader = engine.reader(s.actor())
    if programme:
        engine.programme(programme)
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
        ["tandem", "programme", "mentee", "mentor", "status"],
        (
            [
                short(t.id),
                t.programme_key + (f" ({t.track})" if t.track else ""),
                names[t.mentee],
                names[t.mentor],
                t.status.value.replace("_", " "),
            ]
            for t in visible
        ),
        title=f"{len(visible)} tandem(s)",
    )
    if not visible:
        say("No tandem to show.")


@tandem.command("request")
@click.argument("mentor")
@click.option("--programme", "-p", required=True, help="The programme.")
@click.option("--track", help="The track, for programmes with tracks.")
@click.option("--message", default="", help="A word to the mentor.")
@common
def request(mentor: str, programme: str, track: str | None, message: str) -> None:
    """Ask MENTOR for a mentorship, as the acting mentee (CORE-1).

    Programmes that match by their coordination refuse this (MEDIC-MATCH-1,
    OSTALB-MATCH-1).

    \b
    Example:
      mentorcore --as ana tandem request ben --programme default --message "Hi Ben!"
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    people(engine, actor, mentor)
    command = RequestMentorship(
        programme_key=programme, mentor=mentor, track=track, message=message
    )
    execute(engine, actor, command, lambda t: f"Asked {t.mentor} for a mentorship")


@tandem.command("assign", short_help="Pair a mentee with a mentor (CORE-1).")
@click.argument("mentee")
@click.argument("mentor")
@click.option("--programme", "-p", required=True, help="The programme.")
@click.option("--track", help="The track, for programmes with tracks.")
@click.option("--replaces", metavar="TANDEM", help="The ended tandem this re-matches.")
@common
def assign(
    mentee: str, mentor: str, programme: str, track: str | None, replaces: str | None
) -> None:
    """Pair MENTEE with MENTOR, as a coordinator or the system (CORE-1).

    \b
    Example:
      mentorcore --as katrin.vogel tandem assign sophie.krueger weber -p medic --track clinical
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    people(engine, actor, mentee, mentor)
    predecessor = resolve.tandem_id(engine.reader(actor), replaces) if replaces else None
    command = AssignMentor(
        programme_key=programme, mentee=mentee, mentor=mentor, track=track, predecessor=predecessor
    )
    execute(engine, actor, command, f"Assigned {mentor} to {mentee}")


@tandem.command("accept")
@click.argument("tandem_ref", metavar="TANDEM")
@common
def accept(tandem_ref: str) -> None:
    """Accept a mentee's request, as the mentor asked (CORE-1).

    \b
    Example:
      mentorcore --as ben tandem accept 3f2a9c1e
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Accept(tandem_id=t.id), "Accepted")


@tandem.command("decline")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help="Why, for the mentee.")
@common
def decline(tandem_ref: str, reason: str) -> None:
    """Decline a mentee's request, as the mentor asked (CORE-1).

    \b
    Example:
      mentorcore --as ben tandem decline 3f2a9c1e --reason "no time this year"
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Decline(tandem_id=t.id, reason=reason), "Declined")


@tandem.command("opt-in", short_help="Say yes after getting to know (CORE-2).")
@click.argument("tandem_ref", metavar="TANDEM")
@common
def opt_in(tandem_ref: str) -> None:
    """Say yes after getting to know each other; both sides must (CORE-2).

    \b
    Example:
      mentorcore --as ana tandem opt-in 3f2a9c1e
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, OptIn(tandem_id=t.id), "Opted in")


@tandem.command("opt-out", short_help="Say no after getting to know (CORE-2).")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help="Why.")
@common
def opt_out(tandem_ref: str, reason: str) -> None:
    """Say no after getting to know each other; the tandem ends (CORE-2).

    \b
    Example:
      mentorcore --as ben tandem opt-out 3f2a9c1e --reason "different expectations"
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, OptOut(tandem_id=t.id, reason=reason), "Opted out")


@tandem.command("close")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--note", default="", help="A note on the closing.")
@common
def close(tandem_ref: str, note: str) -> None:
    """Begin the official end of an active mentorship (CORE-11).

    \b
    Example:
      mentorcore --as ana tandem close 3f2a9c1e --note "period ends"
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, StartClosing(tandem_id=t.id, note=note), "Closing begun")


@tandem.command("complete", short_help="End the mentorship officially (CORE-11).")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--note", default="", help="E.g. when the closing conversation took place.")
@common
def complete(tandem_ref: str, note: str) -> None:
    """End the mentorship officially; the certificate becomes available (CORE-11, CORE-12).

    \b
    Example:
      mentorcore --as katrin.vogel tandem complete 3f2a9c1e
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Complete(tandem_id=t.id, note=note), "Completed")


@tandem.command("dissolve")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", required=True, help="Why the tandem ends early.")
@common
def dissolve(tandem_ref: str, reason: str) -> None:
    """End a tandem before completion, saying why (CORE-DISSOLVE).

    \b
    Example:
      mentorcore --as katrin.vogel tandem dissolve 3f2a9c1e --reason "mentor moved away"
    """
    engine, actor, t = target(tandem_ref)
    execute(engine, actor, Dissolve(tandem_id=t.id, reason=reason), "Dissolved")


@tandem.command("rematch", short_help="Ask for another mentor (CORE-REMATCH).")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option("--reason", default="", help="Why another mentor is wanted.")
@common
def rematch(tandem_ref: str, reason: str) -> None:
    """End the tandem because the mentee wants another mentor (CORE-REMATCH).

    The next matching run (or `tandem assign --replaces`) pairs her with
    someone else.

    \b
    Example:
      mentorcore --as marie.wagner tandem rematch 3f2a9c1e --reason "other specialty"
    """
    engine, actor, t = target(tandem_ref)
    execute(
        engine,
        actor,
        RequestRematch(tandem_id=t.id, reason=reason),
        "Re-match requested: the next matching run proposes another mentor",
    )
