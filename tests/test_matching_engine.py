"""``propose`` on an engine: the programme's rules and the core's, capacities,
wishes, fixed pairs, objectives, explanations and malformed input."""

from __future__ import annotations

import numpy as np
import pytest
from attrs import evolve
from test_matching_cohort import CLUB, Club, club_engine, mentee, mentor

from mentorcore import (
    Actor,
    AssignMentor,
    Decision,
    InvalidInput,
    NotFound,
    PluginError,
    Relation,
    RelationKind,
    RequestRematch,
    Role,
    Setting,
    TransitionDenied,
    hookimpl,
)
from mentorcore.domain import PersonId
from mentorcore.matching import Criterion, Objective, PairMask, UnmatchedKind, propose
from mentorcore.testing import SYSTEM, enrol


def pairs(proposal):
    return [(p.mentee, p.mentor) for p in proposal.pairs]


@pytest.fixture
def engine(make_engine):
    e, _ = club_engine(make_engine)
    return e


def test_programme_masks_and_scores_decide_the_pairs(engine):
    mentee(engine, "ana", dept="it", level=1, topics=["career", "research"])
    mentee(engine, "bea", dept="hr", level=2, topics=["family"])
    mentor(engine, "max", dept="it", level=5, topics=["career"])  # CLUB-DEPT for ana
    mentor(engine, "ned", dept="law", level=4, topics=["family", "career"], rating=5)
    mentor(engine, "olf", dept="law", level=1, topics=["research"])  # CLUB-LEVEL for both
    p = propose(engine, "club", actor=SYSTEM, track="a")
    assert pairs(p) == [("ana", "ned"), ("bea", "max")]
    ana = p.pair_of("ana")
    # The programme's criteria come first; no wishes were given, so no wish part.
    assert [(x.criterion, x.rule_id, x.weight, x.value) for x in ana.parts] == [
        ("topics", "CLUB-FIT", 2.0, 0.5),
        ("rating", "CLUB-RATING", 0.5, 1.0),
    ]
    assert ana.score == pytest.approx(1.5)
    assert ("CLUB-DEPT", "not from her own department") in p.rules
    assert [c[:2] for c in p.criteria] == [("topics", "CLUB-FIT"), ("rating", "CLUB-RATING")]
    assert "Ana – Ned: 1.500 (topics 0.50×2, rating 1.00×0.5)" in p.describe()


def test_each_unmatched_mentee_gets_the_rules_that_excluded_every_candidate(engine):
    mentee(engine, "ana", dept="it", level=3)
    mentee(engine, "bea", dept="hr", level=1)
    mentee(engine, "cleo", dept="hr", level=1)
    mentor(engine, "max", dept="it", level=5)
    mentor(engine, "ned", dept="law", level=2)
    p = propose(engine, "club", actor=SYSTEM, track="a")
    # ana: max is her department, ned is junior to her. bea and cleo compete for ned or max.
    ana = p.unmatched_of("ana")
    assert ana.kind is UnmatchedKind.NO_ELIGIBLE_MENTOR
    assert ana.rule_ids_for("max") == ("CLUB-DEPT",)
    assert ana.rule_ids_for("ned") == ("CLUB-LEVEL",)
    assert "CLUB-DEPT excludes 1" in ana.reason
    assert pairs(p) == [("bea", "max"), ("cleo", "ned")]


def test_core_capacity_and_core_single_live_tandems_count_and_who_is_full_is_explained(engine):
    for m in ("ana", "bea", "cleo", "dora"):
        mentee(engine, m, level=1)
    mentor(engine, "max", capacity=2, level=3)
    mentor(engine, "ned", level=3)
    engine.execute(
        AssignMentor(programme_key="club", mentee="dora", mentor="ned", track="a"), actor=SYSTEM
    )
    p = propose(engine, "club", actor=SYSTEM, track="a")
    assert pairs(p) == [("ana", "max"), ("bea", "max")]
    cleo = p.unmatched_of("cleo")
    assert cleo.kind is UnmatchedKind.CAPACITY_EXHAUSTED
    assert cleo.rule_ids_for("max") == cleo.rule_ids_for("ned") == ("CORE-CAPACITY",)
    assert "1 was full before this run" in cleo.reason
    # dora has her tandem (CORE-SINGLE): left out, not "unmatched".
    assert p.unmatched_of("dora") is None
    assert [(s.person, s.decisions[0].rule_id) for s in p.skipped] == [("dora", "CORE-SINGLE")]


