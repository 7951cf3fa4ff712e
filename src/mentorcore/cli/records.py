"""The records of CSV and JSON import files: cells by column, or why one cannot be read.

:mod:`mentorcore.cli.readers` makes rows of them. A record is a row's cells
by column (the file's own columns by key, whatever label the header used:
:func:`mentorcore.cli.columns.column`), or ``(column, what)`` when the row
cannot be read at all; where each is, is said in the chosen language
(``people.csv row 3``, ``people.csv Zeile 3``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping

from mentorcore import InvalidInput
from mentorcore.cli import columns
from mentorcore.i18n import Text, _

#: Longest cell read from a CSV file (the csv module's own default limit).
CELL_LIMIT = 131_072
#: How deep a JSON value may nest: a profile value is at most a list of values
#: or an object of them.
DEPTH_LIMIT = 3
_SURROGATE = re.compile("[\ud800-\udfff]")
Record = Mapping[str, object] | tuple[str, str]
"""A row's cells by column, or why it could not be read: ``(field, what)``."""


def at(where: str, column: str, what: Text) -> tuple[str, Record]:
    """*what* is wrong at *where*, in *column*: a record that could not be read."""
    return where, (column, str(what))


def row_of(name: str, number: int) -> str:
    """Where a CSV row is: ``people.csv row 3`` (the header is row 1)."""
    return str(_("{file} row {row}", file=name, row=number))


def csv_records(text: str, name: str) -> Iterator[tuple[str, Record]]:
    header = text.splitlines()[0] if text.strip() else ""
    # German spreadsheets export with ';'; profile lists then need quoting.
    delimiter = max(",;\t", key=header.count)
    limit = csv.field_size_limit()
    # Over-long cells are reported by row and column below, not by the csv
    # module, which stops the file at the first one.
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        heads = [columns.column(f) for f in reader.fieldnames or ()]
        reader.fieldnames = heads
        if "id" not in heads:
            yield at(row_of(name, 1), "-", _("the header needs at least the columns id and name"))
            return
        twice = sorted({c for c in heads if c and heads.count(c) > 1})
        if twice:
            what = _("the header names {columns} more than once", columns=", ".join(twice))
            yield at(row_of(name, 1), "-", what)
            return
        for record in reader:
            # Spreadsheet numbering: the header is row 1.
            yield _csv_record(record, row_of(name, reader.line_num))
    except csv.Error as error:
        what = _("cannot be read as CSV: {error}", error=str(error))
        yield at(row_of(name, reader.line_num + 1), "-", what)
    finally:
        csv.field_size_limit(limit)


def _csv_record(record: dict[str | None, object], where: str) -> tuple[str, Record]:
    if None in record:
        return at(where, "-", _("has more cells than the header has columns"))
    cells: dict[str, object] = {}
    for key, value in record.items():
        if not isinstance(value, str) or not value.strip():
            continue
        column = (key or "").strip()
        if not column:
            what = _("a cell under a column without a name: {value}", value=shown(value))
            return at(where, "-", what)
        if len(value) > CELL_LIMIT:
            return at(where, column, _("longer than {limit} characters", limit=CELL_LIMIT))
        cells[column] = value.strip()
    return where, cells


def json_records(text: str, name: str) -> Iterator[tuple[str, Record]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = _(
            "{file} line {line}, column {column}", file=name, line=exc.lineno, column=exc.colno
        )
        raise InvalidInput([(str(where), exc.msg)]) from None
    except RecursionError:
        raise InvalidInput([(name, _("nested too deeply to be a list of people"))]) from None
    except ValueError as exc:  # e.g. a number of more than 4300 digits
        raise InvalidInput([(name, _("cannot be read as JSON: {error}", error=str(exc)))]) from None
    people = data.get("people") if isinstance(data, dict) else data
    if not isinstance(people, list):
        what = _("expected a list of people, or an object with a 'people' list")
        raise InvalidInput([(name, what)])
    defaults = (
        {"programme": data["programme"]} if isinstance(data, dict) and "programme" in data else {}
    )
    for k, item in enumerate(people, start=1):
        yield _json_record(item, str(_("{file} person {number}", file=name, number=k)), defaults)


def _json_record(item: object, where: str, defaults: dict[str, object]) -> tuple[str, Record]:
    if not isinstance(item, dict):
        return at(where, "-", _("expected an object, got {value}", value=shown(item)))
    record = {
        **defaults,
        **{_key(key): v for key, v in item.items() if key != "profile" and v is not None},
    }
    nested = item.get("profile") or {}
    if not isinstance(nested, dict):
        what = _("expected an object of profile fields, got {value}", value=shown(nested))
        return at(where, "profile", what)
    clash = sorted(set(nested) & set(record), key=str)
    if clash:
        return at(where, str(clash[0]), _("given both in the row and in its profile"))
    record.update((key, v) for key, v in nested.items() if v is not None)
    for key, value in record.items():
        problem = _json_problem(key) or _json_problem(value)
        if problem:
            return at(where, shown(key) if _SURROGATE.search(key) else key, problem)
    return where, record


def _key(key: str) -> str:
    """A JSON object's key as a column: the file's own columns by their labels too."""
    return key if _SURROGATE.search(key) else columns.column(key)


def _json_problem(value: object, depth: int = 0) -> Text | None:
    """Why *value* cannot be a cell, or ``None``: lone surrogates (``\\ud800``)
    are no text, and values nest at most :data:`DEPTH_LIMIT` deep."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found:
            code = "\\u" + format(ord(found.group()), "04x")
            return _("{code} is half of a character (a lone surrogate), not text", code=code)
        return None
    if isinstance(value, list | dict):
        if depth >= DEPTH_LIMIT:
            return _("nested too deeply: expected text, a number, yes/no or a list of them")
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, item in items:
            problem = _json_problem(key, depth + 1) or _json_problem(item, depth + 1)
            if problem:
                return problem
    return None


def shown(value: object, limit: int = 60) -> str:
    """*value* as in a message: its repr, cut to *limit* characters."""
    text = repr(value) if not isinstance(value, list | dict) else f"a {type(value).__name__}"
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
