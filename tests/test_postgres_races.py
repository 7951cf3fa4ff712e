"""Issue 13 acceptance: several processes on one PostgreSQL database race.

1. The gap test: 8 writer processes append small events to streams of their
   own and to shared ones (retrying conflicts) while this process tails the
   global order with ``read_all(after_position=last)``. With a plain sequence
   such a reader skips events committed out of order; the store serialises
   its writers (one advisory lock, positions ``MAX + 1`` under it), so the
   reader sees every committed event exactly once, without gaps, each
   stream's versions in order.
2. Two engines in two processes (tests/race_kit.py's :class:`Duel`: both meet
   at a barrier, then act at once, in no set order) race, round after round,
   on one mentor's last place, on a relation declared during an assignment,
   and on one tandem. Every round ends in exactly an allowed outcome, what
   the winners were told is in the log and nothing else is, and at the end
   the cross-stream oracle finds 0 violations and the persisted read model
   equals a rebuild.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import time
from collections import Counter, defaultdict
from uuid import UUID

import psycopg
import pytest
from mentorcore_medic import policy as medic
from projection_kit import TABLES
from race_kit import DUEL_START, Duel, oracle

from mentorcore import Actor, Engine, FixedClock, Role, TandemStatus
from mentorcore.adapters.store import Append, NewEvent
from mentorcore.adapters.store.postgres import PostgresEventStore
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.errors import ConcurrencyConflict
from mentorcore.lifecycle.fold import replay
from mentorcore.testing import SYSTEM, enrol, walk_to

WRITERS = 8
APPENDS = 90  # per writer; every fourth writes to two streams at once
SHARED = 3  # streams every writer appends to
ROUNDS = 10
#: How much later the second job of a round starts (negative: the first), by
#: round: at 0 the faster command tends to win; a few ms let the other win too.
LAGS = (0.0, 0.003, -0.003, 0.008, -0.008)


# ---------------------------------------------------------------- 1. the gap test


def planned(me: int, i: int) -> dict[str, list[str]]:
    """Writer *me*'s *i*-th append: the ids of its events by stream."""
    own, shared = f"own-{me}", f"shared-{(me + i) % SHARED}"
    if i % 4 == 3:
        return {own: [f"{me}.{i}.a", f"{me}.{i}.b"], shared: [f"{me}.{i}.c"]}
    return {shared if i % 2 else own: [f"{me}.{i}"]}


def gap_writer(dsn: str, me: int, start, results) -> None:
    """Append APPENDS times (own stream, shared streams, sometimes both at once),
    each at the version just read, again on a conflict; report what was written."""
    written: list[str] = []  # the ids of the committed events, in commit order
    positions: list[int] = []
    conflicts = 0
    try:
        store = PostgresEventStore(dsn, max_size=1)
        start.wait(timeout=60)
        for i in range(APPENDS):
            ids = planned(me, i)
            while True:
                appends = [
                    Append(
                        s,
                        store.version(s),
                        tuple(NewEvent("gap", json.dumps({"id": x})) for x in ids[s]),
                    )
                    for s in ids
                ]
                try:
                    positions.append(store.append(appends))
                except ConcurrencyConflict:
                    conflicts += 1
                    continue
                written += [x for s in ids for x in ids[s]]
                break
        store.close()
        results.put((me, written, positions, conflicts, None))
    except BaseException as error:  # reported, so the test fails instead of waiting
        results.put((me, written, positions, conflicts, repr(error)))


