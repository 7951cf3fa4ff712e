"""``mentorcore import`` and ``mentorcore people``: bringing people in, and listing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mentorcore import Actor, Engine, InvalidInput, Participant, Role
from mentorcore.cli import columns, decoding, importing, readers
from mentorcore.cli.app import BAD_INPUT, REFUSED
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import command
from mentorcore.cli.output import echo, json_mode, print_json, say, table
from mentorcore.domain.labels import label
from mentorcore.i18n import _, mark


class RoleWord(click.ParamType[str, Any]):
    """A role as people write it: ``mentee``, ``Mentorin``, ``Koordination``
    (:func:`mentorcore.cli.columns.role`); the value is the role's key."""

    name = "role"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        found = columns.role(value)
        if found is None:
            self.fail(
                str(
                    _(
                        "'{value}' is not a role: expected mentee, mentor or coordinator",
                        value=value,
                    )
                ),
                param,
                ctx,
            )
        return found.value


@command(
    "import",
    short_help=mark("Import people and profiles from CSV or JSON."),
    help=mark(
        "Import people and their profiles from CSV or JSON files, all or nothing.\n\n"
        "Each row is a person in one role: columns id, name, email, organisation, "
        "programme, role, track, capacity, external, relations, and the profile "
        "fields of the programme (see `mentorcore programmes KEY`), each by its key "
        "or its German or English label. Values may be written as the programme's "
        "keys or in words: yes/no as ja/nein or x, choices by their labels or "
        "abbreviations (weiblich, w), topics by their short labels or titles, "
        "numbers with a decimal comma, lists separated by ';' or ','. CSV files may "
        "be separated by ',' or ';' and saved in UTF-8, UTF-16 or a Windows code "
        "page (German Excel). Every row is checked against the programme's fields "
        "and eligibility rules; if any is bad, every problem is listed with its row "
        "and field and nothing is imported (exit 2 for bad values, 1 when only rules "
        "refused rows)."
    ),
    examples=[
        "mentorcore --as system import examples/cohorts/medic.json "
        "examples/cohorts/medic-mentees.csv"
    ],
)
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--programme", "-p", help=mark("Programme of rows without a programme column."))
@click.option("--role", type=RoleWord(), help=mark("Role of rows without a role column."))
@click.option("--check", is_flag=True, help=mark("Only check the files; write nothing."))
@common
def import_people(
    files: tuple[Path, ...], programme: str | None, role: str | None, check: bool
) -> None:
    """The ``import`` command (its help: the ``help`` above)."""
    s = session()
    rows, problems, encodings = read_all(files, programme, role)
    # People the files name but could not be read: relations to them are not
    # reported again as naming no one.
    absent = {p.person for p in problems if p.person} - {r.person.id for r in rows}
    actor = s.actor(newcomers={r.person.id for r in rows} | absent)
    problems += check_and_write(rows, actor, absent, write=not check and not problems)
    if problems:
        refuse(readers.in_order(problems, [f.name for f in files]))
    counts = readers.summary(rows)
    if json_mode():
        print_json(
            {
                "ok": True,
                "checked_only": check,
                "people": [
                    {
                        "id": r.person.id,
                        "name": r.person.name,
                        "programme": r.programme,
                        "role": r.role.value,
                        "track": r.track,
                    }
                    for r in rows
                ],
                "relations": sum(len(r.relations) for r in rows),
                "encodings": encodings,
            }
        )
        return
    for name, encoding in encodings.items():
        if encoding not in ("utf-8", "utf-8-sig"):
            say(str(_("{file}: read as {encoding}", file=name, encoding=decoding.label(encoding))))
    title = (
        _("Checked, nothing written (--check)") if check else _("Imported into {db}", db=str(s.db))
    )
    table(
        [str(_("programme")), str(_("role")), str(_("people"))],
        ([p, str(label(Role(r))), str(n)] for (p, r), n in sorted(counts.items())),
        title=str(title),
    )


def read_all(
    files: tuple[Path, ...], programme: str | None, role: str | None
) -> tuple[list[readers.Row], list[readers.Problem], dict[str, str]]:
    """The rows of every file, every problem found reading them (a file that
    cannot be read at all is one problem; the others are still read), and
    the encoding each file was read in."""
    rows: list[readers.Row] = []
    problems: list[readers.Problem] = []
    encodings: dict[str, str] = {}
    for path in files:
        try:
            found, trouble, encodings[path.name] = readers.read_file(
                path, programme=programme, role=role
            )
        except InvalidInput as bad:
            problems += [
                readers.Problem(where or path.name, "-", str(what)) for where, what in bad.problems
            ]
            continue
        except OSError as error:
            problems.append(readers.Problem(path.name, "-", error.strerror or str(error)))
            continue
        rows += found
        problems += trouble
    return rows, problems, encodings


