"""The cohort helpers plugins compute their rules with, and the "club" test programme.

The club programme (defined here, used by the other ``test_matching_*``
files) has the kinds of rules real programmes have: a hard rule on a
categorical field (CLUB-DEPT: not from the mentee's own department), one on
a number (CLUB-LEVEL: the mentor is senior), a per-pair-only rule
(CLUB-ODD, a vote the masks do not know), and two criteria (topic overlap,
a per-mentor column).
"""

from __future__ import annotations

import numpy as np
import pytest

from mentorcore import (
    Decision,
    FieldKind,
    InvalidInput,
    NotFound,
    Participant,
    Person,
    Profile,
    ProfileField,
    Programme,
    Relation,
    RelationKind,
    Role,
    hookimpl,
)
from mentorcore.domain import Enrolment, PersonId
from mentorcore.matching import Cohort, Criterion, PairMask
from mentorcore.testing import enrol

TOPICS = ("career", "research", "family", "abroad")
_FIELDS = (
    ProfileField("dept", FieldKind.TEXT, required=False),
    ProfileField("level", FieldKind.INTEGER, required=False),
    ProfileField("topics", FieldKind.CHOICES, required=False, choices=TOPICS),
)
CLUB = Programme(
    key="club",
    name="Club",
    tracks=("a", "b"),
    mentee_fields=(*_FIELDS, ProfileField("mentor_wishes", FieldKind.TEXT, required=False)),
    mentor_fields=(*_FIELDS, ProfileField("rating", FieldKind.NUMBER, required=False)),
)


class Club:
    """A programme plugin with cohort-level rules and one per-pair-only vote."""

    odd: frozenset[tuple[str, str]] = frozenset()

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(CLUB)

    @hookimpl
    def mentorcore_pair_masks(self, cohort):
        e, o = cohort.labels("dept")
        yield PairMask(
            "CLUB-DEPT", "not from her own department", (e[:, None] == o) & (e[:, None] >= 0)
        )
        le = cohort.numbers(Role.MENTEE, "level", missing=0)
        lo = cohort.numbers(Role.MENTOR, "level", missing=0)
        yield PairMask("CLUB-LEVEL", "the mentor must be senior", ~(lo[None, :] > le[:, None]))

    @hookimpl
    def mentorcore_pair_criteria(self, cohort):
        a, b, _ = cohort.memberships("topics")
        shared = a.astype(float) @ b.T.astype(float)
        wanted = np.maximum(a.sum(axis=1, keepdims=True), 1)
        yield Criterion("topics", "CLUB-FIT", 2.0, shared / wanted)
        rating = np.nan_to_num(cohort.numbers(Role.MENTOR, "rating", missing=0)) / 5
        yield Criterion("rating", "CLUB-RATING", 0.5, rating.reshape(1, -1))

    @hookimpl
    def mentorcore_check_pairing(self, mentee, mentor, track):
        if mentee.profile.get("dept") is not None and mentee.profile.get(
            "dept"
        ) == mentor.profile.get("dept"):
            return Decision.deny("CLUB-DEPT", "not from her own department")
        if (mentee.id, mentor.id) in self.odd:
            return Decision.deny("CLUB-ODD", "a rule only the per-pair vote knows")
        return None


def club_engine(make_engine, **kwargs):
    club = Club()
    return make_engine(plugins=[club], **kwargs), club


def mentee(engine, pid, track="a", **profile):
    enrol(engine, pid, "club", Role.MENTEE, profile, track=track)


def mentor(engine, pid, track="a", capacity=1, **profile):
    enrol(engine, pid, "club", Role.MENTOR, profile, track=track, capacity=capacity)


# ------------------------------------------------------------------ helpers


def _p(pid, role, **profile):
    return Participant(
        Person(PersonId(pid), pid.title()),
        Enrolment(PersonId(pid), "club", role, profile=Profile.of(profile)),
    )


def _cohort(mentees, mentors, relations=(), wishes=None, previous=None):
    return Cohort(
        programme_key="club",
        track=None,
        mentees=tuple(mentees),
        mentors=tuple(mentors),
        places=(1,) * len(mentors),
        previous_mentors=previous or (frozenset(),) * len(mentees),
        wishes=wishes or ((),) * len(mentees),
        relations=tuple(relations),
    )


def test_numbers_reads_a_field_with_missing_values():
    c = _cohort(
        [_p("a", Role.MENTEE, level=2), _p("b", Role.MENTEE)], [_p("x", Role.MENTOR, level=3.5)]
    )
    assert np.isnan(c.numbers(Role.MENTEE, "level")[1])
    assert c.numbers(Role.MENTEE, "level", missing=-1).tolist() == [2.0, -1.0]
    assert c.numbers(Role.MENTOR, "level").tolist() == [3.5]


