"""Tandems as one viewer may see them: views, summaries, advisories, activity logs.

Everything a person sees is filtered by the programme's visibility decisions
(``mentorcore_can_view``); what is withheld is listed with the rule that
withholds it, so a host can say why.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from attrs import evolve, field, frozen

from mentorcore.adapters.store.streams import person_stream, tandem_stream
from mentorcore.decision import reason_of
from mentorcore.domain import (
    Actor,
    Agreement,
    AgreementState,
    AgreementTerms,
    Goal,
    Person,
    PersonId,
    Role,
    Tandem,
    TandemId,
    TandemStatus,
    TandemSummary,
)
from mentorcore.errors import InvalidInput, MentorcoreError, NotFound, NotVisible
from mentorcore.events import Event, PersonEvent, TandemEvent
from mentorcore.i18n import Message, Text, _
from mentorcore.policy.decisions import Advisory, Content
from mentorcore.policy.possible import possible_now
from mentorcore.policy.topics import with_topics
from mentorcore.read.arguments import day as checked_day
from mentorcore.read.arguments import moment, optional_member
from mentorcore.read.isolation import explained
from mentorcore.read.meetings import filter_meeting
from mentorcore.read.visibility import Sight, viewer_role, withheld_by
from mentorcore.state.access import State
from mentorcore.validation import show


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
    :ivar settled_topics: The agreed topics marked settled (CORE-TOPICS);
        empty when the agreement in force is withheld.
    :ivar withheld: ``(content, "[rule] reason")`` for everything held back
        (the reason a translatable message).
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
    withheld: tuple[tuple[Content, Text], ...]
    settled_topics: tuple[str, ...] = ()


@frozen
class Activity:
    """One entry of a person's activity log (CORE-10).

    :ivar position: Global order of the underlying event.
    :ivar occurred_at: When.
    :ivar event: The event's serialized name, e.g. ``"agreement-approved"``.
    :ivar message: A sentence, e.g. "Ana Lopez submitted the mentoring
        agreement", as a translatable message (pass ``text=``).
    :ivar tandem_id: The tandem concerned, if any.
    :ivar actor: Who acted.
    """

    position: int
    occurred_at: datetime
    event: str
    message: Message = field(alias="text", converter=reason_of)
    tandem_id: TandemId | None
    actor: Actor

    @property
    def text(self) -> str:
        """The sentence, rendered in the context's language."""
        return self.message.render()


@frozen
class Advisories:
    """What the programme reports about a tandem, as one viewer may see it.

    Iterating gives the advisories shown.

    :ivar shown: The advisories the viewer may read.
    :ivar withheld: ``(rule of the advisory, "[rule] reason")`` for each one
        left out because it quotes content the viewer may not see (the reason
        a translatable message).
    """

    shown: tuple[Advisory, ...]
    withheld: tuple[tuple[str, Text], ...]

    def __iter__(self) -> Iterator[Advisory]:
        return iter(self.shown)

    def __len__(self) -> int:
        return len(self.shown)


