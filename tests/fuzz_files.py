"""Hostile files for the fuzz suites (no tests here): import files in every
encoding a spreadsheet or a careless script writes, with oversized cells, NUL
bytes, lone surrogates and JSON nested 100,000 deep, and the odd files and
folders hostile paths name.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fuzz_kit import MEGABYTE, hostile_text
from fuzz_world import World
from hypothesis import strategies as st

S = st.SearchStrategy

# ---------------------------------------------------------------- hostile files

_CSV_HEAD = "id,name,email,programme,role,capacity,track"


def _csv_rows(world: World, cells: list[str], capacity: str = "2") -> str:
    rows = [_CSV_HEAD]
    for n, cell in enumerate(cells):
        rows.append(f"new{n},{cell},n{n}@example.org,default,mentee,,")
    mentor = world.people[n % len(world.people)] if (n := len(cells)) else "new-mentor"
    rows.append(f"{mentor},{mentor.title()},x@example.org,default,mentor,{capacity},")
    return "\n".join(rows) + "\n"


def _json_people(cells: list[Any]) -> str:
    people = [
        {"id": f"new{n}", "name": c, "role": "mentee", "email": f"n{n}@example.org"}
        for n, c in enumerate(cells)
    ]
    return json.dumps({"programme": "default", "people": people}, ensure_ascii=True)


def import_file_kinds(world: World) -> S[str]:
    """A file written into the current folder for ``import``; returns its name."""
    cell = st.one_of(
        st.sampled_from(
            (
                "Jürgen Weiß",
                "Zoë",
                "\x1b[2J",
                "a\rb",
                '"quoted',
                "x;y",
                "=cmd|' /C calc'!A0",
                "\ud800",
            )
        ),
        hostile_text,
    )
    return st.tuples(st.sampled_from(sorted(FILE_KINDS)), st.lists(cell, max_size=4)).map(
        lambda kind_cells: _write(world, *kind_cells)
    )


def _utf8(text: str) -> bytes:
    """UTF-8, lone surrogates written as their (invalid) three bytes."""
    return text.encode("utf-8", errors="surrogatepass")


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace")


FILE_KINDS: dict[str, Callable[[World, list[Any]], tuple[str, bytes]]] = {
    "utf8.csv": lambda w, c: ("csv", _encode(_csv_rows(w, c), "utf-8")),
    "bom.csv": lambda w, c: ("csv", b"\xef\xbb\xbf" + _encode(_csv_rows(w, c), "utf-8")),
    "utf16.csv": lambda w, c: ("csv", _encode(_csv_rows(w, [*c, "Jürgen"]), "utf-16")),
    "cp1252.csv": lambda w, c: ("csv", _encode(_csv_rows(w, [*c, "Jürgen Weiß €"]), "cp1252")),
    "semicolon.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, c).replace(",", ";"))),
    "invalid-utf8.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, c)) + b"\xff\xfe\xc3(\n"),
    "random.csv": lambda w, c: ("csv", bytes((i * 7919) % 256 for i in range(4096))),
    "nul.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, [*c, "a\x00b"]))),
    "big-cell.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, ["x" * 200 * 1024]))),
    "many-columns.csv": lambda w, c: (
        "csv",
        (
            ",".join(f"c{i}" for i in range(5000)) + "\n" + ",".join("1" for _ in range(5000))
        ).encode(),
    ),
    "empty.csv": lambda w, c: ("csv", b""),
    "huge-capacity.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, c, str(10**40)))),
    "header-only.csv": lambda w, c: ("csv", (_CSV_HEAD + "\n").encode()),
    "ragged.csv": lambda w, c: ("csv", (_CSV_HEAD + '\na,b\n"unclosed,x\n').encode()),
    "people.json": lambda w, c: ("json", _utf8(_json_people(c))),
    "utf16.json": lambda w, c: ("json", _encode(_json_people(c), "utf-16")),
    "nested.json": lambda w, c: ("json", b"[" * 100_000 + b"]" * 100_000),
    "nested-value.json": lambda w, c: (
        "json",
        json.dumps(
            {
                "programme": "default",
                "people": [
                    {"id": "deep", "name": "D", "role": "mentee", "interests": [[[[["x"]]]]]}
                ],
            }
        ).encode(),
    ),
    "surrogate.json": lambda w, c: (
        "json",
        b'{"programme": "default", "people": [{"id": '
        b'"\\ud800", "name": "\\udfff", "role": "mentee"}]}',
    ),
    "invalid-utf8.json": lambda w, c: ("json", b'{"people": [{"id": "\xff\xfe"}]}'),
    "huge-number.json": lambda w, c: (
        "json",
        b'{"programme": "default", "people": [{"id": "n",'
        b' "name": "N", "role": "mentor", "capacity": 1' + b"0" * 5000 + b"}]}",
    ),
    "not-object.json": lambda w, c: ("json", b"[1, 2, 3]"),
    "wrong-types.json": lambda w, c: (
        "json",
        json.dumps(
            {
                "programme": 5,
                "people": [
                    None,
                    1,
                    "x",
                    {"id": ["a"], "name": {"b": 1}, "role": 7, "capacity": "many", "relations": 3},
                ],
            }
        ).encode(),
    ),
    "truncated.json": lambda w, c: ("json", _utf8(_json_people(c))[:-7]),
    "csv-named-json.json": lambda w, c: ("json", _utf8(_csv_rows(w, c))),
    "bad-extension.xlsx": lambda w, c: ("xlsx", b"PK\x03\x04" + bytes(100)),
    "megabyte.csv": lambda w, c: ("csv", _utf8(_csv_rows(w, [str(MEGABYTE)]))),
}

_files = itertools.count()


def _write(world: World, kind: str, cells: list[Any]) -> str:
    suffix, data = FILE_KINDS[kind](world, cells)
    name = f"f{next(_files)}-{kind.rsplit('.', 1)[0]}.{suffix}"
    Path(name).write_bytes(data)
    return name


def furnish(folder: Path, world: World) -> None:
    """What hostile paths name: an existing file and folder, a cohort folder of junk."""
    (folder / "existing.txt").write_text("hello\n")
    (folder / "existing-dir").mkdir(exist_ok=True)
    cohort = folder / "cohort"
    cohort.mkdir(exist_ok=True)
    (cohort / "medic.json").write_bytes(b'{"programme": "medic", "demo": {"starts": "9999-12-31"}}')
    (cohort / "kerpen.json").write_bytes(b"[" * 50_000)
    (cohort / "ostalb.json").write_text('{"programme": "ostalb", "people": [], "demo": 5}')
    (cohort / "default.json").write_bytes(b"\xff\xfe junk")
    with sqlite3.connect(folder / "foreign.db") as con:
        con.execute("CREATE TABLE IF NOT EXISTS t (x)")
    (folder / "notes.db").write_text("not a database")
