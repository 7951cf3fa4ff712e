"""Erasing a person's personal data (DSGVO Art. 17) in an append-only log.

Personal values are sealed with their data subject's key
(:mod:`mentorcore.adapters.sealing`). Erasing a person destroys their key and
the keys of their tandems (what coordinators wrote about those tandems), and
records the erasure, without any personal data, in the person's stream and
in each of their tandems' streams; the read model drops their profile and
enrolments in the same commit. Everything sealed with those keys reads as a
placeholder from then on, in every copy: the log, its back-ups, caches.

Who may: the system, or a coordinator of a programme the person is enrolled
in (CORE-ERASE-1); not while the person has a tandem that has not ended
(CORE-ERASE-2: end it first, so that no one is left in a tandem with a
stranger). Erasing an erased person again only finishes destroying keys.
"""

from __future__ import annotations

import functools
from datetime import datetime

from attrs import frozen

from mentorcore import events as ev
from mentorcore.adapters.store.streams import person_stream, tandem_stream
from mentorcore.domain import Actor, PersonId, Role, TandemId
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.i18n import _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Decision
from mentorcore.state.access import State
from mentorcore.validation import check, person_id_problem
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder


@frozen
class Erasure:
    """What an erasure did.

    :ivar person_id: The person erased.
    :ivar tandems: Their tandems, whose texts by them or about them are gone.
    :ivar erased_at: When (the first erasure, for a person erased before).
    :ivar purged: Whether the database holds no earlier copy of the destroyed
        keys any more (its write-ahead log emptied); ``False`` when another
        connection was reading, and the next erasure finishes it.
    """

    person_id: PersonId
    tandems: tuple[TandemId, ...]
    erased_at: datetime
    purged: bool = True


class Erasures:
    """The erasure command (see :meth:`mentorcore.engine.Engine.erase_person`)."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder

    def erase_person(self, person_id: str, *, actor: Actor) -> Erasure:
        """Erase *person_id*'s personal data for good.

        :raises InvalidInput: *person_id* or *actor* is malformed.
        :raises NotFound: no such person.
        :raises TransitionDenied: CORE-ERASE-1 (not the system or a
            coordinator of theirs) or CORE-ERASE-2 (a tandem not ended).
        """
        check(actor, "actor", Actor)
        if (problem := person_id_problem(person_id)) is not None:
            raise InvalidInput([("person_id", problem)])
        erasure = self._recorder.run(lambda: self._erase(PersonId(person_id), actor))
        purge = getattr(self._state.keys, "purge", None)
        purged = bool(purge()) if callable(purge) else True
        return Erasure(erasure.person_id, erasure.tandems, erasure.erased_at, purged)

    def _erase(self, person_id: PersonId, actor: Actor) -> Erasure:
        d = self._state.index
        if person_id not in d.persons:
            raise NotFound("person", person_id)
        tandems = tuple(t.id for t in d.tandems_for(person_id))
        subjects = [f"person:{person_id}", *(f"tandem:{t}" for t in tandems)]
        if actor.person_id is not None and not self._coordinates(person_id, actor.person_id):
            raise TransitionDenied(
                "erase_person", [self._not_theirs(person_id)], action=verb_label("erase_person")
            )
        if d.erased(person_id):
            self._state.keys.destroy(subjects)
            at = self._state.store.queries.erasures().get(f"person:{person_id}")
            when = datetime.fromisoformat(at) if at else checked_now(self._state.clock)
            return Erasure(person_id, tandems, when)
        if (refusal := self._live_refusal(person_id)) is not None:
            raise TransitionDenied("erase_person", [refusal], action=verb_label("erase_person"))
        now = checked_now(self._state.clock)
        role = Role.SYSTEM if actor.person_id is None else Role.COORDINATOR
        hooks = self._state.hooks
        for tandem_id in tandems:
            event = ev.PersonalDataErased(now, actor, tandem_id, role, person_id)
            self._recorder.record_event(tandem_stream(tandem_id), event, None)
        erased = ev.PersonErased(now, actor, person_id, tandems)
        notify = functools.partial(hooks.handle_event, None, erased, None)
        self._recorder.record_event(person_stream(person_id), erased, notify)
        # In the same unit: with the default key store, in the same commit.
        self._state.keys.destroy(subjects)
        self._state.tandems.forget(set(tandems))
        return Erasure(person_id, tandems, now)

    def _coordinates(self, person_id: PersonId, coordinator: PersonId) -> bool:
        """Whether *coordinator* coordinates a programme *person_id* is in or
        had a tandem in (an erased person is enrolled nowhere)."""
        d = self._state.index
        theirs = {e.programme_key for e in d.enrolments_of(person_id)}
        theirs |= {t.programme_key for t in d.tandems_for(person_id)}
        return bool(theirs & d.coordinated(coordinator))

    def _not_theirs(self, person_id: PersonId) -> Decision:
        return Decision.deny(
            "CORE-ERASE-1",
            _(
                "only the system or a coordinator of a programme {person} is enrolled "
                "in may erase their data",
                person=self._state.index.name_of(person_id),
            ),
        )

    def _live_refusal(self, person_id: PersonId) -> Decision | None:
        d = self._state.index
        live = d.tandems(person_id=person_id, live=True)
        if live:
            return Decision.deny(
                "CORE-ERASE-2",
                _.plural(
                    "{person} is still in a tandem that has not ended ({tandems}): end it first",
                    "{person} is still in {n} tandems that have not ended ({tandems}): "
                    "end them first",
                    len(live),
                    person=d.name_of(person_id),
                    tandems=", ".join(str(t.id)[:8] for t in live),
                ),
            )
        return None
