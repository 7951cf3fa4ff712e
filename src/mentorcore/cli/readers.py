"""Reading people and profiles from CSV and JSON files into rows, and what is wrong with them.

A row is one person in one role of one programme. Known columns:
``id``, ``name``, ``email``, ``organisation``, ``programme``, ``role``,
``track``, ``capacity``, ``external`` and ``relations``
(``examines:ana; teaches:ben``: this person examines ana and teaches ben);
every other column is a profile field of the programme, which the engine
checks against the programme's declared fields (:mod:`mentorcore.cli.importing`).
Empty cells are left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mentorcore import InvalidInput, Person, RelationKind, Role

PERSON_COLUMNS = ("id", "name", "email", "organisation")
ENROLMENT_COLUMNS = ("programme", "role", "track", "capacity", "external", "relations")
_ROLES = {r.value: r for r in (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)}
_YES = {"yes", "y", "true", "1", "ja", "x"}
_NO = {"no", "n", "false", "0", "nein"}


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

    def __str__(self) -> str:
        if self.rule_id:
            return f"{self.where}: refused by [{self.rule_id}] {self.what}"
        return f"{self.where}, field {self.field}: {self.what}"


def read(path: Path, *, programme: str | None, role: str | None) -> tuple[list[Row], list[Problem]]:
    """The rows of a ``.csv`` or ``.json`` file, and the problems found reading them.

    :raises InvalidInput: the file is neither CSV nor JSON, or not well-formed.
    """
    text = path.read_text(encoding="utf-8-sig")  # Excel writes a byte-order mark
    if path.suffix.lower() == ".csv":
        records = list(_csv_records(text, path.name))
    elif path.suffix.lower() == ".json":
        records = list(_json_records(text, path.name))
    else:
        raise InvalidInput([(str(path), "expected a .csv or .json file")])
    return rows_of(records, programme=programme, role=role)


def rows_of(
    records: Iterable[tuple[str, dict[str, object]]], *, programme: str | None, role: str | None
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


def _csv_records(text: str, name: str) -> Iterator[tuple[str, dict[str, object]]]:
    header = text.splitlines()[0] if text.strip() else ""
    # German spreadsheets export with ';'; profile lists then need quoting.
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or "id" not in [f.strip() for f in reader.fieldnames]:
        raise InvalidInput([(f"{name} row 1", "the header needs at least the columns id and name")])
    for record in reader:
        # Spreadsheet numbering: the header is row 1.
        where = f"{name} row {reader.line_num}"
        if None in record:
            yield where, {"": "has more cells than the header has columns"}
            continue
        yield (
            where,
            {k.strip(): v.strip() for k, v in record.items() if v is not None and v.strip()},
        )


def _json_records(text: str, name: str) -> Iterator[tuple[str, dict[str, object]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([(f"{name} line {exc.lineno}", exc.msg)]) from None
    people = data.get("people") if isinstance(data, dict) else data
    if not isinstance(people, list):
        raise InvalidInput([(name, "expected a list of people, or an object with a 'people' list")])
    defaults = (
        {"programme": data["programme"]} if isinstance(data, dict) and "programme" in data else {}
    )
    for k, item in enumerate(people, start=1):
        where = f"{name} person {k}"
        if not isinstance(item, dict):
            yield where, {"": f"expected an object, got {item!r}"}
            continue
        record = {
            **defaults,
            **{key: v for key, v in item.items() if key != "profile" and v is not None},
        }
        nested = item.get("profile") or {}
        if not isinstance(nested, dict):
            yield where, {"profile": f"expected an object of profile fields, got {nested!r}"}
            continue
        clash = sorted(set(nested) & set(record))
        if clash:
            yield where, {clash[0]: "given both in the row and in its profile"}
            continue
        yield where, {**record, **{key: v for key, v in nested.items() if v is not None}}


def _row(
    where: str,
    record: dict[str, object],
    programme: str | None,
    role: str | None,
    problems: list[Problem],
) -> Row | None:
    if "" in record:
        problems.append(Problem(where, "-", str(record[""])))
        return None
    found: list[Problem] = []

    def text(name: str, default: str | None = None) -> str | None:
        value = record.get(name, default)
        if value is not None and not isinstance(value, str):
            found.append(Problem(where, name, f"expected text, got {value!r}"))
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
            Problem(where, "role", f"expected mentee, mentor or coordinator, got {role_name!r}")
        )
    capacity = _capacity(record.get("capacity", 1), where, found)
    external = _flag(record.get("external", False), where, found)
    relations = _relations(record.get("relations"), where, found)
    if found:
        problems.extend(found)
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
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        found.append(
            Problem(where, "capacity", f"expected a whole number of at least 1, got {value!r}")
        )
        return 1
    return number


def _flag(value: object, where: str, found: list[Problem]) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    found.append(Problem(where, "external", f"expected yes or no, got {value!r}"))
    return False


def _relations(value: object, where: str, found: list[Problem]) -> list[tuple[RelationKind, str]]:
    if value is None:
        return []
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        found.append(Problem(where, "relations", f"expected 'kind:person; ...', got {value!r}"))
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
                    where, "relations", f"{item!r}: expected KIND:PERSON with KIND one of {kinds}"
                )
            )
            continue
        if not other.strip():
            found.append(
                Problem(where, "relations", f"{item!r}: name the other person after the ':'")
            )
    return out


def summary(rows: list[Row]) -> Mapping[tuple[str, str], int]:
    """Rows counted by programme and role."""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.programme, row.role.value)
        counts[key] = counts.get(key, 0) + 1
    return counts