def test_a_reader_tailing_the_global_order_sees_every_event_of_8_writers_once(pg_dsn):
    began = time.monotonic()
    context = multiprocessing.get_context("spawn")
    store = PostgresEventStore(pg_dsn)  # creates the schema before the writers open
    start, results = context.Barrier(WRITERS + 1), context.Queue()
    writers = [
        context.Process(target=gap_writer, args=(pg_dsn, me, start, results), daemon=True)
        for me in range(WRITERS)
    ]
    for w in writers:
        w.start()
    reports = []
    seen = []  # every event the tailing reader got, in the order it got them
    last, reads, gaps = 0, 0, 0
    try:
        start.wait(timeout=90)
        tailing = time.monotonic()
        while len(reports) < WRITERS:
            batch = store.read_all(after_position=last)
            reads += 1
            for r in batch:
                gaps += r.position != last + 1
                last = max(last, r.position)
            seen += batch
            try:
                reports.append(results.get_nowait())
            except queue.Empty:
                time.sleep(0.001)
            assert time.monotonic() - tailing < 60, "the writers did not finish within 60 s"
        seen += store.read_all(after_position=last)  # what was committed after the last read
        final = store.read_all()
    finally:
        store.close()
        for w in writers:
            w.join(timeout=30)
    assert [error for *_, error in reports if error] == []
    written = [x for _, ids, *_ in reports for x in ids]
    conflicts = sum(c for *_, c, _ in reports)
    positions = [r.position for r in seen]
    missed = len({r.position for r in final} - set(positions))
    duplicated = len(positions) - len(set(positions))
    print(
        f"\ngap test: {WRITERS} writers, written {len(written)} events, seen {len(seen)}, "
        f"missed {missed}, duplicated {duplicated}, gaps {gaps}, in {reads} reads; "
        f"{conflicts} conflicts retried; {time.monotonic() - began:.1f} s"
    )
    assert (missed, duplicated, gaps) == (0, 0, 0)
    assert seen == final  # the same events, in the same order
    assert positions == list(range(1, len(final) + 1))  # strictly increasing, gapless
    # Every committed event is in the log once, and nothing else is.
    assert sorted(json.loads(r.data)["id"] for r in final) == sorted(written)
    plan = [planned(me, i) for me in range(WRITERS) for i in range(APPENDS)]
    assert len(written) == sum(len(x) for p in plan for x in p.values())
    versions: dict[str, list[int]] = defaultdict(list)
    for r in seen:
        versions[r.stream_id].append(r.version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())
    for me, _, written_at, *_ in reports:
        assert written_at == sorted(set(written_at))  # each writer's appends in its order
        own = [json.loads(r.data)["id"] for r in final if r.stream_id == f"own-{me}"]
        assert own == [x for i in range(APPENDS) for x in planned(me, i).get(f"own-{me}", [])]


# ---------------------------------------------------------------- 2. two engines, two processes

MEDIC_MENTEE = {
    "study_programme": "medic",
    "semester": 5,
    "application_form": True,
    "workshop_attended": True,
}
MEDIC_MENTOR = {
    "licensed": True,
    "years_experience": 8,
    "faculty_member": True,
    "profile_form": True,
    "basic_qualification": True,
}


@pytest.fixture
def host(pg_dsn):
    """The test's own engine on the database, with carla coordinating the
    default programme and lange MEDiC; closed after the read model was checked."""
    engine = Engine(pg_dsn, clock=FixedClock(DUEL_START), load_entrypoints=False, plugins=[medic])
    enrol(engine, "carla", "default", Role.COORDINATOR)
    enrol(engine, "lange", "medic", Role.COORDINATOR)
    yield engine
    engine.close()


def since(engine: Engine, position: int) -> Counter[str]:
    """The names of the events appended after *position*."""
    return Counter(r.name for r in engine.store.read_all(after_position=position))


def assert_consistent(engine: Engine, dsn: str) -> int:
    """No cross-stream rule was broken at any position; every tandem loaded
    by an engine that never cached it is the fold of its stream; and the
    persisted read model is exactly what a rebuild from the events gives.
    Return the number of events in the log."""
    assert oracle(engine) == []
    decode = engine.state.event_types.decode
    with Engine(dsn, clock=FixedClock(DUEL_START), load_entrypoints=False,
                plugins=[medic]) as fresh:  # fmt: skip
        streams = {r.stream_id for r in fresh.store.read_all() if r.stream_id.startswith("tandem:")}
        for stream in streams:
            events = [
                decode(r.stream_id, r.version, r.name, r.data) for r in fresh.store.read(stream)
            ]
            loaded = fresh.state.tandems.load(UUID(stream.removeprefix("tandem:")))
            assert loaded == replay(events)  # type: ignore[arg-type]
        with psycopg.connect(dsn) as conn:
            before = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
            conn.rollback()
            fresh.store.rebuild()
            after = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
        assert before == after
        return fresh.store.position()


