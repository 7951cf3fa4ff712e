"""Reports: a tandem's cadence, a programme's health, due actions, activity logs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import click

from mentorcore import Actor, CadenceStatus, DueAction, Reader, Role
from mentorcore.cli import resolve
from mentorcore.cli.acting import people, target
from mentorcore.cli.context import common, session
from mentorcore.cli.dates import day_option
from mentorcore.cli.health import print_health
from mentorcore.cli.helptext import command
from mentorcore.cli.language import follow
from mentorcore.cli.output import (
    json_mode,
    local,
    local_day,
    print_json,
    say,
    short,
    status_text,
    table,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Text, _, mark
from mentorcore.policy.due import kind_title

#: The zone of times that belong to no programme (activity logs, ``due`` without one).
ZONE = "Europe/Berlin"


@command(
    "cadence",
    short_help=mark("A tandem's meetings against the cadence rules."),
    help=mark(
        "A tandem's meetings per period against the programme's cadence rules "
        "(MEDIC-CAD-1/2, OSTALB-CAD-1), and deviations from its agreement "
        "(CORE-8)."
    ),
    examples=["mentorcore --as weber cadence 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def cadence(tandem_ref: str) -> None:
    """The ``cadence`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    report = engine.reader(actor).cadence(t.id)
    if json_mode():
        print_json(report)
        return
    names = engine.reader(actor).names((t.mentee, t.mentor))
    table(
        [
            _("period"),
            _("rule"),
            _("required"),
            _("held"),
            _("in person"),
            _("planned"),
            _("status"),
            _("why"),
        ],
        (
            [
                row.period.label,
                row.rule_id,
                "-" if row.pace_withheld else str(row.required),
                str(row.held),
                str(row.in_person),
                str(row.planned),
                status_text(row.status is CadenceStatus.ON_TRACK),
                row.reason,
            ]
            for row in report.periods
        ),
        title=_(
            "Cadence of tandem {tandem} ({mentee} and {mentor})",
            tandem=short(t.id),
            mentee=names.get(t.mentee, t.mentee),
            mentor=names.get(t.mentor, t.mentor),
        ),
    )
    if not report.periods:
        say(
            _(
                "No cadence rows: the tandem is not active yet, "
                "or the programme has no cadence rule."
            )
        )
    for d in report.deviations:
        say(
            _(
                "[CORE-8] {reason} (since {day}): an amendment is due",
                reason=d.reason,
                day=local_day(d.since, engine.programme(t.programme_key).timezone),
            )
        )
    for why in report.withheld:
        say(_("withheld: deviations from the agreement (CORE-8): {why}", why=why))


@command(
    "health",
    short_help=mark("Which tandems are on track, and which behind."),
    help=mark(
        "The programme's health: for every tandem that became active, whether "
        "it meets as often as the cadence rules ask (on track or behind, and "
        "why) and whether its meetings deviate from its agreement (CORE-8)."
    ),
    examples=["mentorcore --as katrin.vogel --today 2027-06-01 health medic"],
)
@click.argument("programme")
@common
def health(programme: str) -> None:
    """The ``health`` command (its help: the ``help`` above)."""
    s = session()
    engine = s.engine()
    rows = print_health(engine, programme, s.actor())
    if json_mode():
        print_json(rows)
    elif not rows:
        say(_("No tandem of this programme has become active yet."))


def _end_of(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


@command(
    "due",
    short_help=mark("Due actions by a date: reminders, warnings, reviews."),
    help=mark(
        "The actions due by a date: feedback requests, reminders, cadence "
        "warnings, goal reviews, evaluations, closing; each with its rule, "
        "recipient and reason. The system sees all; anyone else what is "
        "addressed to her or to the coordination of her programmes."
    ),
    examples=["mentorcore --as system due --date 2027-04-01 --programme medic"],
)
@click.option(
    "--date",
    "on",
    callback=day_option,
    metavar="DATE",
    help=mark("Due by the end of this day (default: now)."),
)
@click.option("--programme", "-p", help=mark("Only this programme."))
@click.option("--tandem", "tandem_ref", metavar="TANDEM", help=mark("Only this tandem."))
@click.option(
    "--acknowledge", is_flag=True, help=mark("Record them as delivered: not reported again.")
)
@common
def due(on: date | None, programme: str | None, tandem_ref: str | None, acknowledge: bool) -> None:
    """The ``due`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    reader = engine.reader(actor)
    if programme:
        follow(engine.programme(programme).language)
    tz = engine.programme(programme).timezone if programme else ZONE
    now = _end_of(on, tz) if on else s.clock.now()
    tandem_id = resolve.tandem_id(reader, tandem_ref) if tandem_ref else None
    actions = addressed_to(actor, reader.due_actions(now, tandem_id=tandem_id, programme=programme))
    acknowledged = [
        a.key for a in actions if acknowledge and engine.acknowledge(a.key, actor=actor, now=now)
    ]
    if json_mode():
        print_json({"now": now, "actions": actions, "acknowledged": acknowledged})
        return
    title = _.plural(
        "{n} action due by {moment}",
        "{n} actions due by {moment}",
        len(actions),
        moment=local(now, tz),
    )
    print_due(reader, actions, tz, title=title)
    if acknowledged:
        say(_.plural("{n} recorded as delivered.", "{n} recorded as delivered.", len(acknowledged)))