def test_core_14_working_relationships_and_self_pairing_are_masked(engine):
    mentee(engine, "ana", level=1)
    mentor(engine, "ana", level=3)
    mentor(engine, "max", level=3)
    engine.declare_relation(
        Relation(PersonId("max"), RelationKind.SUPERVISES, PersonId("ana")), actor=SYSTEM
    )
    p = propose(engine, "club", actor=SYSTEM, track="a")
    assert pairs(p) == []
    assert p.unmatched_of("ana").rule_ids_for("max") == ("CORE-14",)
    assert p.unmatched_of("ana").rule_ids_for("ana") == ("CORE-14",)


def test_core_rematch_avoids_the_previous_mentor_and_names_the_predecessor(engine):
    mentee(engine, "ana", level=1)
    mentor(engine, "max", level=5, rating=5)
    mentor(engine, "ned", level=3)
    t = engine.execute(
        AssignMentor(programme_key="club", mentee="ana", mentor="max", track="a"), actor=SYSTEM
    )
    engine.execute(RequestRematch(tandem_id=t.id, reason="no chemistry"), actor=Actor.person("ana"))
    p = propose(engine, "club", actor=SYSTEM, track="a")
    assert pairs(p) == [("ana", "ned")]
    assert p.pair_of("ana").predecessor == t.id


def test_core_track_is_required_and_keeps_the_cohorts_apart(engine):
    mentee(engine, "ana", level=1)
    mentee(engine, "bea", track="b", level=1)
    mentor(engine, "max", level=3)
    mentor(engine, "ned", track="b", level=3)
    with pytest.raises(InvalidInput, match="track"):
        propose(engine, "club", actor=SYSTEM)
    with pytest.raises(InvalidInput, match="track"):
        propose(engine, "club", actor=SYSTEM, track="c")
    assert pairs(propose(engine, "club", actor=SYSTEM, track="b")) == [("bea", "ned")]
    with pytest.raises(InvalidInput, match=r"mentees\[0\].*b track"):
        propose(engine, "club", actor=SYSTEM, track="a", mentees=["bea"])


def test_core_wish_from_the_caller_or_the_profile_ranks_the_mentors(engine):
    mentee(engine, "ana", level=1)
    mentee(engine, "bea", level=1, mentor_wishes="ned, max")
    mentor(engine, "max", level=3)
    mentor(engine, "ned", level=3)
    p = propose(engine, "club", actor=SYSTEM, track="a", wishes={"ana": ["ned"]})
    # Both wish ned first; the optimum gives him to one and the other her 2nd wish or none.
    assert {p.pair_of("ana").mentor, p.pair_of("bea").mentor} == {"max", "ned"}
    p = propose(engine, "club", actor=SYSTEM, track="a", wishes={"ana": ["max"]})
    assert pairs(p) == [("ana", "max"), ("bea", "ned")]
    assert [x.wish_rank for x in p.pairs] == [1, 1]
    wish = next(x for x in p.pair_of("ana").parts if x.criterion == "wish")
    assert (wish.rule_id, wish.value) == ("CORE-WISH", 1.0)
    unweighted = propose(
        engine, "club", actor=SYSTEM, track="a", wishes={"ana": ["max"]}, wish_weight=0
    )
    assert "wish" not in [c[0] for c in unweighted.criteria]
    assert unweighted.total_score == 0


