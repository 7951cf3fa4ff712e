"""Retention (DSGVO Art. 5(1)(e); issue 12, point 4): CORE-RETENTION-1.

A programme keeps a person's data for ``retention_days`` after their last
tandem there ended (or their enrolment, without a tandem); then the person is
listed by ``Reader.retention`` and ``mentorcore retention``, the coordination
gets a due action, and ``--apply`` erases them. A person is due only when
every programme they are in lets go of them and no tandem of theirs is live.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import Result
from meeting_kit import ANA, BEN, CARLA, EVE, SYSTEM, cast
from test_cli_kit import _UNSET, Cli, bad_input

from mentorcore import (
    Actor,
    AssignMentor,
    Dissolve,
    Engine,
    InvalidInput,
    NotVisible,
    Programme,
    Role,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)
from mentorcore.cli import cli
from mentorcore.testing import enrol, walk_to

DAYS = 1095  # the default: three years (§ 195 BGB)


class Other:
    """A second programme, for people enrolled in two."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(Programme(key="other", name="Other programme"))


def ended(engine: Engine, mentee: str = "ana", mentor: str = "ben", programme: str = "default"):
    """An active tandem of *mentee* and *mentor*, dissolved now; returns it."""
    t = walk_to(engine, TandemStatus.ACTIVE, programme=programme, mentee=mentee, mentor=mentor)
    return engine.execute(Dissolve(tandem_id=t.id, reason="moved away"), actor=Actor.person(mentee))


def retention_actions(engine: Engine, viewer) -> list:
    return [a for a in engine.reader(viewer).due_actions() if a.kind == "retention"]


def test_core_retention_1_due_once_the_period_after_the_last_tandem_is_over(make_engine, clock):
    engine = make_engine()
    cast(engine)
    t = ended(engine)
    clock.advance(timedelta(days=DAYS - 1))
    assert engine.reader(CARLA).retention("default") == []
    assert retention_actions(engine, CARLA) == []
    clock.advance(timedelta(days=2))
    due = engine.reader(CARLA).retention("default")
    assert [(d.person_id, d.name, d.programmes) for d in due] == [
        ("ana", "Ana Roth", ("default",)),
        ("ben", "Dr. Ben Weber", ("default",)),
    ]
    assert {d.last_ended for d in due} == {t.ended_at}
    assert {d.due_since for d in due} == {t.ended_at + timedelta(days=DAYS)}
    assert [d.person_id for d in engine.reader(SYSTEM).retention("default")] == ["ana", "ben"]


def test_core_retention_1_a_due_action_for_the_coordination_only(make_engine, clock):
    engine = make_engine()
    cast(engine)
    ended(engine)
    clock.advance(timedelta(days=DAYS + 1))
    actions = retention_actions(engine, CARLA)
    assert [a.rule_id for a in actions] == ["CORE-RETENTION-1"] * 2
    assert all(a.recipient_role is Role.COORDINATOR and a.tandem_id is None for a in actions)
    ana = next(a for a in actions if "/ana/" in a.key)
    assert "Ana Roth (ana)" in ana.reason
    assert "mentorcore retention --apply" in ana.reason
    assert "person erase ana" in ana.reason
    assert [a.key for a in retention_actions(engine, CARLA)] == [a.key for a in actions]  # stable
    assert [a.key for a in retention_actions(engine, SYSTEM)] == [a.key for a in actions]
    for viewer in (ANA, BEN, EVE):
        assert retention_actions(engine, viewer) == []
        with pytest.raises(NotVisible, match="CORE-AUTH"):
            engine.reader(viewer).retention("default")
    mails = [n for n in engine.reader(SYSTEM).notifications() if n.action.kind == "retention"]
    assert sorted((n.recipient.id, n.action.key) for n in mails) == sorted(
        ("carla", a.key) for a in actions
    )


def test_core_retention_1_erasure_and_acknowledgement_end_the_action(make_engine, clock):
    engine = make_engine()
    cast(engine)
    ended(engine)
    clock.advance(timedelta(days=DAYS + 1))
    ana, ben = (a.key for a in retention_actions(engine, CARLA))
    with pytest.raises(TransitionDenied, match="CORE-AUTH"):
        engine.acknowledge(ben, actor=ANA)
    assert engine.acknowledge(ben, actor=CARLA)
    assert [a.key for a in retention_actions(engine, CARLA)] == [ana]
    assert [d.person_id for d in engine.reader(CARLA).retention("default")] == ["ana", "ben"]
    engine.erase_person("ana", actor=CARLA)
    assert retention_actions(engine, CARLA) == []
    assert [d.person_id for d in engine.reader(CARLA).retention("default")] == ["ben"]


def test_core_retention_1_a_live_tandem_elsewhere_holds_the_person(make_engine, clock):
    engine = make_engine(plugins=[Other()])
    cast(engine)
    enrol(engine, "ana", "other", Role.MENTEE)
    enrol(engine, "dan", "other", Role.MENTOR)
    ended(engine)
    engine.execute(AssignMentor(programme_key="other", mentee="ana", mentor="dan"), actor=SYSTEM)
    clock.advance(timedelta(days=DAYS + 1))
    assert [d.person_id for d in engine.reader(CARLA).retention("default")] == ["ben"]
    assert ["/ben/" in a.key for a in retention_actions(engine, CARLA)] == [True]


