"""The one way to read: a :class:`Reader` bound to one viewer.

``engine.reader(actor)`` gives one. Every method reads as that viewer: it
refuses what the viewer may not see at all (:class:`~mentorcore.errors.NotVisible`,
naming the rule) and leaves out, with the rule, what the programme keeps from
them. The system (``Actor.system()``) is a viewer too, and sees everything.

No stored record breaks a read for others (:mod:`mentorcore.read.isolation`):
reads over many tandems leave out a tandem that cannot be computed, log it and
name it (``skipped`` of the :class:`~mentorcore.read.isolation.Partial` list
they return; an ``X-MENTORCORE-OMITTED`` line in a feed); a read of one tandem
asked for by id raises :class:`~mentorcore.errors.CorruptEvent` instead.
"""

from __future__ import annotations

from datetime import date, datetime

from mentorcore.domain import (
    Actor,
    AgreementTerms,
    MeetingId,
    Participant,
    Person,
    PersonId,
    Record,
    Role,
    Tandem,
    TandemId,
    TandemStatus,
    TandemSummary,
)
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput
from mentorcore.events import TandemEvent
from mentorcore.i18n import _, negotiate
from mentorcore.policy.cadence import TandemCadence
from mentorcore.policy.decisions import Content, Decision, DueAction
from mentorcore.read.agreement_copy import AgreementCopy, approved_on
from mentorcore.read.delivery import DueActions, Notification
from mentorcore.read.export import PersonExport, person_export
from mentorcore.read.feedback import FeedbackReads
from mentorcore.read.feedback_views import FeedbackOverview, FeedbackRequest, GivenFeedback
from mentorcore.read.feeds import CalendarFeeds
from mentorcore.read.in_language import in_reader_language
from mentorcore.read.meetings import Certificate, ContentWithheld, MeetingRecords, MeetingViews
from mentorcore.read.people import PeopleViews
from mentorcore.read.retention import RetentionDue, RetentionReads
from mentorcore.read.views import Activity, Advisories, TandemView, TandemViews
from mentorcore.state.access import State
from mentorcore.validation import check, language_problem


