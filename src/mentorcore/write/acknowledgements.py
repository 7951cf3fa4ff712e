"""Acknowledging due actions: the host delivered one, so it is not reported again.

An acknowledgement is an event (:class:`~mentorcore.events.DueActionAcknowledged`)
in a stream of its own, so an ended tandem's stream stays untouched and every
engine and process sees it through the read model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from mentorcore.domain import Actor, Role, Tandem, TandemId
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.events import DueActionAcknowledged
from mentorcore.i18n import _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision, DueAction
from mentorcore.state import retention
from mentorcore.state.access import State
from mentorcore.state.due import due_actions
from mentorcore.validation import check, clock_problem, show, text_problem
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder

#: The stream acknowledgements are recorded in.
DUE_STREAM = "due-actions"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class Acknowledgements:
    """Records acknowledgements of due actions."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder

    def acknowledge(self, key: str, actor: Actor, now: datetime | None = None) -> bool:
        """Record that the action *key*, due at *now*, was delivered.

        :returns: ``False`` if it was acknowledged already.
        :raises NotFound: no action with *key* is due at *now*.
        :raises TransitionDenied: *actor* may not acknowledge it (CORE-AUTH).
        """
        check(actor, "actor", Actor)
        if not isinstance(key, str) or not key:
            raise InvalidInput(
                [("key", _("expected a due action's key, got {got}", got=show(key)))]
            )
        if problem := text_problem(key, multiline=False):
            raise InvalidInput([("key", problem)])
        if now is not None and (problem := clock_problem(now)):
            raise InvalidInput([("now", problem)])
        return self._recorder.run(lambda: self._acknowledge(key, actor, now))

    def delivered(self, actions: Sequence[DueAction], now: datetime) -> list[str]:
        """Record, in one commit, that the system delivered *actions* (as the
        outbox computed them at *now*: they need not be looked for again);
        answer the keys not acknowledged before."""
        state = self._state

        def record() -> list[str]:
            keys = []
            for action in actions:
                if action.key in keys or state.index.acknowledged(action.key):
                    continue
                event = DueActionAcknowledged(
                    checked_now(state.clock), Actor.system(), action.key, action.tandem_id
                )
                self._recorder.record_event(DUE_STREAM, event, self._notify(event, action))
                keys.append(action.key)
            return keys

        return self._recorder.run(record)

    def _notify(self, event: DueActionAcknowledged, action: DueAction) -> Callable[[], None] | None:
        """Telling the plugins of *event*, after the commit, with the tandem it is about."""
        summary = self._state.index.tandem(action.tandem_id) if action.tandem_id else None
        if summary is None:
            return None
        state = self._state
        programme = state.programme(summary.programme_key)
        return lambda: state.hooks.handle_event(programme, event, state.tandem(summary.id))

    def _acknowledge(self, key: str, actor: Actor, now: datetime | None) -> bool:
        state = self._state
        if state.index.acknowledged(key):
            return False
        at = now or checked_now(state.clock)
        tandem: Tandem | None = None
        found = self._retention(key, at)
        if found is not None:  # about a person, not a tandem
            programme_key, action = found
            self._check_coordinator(actor, programme_key)
        else:
            action, tandem = self._find(key, at)
            self._check_acknowledger(actor, tandem)
        event = DueActionAcknowledged(checked_now(state.clock), actor, key, action.tandem_id)
        self._recorder.record_event(DUE_STREAM, event, self._notify(event, action))
        return True

    def _find(self, key: str, at: datetime) -> tuple[DueAction, Tandem | None]:
        state = self._state
        # Keys name their tandem by convention: try those first, then every tandem.
        named = [TandemId(UUID(m)) for m in _UUID.findall(key)]
        for candidates in (named, None):
            summaries = (
                [s for s in (state.index.tandem(t) for t in candidates) if s]
                if candidates is not None
                else state.index.tandems()
            )
            for summary in summaries:
                tandem = state.tandem(summary.id)
                programme = state.programme(tandem.programme_key)
                for action in due_actions(state, programme, tandem, at):
                    if action.key == key and action.due_at <= at:
                        return action, tandem
        raise NotFound("due action", key)

    def _retention(self, key: str, at: datetime) -> tuple[str, DueAction] | None:
        """The retention action *key* (CORE-RETENTION-1) and its programme, if it is one."""
        if not key.startswith(f"{retention.RULE}/"):
            return None
        for programme in self._state.programmes():
            for action in retention.actions(self._state, programme.key, at):
                if action.key == key:
                    return programme.key, action
        raise NotFound("due action", key)

    def _check_coordinator(self, actor: Actor, programme_key: str) -> None:
        if self._state.programme_role(actor, programme_key) is not None:
            return
        refusal = Decision.deny(
            "CORE-AUTH",
            _(
                "{actor} may not acknowledge due actions of {programme}",
                actor=self._state.index.name_of(actor.person_id),
                programme=self._state.programme(programme_key).name,
            ),
        )
        raise TransitionDenied("acknowledge", [refusal], action=verb_label("acknowledge"))

    def _check_acknowledger(self, actor: Actor, tandem: Tandem | None) -> None:
        if actor.person_id is None:
            return
        if tandem is not None and self._state.role_for(actor, tandem) is Role.COORDINATOR:
            return
        refusal = Decision.deny(
            "CORE-AUTH",
            _(
                "{actor} may not acknowledge due actions of this tandem",
                actor=self._state.index.name_of(actor.person_id),
            ),
        )
        raise TransitionDenied("acknowledge", [refusal], action=verb_label("acknowledge"))
