"""Importing rows all or nothing, in one atomic block of the engine.

:func:`run` plays the whole import through ``Engine.atomic()`` once and
collects every problem, each naming its row and field (or the rule that
refused the row). Only an import without problems is stored, in one append;
otherwise (or when only checking) the block is discarded and the database
stays as it was, even with other writers at work.

Inside the block the rows see each other, so a mentee's ``mentor_wishes``
and a row's relations may name people further down the files; what names
no one is reported with the close ids the importing actor may see.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from mentorcore import (
    Actor,
    Engine,
    InvalidInput,
    MentorcoreError,
    NotFound,
    Relation,
    Role,
    TransitionDenied,
)
from mentorcore.cli.output import progress
from mentorcore.cli.readers import Problem, Row
from mentorcore.cli.resolve import close_to, unknown_person
from mentorcore.i18n import _, current_language, listing

#: The profile field naming the mentors a mentee wishes for, best first (as
#: :data:`mentorcore.matching.gather.WISH_FIELD`, which loads NumPy).
WISH_FIELD = "mentor_wishes"
#: Unknown names get close suggestions up to this many times per import:
#: each one compares the name with every person.
SUGGESTIONS = 20


class _Discard(Exception):
    """Leaves an atomic block without storing it."""


def run(
    engine: Engine, rows: list[Row], actor: Actor, *, write: bool, absent: Collection[str] = ()
) -> list[Problem]:
    """Every problem of importing *rows*; the rows are stored only if there is none and *write*.

    :param absent: People whose rows could not be read (their problems are
        reported already): relations to them are not tried.

    :raises ConcurrencyConflict: another writer changed one of these people
        meanwhile; nothing was stored.
    """
    problems: list[Problem] = []
    doing = _("importing") if write else _("checking")
    with progress(str(doing), steps(rows)) as advance:
        try:
            with engine.atomic():
                problems = apply(
                    engine, rows, actor, keep_going=True, advance=advance, absent=absent
                )
                problems += wishes(engine, rows, actor, len(problems))
                if problems or not write:
                    raise _Discard
        except _Discard:
            pass
    return problems


def wishes(engine: Engine, rows: list[Row], actor: Actor, found: int = 0) -> list[Problem]:
    """A problem for every wished mentor (:data:`WISH_FIELD`) who is not a
    mentor of the mentee's programme, once every row is played.

    The wishes are read from the profile as enrolled (whatever column named
    the field); a mentee whose enrolment failed is reported already.
    """
    problems: list[Problem] = []
    index = engine.state.index
    for row in rows:
        enrolment = index.enrolment(row.person.id, row.programme, row.role)
        named = enrolment.profile.get(WISH_FIELD) if enrolment is not None else None
        if row.role is not Role.MENTEE or not isinstance(named, tuple):
            continue
        key = row.programme
        for wished in (str(n).strip() for n in named):
            if not wished or index.enrolment(wished, row.programme, Role.MENTOR) is not None:
                continue
            close: list[str] = []
            if found + len(problems) < SUGGESTIONS:
                mentors = [e.person_id for e in index.enrolled(row.programme, Role.MENTOR)]
                close = close_to(wished, mentors)
            what = (
                _(
                    "no mentor '{wished}' in {programme} — did you mean {close}?",
                    wished=wished,
                    programme=key,
                    close=listing([f"'{c}'" for c in close], current_language(), "or"),
                )
                if close
                else _(
                    "no mentor '{wished}' in {programme}", wished=wished, programme=row.programme
                )
            )
            problems.append(Problem(row.where, WISH_FIELD, str(what)))
    return problems


def _problem(
    where: str, error: MentorcoreError, step: str, engine: Engine, actor: Actor, many: bool
) -> list[Problem]:
    if isinstance(error, NotFound) and error.kind == "person" and not many:
        error = unknown_person(engine.reader(actor), str(error.key), engine.state.index.persons)
    if isinstance(error, TransitionDenied):
        return [Problem(where, step, d.reason, d.rule_id) for d in error.denials]
    if isinstance(error, InvalidInput):
        return [Problem(where, w or step, str(what)) for w, what in error.problems]
    return [Problem(where, step, str(error))]


def apply(
    engine: Engine,
    rows: list[Row],
    actor: Actor,
    *,
    keep_going: bool,
    advance: Callable[[int], Any] = lambda _: None,
    absent: Collection[str] = (),
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
            many = len(problems) >= SUGGESTIONS
            problems.extend(_problem(where, error, step, engine, actor, many))
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
            if row.person.id in unknown or other in absent:
                advance(1)
                continue
            relation = Relation(row.person.id, kind, other)
            attempt(row.where, "relations", engine.declare_relation, relation, actor=actor)
    return problems


def steps(rows: list[Row]) -> int:
    """How many engine calls :func:`apply` makes for *rows* (for progress bars)."""
    return len({r.person.id for r in rows}) + len(rows) + sum(len(r.relations) for r in rows)
