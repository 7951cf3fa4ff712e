"""Review, then confirm: a proposal changes nothing until confirmed, and
confirming creates the tandems through the engine, all or none."""

from __future__ import annotations

import pytest
from test_matching_cohort import club_engine, mentee, mentor

from mentorcore import (
    Actor,
    AssignMentor,
    InvalidInput,
    RequestRematch,
    Role,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.domain import Origin
from mentorcore.matching import confirm, propose
from mentorcore.testing import SYSTEM, enrol

CARLA = Actor.person("carla")


def stored(engine):
    return [(r.stream_id, r.version, r.name) for r in engine.store.read_all()]


@pytest.fixture
def setup(make_engine):
    engine, club = club_engine(make_engine)
    enrol(engine, "carla", "club", Role.COORDINATOR)
    for m in ("ana", "bea", "cleo"):
        mentee(engine, m, level=1)
    mentor(engine, "max", level=3, capacity=2)
    mentor(engine, "ned", level=3)
    return engine, club


def test_proposing_stores_nothing_and_confirming_creates_assigned_tandems(setup):
    engine, _ = setup
    before = stored(engine)
    p = propose(engine, "club", actor=CARLA, track="a")
    assert stored(engine) == before
    tandems = confirm(engine, p, actor=CARLA)
    assert [(t.mentee, t.mentor) for t in tandems] == [(x.mentee, x.mentor) for x in p.pairs]
    assert len(tandems) == 3
    assert {(t.status, t.origin, t.track) for t in tandems} == {
        (TandemStatus.GETTING_TO_KNOW, Origin.ASSIGNMENT, "a")
    }
    assert len(engine.reader(SYSTEM).tandems(programme="club")) == 3


def test_confirming_a_subset_creates_only_those(setup):
    engine, _ = setup
    p = propose(engine, "club", actor=CARLA, track="a")
    tandems = confirm(engine, p, actor=SYSTEM, mentees=["cleo", "ana"])
    assert [t.mentee for t in tandems] == ["ana", "cleo"]  # in the proposal's order
    assert confirm(engine, p, actor=SYSTEM, mentees=[]) == []
    assert sorted(t.mentee for t in engine.reader(SYSTEM).tandems(programme="club")) == [
        "ana",
        "cleo",
    ]


def test_a_pair_that_became_invalid_refuses_the_whole_confirmation(setup):
    engine, _ = setup
    p = propose(engine, "club", actor=CARLA, track="a")
    # Meanwhile ned's only place goes to someone else.
    mentee(engine, "dora", level=1)
    engine.execute(
        AssignMentor(programme_key="club", mentee="dora", mentor="ned", track="a"), actor=CARLA
    )
    before = stored(engine)
    k = [x.mentor for x in p.pairs].index("ned") + 1
    with pytest.raises(TransitionDenied, match=rf"#{k} assign refused") as denied:
        confirm(engine, p, actor=CARLA)
    assert "CORE-CAPACITY" in denied.value.rule_ids
    assert stored(engine) == before


def test_a_per_pair_rule_the_run_did_not_ask_still_refuses_at_confirmation(setup):
    engine, club = setup
    p = propose(engine, "club", actor=CARLA, track="a")
    first = p.pairs[0]
    club.odd = frozenset({(first.mentee, first.mentor)})
    before = stored(engine)
    with pytest.raises(TransitionDenied, match="#1 assign refused") as denied:
        confirm(engine, p, actor=CARLA)
    assert denied.value.rule_ids == {"CLUB-ODD"}
    assert stored(engine) == before


def test_only_the_programme_may_confirm(setup):
    engine, _ = setup
    p = propose(engine, "club", actor=CARLA, track="a")
    with pytest.raises(TransitionDenied) as denied:
        confirm(engine, p, actor=Actor.person("max"))
    assert denied.value.rule_ids == {"CORE-AUTH"} or "CORE-1" in denied.value.rule_ids
    assert engine.reader(SYSTEM).tandems(programme="club") == []


@pytest.mark.parametrize(
    ("mentees", "match"),
    [
        (["zoe"], r"mentees\[0\].*no pair"),
        (["ana", "ana"], r"mentees\[1\].*twice"),
        ("ana", "list of mentee ids"),
    ],
)
def test_choosing_pairs_that_are_not_in_the_proposal_is_refused(setup, mentees, match):
    engine, _ = setup
    p = propose(engine, "club", actor=CARLA, track="a")
    with pytest.raises(InvalidInput, match=match):
        confirm(engine, p, actor=CARLA, mentees=mentees)
    assert engine.reader(SYSTEM).tandems(programme="club") == []


def test_a_confirmed_rematch_names_its_predecessor(setup):
    engine, _ = setup
    t = engine.execute(
        AssignMentor(programme_key="club", mentee="ana", mentor="ned", track="a"), actor=CARLA
    )
    engine.execute(RequestRematch(tandem_id=t.id), actor=Actor.person("ana"))
    p = propose(engine, "club", actor=CARLA, track="a", mentees=["ana"])
    assert [(x.mentee, x.mentor, x.predecessor) for x in p.pairs] == [("ana", "max", t.id)]
    (new,) = confirm(engine, p, actor=CARLA)
    assert new.predecessor == t.id