def report(name: str, rounds: list[tuple[str, ...]], events: int) -> None:
    """Print how the rounds ended (after every check passed)."""
    counts = Counter(" / ".join(r) for r in rounds)
    print(
        f"\n{name}, {len(rounds)} rounds: "
        + "; ".join(f"{n}x {o}" for o, n in sorted(counts.items()))
    )
    print(f"  {events} events in the log, 0 lost, 0 violations")


def test_two_processes_race_for_one_mentors_last_place(pg_dsn, host):
    """Two coordinators' processes assign (or a mentee requests) two mentees to
    the same mentor with one place, at once: one tandem, the other CORE-CAPACITY."""
    outcomes = []
    with Duel(pg_dsn) as duel:
        for r in range(ROUNDS):
            a, b, mentor = f"a{r}", f"b{r}", f"m{r}"
            enrol(host, a, "default", Role.MENTEE)
            enrol(host, b, "default", Role.MENTEE)
            enrol(host, mentor, "default", Role.MENTOR, capacity=1)
            first = ("assign", "carla", "default", a, mentor)
            if r % 2:  # b asks for the mentor herself
                second: tuple[str, ...] = ("request", b, "default", mentor)
            else:
                second = ("assign", "carla", "default", b, mentor)
            before = host.store.position()
            (one, made_one), (two, made_two) = duel.round(first, second, LAGS[r % len(LAGS)])
            outcomes.append((one, two))
            assert sorted([one, two]) == ["refused CORE-CAPACITY", "won"]
            made = made_one or made_two
            created = "tandem-requested" if two == "won" and r % 2 else "tandem-assigned"
            assert since(host, before) == {created: 1, "tandem-opened": 1}
            live = host.reader(SYSTEM).tandems(person=mentor)
            assert [str(t.id) for t in live] == [made]
            assert live[0].mentee == (a if one == "won" else b)
    report("last place", outcomes, assert_consistent(host, pg_dsn))


def test_two_processes_race_on_a_relation_declared_during_an_assignment(pg_dsn, host):
    """One process assigns a mentee to a mentor while the other declares that
    the mentor works with (CORE-14) or examines (MEDIC-INDEP-1) her.

    The engine's rule: a relation blocks *new* pairings only. Declaring it is
    never refused (also not against a live tandem of the two: it is recorded
    after it, for the coordination to act on); an assignment decided after the
    relation is refused with the rule. So each round ends either with the
    relation first and the assignment refused, or the assignment first and
    the relation recorded after it; never a tandem created after the relation.
    """
    outcomes = []
    with Duel(pg_dsn) as duel:
        for r in range(ROUNDS):
            mentee, mentor = f"a{r}", f"m{r}"
            if r % 2:
                programme, kind, rule, coordinator = "medic", "examines", "MEDIC-INDEP-1", "lange"
                enrol(host, mentee, "medic", Role.MENTEE, MEDIC_MENTEE)
                enrol(host, mentor, "medic", Role.MENTOR, MEDIC_MENTOR, track="clinical")
            else:
                programme, kind, rule, coordinator = "default", "works_with", "CORE-14", "carla"
                enrol(host, mentee, "default", Role.MENTEE)
                enrol(host, mentor, "default", Role.MENTOR)
            assign = ("assign", coordinator, programme, mentee, mentor)
            relate = ("relate", coordinator, mentor, kind, mentee)
            swapped = r % 4 >= 2  # each process does either job in some rounds
            before = host.store.position()
            jobs = (relate, assign) if swapped else (assign, relate)
            results = duel.round(*jobs, LAGS[r % len(LAGS)])
            (assigned, _), (related, _) = results[::-1] if swapped else results
            outcomes.append((f"assignment {assigned}", f"relation {related}"))
            assert related == "won"
            new = host.store.read_all(after_position=before)
            names = [e.name for e in new]
            if assigned == "won":
                assert names == ["tandem-assigned", "tandem-opened", "relation-declared"]
            else:
                assert assigned == f"refused {rule}"
                assert names == ["relation-declared"]
    report("relation during an assignment", outcomes, assert_consistent(host, pg_dsn))


