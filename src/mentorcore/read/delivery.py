"""Due actions: what is due now and whom to tell, as one viewer may see it.

The engine computes due actions from the events and the clock (the programme's
``mentorcore_collect_due_actions`` answers, the defaults' among them, plus cadence
warnings from the programme's ``mentorcore_cadence_rules``); the host delivers them
(e-mail, task list) and then acknowledges each key
(:meth:`mentorcore.engine.Engine.acknowledge`). An acknowledgement is an event
(:class:`~mentorcore.events.DueActionAcknowledged`) in a stream of its own, so the
engine never reports that cause again, across restarts and processes, and an ended
tandem's stream stays untouched.
"""

from __future__ import annotations

from datetime import datetime

from attrs import evolve, frozen

from mentorcore.domain import Actor, Person, Role, Tandem, TandemSummary
from mentorcore.errors import InvalidInput, NotVisible
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.due import due_for
from mentorcore.read.visibility import Sight, viewer_role
from mentorcore.state.access import State


@frozen
class Notification:
    """One due action addressed to one person, ready for the host to send.

    :ivar action: The due action.
    :ivar recipient: Who gets it (with the e-mail address the host needs); an
        action for "the coordination" goes to each coordinator of the programme.
    :ivar counterpart: The other side of the tandem with their contact data,
        for actions to a mentee or mentor (a new pairing's notification
        carries the mentor's contact data: OSTALB-NOTIFY-1).
    """

    action: DueAction
    recipient: Person
    counterpart: Person | None


class DueActions:
    """Due-action reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    def due_actions(
        self,
        now: datetime | None = None,
        *,
        tandem_id: object = None,
        programme: str | None = None,
    ) -> list[DueAction]:
        """Every action due at *now* (the engine clock by default) and not yet
        acknowledged, oldest first; one per key.

        The system sees all; a coordinator those of the programmes they
        coordinate; a mentee or mentor those addressed to them. A reason drawn
        from content the viewer may not see is replaced by the rule that
        withholds it.

        :raises InvalidInput: *now* is naive.
        :raises NotFound: unknown tandem or programme.
        :raises NotVisible: the viewer may not see the tandem or programme asked for.
        """
        at = _moment(now, self._state)
        me = self.viewer.person_id
        found: dict[str, DueAction] = {}
        for sight in self._sights(tandem_id, programme):
            for action in self._due(sight, at):
                coordinating = sight.role in (Role.COORDINATOR, Role.SYSTEM)
                if coordinating or (me is not None and me in action.recipients):
                    found.setdefault(action.key, _redacted(action, sight))
        return sorted(found.values(), key=lambda a: (a.due_at, a.key))

    def notifications(self, now: datetime | None = None) -> list[Notification]:
        """The due actions, one per recipient, with the people's contact data.

        For the host's delivery job: the system gets every programme's, a
        coordinator those of the programmes they coordinate. Each reason is
        what its *recipient* may see and, when a coordinator reads them, what
        she may see too.
        """
        state = self._state
        if self.viewer.person_id is not None and not state.index.coordinated(self.viewer.person_id):
            raise NotVisible(f"[CORE-AUTH] {self.viewer} delivers no notifications")
        at = _moment(now, state)
        out: list[Notification] = []
        seen: set[str] = set()
        for sight in self._sights(None, None):
            tandem = sight.tandem
            for action in self._due(sight, at):
                if action.key in seen:
                    continue
                seen.add(action.key)
                out.extend(self._address(action, tandem))
        out.sort(key=lambda n: (n.action.due_at, n.action.key, n.recipient.id))
        return out

    def _address(self, action: DueAction, tandem: Tandem) -> list[Notification]:
        state = self._state
        programme = state.programme(tandem.programme_key)
        shown = _redacted(action, Sight(state, programme, tandem, action.recipient_role))
        viewer_role = state.role_for(self.viewer, tandem)
        if self.viewer.person_id is not None and viewer_role is not None:
            # A coordinator running the delivery reads what she passes on:
            # nothing the recipient's text holds that she may not see herself.
            shown = _redacted(shown, Sight(state, programme, tandem, viewer_role))
        counterpart_id = None
        if action.recipient_role in (Role.MENTEE, Role.MENTOR):
            counterpart_id = tandem.person_in(action.recipient_role.counterpart())
        recipients = list(action.recipients)
        if not recipients and action.recipient_role is Role.COORDINATOR:
            # "to the coordination": every coordinator of the programme
            coordination = state.index.enrolled(tandem.programme_key, Role.COORDINATOR)
            recipients = [e.person_id for e in coordination]
        ids = tuple(recipients) + ((counterpart_id,) if counterpart_id else ())
        persons = state.index.persons.some(ids)
        counterpart = persons.get(counterpart_id) if counterpart_id else None
        return [Notification(shown, persons[p], counterpart) for p in recipients if p in persons]

    def _sights(self, tandem_id: object, programme: str | None) -> list[Sight]:
        state = self._state
        if tandem_id is not None:
            tandem = state.tandem(tandem_id)  # type: ignore[arg-type]  # checked there
            role = viewer_role(state, self.viewer, tandem)
            return [Sight(state, state.programme(tandem.programme_key), tandem, role)]
        if programme is not None:
            state.programme(programme)
            if self.viewer.person_id is not None and programme not in state.index.coordinated(
                self.viewer.person_id
            ):
                summaries = [
                    t
                    for t in state.index.tandems(programme_key=programme)
                    if t.role_of(self.viewer.person_id)
                ]
            else:
                summaries = state.index.tandems(programme_key=programme)
        else:
            summaries = self._visible_summaries()
        sights = []
        for summary in summaries:
            tandem = state.tandem(summary.id)
            seen_as = state.role_for(self.viewer, summary)
            if seen_as is not None:
                sights.append(Sight(state, state.programme(tandem.programme_key), tandem, seen_as))
        return sights

    def _visible_summaries(self) -> list[TandemSummary]:
        state = self._state
        me = self.viewer.person_id
        if me is None:
            return state.index.tandems()
        coordinated = state.index.coordinated(me)
        mine = {t.id: t for t in state.index.tandems_for(me)}
        for key in sorted(coordinated):
            mine.update((t.id, t) for t in state.index.tandems(programme_key=key))
        return sorted(mine.values(), key=lambda t: t.created_at)

    def _due(self, sight: Sight, at: datetime) -> list[DueAction]:
        index = self._state.index
        return [
            a
            for a in due_for(self._state.hooks, sight.programme, sight.tandem, at)
            if a.due_at <= at and not index.acknowledged(a.key)
        ]


def _redacted(action: DueAction, sight: Sight) -> DueAction:
    blocking = sight.blocking(action.quotes, action.reason)
    if blocking is None:
        return action
    reason = (
        f"{action.kind.replace('-', ' ')} ({action.rule_id}); the details are withheld: "
        f"[{blocking.rule_id}] {blocking.reason}"
    )
    return evolve(action, reason=reason)


def _moment(now: datetime | None, state: State) -> datetime:
    if now is None:
        return state.clock.now()
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise InvalidInput([("now", f"expected a timezone-aware datetime, got {now!r}")])
    return now