class TandemViews:
    """Tandem reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    def sight(self, tandem_id: TandemId) -> Sight:
        """The tandem and what the viewer may see of it.

        :raises NotFound: no such tandem.
        :raises NotVisible: the viewer takes no part in it (CORE-AUTH).
        """
        state = self._state
        tandem = state.tandem(tandem_id)
        role = viewer_role(state, self.viewer, tandem)
        return Sight(state, state.programme(tandem.programme_key), tandem, role)

    def tandem(self, tandem_id: TandemId) -> Tandem:
        """The tandem's state with everything the viewer may not see left out."""
        sight = self.sight(tandem_id)
        return redacted(sight)

    def tandems(
        self,
        *,
        programme: str | None = None,
        person: str | None = None,
        status: TandemStatus | None = None,
    ) -> list[TandemSummary]:
        """Summaries of the tandems the viewer may see, optionally filtered, oldest first.

        The system sees all; a person their own and those of the programmes
        they coordinate.
        """
        state = self._state
        if programme is not None:
            state.programme(programme)
        if person is not None and not isinstance(person, str):
            raise InvalidInput(
                [("person", _("expected a person id, got {value}", value=show(person)))]
            )
        found = state.index.tandems(
            programme_key=programme,
            person_id=PersonId(person) if person is not None else None,
            status=optional_member(status, TandemStatus, "status"),
        )
        me = self.viewer.person_id
        if me is None:
            return found
        coordinated = state.index.coordinated(me)
        return [t for t in found if t.role_of(me) or t.programme_key in coordinated]

    def view(self, tandem_id: TandemId) -> TandemView:
        """The tandem as the viewer may see it."""
        sight = self.sight(tandem_id)
        tandem = sight.tandem
        withheld: list[tuple[Content, Text]] = []

        def visible(content: Content) -> bool:
            decision = sight.decision(content)
            if not decision.allowed:
                withheld.append((content, withheld_by(decision)))
            return decision.allowed

        agreement = tandem.agreement if tandem.agreement and visible(Content.AGREEMENT) else None
        proposal = tandem.proposal
        if proposal is not None:
            proposal = proposal if visible(_proposal_content(proposal)) else None
        goals = tandem.goals if visible(Content.GOALS) else None
        return TandemView(
            tandem.id,
            tandem.programme_key,
            tandem.track,
            tandem.mentee,
            tandem.mentor,
            tandem.status,
            sight.role,
            tandem.predecessor,
            tandem.end_reason,
            agreement,
            proposal,
            _awaiting(tandem),
            goals,
            tuple(withheld),
            tandem.settled_topics if agreement is not None else (),
        )

    def possible_commands(self, tandem_id: TandemId, now: datetime | None = None) -> list[str]:
        """The verbs the viewer could issue now with some valid input, as the
        refusal of an impossible verb names them (:func:`possible_now`)."""
        sight = self.sight(tandem_id)
        at = moment(now, self._state.clock)
        return possible_now(self._state.hooks, sight.programme, sight.tandem, sight.role, at)

    def advisories(self, tandem_id: TandemId, now: datetime | None = None) -> Advisories:
        """What the programme reports about the tandem now (never a refusal).

        An advisory drawn from content the viewer may not see is withheld.

        :raises CorruptEvent: the advisories cannot be computed from the
            tandem's stored data.
        """
        sight = self.sight(tandem_id)
        at = moment(now, self._state.clock)
        shown: list[Advisory] = []
        withheld: list[tuple[str, Text]] = []
        with explained(sight.tandem, _("the advisories")):
            advisories = self._state.hooks.advisories(sight.programme, sight.tandem, at)
        for advisory in advisories:
            blocking = sight.blocking(advisory.quotes, advisory.message)
            if blocking is None:
                shown.append(advisory)
            else:
                withheld.append((advisory.rule_id, withheld_by(blocking)))
        return Advisories(tuple(shown), tuple(withheld))

    def agreement_template(self, tandem_id: TandemId, today: date | None = None) -> AgreementTerms:
        """The terms a new agreement draft of the tandem starts from.

        The programme's answer to ``mentorcore_agreement_template`` (MEDiC: two
        years from the winter semester, MEDIC-DUR-1), else *today* (in the
        programme's time zone by default) with the rest left open; without topics
        there, those the mentee wished and the mentor offers (:func:`with_topics`).

        :raises InvalidInput: *today* is not a date, or one the programme's
            periods cannot be reckoned from (e.g. 9999-12-31).
        """
        today = checked_day(today)
        sight = self.sight(tandem_id)
        programme = sight.programme
        day = today or self._state.clock.now().astimezone(ZoneInfo(programme.timezone)).date()
        try:
            template = self._state.hooks.agreement_template(programme, sight.tandem, day)
        except MentorcoreError:
            raise
        except (ValueError, ArithmeticError) as exc:  # a plugin's date arithmetic ran out
            problem = _(
                "no agreement period can be reckoned from {day} ({error})",
                day=day,
                error=type(exc).__name__,
            )
            raise InvalidInput([("today", problem)]) from exc
        terms = template or AgreementTerms(period_start=day)
        return with_topics(terms, programme, sight.tandem, self._state.index.enrolment)

    def history(self, tandem_id: TandemId) -> list[TandemEvent]:
        """The tandem's events, oldest first: the raw record, for the system only.

        :raises NotVisible: the viewer is not the system (people read
            :meth:`view` and the activity log instead).
        """
        if self.viewer.person_id is not None:
            raise NotVisible(
                _(
                    "[{rule}] only the system reads the raw history; {viewer} may not",
                    rule="CORE-PRIVACY",
                    viewer=self._state.index.name_of(self.viewer.person_id),
                )
            )
        state = self._state
        stream = tandem_stream(state.tandem(tandem_id).id)
        return [
            state.event_types.decode(r.stream_id, r.version, r.name, r.data)  # type: ignore[misc]
            for r in state.store.read(stream)
        ]

    def activity(self, person_id: str) -> list[Activity]:
        """*person_id*'s activity log, oldest first, as the viewer may see it (CORE-10).

        The person sees all of it; a coordinator sees the entries of the
        programmes they coordinate where the programme lets them
        (``Content.ACTIVITY``); the system sees everything.

        :raises NotFound: unknown person.
        :raises NotVisible: the viewer may see none of it.
        """
        state = self._state
        pid = PersonId(person_id) if isinstance(person_id, str) else None
        if pid is None or pid not in state.index.persons:
            raise NotFound("person", person_id)
        tandems = state.index.tandems_for(pid)
        own = self.viewer.person_id in (None, pid)
        allowed = [t for t in tandems if own or self._may_see_activity(t)]
        if not own and not allowed:
            raise NotVisible(
                _(
                    "[{rule}] {viewer} may not see the activity of {person}",
                    rule="CORE-AUTH",
                    viewer=self._state.index.name_of(self.viewer.person_id),
                    person=person_id,
                )
            )
        streams = ([person_stream(pid)] if own else []) + [tandem_stream(t.id) for t in allowed]
        records = [r for stream in streams for r in state.store.read(stream)]
        records.sort(key=lambda r: r.position)
        events = [state.event_types.decode(r.stream_id, r.version, r.name, r.data) for r in records]
        actors = tuple(e.actor.person_id for e in events if e.actor.person_id)
        subjects = tuple(e.person_id for e in events if isinstance(e, PersonEvent))
        persons = state.index.persons.some(tuple(dict.fromkeys((*actors, *subjects))))
        return [
            Activity(
                r.position,
                event.occurred_at,
                event.name,
                _sentence(event, persons),
                event.tandem_id if isinstance(event, TandemEvent) else None,
                event.actor,
            )
            for r, event in zip(records, events, strict=True)
        ]

    def _may_see_activity(self, tandem: TandemSummary) -> bool:
        state = self._state
        role = state.role_for(self.viewer, tandem)
        if role is None:
            return False
        full = state.tandem(tandem.id)
        programme = state.programme(tandem.programme_key)
        return state.hooks.can_view(programme, Content.ACTIVITY, role, full).allowed


