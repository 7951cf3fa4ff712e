"""The read model as domain objects: people, enrolments, relations, tandem summaries.

Every answer comes from the projection tables (no history is replayed); it is
unfiltered, for the write side's rules and for the read side to filter.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from mentorcore.adapters.sealing import Sealer, open_row
from mentorcore.adapters.serialization import loads
from mentorcore.adapters.store.projector import TandemRow
from mentorcore.adapters.store.queries import Queries
from mentorcore.adapters.store.rows import FeedbackRow
from mentorcore.domain import (
    Enrolment,
    Origin,
    Person,
    PersonId,
    Relation,
    RelationKind,
    Role,
    TandemId,
    TandemStatus,
    TandemSummary,
)
from mentorcore.errors import InvalidInput, StoreError
from mentorcore.i18n import Message, Text, _

T = TypeVar("T")


class Persons(Mapping[PersonId, Person]):
    """Registered persons by id, looked up in the read model on access."""

    def __init__(self, queries: Queries, sealer: Sealer | None = None) -> None:
        self._queries = queries
        self._sealer = sealer

    def __getitem__(self, person_id: PersonId) -> Person:
        data = self._queries.person(person_id) if isinstance(person_id, str) else None
        if data is None:
            raise KeyError(person_id)
        return _decode(data, Person, _("person {id}", id=person_id), self._sealer)

    def __iter__(self) -> Iterator[PersonId]:
        return iter(PersonId(p) for p in self._queries.persons())

    def __len__(self) -> int:
        return len(self._queries.persons())

    def __contains__(self, person_id: object) -> bool:
        return isinstance(person_id, str) and self._queries.person(person_id) is not None

    def some(self, person_ids: tuple[PersonId, ...]) -> dict[PersonId, Person]:
        """The persons among *person_ids* that are registered (one query)."""
        found = self._queries.persons(tuple(dict.fromkeys(person_ids)))
        ciphers: dict[str, object] = {}  # one key lookup per person in this batch
        return {
            PersonId(k): _decode(v, Person, _("person {id}", id=k), self._sealer, ciphers)
            for k, v in found.items()
        }

    def names(self, person_ids: tuple[PersonId, ...]) -> dict[PersonId, str]:
        """The names of those of *person_ids* that are registered: only the
        name is opened, not the contact details (listings of many people)."""
        found = self._queries.persons(tuple(dict.fromkeys(person_ids)))
        ciphers: dict[str, object] = {}
        names: dict[PersonId, str] = {}
        for k, v in found.items():
            what = _("person {id}", id=k)
            try:
                name = json.loads(v)["name"]
            except (ValueError, TypeError, KeyError):
                name = None
            if self._sealer is not None and isinstance(name, dict):
                name = open_row(self._sealer, name, what, ciphers)
            if not isinstance(name, str):  # malformed: say so as a full read would
                name = _decode(v, Person, what, self._sealer, ciphers).name
            names[PersonId(k)] = name
        return names


class Index:
    """Unfiltered questions about the persisted state, answered from projections."""

    def __init__(self, queries: Queries, sealer: Sealer | None = None) -> None:
        self._q = queries
        self._sealer = sealer
        self.persons = Persons(queries, sealer)

    def erased(self, person_id: PersonId) -> bool:
        """Whether the person's personal data was erased (DSGVO Art. 17)."""
        return self._q.erased(f"person:{person_id}")

    # ------------------------------------------------------------ people

    def enrolment(self, person_id: PersonId, programme_key: str, role: Role) -> Enrolment | None:
        """The person's enrolment in *programme_key* as *role*, if any."""
        rows = self._q.enrolments(person_id=person_id, programme_key=programme_key, role=role.value)
        return (
            _decode(rows[0], Enrolment, _("enrolment of {id}", id=person_id), self._sealer)
            if rows
            else None
        )

    def enrolments_of(self, person_id: PersonId) -> list[Enrolment]:
        """Every enrolment of *person_id*, by programme and role."""
        ciphers: dict[str, object] = {}
        return [
            _decode(r, Enrolment, _("enrolment of {id}", id=person_id), self._sealer, ciphers)
            for r in self._q.enrolments(person_id=person_id)
        ]

    def enrolled(
        self, programme_key: str | None = None, role: Role | None = None
    ) -> list[Enrolment]:
        """Every enrolment of *programme_key* in *role* (``None``: any), in person-id order."""
        rows = self._q.enrolments(
            programme_key=programme_key, role=role.value if role is not None else None
        )
        ciphers: dict[str, object] = {}
        return [_decode(r, Enrolment, _("an enrolment"), self._sealer, ciphers) for r in rows]

    def name_of(self, person_id: PersonId | None) -> Text:
        """What to call *person_id* in a sentence: their name if registered, else
        their id; the system (``None``) as "the system", translatable."""
        if person_id is None:
            return _("the system")
        person = self.persons.get(person_id)
        return person.name if person is not None else person_id

    def coordinated(self, person_id: PersonId | None) -> frozenset[str]:
        """The keys of the programmes *person_id* coordinates."""
        if person_id is None:
            return frozenset()
        return frozenset(
            e.programme_key for e in self.enrolments_of(person_id) if e.role is Role.COORDINATOR
        )

    def coordinates_any(self, person_id: PersonId | None) -> bool:
        """Whether *person_id* coordinates at least one programme."""
        return bool(self.coordinated(person_id))

    def relations_between(self, a: PersonId, b: PersonId) -> tuple[Relation, ...]:
        """Every relation linking *a* and *b*, either way, in a stable order."""
        return tuple(r for r in self.relations_of(a) if r.involves(a, b))

    def relations_of(self, person_id: PersonId | None = None) -> tuple[Relation, ...]:
        """Every relation *person_id* takes part in (all relations for ``None``)."""
        return tuple(
            Relation(PersonId(s), _relation_kind(k), PersonId(o))
            for s, k, o in self._q.relations(person_id)
        )

    # ------------------------------------------------------------ tandems

    def tandem(self, tandem_id: TandemId) -> TandemSummary | None:
        """The tandem's summary, if it exists."""
        row = self._q.tandem(str(tandem_id))
        return _summary(row) if row else None

    def tandems(
        self,
        *,
        programme_key: str | None = None,
        person_id: PersonId | None = None,
        status: TandemStatus | None = None,
        live: bool | None = None,
    ) -> list[TandemSummary]:
        """Summaries of the tandems matching every filter given, oldest first."""
        rows = self._q.tandems(
            programme_key=programme_key,
            person_id=person_id,
            status=status.value if status is not None else None,
            live=live,
        )
        return [_summary(r) for r in rows]

    def tandems_for(self, person_id: PersonId) -> list[TandemSummary]:
        """The tandems *person_id* is mentee or mentor in, oldest first."""
        return self.tandems(person_id=person_id)

    def live_tandems(
        self, person_id: PersonId, programme_key: str, role: Role
    ) -> list[TandemSummary]:
        """*person_id*'s unfinished tandems in *programme_key* in *role*."""
        return [
            t
            for t in self.tandems(person_id=person_id, programme_key=programme_key, live=True)
            if t.role_of(person_id) is role
        ]

    def previous_mentors(self, mentee: PersonId, programme_key: str) -> frozenset[str]:
        """Mentors of *mentee*'s earlier tandems in *programme_key*."""
        return frozenset(
            t.mentor
            for t in self.tandems(person_id=mentee, programme_key=programme_key)
            if t.mentee == mentee
        )

    # ------------------------------------------------------------ due actions

    def acknowledged(self, key: str) -> bool:
        """Whether the due action *key* was acknowledged."""
        return self._q.acknowledged(key)

    def acknowledgements(self) -> frozenset[str]:
        """Every acknowledged key."""
        return self._q.acknowledgements()

    # ------------------------------------------------------------ feedback

    def feedback(self, tandem_ids: tuple[TandemId, ...] | None = None) -> list[FeedbackRow]:
        """Who answered which request in *tandem_ids* (every tandem for ``None``),
        in the order given (CORE-FEEDBACK-1); the answers stay in the log."""
        ids = None if tandem_ids is None else tuple(str(t) for t in tandem_ids)
        return self._q.feedback(ids)


