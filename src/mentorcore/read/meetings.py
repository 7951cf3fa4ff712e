"""Reading meetings, records, cadence and certificates, filtered by the viewer.

Mixed into :class:`~mentorcore.engine.Engine`. Every read names a viewer; what
the programme keeps from that viewer (``mentorcore_can_view``: OSTALB-CONF-1
keeps meeting content from the coordination) is left out and listed with the
rule that withholds it, or refused with :class:`ContentWithheld`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from attrs import evolve, frozen

from mentorcore.domain import (
    Actor,
    Meeting,
    MeetingId,
    Programme,
    Record,
    Role,
    Tandem,
    TandemId,
    TandemStatus,
)
from mentorcore.errors import NotFound, NotVisible
from mentorcore.policy.cadence import TandemCadence, cadence_report
from mentorcore.policy.decisions import Content, Decision
from mentorcore.policy.periods import local_date
from mentorcore.policy.records import CONTENT_OF, PREPARATION

if TYPE_CHECKING:
    from mentorcore.clock import Clock
    from mentorcore.policy.hooks import Hooks
    from mentorcore.state.index import Directory

T = TypeVar("T")


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


@frozen
class Certificate:
    """The record behind a certificate of participation (CORE-12).

    :ivar mentee_name: As registered.
    :ivar mentor_name: As registered.
    :ivar programme_name: The programme.
    :ivar started_on: First day of the mentorship (agreed start, else activation).
    :ivar completed_on: The day it was ended officially.
    :ivar meetings_held: Meetings that took place.
    """

    tandem_id: TandemId
    programme_key: str
    programme_name: str
    mentee_name: str
    mentor_name: str
    started_on: date
    completed_on: date
    meetings_held: int


class MeetingViews:
    """Engine methods for reading meetings; see :class:`~mentorcore.engine.Engine`."""

    if TYPE_CHECKING:
        hooks: Hooks
        clock: Clock

        def _read(self, fn: Callable[[Directory], T]) -> T: ...
        def tandem(self, tandem_id: TandemId) -> Tandem: ...
        def programme(self, key: str) -> Programme: ...
        def role_for(self, actor: Actor, tandem: Tandem) -> Role | None: ...
        def _viewer_role(self, viewer: Actor, tandem: Tandem) -> Role: ...

    def meeting_records(self, tandem_id: TandemId, viewer: Actor) -> MeetingRecords:
        """The tandem's meetings and records as *viewer* may see them.

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        """
        tandem, programme, role = self._as_viewer(tandem_id, viewer)
        withheld: list[Withheld] = []
        meetings = tuple(
            self._filtered(m, tandem, programme, role, withheld) for m in tandem.meetings
        )
        return MeetingRecords(tandem.id, role, meetings, tuple(withheld))

    def meeting_record(
        self, tandem_id: TandemId, meeting_id: MeetingId, purpose: str, viewer: Actor
    ) -> Record:
        """One record (``"preparation"``, ``"meeting_notes"`` or ``"first_conversation"``).

        :raises ContentWithheld: the programme keeps it from the viewer (with the rule).
        :raises NotFound: no such meeting, or no such record written.
        """
        tandem, programme, role = self._as_viewer(tandem_id, viewer)
        meeting = tandem.meeting(meeting_id)
        if meeting is None:
            raise NotFound("meeting", meeting_id)
        record = meeting.preparation if purpose == PREPARATION else meeting.notes
        if purpose not in CONTENT_OF or record is None or record.purpose != purpose:
            raise NotFound(f"{purpose} record of meeting", meeting_id)
        decision = self.hooks.can_view(programme, CONTENT_OF[purpose], role, tandem)
        if not decision.allowed:
            raise ContentWithheld(decision)
        return record

    def cadence(
        self, tandem_id: TandemId, viewer: Actor, now: datetime | None = None
    ) -> TandemCadence:
        """The tandem's cadence report (counts only, no meeting content).

        :raises NotVisible: the viewer takes no part in the tandem (CORE-AUTH).
        """
        tandem, programme, _ = self._as_viewer(tandem_id, viewer)
        at = now or self.clock.now()
        return cadence_report(tandem, programme, self.hooks.cadence_rules(programme), at)

    def programme_cadence(
        self, programme_key: str, viewer: Actor, now: datetime | None = None
    ) -> list[TandemCadence]:
        """The cadence of every tandem of the programme that became active, oldest first.

        :raises NotVisible: the viewer neither is the system nor coordinates it.
        """
        programme = self.programme(programme_key)
        pid = viewer.person_id
        if pid is not None and not self._read(
            lambda d: d.enrolment(pid, programme.key, Role.COORDINATOR) is not None
        ):
            raise NotVisible(f"[CORE-AUTH] {viewer} does not coordinate {programme.name}")
        at = now or self.clock.now()
        rules = self.hooks.cadence_rules(programme)
        tandems = self._read(
            lambda d: [t for t in d.all_tandems() if t.programme_key == programme.key]
        )
        return [cadence_report(t, programme, rules, at) for t in tandems if t.activated_at]

    def certificate(self, tandem_id: TandemId, viewer: Actor) -> Certificate:
        """The record behind the tandem's certificate of participation (CORE-12).

        Available once the tandem is completed, and from then on unchanged.

        :raises NotVisible: the tandem is not completed (CORE-12), or the
            viewer takes no part in it (CORE-AUTH).
        """
        tandem, programme, _ = self._as_viewer(tandem_id, viewer)
        if tandem.status is not TandemStatus.COMPLETED or tandem.ended_at is None:
            raise ContentWithheld(
                Decision.deny(
                    "CORE-12",
                    f"a certificate is available after completion; the tandem is "
                    f"{tandem.status.value.replace('_', ' ')}",
                )
            )
        persons = self._read(lambda d: d.persons)
        tz = programme.timezone
        started = tandem.activated_at or tandem.created_at
        agreed = tandem.agreement.terms.period_start if tandem.agreement else None
        return Certificate(
            tandem.id,
            programme.key,
            programme.name,
            persons[tandem.mentee].name,
            persons[tandem.mentor].name,
            agreed or local_date(started, tz),
            local_date(tandem.ended_at, tz),
            sum(m.is_held for m in tandem.meetings),
        )

    def _as_viewer(self, tandem_id: TandemId, viewer: Actor) -> tuple[Tandem, Programme, Role]:
        tandem = self.tandem(tandem_id)
        role = self._viewer_role(viewer, tandem)
        return tandem, self.programme(tandem.programme_key), role

    def _filtered(
        self,
        meeting: Meeting,
        tandem: Tandem,
        programme: Programme,
        role: Role,
        withheld: list[Withheld],
    ) -> Meeting:
        def visible(content: Content) -> bool:
            decision = self.hooks.can_view(programme, content, role, tandem)
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