def redacted(sight: Sight) -> Tandem:
    """*sight*'s tandem with every content its role may not see left out."""
    tandem = sight.tandem
    changes: dict[str, Any] = {}
    if tandem.agreement is not None and not sight.may(Content.AGREEMENT):
        changes["agreement"] = None
        changes["settled_topics"] = ()  # they quote the agreement (CORE-TOPICS)
    if tandem.proposal is not None and not sight.may(_proposal_content(tandem.proposal)):
        changes["proposal"] = None
    if not sight.may(Content.GOALS):
        changes["goals"] = ()
    meetings = tuple(filter_meeting(m, sight, []) for m in tandem.meetings)
    if meetings != tandem.meetings:
        changes["meetings"] = meetings
    return evolve(tandem, **changes) if changes else tandem


def _proposal_content(proposal: Agreement) -> Content:
    drafting = proposal.state in (AgreementState.DRAFT, AgreementState.RETURNED)
    return Content.AGREEMENT_DRAFT if drafting else Content.AGREEMENT_PROPOSAL


def _awaiting(tandem: Tandem) -> Role | None:
    proposal = tandem.proposal
    if proposal is None or proposal.state is not AgreementState.SUBMITTED:
        return None
    return proposal.author.counterpart()


def _sentence(event: Event, persons: Mapping[PersonId, Person]) -> Message:
    """ "Ana Lopez submitted the mentoring agreement": who did what (the event's
    ``summary``, a translatable phrase), the person concerned named too where
    the system acted on them."""
    who = event.actor.person_id
    person = persons.get(who) if who else None
    summary = getattr(type(event), "summary", "") or event.name.replace("-", " ")
    if who is None:
        if isinstance(event, PersonEvent):
            subject = persons.get(event.person_id)
            name = subject.name if subject is not None else event.person_id
            return _("The system {did}: {person}", did=summary, person=name)
        return _("The system {did}", did=summary)
    return _("{person} {did}", person=person.name if person is not None else who, did=summary)
