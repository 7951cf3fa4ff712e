"""``mentorcore demo PROGRAMME``: a cohort's year, from registration to certificate.

The cohort comes from ``examples/cohorts/``: ``<programme>.json`` (the
coordination and the mentors, and a ``demo`` section naming who plays which
part) and ``<programme>-*.csv`` (the mentees, as an application form tool
exports them). The year runs on a fresh database in the output folder, so
it can be explored afterwards with every other command.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import click

from mentorcore import Actor, Engine, FixedClock, InvalidInput, Tandem
from mentorcore.cli import importing, matching, readers, reports
from mentorcore.cli.certificate import write as write_certificate
from mentorcore.cli.context import common
from mentorcore.cli.demo_plan import (
    COHORTS,
    GETTING_TO_KNOW,
    LAGGING_SLOTS,
    MATCHING,
    UNDELIVERED_SLOTS,
    Plan,
    cohort_files,
    read_plan,
)
from mentorcore.cli.demo_year import Year
from mentorcore.cli.files import inside, safe_name
from mentorcore.cli.output import heading, json_mode, print_json, progress, say, short, table
from mentorcore.cli.status import describe_terms


@click.command("demo", short_help="Play a cohort's year of a programme.")
@click.argument("programme")
@click.option(
    "--out",
    default=Path("mentorcore-demo"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the database, the .ics and the certificate.",
)
@click.option(
    "--cohort",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of cohort files (default: examples/cohorts of the source checkout).",
)
@common
def demo(programme: str, out: Path, cohort: Path | None) -> None:
    """Play a cohort's year of PROGRAMME through the engine: registration,
    matching, getting to know, agreements, meetings, a few refused mistakes
    (with their rule IDs), due actions and closing; then print the health
    report and write the programme's calendar (.ics) and one certificate (PDF).

    The clock follows the cohort's own dates (--today is not used).

    \b
    Example:
      mentorcore demo medic --out out/demo
    """
    files = cohort_files(cohort or COHORTS, programme)
    plan = read_plan(files[0])
    out.mkdir(parents=True, exist_ok=True)
    db = inside(out, f"{safe_name(programme)}.db")
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # the demo's own database from an earlier run
    clock = FixedClock(datetime.combine(plan.start, time(8), tzinfo=UTC))
    with Engine(db, clock=clock) as engine:
        result = _play(engine, clock, programme, files, plan, out)
    if json_mode():
        print_json({"ok": True, "database": db, **result})


def _play(
    engine: Engine, clock: FixedClock, key: str, files: list[Path], plan: Plan, out: Path
) -> dict[str, Any]:
    programme = engine.programme(key)
    year = Year(engine, clock, programme, plan.cast, plan.start, say)
    heading(f"{programme.name}: a cohort's year, {plan.start} to {year.end}")
    say(f"database {out / (key + '.db')}; the clock follows the cohort's dates\n")

    _register(engine, year, files, plan, out)

    heading(f"\n2. Matching ({year.start + timedelta(days=MATCHING)})")
    year.move(plan.start + timedelta(days=MATCHING))
    tandems = _match(engine, year, key, list(programme.tracks) or [None], only=None)

    heading(f"\n3. Getting to know ({plan.start + timedelta(days=GETTING_TO_KNOW)})")
    going_on = year.get_to_know(tandems, plan.start + timedelta(days=GETTING_TO_KNOW))
    continuing = {t.id for t in going_on}
    for ended in (t for t in tandems if t.id not in continuing):
        gone = engine.reader(year.coordinator).tandem(ended.id)
        if gone.rematch_requested:
            year.move(plan.start + timedelta(days=GETTING_TO_KNOW + 1))
            again = _match(engine, year, key, [gone.track], only=[gone.mentee])
            year.log.rematched += [(gone, t) for t in again]
            going_on += year.get_to_know(again, plan.start + timedelta(days=GETTING_TO_KNOW + 6))
    say(f"  {len(going_on)} tandems decide to go on")

    heading(f"\n4. Agreements ({year.agreements_day})")
    active = year.agree(sorted(going_on, key=lambda t: t.mentee))
    table(
        ["tandem", "mentee", "mentor", "agreement in force"],
        (
            [
                short(t.id),
                year.name(t.mentee),
                year.name(t.mentor),
                "; ".join(describe_terms(t.agreement)[:2]) if t.agreement else "-",
            ]
            for t in active
        ),
    )

    heading(f"\n5. Meetings, {year.slots()[0]} to {year.end}")
    slots = year.slots()
    with progress("meeting", len(slots)) as advance:
        for k, day in enumerate(slots):
            year.meet(active, k, day)
            if k < len(slots) - UNDELIVERED_SLOTS:
                year.deliver()
            advance(1)
    year.close(active)
    say(
        f"  {year.log.meetings_held} meetings held; "
        f"{year.log.delivered} due actions delivered on the way"
    )
    if plan.cast.lags:
        say(
            f"  {year.name(plan.cast.lags)} met only {len(LAGGING_SLOTS)} times after the agreement"
        )
    if year.log.completed:
        t = year.log.completed
        say(
            f"  {year.name(t.mentee)} and {year.name(t.mentor)} "
            f"completed their mentorship on {year.end}"
        )

    heading(f"\n6. Due actions on {year.end}")
    host = engine.reader(Actor.system())  # the host's delivery job
    actions = host.due_actions()
    reports.print_due(host, actions, programme.timezone, limit=20)

    heading(f"\n7. Health report on {year.end}")
    coordinator = year.coordinator
    health = reports.print_health(engine, key, coordinator)

    heading("\n8. Files")
    ics = inside(out, f"{safe_name(key)}-meetings.ics")
    ics.write_bytes(engine.reader(coordinator).programme_calendar(key))
    say(f"  calendar:    {ics}")
    pdf = None
    if year.log.completed:
        t = year.log.completed
        cert = engine.reader(Actor.person(t.mentee)).certificate(t.id)
        named = inside(out, f"certificate-{safe_name(t.mentee)}.pdf")
        pdf = write_certificate(cert, named, year.end)
        say(f"  certificate: {pdf}")
    say(
        f"\nExplore: mentorcore --db {inside(out, safe_name(key) + '.db')} "
        f"--as {plan.cast.coordinator} tandem list"
    )
    return {
        "tandems": [t.id for t in active],
        "refusals": [{"what": w, "why": r} for w, r in year.log.refusals],
        "meetings_held": year.log.meetings_held,
        "due_actions": actions,
        "health": health,
        "calendar": ics,
        "certificate": pdf,
    }


def _register(engine: Engine, year: Year, files: list[Path], plan: Plan, out: Path) -> None:
    """Import the cohort all or nothing, then show a late application refused."""
    key = year.programme.key
    heading(f"1. Registration ({plan.start})")
    system = Actor.system()
    rows, problems = [], []
    for path in files:
        found, trouble = readers.read(path, programme=key, role=None)
        rows += found
        problems += trouble
    problems = problems or importing.run(engine, rows, system, write=True)
    if problems:
        raise InvalidInput([(p.where, f"{p.field}: {p.what}") for p in problems])
    counts = readers.summary(rows)
    say(
        "  "
        + ", ".join(f"{n} {role}{'s' if n != 1 else ''}" for (_, role), n in sorted(counts.items()))
    )
    say(f"  from {', '.join(p.name for p in files)}")
    late_rows, late_problems = readers.rows_of(plan.late, programme=key, role=None)
    late_problems += importing.run(engine, late_rows, system, write=False)
    for problem in late_problems:
        late = next((r.person.name for r in late_rows if r.where == problem.where), problem.where)
        why = f"[{problem.rule_id}] {problem.what}" if problem.rule_id else str(problem)
        year.log.refusals.append((f"late application of {late}", why))
        say(f"  refused: late application of {late}, nothing imported: {why}")


def _match(
    engine: Engine, year: Year, key: str, tracks: list[str | None], only: list[str] | None
) -> list[Tandem]:
    coordinator = year.coordinator
    created: list[Tandem] = []
    for track in tracks:
        proposal = matching.propose(engine, coordinator, key, track, None, (), only or ())
        matching.show(engine, coordinator, proposal)
        created += matching.confirm(engine, proposal, coordinator)
    table(
        ["tandem", "mentee", "mentor", "track", "status"],
        (
            [
                short(t.id),
                year.name(t.mentee),
                year.name(t.mentor),
                t.track or "-",
                t.status.value.replace("_", " "),
            ]
            for t in created
        ),
        title=f"{len(created)} tandem(s) created by {year.name(year.cast.coordinator)}",
    )
    return created