@in_reader_language
class Reader:
    """Everything mentorcore shows, as *viewer* may see it.

    Cheap to make: make one per request or per person. Methods raise
    :class:`~mentorcore.errors.NotFound` for unknown ids and
    :class:`~mentorcore.errors.InvalidInput` for malformed ones.
    """

    def __init__(self, state: State, viewer: Actor, *, language: str | None = None) -> None:
        check(viewer, "viewer", Actor)
        if (wrong := language_problem(language)) is not None:
            raise InvalidInput([("language", wrong)])
        self.viewer = viewer
        #: The language asked for (``None``: the context's, the engine's, the programme's).
        self.language = negotiate(language)
        self._state = state
        self._tandems = TandemViews(state, viewer)
        self._meetings = MeetingViews(state, viewer)
        self._people = PeopleViews(state, viewer)
        self._due = DueActions(state, viewer)
        self._calendars = CalendarFeeds(state, viewer, language=self.language)

    def _default_language(self) -> str | None:
        """The engine's language, if it has one (see ``Engine(language=)``)."""
        return self._state.language

    # ------------------------------------------------------------ tandems

    def tandem(self, tandem_id: TandemId) -> Tandem:
        """The tandem's state, with what the viewer may not see left out."""
        return self._tandems.tandem(tandem_id)

    def tandems(
        self,
        *,
        programme: str | None = None,
        person: str | None = None,
        status: TandemStatus | None = None,
    ) -> list[TandemSummary]:
        """The tandems the viewer may see (optionally filtered), oldest first."""
        return self._tandems.tandems(programme=programme, person=person, status=status)

    def view(self, tandem_id: TandemId) -> TandemView:
        """The tandem as the viewer may see it, with what is withheld and why."""
        return self._tandems.view(tandem_id)

    def possible_commands(self, tandem_id: TandemId, now: datetime | None = None) -> list[str]:
        """The verbs the viewer could issue now (at *now*, the clock's time by
        default) with some valid input; never internal ones."""
        return self._tandems.possible_commands(tandem_id, now)

    def advisories(self, tandem_id: TandemId, now: datetime | None = None) -> Advisories:
        """What the programme reports about the tandem (never a refusal)."""
        return self._tandems.advisories(tandem_id, now)

    def agreement_template(self, tandem_id: TandemId, today: date | None = None) -> AgreementTerms:
        """The terms a new agreement draft of the tandem starts from."""
        return self._tandems.agreement_template(tandem_id, today)

    def agreement_copy(self, tandem_id: TandemId) -> AgreementCopy:
        """The agreement in force as a copy to keep or pass on (MEDIC-AGR-1), in
        the reader's language; write it with :func:`mentorcore.read.agreement_copy.markdown`
        or :func:`~mentorcore.read.agreement_copy.data`.

        :raises ContentWithheld: no agreement is in force (CORE-4), or the
            programme keeps it from the viewer (with the rule).
        """
        sight = self._tandems.sight(tandem_id)
        t, programme = sight.tandem, sight.programme
        if t.agreement is None:
            none = _("no agreement is in force; the tandem is {status}", status=label(t.status))
            raise ContentWithheld(Decision.deny("CORE-4", none))
        if not (decision := sight.decision(Content.AGREEMENT)).allowed:
            raise ContentWithheld(decision)
        names = self.names((t.mentee, t.mentor))
        events = TandemViews(self._state, Actor.system()).history(t.id)
        return AgreementCopy(
            t.id,
            programme,
            names[t.mentee],
            names[t.mentor],
            t.agreement,
            t.settled_topics,
            approved_on(events, t.agreement.version, programme.timezone),
            self._state.language_for(programme.key, self.language),
        )

    def history(self, tandem_id: TandemId) -> list[TandemEvent]:
        """The tandem's raw events (the system only)."""
        return self._tandems.history(tandem_id)

    def activity(self, person_id: str) -> list[Activity]:
        """A person's activity log (CORE-10)."""
        return self._tandems.activity(person_id)

    # ------------------------------------------------------------ meetings

    def meeting_records(self, tandem_id: TandemId) -> MeetingRecords:
        """The tandem's meetings and records."""
        return self._meetings.meeting_records(tandem_id)

    def meeting_record(self, tandem_id: TandemId, meeting_id: MeetingId, purpose: str) -> Record:
        """One record of one meeting."""
        return self._meetings.meeting_record(tandem_id, meeting_id, purpose)

    def cadence(self, tandem_id: TandemId, now: datetime | None = None) -> TandemCadence:
        """The tandem's cadence report."""
        return self._meetings.cadence(tandem_id, now)

    def programme_cadence(
        self, programme_key: str, now: datetime | None = None
    ) -> list[TandemCadence]:
        """The cadence of every active tandem of a programme (its coordination);
        a :class:`~mentorcore.read.isolation.Partial` naming tandems left out."""
        return self._meetings.programme_cadence(programme_key, now)

    def certificate(self, tandem_id: TandemId) -> Certificate:
        """The record behind a completed tandem's certificate (CORE-12), in the
        reader's language (render it with :func:`mentorcore.adapters.pdf.certificate_pdf`)."""
        return self._meetings.certificate(tandem_id, self.language)

    # ------------------------------------------------------------ people

    def person(self, person_id: str) -> Person:
        """A person's name and contact details."""
        return self._people.person(person_id)

    def names(self, person_ids: tuple[PersonId, ...]) -> dict[PersonId, str]:
        """Names by id, for those the viewer may see (others keep their id)."""
        return self._people.names(person_ids)

    def participant(self, person_id: str, programme_key: str, role: Role) -> Participant:
        """A person with their enrolment in a programme."""
        return self._people.participant(person_id, programme_key, role)

    def participants(self, programme_key: str, role: Role) -> list[Participant]:
        """Everyone enrolled in a programme in a role."""
        return self._people.participants(programme_key, role)

    def export_person(self, person_id: str) -> PersonExport:
        """Everything mentorcore holds about a person that the viewer may see
        (DSGVO Art. 15, 20): write it with ``data()`` (JSON, schema
        ``mentorcore.person-export/1``), ``summary()`` (Markdown) and ``calendar``
        (.ics); see :mod:`mentorcore.read.export`.

        :raises ContentWithheld: the viewer is neither the person, nor a
            coordinator of a programme they are enrolled in, nor the system
            (CORE-EXPORT-1).
        """
        return person_export(self._state, self.viewer, person_id, language=self.language)

    # ------------------------------------------------------------ due actions

    def due_actions(
        self,
        now: datetime | None = None,
        *,
        tandem_id: TandemId | None = None,
        programme: str | None = None,
    ) -> list[DueAction]:
        """What is due and not acknowledged, as the viewer may see it; without
        *tandem_id* a :class:`~mentorcore.read.isolation.Partial` naming tandems left out."""
        return self._due.due_actions(now, tandem_id=tandem_id, programme=programme)

    def notifications(self, now: datetime | None = None) -> list[Notification]:
        """Due actions addressed to people, for the host's delivery job; a
        :class:`~mentorcore.read.isolation.Partial` naming tandems left out."""
        return self._due.notifications(now)

    def retention(self, programme_key: str, now: datetime | None = None) -> list[RetentionDue]:
        """The people of the programme whose data is due for erasure
        (CORE-RETENTION-1; its coordination and the system only): see
        :mod:`mentorcore.read.retention`."""
        return RetentionReads(self._state, self.viewer).retention(programme_key, now)

    # ------------------------------------------------------------ feedback

    def feedback_requests(
        self, now: datetime | None = None, *, tandem_id: TandemId | None = None
    ) -> list[FeedbackRequest]:
        """The feedback requests and evaluations owed at *now* (CORE-FEEDBACK-1),
        each with its form: a participant's own, everyone's in a coordinator's
        programmes; without *tandem_id* a :class:`~mentorcore.read.isolation.Partial`."""
        return FeedbackReads(self._state, self.viewer).requests(now, tandem_id=tandem_id)

    def feedback_responses(self, tandem_id: TandemId) -> list[GivenFeedback]:
        """The answers given in the tandem; the answers themselves only where the
        viewer may read them (CORE-FEEDBACK-3: the author, the coordination if
        the programme lets it, never the other side), else ``withheld``."""
        return FeedbackReads(self._state, self.viewer).responses(tandem_id)

    def feedback_overview(
        self, programme_key: str, now: datetime | None = None
    ) -> FeedbackOverview:
        """Who owes what and what was given in a programme, per tandem and per
        kind (its coordination and the system; CORE-FEEDBACK-3): the answers'
        content only where the programme lets the coordination read feedback."""
        return FeedbackReads(self._state, self.viewer).overview(programme_key, now)

    # ------------------------------------------------------------ calendars

    def tandem_calendar(self, tandem_id: TandemId) -> bytes:
        """The tandem's meetings as an iCalendar feed."""
        return self._calendars.tandem_calendar(tandem_id)

    def person_calendar(self, person_id: str) -> bytes:
        """A person's meetings in all their tandems as a feed."""
        return self._calendars.person_calendar(person_id)

    def programme_calendar(self, programme_key: str) -> bytes:
        """Every meeting of a programme, for its coordination."""
        return self._calendars.programme_calendar(programme_key)

    def meeting_invitation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """An invitation (``METHOD:REQUEST``) for one meeting."""
        return self._calendars.meeting_invitation(tandem_id, meeting_id)

    def meeting_cancellation(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """A cancellation (``METHOD:CANCEL``) for one meeting."""
        return self._calendars.meeting_cancellation(tandem_id, meeting_id)

    def meeting_calendar_object(self, tandem_id: TandemId, meeting_id: MeetingId) -> bytes:
        """One meeting as a CalDAV calendar object resource."""
        return self._calendars.meeting_calendar_object(tandem_id, meeting_id)
