"""``mentorcore person erase``: a person's personal data erased for good (DSGVO Art. 17).

The erasure is the library's (``Engine.erase_person``, see
:mod:`mentorcore.write.erasure`): the keys that seal the person's data and
their tandems' are destroyed, so it reads as a placeholder everywhere. Who
may is the library's rule (CORE-ERASE-1, CORE-ERASE-2); a refusal reaches
the group, which exits 1 with the rule.

It cannot be undone, so the command asks the user to type the person's id
first (on stderr, reading stdin); ``--yes`` skips the question, and ``--json``
needs it (a script cannot answer). A wrong answer or none erases nothing
(exit 1).
"""

from __future__ import annotations

import click

from mentorcore.adapters.sealing import placeholder
from mentorcore.cli.acting import name_of, people
from mentorcore.cli.context import common, session
from mentorcore.cli.output import echo, json_mode, print_json, short, visible
from mentorcore.cli.person import person
from mentorcore.i18n import _, mark

#: Exit code of a confirmation declined: nothing was done (like a refusal).
DECLINED = 1


@person.command(
    "erase",
    short_help=mark("Erase a person's personal data for good (DSGVO Art. 17)."),
    help=mark(
        "Erase a person's personal data for good (DSGVO Art. 17): the keys that seal "
        "their name, contact details, profiles and texts, and what was written about "
        "their tandems, are destroyed, so all of it reads as a placeholder everywhere, "
        "the event log included; counts and dates remain. Only the system or a "
        "coordinator of a programme the person is enrolled in may (CORE-ERASE-1), and "
        "only once every tandem of theirs has ended (CORE-ERASE-2). It cannot be "
        "undone: you are asked to type the person's id to confirm, unless --yes is "
        "given (--json needs it)."
    ),
    examples=[
        "mentorcore --as katrin.vogel person erase sophie.krueger",
        "mentorcore --as system --json person erase sophie.krueger --yes",
    ],
)
@click.argument("person_id", metavar="ID")
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help=mark("Do not ask for confirmation (needed with --json)."),
)
@common
def erase(person_id: str, yes: bool) -> None:
    """The ``erase`` command (its help: the ``help`` above)."""
    s = session()
    if json_mode() and not yes:
        raise click.UsageError(
            str(_("--json needs --yes: an erasure cannot be confirmed by typing in JSON mode"))
        )
    engine, actor = s.engine(), s.actor()
    people(engine, actor, person_id)
    name = name_of(engine, actor, person_id)
    before = engine.state.index.erased(person_id)
    if not yes and not _confirmed(person_id, name):
        echo(_("Nothing was erased."), err=True)
        click.get_current_context().exit(DECLINED)
    done = engine.erase_person(person_id, actor=actor)
    if json_mode():
        print_json(
            {
                "ok": True,
                "person": done.person_id,
                "tandems": [str(t) for t in done.tandems],
                "erased_at": done.erased_at,
                "already_erased": before,
                "purged": done.purged,
            }
        )
        return
    if before:
        echo(_("The personal data of {id} had been erased already.", id=person_id))
    else:
        echo(_("Erased the personal data of {name} ({id}).", name=name, id=person_id))
    ids = ", ".join(short(t) for t in done.tandems)
    if ids:
        echo(
            _.plural(
                "{n} tandem affected: {tandems}",
                "{n} tandems affected: {tandems}",
                len(done.tandems),
                tandems=ids,
            )
        )
    else:
        echo(_("No tandem affected."))
    if done.purged:
        echo(_("The destroyed keys were purged from the database's write-ahead log."))
    else:
        echo(
            _(
                "The database's write-ahead log may still hold the destroyed keys (another "
                "connection was reading): run the erasure again once it has finished."
            )
        )


def _confirmed(person_id: str, name: str) -> bool:
    """Whether the user typed *person_id* when asked (on stderr); no answer is no."""
    echo(
        _(
            "This erases the personal data of {name} ({id}) for good: their name, contact "
            "details, profiles and texts, and what was written about their tandems, will "
            "read as {placeholder}. It cannot be undone.",
            name=name,
            id=person_id,
            placeholder=placeholder(),
        ),
        err=True,
    )
    question = visible(_("Type {id} to confirm", id=person_id))
    try:
        answer = click.prompt(question, default="", show_default=False, err=True)
    except click.Abort:
        echo("", err=True)
        return False
    return str(answer).strip() == person_id
