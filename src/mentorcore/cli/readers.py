"""Reading people and profiles from CSV and JSON files into rows, and what is wrong with them.

A row is one person in one role of one programme. Known columns:
``id``, ``name``, ``email``, ``organisation``, ``programme``, ``role``,
``track``, ``capacity``, ``external`` and ``relations``
(``examines:ana; teaches:ben``: this person examines ana and teaches ben);
every other column is a profile field of the programme, which the engine
checks against the programme's declared fields (:mod:`mentorcore.cli.importing`).
Empty cells are left out. CSV files may come in any encoding a spreadsheet
writes (:mod:`mentorcore.cli.decoding`).

Reading never stops at the first problem of a row or a file: every one is
collected, with its row and field, so one run lists them all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from mentorcore import InvalidInput, Person, RelationKind, Role
from mentorcore.cli.decoding import csv_text, json_text

PERSON_COLUMNS = ("id", "name", "email", "organisation")
ENROLMENT_COLUMNS = ("programme", "role", "track", "capacity", "external", "relations")
_ROLES = {r.value: r for r in (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)}
_YES = {"yes", "y", "true", "1", "ja", "x"}
_NO = {"no", "n", "false", "0", "nein"}
#: Longest cell read from a CSV file (the csv module's own default limit).
CELL_LIMIT = 131_072
#: How deep a JSON value may nest: a profile value is at most a list of values
#: or an object of them.
DEPTH_LIMIT = 3
_SURROGATE = re.compile("[\ud800-\udfff]")
Record = Mapping[str, object] | tuple[str, str]
"""A row's cells by column, or why it could not be read: ``(field, what)``."""


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
            return f"{self.where}: refused by [{self.rule_id}] {self.what}"
        if self.field in ("", "-"):
            return f"{self.where}: {self.what}"
        return f"{self.where}, field {self.field}: {self.what}"


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
        raise InvalidInput([(str(path), "expected a .csv or .json file")])
    data = path.read_bytes()
    if suffix == ".csv":
        text, encoding = csv_text(data, path.name)
        records = list(_csv_records(text, path.name))
    else:
        text, encoding = json_text(data, path.name), "utf-8"
        records = list(_json_records(text, path.name))
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
            twice = f"{row.person.id} is given twice as {row.role.value} (also {seen[key]})"
            problems.append(Problem(where, "id", twice))
            continue
        seen[key] = where
        first = names.setdefault(row.person.id, (row.person.name, where))
        if first[0] != row.person.name:
            problems.append(
                Problem(where, "name", f"{row.person.id} is named {first[0]!r} in {first[1]}")
            )
            continue
        rows.append(row)
    return rows, problems


def _csv_records(text: str, name: str) -> Iterator[tuple[str, Record]]:
    header = text.splitlines()[0] if text.strip() else ""
    # German spreadsheets export with ';'; profile lists then need quoting.
    delimiter = max(",;\t", key=header.count)
    limit = csv.field_size_limit()
    # Over-long cells are reported by row and column below, not by the csv
    # module, which stops the file at the first one.
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        columns = [f.strip() for f in reader.fieldnames or ()]
        if "id" not in columns:
            yield f"{name} row 1", ("-", "the header needs at least the columns id and name")
            return
        twice = sorted({c for c in columns if c and columns.count(c) > 1})
        if twice:
            yield f"{name} row 1", ("-", f"the header names {', '.join(twice)} more than once")
            return
        for record in reader:
            # Spreadsheet numbering: the header is row 1.
            yield _csv_record(record, f"{name} row {reader.line_num}")
    except csv.Error as error:
        yield f"{name} row {reader.line_num + 1}", ("-", f"cannot be read as CSV: {error}")
    finally:
        csv.field_size_limit(limit)


def _csv_record(record: dict[str | None, object], where: str) -> tuple[str, Record]:
    if None in record:
        return where, ("-", "has more cells than the header has columns")
    cells: dict[str, object] = {}
    for key, value in record.items():
        if not isinstance(value, str) or not value.strip():
            continue
        column = (key or "").strip()
        if not column:
            return where, ("-", f"a cell under a column without a name: {_shown(value)}")
        if len(value) > CELL_LIMIT:
            return where, (column, f"longer than {CELL_LIMIT} characters")
        cells[column] = value.strip()
    return where, cells