@pytest.mark.parametrize(
    ("wishes", "where"),
    [
        ({"zoe": ["max"]}, r"wishes\['zoe'\]: not a mentee"),
        ({"ana": "max"}, r"wishes\['ana'\]: expected a list"),
        ({"ana": ["max", "max"]}, "twice"),
        ({"ana": ["bea"]}, r"wishes\['ana'\]\[0\]"),
        (["ana"], "mapping"),
    ],
)
def test_malformed_wishes_are_refused_naming_where(engine, wishes, where):
    mentee(engine, "ana", level=1)
    mentee(engine, "bea", level=1)
    mentor(engine, "max", level=3)
    with pytest.raises(InvalidInput, match=where):
        propose(engine, "club", actor=SYSTEM, track="a", wishes=wishes)


def test_fixed_pairs_are_kept_and_take_their_places_first(engine):
    mentee(engine, "ana", level=1, topics=["career"])
    mentee(engine, "bea", level=1)
    mentor(engine, "max", level=3, topics=["career"])
    mentor(engine, "ned", level=3)
    p = propose(engine, "club", actor=SYSTEM, track="a", fixed=[("bea", "max")])
    assert pairs(p) == [("ana", "ned"), ("bea", "max")]
    assert [x.fixed for x in p.pairs] == [False, True]


@pytest.mark.parametrize(
    ("fixed", "error", "match"),
    [
        ([("ana", "max")], TransitionDenied, "CLUB-DEPT"),
        ([("bea", "ned"), ("cleo", "ned")], TransitionDenied, "CORE-CAPACITY"),
        ([("bea", "olf"), ("bea", "ned")], InvalidInput, "already fixed"),
        ([("zoe", "ned")], NotFound, "zoe"),
        ([("bea", "zed")], NotFound, "zed"),
        ([("bea",)], InvalidInput, r"fixed\[0\]"),
    ],
)
def test_a_fixed_pair_that_breaks_a_rule_refuses_the_run(engine, fixed, error, match):
    mentee(engine, "ana", dept="it", level=1)
    mentee(engine, "bea", level=1)
    mentee(engine, "cleo", level=1)
    mentor(engine, "max", dept="it", level=3)
    mentor(engine, "ned", level=3)
    mentor(engine, "olf", level=3)
    with pytest.raises(error, match=match):
        propose(engine, "club", actor=SYSTEM, track="a", fixed=fixed)


def test_objective_from_the_caller_or_the_programme_setting(make_engine):
    class GreedyClub(Club):
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(evolve(CLUB, settings=(Setting("matching_objective", "optimal", "how"),)))

    engine = make_engine(
        plugins=[GreedyClub()], settings={"club": {"matching_objective": "greedy"}}
    )
    # ana-max is the single best pair; bea may only have max (ned works with her).
    mentee(engine, "ana", level=1, topics=["career"])
    mentee(engine, "bea", level=1)
    mentor(engine, "max", level=3, topics=["career"])
    mentor(engine, "ned", level=3)
    engine.declare_relation(
        Relation(PersonId("ned"), RelationKind.WORKS_WITH, PersonId("bea")), actor=SYSTEM
    )
    greedy = propose(engine, "club", actor=SYSTEM, track="a")
    assert greedy.objective is Objective.GREEDY
    assert pairs(greedy) == [("ana", "max")]
    assert greedy.unmatched_of("bea").kind is UnmatchedKind.CAPACITY_EXHAUSTED
    best = propose(engine, "club", actor=SYSTEM, track="a", objective="optimal")
    assert best.objective is Objective.OPTIMAL
    assert pairs(best) == [("ana", "ned"), ("bea", "max")]
    assert pairs(
        propose(engine, "club", actor=SYSTEM, track="a", objective=Objective.GREEDY)
    ) == pairs(greedy)
    with pytest.raises(InvalidInput, match="objective"):
        propose(engine, "club", actor=SYSTEM, track="a", objective="fastest")


