"""A matching proposal: the pairs with their score breakdown, and who stays unmatched why.

Plain frozen data (no NumPy), so hosts can show, store or compare proposals.
Nothing is recorded until a coordinator confirms
(:func:`mentorcore.matching.confirm`).
"""

from __future__ import annotations

import enum

from attrs import frozen

from mentorcore.domain import PersonId, Role, TandemId
from mentorcore.policy.decisions import Decision


class Objective(enum.Enum):
    """What the matcher optimises."""

    #: The most mentees matched, then the highest total score (exact optimum).
    OPTIMAL = "optimal"
    #: Repeatedly the best-scoring free pair; stable when both sides rank by score.
    GREEDY = "greedy"


@frozen
class Part:
    """One criterion's share of a pair's score.

    :ivar criterion: The criterion's name, e.g. ``"wish"``.
    :ivar rule_id: The rule behind it.
    :ivar weight: Its weight in this run.
    :ivar value: The pair's value on it, between 0 and 1.
    """

    criterion: str
    rule_id: str
    weight: float
    value: float

    @property
    def contribution(self) -> float:
        """``weight * value``: what this part adds to the pair's score."""
        return self.weight * self.value


@frozen
class ProposedPair:
    """A mentee and the mentor proposed for her.

    :ivar mentee: The mentee.
    :ivar mentor: The mentor.
    :ivar score: The pair's score: the sum of the parts' contributions.
    :ivar parts: The score by criterion, in the order the criteria came.
    :ivar wish_rank: Where the mentor stands in the mentee's wishes (1 = first).
    :ivar fixed: Whether a coordinator fixed the pair before the run.
    :ivar predecessor: The ended tandem this pair re-matches, if any.
    """

    mentee: PersonId
    mentor: PersonId
    score: float
    parts: tuple[Part, ...] = ()
    wish_rank: int | None = None
    fixed: bool = False
    predecessor: TandemId | None = None


class UnmatchedKind(enum.Enum):
    """Why a mentee is left without a mentor."""

    #: The programme's eligibility rules refuse her enrolment as it stands.
    INELIGIBLE = "ineligible"
    #: Every mentor of the cohort is excluded by a rule.
    NO_ELIGIBLE_MENTOR = "no_eligible_mentor"
    #: Some mentors are allowed, but none has a free place left.
    CAPACITY_EXHAUSTED = "capacity_exhausted"


@frozen
class Exclusion:
    """Candidate mentors kept from a mentee for the same reasons.

    :ivar rule_ids: The rules that exclude them; ``("CORE-CAPACITY",)`` for
        mentors the rules allow but who have no free place left.
    :ivar mentors: The mentors, sorted by id.
    """

    rule_ids: tuple[str, ...]
    mentors: tuple[PersonId, ...]


@frozen
class Unmatched:
    """A mentee the proposal leaves without a mentor, and why.

    :ivar mentee: The mentee.
    :ivar kind: The kind of reason.
    :ivar reason: The reason in words a coordinator understands.
    :ivar exclusions: Every candidate mentor, grouped by what excluded them.
    :ivar decisions: For ineligible mentees, the refusing eligibility votes.
    """

    mentee: PersonId
    kind: UnmatchedKind
    reason: str
    exclusions: tuple[Exclusion, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def rule_ids_for(self, mentor: str) -> tuple[str, ...] | None:
        """The rules that kept *mentor* from her, or ``None`` if he was no candidate."""
        for group in self.exclusions:
            if mentor in group.mentors:
                return group.rule_ids
        return None


@frozen
class Skipped:
    """A person of the programme left out of the run, with the deciding votes.

    Mentees who already have as many live tandems as the programme allows
    (CORE-SINGLE) and mentors whose enrolment the eligibility rules refuse.

    :ivar person: Who.
    :ivar role: As mentee or mentor.
    :ivar decisions: The refusing decisions.
    """

    person: PersonId
    role: Role
    decisions: tuple[Decision, ...]


@frozen
class Proposal:
    """The matcher's proposal for one programme and track. Changes nothing by itself.

    :ivar programme_key: The programme.
    :ivar track: The track, or ``None``.
    :ivar objective: What was optimised.
    :ivar pairs: The proposed pairs, sorted by mentee id (fixed pairs included).
    :ivar unmatched: The mentees left without a mentor, sorted by id.
    :ivar skipped: People of the programme left out of the run.
    :ivar rules: ``(rule_id, reason)`` of every hard rule applied, in order.
    :ivar criteria: ``(name, rule_id, weight)`` of every criterion, in order.
    :ivar notes: What the run did differently from what was asked, in words
        (e.g. matched greedily because the exact solver would exceed the time
        budget).
    """

    programme_key: str
    track: str | None
    objective: Objective
    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    rules: tuple[tuple[str, str], ...] = ()
    criteria: tuple[tuple[str, str, float], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def total_score(self) -> float:
        """The sum of the pairs' scores."""
        return sum(p.score for p in self.pairs)

    def pair_of(self, mentee: str) -> ProposedPair | None:
        """The pair proposed for *mentee*, if any."""
        return next((p for p in self.pairs if p.mentee == mentee), None)

    def unmatched_of(self, mentee: str) -> Unmatched | None:
        """Why *mentee* is left unmatched, if she is."""
        return next((u for u in self.unmatched if u.mentee == mentee), None)

    def describe(self) -> str:
        """The proposal as text for a coordinator: pairs with their parts, then the rest."""
        lines = [
            f"{self.programme_key}{f' ({self.track})' if self.track else ''}: "
            f"{len(self.pairs)} pairs, total score {self.total_score:.3f} ({self.objective.value})"
        ]
        for p in self.pairs:
            parts = ", ".join(f"{x.criterion} {x.value:.2f}×{x.weight:g}" for x in p.parts)
            flags = " [fixed]" if p.fixed else ""
            lines.append(f"  {p.mentee} – {p.mentor}: {p.score:.3f} ({parts}){flags}")
        for u in self.unmatched:
            lines.append(f"  {u.mentee} unmatched: {u.reason}")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)
