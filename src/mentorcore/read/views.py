"""What people see: tandem views filtered by the viewer's rights, activity logs, advisories.

Mixed into :class:`~mentorcore.engine.Engine`. Everything a person sees is
derived from events and filtered by the programme's visibility decisions
(``mentorcore_can_view``); what is withheld is listed with the rule that
withholds it, so a host can say why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from attrs import frozen

from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.domain import (
    Actor,
    Agreement,
    AgreementState,
    AgreementTerms,
    Goal,
    Participant,
    Person,
    PersonId,
    Programme,
    Role,
    Tandem,
    TandemId,
    TandemStatus,
    Template,
)
from mentorcore.errors import NotFound, NotVisible
from mentorcore.events import Event, PersonEvent, TandemEvent
from mentorcore.lifecycle import tandem as lifecycle
from mentorcore.policy.decisions import Advisory, Content, Decision
from mentorcore.policy.records import template_for
from mentorcore.validation import check_id

if TYPE_CHECKING:
    from mentorcore.adapters.serialization import EventTypes
    from mentorcore.adapters.store import EventStore
    from mentorcore.clock import Clock
    from mentorcore.policy.hooks import Hooks
    from mentorcore.state.index import Directory

T = TypeVar("T")


@frozen
class TandemView:
    """A tandem as one viewer may see it.

    :ivar viewer_role: The viewer's role for this tandem.
    :ivar predecessor: The tandem this one re-matches, if any.
    :ivar end_reason: Why it was declined or dissolved (``""`` otherwise).
    :ivar agreement: The agreement in force, or ``None`` (none yet, or withheld).
    :ivar proposal: The newest version not in force, if the viewer may see it:
        a draft only to the mentee (CORE-3), a submitted version or a proposed
        amendment to both (``Content.AGREEMENT_PROPOSAL``), never as "the
        agreement" to someone who may only see the one in force.
    :ivar awaiting: The role whose approval is pending, if any (CORE-3).
    :ivar goals: The mentee's goals, or ``None`` when withheld.
    :ivar withheld: ``(content, "[rule] reason")`` for everything held back.
    """

    id: TandemId
    programme_key: str
    track: str | None
    mentee: PersonId
    mentor: PersonId
    status: TandemStatus
    viewer_role: Role
    predecessor: TandemId | None
    end_reason: str
    agreement: Agreement | None
    proposal: Agreement | None
    awaiting: Role | None
    goals: tuple[Goal, ...] | None
    withheld: tuple[tuple[Content, str], ...]


@frozen
class Activity:
    """One entry of a person's activity log (CORE-10).

    :ivar position: Global order of the underlying event.
    :ivar occurred_at: When.
    :ivar event: The event's serialized name, e.g. ``"agreement-approved"``.
    :ivar text: A sentence, e.g. ``"Ana Lopez submitted the mentoring agreement"``.
    :ivar tandem_id: The tandem concerned, if any.
    :ivar actor: Who acted.
    """

    position: int
    occurred_at: datetime
    event: str
    text: str
    tandem_id: TandemId | None
    actor: Actor


class ViewQueries:
    """Engine methods for reading: the host's unfiltered access and viewer-filtered views.

    See :class:`~mentorcore.engine.Engine`.
    """

    if TYPE_CHECKING:
        hooks: Hooks
        store: EventStore
        event_types: EventTypes

        def _read(self, fn: Callable[[Directory], T]) -> T: ...
        def programme(self, key: str) -> Programme: ...
        def role_for(self, actor: Actor, tandem: Tandem) -> Role | None: ...

        clock: Clock

    def tandem(self, tandem_id: TandemId) -> Tandem:
        """The full state of a tandem (unfiltered: for the host, not for people).

        :raises NotFound: no such tandem.
        """
        check_id(tandem_id)
        tandem = self._read(lambda d: d.tandems.get(tandem_id))
        if tandem is None:
            raise NotFound("tandem", tandem_id)
        return tandem

    def tandems(
        self,
        *,
        programme: str | None = None,
        person: str | None = None,
        status: TandemStatus | None = None,
    ) -> list[Tandem]:
        """Tandems, optionally of one programme, person or status, oldest first."""

        def select(d: Directory) -> list[Tandem]:
            pool = d.tandems_for(PersonId(person)) if person else list(d.all_tandems())
            return [
                t
                for t in pool
                if (programme is None or t.programme_key == programme)
                and (status is None or t.status is status)
            ]

        return self._read(select)

    @property
    def directory(self) -> Directory:
        """The current read model (people, enrolments, relations, tandems)."""
        return self._read(lambda d: d)

    def participant(self, person_id: str, programme_key: str, role: Role) -> Participant:
        """*person_id* with their enrolment in *programme_key* as *role*.

        :raises NotFound: the person is unknown or not enrolled so.
        """

        def find(d: Directory) -> Participant | None:
            person = d.persons.get(PersonId(person_id))
            enrolment = d.enrolment(PersonId(person_id), programme_key, role)
            return Participant(person, enrolment) if person and enrolment else None

        found = self._read(find)
        if found is None:
            raise NotFound(f"{role.value} enrolled in {programme_key}", person_id)
        return found

    def history(self, tandem_id: TandemId) -> list[TandemEvent]:
        """The events of a tandem, oldest first."""
        stream = tandem_stream(self.tandem(tandem_id).id)
        return [
            self.event_types.decode(r.stream_id, r.version, r.name, r.data)  # type: ignore[misc]
            for r in self.store.read(stream)
        ]

    def participants(self, programme_key: str, role: Role) -> list[Participant]:
        """Everyone enrolled in *programme_key* as *role*, with their profiles, by id."""
        self.programme(programme_key)  # NotFound for an unknown programme

        def select(d: Directory) -> list[Participant]:
            return [Participant(d.persons[e.person_id], e) for e in d.enrolled(programme_key, role)]

        return self._read(select)

    def agreement_template(self, tandem_id: TandemId, today: date | None = None) -> AgreementTerms:
        """The terms a new agreement draft of the tandem starts from.

        The programme's answer to ``mentorcore_agreement_template`` (MEDiC: two
        years from the winter semester, MEDIC-DUR-1), else *today* (in the
        programme's time zone by default) with the rest left open.
        """
        tandem = self.tandem(tandem_id)
        programme = self.programme(tandem.programme_key)
        day = today or self.clock.now().astimezone(ZoneInfo(programme.timezone)).date()
        return self.hooks.agreement_template(programme, tandem, day) or AgreementTerms(
            period_start=day
        )

    def record_template(self, programme_key: str, purpose: str) -> Template:
        """The form in force for records of *purpose* (``"meeting_notes"``,
        ``"preparation"``, ``"first_conversation"``): the programme's own
        (MEDIC-DOC-1), else the core's generic one."""
        return template_for(self.programme(programme_key), purpose)

    def view(self, tandem_id: TandemId, viewer: Actor) -> TandemView:
        """The tandem as *viewer* may see it.

        :raises NotVisible: the viewer takes no part in the tandem and does
            not coordinate its programme (CORE-AUTH).
        """
        tandem = self.tandem(tandem_id)
        programme = self.programme(tandem.programme_key)
        role = self._viewer_role(viewer, tandem)
        withheld: list[tuple[Content, str]] = []

        def visible(content: Content) -> bool:
            decision = self.hooks.can_view(programme, content, role, tandem)
            if not decision.allowed:
                withheld.append((content, f"[{decision.rule_id}] {decision.reason}"))
            return decision.allowed

        agreement = tandem.agreement if tandem.agreement and visible(Content.AGREEMENT) else None
        proposal = tandem.proposal
        if proposal is not None:
            drafting = proposal.state in (AgreementState.DRAFT, AgreementState.RETURNED)
            content = Content.AGREEMENT_DRAFT if drafting else Content.AGREEMENT_PROPOSAL
            proposal = proposal if visible(content) else None
        goals = tandem.goals if visible(Content.GOALS) else None
        return TandemView(
            tandem.id,
            tandem.programme_key,
            tandem.track,
            tandem.mentee,
            tandem.mentor,
            tandem.status,
            role,
            tandem.predecessor,
            tandem.end_reason,
            agreement,
            proposal,
            _awaiting(tandem),
            goals,
            tuple(withheld),
        )

    def possible_commands(self, tandem_id: TandemId, viewer: Actor) -> list[str]:
        """The verbs the lifecycle allows now that *viewer*'s role may issue."""
        tandem = self.tandem(tandem_id)
        programme = self.programme(tandem.programme_key)
        role = self._viewer_role(viewer, tandem)
        verbs = []
        for verb in lifecycle.possible_verbs(tandem.status.value):
            permission = self.hooks.allowed_roles(programme, verb)
            if permission is not None and role in permission.roles:
                verbs.append(verb)
        return verbs

    def advisories(self, tandem_id: TandemId) -> list[Advisory]:
        """What the programme reports about the tandem now (never a refusal)."""
        tandem = self.tandem(tandem_id)
        programme = self.programme(tandem.programme_key)
        return self.hooks.advisories(programme, tandem, self.clock.now())

    def activity(self, person_id: str, viewer: Actor) -> list[Activity]:
        """*person_id*'s activity log, oldest first, as *viewer* may see it (CORE-10).

        The person sees all of it; a coordinator sees the entries of the
        programmes they coordinate where the programme lets them
        (``Content.ACTIVITY``); the system sees everything.

        :raises NotFound: unknown person.
        :raises NotVisible: the viewer may see none of it.
        """
        pid = PersonId(person_id)
        persons, tandems = self._read(lambda d: (d.persons, d.tandems_for(pid)))
        if pid not in persons:
            raise NotFound("person", person_id)
        own = viewer.person_id in (None, pid)
        allowed = [t for t in tandems if own or self._may_see_activity(viewer, t)]
        if not own and not allowed:
            raise NotVisible(f"{viewer} may not see the activity of {person_id}")
        records = [
            r
            for stream in ([f"person:{pid}"] if own else []) + [f"tandem:{t.id}" for t in allowed]
            for r in self.store.read(stream)
        ]
        records.sort(key=lambda r: r.position)
        log = []
        for r in records:
            event = self.event_types.decode(r.stream_id, r.version, r.name, r.data)
            log.append(
                Activity(
                    r.position,
                    event.occurred_at,
                    event.name,
                    _sentence(event, persons),
                    event.tandem_id if isinstance(event, TandemEvent) else None,
                    event.actor,
                )
            )
        return log

    def _may_see_activity(self, viewer: Actor, tandem: Tandem) -> bool:
        role = self.role_for(viewer, tandem)
        if role is None:
            return False
        programme = self.programme(tandem.programme_key)
        decision: Decision = self.hooks.can_view(programme, Content.ACTIVITY, role, tandem)
        return decision.allowed

    def _viewer_role(self, viewer: Actor, tandem: Tandem) -> Role:
        """*viewer*'s role for *tandem*; the one rights check of every read.

        :raises NotVisible: the viewer takes no part in it (CORE-AUTH).
        """
        role = self.role_for(viewer, tandem)
        if role is None:
            raise NotVisible(
                f"[CORE-AUTH] {viewer} takes no part in tandem {tandem.id} "
                f"and does not coordinate {tandem.programme_key}"
            )
        return role


def _awaiting(tandem: Tandem) -> Role | None:
    proposal = tandem.proposal
    if proposal is None or proposal.state is not AgreementState.SUBMITTED:
        return None
    return proposal.author.counterpart()


def _sentence(event: Event, persons: Mapping[PersonId, Person]) -> str:
    who = event.actor.person_id
    person = persons.get(who) if who else None
    name = getattr(person, "name", None) or (who or "The system")
    summary = getattr(type(event), "summary", "") or event.name.replace("-", " ")
    if isinstance(event, PersonEvent) and not who:
        return f"The system {summary} {event.person_id}".strip()
    return f"{name} {summary}"
