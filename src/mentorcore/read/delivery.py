"""Due actions: what is due now and whom to tell, as one viewer may see it.

The engine computes due actions from the events and the clock (the programme's
``mentorcore_collect_due_actions`` answers, the defaults' among them, plus cadence
warnings from the programme's ``mentorcore_cadence_rules``); the host delivers them
(e-mail, task list) and then acknowledges each key
(:meth:`mentorcore.engine.Engine.acknowledge`). An acknowledgement is an event
(:class:`~mentorcore.events.DueActionAcknowledged`) in a stream of its own, so the
engine never reports that cause again, across restarts and processes, and an ended
tandem's stream stays untouched.

Reads over many tandems go on when one tandem fails (:mod:`mentorcore.read.isolation`):
they return a :class:`~mentorcore.read.isolation.Partial` naming it in ``skipped``.
"""

from __future__ import annotations

from datetime import datetime

from attrs import evolve, frozen

from mentorcore.domain import Actor, Person, Role, Tandem, TandemSummary
from mentorcore.errors import NotVisible
from mentorcore.i18n import _
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.due import kind_title
from mentorcore.read.arguments import moment
from mentorcore.read.isolation import Partial, Skipped, attempt, explained
from mentorcore.read.retention import RetentionReads
from mentorcore.read.visibility import Sight, viewer_role, withheld_by
from mentorcore.state.access import State
from mentorcore.state.due import due_actions


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

        Without *tandem_id* the list is a :class:`~mentorcore.read.isolation.Partial`:
        a tandem whose actions cannot be computed is left out, logged and
        named in ``skipped``; the others' actions are all there.

        :raises InvalidInput: *now* is naive.
        :raises NotFound: unknown tandem or programme.
        :raises NotVisible: the viewer may not see the tandem or programme asked for.
        :raises CorruptEvent: the actions of the tandem asked for cannot be
            computed from its stored data.
        """
        at = moment(now, self._state.clock)
        found: dict[str, DueAction] = {}
        skipped: list[Skipped] = []
        for sight in self._sights(tandem_id, programme, skipped):
            shown: list[DueAction] | None
            if tandem_id is not None:
                with explained(sight.tandem, _("the due actions")):
                    shown = self._shown(sight, at)
            else:
                shown = attempt(
                    sight.tandem.id, _("the due actions"), skipped, self._shown, sight, at
                )
            for action in shown or ():
                found.setdefault(action.key, action)
        if tandem_id is None:  # CORE-RETENTION-1: about people, not tandems
            for _key, action in RetentionReads(self._state, self.viewer).actions(at, programme):
                found.setdefault(action.key, action)
        return Partial(sorted(found.values(), key=lambda a: (a.due_at, a.key)), skipped)

    def _shown(self, sight: Sight, at: datetime) -> list[DueAction]:
        """The actions of *sight*'s tandem the viewer sees, as they may see them."""
        me = self.viewer.person_id
        coordinating = sight.role in (Role.COORDINATOR, Role.SYSTEM)
        return [
            _redacted(action, sight)
            for action in self._due(sight, at)
            if coordinating or (me is not None and me in action.recipients)
        ]

    def notifications(self, now: datetime | None = None) -> list[Notification]:
        """The due actions, one per recipient, with the people's contact data.

        For the host's delivery job: the system gets every programme's, a
        coordinator those of the programmes they coordinate. Each reason is
        what its *recipient* may see and, when a coordinator reads them, what
        she may see too.

        The list is a :class:`~mentorcore.read.isolation.Partial`: a tandem
        whose notifications cannot be computed is left out, logged and named
        in ``skipped``; everyone else's are delivered.
        """
        state = self._state
        if self.viewer.person_id is not None and not state.index.coordinated(self.viewer.person_id):
            raise NotVisible(
                _(
                    "[{rule}] {viewer} delivers no notifications: only the system and "
                    "the coordination do",
                    rule="CORE-AUTH",
                    viewer=state.index.name_of(self.viewer.person_id),
                )
            )
        at = moment(now, state.clock)
        out: list[Notification] = []
        seen: set[str] = set()
        skipped: list[Skipped] = []
        for sight in self._sights(None, None, skipped):
            found = attempt(
                sight.tandem.id, _("the notifications"), skipped, self._notify, sight, at
            )
            for action, notifications in found or []:
                if action.key not in seen:
                    seen.add(action.key)
                    out.extend(notifications)
        for key, action in RetentionReads(state, self.viewer).actions(at):
            coordination = state.index.enrolled(key, Role.COORDINATOR)
            persons = state.index.persons.some(tuple(e.person_id for e in coordination))
            out.extend(Notification(action, person, None) for person in persons.values())
        out.sort(key=lambda n: (n.action.due_at, n.action.key, n.recipient.id))
        return Partial(out, skipped)

    def _notify(self, sight: Sight, at: datetime) -> list[tuple[DueAction, list[Notification]]]:
        # computed whole before anything is kept, so a failing tandem adds nothing
        return [(a, self._address(a, sight.tandem)) for a in self._due(sight, at)]

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

    def _sights(
        self, tandem_id: object, programme: str | None, skipped: list[Skipped]
    ) -> list[Sight]:
        """The tandems asked for, as the viewer sees them; over many tandems,
        one that cannot be loaded is added to *skipped* instead."""
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
            seen_as = state.role_for(self.viewer, summary)
            if seen_as is None:
                continue
            loaded = attempt(summary.id, _("the state"), skipped, state.tandem, summary.id)
            if loaded is not None:
                sights.append(Sight(state, state.programme(loaded.programme_key), loaded, seen_as))
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
            for a in due_actions(self._state, sight.programme, sight.tandem, at)
            if a.due_at <= at and not index.acknowledged(a.key)
        ]


def _redacted(action: DueAction, sight: Sight) -> DueAction:
    blocking = sight.blocking(action.quotes, action.message)
    if blocking is None:
        return action
    reason = _(
        "{what} ({rule}); the details are withheld: {why}",
        what=kind_title(action.kind, action.title),
        rule=action.rule_id,
        why=withheld_by(blocking),
    )
    return evolve(action, reason=reason)
