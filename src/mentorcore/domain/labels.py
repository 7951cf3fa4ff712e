"""What the domain's states and kinds are called, in every language.

``label(TandemStatus.ACTIVE).render("de")`` is ``"aktiv"``. The enum values
stay the codes stored in events and accepted as input; labels are for people.
"""

from __future__ import annotations

import enum

from mentorcore.domain.meeting import MeetingFormat, MeetingKind, MeetingStatus
from mentorcore.domain.people import FieldKind, RelationKind, Role
from mentorcore.domain.tandem import AgreementState, GoalStatus, Origin, TandemStatus
from mentorcore.i18n import Message, _

_LABELS: dict[enum.Enum, Message] = {
    TandemStatus.REQUESTED: _("requested"),
    TandemStatus.GETTING_TO_KNOW: _("getting to know each other"),
    TandemStatus.AGREEMENT_DRAFTING: _("drafting the agreement"),
    TandemStatus.AWAITING_APPROVAL: _("agreement awaiting approval"),
    TandemStatus.ACTIVE: _("active"),
    TandemStatus.CLOSING: _("closing"),
    TandemStatus.COMPLETED: _("completed"),
    TandemStatus.DECLINED: _("declined"),
    TandemStatus.DISSOLVED: _("dissolved"),
    Origin.REQUEST: _("requested by the mentee"),
    Origin.ASSIGNMENT: _("assigned by the coordination"),
    GoalStatus.OPEN: _("open"),
    GoalStatus.ON_TRACK: _("on track"),
    GoalStatus.ACHIEVED: _("achieved"),
    GoalStatus.REVISED: _("revised"),
    GoalStatus.DROPPED: _("dropped"),
    AgreementState.DRAFT: _("draft"),
    AgreementState.SUBMITTED: _("submitted"),
    AgreementState.RETURNED: _("returned for changes"),
    AgreementState.IN_FORCE: _("in force"),
    AgreementState.REJECTED: _("rejected"),
    AgreementState.SUPERSEDED: _("superseded"),
    MeetingFormat.IN_PERSON: _("in person"),
    MeetingFormat.VIDEO: _("video call"),
    MeetingFormat.PHONE: _("phone call"),
    MeetingFormat.EMAIL: _("e-mail"),
    MeetingFormat.SHADOWING: _("shadowing"),
    MeetingKind.GETTING_TO_KNOW: _("getting-to-know meeting"),
    MeetingKind.FIRST_CONVERSATION: _("first conversation"),
    MeetingKind.REGULAR: _("mentoring meeting"),
    MeetingKind.CLOSING: _("closing conversation"),
    MeetingStatus.PROPOSED: _("proposed"),
    MeetingStatus.CONFIRMED: _("confirmed"),
    MeetingStatus.DECLINED: _("declined"),
    MeetingStatus.CANCELLED: _("cancelled"),
    MeetingStatus.HELD: _("held"),
    MeetingStatus.MISSED: _("missed"),
    Role.MENTEE: _("mentee"),
    Role.MENTOR: _("mentor"),
    Role.COORDINATOR: _("coordination"),
    Role.SYSTEM: _("system"),
    RelationKind.TEACHES: _("teaches"),
    RelationKind.EXAMINES: _("examines"),
    RelationKind.SUPERVISES: _("supervises"),
    RelationKind.MANAGES: _("manages"),
    RelationKind.WORKS_WITH: _("works with"),
    FieldKind.TEXT: _("text"),
    FieldKind.INTEGER: _("whole number"),
    FieldKind.NUMBER: _("number"),
    FieldKind.BOOLEAN: _("yes or no"),
    FieldKind.CHOICE: _("one of a list"),
    FieldKind.CHOICES: _("several of a list"),
}


def label(member: enum.Enum) -> Message:
    """What *member* is called; its code as a literal if the domain names it nowhere."""
    return _LABELS.get(member) or Message.literal(str(member.value))
