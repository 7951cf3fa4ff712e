"""The cohort: who is matched, in which order, and column views of their profiles.

A :class:`Cohort` is what the cohort-level hooks receive. Mentees and mentors
are sorted by person id; index ``i`` of a mentee and ``j`` of a mentor are the
row and column of every array over the cohort. The helpers turn profile
fields, relations and wishes into NumPy arrays so a plugin computes a rule for
the whole cohort in a few vectorised operations.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import numpy.typing as npt
from attrs import frozen

from mentorcore.domain import Participant, PersonId, Relation, RelationKind, Role
from mentorcore.errors import InvalidInput, NotFound
from mentorcore.i18n import Message, _

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
IndexArray = npt.NDArray[np.intp]


@frozen
class Cohort:
    """The mentees and mentors of one matching run (one programme and track).

    :ivar programme_key: The programme.
    :ivar track: The track matched, or ``None`` for a programme without tracks.
    :ivar mentees: The mentees to match, sorted by id (row order).
    :ivar mentors: The candidate mentors, sorted by id (column order).
    :ivar places: Free places of each mentor before the run (capacity minus
        live tandems); may be 0.
    :ivar previous_mentors: Per mentee, the earlier mentors to avoid when the
        run re-matches her (empty otherwise).
    :ivar wishes: Per mentee, the mentor ids she wishes for, best first.
    :ivar relations: Every declared relation, sorted (chains may pass
        through people outside the cohort).
    :ivar wish_weight: The weight of the wish criterion in this run.
    """

    programme_key: str
    track: str | None
    mentees: tuple[Participant, ...]
    mentors: tuple[Participant, ...]
    places: tuple[int, ...]
    previous_mentors: tuple[frozenset[PersonId], ...]
    wishes: tuple[tuple[PersonId, ...], ...]
    relations: tuple[Relation, ...] = ()
    wish_weight: float = 1.0

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[str, Message]] = []
        if len(self.places) != len(self.mentors):
            problems.append(
                (
                    "places",
                    _.plural(
                        "{given} for {n} mentor",
                        "{given} for {n} mentors",
                        len(self.mentors),
                        given=len(self.places),
                    ),
                )
            )
        if any(p < 0 for p in self.places):
            problems.append(("places", _("a mentor cannot have fewer than 0 places")))
        for name in ("previous_mentors", "wishes"):
            given = len(getattr(self, name))
            if given != len(self.mentees):
                problems.append(
                    (
                        name,
                        _.plural(
                            "{given} for {n} mentee",
                            "{given} for {n} mentees",
                            len(self.mentees),
                            given=given,
                        ),
                    )
                )
        if problems:
            raise InvalidInput(problems, context=_("cohort"))

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``: the shape of every pair array."""
        return len(self.mentees), len(self.mentors)

    @property
    def mentee_ids(self) -> tuple[PersonId, ...]:
        """Mentee ids in row order."""
        return tuple(p.id for p in self.mentees)

    @property
    def mentor_ids(self) -> tuple[PersonId, ...]:
        """Mentor ids in column order."""
        return tuple(p.id for p in self.mentors)

    def mentee_index(self, person_id: str) -> int:
        """The row of mentee *person_id*.

        :raises NotFound: she is not a mentee of this cohort.
        """
        return _index(self.mentees, person_id, "mentee in this cohort")

    def mentor_index(self, person_id: str) -> int:
        """The column of mentor *person_id*.

        :raises NotFound: he is not a mentor of this cohort.
        """
        return _index(self.mentors, person_id, "mentor in this cohort")

    def _side(self, role: Role) -> tuple[Participant, ...]:
        if role is Role.MENTEE:
            return self.mentees
        if role is Role.MENTOR:
            return self.mentors
        raise InvalidInput(
            [("role", _("expected mentee or mentor, got {value}", value=repr(role)))]
        )

    # ------------------------------------------------------------ profile columns

    def numbers(self, role: Role, field: str, missing: float = float("nan")) -> FloatArray:
        """Profile field *field* of every mentee or mentor as floats (booleans as 0/1).

        :raises InvalidInput: a value is not a number, naming the person.
        """
        out = np.full(len(self._side(role)), missing, dtype=np.float64)
        for k, p in enumerate(self._side(role)):
            value = p.profile.get(field)
            if value is None:
                continue
            if not isinstance(value, int | float):
                raise InvalidInput(
                    [(f"{p.id}.{field}", _("expected a number, got {value}", value=repr(value)))],
                    context=_("cohort of {programme}", programme=self.programme_key),
                )
            out[k] = float(value)
        return out

    def labels(
        self, mentee_field: str, mentor_field: str | None = None
    ) -> tuple[IntArray, IntArray]:
        """Codes of a categorical field on both sides, comparable across them.

        Equal values get equal codes (in sorted order of the values); a
        missing value is -1 (so two missing values compare equal: check
        ``e >= 0`` where that matters). Compare with ``e[:, None] == o[None, :]``.

        :raises InvalidInput: a value is a list of choices (use :meth:`memberships`).
        """
        left = [self._scalar(p, mentee_field) for p in self.mentees]
        right = [self._scalar(p, mentor_field or mentee_field) for p in self.mentors]
        known = sorted({v for v in (*left, *right) if v is not None})
        vocabulary: dict[str | None, int] = {v: k for k, v in enumerate(known)}
        return (
            np.array([vocabulary.get(v, -1) for v in left], dtype=np.int64),
            np.array([vocabulary.get(v, -1) for v in right], dtype=np.int64),
        )

    def _scalar(self, p: Participant, field: str) -> str | None:
        value = p.profile.get(field)
        if isinstance(value, tuple):
            raise InvalidInput(
                [(f"{p.id}.{field}", _("holds several choices; use memberships()"))],
                context=_("cohort of {programme}", programme=self.programme_key),
            )
        return None if value is None else str(value)

    def memberships(
        self, mentee_field: str, mentor_field: str | None = None
    ) -> tuple[BoolArray, BoolArray, tuple[str, ...]]:
        """Indicator matrices of a multiple-choice field on both sides.

        Returns ``(mentees, mentors, vocabulary)``: ``mentees[i, k]`` is true if
        mentee *i* chose ``vocabulary[k]``. The number of shared choices of all
        pairs is ``mentees.astype(float) @ mentors.T.astype(float)``. A plain
        text value counts as one choice.
        """
        left = [_choices(p, mentee_field) for p in self.mentees]
        right = [_choices(p, mentor_field or mentee_field) for p in self.mentors]
        vocabulary = tuple(sorted(set().union(*left, *right)))
        col = {v: k for k, v in enumerate(vocabulary)}
        a = np.zeros((len(left), len(vocabulary)), dtype=np.bool_)
        b = np.zeros((len(right), len(vocabulary)), dtype=np.bool_)
        for matrix, sets in ((a, left), (b, right)):
            for row, chosen in enumerate(sets):
                matrix[row, [col[v] for v in chosen]] = True
        return a, b, vocabulary

    # ------------------------------------------------------------ pairs by index

    def same_person_pairs(self) -> tuple[IndexArray, IndexArray]:
        """Pairs ``(i, j)`` where mentee *i* and mentor *j* are the same person."""
        cols = {p.id: j for j, p in enumerate(self.mentors)}
        found = [(i, cols[p.id]) for i, p in enumerate(self.mentees) if p.id in cols]
        return _pairs(found)

    def relation_pairs(
        self,
        kinds: Collection[RelationKind],
        *,
        direction: str = "either",
        transitive: bool = False,
    ) -> tuple[IndexArray, IndexArray]:
        """Pairs ``(i, j)`` linked by a declared relation of one of *kinds*.

        :param direction: ``"either"``, ``"mentor_to_mentee"`` (the mentor is
            the relation's subject, e.g. she manages the mentee) or
            ``"mentee_to_mentor"``.
        :param transitive: Follow chains of such relations through anyone
            (a line of management: the manager's manager), in *direction*.
        :raises InvalidInput: an unknown direction.
        """
        if direction not in ("either", "mentor_to_mentee", "mentee_to_mentor"):
            problem = _("unknown direction {value}", value=repr(direction))
            raise InvalidInput([("direction", problem)])
        kinds = frozenset(kinds)
        edges = [(r.subject, r.object) for r in self.relations if r.kind in kinds]
        # Each direction is closed separately: "either" must not link two people
        # who merely share a manager (down one chain and up another).
        graphs: list[list[tuple[PersonId, PersonId]]] = []
        if direction in ("either", "mentor_to_mentee"):
            graphs.append(edges)
        if direction in ("either", "mentee_to_mentor"):
            graphs.append([(b, a) for a, b in edges])
        rows = {p.id: i for i, p in enumerate(self.mentees)}
        found: set[tuple[int, int]] = set()
        for graph in graphs:
            nexts: dict[PersonId, list[PersonId]] = {}
            for a, b in graph:
                nexts.setdefault(a, []).append(b)
            for j, mentor in enumerate(self.mentors):
                for reached in _reach(mentor.id, nexts, transitive):
                    if reached in rows:
                        found.add((rows[reached], j))
        return _pairs(sorted(found))

    def previous_mentor_pairs(self) -> tuple[IndexArray, IndexArray]:
        """Pairs of a re-matched mentee with one of her previous mentors."""
        cols = {p.id: j for j, p in enumerate(self.mentors)}
        found = [
            (i, cols[m])
            for i, before in enumerate(self.previous_mentors)
            for m in sorted(before)
            if m in cols
        ]
        return _pairs(found)

    def wish_pairs(self) -> tuple[IndexArray, IndexArray, IntArray, IntArray]:
        """Wished pairs: ``(rows, cols, rank, count)``.

        ``rank`` is the wish's place in the mentee's list (1 = first wish) and
        ``count`` the length of her list; wishes for mentors outside the
        cohort are left out but keep their place in the ranking.
        """
        cols = {p.id: j for j, p in enumerate(self.mentors)}
        found = [
            (i, cols[m], rank, len(wished))
            for i, wished in enumerate(self.wishes)
            for rank, m in enumerate(wished, start=1)
            if m in cols
        ]
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), empty, empty
        rows, js, ranks, counts = zip(*found, strict=True)
        return (
            np.array(rows, dtype=np.intp),
            np.array(js, dtype=np.intp),
            np.array(ranks, dtype=np.int64),
            np.array(counts, dtype=np.int64),
        )


def _index(people: tuple[Participant, ...], person_id: str, kind: str) -> int:
    for k, p in enumerate(people):
        if p.id == person_id:
            return k
    raise NotFound(kind, person_id)


def _choices(p: Participant, field: str) -> frozenset[str]:
    value = p.profile.get(field)
    if value is None:
        return frozenset()
    if isinstance(value, tuple):
        return frozenset(value)
    return frozenset({str(value)})


def _reach(
    start: PersonId, nexts: Mapping[PersonId, list[PersonId]], transitive: bool
) -> set[PersonId]:
    seen: set[PersonId] = set()
    todo = list(nexts.get(start, ()))
    while todo:
        person = todo.pop()
        if person in seen:
            continue
        seen.add(person)
        if transitive:
            todo.extend(nexts.get(person, ()))
    seen.discard(start)
    return seen


def _pairs(found: list[tuple[int, int]]) -> tuple[IndexArray, IndexArray]:
    if not found:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    rows, cols = zip(*found, strict=True)
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
