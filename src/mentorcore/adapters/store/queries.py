"""What the engine asks of a store's read model (rows as stored, JSON undecoded).

Every store answers the same questions (:class:`Queries`): the SQLite store
over its one connection, the PostgreSQL store over the connection of the
calling thread's unit of work, or a pooled one. Inside a unit of work a query
sees that unit's own changes, which is how a batch of commands decides on the
effects of its earlier commands.
"""

from __future__ import annotations

from typing import Protocol

from mentorcore.adapters.store.projector import TandemRow


class Queries(Protocol):
    """The read model's questions (see :class:`.sqlite_queries.SQLiteQueries`)."""

    def person(self, person_id: str) -> str | None:
        """A person's JSON, if registered."""
        ...

    def persons(self, person_ids: tuple[str, ...] | None = None) -> dict[str, str]:
        """JSON of the persons with *person_ids* (every person for ``None``), by id."""
        ...

    def enrolments(
        self,
        *,
        person_id: str | None = None,
        programme_key: str | None = None,
        role: str | None = None,
    ) -> list[str]:
        """JSON of the enrolments matching every filter given, by person id."""
        ...

    def relations(self, person_id: str | None = None) -> list[tuple[str, str, str]]:
        """Every relation ``(subject, kind, object)`` of *person_id* (all for ``None``)."""
        ...

    def tandem(self, tandem_id: str) -> TandemRow | None:
        """A tandem's summary row."""
        ...

    def tandems(
        self,
        *,
        programme_key: str | None = None,
        person_id: str | None = None,
        status: str | None = None,
        live: bool | None = None,
    ) -> list[TandemRow]:
        """Summaries of the tandems matching every filter given, oldest first."""
        ...

    def acknowledged(self, key: str) -> bool:
        """Whether the due action *key* was acknowledged."""
        ...

    def acknowledgements(self) -> frozenset[str]:
        """The keys of every acknowledged due action."""
        ...

    def meeting_tandem(self, meeting_id: str) -> str | None:
        """The id of the tandem whose meeting *meeting_id* is, if any tandem's."""
        ...

    def erased(self, subject: str) -> bool:
        """Whether the personal data of *subject* was erased."""
        ...

    def erasures(self) -> dict[str, str]:
        """Every erased subject with the time of its erasure (ISO)."""
        ...

    def snapshot(self, stream_id: str) -> tuple[int, str] | None:
        """The newest snapshot of *stream_id* that matches its digest: ``(version, json)``."""
        ...
