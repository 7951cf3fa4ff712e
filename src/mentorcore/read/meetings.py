"""Reading meetings, records, cadence and certificates, filtered by the viewer.

Every read is bound to a viewer; what the programme keeps from that viewer
(``mentorcore_can_view``: OSTALB-CONF-1 keeps meeting content from the coordination) is
left out and listed with the rule that withholds it, or refused with
:class:`ContentWithheld`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from attrs import evolve, frozen

from mentorcore.domain import (
    Meeting,
    MeetingId,
    Person,
    PersonId,
    Record,
    Role,
    TandemId,
    TandemStatus,
)
from mentorcore.domain.labels import label
from mentorcore.errors import NotFound, NotVisible
from mentorcore.i18n import Text, _
from mentorcore.policy.cadence import CadenceStatus, PeriodCadence, TandemCadence, cadence_report
from mentorcore.policy.certificates import Certificate as Certificate
from mentorcore.policy.certificates import default_text
from mentorcore.policy.decisions import Content, Decision
from mentorcore.policy.periods import local_date
from mentorcore.policy.records import CONTENT_OF, PREPARATION, purpose_title
from mentorcore.read.arguments import moment
from mentorcore.read.isolation import Partial, Skipped, attempt, explained
from mentorcore.read.visibility import Sight, viewer_role
from mentorcore.state.access import State

if TYPE_CHECKING:
    from mentorcore.domain import Actor


class ContentWithheld(NotVisible):
    """The programme keeps this content from the viewer; carries the decision."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.rule_id = decision.rule_id
        super().__init__(f"[{decision.rule_id}] {decision.reason}")


@frozen
class Withheld:
    """Something left out of a view, and the rule that leaves it out.

    :ivar meeting_id: The meeting it belongs to.
    :ivar content: What kind of content.
    :ivar decision: The denying decision (rule ID and reason).
    """

    meeting_id: MeetingId
    content: Content
    decision: Decision


@frozen
class MeetingRecords:
    """A tandem's meetings as one viewer may see them.

    :ivar viewer_role: The viewer's role for the tandem.
    :ivar meetings: The meetings; agenda, topics, preparation and notes are
        emptied where the viewer may not see them.
    :ivar withheld: What was left out, with the rule.
    """

    tandem_id: TandemId
    viewer_role: Role
    meetings: tuple[Meeting, ...]
    withheld: tuple[Withheld, ...]

    def records(self) -> tuple[tuple[MeetingId, Record], ...]:
        """Every visible record, as ``(meeting id, record)``, in meeting order."""
        return tuple(
            (m.id, r) for m in self.meetings for r in (m.preparation, m.notes) if r is not None
        )


