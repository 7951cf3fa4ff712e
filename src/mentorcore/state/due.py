"""Everything the engine reports as due for a tandem: the programme's and the
core's due actions plus the feedback reminders.

The one place both the reads (:mod:`mentorcore.read.delivery`) and the
acknowledgements (:mod:`mentorcore.write.acknowledgements`) ask, so a
reminder (CORE-FEEDBACK-2) is listed, delivered and acknowledged like any
other action.
"""

from __future__ import annotations

from datetime import datetime

from mentorcore.domain import Programme, Tandem
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.due import due_for
from mentorcore.state.access import State
from mentorcore.state.feedback import reminders


def due_actions(
    state: State, programme: Programme, tandem: Tandem, at: datetime
) -> list[DueAction]:
    """Every action due for *tandem* at *at*, acknowledged or not: :func:`due_for`
    plus the reminders of feedback requests not answered in time."""
    actions = due_for(state.hooks, programme, tandem, at)
    return [*actions, *reminders(state, programme, tandem, actions, at)]
