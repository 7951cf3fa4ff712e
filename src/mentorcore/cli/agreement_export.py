"""``mentorcore agreement export``: a copy of the agreement in force (MEDIC-AGR-1).

The copy comes from the library (``Reader.agreement_copy``, written by
:mod:`mentorcore.read.agreement_copy`): only for a viewer the programme lets
see the agreement (MEDiC's coordination, MEDIC-AGR-1; never Ostalb's,
OSTALB-CONF-1), in the invocation's language, else the programme's.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from mentorcore.cli.acting import target
from mentorcore.cli.agreements import agreement
from mentorcore.cli.context import common
from mentorcore.cli.output import console, echo, json_mode, print_json, visible
from mentorcore.i18n import _, mark
from mentorcore.read.agreement_copy import data, markdown


@agreement.command(
    "export",
    short_help=mark("Write a copy of the agreement in force (MEDIC-AGR-1)."),
    help=mark(
        "Write a copy of the agreement in force as a Markdown document or as JSON: "
        "the names of the two, period, framework, topics, the plan per meeting, "
        "goals, further agreements, version and the day it was approved. Only for "
        "those the programme lets see the agreement: mentee, mentor and, in MEDiC, "
        "the coordination, which receives a copy (MEDIC-AGR-1)."
    ),
    examples=[
        "mentorcore --as katrin.vogel agreement export 3f2a9c1e --out agreement.md",
        "mentorcore --as katrin.vogel agreement export 3f2a9c1e --format json",
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=mark("Write the copy here (default: print it)."),
)
@click.option(
    "--format",
    "kind",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help=mark("Markdown document or JSON data."),
)
@common
def export(tandem_ref: str, out: Path | None, kind: str) -> None:
    """The ``export`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    copy = engine.reader(actor).agreement_copy(t.id)
    facts = data(copy)
    text = markdown(copy) if kind == "md" else json.dumps(facts, ensure_ascii=False, indent=2)
    text = text.rstrip("\n") + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        if json_mode():
            print_json({"ok": True, "path": str(out), "format": kind})
        else:
            echo(_("Wrote the agreement of {mentee} to {path}", mentee=copy.mentee_name, path=out))
    elif json_mode():
        print_json({"ok": True, "agreement": facts, **({"markdown": text} if kind == "md" else {})})
    elif kind == "json":
        print_json(facts)
    else:
        # On a terminal the copy is read: controls shown as escapes; into a pipe, as written.
        click.echo(visible(text) if console().is_terminal else text, nl=False)
