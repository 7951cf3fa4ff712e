"""Sealing personal values: what is sealed, bound where, opened by whom, and
the one-time sealing of databases an older mentorcore wrote in plain JSON."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest
from helpers import ANA, BEN, CARLA, SYSTEM
from meeting_kit import active, propose

from mentorcore import AgreementTerms, CorruptEvent, Engine, SetGoal, StoreError
from mentorcore.adapters.sealing import Sealer, Unsealable
from mentorcore.adapters.store.keys import KeyDestroyed, MemoryKeyStore
from mentorcore.testing import FixedClock

NOW = datetime(2026, 10, 12, 16, tzinfo=UTC)
TERMS = AgreementTerms(period_start=date(2026, 10, 12), goals="ZZGOALSZZ", notes="ZZNOTESZZ")
PLANTED = ("Ana Roth", "ana@example.org", "ZZGOALSZZ", "ZZNOTESZZ", "ZZGOALTEXTZZ", "ZZAGENDAZZ")


def _story(engine: Engine) -> None:
    t = active(engine, TERMS)
    engine.execute(SetGoal(tandem_id=t.id, text="ZZGOALTEXTZZ"), actor=ANA)
    propose(engine, t, datetime(2026, 10, 20, 16, tzinfo=UTC), agenda="ZZAGENDAZZ")


def _bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_personal_values_are_stored_sealed_and_read_back_as_written(tmp_path):
    path = tmp_path / "m.db"
    engine = Engine(path, clock=FixedClock(NOW), load_entrypoints=False)
    _story(engine)
    stored = " ".join(r.data for r in engine.store.read_all())
    assert [p for p in PLANTED if p in stored] == []
    assert '"$sealed"' in stored
    (t,) = engine.reader(SYSTEM).tandems()
    tandem = engine.reader(BEN).tandem(t.id)
    assert tandem.agreement is not None
    assert tandem.agreement.terms.goals == "ZZGOALSZZ"
    assert tandem.agreement.terms.period_start == date(2026, 10, 12)  # dates stay plain
    assert [g.text for g in tandem.goals] == ["ZZGOALTEXTZZ"]
    assert engine.reader(BEN).person("ana").email == "ana@example.org"
    engine.close()
    assert [p for p in PLANTED if p.encode() in _bytes(path)] == []


def test_a_texts_owner_is_its_author_or_else_the_tandem(make_engine):
    engine = make_engine()
    _story(engine)
    owners: dict[str, set[str]] = {}
    for r in engine.store.read_all():
        owners.setdefault(r.name, set()).update(v["by"] for v in _envelopes(json.loads(r.data)))
    assert owners["person-registered"] >= {"person:ana", "person:ben"}
    assert owners["goal-set"] == {"person:ana"}
    assert owners["agreement-drafted"] == {"person:ana"}


def test_a_sealed_value_moved_to_another_event_does_not_open(make_engine):
    engine = make_engine()
    _story(engine)
    rows = engine.store.read_all()
    goal = next(r for r in rows if r.name == "goal-set")
    sealer = engine.state.event_types.sealer
    assert sealer is not None
    data = json.loads(goal.data)
    with pytest.raises(Unsealable, match="moved"):
        sealer.open(data, goal.stream_id, goal.version + 1)
    data["text"]["$sealed"] = data["text"]["$sealed"][:-8] + "AAAAAAA="
    with pytest.raises(Unsealable, match="altered"):
        sealer.open(data, goal.stream_id, goal.version)


def test_a_lost_key_is_an_error_never_a_silent_placeholder(tmp_path):
    path = tmp_path / "m.db"
    engine = Engine(path, clock=FixedClock(NOW), load_entrypoints=False)
    _story(engine)
    (t,) = engine.reader(SYSTEM).tandems()
    engine.close()
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM subject_keys WHERE subject = 'person:ana'")
    engine = Engine(path, clock=FixedClock(NOW), load_entrypoints=False)
    with pytest.raises(StoreError, match="restore the key store"):
        engine.reader(SYSTEM).person("ana")
    with pytest.raises(CorruptEvent, match="restore the key store"):
        engine.reader(SYSTEM).tandem(t.id)
    engine.close()


def test_a_host_key_store_holds_the_keys_and_the_database_none(tmp_path):
    keys = MemoryKeyStore()
    engine = Engine(
        tmp_path / "m.db", clock=FixedClock(NOW), load_entrypoints=False, key_store=keys
    )
    _story(engine)
    assert keys.key("person:ana") is not None
    assert engine.store.keys.key("person:ana") is None  # the database has no key
    assert engine.reader(BEN).person("ana").name == "Ana Roth"
    (t,) = engine.reader(SYSTEM).tandems()
    from mentorcore import Dissolve

    engine.execute(Dissolve(tandem_id=t.id, reason="ZZREASONZZ"), actor=CARLA)
    engine.erase_person("ana", actor=CARLA)
    assert keys.key("person:ana") is None
    with pytest.raises(KeyDestroyed):
        keys.create("person:ana")
    assert engine.reader(BEN).person("ana").name == "[erased]"
    assert engine.reader(BEN, language="de").tandem(t.id).end_reason == "[gelöscht]"
    engine.close()


def test_a_database_written_in_plain_json_is_sealed_on_first_opening(tmp_path):
    path = tmp_path / "old.db"
    old = Engine(path, clock=FixedClock(NOW), load_entrypoints=False)
    old.state.event_types.sealer = None  # as mentorcore 0.2 wrote
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta WHERE key = 'sealed'")
    _story(old)
    before = [(r.position, r.stream_id, r.version, r.name) for r in old.store.read_all()]
    (t,) = old.reader(SYSTEM).tandems()
    expected = old.reader(SYSTEM).tandem(t.id)
    old.close()
    assert all(p.encode() in _bytes(path) for p in PLANTED)
    seen: list[tuple[int, int]] = []
    engine = Engine(
        path,
        clock=FixedClock(NOW),
        load_entrypoints=False,
        rebuild_progress=lambda *a: seen.append(a),
    )
    assert seen  # the read model was rebuilt with the sealed copies
    after = engine.store.read_all()
    assert [(r.position, r.stream_id, r.version, r.name) for r in after] == before
    assert engine.reader(SYSTEM).tandem(t.id) == expected
    engine.close()
    assert [p for p in PLANTED if p.encode() in _bytes(path)] == []
    reopened = Engine(path, clock=FixedClock(NOW), load_entrypoints=False)
    assert reopened.reader(SYSTEM).tandem(t.id) == expected  # sealed once, read many times
    reopened.close()


def _envelopes(value: object) -> list[dict[str, str]]:
    if isinstance(value, dict):
        if "$sealed" in value:
            return [value]
        return [e for v in value.values() for e in _envelopes(v)]
    if isinstance(value, list):
        return [e for v in value for e in _envelopes(v)]
    return []


def test_sealer_leaves_empty_values_and_ids_alone():
    sealer = Sealer(MemoryKeyStore(), lambda subject: False)
    data = {"id": "ana", "name": "Ana", "email": None, "notes": "", "topics": []}
    sealed = sealer.seal(data, ("name", "email?", "notes", "topics"), "person:ana", "person:ana", 1)
    assert sealed["id"] == "ana"
    assert sealed["email"] is None
    assert sealed["notes"] == ""
    assert sealed["topics"] == []
    assert set(sealed["name"]) == {"$sealed", "by", "at", "as"}
    assert sealer.open(sealed, "person:ana", 1)["name"] == "Ana"


def test_a_stranger_learns_nothing_from_erasing_an_erased_person(make_engine):
    from mentorcore import Actor, Dissolve, TransitionDenied

    engine = make_engine()
    _story(engine)
    (t,) = engine.reader(SYSTEM).tandems()
    engine.execute(Dissolve(tandem_id=t.id, reason="ZZREASONZZ"), actor=CARLA)
    first = engine.erase_person("ana", actor=CARLA)
    before = len(engine.store.read_all())
    for stranger in (Actor.person("eve"), BEN, ANA):
        with pytest.raises(TransitionDenied) as refused:
            engine.erase_person("ana", actor=stranger)
        assert [d.rule_id for d in refused.value.decisions] == ["CORE-ERASE-1"]
    again = engine.erase_person(
        "ana", actor=CARLA
    )  # her coordinator, though she is enrolled nowhere
    assert (again.erased_at, again.tandems) == (first.erased_at, first.tandems)
    assert len(engine.store.read_all()) == before


def test_core_erase_4_nothing_new_is_recorded_for_an_erased_person(make_engine):
    from mentorcore import (
        Dissolve,
        Person,
        Relation,
        RelationKind,
        RequestMentorship,
        Role,
        TransitionDenied,
    )

    engine = make_engine()
    _story(engine)
    (t,) = engine.reader(SYSTEM).tandems()
    engine.execute(Dissolve(tandem_id=t.id, reason="ZZREASONZZ"), actor=CARLA)
    engine.erase_person("ana", actor=CARLA)
    before = len(engine.store.read_all())
    attempts = [
        lambda: engine.register_person(Person("ana", "Ana Neu"), actor=SYSTEM),
        lambda: engine.enrol("ana", "default", Role.MENTEE, {}, actor=SYSTEM),
        lambda: engine.declare_relation(Relation("ben", RelationKind.TEACHES, "ana"), actor=SYSTEM),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionDenied) as refused:
            attempt()
        assert [d.rule_id for d in refused.value.decisions] == ["CORE-ERASE-4"]
    with pytest.raises(TransitionDenied):  # she is in no programme any more
        engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    assert len(engine.store.read_all()) == before
    engine.register_person(Person("ana-2", "Ana Neu"), actor=SYSTEM)  # a new id starts afresh
