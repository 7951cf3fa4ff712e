"""Deterministic races between two engines, and an oracle for the rules that span streams.

:func:`race` holds the first writer inside its unit of work (in a vote, or in
the host's own code inside ``atomic()``) until the second one has been shown
not to get through; :func:`oracle` replays a store's events in order and
names every tandem creation that broke CORE-CAPACITY, CORE-SINGLE or a
relation in force at its position.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

from test_concurrency import Gate

from mentorcore import Engine, Role, TransitionDenied
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
