"""Engine.atomic(): everything inside is stored in one append, or nothing is."""

from __future__ import annotations

import threading

import pytest
from helpers import BEN, CARLA, SYSTEM, cast, stored

from mentorcore import (
    Actor,
    AssignMentor,
    Decision,
    Engine,
    OptIn,
    OptOut,
    Person,
    Programme,
    Role,
    TandemStatus,
    TransitionDenied,
    hookimpl,
)


class AdultsOnly:
    """A test programme: mentees must give an age of at least 18; records every event."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def mentorcore_register_programmes(self, register):
        from mentorcore import FieldKind, ProfileField

        register(
            Programme(
                key="adults",
                name="Adults",
                mentee_fields=(ProfileField("age", FieldKind.INTEGER, "Age"),),
            )
        )

    @hookimpl
    def mentorcore_check_enrolment(self, person, enrolment):
        if enrolment.role is Role.MENTEE and enrolment.profile.get("age", 0) < 18:
            return Decision.deny("ADULTS-1", f"{person.name} is under 18")
        return None

    @hookimpl
    def mentorcore_handle_event(self, event):
        self.seen.append(event.name)


def _import(engine: Engine, rows: list[tuple[str, int]]) -> None:
    with engine.atomic():
        for pid, age in rows:
            engine.register_person(Person(pid, pid.title()), actor=SYSTEM)
            engine.enrol(pid, "adults", Role.MENTEE, {"age": age}, actor=SYSTEM)


def test_a_refused_row_leaves_nothing_stored(make_engine):
    plugin = AdultsOnly()
    engine = make_engine(plugins=[plugin])
    before = stored(engine)
    with pytest.raises(TransitionDenied) as refused:
        _import(engine, [("ana", 30), ("ben", 41), ("kim", 16), ("lea", 22)])
    assert refused.value.rule_ids == {"ADULTS-1"}
    assert stored(engine) == before
    assert dict(engine.state.index.persons) == {}
    assert plugin.seen == []  # nothing was stored, so nobody was told


def test_a_good_import_is_one_append_and_notifies_after_it(make_engine):
    plugin = AdultsOnly()
    engine = make_engine(plugins=[plugin])
    _import(engine, [("ana", 30), ("ben", 41)])
    rows = stored(engine)
    assert [r[3] for r in rows] == ["person-registered", "enrolled"] * 2
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert plugin.seen == ["person-registered", "enrolled"] * 2
    assert engine.state.index.enrolment("ben", "adults", Role.MENTEE).profile.get("age") == 41


def test_commands_inside_see_each_others_effects(make_engine):
    engine = make_engine()
    cast(engine)
    with engine.atomic():
        engine.register_person(Person("finn", "Finn"), actor=SYSTEM)
        engine.enrol("finn", "default", Role.MENTEE, actor=SYSTEM)
        tandem = engine.execute(
            AssignMentor(programme_key="default", mentee="finn", mentor="dave"), actor=CARLA
        )
        with engine.atomic():  # nested blocks join the outer one
            engine.execute(
                AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA
            )
        with pytest.raises(TransitionDenied) as refused:  # dave's one place is taken
            engine.execute(
                AssignMentor(programme_key="default", mentee="ana", mentor="dave"), actor=CARLA
            )
        assert refused.value.rule_ids >= {"CORE-CAPACITY"}
    assert engine.reader(SYSTEM).tandem(tandem.id).status is TandemStatus.GETTING_TO_KNOW
    assert len(engine.reader(SYSTEM).tandems()) == 2


def test_a_refused_batch_inside_a_block_leaves_nothing_of_itself(make_engine):
    """execute_all is all or nothing inside a host's block too: the host may catch
    the refusal and go on, and the block then stores only what succeeded."""
    engine = make_engine()
    cast(engine)
    with engine.atomic():
        engine.register_person(Person("finn", "Finn"), actor=SYSTEM)
        with pytest.raises(TransitionDenied) as refused:
            engine.execute_all(
                [
                    AssignMentor(programme_key="default", mentee="ana", mentor="dave"),
                    AssignMentor(programme_key="default", mentee="ana", mentor="ben"),
                ],
                actor=CARLA,
            )
        assert "#2" in str(refused.value)  # ana may have one tandem at a time
        assert engine.reader(SYSTEM).tandems() == []  # the first is undone already
    assert engine.reader(SYSTEM).tandems() == []
    assert "finn" in engine.state.index.persons
    names = [r.name for r in engine.store.read_all()]
    assert "tandem-assigned" not in names
    assert "tandem-opened" not in names


def test_an_exception_inside_discards_everything(make_engine):
    engine = make_engine()
    cast(engine)
    before = stored(engine)

    def change_of_mind() -> None:
        with engine.atomic():
            engine.execute(
                AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA
            )
            raise RuntimeError("the host changed its mind")

    with pytest.raises(RuntimeError):
        change_of_mind()
    assert stored(engine) == before
    assert engine.reader(SYSTEM).tandems() == []


def test_a_concurrent_writer_waits_for_the_block_and_decides_after_it(tmp_path, clock):
    path = tmp_path / "e.db"
    engine = Engine(path, clock=clock, load_entrypoints=False)
    cast(engine)
    tandem = engine.execute(
        AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=CARLA
    )
    other = Engine(path, clock=clock, load_entrypoints=False)
    started, done = threading.Event(), threading.Event()

    def rival() -> None:
        started.set()
        other.execute(OptOut(tandem_id=tandem.id, reason="changed plans"), actor=BEN)
        done.set()

    thread = threading.Thread(target=rival)
    with engine.atomic():
        engine.register_person(Person("zoe", "Zoe"), actor=SYSTEM)
        engine.execute(OptIn(tandem_id=tandem.id), actor=Actor.person("ben"))
        thread.start()
        assert started.wait(timeout=10)
        # The block holds the write lock: the rival cannot decide yet.
        assert not done.wait(timeout=0.3)
    thread.join(timeout=30)
    assert done.is_set()
    names = [r.name for r in other.store.read(f"tandem:{tandem.id}")]
    assert names == ["tandem-assigned", "getting-to-know-opted-in", "getting-to-know-opted-out"]
    assert "zoe" in other.state.index.persons
    engine.close()
    other.close()
