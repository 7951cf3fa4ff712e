"""``mentorcore retention``: whose data the programmes need no more, and its erasure.

The list is the library's (``Reader.retention``, see
:mod:`mentorcore.read.retention`, CORE-RETENTION-1): people whose last tandem
in every programme they are in ended longer ago than the programme's
``retention_days`` (or who enrolled that long ago and never had one). With
``--apply`` each of them is erased (``Engine.erase_person``; CORE-ERASE-1/2
still decide), after the user confirms on stderr; ``--yes`` skips the
question, and ``--json`` needs it. A refusal does not stop the others: it is
reported, and the command exits 1 at the end.
"""

from __future__ import annotations

from datetime import datetime

import click

from mentorcore import Actor, Engine, MentorcoreError, Reader, TransitionDenied
from mentorcore.cli.app import REFUSED
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import command
from mentorcore.cli.language import follow
from mentorcore.cli.output import echo, json_mode, local_day, print_json, say, table
from mentorcore.errors import NotVisible
from mentorcore.i18n import Text, _, mark
from mentorcore.read.retention import RetentionDue

#: Exit code of a confirmation declined: nothing was done (like a refusal).
DECLINED = 1


@command(
    "retention",
    short_help=mark("Whose data is kept longer than needed; erase it (DSGVO)."),
    help=mark(
        "The people whose personal data the programme no longer needs "
        "(CORE-RETENTION-1): their last tandem in every programme they are in ended "
        "longer ago than the programme's retention_days (three years by default), or "
        "they enrolled that long ago and never had a tandem; none of their tandems is "
        "still going, and they coordinate no programme. With --apply each of them is "
        "erased for good, as by 'person erase' (CORE-ERASE-1, CORE-ERASE-2); you are "
        "asked to confirm first unless --yes is given (--json needs it). For the "
        "coordination of the programme and the system."
    ),
    examples=[
        "mentorcore --as katrin.vogel retention --programme medic",
        "mentorcore --as system --json retention --apply --yes",
    ],
)
@click.option("--programme", "-p", help=mark("Only this programme (default: all you coordinate)."))
@click.option("--apply", "apply_", is_flag=True, help=mark("Erase the people listed."))
@click.option(
    "--yes", "-y", is_flag=True, help=mark("Do not ask for confirmation (needed with --json).")
)
@common
def retention(programme: str | None, apply_: bool, yes: bool) -> None:
    """The ``retention`` command (its help: the ``help`` above)."""
    s = session()
    if apply_ and json_mode() and not yes:
        raise click.UsageError(
            str(_("--json needs --yes: an erasure cannot be confirmed by typing in JSON mode"))
        )
    engine, actor = s.engine(), s.actor()
    now = s.clock.now()
    reader = engine.reader(actor)
    if programme:
        follow(engine.programme(programme).language)
    due = _due(engine, reader, actor, programme, now)
    if not apply_:
        if json_mode():
            print_json({"now": now, "due": [_data(item, now) for item in due]})
        elif due:
            _print(engine, due, now)
        else:
            say(_("No one's data is due for erasure."))
        return
    if not due:
        if json_mode():
            print_json({"now": now, "due": [], "erased": [], "refused": []})
        else:
            say(_("No one's data is due for erasure."))
        return
    if not json_mode():
        _print(engine, due, now)
    if not yes and not _confirmed(len(due)):
        echo(_("Nothing was erased."), err=True)
        click.get_current_context().exit(DECLINED)
    erased, refused = _apply(engine, actor, due)
    if json_mode():
        print_json(
            {"now": now, "due": [_data(i, now) for i in due], "erased": erased, "refused": refused}
        )
    if refused:
        click.get_current_context().exit(REFUSED)


def _due(
    engine: Engine, reader: Reader, actor: Actor, programme: str | None, now: datetime
) -> list[RetentionDue]:
    """Everyone due in *programme*, else in every programme *actor* coordinates
    (the system: every programme), once each."""
    if programme is not None:
        keys = [programme]
    elif actor.person_id is None:
        keys = [p.key for p in engine.programmes()]
    else:
        keys = sorted(engine.state.index.coordinated(actor.person_id))
        if not keys:
            raise NotVisible(
                _(
                    "[{rule}] {viewer} coordinates no programme: only the coordination and "
                    "the system see whose data is due for erasure",
                    rule="CORE-AUTH",
                    viewer=engine.state.index.name_of(actor.person_id),
                )
            )
    found: dict[str, RetentionDue] = {}
    for key in keys:
        for item in reader.retention(key, now):
            found.setdefault(item.person_id, item)
    return sorted(found.values(), key=lambda i: (i.due_since, i.person_id))


def _days_past(item: RetentionDue, now: datetime) -> int:
    return max(0, (now - item.due_since).days)


def _data(item: RetentionDue, now: datetime) -> dict[str, object]:
    return {
        "person": item.person_id,
        "name": item.name,
        "programme": item.programme_key,
        "programmes": list(item.programmes),
        "last_tandem_ended": item.last_ended,
        "enrolled_at": item.enrolled_at,
        "due_since": item.due_since,
        "days_past": _days_past(item, now),
    }


def _print(engine: Engine, due: list[RetentionDue], now: datetime) -> None:
    def ended(item: RetentionDue) -> Text:
        tz = engine.programme(item.programme_key).timezone
        if item.last_ended is not None:
            return local_day(item.last_ended, tz)
        return _("no tandem (enrolled on {day})", day=local_day(item.enrolled_at, tz))

    table(
        [
            _("id"),
            _("name"),
            _("programmes"),
            _("last tandem ended"),
            _("due since"),
            _("days past"),
        ],
        (
            [
                item.person_id,
                item.name,
                ", ".join(item.programmes),
                ended(item),
                local_day(item.due_since, engine.programme(item.programme_key).timezone),
                str(_days_past(item, now)),
            ]
            for item in due
        ),
        title=_.plural(
            "{n} person's data is due for erasure (CORE-RETENTION-1)",
            "{n} people's data is due for erasure (CORE-RETENTION-1)",
            len(due),
        ),
    )


def _confirmed(n: int) -> bool:
    """Whether the user agreed on stderr; no answer is no."""
    question = _.plural(
        "Erase the personal data of {n} person for good? It cannot be undone.",
        "Erase the personal data of {n} people for good? It cannot be undone.",
        n,
    )
    try:
        return click.confirm(str(question), default=False, err=True)
    except click.Abort:
        echo("", err=True)
        return False


def _apply(
    engine: Engine, actor: Actor, due: list[RetentionDue]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Erase each person of *due*; report each erasure or refusal as it happens."""
    erased: list[dict[str, object]] = []
    refused: list[dict[str, object]] = []
    for item in due:
        try:
            done = engine.erase_person(item.person_id, actor=actor)
        except TransitionDenied as refusal:
            refused.append(
                {
                    "person": item.person_id,
                    "rule_ids": sorted(refusal.rule_ids),
                    "message": str(refusal),
                }
            )
            if not json_mode():
                echo(f"mentorcore: {refusal}", err=True)
            continue
        except MentorcoreError as error:  # e.g. erased by someone else meanwhile
            refused.append({"person": item.person_id, "rule_ids": [], "message": str(error)})
            if not json_mode():
                echo(f"mentorcore: {error}", err=True)
            continue
        erased.append(
            {
                "person": done.person_id,
                "tandems": [str(t) for t in done.tandems],
                "erased_at": done.erased_at,
                "purged": done.purged,
            }
        )
        if not json_mode():
            echo(_("Erased the personal data of {name} ({id}).", name=item.name, id=item.person_id))
    return erased, refused
