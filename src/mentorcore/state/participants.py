"""A tandem's mentee and mentor as enrolled, read only when someone asks.

Every command's programme votes receive them (``mentorcore_check_transition``),
and most votes never look: decoding two enrolments on every command was a
fifth of a command's time. So the mapping reads the index on first access.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property

from mentorcore.domain import Participant, Role, Tandem
from mentorcore.state.index import Index


class TandemParticipants(Mapping[Role, Participant]):
    """*tandem*'s mentee and mentor in *programme_key*, by role; read-only.

    A side whose person or enrolment is missing is left out.
    """

    def __init__(self, index: Index, programme_key: str, tandem: Tandem | None) -> None:
        self._index = index
        self._programme_key = programme_key
        self._tandem = tandem

    @cached_property
    def _found(self) -> dict[Role, Participant]:
        tandem = self._tandem
        if tandem is None:
            return {}
        found = {}
        for role, pid in ((Role.MENTEE, tandem.mentee), (Role.MENTOR, tandem.mentor)):
            person = self._index.persons.get(pid)
            enrolment = self._index.enrolment(pid, self._programme_key, role)
            if person is not None and enrolment is not None:
                found[role] = Participant(person, enrolment)
        return found

    def __getitem__(self, role: Role) -> Participant:
        return self._found[role]

    def __iter__(self) -> Iterator[Role]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)
