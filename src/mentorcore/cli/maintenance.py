"""``mentorcore rebuild``: the read model built again from the event log.

The events are the record; the tables every read answers from (people,
enrolments, tandem summaries, acknowledgements) are derived from them and can
always be rebuilt; doing so also checks the whole log.
"""

from __future__ import annotations

import click

from mentorcore import Actor, Decision, Engine, TransitionDenied
from mentorcore.cli.context import common, session
from mentorcore.cli.output import echo, json_mode, print_json, progress_of


def may_rebuild(engine: Engine, actor: Actor) -> bool:
    """Whether *actor* may rebuild: the system, or a coordinator of any programme."""
    return actor.person_id is None or engine.state.index.coordinates_any(actor.person_id)


@click.command("rebuild", short_help="Rebuild the read model from the event log.")
@common
def rebuild() -> None:
    """Rebuild the read model (people, enrolments, tandem summaries,
    acknowledgements) from the event log, in one transaction, after checking
    the whole log. Nothing a command shows changes. Opening a database whose
    read model is of another version or behind its log rebuilds it anyway.
    Only the system or a coordinator may rebuild (CORE-AUTH).

    \b
    Example:
      mentorcore --db medic.db --as system rebuild
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    if not may_rebuild(engine, actor):
        why = f"{actor} may not rebuild the read model: only the system or a coordinator may"
        raise TransitionDenied("rebuild", [Decision.deny("CORE-AUTH", why)])
    with progress_of("rebuilding") as update:
        events = engine.rebuild(update)
    if json_mode():
        print_json({"events": events})
    else:
        echo(f"Rebuilt the read model from {events} event(s) in {s.db}")
