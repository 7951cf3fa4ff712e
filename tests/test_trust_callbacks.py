"""Issue 10, point 2: a host's callbacks cannot brick the database.

The clock and the id factory are the host's code. Whatever they return is
checked before anything is appended: a bad answer gives an InvalidInput
naming the callback, the failed command stores nothing, and the database
opens and reads afterwards (checked by opening the file again).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from helpers import stored

from mentorcore import (
    AssignMentor,
    Engine,
    InvalidInput,
    Person,
    ProposeMeeting,
    Relation,
    RelationKind,
    Role,
    SetGoal,
    TandemStatus,
)
from mentorcore.testing import START, SYSTEM, enrol, walk_to

ASSIGN = [AssignMentor(programme_key="default", mentee=m, mentor="ben") for m in ("ana", "finn")]


class Clock:
    """A clock answering whatever it is told to."""

    def __init__(self, answer: object = START) -> None:
        self.answer = answer

    def now(self):
        return self.answer


def cast(engine: Engine) -> None:
    enrol(engine, "ana", "default", Role.MENTEE)
    enrol(engine, "finn", "default", Role.MENTEE)
    enrol(engine, "ben", "default", Role.MENTOR, capacity=3)


def opens_and_reads(path, tandems: int) -> None:
    """The file opens in a fresh engine, every tandem folds, and a new one can be made."""
    with Engine(path, load_entrypoints=False, clock=Clock()) as engine:
        reader = engine.reader(SYSTEM)
        summaries = reader.tandems()
        assert len(summaries) == tandems
        for s in summaries:
            assert reader.history(s.id)
            assert reader.tandem(s.id).status is TandemStatus.GETTING_TO_KNOW
        busy = {s.mentee for s in summaries}
        free = next(c for c in ASSIGN if c.mentee not in busy)
        engine.execute(free, actor=SYSTEM)


def test_an_id_factory_repeating_itself_is_refused_before_anything_is_stored(tmp_path):
    path = tmp_path / "same-id.db"
    with Engine(path, load_entrypoints=False, clock=Clock(), id_factory=lambda: UUID(int=1)) as e:
        cast(e)
        e.execute(ASSIGN[0], actor=SYSTEM)
        before = stored(e)
        with pytest.raises(InvalidInput) as raised:
            e.execute(ASSIGN[1], actor=SYSTEM)
        assert raised.value.problems[0][0] == "id_factory"
        assert "already the id of a stored tandem" in str(raised.value)
        assert stored(e) == before
    opens_and_reads(path, tandems=1)


def test_a_batch_cannot_use_one_id_twice(tmp_path):
    path = tmp_path / "batch.db"
    with Engine(path, load_entrypoints=False, clock=Clock(), id_factory=lambda: UUID(int=7)) as e:
        cast(e)
        before = stored(e)
        with pytest.raises(InvalidInput, match="id_factory"):
            e.execute_all(ASSIGN, actor=SYSTEM)
        assert stored(e) == before
    opens_and_reads(path, tandems=0)


@pytest.mark.parametrize("answer", ["0b8a-not-a-uuid", None, 42, str(uuid4())])
def test_an_id_factory_returning_no_uuid_is_refused(tmp_path, answer):
    path = tmp_path / "bad-id.db"
    with Engine(path, load_entrypoints=False, clock=Clock(), id_factory=lambda: answer) as e:
        cast(e)
        before = stored(e)
        with pytest.raises(InvalidInput) as raised:
            e.execute(ASSIGN[0], actor=SYSTEM)
        assert raised.value.problems[0][0] == "id_factory"
        assert "must return a new uuid.UUID" in str(raised.value)
        assert stored(e) == before
    opens_and_reads(path, tandems=0)


def test_meeting_and_goal_ids_already_used_in_the_tandem_are_refused(tmp_path):
    # The factory hands out fresh ids, except that it is told to repeat one.
    fresh = (UUID(int=n) for n in itertools.count(100))
    repeat: list[UUID] = []

    def ids() -> UUID:
        return repeat.pop() if repeat else next(fresh)

    path = tmp_path / "ids.db"
    with Engine(path, load_entrypoints=False, clock=Clock(), id_factory=ids) as e:
        cast(e)
        t = walk_to(e, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
        ana = SYSTEM.person("ana")
        t = e.execute(ProposeMeeting(tandem_id=t.id, start=START), actor=ana)
        t = e.execute(SetGoal(tandem_id=t.id, text="lead a team"), actor=ana)
        before = stored(e)
        for used, what in (
            (t.meetings[0].id, "a meeting of this tandem"),
            (t.goals[0].id, "a goal of this tandem"),
            (t.id, "this tandem"),
        ):
            for command in (
                ProposeMeeting(tandem_id=t.id, start=START),
                SetGoal(tandem_id=t.id, text="another"),
            ):
                repeat.append(used)
                with pytest.raises(InvalidInput, match=what) as raised:
                    e.execute(command, actor=ana)
                assert raised.value.problems[0][0] == "id_factory"
                assert stored(e) == before
        e.execute(SetGoal(tandem_id=t.id, text="another"), actor=ana)  # fresh ids still work


NAIVE = datetime(2026, 10, 5, 9, 0)
BAD_CLOCKS = [
    (NAIVE, "naive datetime"),
    ("2026-10-05T09:00:00Z", "expected an aware datetime"),
    (None, "expected an aware datetime"),
    (date(2026, 10, 5), "expected an aware datetime"),
    (datetime(9999, 12, 31, tzinfo=UTC), "outside the years"),
    (datetime(1, 1, 1, tzinfo=UTC), "outside the years"),
]


@pytest.mark.parametrize(("answer", "why"), BAD_CLOCKS, ids=lambda v: str(v)[:20])
def test_a_clock_answering_nonsense_is_refused_for_every_write(tmp_path, answer, why):
    path = tmp_path / "clock.db"
    clock = Clock()
    with Engine(path, load_entrypoints=False, clock=clock) as e:
        cast(e)
        enrol(e, "carla", "default", Role.COORDINATOR)
        done = e.execute(ASSIGN[0], actor=SYSTEM)
        clock.answer = answer
        before = stored(e)
        writes = [
            lambda: e.register_person(Person("zoe", "Zoe"), actor=SYSTEM),
            lambda: e.enrol("finn", "default", Role.MENTOR, actor=SYSTEM),
            lambda: e.update_profile("finn", "default", Role.MENTEE, {}, actor=SYSTEM),
            lambda: e.declare_relation(
                Relation("ben", RelationKind.WORKS_WITH, "finn"), actor=SYSTEM
            ),
            lambda: e.execute(ASSIGN[1], actor=SYSTEM),
            lambda: e.execute(
                ProposeMeeting(tandem_id=done.id, start=START), actor=SYSTEM.person("ana")
            ),
        ]
        for write in writes:
            with pytest.raises(InvalidInput, match=why) as raised:
                write()
            assert raised.value.problems[0][0] == "clock.now()"
            assert stored(e) == before
        with pytest.raises(InvalidInput, match=r"clock\.now\(\)"):
            e.acknowledge("anything", actor=SYSTEM)
        assert stored(e) == before
    opens_and_reads(path, tandems=1)


def test_callbacks_that_cannot_be_called_are_refused_when_the_engine_is_built(tmp_path):
    path = tmp_path / "built.db"
    for kwargs, field in (
        ({"clock": "clock"}, "clock"),
        ({"clock": object()}, "clock"),
        ({"id_factory": "uuid4"}, "id_factory"),
    ):
        with pytest.raises(InvalidInput) as raised:
            Engine(path, load_entrypoints=False, **kwargs)
        assert raised.value.problems[0][0] == field
    with Engine(path, load_entrypoints=False, clock=Clock(), id_factory=None) as e:
        cast(e)  # None means the default, like clock=None
        assert e.execute(ASSIGN[0], actor=SYSTEM).id.version == 4
