"""``mentorcore goal ...``: the mentee's goals, set at the start and reviewed (CORE-13)."""

from __future__ import annotations

import click

from mentorcore import GoalStatus, ReviewGoal, SetGoal
from mentorcore.cli import resolve
from mentorcore.cli.acting import execute, target
from mentorcore.cli.context import common
from mentorcore.cli.helptext import group
from mentorcore.domain.labels import label
from mentorcore.i18n import _, mark


@group(
    "goal",
    short_help=mark("Set and review the mentee's goals (CORE-13)."),
    help=mark("The mentee's goals: set at the start, reviewed regularly (CORE-13)."),
    examples=['mentorcore --as sophie.krueger goal set 3f2a9c1e "choose a specialty by summer"'],
)
def goal() -> None:
    """The ``goal`` command (its help: the ``help`` above)."""


@goal.command(
    "set",
    help=mark("Record a goal, as the mentee (CORE-13)."),
    examples=['mentorcore --as sophie.krueger goal set 3f2a9c1e "apply for a clinical elective"'],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("text")
@common
def set_goal(tandem_ref: str, text: str) -> None:
    """The ``set`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    execute(
        engine,
        actor,
        SetGoal(tandem_id=t.id, text=text),
        lambda t2: _("Goal {number} recorded", number=len(t2.goals)),
    )


@goal.command(
    "review",
    help=mark("Review goal number GOAL, as mentee or mentor (CORE-13)."),
    examples=[
        'mentorcore --as weber goal review 3f2a9c1e 1 --status achieved --note "internal medicine"'
    ],
)
@click.argument("tandem_ref", metavar="TANDEM")
@click.argument("goal_ref", metavar="GOAL")
@click.option(
    "--status",
    "status_",
    required=True,
    type=click.Choice([s.value for s in GoalStatus]),
    help=mark("Where the goal stands."),
)
@click.option("--note", default="", help=mark("What the review found."))
@click.option("--text", default="", help=mark("The goal's new wording, when revised."))
@common
def review(tandem_ref: str, goal_ref: str, status_: str, note: str, text: str) -> None:
    """The ``review`` command (its help: the ``help`` above)."""
    engine, actor, t = target(tandem_ref)
    g = resolve.goal(t, goal_ref)
    command = ReviewGoal(
        tandem_id=t.id, goal_id=g.id, status=GoalStatus(status_), note=note, text=text
    )
    execute(
        engine,
        actor,
        command,
        _(
            "Goal {number} reviewed: {status}",
            number=resolve.number_of(t.goals, g.id),
            status=label(GoalStatus(status_)),
        ),
    )
