"""Which optional reminders a person receives (CORE-MAIL-2).

A programme marks the kinds of message a person may turn off
(:attr:`Programme.optional_reminders <mentorcore.domain.Programme.optional_reminders>`);
every other kind is mandatory (MEDiC's evaluations, MEDIC-EVAL-1) and stays.
The person decides for themself; the system may record their choice for them
(a host's settings page).
"""

from __future__ import annotations

from mentorcore.domain import Actor, PersonId, Role
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.events import MailPreferenceChanged
from mentorcore.i18n import _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision
from mentorcore.policy.due import kind_title
from mentorcore.state.access import State
from mentorcore.state.feedback import mandatory
from mentorcore.validation import check, text_problem
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder

RULE = "CORE-MAIL-2"


class Preferences:
    """Records people's choices of optional reminders."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder

    def set(
        self, person_id: str, programme_key: str, kind: str, receive: bool, *, actor: Actor
    ) -> bool:
        """Record whether *person_id* receives messages of *kind* in *programme_key*.

        :returns: ``False`` if that was their choice already (nothing recorded).
        :raises InvalidInput: malformed arguments.
        :raises NotFound: unknown person or programme.
        :raises TransitionDenied: someone else than the person or the system
            (CORE-AUTH); the person is not in the programme, or *kind* is
            mandatory there (CORE-MAIL-2).
        """
        check(actor, "actor", Actor)
        for name, value in (("person_id", person_id), ("programme_key", programme_key),
                            ("kind", kind)):  # fmt: skip
            if not isinstance(value, str) or not value:
                raise InvalidInput([(name, _("expected text"))])
            if problem := text_problem(value, multiline=False):
                raise InvalidInput([(name, problem)])
        if not isinstance(receive, bool):
            raise InvalidInput([("receive", _("expected true or false"))])
        return self._recorder.run(
            lambda: self._set(PersonId(person_id), programme_key, kind, receive, actor)
        )

    def _set(
        self, person_id: PersonId, programme_key: str, kind: str, receive: bool, actor: Actor
    ) -> bool:
        state = self._state
        if person_id not in state.index.persons:
            raise NotFound("person", person_id)
        programme = state.programme(programme_key)
        refusals = []
        if actor.person_id is not None and actor.person_id != person_id:
            refusals.append(
                Decision.deny(
                    "CORE-AUTH",
                    _(
                        "{actor} may not choose the reminders of {person}",
                        actor=state.index.name_of(actor.person_id),
                        person=state.index.name_of(person_id),
                    ),
                )
            )
        elif not any(
            state.index.enrolment(person_id, programme_key, role)
            for role in (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)
        ):
            refusals.append(
                Decision.deny(
                    RULE,
                    _(
                        "{person} is not in {programme}",
                        person=state.index.name_of(person_id),
                        programme=programme.name,
                    ),
                )
            )
        elif mandatory(programme, kind) and not receive:
            refusals.append(
                Decision.deny(
                    RULE,
                    _(
                        "{programme} makes the {kind} mandatory; optional are: {optional}",
                        programme=programme.name,
                        kind=kind_title(kind),
                        optional=", ".join(programme.optional_reminders) or "–",
                    ),
                )
            )
        if refusals:
            raise TransitionDenied(
                "choose_reminders", refusals, action=verb_label("choose_reminders")
            )
        current = state.store.queries.preferences(person_id).get((programme_key, kind), True)
        if current == receive:
            return False
        event = MailPreferenceChanged(
            checked_now(state.clock), actor, person_id, programme_key, kind, receive
        )
        self._recorder.record_person_events([event], programme)
        return True
