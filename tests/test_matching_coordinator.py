"""What a coordinator's matching run must get right (issue 15): every pairing
rule counts in the proposal, a completed mentee is not offered again, mentees
are spread over the mentors when scores tie, and free places are shown."""

from __future__ import annotations

from test_matching_cohort import Club, club_engine, mentee, mentor

from mentorcore import (
    Actor,
    Decision,
    FieldKind,
    ProfileField,
    Programme,
    Role,
    TandemStatus,
    hookimpl,
)
from mentorcore.commands import Complete, StartClosing
from mentorcore.matching import UnmatchedKind, confirm, propose
from mentorcore.testing import SYSTEM, enrol, walk_to


def pairs(proposal):
    return [(p.mentee, p.mentor) for p in proposal.pairs]


# ------------------------------------------------------------ pairing rules


GUILD = Programme(
    key="guild",
    name="Guild",
    mentee_fields=(ProfileField("department", FieldKind.TEXT),),
    mentor_fields=(ProfileField("department", FieldKind.TEXT),),
)


class Guild:
    """A fourth programme as the plugin guide has one written: a per-pair vote, no mask."""

    asked = 0

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(GUILD)

    @hookimpl
    def mentorcore_check_pairing(self, mentee, mentor):
        self.asked += 1
        if mentee.profile.get("department") == mentor.profile.get("department"):
            return Decision.deny("GUILD-DEPT-1", "mentor and mentee work in the same department")
        return None


def _guild(make_engine):
    guild = Guild()
    engine = make_engine(plugins=[guild])
    for pid, role, dept in (
        ("ana", Role.MENTEE, "it"),
        ("bea", Role.MENTEE, "hr"),
        ("max", Role.MENTOR, "it"),
        ("ned", Role.MENTOR, "hr"),
    ):
        enrol(engine, pid, "guild", role, {"department": dept})
    return engine, guild


def test_match_propose_counts_a_pairing_rule_a_plugin_gives_only_as_a_vote(make_engine):
    engine, guild = _guild(make_engine)
    # Each wishes the mentor of her own department: the best score, refused by the rule.
    wishes = {"ana": ["max", "ned"], "bea": ["ned", "max"]}
    proposal = propose(engine, "guild", actor=SYSTEM, wishes=wishes)
    assert pairs(proposal) == [("ana", "ned"), ("bea", "max")]
    assert guild.asked == 4  # once per pair no mask forbids
    tandems = confirm(engine, proposal, actor=SYSTEM)  # nothing the rule refuses
    assert [(t.mentee, t.mentor) for t in tandems] == [("ana", "ned"), ("bea", "max")]


def test_match_propose_explains_a_mentee_every_vote_refuses(make_engine):
    engine, _guild_plugin = _guild(make_engine)
    enrol(engine, "cleo", "guild", Role.MENTEE, {"department": "it"})
    proposal = propose(engine, "guild", actor=SYSTEM, mentees=["ana", "cleo"], mentors=["max"])
    assert pairs(proposal) == []
    for who in ("ana", "cleo"):
        u = proposal.unmatched_of(who)
        assert u.kind is UnmatchedKind.NO_ELIGIBLE_MENTOR
        assert u.rule_ids_for("max") == ("GUILD-DEPT-1",)


def test_match_propose_asks_the_vote_only_for_pairs_the_masks_allow(make_engine):
    class Counting(Club):
        asked = 0

        @hookimpl
        def mentorcore_check_pairing(self, mentee, mentor, track):
            self.asked += 1
            return super().mentorcore_check_pairing(mentee, mentor, track)

    club = Counting()
    engine = make_engine(plugins=[club])
    mentee(engine, "ana", dept="it", level=1)
    mentee(engine, "bea", dept="hr", level=1)
    mentor(engine, "max", dept="it", level=3)  # CLUB-DEPT mask for ana
    mentor(engine, "ned", dept="law", level=0)  # CLUB-LEVEL mask for both
    mentor(engine, "olf", dept="law", level=3)
    propose(engine, "club", actor=SYSTEM, track="a")
    assert club.asked == 3  # ana-olf, bea-max, bea-olf


def test_match_propose_runs_a_hook_wrapper_around_the_pairing_vote(make_engine):
    class Watching:
        seen = 0

        @hookimpl(wrapper=True)
        def mentorcore_check_pairing(self):
            self.seen += 1
            return (yield)

    watching = Watching()
    engine, _plugin = _guild(make_engine)
    engine.hooks.pm.register(watching)
    wishes = {"ana": ["max"], "bea": ["ned"]}
    assert pairs(propose(engine, "guild", actor=SYSTEM, wishes=wishes)) == [
        ("ana", "ned"),
        ("bea", "max"),
    ]
    assert watching.seen == 4


# ------------------------------------------------------------ completed tandems


