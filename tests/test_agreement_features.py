"""The agreement beyond drafting and approving: settled topics (CORE-TOPICS),
withdrawing a submission, the topic plan per meeting, the template's topics,
and the copy for the coordination."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from helpers import ANA, BEN, CARLA, TERMS, cast, stored
from test_cli_kit import Cli, refused

from mentorcore import (
    AgreementState,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    DraftAgreement,
    Engine,
    FieldKind,
    InvalidInput,
    PlannedMeeting,
    ProfileField,
    Programme,
    ProposeAmendment,
    Role,
    SettleTopic,
    SubmitAgreement,
    TandemStatus,
    Topic,
    TransitionDenied,
    WithdrawSubmission,
    hookimpl,
)
from mentorcore.adapters.serialization import dumps, loads
from mentorcore.domain import Tandem
from mentorcore.lifecycle.fold import replay
from mentorcore.testing import enrol, walk_to

TOPICS = attrs.evolve(TERMS, topics=("career_paths", "networking", "part-time leadership"))


@pytest.fixture
def engine(make_engine) -> Engine:
    engine = make_engine()
    cast(engine)
    return engine


def _active(engine: Engine) -> Tandem:
    return walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=TOPICS
    )


# ---------------------------------------------------------------- CORE-TOPICS


def test_core_topics_either_side_settles_an_agreed_topic(engine):
    t = _active(engine)
    t = engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=ANA)
    assert t.settled_topics == ("networking",)
    assert t.open_topics == ("career_paths", "part-time leadership")
    t = engine.execute(SettleTopic(tandem_id=t.id, topic="part-time leadership"), actor=BEN)
    assert t.open_topics == ("career_paths",)
    # the fold of the stored stream gives the same, and so does a snapshot
    folded = replay(engine.reader(CARLA.system()).history(t.id))
    assert folded is not None
    assert folded.settled_topics == t.settled_topics
    assert loads(dumps(t), Tandem) == t


def test_core_topics_refusals_name_the_rule_and_change_nothing(engine):
    t = _active(engine)
    engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=ANA)
    before = stored(engine)
    cases = [
        (SettleTopic(tandem_id=t.id, topic="networking"), ANA, "CORE-TOPICS"),  # twice
        (SettleTopic(tandem_id=t.id, topic="astronomy"), BEN, "CORE-TOPICS"),  # not agreed
        (SettleTopic(tandem_id=t.id, topic="career_paths"), CARLA, "CORE-TOPICS"),  # not a side
    ]
    for command, actor, rule in cases:
        with pytest.raises(TransitionDenied) as refused_:
            engine.execute(command, actor=actor)
        assert rule in refused_.value.rule_ids or "CORE-AUTH" in refused_.value.rule_ids
    assert stored(engine) == before


def test_core_topics_only_once_an_agreement_is_in_force(engine):
    t = walk_to(
        engine,
        TandemStatus.AWAITING_APPROVAL,
        programme="default",
        mentee="ana",
        mentor="ben",
        terms=TOPICS,
    )
    with pytest.raises(TransitionDenied) as refused_:
        engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=ANA)
    assert "CORE-LIFECYCLE" in refused_.value.rule_ids


def test_core_topics_an_amendment_keeps_the_settled_topics_it_still_names(engine):
    t = _active(engine)
    engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=ANA)
    engine.execute(SettleTopic(tandem_id=t.id, topic="career_paths"), actor=ANA)
    new = attrs.evolve(TOPICS, topics=("networking", "visibility"))
    engine.execute(ProposeAmendment(tandem_id=t.id, terms=new), actor=ANA)
    t = engine.execute(ApproveAmendment(tandem_id=t.id, version=2), actor=BEN)
    assert t.settled_topics == ("networking",)
    assert t.open_topics == ("visibility",)


def test_core_topics_stay_with_the_agreement_they_quote(engine):
    t = _active(engine)
    engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=BEN)
    assert engine.reader(ANA).view(t.id).settled_topics == ("networking",)
    # the coordination does not see the agreement (CORE-PRIVACY), so not its settled topics
    assert engine.reader(CARLA).view(t.id).settled_topics == ()
    assert engine.reader(CARLA).tandem(t.id).settled_topics == ()


def test_core_topics_the_activity_log_says_so(engine):
    t = _active(engine)
    engine.execute(SettleTopic(tandem_id=t.id, topic="networking"), actor=BEN)
    texts = [a.text for a in engine.reader(ANA).activity("ana")]
    assert any(text.endswith("marked an agreed topic as settled") for text in texts), texts


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


def test_agreement_settle_on_the_command_line(run):
    t = run.tandem()
    run.ok("tandem", "accept", t, who="ben")
    run.ok("tandem", "opt-in", t, who="ana")
    run.ok("tandem", "opt-in", t, who="ben")
    run.ok(
        "agreement", "draft", t, "--start", "2026-10-05", "--topic", "networking",
        "--topic", "conflicts in the team", who="ana",
    )  # fmt: skip
    run.ok("agreement", "submit", t, who="ana")
    run.ok("agreement", "approve", t, who="ben")
    out = run.ok("agreement", "settle", t, "2", who="ben").stdout
    assert "Topic settled; 1 topic is still open" in out
    refused(run("agreement", "settle", t, "conflicts in the team", who="ana"), "CORE-TOPICS")
    refused(run("agreement", "settle", t, "astronomy", who="ana"), "CORE-TOPICS")
    view = run.data("tandem", "status", t, who="ana")
    assert view["tandem"]["settled_topics"] == ["conflicts in the team"]


# ---------------------------------------------------------------- withdrawing a submission


def test_core_3_the_mentee_withdraws_her_submitted_agreement(engine):
    t = walk_to(
        engine, TandemStatus.AWAITING_APPROVAL, programme="default", mentee="ana", mentor="ben"
    )
    assert "withdraw_submission" in engine.reader(ANA).possible_commands(t.id)
    assert "withdraw_submission" not in engine.reader(BEN).possible_commands(t.id)
    for actor in (BEN, CARLA):  # only the mentee takes it back
        before = stored(engine)
        with pytest.raises(TransitionDenied) as refused_:
            engine.execute(WithdrawSubmission(tandem_id=t.id), actor=actor)
        assert refused_.value.rule_ids & {"CORE-3", "CORE-AUTH"}
        assert stored(engine) == before
    t = engine.execute(WithdrawSubmission(tandem_id=t.id), actor=ANA)
    assert t.status is TandemStatus.AGREEMENT_DRAFTING
    assert t.proposal is not None
    assert t.proposal.state is AgreementState.DRAFT
    assert t.proposal.approved_by == frozenset()
    # a draft again: the mentor no longer sees it (CORE-3), the mentee edits and resubmits
    assert engine.reader(BEN).view(t.id).proposal is None
    engine.execute(DraftAgreement(tandem_id=t.id, terms=TOPICS), actor=ANA)
    t = engine.execute(SubmitAgreement(tandem_id=t.id), actor=ANA)
    t = engine.execute(ApproveAgreement(tandem_id=t.id, version=1), actor=BEN)
    assert t.agreement is not None
    assert t.agreement.terms == TOPICS
    with pytest.raises(TransitionDenied) as refused_:  # nothing submitted any more
        engine.execute(WithdrawSubmission(tandem_id=t.id), actor=ANA)
    assert "CORE-LIFECYCLE" in refused_.value.rule_ids


def test_agreement_withdraw_on_the_command_line(run):
    t = run.tandem()
    run.ok("tandem", "accept", t, who="ben")
    run.ok("tandem", "opt-in", t, who="ana")
    run.ok("tandem", "opt-in", t, who="ben")
    run.ok("agreement", "draft", t, "--start", "2026-10-05", who="ana")
    run.ok("agreement", "submit", t, who="ana")
    refused(run("agreement", "withdraw", t, who="ben"), "CORE-3")
    assert "draft again" in run.ok("agreement", "withdraw", t, who="ana").stdout
    assert run.data("tandem", "status", t, who="ana")["tandem"]["status"] == "agreement_drafting"


# ---------------------------------------------------------------- the plan per meeting (CORE-2)

PLAN = (PlannedMeeting(1, ("career_paths",)), PlannedMeeting(2, ("networking", "visibility")))


def test_core_2_the_agreement_carries_a_rough_plan_per_meeting(engine):
    terms = attrs.evolve(TOPICS, plan=PLAN)
    t = walk_to(
        engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben", terms=terms
    )
    assert t.agreement is not None
    assert t.agreement.terms.plan == PLAN
    assert loads(dumps(t.agreement.terms), AgreementTerms) == t.agreement.terms


def test_core_2_an_agreement_stored_before_the_plan_still_loads():
    stored_terms = '{"period_start": "2026-10-05", "topics": ["networking"]}'
    terms = loads(stored_terms, AgreementTerms)
    assert terms.plan == ()
    assert terms.topics == ("networking",)


@pytest.mark.parametrize(
    ("plan", "problem"),
    [
        ((PlannedMeeting(0, ("networking",)),), "meeting number from 1"),
        ((PlannedMeeting(1, ("networking",)), PlannedMeeting(1, ("visibility",))), "planned twice"),
        ((PlannedMeeting(2, ()),), "at least one topic"),
    ],
)
def test_core_2_a_plan_names_each_meeting_once_with_topics(engine, plan, problem):
    t = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    before = stored(engine)
    with pytest.raises(InvalidInput) as bad:
        engine.execute(
            DraftAgreement(tandem_id=t.id, terms=attrs.evolve(TOPICS, plan=plan)), actor=ANA
        )
    assert problem in str(bad.value)
    assert "terms.plan" in str(bad.value)
    assert stored(engine) == before


def test_core_2_a_plan_stays_within_the_meetings_agreed(engine):
    t = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    terms = attrs.evolve(TOPICS, meetings_planned=2, plan=(PlannedMeeting(3, ("networking",)),))
    with pytest.raises(TransitionDenied) as refused_:
        engine.execute(DraftAgreement(tandem_id=t.id, terms=terms), actor=ANA)
    assert "CORE-2" in refused_.value.rule_ids
    assert "meeting 3, but 2 meetings are agreed" in str(refused_.value)


def test_agreement_draft_plan_option(run):
    t = run.tandem()
    run.ok("tandem", "accept", t, who="ben")
    run.ok("tandem", "opt-in", t, who="ana")
    run.ok("tandem", "opt-in", t, who="ben")
    run.ok(
        "agreement", "draft", t, "--start", "2026-10-05", "--meetings", "4",
        "--plan", "2: networking, visibility", "--plan", "1: career_paths", who="ana",
    )  # fmt: skip
    view = run.data("tandem", "status", t, who="ana")
    assert view["tandem"]["proposal"]["terms"]["plan"] == [
        {"number": 1, "topics": ["career_paths"]},
        {"number": 2, "topics": ["networking", "visibility"]},
    ]
    bad = run("agreement", "draft", t, "--plan", "first: networking", who="ana")
    assert bad.exit_code == 2
    assert "--plan" in bad.stderr


# ---------------------------------------------------------------- the template's topics (CORE-2)

_CATALOGUE = (
    Topic("career", "Career planning"),
    Topic("network", "Networking"),
    Topic("family", "Family and work"),
    Topic("money", "Study finance", out_of_scope=True),
)
_KEYS = tuple(t.key for t in _CATALOGUE)


class _Platform:
    """A programme like seed 002's platform: mentees wish topics, mentors offer them."""

    def __init__(self, offers: bool = True) -> None:
        self.offers = offers

    @hookimpl
    def mentorcore_register_programmes(self, register):
        wished = ProfileField("wished", FieldKind.CHOICES, "Wished", False, choices=_KEYS)
        offered = ProfileField("offered", FieldKind.CHOICES, "Offered", False, choices=_KEYS)
        other = ProfileField("colour", FieldKind.CHOICE, "Colour", False, choices=("red",))
        register(
            Programme(
                key="platform",
                name="Platform",
                topics=_CATALOGUE,
                mentee_fields=(wished, other),
                mentor_fields=(offered,) if self.offers else (),
            )
        )