def test_core_retention_1_every_programme_must_let_go(make_engine, clock):
    engine = make_engine(plugins=[Other()], settings={"other": {"retention_days": 2000}})
    cast(engine)
    enrol(engine, "ana", "other", Role.MENTEE)
    t = ended(engine)
    clock.advance(timedelta(days=DAYS + 1))
    assert [d.person_id for d in engine.reader(CARLA).retention("default")] == ["ben"]
    clock.advance(timedelta(days=2000 - DAYS))  # 2000 days after her enrolment in "other"
    (ana,) = [d for d in engine.reader(CARLA).retention("default") if d.person_id == "ana"]
    assert ana.programmes == ("default", "other")
    assert ana.due_since == t.created_at + timedelta(days=2000)
    assert engine.reader(SYSTEM).retention("other")[0].person_id == "ana"


def test_core_retention_1_without_a_tandem_the_enrolment_counts(make_engine, clock):
    engine = make_engine()
    cast(engine)  # ana and ben never get a tandem; carla coordinates
    clock.advance(timedelta(days=DAYS + 1))
    due = engine.reader(SYSTEM).retention("default")
    assert [(d.person_id, d.last_ended) for d in due] == [("ana", None), ("ben", None)]
    assert all(d.enrolled_at is not None for d in due)


def test_core_retention_1_the_setting_can_be_overridden(make_engine, clock):
    engine = make_engine(settings={"default": {"retention_days": 30}})
    assert engine.programme("default").setting("retention_days") == 30
    cast(engine)
    ended(engine)
    clock.advance(timedelta(days=29))
    assert engine.reader(CARLA).retention("default") == []
    clock.advance(timedelta(days=2))
    assert [d.person_id for d in engine.reader(CARLA).retention("default")] == ["ana", "ben"]


@pytest.mark.parametrize("value", [29, 3651, "three years", 1.5])
def test_core_retention_1_a_bad_setting_is_refused_naming_it(make_engine, value):
    with pytest.raises(InvalidInput) as refused:
        make_engine(settings={"default": {"retention_days": value}})
    assert "settings.default.retention_days" in str(refused.value)


def test_core_retention_1_the_programmes_keep_the_default_of_three_years():
    # No programme document states a period ("Aufbewahrung", "Löschung": nothing in seeds/).
    engine = Engine(":memory:")
    try:
        for key in ("medic", "ostalb", "kerpen", "default"):
            assert engine.programme(key).setting("retention_days") == DAYS
    finally:
        engine.close()


# ------------------------------------------------------------ the command line


def later(c: Cli, *args: str, who: str = "carla", answer: str | None = None) -> Result:
    """``mentorcore retention ARGS`` four years on, answering *answer* if asked."""
    argv = ["--db", str(c.db), "--today", "2030-10-10", "--as", who, *args]
    return c.runner.invoke(cli, argv, input=answer, env=_UNSET, catch_exceptions=False)


@pytest.fixture
def c(tmp_path) -> Cli:
    c = Cli(tmp_path)
    c.default_people()
    t = c.tandem("ana", "ben")
    c.ok("tandem", "decline", t, who="ben")
    return c


def test_core_retention_1_cli_lists_who_is_due(c):
    listed = later(c, "retention")
    assert listed.exit_code == 0, listed.output
    for word in ("ana", "Ana Lopez", "ben", "fay", "dave", "no tandem", "CORE-RETENTION-1"):
        assert word in listed.stdout
    assert "carla" not in listed.stdout  # coordinators are never due
    data = json.loads(later(c, "--json", "retention", "-p", "default").stdout)
    ana = next(d for d in data["due"] if d["person"] == "ana")
    assert ana["last_tandem_ended"].startswith("2026-10-05")
    expired = date(2026, 10, 5) + timedelta(days=DAYS)  # 2029-10-04
    assert ana["days_past"] == (date(2030, 10, 10) - expired).days
    bad_input(later(c, "retention", who="ana"), "CORE-AUTH")


def test_core_retention_1_cli_apply_asks_first(c):
    declined = later(c, "retention", "--apply", answer="n\n")
    assert declined.exit_code == 1
    assert "Nothing was erased" in declined.stderr
    assert later(c, "--json", "retention").stdout.count('"person"') == 4
    bad_input(later(c, "--json", "retention", "--apply"), "--yes")
    done = later(c, "retention", "--apply", answer="y\n")
    assert done.exit_code == 0, done.output
    assert "Erased the personal data of Ana Lopez (ana)." in done.stdout
    assert "No one's data is due for erasure." in later(c, "retention").stdout
    due = json.loads(later(c, "--json", "due").stdout)
    assert not [a for a in due["actions"] if a["kind"] == "retention"]


def test_core_retention_1_cli_apply_json(c):
    data = json.loads(later(c, "--json", "retention", "--apply", "--yes").stdout)
    assert sorted(e["person"] for e in data["erased"]) == ["ana", "ben", "dave", "fay"]
    assert data["refused"] == []
    assert json.loads(later(c, "--json", "retention").stdout)["due"] == []


def test_core_retention_1_cli_speaks_german(c):
    listed = later(c, "--lang", "de", "retention")
    assert "Die Daten von 4 Personen sind zur Löschung fällig" in listed.stdout
    assert "kein Tandem (angemeldet am" in listed.stdout
    due = later(c, "--lang", "de", "due")
    assert "Aufbewahrungsfrist" in due.stdout  # the reason, in German
