"""Deterministic races between two engines, and an oracle for the rules that span streams.

:func:`race` holds the first writer inside its unit of work (in a vote, or in
the host's own code inside ``atomic()``) until the second one has been shown
not to get through; :func:`oracle` replays a store's events in order and
names every tandem creation that broke CORE-CAPACITY, CORE-SINGLE or a
relation in force at its position. :class:`Duel` runs two processes, each
with an engine of its own on one database, that meet at a barrier and then
act at the same moment (undetermined order: the races of a server database).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from test_concurrency import Gate

from mentorcore import (
    Actor,
    ApproveAgreement,
    AssignMentor,
    Engine,
    FixedClock,
    OptIn,
    OptOut,
    Relation,
    RelationKind,
    RequestMentorship,
    ReturnAgreement,
    Role,
    TransitionDenied,
    WithdrawSubmission,
)
from mentorcore import events as ev
from mentorcore.domain import Tandem
from mentorcore.lifecycle.fold import apply

Write = Callable[[Engine], object]


def race(path, clock, plugins: list[object], first: Write, second: Write, *, in_vote: bool):
    """Run *first* on one engine, held open, then *second* on another; return outcomes.

    *first* is held inside its vote (*in_vote*: it is a tandem command) or,
    for a people command, after it inside the host's ``atomic()`` block.
    While it is held, *second* must neither vote nor finish.
    """
    gates = [Gate({"assign"}, hold=in_vote), Gate({"assign"}, hold=False)]
    engines = [
        Engine(path, clock=clock, load_entrypoints=False, plugins=[g, *plugins]) for g in gates
    ]
    holding, release = threading.Event(), threading.Event()
    done = [threading.Event(), threading.Event()]
    outcomes = ["", ""]

    def held(engine: Engine) -> None:
        if in_vote:
            first(engine)
            return
        with engine.atomic():
            first(engine)
            holding.set()
            assert release.wait(timeout=30)

    def run(i: int, write: Write) -> None:
        try:
            write(engines[i])
            outcomes[i] = "won"
        except TransitionDenied as denied:
            outcomes[i] = "refused " + " ".join(sorted(denied.rule_ids))
        finally:
            done[i].set()

    one = threading.Thread(target=run, args=(0, held))
    two = threading.Thread(target=run, args=(1, second))
    one.start()
    assert (gates[0].voting if in_vote else holding).wait(timeout=30)
    two.start()
    time.sleep(0.3)
    assert not gates[1].voting.is_set(), "the second writer decided while the first held"
    assert not done[1].is_set(), "the second writer finished while the first held"
    gates[0].release.set()
    release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    for engine in engines:
        engine.close()
    return outcomes


def oracle(engine: Engine) -> list[str]:
    """Every tandem creation that broke a cross-stream rule in force at its position.

    Every declared relation between the two counts as blocking (the races
    declare blocking kinds only); capacities are the mentors' enrolments.
    """
    decode = engine.state.event_types.decode
    limits = {p.key: p.int_setting("mentee_live_tandems") for p in engine.programmes()}
    capacity: dict[tuple[str, str], int] = {}
    relations: set[frozenset[str]] = set()
    mentors: Counter[tuple[str, str]] = Counter()
    mentees: Counter[tuple[str, str]] = Counter()
    tandems: dict[object, Tandem] = {}
    problems: list[str] = []
    for r in engine.store.read_all():
        e = decode(r.stream_id, r.version, r.name, r.data)
        if isinstance(e, ev.Enrolled) and e.enrolment.role is Role.MENTOR:
            capacity[(e.enrolment.programme_key, e.person_id)] = e.enrolment.capacity
        elif isinstance(e, ev.RelationDeclared):
            relations.add(frozenset({e.relation.subject, e.relation.object}))
        elif isinstance(e, ev.RelationWithdrawn):
            relations.discard(frozenset({e.relation.subject, e.relation.object}))
        elif isinstance(e, ev.TandemEvent):
            before = tandems.get(e.tandem_id)
            after = tandems[e.tandem_id] = apply(before, e)
            mentor, mentee = (
                (after.programme_key, after.mentor),
                (after.programme_key, after.mentee),
            )
            if isinstance(e, ev.TandemAssigned | ev.TandemRequested):
                where = f"event {r.position} ({after.mentee} with {after.mentor})"
                if mentors[mentor] >= capacity.get(mentor, 0):
                    problems.append(f"{where}: CORE-CAPACITY, {mentors[mentor]} live already")
                if mentees[mentee] >= limits[after.programme_key]:
                    problems.append(f"{where}: CORE-SINGLE, {mentees[mentee]} live already")
                if frozenset({after.mentee, after.mentor}) in relations:
                    problems.append(f"{where}: a relation between them was in force")
                mentors[mentor] += 1
                mentees[mentee] += 1
            elif before is not None and before.is_live and not after.is_live:
                mentors[mentor] -= 1
                mentees[mentee] -= 1
    return problems


# ---------------------------------------------------------------- two processes at once

#: The duelists' clock (the tests' FixedClock start).
DUEL_START = datetime(2026, 10, 5, tzinfo=UTC)
#: A job: (operation, actor: "system" or a person id, *arguments), see :func:`_action`.
Job = tuple[str, ...]


class Duel:
    """Two processes (spawned), each with an engine of its own on *where* (a
    SQLite path or a PostgreSQL URL), with the MEDiC plugin.

    :meth:`round` gives each its job; both wait at a barrier, then act at
    once; the outcomes are ``("won", result)`` or ``("refused RULE ...", None)``.
    A tandem job first loads its tandem into the engine's cache, so a stale
    cache would show.
    """

    def __init__(self, where: str) -> None:
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(2)
        self._pipes = [context.Pipe() for _ in range(2)]
        self._processes = [
            context.Process(target=duelist, args=(where, barrier, child), daemon=True)
            for _, child in self._pipes
        ]
        for process in self._processes:
            process.start()
        for mine, _ in self._pipes:
            assert self._answer(mine) == "ready"

    def _answer(self, pipe: Any) -> Any:
        if not pipe.poll(120):
            raise AssertionError("a duelist did not answer within 120 s")
        answer = pipe.recv()
        if isinstance(answer, str) and answer.startswith("error"):
            raise AssertionError(f"a duelist failed:\n{answer}")
        return answer

    def round(self, first: Job, second: Job, lag: float = 0.0) -> list[tuple[str, Any]]:
        """Both jobs at the same moment, the second *lag* seconds later (the first
        for a negative *lag*: a few ms let either win); their outcomes, in order."""
        delays = (max(0.0, -lag), max(0.0, lag))
        for (mine, _), job, delay in zip(self._pipes, (first, second), delays, strict=True):
            mine.send((job, delay))
        return [self._answer(mine) for mine, _ in self._pipes]

    def close(self) -> None:
        """Stop both processes (each closes its engine)."""
        for mine, _ in self._pipes:
            mine.send(None)
        for process in self._processes:
            process.join(timeout=30)
            assert process.exitcode == 0, f"a duelist exited with {process.exitcode}"

    def __enter__(self) -> Duel:
        return self

    def __exit__(self, *failed: object) -> None:
        if failed[0] is None:
            self.close()
        else:
            for process in self._processes:
                process.kill()


def duelist(where: str, barrier: Any, pipe: Any) -> None:
    """The body of a :class:`Duel` process: answer each job until ``None``."""
    from mentorcore_medic import policy as medic

    try:
        engine = Engine(where, clock=FixedClock(DUEL_START), load_entrypoints=False,
                        plugins=[medic])  # fmt: skip
    except Exception:
        pipe.send("error " + traceback.format_exc())
        return
    try:
        pipe.send("ready")
        while (order := pipe.recv()) is not None:
            pipe.send(_duel(engine, barrier, *order))
    finally:
        engine.close()


def _duel(engine: Engine, barrier: Any, job: Job, delay: float) -> tuple[str, Any] | str:
    try:
        act = _action(engine, job)
    except Exception:
        barrier.abort()
        return "error " + traceback.format_exc()
    try:
        barrier.wait(timeout=60)
    except threading.BrokenBarrierError:  # the rival failed to prepare, or did not come
        return "error " + traceback.format_exc()
    if delay:
        time.sleep(delay)
    try:
        return "won", act()
    except TransitionDenied as denied:
        return "refused " + " ".join(sorted(denied.rule_ids)), None
    except Exception:
        return "error " + traceback.format_exc()


def _action(engine: Engine, job: Job) -> Callable[[], Any]:
    """What *job* does, ready to run: ``assign P MENTEE MENTOR``, ``request P
    MENTOR`` (the actor is the mentee), ``relate SUBJECT KIND OBJECT``, and
    the tandem commands ``approve|return|withdraw|opt_in|opt_out TANDEM [VERSION]``.
    A tandem command answers ``(tandem id, version, status)``, a creation its tandem id."""
    op, who, *args = job
    actor = Actor.system() if who == "system" else Actor.person(who)

    def track(programme: str) -> str | None:
        return "clinical" if programme == "medic" else None

    if op in ("assign", "request"):
        if op == "assign":
            programme, mentee, mentor = args
            command: Any = AssignMentor(programme_key=programme, mentee=mentee, mentor=mentor,
                                        track=track(programme))  # fmt: skip
        else:
            programme, mentor = args
            command = RequestMentorship(programme_key=programme, mentor=mentor,
                                        track=track(programme))  # fmt: skip
        return lambda: str(engine.execute(command, actor=actor).id)
    if op == "relate":
        subject, kind, obj = args
        relation = Relation(subject, RelationKind(kind), obj)
        return lambda: engine.declare_relation(relation, actor=actor)
    tandem_id = UUID(args[0])
    version = int(args[1]) if len(args) > 1 else 0
    command = {
        "approve": lambda: ApproveAgreement(tandem_id=tandem_id, version=version),
        "return": lambda: ReturnAgreement(tandem_id=tandem_id, version=version, comments="No."),
        "withdraw": lambda: WithdrawSubmission(tandem_id=tandem_id),
        "opt_in": lambda: OptIn(tandem_id=tandem_id),
        "opt_out": lambda: OptOut(tandem_id=tandem_id),
    }[op]()
    assert engine.state.tandems.load(tandem_id) is not None  # cached before the race

    def run() -> tuple[str, int, str]:
        tandem = engine.execute(command, actor=actor)
        return str(tandem.id), tandem.version, tandem.status.value

    return run
