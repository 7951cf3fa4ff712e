"""``mentorcore tandem status``: a tandem as the viewer may see it.

Everything shown comes from the ``--as`` viewer's :class:`~mentorcore.Reader`
(``view``, ``meeting_records``, ``advisories``, ``names``); what the programme
keeps from her is listed with the rule that keeps it.
"""

from __future__ import annotations

import click

from mentorcore import Agreement, Engine, Reader, Tandem
from mentorcore.cli.acting import target
from mentorcore.cli.context import common
from mentorcore.cli.output import heading, json_mode, local, notice, print_json, say, short, table
from mentorcore.cli.tandems import tandem


def name(reader: Reader, person_id: str) -> str:
    """A person's name and id, as ``Ana Lopez (ana)``; only the id when the
    viewer may not see the person."""
    found = reader.names((person_id,)).get(person_id, person_id)
    return f"{found} ({person_id})" if found != person_id else person_id


def describe_terms(agreement: Agreement) -> list[str]:
    """The lines that describe an agreement version."""
    terms = agreement.terms
    until = f"to {terms.period_end}" if terms.period_end else "with no fixed end"
    lines = [f"period: from {terms.period_start} {until}"]
    if terms.meetings_planned is not None:
        lines.append(f"meetings planned: {terms.meetings_planned}")
    if terms.contact_formats:
        formats = ", ".join(sorted(f.value.replace("_", " ") for f in terms.contact_formats))
        lines.append(f"contact: {formats}")
    if terms.contact_frequency:
        lines.append(f"frequency: {terms.contact_frequency}")
    if terms.topics:
        lines.append(f"topics: {', '.join(terms.topics)}")
    if terms.goals:
        lines.append(f"goals: {terms.goals}")
    if terms.notes:
        lines.append(f"notes: {terms.notes}")
    return lines


@tandem.command("status", short_help="A tandem as the viewer may see it.")
@click.argument("tandem_ref", metavar="TANDEM")
@common
def status(tandem_ref: str) -> None:
    """Show a tandem as the viewer (--as) may see it: people, agreement, goals,
    meetings, what is withheld and why, and what she may do next.

    \b
    Example:
      mentorcore --as sophie.krueger tandem status 3f2a9c1e
    """
    engine, actor, t = target(tandem_ref)
    reader = engine.reader(actor)
    view = reader.view(t.id)
    records = reader.meeting_records(t.id)
    possible = reader.possible_commands(t.id)
    advisories = reader.advisories(t.id)
    if json_mode():
        print_json(
            {
                "tandem": view,
                "meetings": records.meetings,
                "meetings_withheld": records.withheld,
                "possible": possible,
                "advisories": advisories.shown,
                "advisories_withheld": advisories.withheld,
            }
        )
        return
    tz = engine.programme(t.programme_key).timezone
    show(engine, reader, t, actor_role=view.viewer_role.value)
    if view.agreement:
        heading(f"Agreement in force: version {view.agreement.version}")
        for line in describe_terms(view.agreement):
            say(f"  {line}")
    if view.proposal:
        waiting = f", awaiting the {view.awaiting.value}" if view.awaiting else ""
        heading(f"Version {view.proposal.version}: {view.proposal.state.value}{waiting}")
        for line in describe_terms(view.proposal):
            say(f"  {line}")
        if view.proposal.comments:
            say(f"  comments: {view.proposal.comments}")
    if view.goals:
        table(
            ["#", "goal", "status", "last reviewed", "note"],
            (
                [
                    str(k),
                    g.text,
                    g.status.value.replace("_", " "),
                    local(g.reviewed_at, tz, "%Y-%m-%d"),
                    g.note,
                ]
                for k, g in enumerate(view.goals, start=1)
            ),
            title="Goals",
        )
    if records.meetings:
        table(
            ["#", "when", "kind", "format", "status", "attended by", "record"],
            (
                [
                    str(k),
                    local(m.start, tz),
                    m.kind.value.replace("_", " "),
                    m.format.value.replace("_", " "),
                    m.status.value,
                    ", ".join(sorted(r.value for r in m.attended_by)) or "-",
                    "yes" if m.notes else "-",
                ]
                for k, m in enumerate(records.meetings, start=1)
            ),
            title=f"Meetings ({tz})",
        )
    withheld = list(view.withheld) + [
        (w.content, f"[{w.decision.rule_id}] {w.decision.reason}") for w in records.withheld
    ]
    for content, why in dict.fromkeys(withheld):
        notice(f"withheld: {content.value.replace('_', ' ')}: {why}")
    for rule_id, why in advisories.withheld:
        notice(f"withheld: advisory [{rule_id}]: {why}")
    for advisory in advisories:
        notice(f"advisory [{advisory.rule_id}] {advisory.message}")
    say(f"You ({view.viewer_role.value}) may now: {', '.join(possible) or 'nothing'}")


def show(engine: Engine, reader: Reader, t: Tandem, *, actor_role: str) -> None:
    """The head of a status page: programme, people (as *reader*'s viewer may
    see them), status."""
    programme = engine.programme(t.programme_key)
    heading(f"Tandem {short(t.id)}: {programme.name}" + (f", {t.track} track" if t.track else ""))
    say(f"  mentee:  {name(reader, t.mentee)}")
    say(f"  mentor:  {name(reader, t.mentor)}")
    say(f"  status:  {t.status.value.replace('_', ' ')}   (seen as {actor_role})")
    if t.end_reason:
        say(f"  reason:  {t.end_reason}")
    if t.predecessor:
        say(f"  re-matches tandem {short(t.predecessor)}")
