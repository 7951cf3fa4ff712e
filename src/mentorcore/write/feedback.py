"""Answering a feedback request or an evaluation (CORE-FEEDBACK-1).

The answer is a :class:`~mentorcore.events.FeedbackGiven` in the tandem's
feedback stream (``feedback:<tandem id>``), not in the tandem's own: a final
evaluation is answered after the tandem ended, and an ended tandem's stream
never changes. The answers are sealed with the author's key, so an erasure
makes them a placeholder while the count of answers stays.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import NoReturn

from mentorcore.adapters.store.streams import feedback_stream
from mentorcore.domain import Actor, FeedbackResponse, Role, Tandem, TandemId
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.events import FeedbackGiven
from mentorcore.i18n import Message, _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision, DueAction
from mentorcore.policy.due import kind_title
from mentorcore.policy.feedback import GIVE_RULE, fill_form, form_for
from mentorcore.state.access import State
from mentorcore.state.due import due_actions
from mentorcore.state.feedback import answered
from mentorcore.validation import check, check_id, clock_problem, show, text_problem
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder


class FeedbackCommands:
    """Records participants' answers to feedback requests and evaluations."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder

    def give(
        self,
        tandem_id: TandemId,
        request_key: str,
        answers: Mapping[str, object],
        *,
        actor: Actor,
        now: datetime | None = None,
    ) -> FeedbackResponse:
        """Record *actor*'s answers to the request *request_key* of *tandem_id*
        (CORE-FEEDBACK-1): only its recipient answers, once, a request due at
        *now* (the engine's clock by default) whose kind has a form; after the
        tandem ended too (the final evaluation).

        :raises InvalidInput: a malformed id, key or time; *answers* do not fit
            the form (an unknown field, a missing required one, a rating out of
            range), each problem naming its field.
        :raises NotFound: no such tandem, or no request *request_key* is due
            in it at *now*.
        :raises TransitionDenied: *actor* is not the request's recipient, its
            kind has no form, or they answered it before (CORE-FEEDBACK-1).
        """
        check(actor, "actor", Actor)
        check_id(tandem_id)
        if not isinstance(request_key, str) or not request_key:
            got = show(request_key)
            raise InvalidInput([("request_key", _("expected a request's key, got {got}", got=got))])
        if problem := text_problem(request_key, multiline=False):
            raise InvalidInput([("request_key", problem)])
        if now is not None and (problem := clock_problem(now)):
            raise InvalidInput([("now", problem)])
        return self._recorder.run(lambda: self._give(tandem_id, request_key, answers, actor, now))

    def _give(
        self,
        tandem_id: TandemId,
        key: str,
        answers: Mapping[str, object],
        actor: Actor,
        now: datetime | None,
    ) -> FeedbackResponse:
        state = self._state
        tandem = state.tandem(tandem_id)
        programme = state.programme(tandem.programme_key)
        at = now or checked_now(state.clock)
        role = tandem.role_of(actor.person_id)
        if actor.person_id is None or role not in (Role.MENTEE, Role.MENTOR):
            self._deny(
                _(
                    "{actor} takes no part in this tandem: only the person asked answers",
                    actor=state.index.name_of(actor.person_id),
                )
            )
        assert role is not None  # a participant's
        action = _request(due_actions(state, programme, tandem, at), key, at)
        if actor.person_id not in action.recipients:
            self._deny(
                _(
                    "the {request} is addressed to the other side of the tandem, not to {actor}",
                    request=kind_title(action.kind, action.title),
                    actor=state.index.name_of(actor.person_id),
                )
            )
        form = form_for(programme, action.kind)
        if form is None:
            self._deny(
                _(
                    "a {request} is not answered with a form",
                    request=kind_title(action.kind, action.title),
                )
            )
        if (key, actor.person_id) in answered(state, (tandem.id,)):
            self._deny(
                _(
                    "{actor} answered this {request} already",
                    actor=state.index.name_of(actor.person_id),
                    request=kind_title(action.kind, action.title),
                )
            )
        title = kind_title(action.kind, action.title)
        values = fill_form(form, answers, context=_("the answers to the {request}", request=title))
        event = FeedbackGiven(
            checked_now(state.clock),
            actor,
            tandem.id,
            actor.person_id,
            role,
            key,
            action.kind,
            values,
        )
        notify = functools.partial(state.hooks.handle_event, programme, event, tandem)
        self._recorder.record_event(feedback_stream(tandem.id), event, notify)
        return _response(event, tandem)

    def _deny(self, reason: Message) -> NoReturn:
        refusal = Decision.deny(GIVE_RULE, reason)
        raise TransitionDenied("give_feedback", [refusal], action=verb_label("give_feedback"))


def _request(actions: list[DueAction], key: str, at: datetime) -> DueAction:
    for action in actions:
        if action.key == key and action.due_at <= at:
            return action
    raise NotFound(
        "feedback request", key, _("no feedback request {key} is due in this tandem", key=key)
    )


def _response(event: FeedbackGiven, tandem: Tandem) -> FeedbackResponse:
    return FeedbackResponse(
        tandem.id,
        event.request_key,
        event.kind,
        event.person_id,
        event.role,
        event.occurred_at,
        event.answers,
    )
