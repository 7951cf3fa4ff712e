"""Carrying out one command as the ``--as`` actor and saying what came of it,
and checking the people a command names before it is carried out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentorcore import Actor, Command, Engine, Tandem
from mentorcore.cli import resolve
from mentorcore.cli.context import session
from mentorcore.cli.language import follow
from mentorcore.cli.output import echo, json_mode, print_json, short
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _


def target(tandem_ref: str) -> tuple[Engine, Actor, Tandem]:
    """The engine, the actor and the tandem *tandem_ref* names, as the actor may
    see it (what the programme keeps from her is left out).

    :raises NotVisible: the actor takes no part in the tandem (CORE-AUTH).
    """
    s = session()
    engine = s.engine()
    actor = s.actor()
    tandem = resolve.tandem(engine.reader(actor), tandem_ref)
    follow(engine.programme(tandem.programme_key).language)
    return engine, actor, tandem


def name_of(engine: Engine, viewer: Actor, person_id: str) -> str:
    """The person's name as *viewer* may see it (her id if not)."""
    return engine.reader(viewer).names((person_id,)).get(person_id, person_id)


def people(engine: Engine, viewer: Actor, *texts: str) -> tuple[str, ...]:
    """*texts* if each is a person's id; the first that is not says so with
    the close ids *viewer* may see (exit 2), before any rule is asked about
    an id that names no one.

    :raises Unknown: no person has one of the ids.
    """
    reader = engine.reader(viewer)
    return tuple(resolve.person(reader, text, engine.state.index.persons) for text in texts)


def execute(
    engine: Engine,
    actor: Actor,
    command: Command,
    done: Message | Callable[[Tandem], Message],
    **extra: Any,
) -> Tandem:
    """Execute *command*; print *done* (or what it makes of the tandem) and the new status.

    With ``--json``, print the tandem as the actor may see it (``Reader.view``)
    and *extra*. Refusals propagate to the group, which exits 1 with the rule.
    """
    tandem = engine.execute(command, actor=actor)
    if json_mode():
        print_json({"ok": True, "tandem": engine.reader(actor).view(tandem.id), **extra})
    else:
        text = done(tandem) if callable(done) else done
        echo(
            _(
                "{done} (tandem {tandem}, now {status})",
                done=text,
                tandem=short(tandem.id),
                status=label(tandem.status),
            )
        )
    return tandem
