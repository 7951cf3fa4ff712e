"""Commands: what hosts ask the engine to do, as frozen data.

Each command names its lifecycle ``verb`` and turns into exactly one event
(``decide``), given the tandem as it is and a :class:`Context`. A command whose
content contradicts the tandem (approving a version that is not the one
submitted, reviewing an unknown goal) raises :class:`Refused` with the rule it
breaks. Commands never touch storage or hooks. This package only re-exports
its modules' names.
"""

from __future__ import annotations

from mentorcore.commands.agreement import (
    ApproveAgreement,
    ApproveAmendment,
    DraftAgreement,
    ProposeAmendment,
    RejectAmendment,
    ReturnAgreement,
    ReviewGoal,
    SetGoal,
    SettleTopic,
    SubmitAgreement,
    WithdrawSubmission,
)
from mentorcore.commands.base import (
    Command,
    Context,
    CreateCommand,
    Refused,
    TandemCommand,
)
from mentorcore.commands.tandem import (
    Accept,
    AssignMentor,
    Complete,
    Decline,
    Dissolve,
    OptIn,
    OptOut,
    RequestMentorship,
    RequestRematch,
    StartClosing,
)

__all__ = [
    "Accept",
    "ApproveAgreement",
    "ApproveAmendment",
    "AssignMentor",
    "Command",
    "Complete",
    "Context",
    "CreateCommand",
    "Decline",
    "Dissolve",
    "DraftAgreement",
    "OptIn",
    "OptOut",
    "ProposeAmendment",
    "Refused",
    "RejectAmendment",
    "RequestMentorship",
    "RequestRematch",
    "ReturnAgreement",
    "ReviewGoal",
    "SetGoal",
    "SettleTopic",
    "StartClosing",
    "SubmitAgreement",
    "TandemCommand",
    "WithdrawSubmission",
]