def test_match_propose_asks_the_per_pair_vote_for_every_pair_the_masks_allow(make_engine):
    engine, club = club_engine(make_engine)
    club.odd = frozenset({("ana", "max")})
    mentee(engine, "ana", level=1, topics=["career"])
    mentor(engine, "max", level=3, topics=["career"])  # the better score, but CLUB-ODD
    mentor(engine, "ned", level=3)
    assert pairs(propose(engine, "club", actor=SYSTEM, track="a")) == [("ana", "ned")]
    with pytest.raises(TransitionDenied, match="CLUB-ODD"):
        propose(engine, "club", actor=SYSTEM, track="a", fixed=[("ana", "max")])
    engine2, club2 = club_engine(make_engine)
    club2.odd = frozenset({("ana", "max"), ("ana", "ned")})
    mentee(engine2, "ana", level=1)
    mentor(engine2, "max", level=3)
    mentor(engine2, "ned", level=3)
    u = propose(engine2, "club", actor=SYSTEM, track="a").unmatched_of("ana")
    assert u.kind is UnmatchedKind.NO_ELIGIBLE_MENTOR
    assert u.rule_ids_for("max") == u.rule_ids_for("ned") == ("CLUB-ODD",)


def test_people_the_eligibility_rules_now_refuse_are_left_out_with_the_votes(make_engine):
    class Strict(Club):
        strict = False

        @hookimpl
        def mentorcore_check_enrolment(self, enrolment):
            if self.strict and enrolment.profile.get("level") == 1:
                return Decision.deny("CLUB-ELIG", "level 1 is not eligible any more")
            return None

    strict = Strict()
    engine = make_engine(plugins=[strict])
    mentee(engine, "ana", level=1)
    mentee(engine, "bea", level=2)
    mentor(engine, "max", level=3)
    mentor(engine, "ned", level=1)
    strict.strict = True  # the rule changed after they enrolled
    p = propose(engine, "club", actor=SYSTEM, track="a")
    assert pairs(p) == [("bea", "max")]
    ana = p.unmatched_of("ana")
    assert ana.kind is UnmatchedKind.INELIGIBLE
    assert [d.rule_id for d in ana.decisions] == ["CLUB-ELIG"]
    assert "level 1 is not eligible" in ana.reason
    assert [(s.person, s.role) for s in p.skipped] == [("ned", Role.MENTOR)]
    with pytest.raises(TransitionDenied, match="CLUB-ELIG"):
        propose(engine, "club", actor=SYSTEM, track="a", fixed=[("ana", "max")])
    with pytest.raises(TransitionDenied, match="CLUB-ELIG"):
        propose(engine, "club", actor=SYSTEM, track="a", fixed=[("bea", "ned")])


