"""Commands on tandems: create one (a mentee's request, a coordinator's
assignment), then one endpoint per tandem command class (``POST
/tandems/{tandem_id}/<verb>``). Meeting commands live in :mod:`.meetings`."""

from __future__ import annotations

from fastapi import APIRouter

from mentorcore.commands import (
    Accept,
    ApproveAgreement,
    ApproveAmendment,
    AssignMentor,
    Complete,
    Decline,
    Dissolve,
    DraftAgreement,
    OptIn,
    OptOut,
    ProposeAmendment,
    RejectAmendment,
    RequestMentorship,
    RequestRematch,
    ReturnAgreement,
    ReviewGoal,
    SetGoal,
    SettleTopic,
    StartClosing,
    SubmitAgreement,
    WithdrawSubmission,
)
from mentorcore.web.api.commanding import add_command, command_path
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS

router = APIRouter(route_class=ApiRoute, tags=["tandem commands"], responses=ERRORS)

#: Every command on an existing tandem that is not about a meeting.
TANDEM_COMMANDS = (
    Accept,
    Decline,
    OptIn,
    OptOut,
    DraftAgreement,
    SubmitAgreement,
    WithdrawSubmission,
    ReturnAgreement,
    ApproveAgreement,
    ProposeAmendment,
    ApproveAmendment,
    RejectAmendment,
    SettleTopic,
    SetGoal,
    ReviewGoal,
    StartClosing,
    Complete,
    Dissolve,
    RequestRematch,
)

add_command(router, RequestMentorship, "/tandems/requests", status=201)
add_command(router, AssignMentor, "/tandems/assignments", status=201)
for _command in TANDEM_COMMANDS:
    add_command(router, _command, f"/tandems/{{tandem_id}}/{command_path(_command.verb)}")