def _completed(engine, mentee_id, mentor_id):
    t = walk_to(
        engine, TandemStatus.ACTIVE, programme="club", mentee=mentee_id, mentor=mentor_id,
        track="a",
    )  # fmt: skip
    engine.execute(StartClosing(tandem_id=t.id), actor=Actor.person(mentee_id))
    return engine.execute(Complete(tandem_id=t.id), actor=Actor.person(mentor_id))


def test_core_rematch_a_mentee_who_completed_is_not_proposed_again(make_engine):
    engine, _club = club_engine(make_engine)
    mentee(engine, "ana", level=1, topics=["career"])
    mentee(engine, "bea", level=1)
    mentor(engine, "max", level=3, topics=["career"])  # ana's mentor, her best score
    mentor(engine, "ned", level=3)
    assert _completed(engine, "ana", "max").status is TandemStatus.COMPLETED
    # The year's end: ana's mentoring is over; only bea waits for a mentor.
    proposal = propose(engine, "club", actor=SYSTEM, track="a")
    assert [p.mentee for p in proposal.pairs] == ["bea"]
    assert proposal.unmatched_of("ana") is None
    (left_out,) = [s for s in proposal.skipped if s.person == "ana"]
    assert left_out.role is Role.MENTEE
    assert [d.rule_id for d in left_out.decisions] == ["CORE-REMATCH"]
    assert "Ana has completed the mentoring with Max" in left_out.decisions[0].reason
    # At her wish the coordinator names her: a new matching, with another mentor.
    again = propose(engine, "club", actor=SYSTEM, track="a", mentees=["ana"])
    assert pairs(again) == [("ana", "ned")]
    only_max = propose(engine, "club", actor=SYSTEM, track="a", mentees=["ana"], mentors=["max"])
    assert only_max.unmatched_of("ana").rule_ids_for("max") == ("CORE-REMATCH",)


# ------------------------------------------------------------ spreading on ties


PLAIN = Programme(key="plain", name="Plain")


class Plain:
    """A programme without criteria, like Kerpen's: every allowed pair scores the same."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(PLAIN)


def _plain(make_engine, mentors):
    engine = make_engine(plugins=[Plain()])
    for pid in ("ana", "bea", "cleo"):
        enrol(engine, pid, "plain", Role.MENTEE)
    for pid, capacity in mentors:
        enrol(engine, pid, "plain", Role.MENTOR, capacity=capacity)
    return engine


def test_match_propose_spreads_mentees_over_mentors_when_scores_tie(make_engine):
    engine = _plain(make_engine, [("max", 2), ("ned", 2), ("olf", 1)])
    proposal = propose(engine, "plain", actor=SYSTEM, mentees=["ana", "bea"])
    assert sorted(p.mentor for p in proposal.pairs) == ["max", "ned"]  # not both on max
    three = propose(engine, "plain", actor=SYSTEM)
    assert sorted(p.mentor for p in three.pairs) == ["max", "ned", "olf"]
    assert propose(engine, "plain", actor=SYSTEM) == three  # deterministic


def test_match_propose_prefers_the_mentor_with_fewer_mentees_on_a_tie(make_engine):
    engine = _plain(make_engine, [("max", 3), ("ned", 1)])
    walk_to(engine, TandemStatus.ACTIVE, programme="plain", mentee="cleo", mentor="max")
    proposal = propose(engine, "plain", actor=SYSTEM, mentees=["ana"])
    assert pairs(proposal) == [("ana", "ned")]  # max has a mentee already, ned none


def test_match_propose_spreads_only_among_equal_scores(make_engine):
    engine = _plain(make_engine, [("max", 2), ("ned", 2)])
    wishes = {"ana": ["max"], "bea": ["max"]}
    proposal = propose(engine, "plain", actor=SYSTEM, mentees=["ana", "bea"], wishes=wishes)
    assert pairs(proposal) == [("ana", "max"), ("bea", "max")]  # the score comes first


def test_match_propose_spreads_a_large_mentor_s_places_too(make_engine):
    engine = _plain(make_engine, [("max", 3), ("ned", 3)])
    proposal = propose(engine, "plain", actor=SYSTEM)
    assert sorted(p.mentor for p in proposal.pairs) == ["max", "max", "ned"]


# ------------------------------------------------------------ unused capacity


def test_match_propose_lists_the_mentors_with_free_places_left(make_engine):
    engine = _plain(make_engine, [("max", 3), ("ned", 1), ("olf", 2)])
    walk_to(engine, TandemStatus.ACTIVE, programme="plain", mentee="cleo", mentor="olf")
    proposal = propose(engine, "plain", actor=SYSTEM, mentees=["ana"])
    # max and ned have no mentee yet (max comes first by id); olf has one of two places left.
    assert pairs(proposal) == [("ana", "max")]
    assert proposal.free_places == (("max", 2), ("ned", 1), ("olf", 1))
    described = proposal.describe()
    assert "free places left: Max (2 places), Ned (1 place), Olf (1 place)" in described
