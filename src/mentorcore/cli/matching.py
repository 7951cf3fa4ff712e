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
from mentorcore.cli.helptext import group
from mentorcore.cli.language import follow
from mentorcore.cli.output import decimal, heading, json_mode, print_json, say, short, table
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, _, mark
from mentorcore.lifecycle.verbs import verb_label

if TYPE_CHECKING:
    from mentorcore.matching import Proposal, ProposedPair


def _require_matching() -> None:
    try:
        import mentorcore.matching.matcher  # noqa: F401  # loads NumPy and SciPy
    except ImportError as exc:
        problem = _(
            "matching needs NumPy and SciPy ({module} is missing): "
            "pip install 'mentorcore[matching]'",
            module=str(exc.name),
        )
        raise click.UsageError(str(problem)) from None


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
            problem = _("expected MENTEE=MENTOR, got '{value}'", value=item)
            raise InvalidInput([(f"--fix #{k}", problem)])
        pairs.append((mentee.strip(), mentor.strip()))
    try:
        follow(engine.programme(programme).language)  # an unknown programme is named first
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
        raise TransitionDenied(
            "match", [Decision.deny("CORE-AUTH", reason)], action=verb_label("match")
        ) from None


_OBJECTIVES: dict[str, Message] = {"optimal": _("optimal"), "greedy": _("greedy")}


def _why(p: ProposedPair) -> Message:
    parts = [
        _(
            "{criterion} {value}×{weight} ({rule})",
            criterion=x.label,
            value=decimal(x.value),
            weight=decimal(x.weight, "0.##"),
            rule=x.rule_id,
        )
        for x in p.parts
    ]
    why: Message = (
        Message.literal("; ".join(str(part) for part in parts))
        if parts
        else _("no criterion scores this programme's pairs")
    )
    if p.fixed:
        why = _("{why} [fixed]", why=why)
    if p.predecessor:
        why = _("{why} [re-matches {tandem}]", why=why, tandem=short(p.predecessor))
    return why


def show(engine: Engine, actor: Actor, proposal: Proposal) -> None:
    """The proposal for a coordinator: pairs with their score parts, who is
    left out, and the mentors with free places left; people named as *actor*
    may see them."""
    people = {p.mentee for p in proposal.pairs} | {p.mentor for p in proposal.pairs}
    people |= {u.mentee for u in proposal.unmatched} | {s.person for s in proposal.skipped}
    people |= {m for u in proposal.unmatched for e in u.exclusions for m in e.mentors}
    people |= {m for m, _n in proposal.free_places}
    names = engine.reader(actor).names(tuple(sorted(people)))

    def name(pid: str) -> str:
        return names.get(pid, pid)

    params = {
        "programme": engine.programme(proposal.programme_key).name,
        "track": engine.programme(proposal.programme_key).track_title(proposal.track or ""),
        "score": decimal(proposal.total_score),
        "objective": _OBJECTIVES.get(proposal.objective.value, proposal.objective.value),
    }
    n = len(proposal.pairs)
    heading(
        _.plural(
            "Proposal for {programme} ({track}): {n} pair, total score {score} ({objective})",
            "Proposal for {programme} ({track}): {n} pairs, total score {score} ({objective})",
            n,
            **params,
        )
        if proposal.track
        else _.plural(
            "Proposal for {programme}: {n} pair, total score {score} ({objective})",
            "Proposal for {programme}: {n} pairs, total score {score} ({objective})",
            n,
            **params,
        )
    )
    table(
        [
            _("mentee"),
            _("mentor"),
            _("score"),
            _("why (criterion value × weight, rule)"),
            _("wish"),
        ],
        (
            [
                name(p.mentee),
                name(p.mentor),
                decimal(p.score),
                _why(p),
                f"#{p.wish_rank}" if p.wish_rank else "-",
            ]
            for p in proposal.pairs
        ),
    )
    if proposal.unmatched:
        table(
            [_("mentee left unmatched"), _("why"), _("candidates kept out by")],
            (
                [
                    name(u.mentee),
                    u.message,
                    "; ".join(
                        f"{'+'.join(e.rule_ids)}: {', '.join(name(m) for m in e.mentors)}"
                        for e in u.exclusions
                    ),
                ]
                for u in proposal.unmatched
            ),
        )
    if proposal.free_places:
        table(
            [_("mentor"), _("free places")],
            ([name(m), str(n)] for m, n in proposal.free_places),
            title=_("Free places left"),
        )
    for skipped in proposal.skipped:
        reasons = "; ".join(f"[{d.rule_id}] {d.reason}" for d in skipped.decisions)
        say(
            _(
                "left out ({role}): {name}: {reasons}",
                role=label(skipped.role),
                name=name(skipped.person),
                reasons=reasons,
            )
        )
    if proposal.rules:
        rules = ", ".join(dict.fromkeys(r for r, _w in proposal.rules))
        say(_("rules applied: {rules}", rules=rules))


@group(
    "match",
    short_help=mark("Propose and confirm a cohort's matching."),
    help=mark(
        "Cohort matching: propose the best assignment of mentors with its "
        "explanations, then confirm it (MEDIC-MATCH-1, OSTALB-MATCH-1, "
        "CORE-14)."
    ),
    examples=["mentorcore --as katrin.vogel match propose medic --track clinical"],
)
def match() -> None:
    """The ``match`` command (its help: the ``help`` above)."""


_track = click.option("--track", help=mark("The track (required for programmes with tracks)."))
_objective = click.option(
    "--objective", type=click.Choice(["optimal", "greedy"]), help=mark("Default: the programme's.")
)
_fix = click.option(
    "--fix",
    "fixed",
    multiple=True,
    metavar="MENTEE=MENTOR",
    help=mark("A pair fixed before the run."),
)
_only = click.option("--mentee", "only", multiple=True, help=mark("Only these mentees (repeat)."))


@match.command(
    "propose",
    short_help=mark("Show the proposal with its explanations."),
    help=mark(
        "Show the proposed pairs with their score by criterion, and for each "
        "mentee left unmatched the rules or capacities that kept every mentor "
        "from her. Nothing is written."
    ),
    examples=["mentorcore --as katrin.vogel match propose medic --track scientific"],
)
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
    """The ``propose`` command (its help: the ``help`` above)."""
    s = session()
    engine, actor = s.engine(), s.actor()
    proposal = propose(engine, actor, programme, track, objective, fixed, only)
    if json_mode():
        print_json(proposal)
        return
    show(engine, actor, proposal)
    again = f"mentorcore match confirm {programme}" + (f" --track {track}" if track else "")
    say(_("Nothing written. Confirm with: {command}", command=again))


@match.command(
    "confirm",
    short_help=mark("Create the proposal's tandems, all or none."),
    help=mark(
        "Compute the proposal again and create its tandems, all or none, as a "
        "coordinator or the system; every rule of a single assignment is "
        "checked."
    ),
    examples=["mentorcore --as katrin.vogel match confirm medic --track clinical"],
)
@click.argument("programme")
@_track
@_objective
@_fix
@_only
@click.option(
    "--pair-of",
    "pair_of",
    multiple=True,
    metavar="MENTEE",
    help=mark("Confirm only her pair (repeat)."),
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
    """The ``confirm`` command (its help: the ``help`` above)."""
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
        [_("tandem"), _("mentee"), _("mentor"), _("status")],
        ([short(t.id), names[t.mentee], names[t.mentor], label(t.status)] for t in tandems),
        title=_.plural("{n} tandem created", "{n} tandems created", len(tandems)),
    )