def _template(make_engine, wished, offered=None, offers=True):
    engine = make_engine(plugins=[_Platform(offers)])
    enrol(engine, "ana", "platform", Role.MENTEE, {"wished": wished, "colour": "red"})
    enrol(engine, "ben", "platform", Role.MENTOR, {"offered": offered} if offers else {})
    t = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="platform", mentee="ana", mentor="ben"
    )
    return engine.reader(ANA).agreement_template(t.id, date(2026, 10, 5))


def test_core_2_the_template_proposes_the_wished_topics_the_mentor_offers(make_engine):
    terms = _template(make_engine, ["family", "career", "money"], ["career", "network", "family"])
    assert terms.topics == ("family", "career")  # the mentee's order; out of scope left out
    assert terms.period_start == date(2026, 10, 5)


def test_core_2_the_template_without_shared_topics_starts_without_topics(make_engine):
    assert _template(make_engine, ["career"], ["network"]).topics == ()


def test_core_2_the_template_takes_the_wishes_where_mentors_offer_no_topics(make_engine):
    assert _template(make_engine, ["network", "career"], offers=False).topics == (
        "network",
        "career",
    )


def test_core_topics_settling_is_possible_only_while_a_topic_is_open(engine):
    t = _active(engine)
    assert "settle_topic" in engine.reader(ANA).possible_commands(t.id)
    for topic in t.open_topics:
        engine.execute(SettleTopic(tandem_id=t.id, topic=topic), actor=ANA)
    assert "settle_topic" not in engine.reader(ANA).possible_commands(t.id)
    assert "settle_topic" not in engine.reader(BEN).possible_commands(t.id)
