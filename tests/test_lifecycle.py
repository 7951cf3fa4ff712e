"""The lifecycle: every verb impossible in a status, or not allowed to a role, is refused
with its reason and leaves the store exactly as it was."""

from __future__ import annotations

import pytest
from commands_catalogue import FACTORIES
from helpers import ANA, BEN, CARLA, DAVE, EVE, SYSTEM, cast, stored

from mentorcore import (
    Accept,
    Complete,
    Decline,
    Dissolve,
    RequestMentorship,
    StartClosing,
    Tandem,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.domain.labels import label
from mentorcore.lifecycle.tandem import TRANSITIONS, VERBS, TandemLifecycle, possible_verbs, take
from mentorcore.plugins.defaults import PERMISSIONS
from mentorcore.testing import walk_to

ACTORS = {"mentee": ANA, "mentor": BEN, "coordinator": CARLA, "system": SYSTEM}


def _tandem_in(engine, status: TandemStatus) -> Tandem:
    if status is TandemStatus.REQUESTED:
        return engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    if status is TandemStatus.DECLINED:
        t = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
        return engine.execute(Decline(tandem_id=t.id), actor=BEN)
    if status is TandemStatus.DISSOLVED:
        t = walk_to(
            engine, TandemStatus.GETTING_TO_KNOW, programme="default", mentee="ana", mentor="ben"
        )
        return engine.execute(Dissolve(tandem_id=t.id, reason="test"), actor=CARLA)
    if status in (TandemStatus.CLOSING, TandemStatus.COMPLETED):
        t = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
        t = engine.execute(StartClosing(tandem_id=t.id), actor=BEN)
        return (
            t
            if status is TandemStatus.CLOSING
            else engine.execute(Complete(tandem_id=t.id), actor=BEN)
        )
    return walk_to(engine, status, programme="default", mentee="ana", mentor="ben")


def test_machine_and_fold_table_agree():
    """The fold's table is derived from the machine; running the machine gives the same."""
    for (status, verb), target in TRANSITIONS.items():
        assert take(status, verb) == target
    assert {s.value for s in TandemLifecycle.states} >= {s.value for s in TandemStatus}


def test_every_core_verb_has_a_permission_and_a_command():
    core_verbs = VERBS - {"request", "assign", "opt_in_final"}
    assert core_verbs <= set(PERMISSIONS)
    assert set(FACTORIES) <= core_verbs


@pytest.mark.parametrize("status", list(TandemStatus))
def test_verbs_impossible_in_a_status_are_refused_and_store_unchanged(make_engine, status):
    """CORE-LIFECYCLE: a verb the lifecycle does not allow now is refused, whoever asks."""
    engine = make_engine()
    cast(engine)
    tandem = _tandem_in(engine, status)
    assert tandem.status is status
    possible = set(possible_verbs(status.value))
    for verb, factory in FACTORIES.items():
        if verb in possible:
            continue
        for actor in ACTORS.values():
            before = stored(engine)
            with pytest.raises(TransitionDenied) as refused:
                engine.execute(factory(tandem), actor=actor)
            assert refused.value.rule_ids == {"CORE-LIFECYCLE"}, (verb, status)
            assert f"the tandem's status is {label(status).render('en')}" in str(refused.value)
            assert stored(engine) == before
    assert engine.reader(SYSTEM).tandem(tandem.id) == tandem


@pytest.mark.parametrize("status", [s for s in TandemStatus if not s.is_final])
def test_verbs_refused_to_roles_without_the_right(make_engine, status):
    engine = make_engine()
    cast(engine)
    tandem = _tandem_in(engine, status)
    for verb in possible_verbs(status.value):
        if verb not in FACTORIES:
            continue
        allowed = {r.value for r in PERMISSIONS[verb].roles}
        for name, actor in (*ACTORS.items(), ("outsider", EVE), ("other mentor", DAVE)):
            if name in allowed:
                continue
            before = stored(engine)
            with pytest.raises(TransitionDenied) as refused:
                engine.execute(FACTORIES[verb](tandem), actor=actor)
            expected = (
                {"CORE-AUTH"}
                if name in ("outsider", "other mentor")
                else {PERMISSIONS[verb].rule_id}
            )
            assert refused.value.rule_ids == expected, (verb, name)
            assert refused.value.reasons[0]
            assert stored(engine) == before


def test_final_tandems_accept_nothing(make_engine):
    engine = make_engine()
    cast(engine)
    tandem = _tandem_in(engine, TandemStatus.COMPLETED)
    assert possible_verbs("completed") == []
    with pytest.raises(TransitionDenied, match="nothing is possible now"):
        engine.execute(Accept(tandem_id=tandem.id), actor=BEN)


def test_runner_restores_any_status_even_after_an_end():
    """One machine serves every command; reaching a final state must not jam it."""
    from mentorcore.lifecycle.tandem import LifecycleRunner

    runner = LifecycleRunner()
    assert runner.take("active", "dissolve") == "dissolved"
    assert runner.take("new", "assign") == "getting_to_know"

    def veto(*_):
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        runner.take("closing", "complete", veto)
    assert runner.take("closing", "complete") == "completed"
    assert runner.take("requested", "accept") == "getting_to_know"