class MeetingViews:
    """Meeting reads bound to one viewer (see :class:`~mentorcore.read.reader.Reader`)."""

    def __init__(self, state: State, viewer: Actor) -> None:
        self._state = state
        self.viewer = viewer

    def _sight(self, tandem_id: TandemId) -> Sight:
        state = self._state
        tandem = state.tandem(tandem_id)
        role = viewer_role(state, self.viewer, tandem)
        return Sight(state, state.programme(tandem.programme_key), tandem, role)

    def meeting_records(self, tandem_id: TandemId) -> MeetingRecords:
        """The tandem's meetings and records as the viewer may see them.

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        """
        sight = self._sight(tandem_id)
        withheld: list[Withheld] = []
        meetings = tuple(filter_meeting(m, sight, withheld) for m in sight.tandem.meetings)
        return MeetingRecords(sight.tandem.id, sight.role, meetings, tuple(withheld))

    def meeting_record(self, tandem_id: TandemId, meeting_id: MeetingId, purpose: str) -> Record:
        """One record (``"preparation"``, ``"meeting_notes"`` or ``"first_conversation"``).

        :raises ContentWithheld: the programme keeps it from the viewer (with the rule).
        :raises NotFound: no such meeting, or no such record written.
        """
        sight = self._sight(tandem_id)
        meeting = sight.tandem.meeting(meeting_id)
        if meeting is None:
            raise NotFound("meeting", meeting_id)
        if not isinstance(purpose, str) or purpose not in CONTENT_OF:
            raise NotFound(
                f"{purpose!r} record of meeting",
                meeting_id,
                _("a meeting has no record {purpose}", purpose=repr(purpose)),
            )
        record = meeting.preparation if purpose == PREPARATION else meeting.notes
        if record is None or record.purpose != purpose:
            raise NotFound(
                f"{purpose} record of meeting",
                meeting_id,
                _("the meeting has no {record} yet", record=purpose_title(purpose)),
            )
        decision = sight.decision(CONTENT_OF[purpose])
        if not decision.allowed:
            raise ContentWithheld(decision)
        return record

    def cadence(self, tandem_id: TandemId, now: datetime | None = None) -> TandemCadence:
        """The tandem's cadence report (counts; deviations from the agreement
        only for a viewer who may see the agreement).

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        :raises CorruptEvent: its cadence cannot be computed from its stored data.
        """
        sight = self._sight(tandem_id)
        with explained(sight.tandem, "the cadence"):
            return self._cadence(sight, moment(now, self._state.clock))

    def programme_cadence(
        self, programme_key: str, now: datetime | None = None
    ) -> list[TandemCadence]:
        """The cadence of every tandem of the programme that became active, oldest first.

        The list is a :class:`~mentorcore.read.isolation.Partial`: a tandem
        whose cadence cannot be computed is left out, logged and named in
        ``skipped``; every other tandem's report is there.

        :raises NotVisible: the viewer neither is the system nor coordinates it.
        """
        state = self._state
        programme = state.programme(programme_key)
        if state.programme_role(self.viewer, programme.key) is None:
            raise NotVisible(
                _(
                    "[CORE-AUTH] {viewer} does not coordinate {programme}",
                    viewer=state.index.name_of(self.viewer.person_id)
                    if self.viewer.person_id
                    else str(self.viewer),
                    programme=programme.name,
                )
            )
        at = moment(now, state.clock)
        reports = []
        skipped: list[Skipped] = []
        for summary in state.index.tandems(programme_key=programme.key):
            if summary.activated_at is None:
                continue
            report = attempt(
                summary.id, "the cadence", skipped, self._tandem_cadence, summary.id, at
            )
            if report is not None:
                reports.append(report)
        return Partial(reports, skipped)

    def _tandem_cadence(self, tandem_id: TandemId, at: datetime) -> TandemCadence:
        return self._cadence(self._sight(tandem_id), at)

    def _cadence(self, sight: Sight, at: datetime) -> TandemCadence:
        rules = self._state.hooks.cadence_rules(sight.programme)
        report = cadence_report(sight.tandem, sight.programme, rules, at)
        decision = sight.decision(Content.AGREEMENT)
        quoting = [p for p in report.periods if Content.AGREEMENT in p.quotes]
        if (report.deviations or quoting) and not decision.allowed:
            # Deviations and the cadence as agreed (CORE-RHYTHM) quote the agreed
            # terms: the viewer learns whether the rhythm is kept, not what it is.
            note = f"[{decision.rule_id}] {decision.reason}"
            periods = tuple(_without_pace(p) if p in quoting else p for p in report.periods)
            return evolve(report, periods=periods, deviations=(), withheld=(note,))
        return report

    def certificate(self, tandem_id: TandemId, language: str | None = None) -> Certificate:
        """The record behind the tandem's certificate of participation (CORE-12),
        with its words in *language* (default: the one chosen, else the programme's).

        Available once the tandem is completed, and from then on unchanged.
        The words are the programme's (``mentorcore_certificate_text``), else
        the core's default; the topics are those the coordination, which
        issues the certificate, may see.

        :raises NotVisible: the tandem is not completed (CORE-12), the
            viewer takes no part in it (CORE-AUTH), or the mentee's personal
            data was erased (CORE-ERASE-3: a certificate names the person, and
            nothing is issued for a person who is erased).
        """
        sight = self._sight(tandem_id)
        tandem, programme = sight.tandem, sight.programme
        if tandem.status is not TandemStatus.COMPLETED or tandem.ended_at is None:
            raise ContentWithheld(
                Decision.deny(
                    "CORE-12",
                    _(
                        "a certificate is available after completion; the tandem is {status}",
                        status=label(tandem.status),
                    ),
                )
            )
        if self._state.index.erased(tandem.mentee):
            raise ContentWithheld(
                Decision.deny(
                    "CORE-ERASE-3",
                    _(
                        "the mentee's personal data was erased: no certificate is issued "
                        "for this tandem any more"
                    ),
                )
            )
        persons = self._state.index.persons.some((tandem.mentee, tandem.mentor))
        tz = programme.timezone
        started = tandem.activated_at or tandem.created_at
        agreed = tandem.agreement.terms.period_start if tandem.agreement else None
        record = Certificate(
            tandem.id,
            programme.key,
            programme.name,
            _name(persons, tandem.mentee),
            _name(persons, tandem.mentor),
            agreed or local_date(started, tz),
            local_date(tandem.ended_at, tz),
            sum(m.is_held for m in tandem.meetings),
            _topics(self._state, sight),
            self._state.language_for(programme.key, language),
        )
        text = self._state.hooks.certificate_text(programme, record, record.language)
        return evolve(record, text=text or default_text(programme, record))