def test_numbers_names_the_person_whose_value_is_not_a_number():
    c = _cohort([_p("a", Role.MENTEE, level="high")], [])
    with pytest.raises(InvalidInput, match=r"a\.level"):
        c.numbers(Role.MENTEE, "level")


def test_labels_are_comparable_across_sides():
    c = _cohort(
        [_p("a", Role.MENTEE, dept="it"), _p("b", Role.MENTEE)],
        [_p("x", Role.MENTOR, dept="hr"), _p("y", Role.MENTOR, dept="it")],
    )
    e, o = c.labels("dept")
    assert (e[:, None] == o).tolist() == [[False, True], [False, False]]
    assert e[1] == -1


def test_labels_refuse_a_multiple_choice_field():
    c = _cohort([_p("a", Role.MENTEE, topics=("career",))], [])
    with pytest.raises(InvalidInput, match="memberships"):
        c.labels("topics")


def test_memberships_count_shared_choices():
    c = _cohort(
        [_p("a", Role.MENTEE, topics=("career", "research")), _p("b", Role.MENTEE)],
        [_p("x", Role.MENTOR, topics=("research",)), _p("y", Role.MENTOR, topics="career")],
    )
    a, b, vocabulary = c.memberships("topics")
    assert vocabulary == ("career", "research")
    assert (a.astype(int) @ b.T.astype(int)).tolist() == [[1, 1], [0, 0]]


def test_relation_pairs_by_direction_and_along_a_line_of_management():
    # boss manages lead, lead manages ana; ana manages nobody; kim works with ana.
    rels = [
        Relation(PersonId("boss"), RelationKind.MANAGES, PersonId("lead")),
        Relation(PersonId("lead"), RelationKind.MANAGES, PersonId("ana")),
        Relation(PersonId("kim"), RelationKind.WORKS_WITH, PersonId("ana")),
        Relation(PersonId("lead"), RelationKind.MANAGES, PersonId("sib")),
    ]
    mentors = [_p(x, Role.MENTOR) for x in ("boss", "kim", "lead", "sib")]
    c = _cohort([_p("ana", Role.MENTEE)], mentors, rels)

    def cols(*args, **kwargs):
        return sorted(c.mentor_ids[j] for j in c.relation_pairs(*args, **kwargs)[1].tolist())

    assert cols({RelationKind.MANAGES}) == ["lead"]
    assert cols({RelationKind.MANAGES}, direction="mentor_to_mentee", transitive=True) == [
        "boss",
        "lead",
    ]
    assert cols({RelationKind.MANAGES}, direction="mentee_to_mentor", transitive=True) == []
    # A sibling under the same manager is not in ana's line of management.
    assert "sib" not in cols({RelationKind.MANAGES}, transitive=True)
    assert cols({RelationKind.WORKS_WITH}) == ["kim"]
    with pytest.raises(InvalidInput, match="direction"):
        c.relation_pairs({RelationKind.MANAGES}, direction="sideways")


def test_wish_pairs_keep_the_stated_rank_of_mentors_outside_the_cohort():
    c = _cohort(
        [_p("a", Role.MENTEE), _p("b", Role.MENTEE)],
        [_p("x", Role.MENTOR), _p("y", Role.MENTOR)],
        wishes=((PersonId("gone"), PersonId("y"), PersonId("x")), ()),
    )
    rows, cols, rank, count = c.wish_pairs()
    assert list(zip(rows.tolist(), cols.tolist(), rank.tolist(), count.tolist(), strict=True)) == [
        (0, 1, 2, 3),
        (0, 0, 3, 3),
    ]


def test_same_person_and_previous_mentor_pairs():
    c = _cohort(
        [_p("a", Role.MENTEE), _p("x", Role.MENTEE)],
        [_p("x", Role.MENTOR), _p("y", Role.MENTOR)],
        previous=(frozenset({PersonId("y"), PersonId("gone")}), frozenset()),
    )
    assert [a.tolist() for a in c.same_person_pairs()] == [[1], [0]]
    assert [a.tolist() for a in c.previous_mentor_pairs()] == [[0], [1]]


def test_indices_by_id_and_a_malformed_cohort():
    c = _cohort([_p("a", Role.MENTEE)], [_p("x", Role.MENTOR)])
    assert (c.mentee_index("a"), c.mentor_index("x"), c.shape) == (0, 0, (1, 1))
    with pytest.raises(NotFound):
        c.mentor_index("a")
    with pytest.raises(InvalidInput, match="places"):
        Cohort("club", None, (), (_p("x", Role.MENTOR),), (), (), ())