def addressed_to(actor: Actor, actions: list[DueAction]) -> list[DueAction]:
    """The *actions* for *actor*: all of them for the system; for a person those
    addressed to her or, where she coordinates, to the coordination.

    *actions* come from *actor*'s reader, which gives a coordinator every action
    of her programmes and anyone else only what names her.
    """
    me = actor.person_id
    if me is None:
        return actions
    return [
        a
        for a in actions
        if me in a.recipients or (not a.recipients and a.recipient_role is Role.COORDINATOR)
    ]


def print_due(
    reader: Reader,
    actions: list[DueAction],
    timezone: str,
    *,
    title: Message | None = None,
    limit: int | None = None,
) -> None:
    """Due actions as a table: since when, rule, kind, recipients, tandem, why.

    Actions for the same cause to both sides of a tandem share one row; people
    are named as *reader*'s viewer may see them.
    """
    names = reader.names(tuple(p for a in actions for p in a.recipients))
    grouped: dict[tuple[str, str, object, str], list[DueAction]] = {}
    for a in actions:
        grouped.setdefault((a.rule_id, a.kind, a.tandem_id, a.reason), []).append(a)

    def to(group: list[DueAction]) -> Text:
        people = [names.get(p, p) for a in group for p in a.recipients]
        if people:
            return ", ".join(dict.fromkeys(people))
        role = group[0].recipient_role
        return _("the coordination") if role is Role.COORDINATOR else label(role)

    groups = sorted(grouped.values(), key=lambda g: (min(a.due_at for a in g), g[0].key))
    shown = groups if limit is None else groups[:limit]
    table(
        [_("due since"), _("rule"), _("kind"), _("to"), _("tandem"), _("why")],
        (
            [
                local_day(min(a.due_at for a in g), timezone),
                g[0].rule_id,
                kind_title(g[0].kind, g[0].title),
                to(g),
                short(g[0].tandem_id) if g[0].tandem_id else "-",
                g[0].reason,
            ]
            for g in shown
        ),
        title=title or _.plural("{n} action due", "{n} actions due", len(actions)),
    )
    if len(shown) < len(groups):
        by_rule: dict[str, int] = {}
        for g in groups[len(shown) :]:
            by_rule[g[0].rule_id] = by_rule.get(g[0].rule_id, 0) + len(g)
        more = ", ".join(f"{n} {rule}" for rule, n in sorted(by_rule.items()))
        say(_("... and {more} more: see `mentorcore due`", more=more))


@command(
    "activity",
    short_help=mark("A person's activity log (CORE-10)."),
    help=mark("A person's activity log, oldest first, as the viewer may see it (CORE-10)."),
    examples=["mentorcore --as sophie.krueger activity sophie.krueger"],
)
@click.argument("person")
@click.option(
    "--since", callback=day_option, metavar="DATE", help=mark("Only entries from this day on.")
)
@common
def activity(person: str, since: date | None) -> None:
    """The ``activity`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    reader = engine.reader(actor)
    people(engine, actor, person)
    log = reader.activity(person)
    if since is not None:
        log = [entry for entry in log if entry.occurred_at.date() >= since]
    if json_mode():
        print_json(log)
        return
    table(
        [_("when"), _("what"), _("tandem")],
        (
            [local(e.occurred_at, ZONE), e.text, short(e.tandem_id) if e.tandem_id else "-"]
            for e in log
        ),
        title=_("Activity of {name}", name=reader.names((person,))[person]),
    )
