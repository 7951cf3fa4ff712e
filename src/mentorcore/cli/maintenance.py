"""``mentorcore rebuild``: the read model built again from the event log.

The events are the record; the tables every read answers from (people,
enrolments, tandem summaries, acknowledgements) are derived from them and can
always be rebuilt; doing so also checks the whole log.
"""

from __future__ import annotations

from mentorcore import Actor, Decision, Engine, TransitionDenied
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import command
from mentorcore.cli.output import echo, json_mode, print_json, progress_of
from mentorcore.i18n import _, mark
from mentorcore.lifecycle.verbs import verb_label


def may_rebuild(engine: Engine, actor: Actor) -> bool:
    """Whether *actor* may rebuild: the system, or a coordinator of any programme."""
    return actor.person_id is None or engine.state.index.coordinates_any(actor.person_id)


@command(
    "rebuild",
    short_help=mark("Rebuild the read model from the event log."),
    help=mark(
        "Rebuild the read model (people, enrolments, tandem summaries, "
        "acknowledgements) from the event log, in one transaction, after "
        "checking the whole log. Nothing a command shows changes. Opening a "
        "database whose read model is of another version or behind its log "
        "rebuilds it anyway. Only the system or a coordinator may rebuild "
        "(CORE-AUTH)."
    ),
    examples=["mentorcore --db medic.db --as system rebuild"],
)
@common
def rebuild() -> None:
    """The ``rebuild`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    if not may_rebuild(engine, actor):
        why = _(
            "{actor} may not rebuild the read model: only the system or a coordinator may",
            actor=engine.state.index.name_of(actor.person_id) if actor.person_id else str(actor),
        )
        raise TransitionDenied(
            "rebuild", [Decision.deny("CORE-AUTH", why)], action=verb_label("rebuild")
        )
    with progress_of(str(_("rebuilding"))) as update:
        events = engine.rebuild(update)
    if json_mode():
        print_json({"events": events})
    else:
        echo(
            _.plural(
                "Rebuilt the read model from {n} event in {path}",
                "Rebuilt the read model from {n} events in {path}",
                events,
                path=str(s.db),
            )
        )
