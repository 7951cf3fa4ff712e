"""What the feedback reads return: requests owed, answers given, the overview.

Plain frozen values; :mod:`mentorcore.read.feedback` builds them for one
viewer, with what they may not see left out and the rule that withholds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from attrs import field, frozen

from mentorcore.domain import PersonId, Profile, Role, TandemId, Template
from mentorcore.i18n import Message
from mentorcore.policy.decisions import Decision
from mentorcore.read.isolation import Skipped


@frozen
class FeedbackRequest:
    """A feedback request or evaluation someone still owes (CORE-FEEDBACK-1).

    :ivar tandem_id: The tandem.
    :ivar programme_key: Its programme.
    :ivar key: The request's key: answer it with this key.
    :ivar kind: ``"feedback-request"``, ``"inactivity-reminder"``, ``"evaluation"``, …
    :ivar person_id: Who owes the answer.
    :ivar role: Their side.
    :ivar due_at: Since when it is owed.
    :ivar message: Why, as the viewer may read it.
    :ivar form: The form to fill.
    :ivar mandatory: Owed until answered; else it lapses at *lapses_at*.
    :ivar remind_at: When the reminder is due (CORE-FEEDBACK-2).
    :ivar reminded: Whether the reminder went out (was acknowledged).
    :ivar lapses_at: When an optional request is no longer owed.
    """

    tandem_id: TandemId
    programme_key: str
    key: str
    kind: str
    person_id: PersonId
    role: Role
    due_at: datetime
    message: Message
    form: Template
    mandatory: bool
    remind_at: datetime
    reminded: bool
    lapses_at: datetime | None

    @property
    def reason(self) -> str:
        """Why, rendered in the context's language."""
        return self.message.render()


@frozen
class GivenFeedback:
    """A participant's answer, as the viewer may see it (CORE-FEEDBACK-3).

    :ivar answers: The form's fields as answered; ``None`` where the viewer
        may not read them (*withheld* says why); the placeholder text in
        every field once the author's data was erased (*erased*).
    :ivar form: The form it was answered with (as the programme has it now).
    """

    tandem_id: TandemId
    request_key: str
    kind: str
    person_id: PersonId
    role: Role
    given_at: datetime
    answers: Profile | None
    form: Template | None = None
    withheld: Decision | None = None
    erased: bool = False


@frozen
class KindCount:
    """How many requests of one kind were answered, and how many are owed."""

    kind: str
    given: int
    owed: int


@frozen
class TandemFeedback:
    """One tandem's feedback: who owes what, who gave what."""

    tandem_id: TandemId
    mentee: PersonId
    mentor: PersonId
    owed: tuple[FeedbackRequest, ...]
    given: tuple[GivenFeedback, ...]


@frozen
class FeedbackOverview:
    """A programme's feedback for its coordination (CORE-FEEDBACK-3).

    :ivar tandems: Per tandem, oldest first.
    :ivar counts: Per kind, given and owed, by kind.
    :ivar names: The names of everyone named.
    :ivar skipped: Tandems that could not be read (the others are there).
    """

    programme_key: str
    at: datetime
    tandems: tuple[TandemFeedback, ...]
    counts: tuple[KindCount, ...]
    names: Mapping[PersonId, str] = field(factory=dict)
    skipped: tuple[Skipped, ...] = ()

    @property
    def owed(self) -> list[FeedbackRequest]:
        """Every request owed, oldest first."""
        found = [r for t in self.tandems for r in t.owed]
        return sorted(found, key=lambda r: (r.due_at, r.key))
