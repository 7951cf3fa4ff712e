"""Meeting commands: propose one (``POST /tandems/{tandem_id}/meetings``), then one
endpoint per meeting command class (``POST /tandems/{tandem_id}/meetings/{meeting_id}/<verb>``):
confirm, decline, reschedule, cancel, attend, miss, prepare, document."""

from __future__ import annotations

from fastapi import APIRouter

from mentorcore.commands.meeting import (
    CancelMeeting,
    ConfirmAttendance,
    ConfirmMeeting,
    DeclineMeeting,
    DocumentMeeting,
    MarkMeetingMissed,
    PrepareMeeting,
    ProposeMeeting,
    RescheduleMeeting,
)
from mentorcore.web.api.commanding import add_command, command_path
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS

router = APIRouter(route_class=ApiRoute, tags=["meetings"], responses=ERRORS)

#: Every command on an existing meeting.
MEETING_COMMANDS = (
    ConfirmMeeting,
    DeclineMeeting,
    RescheduleMeeting,
    CancelMeeting,
    ConfirmAttendance,
    MarkMeetingMissed,
    PrepareMeeting,
    DocumentMeeting,
)

add_command(router, ProposeMeeting, "/tandems/{tandem_id}/meetings", status=201)
for _command in MEETING_COMMANDS:
    add_command(
        router,
        _command,
        f"/tandems/{{tandem_id}}/meetings/{{meeting_id}}/{command_path(_command.verb)}",
    )
