"""The engine's in-memory read model: people, enrolments, relations, tandems.

It is a pure fold of the global event log, kept current by catching up from the
store's last position before every command and query, so several engines (or
processes) on one database all see each other's writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from attrs import evolve

from mentorcore import events as ev
from mentorcore.domain import (
    Enrolment,
    Person,
    PersonId,
    Relation,
    Role,
    Tandem,
    TandemId,
)
from mentorcore.lifecycle import fold as aggregate

EnrolmentKey = tuple[PersonId, str, Role]


class Directory:
    """Everything the engine knows, folded from events in global order."""

    def __init__(self) -> None:
        self.position = 0
        self.persons: dict[PersonId, Person] = {}
        self.enrolments: dict[EnrolmentKey, Enrolment] = {}
        self.relations: set[Relation] = set()
        self.tandems: dict[TandemId, Tandem] = {}
        self.tandems_of: defaultdict[PersonId, list[TandemId]] = defaultdict(list)
        #: The version of every stream as of the last catch-up: what a writer
        #: that decided on this state expects to append to.
        self.versions: dict[str, int] = {}

    def apply(
        self, event: ev.Event, position: int, stream_id: str | None = None, version: int = 0
    ) -> None:
        """Fold one *event*, recorded at global *position* as *version* of *stream_id*.

        Tentative folds (deciding a batch) pass no stream: they move no version.
        """
        if stream_id is not None:
            self.versions[stream_id] = version
        if isinstance(event, ev.TandemEvent):
            before = self.tandems.get(event.tandem_id)
            after = aggregate.apply(before, event)
            self.tandems[after.id] = after
            if before is None:
                self.tandems_of[after.mentee].append(after.id)
                self.tandems_of[after.mentor].append(after.id)
        elif isinstance(event, ev.PersonRegistered):
            self.persons[event.person_id] = event.person
        elif isinstance(event, ev.Enrolled):
            e = event.enrolment
            self.enrolments[(e.person_id, e.programme_key, e.role)] = e
        elif isinstance(event, ev.ProfileUpdated):
            key = (event.person_id, event.programme_key, event.role)
            self.enrolments[key] = evolve(self.enrolments[key], profile=event.profile)
        elif isinstance(event, ev.RelationDeclared):
            self.relations.add(event.relation)
        elif isinstance(event, ev.RelationWithdrawn):
            self.relations.discard(event.relation)
        self.position = max(self.position, position)

    def snapshot(self) -> tuple[object, ...]:
        """A cheap copy of the containers (their values are immutable)."""
        return (
            self.position,
            dict(self.persons),
            dict(self.enrolments),
            set(self.relations),
            dict(self.tandems),
            defaultdict(list, {k: list(v) for k, v in self.tandems_of.items()}),
            dict(self.versions),
        )

    def restore(self, snapshot: tuple[object, ...]) -> None:
        """Go back to *snapshot* (undoing tentative folds)."""
        (
            self.position,
            self.persons,
            self.enrolments,
            self.relations,
            self.tandems,
            self.tandems_of,
            self.versions,
        ) = snapshot  # type: ignore[assignment]

    def enrolment(self, person_id: PersonId, programme_key: str, role: Role) -> Enrolment | None:
        """The person's enrolment in *programme_key* as *role*, if any."""
        return self.enrolments.get((person_id, programme_key, role))

    def coordinates_any(self, person_id: PersonId | None) -> bool:
        """Whether *person_id* coordinates at least one programme."""
        return person_id is not None and any(
            e.role is Role.COORDINATOR and e.person_id == person_id
            for e in self.enrolments.values()
        )

    def enrolled(self, programme_key: str, role: Role) -> list[Enrolment]:
        """Every enrolment of *programme_key* in *role*, in person-id order."""
        return sorted(
            (e for (_, p, r), e in self.enrolments.items() if p == programme_key and r is role),
            key=lambda e: e.person_id,
        )

    def relations_between(self, a: PersonId, b: PersonId) -> tuple[Relation, ...]:
        """Every relation linking *a* and *b*, either way, in a stable order."""
        found = (r for r in self.relations if r.involves(a, b))
        return tuple(sorted(found, key=lambda r: (r.subject, r.kind.value, r.object)))

    def tandems_for(self, person_id: PersonId) -> list[Tandem]:
        """The tandems *person_id* is mentee or mentor in, oldest first."""
        return [self.tandems[t] for t in self.tandems_of.get(person_id, ())]

    def live_tandems(self, person_id: PersonId, programme_key: str, role: Role) -> list[Tandem]:
        """*person_id*'s unfinished tandems in *programme_key* in *role*."""
        return [
            t
            for t in self.tandems_for(person_id)
            if t.programme_key == programme_key and t.is_live and t.role_of(person_id) is role
        ]

    def previous_mentors(self, mentee: PersonId, programme_key: str) -> frozenset[str]:
        """Mentors of *mentee*'s earlier tandems in *programme_key*."""
        return frozenset(
            t.mentor
            for t in self.tandems_for(mentee)
            if t.programme_key == programme_key and t.mentee == mentee
        )

    def all_tandems(self) -> Iterable[Tandem]:
        """Every tandem, in creation order."""
        return self.tandems.values()
