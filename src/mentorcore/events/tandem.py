"""Events of a tandem's stream: forming, the agreement, goals, ending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.domain import (
    AgreementTerms,
    GoalId,
    GoalStatus,
    PersonId,
    Role,
    TandemId,
)

if TYPE_CHECKING:
    from mentorcore.domain import Tandem

from mentorcore.events.base import TandemEvent
from mentorcore.i18n import _

#: The words of agreement terms are personal; dates, counts and formats are
#: not (cadence and statistics need them after an erasure too).
_TERMS = ("terms.contact_frequency", "terms.topics", "terms.goals", "terms.notes", "terms.plan")


@frozen
class TandemRequested(TandemEvent):
    """A mentee asked a mentor for a mentorship (CORE-1).

    :ivar programme_key: The programme.
    :ivar mentee: The asking mentee.
    :ivar mentor: The mentor asked.
    :ivar track: The programme track, if any.
    :ivar message: The mentee's note to the mentor.
    """

    name = "tandem-requested"
    verb = "request"
    summary = _("requested a mentorship")
    personal = ("message",)
    programme_key: str
    mentee: PersonId
    mentor: PersonId
    track: str | None = None
    message: str = ""
    predecessor: TandemId | None = None


@frozen
class TandemAssigned(TandemEvent):
    """The programme paired a mentee with a mentor (CORE-1, matching, re-matching).

    :ivar predecessor: The tandem this one re-matches, if any.
    """

    name = "tandem-assigned"
    verb = "assign"
    summary = _("paired mentee and mentor")
    programme_key: str
    mentee: PersonId
    mentor: PersonId
    track: str | None = None
    predecessor: TandemId | None = None


@frozen
class TandemAccepted(TandemEvent):
    """The mentor accepted the mentee's request (CORE-1)."""

    name = "tandem-accepted"
    verb = "accept"
    summary = _("accepted the mentorship request")


@frozen
class TandemDeclined(TandemEvent):
    """The mentor declined the mentee's request (CORE-1).

    :ivar reason: The mentor's reason.
    """

    name = "tandem-declined"
    verb = "decline"
    summary = _("declined the mentorship request")
    personal = ("reason",)
    reason: str = ""


@frozen
class GettingToKnowOptedIn(TandemEvent):
    """One side wants to continue after getting to know the other.

    When both sides have opted in, drafting the agreement begins.
    """

    name = "getting-to-know-opted-in"
    verb = "opt_in"
    summary = _("wants to continue after getting to know")

    def verb_for(self, before: Tandem | None) -> str:
        """``opt_in_final`` when this opt-in completes both sides' consent."""
        other = self.role.counterpart() if self.role in (Role.MENTEE, Role.MENTOR) else None
        if before is not None and other in before.opted_in:
            return "opt_in_final"
        return "opt_in"


@frozen
class GettingToKnowOptedOut(TandemEvent):
    """One side does not want to continue after getting to know; the tandem ends.

    :ivar reason: Why, if given.
    """

    name = "getting-to-know-opted-out"
    verb = "opt_out"
    summary = _("decided not to continue after getting to know")
    personal = ("reason",)
    reason: str = ""


@frozen
class AgreementDrafted(TandemEvent):
    """The mentee saved a draft of the agreement (private to the mentee, CORE-3).

    :ivar version: The version being drafted.
    :ivar terms: The draft's content.
    """

    name = "agreement-drafted"
    verb = "draft_agreement"
    summary = _("saved a draft of the mentoring agreement")
    personal = _TERMS
    version: int
    terms: AgreementTerms


@frozen
class AgreementSubmitted(TandemEvent):
    """The mentee submitted the draft to the mentor for approval (CORE-3)."""

    name = "agreement-submitted"
    verb = "submit_agreement"
    summary = _("submitted the mentoring agreement for approval")
    version: int


@frozen
class SubmissionWithdrawn(TandemEvent):
    """The mentee took her submitted agreement back into drafting (CORE-3).

    The version is a draft again, hers only, until she submits it anew.
    """

    name = "submission-withdrawn"
    verb = "withdraw_submission"
    summary = _("took the submitted agreement back into drafting")
    version: int


