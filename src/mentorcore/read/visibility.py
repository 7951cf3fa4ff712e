"""The one rights check of every read, and what a viewer may not see of a tandem.

:func:`viewer_role` refuses a viewer with no part in a tandem (CORE-AUTH);
:class:`Sight` asks the programme (``mentorcore_can_view``) once per kind of
content and remembers what it withholds, with the rule, so every read can
list what it left out and why. Texts derived from content the viewer may not
see (an advisory quoting a goal, a due action naming agreed terms) are caught
twice: by what the text declares it quotes, and by looking for the hidden
texts themselves in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from mentorcore.domain import (
    Actor,
    Agreement,
    AgreementState,
    Profile,
    Programme,
    Role,
    Tandem,
    TandemSummary,
)
from mentorcore.errors import NotVisible
from mentorcore.i18n import SUPPORTED, Message, Text, _
from mentorcore.policy.decisions import Content, Decision
from mentorcore.policy.records import CONTENT_OF
from mentorcore.state.access import State

#: Hidden texts shorter than this are not searched for (too many false alarms).
_SHORTEST = 4


def viewer_role(state: State, viewer: Actor, tandem: Tandem | TandemSummary) -> Role:
    """*viewer*'s role for *tandem*.

    :raises NotVisible: the viewer takes no part in it and does not
        coordinate its programme (CORE-AUTH).
    """
    role = state.role_for(viewer, tandem)
    if role is None:
        raise NotVisible(
            _(
                "[{rule}] {viewer} takes no part in tandem {tandem} "
                "and does not coordinate {programme}",
                rule="CORE-AUTH",
                viewer=state.index.name_of(viewer.person_id),
                tandem=str(tandem.id),
                programme=state.programme(tandem.programme_key).name,
            )
        )
    return role


def withheld_by(decision: Decision) -> Message:
    """Why something is withheld: ``"[CORE-PRIVACY] the goals stay between mentee
    and mentor"``, the refusal's rule and reason, translatable."""
    return _("[{rule}] {reason}", rule=decision.rule_id, reason=decision.message)


class Sight:
    """What one role may see of one tandem, asked of the programme once per content."""

    def __init__(self, state: State, programme: Programme, tandem: Tandem, role: Role) -> None:
        self._state = state
        self.programme = programme
        self.tandem = tandem
        self.role = role
        self._answers: dict[Content, Decision] = {}

    def decision(self, content: Content) -> Decision:
        """The programme's answer for *content* (cached)."""
        found = self._answers.get(content)
        if found is None:
            found = self._state.hooks.can_view(self.programme, content, self.role, self.tandem)
            self._answers[content] = found
        return found

    def may(self, content: Content) -> bool:
        """Whether the role may see *content*."""
        return self.decision(content).allowed

    def hidden(self) -> list[Content]:
        """The kinds of content the role may not see, in a stable order."""
        # Feedback is kept beside the tandem, not in it (read.feedback decides on it).
        beside = (Content.ACTIVITY, Content.FEEDBACK)
        return [c for c in Content if c not in beside and not self.may(c)]

    def hidden_texts(self) -> list[str]:
        """Every telling text of this tandem the role may not see."""
        return [t for c in self.hidden() for t in _texts(self.tandem, c) if _telling(t)]

    def blocking(self, quotes: Iterable[Content], text: Text) -> Decision | None:
        """The refusal that keeps *text* from the role, if it quotes hidden content.

        *quotes* is what the text says it derives from; the text is also
        searched for the hidden texts themselves, in case a plugin forgot to say,
        as it reads in every language.
        """
        for content in quotes:
            if not self.may(content):
                return self.decision(content)
        renderings = [text] if isinstance(text, str) else [text.render(x) for x in SUPPORTED]
        folded = "\n".join(renderings).casefold()
        for content in self.hidden():
            for hidden in _texts(self.tandem, content):
                if _telling(hidden) and any(form in folded for form in _forms(hidden)):
                    return self.decision(content)
        return None


def _telling(text: str) -> bool:
    """Whether *text* says something worth hiding when found in another text.

    Dates, numbers and very short words would be "found" in unrelated
    sentences ("feedback on the meeting of 2026-10-05") and withhold them.
    """
    return len(text) >= _SHORTEST and any(c.isalpha() for c in text)


def _forms(text: str) -> set[str]:
    """*text* as it may appear quoted in a sentence: plain, ``repr`` and JSON escaped."""
    plain = text.casefold()
    return {plain, repr(plain)[1:-1], json.dumps(plain, ensure_ascii=False)[1:-1]}


def _texts(tandem: Tandem, content: Content) -> Iterator[str]:
    """The free texts of *tandem* that belong to *content*."""
    if content in (Content.AGREEMENT, Content.AGREEMENT_DRAFT, Content.AGREEMENT_PROPOSAL):
        yield from _agreement_texts(_agreement_of(tandem, content))
    elif content is Content.GOALS:
        for goal in tandem.goals:
            yield from (goal.text, goal.note)
    elif content is Content.MEETING_PREPARATION:
        for meeting in tandem.meetings:
            yield from (meeting.agenda, *meeting.topics)
            if meeting.preparation is not None:
                yield from _record_texts(meeting.preparation.values)
    else:
        for meeting in tandem.meetings:
            notes = meeting.notes
            if notes is not None and CONTENT_OF.get(notes.purpose) is content:
                yield from _record_texts(notes.values)


def _agreement_of(tandem: Tandem, content: Content) -> Agreement | None:
    """The agreement version that *content* stands for in *tandem*, if any."""
    if content is Content.AGREEMENT:
        return tandem.agreement
    proposal = tandem.proposal
    if proposal is None:
        return None
    drafting = proposal.state in (AgreementState.DRAFT, AgreementState.RETURNED)
    return proposal if drafting == (content is Content.AGREEMENT_DRAFT) else None


def _agreement_texts(agreement: Agreement | None) -> Iterator[str]:
    if agreement is not None:
        terms = agreement.terms
        yield from (terms.goals, terms.notes, terms.contact_frequency, agreement.comments)
        yield from terms.topics


def _record_texts(values: Profile) -> Iterator[str]:
    for _name, value in values.items:
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            yield from value
