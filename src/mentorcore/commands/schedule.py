"""When a meeting may be planned (CORE-SCHEDULE): not on top of another
proposed or confirmed meeting of the tandem.

A start in the past is accepted: it is how a meeting that took place is
recorded afterwards (proposed, confirmed by the other side, attendance
confirmed), which hosts, the year plays and the tests rely on. Meetings of one
person in two tandems (a mentor with two mentees) are not compared: each
tandem decides on its own stream.
"""

from __future__ import annotations

from datetime import datetime

from mentorcore.commands.base import Context, Refused
from mentorcore.domain import MeetingId, MeetingStatus, Tandem
from mentorcore.domain.labels import label
from mentorcore.i18n import Moment, _
from mentorcore.policy.periods import shifted


def check_slot(
    tandem: Tandem,
    meeting_id: MeetingId | None,
    start: datetime,
    minutes: int,
    ctx: Context,
) -> None:
    """CORE-SCHEDULE: not at the same time as another proposed or confirmed
    meeting of the tandem (*meeting_id*, the one being moved, aside)."""
    zone = ctx.programme.timezone
    end = shifted(start, minutes=minutes)  # clamps at the end of the calendar
    for other in tandem.meetings:
        if other.id == meeting_id or other.status not in _LIVE:
            continue
        if start < shifted(other.start, minutes=other.duration_minutes) and other.start < end:
            raise Refused(
                "CORE-SCHEDULE",
                _(
                    "the tandem already has a meeting at that time ({status}, {start}): "
                    "move or cancel one of them",
                    start=Moment(other.start, zone),
                    status=label(other.status),
                ),
            )


#: Meetings that still take up their time.
_LIVE = frozenset({MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED})