#: name: the two jobs, each a command and who sends it.
TANDEM_RACES = {
    "approve/return": (("approve", "mentor"), ("return", "mentor")),  # two tabs of hers
    "approve/approve": (("approve", "mentor"), ("approve", "mentor")),
    "approve/withdraw": (("approve", "mentor"), ("withdraw", "mentee")),
    "opt_out/opt_out": (("opt_out", "mentee"), ("opt_out", "mentor")),
}
#: (loser, winner): the loser's refusal, decided on the state the winner left.
#: Each is a step the tandem's lifecycle no longer has (CORE-LIFECYCLE): after
#: an approval the tandem is active, after a return or a withdrawal the
#: agreement is a draft again, after an opt-out the tandem has ended.
REFUSED = {
    ("approve", "approve"): "CORE-LIFECYCLE",
    ("return", "approve"): "CORE-LIFECYCLE",
    ("approve", "return"): "CORE-LIFECYCLE",
    ("withdraw", "approve"): "CORE-LIFECYCLE",
    ("approve", "withdraw"): "CORE-LIFECYCLE",
    ("opt_out", "opt_out"): "CORE-LIFECYCLE",
}
EVENTS = {
    "approve": "agreement-approved",
    "return": "agreement-returned",
    "withdraw": "submission-withdrawn",
    "opt_out": "getting-to-know-opted-out",
}


def test_two_processes_race_on_one_tandem(pg_dsn, host):
    """Two processes send conflicting commands to one tandem at once (its mentor
    approves the submitted agreement version while she also approves or
    returns it in another tab, or while the mentee withdraws it; both sides
    opt out): exactly one wins, the other is refused on the state the winner
    left, and the one event appended is the one the winner was told of."""
    outcomes = []
    with Duel(pg_dsn) as duel:
        for r in range(ROUNDS * 2):
            name = list(TANDEM_RACES)[r % len(TANDEM_RACES)]
            people = {"mentee": f"a{r}", "mentor": f"m{r}"}
            enrol(host, people["mentee"], "default", Role.MENTEE)
            enrol(host, people["mentor"], "default", Role.MENTOR)
            status = TandemStatus.AWAITING_APPROVAL
            if name.startswith("opt_out"):
                status = TandemStatus.GETTING_TO_KNOW
            tandem = walk_to(host, status, programme="default", coordinator=Actor.person("carla"),
                             **people)  # fmt: skip
            version = str(tandem.proposal.version) if tandem.proposal else "0"
            jobs = [(op, people[who], str(tandem.id), version) for op, who in TANDEM_RACES[name]]
            before = host.store.position()
            results = duel.round(*jobs, LAGS[r % len(LAGS)])
            outcomes.append(
                tuple(f"{job[0]} {o}" for job, (o, _) in zip(jobs, results, strict=True))
            )
            won = [i for i, (o, _) in enumerate(results) if o == "won"]
            assert len(won) == 1, results
            winner, loser = jobs[won[0]][0], jobs[1 - won[0]][0]
            assert results[1 - won[0]][0] == f"refused {REFUSED[loser, winner]}", (name, results)
            new = host.store.read_all(after_position=before)
            stream = tandem_stream(tandem.id)
            assert [(e.stream_id, e.version, e.name) for e in new] == [
                (stream, tandem.version + 1, EVENTS[winner])
            ]
            told_id, told_version, told_status = results[won[0]][1]
            assert (told_id, told_version) == (str(tandem.id), tandem.version + 1)
            assert host.reader(SYSTEM).tandem(tandem.id).status.value == told_status
    report("one tandem", outcomes, assert_consistent(host, pg_dsn))