def check_and_write(
    rows: list[readers.Row], actor: Actor, absent: set[str], *, write: bool
) -> list[readers.Problem]:
    """What the engine finds wrong with *rows*, in one run; the rows are stored
    only if nothing is wrong and *write*.

    A first import runs on the new database file directly, in one atomic
    block; if it fails the file is removed again. A check with no database
    runs in memory and creates none.
    """
    s = session()
    existed = s.exists()
    if not write and not existed:
        with Engine(":memory:", clock=s.clock) as scratch:
            return importing.run(scratch, rows, actor, write=False, absent=absent)
    try:
        problems = importing.run(s.engine(create=True), rows, actor, write=write, absent=absent)
    except BaseException:
        if not existed:
            s.discard_new_database()
        raise
    if problems and not existed:
        s.discard_new_database()
    return problems


def refuse(problems: list[readers.Problem]) -> None:
    ctx = click.get_current_context()
    bad_input = any(p.rule_id is None for p in problems)
    code = BAD_INPUT if bad_input else REFUSED
    message = str(
        _.plural("nothing imported: {n} problem", "nothing imported: {n} problems", len(problems))
    )
    if json_mode():
        print_json(
            {
                "ok": False,
                "exit": code,
                "error": "invalid-input" if bad_input else "refused",
                "message": message,
                "problems": [
                    {
                        "where": p.where,
                        "field": None if p.field in ("", "-") else p.field,
                        "what": p.what,
                        "rule_id": p.rule_id,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            echo(f"mentorcore: {problem}", err=True)
        echo(f"mentorcore: {message}", err=True)
    ctx.exit(code)


@command(
    "people",
    short_help=mark("List people and their enrolments."),
    help=mark(
        "List people with their enrolments (the system sees everyone, a coordinator "
        "the programmes she coordinates, anyone else themself)."
    ),
    examples=["mentorcore --as system people --programme medic --role mentor"],
)
@click.option("--programme", "-p", help=mark("Only this programme."))
@click.option("--role", type=RoleWord(), help=mark("Only this role."))
@common
def people(programme: str | None, role: str | None) -> None:
    """The ``people`` command (its help: the ``help`` above)."""
    s = session()
    engine = s.engine()
    actor = s.actor()
    if programme:
        engine.programme(programme)
    wanted = Role(role) if role else None
    shown = sorted(
        visible_participants(engine, actor, programme, wanted),
        key=lambda p: (p.enrolment.programme_key, p.enrolment.role.value, p.person.id),
    )
    if json_mode():
        print_json([{"person": p.person, "enrolment": p.enrolment} for p in shown])
        return
    index = engine.state.index  # every row shown is one the actor may see
    programmes = {p.key: p for p in engine.programmes()}
    heads = (_("id"), _("name"), _("programme"), _("role"), _("track"), _("capacity"))
    table(
        [*(str(h) for h in heads), str(_("live tandems"))],
        (
            [
                e.person_id,
                p.person.name,
                e.programme_key,
                str(label(e.role)),
                programmes[e.programme_key].track_title(e.track) if e.track else "-",
                str(e.capacity) if e.role is Role.MENTOR else "",
                str(len(index.live_tandems(e.person_id, e.programme_key, e.role)))
                if e.role is not Role.COORDINATOR
                else "",
            ]
            for p in shown
            for e in (p.enrolment,)
        ),
        title=str(_.plural("{n} enrolment", "{n} enrolments", len(shown))),
    )
    if not shown:
        say(str(_("Nobody to show: import people with `mentorcore import`.")))


def visible_participants(
    engine: Engine, actor: Actor, programme: str | None, role: Role | None
) -> list[Participant]:
    """The enrolments *actor* may list, with their people: every one for the
    system, those of the programmes she coordinates for a coordinator, and
    anyone's own (optionally of one *programme* and *role*)."""
    index = engine.state.index
    if actor.person_id is None:  # the system sees everyone
        enrolments = index.enrolled(programme, role)
        persons = index.persons.some(tuple(e.person_id for e in enrolments))
        return [Participant(persons[e.person_id], e) for e in enrolments if e.person_id in persons]
    reader = engine.reader(actor)
    roles = [role] if role else [Role.MENTEE, Role.MENTOR, Role.COORDINATOR]
    installed = {p.key for p in engine.programmes()}  # the reader reads these only
    keys = installed & {programme} if programme else installed
    coordinated = sorted(index.coordinated(actor.person_id) & keys)
    found = [p for key in coordinated for r in roles for p in reader.participants(key, r)]
    found += [
        reader.participant(e.person_id, e.programme_key, e.role)
        for e in index.enrolments_of(actor.person_id)
        if e.programme_key in keys and e.programme_key not in coordinated and role in (None, e.role)
    ]
    return found