def test_the_same_proposal_whatever_the_order_people_came_in(make_engine):
    people = [("ana", 1, "it"), ("bea", 2, "hr"), ("cleo", 1, "hr"), ("dora", 1, "law")]
    guides = [("max", 3, "it", 2), ("ned", 4, "law", 1), ("olf", 2, "hr", 1)]
    results = []
    for order in (1, -1):
        engine, _ = club_engine(make_engine)
        for m, level, dept in people[::order]:
            mentee(engine, m, level=level, dept=dept, topics=["career"])
        for m, level, dept, cap in guides[::order]:
            mentor(engine, m, level=level, dept=dept, capacity=cap, topics=["career"])
        results.append(propose(engine, "club", actor=SYSTEM, track="a"))
        results.append(propose(engine, "club", actor=SYSTEM, track="a"))
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize(
    ("answer", "match"),
    [
        (lambda n, m: [PairMask("X-1", "r", np.zeros((n + 1, m), dtype=bool))], "does not fit"),
        (lambda n, m: [PairMask("X-1", "r", np.zeros((n, m), dtype=int))], "booleans"),
        (lambda n, m: [PairMask("X-1", "", np.zeros((n, m), dtype=bool))], "reason"),
        (lambda n, m: [PairMask.at("X-1", "r", np.array([n]), np.array([0]))], "outside"),
        (lambda n, m: PairMask("X-1", "r", np.zeros((n, m), dtype=bool)), "iterable"),
        (lambda n, m: ["mask"], "not a PairMask"),
        (lambda n, m: [Criterion("c", "X-2", 1.0, np.full((n, m), 1.5))], r"\[0, 1\]"),
        (lambda n, m: [Criterion("c", "X-2", 1.0, np.full((n, m), np.nan))], r"\[0, 1\]"),
        (lambda n, m: [Criterion("c", "X-2", -1.0, np.zeros((n, m)))], "weight"),
        (
            lambda n, m: [
                Criterion("c", "X-2", 1, np.zeros((n, m))),
                Criterion("c", "X-3", 1, np.zeros((1, m))),
            ],
            "two criteria",
        ),
        (
            lambda n, m: [
                Criterion.at(
                    "c", "X-2", 1, np.array([0, 0]), np.array([0, 0]), np.array([0.1, 0.2])
                )
            ],
            "twice",
        ),
        (
            lambda n, m: [
                Criterion.at("c", "X-2", 1, np.array([0]), np.array([0]), np.array([0.1, 0.2]))
            ],
            "one value",
        ),
    ],
)
def test_a_malformed_plugin_answer_is_a_plugin_error(make_engine, answer, match):
    class Broken(Club):
        @hookimpl
        def mentorcore_pair_criteria(self, cohort):
            got = answer(*cohort.shape)
            return got if isinstance(got, list) and got and isinstance(got[0], Criterion) else []

        @hookimpl
        def mentorcore_pair_masks(self, cohort):
            got = answer(*cohort.shape)
            return [] if isinstance(got, list) and got and isinstance(got[0], Criterion) else got

    engine = make_engine(plugins=[Broken()])
    mentee(engine, "ana", level=1)
    mentor(engine, "max", level=3)
    with pytest.raises(PluginError, match=match):
        propose(engine, "club", actor=SYSTEM, track="a")


def test_another_programmes_rules_do_not_apply(make_engine):
    engine, _ = club_engine(make_engine)
    enrol(engine, "ana", "default", Role.MENTEE, {})
    enrol(engine, "max", "default", Role.MENTOR, {})
    assert pairs(propose(engine, "default", actor=SYSTEM)) == [("ana", "max")]  # no CLUB-LEVEL here


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"programme_key": "nope"}, NotFound, "programme"),
        ({"mentees": "ana"}, InvalidInput, "list of person ids"),
        ({"mentees": ["zoe"]}, NotFound, "zoe"),
        ({"mentors": [3]}, InvalidInput, r"mentors\[0\]"),
        ({"wish_weight": -1}, InvalidInput, "wish_weight"),
    ],
)
def test_malformed_arguments_are_refused(engine, kwargs, error, match):
    mentee(engine, "ana", level=1)
    mentor(engine, "max", level=3)
    kwargs = {"programme_key": "club", "track": "a", **kwargs}
    with pytest.raises(error, match=match):
        propose(engine, actor=SYSTEM, **kwargs)


def test_explanations_name_every_rule_up_to_64_rule_ids(make_engine):
    class Many(Club):
        count = 64

        @hookimpl
        def mentorcore_pair_masks(self, cohort):
            m = cohort.shape[1]
            return [PairMask(f"X-{k}", "r", np.ones((1, m), dtype=bool)) for k in range(self.count)]

    many = Many()
    engine = make_engine(plugins=[many])
    mentee(engine, "ana", level=1)
    mentor(engine, "max", level=3)
    u = propose(engine, "club", actor=SYSTEM, track="a").unmatched_of("ana")
    # Many replaces the club's masks: every one of the 64 rules excludes max.
    assert len(u.rule_ids_for("max")) == 64
    many.count = 65
    with pytest.raises(PluginError, match="at most 64"):
        propose(engine, "club", actor=SYSTEM, track="a")
