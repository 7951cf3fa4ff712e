"""The read model's rows as the projector sees them, and where it puts them."""

from __future__ import annotations

from typing import Any, Protocol

from attrs import astuple, define


@define(slots=True)
class TandemRow:
    """One tandem's summary as stored: plain values, ISO timestamps.

    :ivar opted_in: Sides that opted in after getting to know, comma-separated.
    :ivar position: Global position of the tandem's first event (creation order).
    :ivar rematch_requested: 1 if it ended by a request for another mentor.
    """

    tandem_id: str
    programme_key: str
    track: str | None
    mentee: str
    mentor: str
    origin: str
    status: str
    version: int
    created_at: str
    activated_at: str | None
    ended_at: str | None
    last_activity_at: str
    predecessor: str | None
    opted_in: str
    position: int
    rematch_requested: int = 0

    def values(self) -> tuple[Any, ...]:
        """The row's columns, in table order."""
        return (
            self.tandem_id,
            self.programme_key,
            self.track,
            self.mentee,
            self.mentor,
            self.origin,
            self.status,
            self.version,
            self.created_at,
            self.activated_at,
            self.ended_at,
            self.last_activity_at,
            self.predecessor,
            self.opted_in,
            self.position,
            self.rematch_requested,
        )


@define
class MessageRow:
    """Where one message of the outbox stands (CORE-MAIL-1)."""

    message_id: str
    key: str
    kind: str
    recipient_id: str
    status: str  # "sent", "retry" or "failed"
    attempts: int
    retry_at: str | None
    code: int | None
    position: int

    def values(self) -> tuple[Any, ...]:
        """The row's columns, in table order."""
        return astuple(self, recurse=False)


@define
class FeedbackRow:
    """That a participant answered a request (CORE-FEEDBACK-1); the answers stay in the log."""

    request_key: str
    person_id: str
    tandem_id: str
    kind: str
    role: str
    given_at: str
    position: int

    def values(self) -> tuple[Any, ...]:
        """The row's columns, in table order."""
        return astuple(self, recurse=False)


class Tables(Protocol):
    """Where the projector reads and writes rows (a transaction, or a rebuild)."""

    def tandem(self, tandem_id: str) -> TandemRow | None:
        """The tandem's summary row, if it has one."""
        ...

    def put_tandem(self, row: TandemRow) -> None:
        """Insert or replace a tandem's summary."""
        ...

    def put_person(self, person_id: str, data: str) -> None:
        """Insert or replace a person (JSON of :class:`~mentorcore.domain.Person`)."""
        ...

    def enrolment(self, person_id: str, programme_key: str, role: str) -> str | None:
        """An enrolment's JSON, if any."""
        ...

    def put_enrolment(self, person_id: str, programme_key: str, role: str, data: str) -> None:
        """Insert or replace an enrolment (JSON of :class:`~mentorcore.domain.Enrolment`)."""
        ...

    def put_relation(self, subject: str, kind: str, object_: str, holds: bool) -> None:
        """Record that a relation holds, or no longer holds."""
        ...

    def put_acknowledgement(self, key: str, tandem_id: str | None, position: int) -> None:
        """Record an acknowledged due action."""
        ...

    def put_meeting(self, meeting_id: str, tandem_id: str, position: int) -> None:
        """Record that a meeting id is taken (the earliest proposal keeps it)."""
        ...

    def enrolments_of(self, person_id: str) -> list[tuple[str, str, str, str]]:
        """``(person, programme, role, json)`` of each enrolment of *person_id*."""
        ...

    def drop_enrolment(self, person_id: str, programme_key: str, role: str) -> None:
        """Remove an enrolment."""
        ...

    def put_erasure(self, subject: str, erased_at: str) -> None:
        """Record that the personal data of *subject* was erased."""
        ...

    def drop_snapshot(self, stream_id: str) -> None:
        """Drop the stream's snapshot (it holds data that is gone)."""
        ...

    def put_message(self, row: MessageRow) -> None:
        """Insert or replace where a message stands."""
        ...

    def put_preference(self, person_id: str, programme_key: str, kind: str, receive: bool) -> None:
        """Record whether a person wants one kind of optional reminder."""
        ...

    def drop_preferences(self, person_id: str) -> None:
        """Forget a person's mail preferences."""
        ...

    def put_feedback(self, row: FeedbackRow) -> None:
        """Record that a request was answered."""
        ...
