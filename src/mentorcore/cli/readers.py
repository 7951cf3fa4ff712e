"""Reading people and profiles from CSV and JSON files into rows, and what is wrong with them.

A row is one person in one role of one programme. Known columns:
``id``, ``name``, ``email``, ``organisation``, ``programme``, ``role``,
``track``, ``capacity``, ``external`` and ``relations``
(``examines:ana; teaches:ben``: this person examines ana and teaches ben),
also by their German labels (``E-Mail``, ``Rolle``, ...; see
:mod:`mentorcore.cli.columns`); every other column is a profile field of the
programme, by its key or label, which the engine checks against the
programme's declared fields (:mod:`mentorcore.cli.importing`).
Empty cells are left out. CSV files may come in any encoding a spreadsheet
writes (:mod:`mentorcore.cli.decoding`), separated by ``,``, ``;`` (German
Excel) or tabs; lists in a cell by ``;`` or ``,``.

Reading never stops at the first problem of a row or a file: every one is
collected, with its row and field, so one run lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from mentorcore import InvalidInput, Person, RelationKind, Role
from mentorcore.cli import columns
from mentorcore.cli import records as read_records
from mentorcore.cli.columns import ENROLMENT_COLUMNS, PERSON_COLUMNS
from mentorcore.cli.decoding import csv_text, json_text
from mentorcore.cli.records import Record, shown
from mentorcore.i18n import Text, _
from mentorcore.policy.profiles import split_list
from mentorcore.policy.vocabulary import Accepted, boolean

__all__ = ["ENROLMENT_COLUMNS", "PERSON_COLUMNS", "Problem", "Row", "read", "read_file", "rows_of"]


@dataclass
class Row:
    """One person in one role, as read (values not yet checked by the engine)."""

    where: str
    person: Person
    programme: str
    role: Role
    track: str | None = None
    capacity: int = 1
    external: bool = False
    profile: dict[str, object] = field(default_factory=dict)
    relations: list[tuple[RelationKind, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """What is wrong with a row: the field, or the rule that refused it."""

    where: str
    field: str
    what: str
    rule_id: str | None = None
    #: The id of the person the row names, if it names one.
    person: str | None = None

    def __str__(self) -> str:
        if self.rule_id:
            return str(
                _(
                    "{where}: refused by [{rule}] {what}",
                    where=self.where,
                    rule=self.rule_id,
                    what=self.what,
                )
            )
        if self.field in ("", "-"):
            return f"{self.where}: {self.what}"
        return str(
            _("{where}, field {field}: {what}", where=self.where, field=self.field, what=self.what)
        )


def read(path: Path, *, programme: str | None, role: str | None) -> tuple[list[Row], list[Problem]]:
    """The rows of a ``.csv`` or ``.json`` file, and the problems found reading them.

    :raises InvalidInput: the file is neither CSV nor JSON, not text, or not
        well-formed; the problem names the file and, where it can, the line.
    :raises OSError: the file cannot be read.
    """
    rows, problems, _ = read_file(path, programme=programme, role=role)
    return rows, problems


def read_file(
    path: Path, *, programme: str | None, role: str | None
) -> tuple[list[Row], list[Problem], str]:
    """As :func:`read`, with the encoding the file was read in."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise InvalidInput([(str(path), _("expected a .csv or .json file"))])
    data = path.read_bytes()
    if suffix == ".csv":
        text, encoding = csv_text(data, path.name)
        records = list(read_records.csv_records(text, path.name))
    else:
        text, encoding = json_text(data, path.name), "utf-8"
        records = list(read_records.json_records(text, path.name))
    rows, problems = rows_of(records, programme=programme, role=role)
    return rows, problems, encoding


def rows_of(
    records: Iterable[tuple[str, Record]], *, programme: str | None, role: str | None
) -> tuple[list[Row], list[Problem]]:
    """Rows from ``(where, record)`` pairs, and the problems found in them."""
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], str] = {}
    names: dict[str, tuple[str, str]] = {}
    for where, record in records:
        row = _row(where, record, programme, role, problems)
        if row is None:
            continue
        key = (row.person.id, row.programme, row.role.value)
        if key in seen:
            twice = _(
                "{person} is given twice as {role} (also {where})",
                person=row.person.id,
                role=row.role.value,
                where=seen[key],
            )
            problems.append(Problem(where, "id", str(twice)))
            continue
        seen[key] = where
        first = names.setdefault(row.person.id, (row.person.name, where))
        if first[0] != row.person.name:
            named = _(
                "{person} is named '{name}' in {where}",
                person=row.person.id,
                name=first[0],
                where=first[1],
            )
            problems.append(Problem(where, "name", str(named)))
            continue
        rows.append(row)
    return rows, problems