def _decode(
    data: str,
    cls: type[T],
    what: Text,
    sealer: Sealer | None,
    ciphers: dict[str, Any] | None = None,
) -> T:
    opener = (
        None if sealer is None else functools.partial(open_row, sealer, what=what, ciphers=ciphers)
    )
    try:
        return loads(data, cls, opener=opener)
    except InvalidInput as exc:
        raise StoreError(
            _(
                "the read model's {what} is malformed ({problem}); rebuild it",
                what=what,
                problem=exc.message,
            )
        ) from exc


def _relation_kind(value: str) -> RelationKind:
    try:
        return RelationKind(value)
    except ValueError:
        raise StoreError(
            _("the read model holds an unknown relation kind {kind}", kind=repr(value))
        ) from None


def _summary(row: TandemRow) -> TandemSummary:
    try:
        return TandemSummary(
            TandemId(UUID(row.tandem_id)),
            row.programme_key,
            row.track,
            PersonId(row.mentee),
            PersonId(row.mentor),
            Origin(row.origin),
            TandemStatus(row.status),
            row.version,
            datetime.fromisoformat(row.created_at),
            datetime.fromisoformat(row.activated_at) if row.activated_at else None,
            datetime.fromisoformat(row.ended_at) if row.ended_at else None,
            datetime.fromisoformat(row.last_activity_at),
            TandemId(UUID(row.predecessor)) if row.predecessor else None,
            bool(row.rematch_requested),
        )
    except (ValueError, TypeError) as exc:
        raise StoreError(
            _(
                "the read model's tandem {tandem} is malformed: {problem}",
                tandem=row.tandem_id,
                problem=Message.literal(str(exc)),
            )
        ) from exc
