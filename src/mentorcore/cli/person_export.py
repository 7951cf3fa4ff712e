"""``mentorcore person export``: a copy of everything mentorcore holds about a
person (DSGVO Art. 15 and 20), as three files.

The export comes from the library (``Reader.export_person``, gathered by
:mod:`mentorcore.read.export`): only what the ``--as`` viewer may see, for
the person themself, a coordinator of a programme they are enrolled in, or
the system (CORE-EXPORT-1), in the invocation's language, else the programme's.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import click

from mentorcore.cli.acting import people
from mentorcore.cli.context import common, session
from mentorcore.cli.language import follow
from mentorcore.cli.output import echo, json_mode, print_json
from mentorcore.cli.person import person
from mentorcore.errors import InvalidInput
from mentorcore.i18n import _, mark


def file_stem(person_id: str) -> str:
    """*person_id* as a file name of its own in any directory: path separators,
    controls and other characters file systems treat specially are %-escaped,
    as is a leading dot (no hidden file, no ``..``)."""
    stem = quote(person_id, safe="@+-_.~")
    return "%2E" + stem[1:] if stem.startswith(".") else stem


@person.command(
    "export",
    short_help=mark("Write a copy of a person's data (DSGVO Art. 15, 20)."),
    help=mark(
        "Write a copy of everything mentorcore holds about a person that you may see: "
        "ID.json (machine-readable, schema mentorcore.person-export/1), ID.md (a "
        "summary to read) and ID.ics (the meetings as a calendar). It holds the "
        "person's details, enrolments and profiles, relations, tandems with "
        "agreements, goals and meetings, and the activity log; what the programme "
        "keeps from you is left out and named with its rule. The person may export "
        "their own data, a coordinator that of the people of their programmes "
        "(only what the programme lets the coordination see), the system anyone's "
        "(CORE-EXPORT-1). Existing files are not overwritten without --force."
    ),
    examples=[
        "mentorcore --as sophie.krueger person export sophie.krueger",
        "mentorcore --as system person export sophie.krueger --out export/ --force",
    ],
)
@click.argument("person_id", metavar="ID")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help=mark("Write the files into this directory (made if missing; default: here)."),
)
@click.option("--force", is_flag=True, help=mark("Overwrite files that exist already."))
@common
def export(person_id: str, out: Path, force: bool) -> None:
    """The ``export`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    people(engine, actor, person_id)
    found = engine.reader(actor).export_person(person_id)
    follow(found.language)
    stem = file_stem(person_id)
    data = found.data()
    texts = {
        "json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "md": found.summary(),
    }
    paths = {kind: out / f"{stem}.{kind}" for kind in ("json", "md", "ics")}
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        problem = _(
            "{paths} exist already; pass --force to overwrite",
            paths=tuple(str(p) for p in existing),
        )
        raise InvalidInput([("--out", problem)])
    out.mkdir(parents=True, exist_ok=True)
    for kind, text in texts.items():
        paths[kind].write_text(text, encoding="utf-8")
    paths["ics"].write_bytes(found.calendar)
    if json_mode():
        print_json(
            {
                "ok": True,
                "person": person_id,
                "schema": data["schema"],
                "language": found.language,
                "files": {kind: str(path) for kind, path in paths.items()},
                "tandems": len(found.tandems),
            }
        )
        return
    echo(_("Exported the data of {name}:", name=found.person.name))
    for path in paths.values():
        echo(_("Wrote {path}", path=str(path)))
