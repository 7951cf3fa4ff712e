"""``mentorcore tandem status``: a tandem as the viewer may see it.

Everything shown comes from the ``--as`` viewer's :class:`~mentorcore.Reader`
(``view``, ``meeting_records``, ``advisories``, ``names``); what the programme
keeps from her is listed with the rule that keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from mentorcore import Agreement, Engine, Programme, Reader, Role, Tandem
from mentorcore.cli.acting import target
from mentorcore.cli.context import common
from mentorcore.cli.output import (
    heading,
    json_mode,
    local,
    local_day,
    notice,
    paragraph,
    print_json,
    say,
    short,
    table,
)
from mentorcore.cli.tandems import tandem
from mentorcore.cli.words import commands, content
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Text, _, mark


def name(reader: Reader, person_id: str) -> str:
    """A person's name and id, as ``Ana Lopez (ana)`` (the id to copy into
    commands); only the id when the viewer may not see the person."""
    found = reader.names((person_id,)).get(person_id, person_id)
    return f"{found} ({person_id})" if found != person_id else person_id


def describe_terms(agreement: Agreement, programme: Programme | None = None) -> list[Message]:
    """The lines that describe an agreement version; topics by the titles
    *programme* gives them (else by their keys)."""
    terms = agreement.terms
    if terms.period_end:
        period = _("period: from {start} to {end}", start=terms.period_start, end=terms.period_end)
    else:
        period = _("period: from {start}, with no fixed end", start=terms.period_start)
    lines = [period]
    if terms.meetings_planned is not None:
        lines.append(_("meetings planned: {n}", n=terms.meetings_planned))
    if terms.contact_formats:
        formats = sorted((label(f) for f in terms.contact_formats), key=str)
        lines.append(_("contact: {formats}", formats=formats))
    if terms.contact_frequency:
        lines.append(_("frequency: {text}", text=terms.contact_frequency))
    if terms.topics:
        lines.append(_("topics: {topics}", topics=[_topic(programme, k) for k in terms.topics]))
    if terms.goals:
        lines.append(_("goals: {text}", text=terms.goals))
    if terms.notes:
        lines.append(_("notes: {text}", text=terms.notes))
    return lines


def _topic(programme: Programme | None, key: str) -> Text:
    found = programme.topic(key) if programme is not None else None
    return found.title if found is not None else key


@tandem.command(
    "status",
    short_help=mark("A tandem as the viewer may see it."),
    help=mark(
        "Show a tandem as the viewer (--as) may see it: people, agreement, "
        "goals, meetings, what is withheld and why, and what she may do next."
    ),
    examples=["mentorcore --as sophie.krueger tandem status 3f2a9c1e"],
)
@click.argument("tandem_ref", metavar="TANDEM")
@common
def status(tandem_ref: str) -> None:
    """The ``status`` command (its help: the ``help`` above)."""
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
    programme = engine.programme(t.programme_key)
    tz = programme.timezone
    show(engine, reader, t, actor_role=label(view.viewer_role))
    if view.agreement:
        heading(_("Agreement in force: version {version}", version=view.agreement.version))
        for line in describe_terms(view.agreement, programme):
            paragraph(line, indent=2, hang=2)
    if view.proposal:
        state = label(view.proposal.state)
        if view.awaiting:
            heading(
                _(
                    "Version {version}: {state}, awaiting the {role}",
                    version=view.proposal.version,
                    state=state,
                    role=label(view.awaiting),
                )
            )
        else:
            heading(_("Version {version}: {state}", version=view.proposal.version, state=state))
        for line in describe_terms(view.proposal, programme):
            paragraph(line, indent=2, hang=2)
        if view.proposal.comments:
            say(_("  comments: {text}", text=view.proposal.comments))
    if view.goals:
        table(
            ["#", _("goal"), _("status"), _("last reviewed"), _("note")],
            (
                [str(k), g.text, label(g.status), local_day(g.reviewed_at, tz), g.note]
                for k, g in enumerate(view.goals, start=1)
            ),
            title=_("Goals"),
        )
    if records.meetings:
        table(
            ["#", _("when"), _("kind"), _("format"), _("status"), _("attended by"), _("record")],
            (
                [
                    str(k),
                    local(m.start, tz),
                    label(m.kind),
                    label(m.format),
                    label(m.status),
                    roles(m.attended_by) or "-",
                    _("yes") if m.notes else "-",
                ]
                for k, m in enumerate(records.meetings, start=1)
            ),
            title=_("Meetings"),
        )
    withheld = list(view.withheld) + [
        (w.content, f"[{w.decision.rule_id}] {w.decision.reason}") for w in records.withheld
    ]
    for kind, why in dict.fromkeys(withheld):
        notice(_("withheld: {content}: {why}", content=content(kind), why=why))
    for rule_id, why in advisories.withheld:
        notice(_("withheld: advisory [{rule}]: {why}", rule=rule_id, why=why))
    for advisory in advisories:
        notice(_("advisory [{rule}] {text}", rule=advisory.rule_id, text=advisory.message))
    role = label(view.viewer_role)
    if possible:
        doable = ", ".join(commands(possible))
        say(_("You ({role}) may now: {commands}", role=role, commands=doable))
    else:
        say(_("You ({role}) may do nothing now.", role=role))


def roles(members: Iterable[Role]) -> str:
    """Roles by their labels, in the context's language ("mentee, mentor")."""
    return ", ".join(sorted(str(label(r)) for r in members))


def show(engine: Engine, reader: Reader, t: Tandem, *, actor_role: Message) -> None:
    """The head of a status page: programme, people (as *reader*'s viewer may
    see them), status."""
    programme = engine.programme(t.programme_key)
    if t.track:
        heading(
            _(
                "Tandem {tandem}: {programme}, {track}",
                tandem=short(t.id),
                programme=programme.name,
                track=programme.track_title(t.track),
            )
        )
    else:
        heading(_("Tandem {tandem}: {programme}", tandem=short(t.id), programme=programme.name))
    say(_("  mentee:  {name}", name=name(reader, t.mentee)))
    say(_("  mentor:  {name}", name=name(reader, t.mentor)))
    say(_("  status:  {status}   (seen as {role})", status=label(t.status), role=actor_role))
    if t.end_reason:
        say(_("  reason:  {text}", text=t.end_reason))
    if t.predecessor:
        say(_("  re-matches tandem {tandem}", tandem=short(t.predecessor)))