def _json_records(text: str, name: str) -> Iterator[tuple[str, Record]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([(f"{name} line {exc.lineno}, column {exc.colno}", exc.msg)]) from None
    except RecursionError:
        raise InvalidInput([(name, "nested too deeply to be a list of people")]) from None
    except ValueError as exc:  # e.g. a number of more than 4300 digits
        raise InvalidInput([(name, f"cannot be read as JSON: {exc}")]) from None
    people = data.get("people") if isinstance(data, dict) else data
    if not isinstance(people, list):
        raise InvalidInput([(name, "expected a list of people, or an object with a 'people' list")])
    defaults = (
        {"programme": data["programme"]} if isinstance(data, dict) and "programme" in data else {}
    )
    for k, item in enumerate(people, start=1):
        yield _json_record(item, f"{name} person {k}", defaults)


def _json_record(item: object, where: str, defaults: dict[str, object]) -> tuple[str, Record]:
    if not isinstance(item, dict):
        return where, ("-", f"expected an object, got {_shown(item)}")
    record = {
        **defaults,
        **{key: v for key, v in item.items() if key != "profile" and v is not None},
    }
    nested = item.get("profile") or {}
    if not isinstance(nested, dict):
        return where, ("profile", f"expected an object of profile fields, got {_shown(nested)}")
    clash = sorted(set(nested) & set(record))
    if clash:
        return where, (clash[0], "given both in the row and in its profile")
    record.update((key, v) for key, v in nested.items() if v is not None)
    for key, value in record.items():
        problem = _json_problem(key) or _json_problem(value)
        if problem:
            return where, (_shown(key) if _SURROGATE.search(key) else key, problem)
    return where, record


def _json_problem(value: object, depth: int = 0) -> str | None:
    """Why *value* cannot be a cell, or ``None``: lone surrogates (``\\ud800``)
    are no text, and values nest at most :data:`DEPTH_LIMIT` deep."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found:
            return (
                f"\\u{ord(found.group()):04x} is half of a character (a lone surrogate), not text"
            )
        return None
    if isinstance(value, list | dict):
        if depth >= DEPTH_LIMIT:
            return "nested too deeply: expected text, a number, yes/no or a list of them"
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, item in items:
            problem = _json_problem(key, depth + 1) or _json_problem(item, depth + 1)
            if problem:
                return problem
    return None


def _shown(value: object, limit: int = 60) -> str:
    """*value* as in a message: its repr, cut to *limit* characters."""
    text = repr(value) if not isinstance(value, list | dict) else f"a {type(value).__name__}"
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


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

    def text(name: str, default: str | None = None) -> str | None:
        value = record.get(name, default)
        if value is not None and not isinstance(value, str):
            found.append(Problem(where, name, f"expected text, got {_shown(value)}"))
            return None
        return value

    pid, name = text("id"), text("name")
    email, organisation, track = text("email"), text("organisation"), text("track")
    if not pid:
        found.append(Problem(where, "id", "required"))
    if not name:
        found.append(Problem(where, "name", "required"))
    key = text("programme", programme)
    if not key:
        found.append(Problem(where, "programme", "required (a column, or --programme)"))
    role_name = text("role", role)
    if role_name not in _ROLES:
        found.append(
            Problem(
                where, "role", f"expected mentee, mentor or coordinator, got {_shown(role_name)}"
            )
        )
    capacity = _capacity(record.get("capacity", 1), where, found)
    external = _flag(record.get("external", False), where, found)
    relations = _relations(record.get("relations"), where, found)
    if found:
        # The row names a person even when it is broken: relations to them
        # are not reported again as naming no one.
        person = pid if isinstance(pid, str) and pid else None
        problems.extend(replace(p, person=person) for p in found)
        return None
    if not (pid and name and key and role_name):  # reported above; narrows the types
        return None
    profile = {k: v for k, v in record.items() if k not in PERSON_COLUMNS + ENROLMENT_COLUMNS}
    return Row(
        where,
        Person(pid, name, email=email, organisation=organisation),
        key,
        _ROLES[role_name],
        track,
        capacity,
        external,
        profile,
        relations,
    )


def _capacity(value: object, where: str, found: list[Problem]) -> int:
    number = value
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 19:
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        found.append(
            Problem(
                where, "capacity", f"expected a whole number of at least 1, got {_shown(value)}"
            )
        )
        return 1
    return number


def _flag(value: object, where: str, found: list[Problem]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    found.append(Problem(where, "external", f"expected yes or no, got {_shown(value)}"))
    return False


def _relations(value: object, where: str, found: list[Problem]) -> list[tuple[RelationKind, str]]:
    if value is None:
        return []
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        found.append(
            Problem(where, "relations", f"expected 'kind:person; ...', got {_shown(value)}")
        )
        return []
    out = []
    kinds = ", ".join(k.value for k in RelationKind)
    for item in items:
        kind, _, other = str(item).partition(":")
        if not str(item).strip():
            continue
        try:
            out.append((RelationKind(kind.strip()), other.strip()))
        except ValueError:
            found.append(
                Problem(
                    where,
                    "relations",
                    f"{_shown(item)}: expected KIND:PERSON with KIND one of {kinds}",
                )
            )
            continue
        if not other.strip():
            found.append(
                Problem(where, "relations", f"{_shown(item)}: name the other person after the ':'")
            )
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
