"""Confirming a proposal: the chosen pairs become assigned tandems, all or none.

Each pair becomes an :class:`~mentorcore.commands.AssignMentor` command and
goes through :meth:`Engine.execute_all`, so every rule a single assignment
meets is checked again against the state at confirmation (a mentor who took
a mentee since the proposal, a relation declared meanwhile, a per-pair vote
the matcher did not ask), and one refusal stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from mentorcore.commands import AssignMentor
from mentorcore.domain import Actor, PersonId, Tandem
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, _
from mentorcore.matching.proposal import Proposal, ProposedPair
from mentorcore.validation import check

if TYPE_CHECKING:
    from mentorcore.engine import Engine


def confirm(
    engine: Engine,
    proposal: Proposal,
    *,
    actor: Actor,
    mentees: Iterable[str] | None = None,
) -> list[Tandem]:
    """Create the tandems of *proposal* (or of the pairs of *mentees* only).

    :param engine: The engine the proposal was made on.
    :param proposal: The proposal to carry out.
    :param actor: Who confirms: a coordinator of the programme, or the system.
    :param mentees: The mentees whose proposed pairs to confirm (default: all).
    :returns: The new tandems, in the proposal's order.
    :raises InvalidInput: *proposal* or *actor* is malformed, or a mentee
        given has no pair in the proposal, or is given twice.
    :raises TransitionDenied: a rule refuses one of the assignments now
        (the message names it: ``"#3 assign refused: ..."``); nothing is stored.
    """
    _check_proposal(proposal)
    check(actor, "actor", Actor)
    pairs = _chosen(proposal, mentees)
    commands = [
        AssignMentor(
            programme_key=proposal.programme_key,
            mentee=p.mentee,
            mentor=p.mentor,
            track=proposal.track,
            predecessor=p.predecessor,
        )
        for p in pairs
    ]
    if not commands:
        return []
    return engine.execute_all(commands, actor=actor)


def _check_proposal(proposal: object) -> None:
    """What a confirmation reads of *proposal*, checked (hosts may build or store one)."""
    if not isinstance(proposal, Proposal):
        problem = _("expected a Proposal, got {value}", value=repr(proposal))
        raise InvalidInput([("proposal", problem)])
    # attrs does not check its fields: a host may have built it by hand.
    got: Any = proposal
    problems: list[tuple[str, Message]] = []
    if not isinstance(got.programme_key, str):
        problems.append(
            (
                "proposal.programme_key",
                _("expected text, got {value}", value=repr(got.programme_key)),
            )
        )
    if got.track is not None and not isinstance(got.track, str):
        problems.append(
            ("proposal.track", _("expected a track or None, got {value}", value=repr(got.track)))
        )
    if not isinstance(got.pairs, tuple | list):
        problems.append(
            ("proposal.pairs", _("expected a list of pairs, got {value}", value=repr(got.pairs)))
        )
        raise InvalidInput(problems)
    for k, pair in enumerate(got.pairs):
        if not isinstance(pair, ProposedPair):
            problems.append(
                (
                    f"proposal.pairs[{k}]",
                    _("expected a ProposedPair, got {value}", value=repr(pair)),
                )
            )
    if problems:
        raise InvalidInput(problems)
    for k, pair in enumerate(got.pairs):
        check(pair, f"proposal.pairs[{k}]", ProposedPair)


def _chosen(proposal: Proposal, mentees: Iterable[str] | None) -> list[ProposedPair]:
    if mentees is None:
        return list(proposal.pairs)
    if isinstance(mentees, str) or not isinstance(cast(object, mentees), Iterable):
        problem = _("expected a list of mentee ids, got {value}", value=repr(mentees))
        raise InvalidInput([("mentees", problem)])
    by_mentee = {p.mentee: p for p in proposal.pairs}
    chosen: list[ProposedPair] = []
    problems: list[tuple[str, Message]] = []
    seen: set[str] = set()
    for k, mentee in enumerate(mentees):
        pair = by_mentee.get(PersonId(mentee)) if isinstance(mentee, str) else None
        if pair is None:
            problem = _("{id} has no pair in this proposal", id=repr(mentee))
            problems.append((f"mentees[{k}]", problem))
        elif mentee in seen:
            problems.append((f"mentees[{k}]", _("{id} is given twice", id=mentee)))
        else:
            seen.add(mentee)
            chosen.append(pair)
    if problems:
        raise InvalidInput(problems, context=_("confirming a matching proposal"))
    # Keep the proposal's order so the result does not depend on the caller's.
    order = {p.mentee: k for k, p in enumerate(proposal.pairs)}
    return sorted(chosen, key=lambda p: order[p.mentee])
