"""Importing rows all or nothing, in one atomic block of the engine.

:func:`run` plays the whole import through ``Engine.atomic()`` and collects
every problem, each naming its row and field (or the rule that refused the
row). Only an import without problems is stored, in one append; otherwise (or
when only checking) the block is discarded and the database stays as it was,
even with other writers at work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentorcore import (
    Actor,
    Engine,
    InvalidInput,
    MentorcoreError,
    Relation,
    Role,
    TransitionDenied,
)
from mentorcore.cli.output import progress
from mentorcore.cli.readers import Problem, Row


class _Discard(Exception):
    """Leaves an atomic block without storing it."""


def run(engine: Engine, rows: list[Row], actor: Actor, *, write: bool) -> list[Problem]:
    """Every problem of importing *rows*; the rows are stored only if there is none and *write*.

    :raises ConcurrencyConflict: another writer changed one of these people
        meanwhile; nothing was stored.
    """
    problems: list[Problem] = []
    with progress("importing" if write else "checking", steps(rows)) as advance:
        try:
            with engine.atomic():
                problems = apply(engine, rows, actor, keep_going=True, advance=advance)
                if problems or not write:
                    raise _Discard
        except _Discard:
            pass
    return problems


def _problem(where: str, error: MentorcoreError, step: str) -> list[Problem]:
    if isinstance(error, TransitionDenied):
        return [Problem(where, step, d.reason, d.rule_id) for d in error.denials]
    if isinstance(error, InvalidInput):
        return [Problem(where, w or step, what) for w, what in error.problems]
    return [Problem(where, step, str(error))]


def apply(
    engine: Engine,
    rows: list[Row],
    actor: Actor,
    *,
    keep_going: bool,
    advance: Callable[[int], Any] = lambda _: None,
) -> list[Problem]:
    """Register, enrol and relate the people of *rows* on *engine*.

    People first (each once), then enrolments (coordinators first, so a
    coordinator of the file may act), then relations, since a relation may
    point to a person further down the file. With *keep_going*, a failing row
    is reported and the rest still tried; otherwise the first error is raised.
    """
    problems: list[Problem] = []

    def attempt(
        where: str, step: str, action: Callable[..., object], *args: Any, **kw: Any
    ) -> bool:
        try:
            action(*args, **kw)
        except MentorcoreError as error:
            if not keep_going:
                raise
            problems.extend(_problem(where, error, step))
            return False
        finally:
            advance(1)
        return True

    registered: set[str] = set()
    unknown: set[str] = set()  # not registered: their later steps would only repeat that
    for row in rows:
        if row.person.id not in registered:
            registered.add(row.person.id)
            if not attempt(row.where, "id", engine.register_person, row.person, actor=actor):
                unknown.add(row.person.id)
    for row in sorted(rows, key=lambda r: r.role is not Role.COORDINATOR):
        if row.person.id in unknown:
            advance(1)
            continue
        attempt(
            row.where,
            "profile",
            engine.enrol,
            row.person.id,
            row.programme,
            row.role,
            row.profile,
            track=row.track,
            capacity=row.capacity,
            external=row.external,
            actor=actor,
        )
    for row in rows:
        for kind, other in row.relations:
            if row.person.id in unknown:
                advance(1)
                continue
            relation = Relation(row.person.id, kind, other)
            attempt(row.where, "relations", engine.declare_relation, relation, actor=actor)
    return problems


def steps(rows: list[Row]) -> int:
    """How many engine calls :func:`apply` makes for *rows* (for progress bars)."""
    return len({r.person.id for r in rows}) + len(rows) + sum(len(r.relations) for r in rows)