@frozen
class AgreementReturned(TandemEvent):
    """The mentor sent the submitted draft back with comments.

    :ivar comments: What should change.
    """

    name = "agreement-returned"
    verb = "return_agreement"
    summary = _("returned the agreement with comments")
    personal = ("comments",)
    version: int
    comments: str


@frozen
class AgreementApproved(TandemEvent):
    """The mentor approved the submitted version; the mentorship is active (CORE-4)."""

    name = "agreement-approved"
    verb = "approve_agreement"
    summary = _("approved the mentoring agreement")
    version: int


@frozen
class AmendmentProposed(TandemEvent):
    """One side proposed a new agreement version; the old one stays in force (CORE-5)."""

    name = "amendment-proposed"
    verb = "propose_amendment"
    summary = _("proposed an amendment to the agreement")
    personal = _TERMS
    version: int
    terms: AgreementTerms


@frozen
class AmendmentApproved(TandemEvent):
    """The other side approved the amendment; it is now in force (CORE-5)."""

    name = "amendment-approved"
    verb = "approve_amendment"
    summary = _("approved the amended agreement")
    version: int


@frozen
class AmendmentRejected(TandemEvent):
    """The other side rejected (or the author withdrew) the amendment."""

    name = "amendment-rejected"
    verb = "reject_amendment"
    summary = _("rejected the proposed amendment")
    personal = ("comments",)
    version: int
    comments: str = ""


@frozen
class TopicSettled(TandemEvent):
    """A topic of the agreement in force was cleared up or dealt with (CORE-TOPICS).

    :ivar version: The agreement version in force that names the topic.
    :ivar topic: The topic, as the agreement names it.
    """

    name = "topic-settled"
    verb = "settle_topic"
    summary = _("marked an agreed topic as settled")
    personal = ("topic",)
    version: int
    topic: str


@frozen
class GoalSet(TandemEvent):
    """The mentee captured an individual goal (CORE-13)."""

    name = "goal-set"
    verb = "set_goal"
    summary = _("set a goal")
    personal = ("text",)
    goal_id: GoalId
    text: str


@frozen
class GoalReviewed(TandemEvent):
    """A goal was reviewed (CORE-13).

    :ivar status: Where it stands now.
    :ivar note: What the review found.
    :ivar text: The revised wording, or ``""`` to keep it.
    """

    name = "goal-reviewed"
    verb = "review_goal"
    summary = _("reviewed a goal")
    personal = ("note", "text")
    goal_id: GoalId
    status: GoalStatus
    note: str = ""
    text: str = ""


@frozen
class ClosingStarted(TandemEvent):
    """One side (or the coordinator) began the official ending (CORE-11)."""

    name = "closing-started"
    verb = "start_closing"
    summary = _("began closing the mentorship")
    personal = ("note",)
    note: str = ""


@frozen
class TandemCompleted(TandemEvent):
    """The mentorship was ended officially (CORE-11); a certificate is available."""

    name = "tandem-completed"
    verb = "complete"
    summary = _("completed the mentorship")
    personal = ("note",)
    note: str = ""


@frozen
class TandemDissolved(TandemEvent):
    """The tandem ended before completion.

    :ivar reason: Why.
    """

    name = "tandem-dissolved"
    verb = "dissolve"
    summary = _("dissolved the tandem")
    personal = ("reason",)
    reason: str


@frozen
class RematchRequested(TandemEvent):
    """The tandem ends because a new matching with another mentor was asked for.

    :ivar reason: Why.
    """

    name = "rematch-requested"
    verb = "request_rematch"
    summary = _("asked for a new mentor")
    personal = ("reason",)
    reason: str = ""


@frozen
class PersonalDataErased(TandemEvent):
    """A participant's personal data was erased (DSGVO Art. 17).

    Outside the lifecycle: the tandem keeps its status and its last activity;
    the event moves its stream on, so every copy of its texts (caches,
    snapshots) is read again without them. It holds no personal data.

    :ivar person_id: The participant whose data was erased.
    """

    name = "personal-data-erased"
    verb = "erase_personal_data"
    summary = _("erased the personal data of a participant")
    person_id: PersonId
