"""``mentorcore demo PROGRAMME``: a cohort's year, from registration to certificate.

The cohort comes from the package's ``cohorts`` folder (``examples/cohorts/``
in a source checkout links to it) or ``--cohort``: ``<programme>.json`` (the
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

from mentorcore import Actor, Engine, FixedClock, InvalidInput, Role, Tandem
from mentorcore.cli import importing, matching, readers, reports
from mentorcore.cli.certificate import write as write_certificate
from mentorcore.cli.context import common
from mentorcore.cli.demo_mail import DemoPost, show_open_feedback
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
from mentorcore.cli.health import print_health
from mentorcore.cli.helptext import command
from mentorcore.cli.language import follow
from mentorcore.cli.output import heading, json_mode, print_json, progress, say, short, table
from mentorcore.cli.status import describe_terms
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _, mark


@command(
    "demo",
    short_help=mark("Play a cohort's year of a programme."),
    help=mark(
        "Play a cohort's year of PROGRAMME through the engine: registration, "
        "matching, getting to know, agreements, meetings, a few refused "
        "mistakes (with their rule IDs), due actions and closing; then print "
        "the health report and write the programme's calendar (.ics) and one "
        "certificate (PDF).\n\n"
        "The clock follows the cohort's own dates (--today is not used)."
    ),
    examples=["mentorcore demo medic --out out/demo"],
)
@click.argument("programme")
@click.option(
    "--out",
    default=Path("mentorcore-demo"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=mark("Folder for the database, the .ics and the certificate."),
)
@click.option(
    "--cohort",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=mark("Folder of cohort files (default: the cohorts shipped with mentorcore)."),
)
@click.option(
    "--mail-to-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=mark("Also write every message of the year, and those it would send now, as .eml files."),
)
@click.option(
    "--serve",
    "serve_it",
    is_flag=True,
    help=mark(
        "Then serve the demo year in the browser on 127.0.0.1 (the web extra; "
        "a sign-in for trying it out, not for production)."
    ),
)
@click.option(
    "--port", default=8000, show_default=True, type=int, help=mark("The port to serve on.")
)
@common
def demo(
    programme: str,
    out: Path,
    cohort: Path | None,
    mail_to_dir: Path | None,
    serve_it: bool,
    port: int,
) -> None:
    """The ``demo`` command (its help: the ``help`` above)."""
    files = cohort_files(cohort or COHORTS, programme)
    plan = read_plan(files[0])
    out.mkdir(parents=True, exist_ok=True)
    db = inside(out, f"{safe_name(programme)}.db")
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # the demo's own database from an earlier run
    clock = FixedClock(datetime.combine(plan.start, time(8), tzinfo=UTC))
    with Engine(db, clock=clock) as engine:
        post = DemoPost(engine, programme, mail_to_dir)
        result = _play(engine, clock, programme, files, plan, out, post)
        if json_mode():
            print_json({"ok": True, "database": db, **result})
        if serve_it:  # on the demo's clock: the pages see the year's last day
            from mentorcore.cli.serve import run

            run(engine, "127.0.0.1", port)


def _play(
    engine: Engine,
    clock: FixedClock,
    key: str,
    files: list[Path],
    plan: Plan,
    out: Path,
    post: DemoPost,
) -> dict[str, Any]:
    programme = engine.programme(key)
    follow(programme.language)
    year = Year(engine, clock, programme, plan.cast, plan.start, say)
    heading(
        _(
            "{programme}: a cohort's year, {start} to {end}",
            programme=programme.name,
            start=plan.start,
            end=year.end,
        )
    )
    say(_("database {path}; the clock follows the cohort's dates", path=str(out / f"{key}.db")))
    say()

    _register(engine, year, files, plan, out)

    say()
    heading(_("2. Matching ({day})", day=year.start + timedelta(days=MATCHING)))
    year.move(plan.start + timedelta(days=MATCHING))
    tandems = _match(engine, year, key, list(programme.tracks) or [None], only=None)
    year.log.delivered += post.deliver()  # the pairing notices (OSTALB-NOTIFY-1)

    say()
    heading(_("3. Getting to know ({day})", day=plan.start + timedelta(days=GETTING_TO_KNOW)))
    going_on = year.get_to_know(tandems, plan.start + timedelta(days=GETTING_TO_KNOW))
    continuing = {t.id for t in going_on}
    for ended in (t for t in tandems if t.id not in continuing):
        gone = engine.reader(year.coordinator).tandem(ended.id)
        if gone.rematch_requested:
            year.move(plan.start + timedelta(days=GETTING_TO_KNOW + 1))
            again = _match(engine, year, key, [gone.track], only=[gone.mentee])
            year.log.rematched += [(gone, t) for t in again]
            going_on += year.get_to_know(again, plan.start + timedelta(days=GETTING_TO_KNOW + 6))
    say(_.plural("  {n} tandem decides to go on", "  {n} tandems decide to go on", len(going_on)))

    say()
    heading(_("4. Agreements ({day})", day=year.agreements_day))
    active = year.agree(sorted(going_on, key=lambda t: t.mentee))
    table(
        [_("tandem"), _("mentee"), _("mentor"), _("agreement in force")],
        (
            [
                short(t.id),
                year.name(t.mentee),
                year.name(t.mentor),
                "; ".join(str(line) for line in describe_terms(t.agreement)[:2])
                if t.agreement
                else "-",
            ]
            for t in active
        ),
    )

    say()
    heading(_("5. Meetings, {start} to {end}", start=year.slots()[0], end=year.end))
    slots = year.slots()
    with progress(str(_("meetings")), len(slots)) as advance:
        for k, day in enumerate(slots):
            year.meet(active, k, day)
            if k < len(slots) - UNDELIVERED_SLOTS:
                year.log.delivered += post.deliver()  # the host's cron job
                post.answer_feedback()
            advance(1)
    year.close(active)
    held = _.plural("{n} meeting held", "{n} meetings held", year.log.meetings_held)
    delivered = _.plural(
        "{n} due action delivered on the way",
        "{n} due actions delivered on the way",
        year.log.delivered,
    )
    say(_("  {held}; {delivered}", held=held, delivered=delivered))
    if plan.cast.lags:
        say(
            _.plural(
                "  {name} met only once after the agreement",
                "  {name} met only {n} times after the agreement",
                len(LAGGING_SLOTS),
                name=year.name(plan.cast.lags),
            )
        )
    if year.log.completed:
        t = year.log.completed
        say(
            _(
                "  {mentee} and {mentor} completed their mentorship on {day}",
                mentee=year.name(t.mentee),
                mentor=year.name(t.mentor),
                day=year.end,
            )
        )

    say()
    heading(_("6. Due actions on {day}", day=year.end))
    host = engine.reader(Actor.system())  # the host's delivery job
    actions = host.due_actions()
    reports.print_due(host, actions, programme.timezone, limit=20)

    say()
    heading(_("7. Health report on {day}", day=year.end))
    coordinator = year.coordinator
    health = print_health(engine, key, coordinator)

    say()
    heading(_("8. Mail, {start} to {end}", start=plan.start, end=year.end))
    post.show()

    say()
    heading(_("9. Open feedback on {day}", day=year.end))
    show_open_feedback(engine, key, coordinator)

    say()
    heading(_("10. Files"))
    ics = inside(out, f"{safe_name(key)}-meetings.ics")
    ics.write_bytes(engine.reader(coordinator).programme_calendar(key))
    say(_("  calendar:    {path}", path=str(ics)))
    pdf = None
    if year.log.completed:
        t = year.log.completed
        cert = engine.reader(Actor.person(t.mentee)).certificate(t.id)
        named = inside(out, f"certificate-{safe_name(t.mentee)}.pdf")
        pdf = write_certificate(cert, named, year.end)
        say(_("  certificate: {path}", path=str(pdf)))
    say()
    explore = (
        f"mentorcore --db {inside(out, safe_name(key) + '.db')} "
        f"--as {plan.cast.coordinator} tandem list"
    )
    say(_("Explore: {command}", command=explore))
    return {
        "tandems": [t.id for t in active],
        "refusals": [{"what": str(w), "why": r} for w, r in year.log.refusals],
        "meetings_held": year.log.meetings_held,
        "due_actions": actions,
        "health": health,
        "messages_sent": len(post.sent),
        "calendar": ics,
        "certificate": pdf,
    }


def _register(engine: Engine, year: Year, files: list[Path], plan: Plan, out: Path) -> None:
    """Import the cohort all or nothing, then show a late application refused."""
    key = year.programme.key
    heading(_("1. Registration ({day})", day=plan.start))
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
        _(
            "  {counts}",
            counts=[role_count(Role(role), n) for (_p, role), n in sorted(counts.items())],
        )
    )
    say(_("  from {files}", files=[p.name for p in files]))
    late_rows, late_problems = readers.rows_of(plan.late, programme=key, role=None)
    late_problems += importing.run(engine, late_rows, system, write=False)
    for problem in late_problems:
        late = next((r.person.name for r in late_rows if r.where == problem.where), problem.where)
        why = f"[{problem.rule_id}] {problem.what}" if problem.rule_id else str(problem)
        what = _("late application of {name}", name=late)
        year.log.refusals.append((what, why))
        say(
            _(
                "  refused: late application of {name}, nothing imported: {why}",
                name=late,
                why=why,
            )
        )


def role_count(role: Role, n: int) -> Message:
    """ "3 mentees", "1 coordination" in the context's language."""
    if role is Role.MENTEE:
        return _.plural("{n} mentee", "{n} mentees", n)
    if role is Role.MENTOR:
        return _.plural("{n} mentor", "{n} mentors", n)
    if role is Role.COORDINATOR:
        return _.plural("{n} coordinator", "{n} coordinators", n)
    return _("{n} × {role}", n=n, role=label(role))


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
        [_("tandem"), _("mentee"), _("mentor"), _("track"), _("status")],
        (
            [
                short(t.id),
                year.name(t.mentee),
                year.name(t.mentor),
                engine.programme(key).track_title(t.track) if t.track else "-",
                label(t.status),
            ]
            for t in created
        ),
        title=_.plural(
            "{n} tandem created by {name}",
            "{n} tandems created by {name}",
            len(created),
            name=year.name(year.cast.coordinator),
        ),
    )
    return created