def _topics(state: State, sight: Sight) -> tuple[Text, ...]:
    """The catalogue topics of the agreement and of the meetings held, by label,
    as far as the programme lets its coordination see them."""
    tandem, programme = sight.tandem, sight.programme

    def issuer_sees(content: Content) -> bool:
        return state.hooks.can_view(programme, content, Role.COORDINATOR, tandem).allowed

    keys: list[str] = []
    if tandem.agreement is not None and issuer_sees(Content.AGREEMENT):
        keys += tandem.agreement.terms.topics
    if issuer_sees(Content.MEETING_PREPARATION):
        keys += [k for m in tandem.meetings if m.is_held for k in m.topics]
    catalogue = {t.key: t for t in programme.topics if not t.out_of_scope}
    # Free text is the mentee's own words, not a programme's topic: left out.
    chosen = dict.fromkeys(k for k in keys if k in catalogue)
    return tuple(catalogue[k].label or catalogue[k].title for k in chosen)


def _name(persons: dict[PersonId, Person], person_id: PersonId) -> str:
    person = persons.get(person_id)
    return person.name if person else person_id


def filter_meeting(meeting: Meeting, sight: Sight, withheld: list[Withheld]) -> Meeting:
    """*meeting* with what *sight*'s role may not see emptied; append what was left out."""

    def visible(content: Content) -> bool:
        decision = sight.decision(content)
        if not decision.allowed:
            withheld.append(Withheld(meeting.id, content, decision))
        return decision.allowed

    # The agenda and topics are what the mentee prepares to talk about.
    prepared = bool(meeting.agenda or meeting.topics or meeting.preparation)
    if prepared and not visible(Content.MEETING_PREPARATION):
        meeting = evolve(meeting, agenda="", topics=(), preparation=None)
    notes = meeting.notes
    if notes is not None and not visible(CONTENT_OF[notes.purpose]):
        meeting = evolve(meeting, notes=None)
    return meeting


def _without_pace(row: PeriodCadence) -> PeriodCadence:
    """*row* for a viewer who may not see the agreed terms it is drawn from:
    whether the tandem keeps the rhythm the two agreed, not what they agreed."""
    message = (
        _("[{rule}] on track with the rhythm the two agreed", rule=row.rule_id)
        if row.status is CadenceStatus.ON_TRACK
        else _("[{rule}] behind the rhythm the two agreed", rule=row.rule_id)
    )
    return evolve(row, required=0, reason=message, pace_withheld=True)
