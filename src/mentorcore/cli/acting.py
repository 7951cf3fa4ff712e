"""Carrying out one command as the ``--as`` actor and saying what came of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from mentorcore import Actor, Command, Engine, Tandem
from mentorcore.cli import resolve
from mentorcore.cli.context import session
from mentorcore.cli.output import json_mode, print_json, short


def target(tandem_ref: str) -> tuple[Engine, Actor, Tandem]:
    """The engine, the actor and the tandem *tandem_ref* names, as the actor may
    see it (what the programme keeps from her is left out).

    :raises NotVisible: the actor takes no part in the tandem (CORE-AUTH).
    """
    s = session()
    engine = s.engine()
    actor = s.actor()
    return engine, actor, resolve.tandem(engine.reader(actor), tandem_ref)


def execute(
    engine: Engine,
    actor: Actor,
    command: Command,
    done: str | Callable[[Tandem], str],
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
        status = tandem.status.value.replace("_", " ")
        click.echo(f"{text} (tandem {short(tandem.id)}, now {status})")
    return tandem