def _row(
    where: str,
    record: Record,
    programme: str | None,
    role: str | None,
    problems: list[Problem],
) -> Row | None:
    if isinstance(record, tuple):
        column, what = record
        problems.append(Problem(where, column, what))
        return None
    found: list[Problem] = []

    def problem(column: str, what: Text) -> None:
        found.append(Problem(where, column, str(what)))

    def text(name: str, default: str | None = None) -> str | None:
        value = record.get(name, default)
        if value is not None and not isinstance(value, str):
            problem(name, _("expected text, got {value}", value=shown(value)))
            return None
        return value

    pid, name = text("id"), text("name")
    email, organisation, track = text("email"), text("organisation"), text("track")
    if not pid:
        problem("id", _("required"))
    if not name:
        problem("name", _("required"))
    key = text("programme", programme)
    if not key:
        problem("programme", _("required (a column, or --programme)"))
    given = record.get("role", role)
    as_role = columns.role(given)
    if as_role is None:
        not_role = _("expected mentee, mentor or coordinator, got {value}", value=shown(given))
        problem("role", not_role)
    capacity = _capacity(record.get("capacity", 1), problem)
    external = _flag(record.get("external", False), problem)
    relations = _relations(record.get("relations"), problem)
    if found:
        # The row names a person even when it is broken: relations to them
        # are not reported again as naming no one.
        person = pid if isinstance(pid, str) and pid else None
        problems.extend(replace(p, person=person) for p in found)
        return None
    if not (pid and name and key and as_role):  # reported above; narrows the types
        return None
    profile = {k: v for k, v in record.items() if k not in PERSON_COLUMNS + ENROLMENT_COLUMNS}
    return Row(
        where,
        Person(pid, name, email=email, organisation=organisation),
        key,
        as_role,
        track,
        capacity,
        external,
        profile,
        relations,
    )


def _capacity(value: object, problem: Callable[[str, Text], None]) -> int:
    number = value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 19:
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        what = _("expected a whole number of at least 1, got {value}", value=shown(value))
        problem("capacity", what)
        return 1
    return number


def _flag(value: object, problem: Callable[[str, Text], None]) -> bool:
    answer = boolean(value)
    if answer is None:
        what = _("expected yes or no (yes, y, x / no, n), got {value}", value=shown(value))
        problem("external", what)
        return False
    return answer


def _relations(
    value: object, problem: Callable[[str, Text], None]
) -> list[tuple[RelationKind, str]]:
    if value is None:
        return []
    items = split_list(value) if isinstance(value, str) else value
    if not isinstance(items, list):
        problem("relations", _("expected 'kind:person; ...', got {value}", value=shown(value)))
        return []
    out = []
    for item in items:
        word, _colon, other = str(item).partition(":")
        if not str(item).strip():
            continue
        kind = columns.relation_kind(word)
        if kind is None:
            what = _(
                "{value}: expected KIND:PERSON with KIND one of {kinds}",
                value=shown(item),
                kinds=Accepted(columns.relation_labels()),
            )
            problem("relations", what)
            continue
        out.append((kind, other.strip()))
        if not other.strip():
            what = _("{value}: name the other person after the ':'", value=shown(item))
            problem("relations", what)
    return out


def in_order(problems: list[Problem], names: list[str]) -> list[Problem]:
    """*problems* by file (in the order of *names*) and row, the problems of
    one row in the order found: reading and the engine's checks side by side."""

    def key(problem: Problem) -> tuple[int, int]:
        file = next((k for k, n in enumerate(names) if problem.where.startswith(n)), len(names))
        rest = problem.where[len(names[file]) :] if file < len(names) else ""
        number = re.search(r"\d+", rest)
        return file, int(number.group()) if number else 0

    return sorted(problems, key=key)


def summary(rows: list[Row]) -> Mapping[tuple[str, str], int]:
    """Rows counted by programme and role."""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.programme, row.role.value)
        counts[key] = counts.get(key, 0) + 1
    return counts
