"""Value objects of mentorcore: people, programmes, tandems, meetings.

Everything here is an immutable attrs class. Nothing here knows about plugins,
storage or files; state changes happen by folding events (see
:mod:`mentorcore.lifecycle.fold`). This package only re-exports its modules' names.
"""

from __future__ import annotations

from mentorcore.domain.meeting import (
    Meeting,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    MeetingStatus,
    Record,
)
from mentorcore.domain.people import (
    Actor,
    Choice,
    Enrolment,
    FieldKind,
    Participant,
    Person,
    PersonId,
    Profile,
    ProfileField,
    Relation,
    RelationKind,
    Role,
    Value,
)
from mentorcore.domain.programme import (
    Contact,
    Programme,
    Setting,
    Template,
    Topic,
)
from mentorcore.domain.tandem import (
    Agreement,
    AgreementState,
    AgreementTerms,
    FeedbackResponse,
    Goal,
    GoalId,
    GoalStatus,
    Origin,
    PlannedMeeting,
    Tandem,
    TandemId,
    TandemStatus,
    TandemSummary,
)

__all__ = [
    "Actor",
    "Agreement",
    "AgreementState",
    "AgreementTerms",
    "Choice",
    "Contact",
    "Enrolment",
    "FeedbackResponse",
    "FieldKind",
    "Goal",
    "GoalId",
    "GoalStatus",
    "Meeting",
    "MeetingFormat",
    "MeetingId",
    "MeetingKind",
    "MeetingStatus",
    "Origin",
    "Participant",
    "Person",
    "PersonId",
    "PlannedMeeting",
    "Profile",
    "ProfileField",
    "Programme",
    "Record",
    "Relation",
    "RelationKind",
    "Role",
    "Setting",
    "Tandem",
    "TandemId",
    "TandemStatus",
    "TandemSummary",
    "Template",
    "Topic",
    "Value",
]
