"""A matching proposal: the pairs with their score breakdown, and who stays unmatched why.

Plain frozen data (no NumPy), so hosts can show, store or compare proposals.
Nothing is recorded until a coordinator confirms
(:func:`mentorcore.matching.confirm`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import field, frozen
from babel.numbers import format_decimal

from mentorcore.decision import reason_of
from mentorcore.domain import PersonId, Role, TandemId
from mentorcore.i18n import Message, Number, Text, _, babel_locale, current_language
from mentorcore.policy.decisions import Decision


class Objective(enum.Enum):
    """What the matcher optimises."""

    #: The most mentees matched, then the highest total score (exact optimum).
    OPTIMAL = "optimal"
    #: Repeatedly the best-scoring free pair; stable when both sides rank by score.
    GREEDY = "greedy"


#: What the criteria of the core and the bundled programmes are called.
CRITERION_LABELS: dict[str, Message] = {
    "wish": _("wish"),
    "topics": _("topics"),
    "specialty": _("specialty"),
    "doctorate": _("doctorate"),
    "scholarship_fit": _("fit with the scholarship"),
    "named_especially": _("named especially"),
}


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
    def label(self) -> Message:
        """What the criterion is called, in the reader's language (its name
        as it is for a programme's own criterion the core has no word for)."""
        return CRITERION_LABELS.get(self.criterion) or Message.literal(self.criterion)

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
    :ivar message: The reason in words a coordinator understands, as a
        translatable message (pass ``reason=`` a message or a plain string).
    :ivar exclusions: Every candidate mentor, grouped by what excluded them.
    :ivar decisions: For ineligible mentees, the refusing eligibility votes.
    """

    mentee: PersonId
    kind: UnmatchedKind
    message: Message = field(alias="reason", converter=reason_of)
    exclusions: tuple[Exclusion, ...] = ()
    decisions: tuple[Decision, ...] = ()

    @property
    def reason(self) -> str:
        """The reason, rendered in the context's language."""
        return self.message.render()

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
    :ivar names: ``(person id, name)`` of the people of the run, for texts
        that name them (:meth:`describe`).
    :ivar free_places: ``(mentor id, places)`` of every mentor of the run
        with places left once the proposal is confirmed (his capacity minus
        his live tandems and the pairs proposed for him), sorted by id.
    """

    programme_key: str
    track: str | None
    objective: Objective
    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    rules: tuple[tuple[str, Text], ...] = ()
    criteria: tuple[tuple[str, str, float], ...] = ()
    notes: tuple[Text, ...] = ()
    names: tuple[tuple[PersonId, str], ...] = ()
    free_places: tuple[tuple[PersonId, int], ...] = ()

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

    def describe(self, language: str | None = None) -> str:
        """The proposal as text for a coordinator, in *language* (default: the
        context's): pairs with their parts, then the rest. People are named
        (by :attr:`names`; by id where it has none)."""
        head, *rest = self.lines()
        return "\n".join([head.render(language), *(f"  {m.render(language)}" for m in rest)])

    def lines(self) -> list[Message]:
        """:meth:`describe`'s lines as translatable messages: the run, then one
        line per pair and unmatched mentee, the mentors with free places left,
        and the notes."""
        named: Mapping[PersonId, str] = dict(self.names)
        title = (
            _("{programme} ({track})", programme=self.programme_key, track=self.track)
            if self.track
            else Message.literal(self.programme_key)
        )
        lines = [
            _.plural(
                "{title}: {n} pair, total score {score} ({objective})",
                "{title}: {n} pairs, total score {score} ({objective})",
                len(self.pairs),
                title=title,
                score=Decimals(self.total_score, 3),
                objective=_OBJECTIVES[self.objective],
            )
        ]
        for p in self.pairs:
            parts = tuple(
                _(
                    "{criterion} {value}×{weight}",
                    criterion=x.criterion,
                    value=Decimals(x.value, 2),
                    weight=Number(x.weight),
                )
                for x in p.parts
            )
            pair = {
                "mentee": named.get(p.mentee, p.mentee),
                "mentor": named.get(p.mentor, p.mentor),
                "score": Decimals(p.score, 3),
            }
            if parts and p.fixed:
                line = _(
                    "{mentee} – {mentor}: {score} ({parts}) [fixed]", **pair, parts=Joined(parts)
                )
            elif parts:
                line = _("{mentee} – {mentor}: {score} ({parts})", **pair, parts=Joined(parts))
            elif p.fixed:
                line = _("{mentee} – {mentor}: {score} [fixed]", **pair)
            else:
                line = _("{mentee} – {mentor}: {score}", **pair)
            lines.append(line)
        for u in self.unmatched:
            mentee = named.get(u.mentee, u.mentee)
            lines.append(_("{mentee} unmatched: {reason}", mentee=mentee, reason=u.message))
        if self.free_places:
            free = tuple(
                _.plural(
                    "{mentor} ({n} place)",
                    "{mentor} ({n} places)",
                    n,
                    mentor=named.get(mentor, mentor),
                )
                for mentor, n in self.free_places
            )
            lines.append(_("free places left: {mentors}", mentors=Joined(free)))
        lines.extend(_("note: {note}", note=note) for note in self.notes)
        return lines


@frozen
class Decimals:
    """A message parameter: a number with *places* decimals in the language's
    notation (``"1.500"`` in English, ``"1,500"`` in German), never grouped."""

    value: float
    places: int

    def render(self, language: str | None = None) -> str:
        pattern = "0." + "0" * self.places if self.places > 0 else "0"
        return format_decimal(
            self.value, pattern, locale=babel_locale(language or current_language())
        )


@frozen
class Joined:
    """A message parameter: messages joined by *separator*, the same in every
    language (the parts of a score; refusals ``"[RULE] reason; [RULE] reason"``)."""

    parts: tuple[Message, ...]
    separator: str = ", "

    def render(self, language: str | None = None) -> str:
        return self.separator.join(p.render(language) for p in self.parts)


_OBJECTIVES = {
    Objective.OPTIMAL: _("optimal"),
    Objective.GREEDY: _("greedy"),
}
