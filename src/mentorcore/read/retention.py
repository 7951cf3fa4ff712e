"""Retention as one viewer may see it (CORE-RETENTION-1, DSGVO Art. 5(1)(e)).

Who is due, and why, is decided in :mod:`mentorcore.state.retention`: a
person is due once every programme they are in has kept their data for its
``retention_days`` since their last tandem there ended (or since they
enrolled, for those who never had one), none of their tandems is still
going, and they coordinate no programme. Only the programme's coordination
and the system see the list; for them it is also a due action (kind
``retention``) per person, until the person is erased or the action
acknowledged.
"""

from __future__ import annotations

from datetime import datetime

from mentorcore.domain import Actor
from mentorcore.errors import NotVisible
from mentorcore.i18n import _
from mentorcore.policy.decisions import DueAction
from mentorcore.read.arguments import moment
from mentorcore.state import retention
from mentorcore.state.access import State
from mentorcore.state.retention import RetentionDue

__all__ = ["RetentionDue", "RetentionReads"]


class RetentionReads:
    """Retention reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    def retention(self, programme_key: str, now: datetime | None = None) -> list[RetentionDue]:
        """The people of *programme_key* whose data is due for erasure at *now*
        (the engine clock by default), longest due first.

        :raises InvalidInput: *now* is naive.
        :raises NotFound: no such programme.
        :raises NotVisible: the viewer is neither the system nor a coordinator
            of the programme (CORE-AUTH).
        """
        state = self._state
        programme = state.programme(programme_key)
        if state.programme_role(self.viewer, programme.key) is None:
            raise NotVisible(
                _(
                    "[{rule}] {viewer} does not coordinate {programme}: only its "
                    "coordination and the system see whose data is due for erasure",
                    rule="CORE-AUTH",
                    viewer=state.index.name_of(self.viewer.person_id),
                    programme=programme.name,
                )
            )
        return retention.due(state, programme.key, moment(now, state.clock))

    def actions(self, at: datetime, programme: str | None = None) -> list[tuple[str, DueAction]]:
        """The retention actions due at *at* and not acknowledged, each with
        its programme's key: for the programmes the viewer coordinates (the
        system: every programme), or only *programme*; none for anyone else."""
        state = self._state
        me = self.viewer.person_id
        installed = {p.key for p in state.programmes()}
        keys = installed if me is None else installed & state.index.coordinated(me)
        return [
            (key, action)
            for key in sorted(keys)
            if programme is None or key == programme
            for action in retention.actions(state, key, at)
            if not state.index.acknowledged(action.key)
        ]
