"""``mentorcore match propose|confirm``: a cohort's assignment, explained, then confirmed.

The proposal is computed from the database each time and is deterministic,
so ``confirm`` carries out exactly what ``propose`` showed unless people or
tandems changed in between (then every rule is checked again anyway).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from mentorcore import Actor, Decision, Engine, InvalidInput, NotVisible, Tandem, TransitionDenied
from mentorcore.cli.acting import people
from mentorcore.cli.context import common, session
from mentorcore.cli.output import heading, json_mode, print_json, say, short, table

if TYPE_CHECKING:
    from mentorcore.matching import Proposal


def _require_matching() -> None:
    try:
        import mentorcore.matching.matcher  # noqa: F401  # loads NumPy and SciPy
    except ImportError as exc:
        raise click.UsageError(
            f"matching needs NumPy and SciPy ({exc.name} is missing): "
            "pip install 'mentorcore[matching]'"
        ) from None


def propose(
    engine: Engine,
    actor: Actor,
    programme: str,
    track: str | None,
    objective: str | None,
    fixed: Sequence[str],
    only: Sequence[str],
) -> Proposal:
    """The matcher's proposal for *programme* (and *track*), made for *actor*.

    :raises TransitionDenied: *actor* neither coordinates the programme nor is
        the system (CORE-AUTH): a proposal shows every candidate's profile,
        so asking for one is refused by the rule, like any command (exit 1).
    :raises Unknown: a person named by ``--fix`` or ``--mentee`` does not exist.
    """
    _require_matching()
    from mentorcore.matching import propose as run

    pairs = []
    for k, item in enumerate(fixed, start=1):
        mentee, sep, mentor = item.partition("=")
        if not sep or not mentee.strip() or not mentor.strip():
            raise InvalidInput([(f"--fix #{k}", f"expected MENTEE=MENTOR, got {item!r}")])
        pairs.append((mentee.strip(), mentor.strip()))
    try:
        engine.programme(programme)  # an unknown programme is named first
        people(engine, actor, *(p for pair in pairs for p in pair), *only)
        return run(
            engine,
            programme,
            actor=actor,
            track=track,
            objective=objective,
            fixed=pairs,
            mentees=list(only) or None,
        )
    except NotVisible as hidden:
        reason = str(hidden).removeprefix("[CORE-AUTH]").strip()
        raise TransitionDenied("match", [Decision.deny("CORE-AUTH", reason)]) from None


def show(engine: Engine, actor: Actor, proposal: Proposal) -> None:
    """The proposal for a coordinator: pairs with their score parts, then who is
    left out; people named as *actor* may see them."""
    people = {p.mentee for p in proposal.pairs} | {p.mentor for p in proposal.pairs}
    people |= {u.mentee for u in proposal.unmatched} | {s.person for s in proposal.skipped}
    names = engine.reader(actor).names(tuple(sorted(people)))

    def name(pid: str) -> str:
        return names.get(pid, pid)

    where = f" ({proposal.track} track)" if proposal.track else ""
    heading(
        f"Proposal for {proposal.programme_key}{where}: {len(proposal.pairs)} pair(s), "
        f"total score {proposal.total_score:.2f} ({proposal.objective.value})"
    )
    table(
        ["mentee", "mentor", "score", "why (criterion value × weight, rule)", "wish"],
        (
            [
                name(p.mentee),
                name(p.mentor),
                f"{p.score:.2f}",
                (
                    "; ".join(
                        f"{x.criterion} {x.value:.2f}×{x.weight:g} ({x.rule_id})" for x in p.parts
                    )
                    or "no criterion scores this programme's pairs"
                )
                + (" [fixed]" if p.fixed else "")
                + (f" [re-matches {short(p.predecessor)}]" if p.predecessor else ""),
                f"#{p.wish_rank}" if p.wish_rank else "-",
            ]
            for p in proposal.pairs
        ),
    )
    if proposal.unmatched:
        table(
            ["mentee left unmatched", "why", "candidates kept out by"],
            (
                [
                    name(u.mentee),
                    u.reason,
                    "; ".join(
                        f"{'+'.join(e.rule_ids)}: {', '.join(e.mentors)}" for e in u.exclusions
                    ),
                ]
                for u in proposal.unmatched
            ),
        )
    for skipped in proposal.skipped:
        reasons = "; ".join(f"[{d.rule_id}] {d.reason}" for d in skipped.decisions)
        say(f"left out ({skipped.role.value}): {name(skipped.person)}: {reasons}")
    if proposal.rules:
        say("rules applied: " + ", ".join(dict.fromkeys(r for r, _ in proposal.rules)))


@click.group("match", short_help="Propose and confirm a cohort's matching.")
def match() -> None:
    """Cohort matching: propose the best assignment of mentors with its
    explanations, then confirm it (MEDIC-MATCH-1, OSTALB-MATCH-1, CORE-14).

    \b
    Example:
      mentorcore --as katrin.vogel match propose medic --track clinical
    """


_track = click.option("--track", help="The track (required for programmes with tracks).")
_objective = click.option(
    "--objective", type=click.Choice(["optimal", "greedy"]), help="Default: the programme's."
)
_fix = click.option(
    "--fix", "fixed", multiple=True, metavar="MENTEE=MENTOR", help="A pair fixed before the run."
)
_only = click.option("--mentee", "only", multiple=True, help="Only these mentees (repeat).")


@match.command("propose", short_help="Show the proposal with its explanations.")
@click.argument("programme")
@_track
@_objective
@_fix
@_only
@common
def propose_cmd(
    programme: str,
    track: str | None,
    objective: str | None,
    fixed: tuple[str, ...],
    only: tuple[str, ...],
) -> None:
    """Show the proposed pairs with their score by criterion, and for each mentee
    left unmatched the rules or capacities that kept every mentor from her.
    Nothing is written.

    \b
    Example:
      mentorcore --as katrin.vogel match propose medic --track scientific
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    proposal = propose(engine, actor, programme, track, objective, fixed, only)
    if json_mode():
        print_json(proposal)
        return
    show(engine, actor, proposal)
    say(
        f"Nothing written. Confirm with: mentorcore match confirm {programme}"
        + (f" --track {track}" if track else "")
    )


@match.command("confirm", short_help="Create the proposal's tandems, all or none.")
@click.argument("programme")
@_track
@_objective
@_fix
@_only
@click.option(
    "--pair-of", "pair_of", multiple=True, metavar="MENTEE", help="Confirm only her pair (repeat)."
)
@common
def confirm_cmd(
    programme: str,
    track: str | None,
    objective: str | None,
    fixed: tuple[str, ...],
    only: tuple[str, ...],
    pair_of: tuple[str, ...],
) -> None:
    """Compute the proposal again and create its tandems, all or none, as a
    coordinator or the system; every rule of a single assignment is checked.

    \b
    Example:
      mentorcore --as katrin.vogel match confirm medic --track clinical
    """
    s = session()
    engine, actor = s.engine(), s.actor()
    proposal = propose(engine, actor, programme, track, objective, fixed, only)
    people(engine, actor, *pair_of)
    tandems = confirm(engine, proposal, actor, pair_of)
    report(engine, actor, proposal, tandems)


def confirm(
    engine: Engine, proposal: Proposal, actor: Actor, mentees: Sequence[str] = ()
) -> list[Tandem]:
    """Create the tandems of *proposal* (of *mentees* only, if given), all or none."""
    _require_matching()
    from mentorcore.matching import confirm as create

    return create(engine, proposal, actor=actor, mentees=list(mentees) or None)


def report(engine: Engine, actor: Actor, proposal: Proposal, tandems: list[Tandem]) -> None:
    """What a confirmation created."""
    if json_mode():
        print_json(
            {
                "ok": True,
                "proposal": proposal,
                "tandems": [
                    {"id": t.id, "mentee": t.mentee, "mentor": t.mentor, "track": t.track}
                    for t in tandems
                ],
            }
        )
        return
    show(engine, actor, proposal)
    names = engine.reader(actor).names(tuple(p for t in tandems for p in (t.mentee, t.mentor)))
    table(
        ["tandem", "mentee", "mentor", "status"],
        (
            [
                short(t.id),
                names[t.mentee],
                names[t.mentor],
                t.status.value.replace("_", " "),
            ]
            for t in tandems
        ),
        title=f"{len(tandems)} tandem(s) created",
    )
