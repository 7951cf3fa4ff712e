"""Whose file is this? mentorcore's mark on its SQLite databases, checked on opening.

A database mentorcore made carries ``PRAGMA application_id`` :data:`APPLICATION_ID`
(the bytes ``MCOR``) and ``PRAGMA user_version`` = the store schema. Before
anything is written, :func:`claim` looks at the file: a database of another
application (another id, or tables but no mentorcore ``meta``) is refused
untouched, and a mentorcore database that lost its events table is refused
rather than opened as an empty store. Databases of mentorcore 0.1 (no mark,
but mentorcore's ``meta`` and ``events`` tables) are claimed and stamped.

:func:`log_moved` tells whether events were added behind the read model's back
(an older mentorcore, or rows inserted by hand): SQLite's ``sqlite_sequence``
holds the highest position ever given, and ``meta`` the one the read model has
seen. Both are single-row lookups: opening stays independent of the history's size.
"""

from __future__ import annotations

import sqlite3

from mentorcore.errors import StoreError
from mentorcore.i18n import Message, _

#: ``PRAGMA application_id`` of a mentorcore database: the bytes "MCOR".
APPLICATION_ID = int.from_bytes(b"MCOR", "big")
#: The columns of the events table as mentorcore creates it: ``(name, type, pk)``.
_EVENT_COLUMNS = [
    ("position", "INTEGER", 1),
    ("stream_id", "TEXT", 0),
    ("version", "INTEGER", 0),
    ("name", "TEXT", 0),
    ("data", "TEXT", 0),
]


def claim(db: sqlite3.Connection, path: str, schema: int) -> None:
    """Refuse a file that is not (or no longer) a mentorcore database; write nothing.

    :raises StoreError: naming *path*: another application's database, a
        mentorcore database of another schema, or one without its events table.
    """
    app_id = _pragma(db, "application_id")
    objects = {
        name: kind
        for kind, name in db.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        )
    }
    if app_id == APPLICATION_ID:
        version = _pragma(db, "user_version")
        if version != schema:
            raise schema_error(path, version, schema)
    elif app_id != 0:
        raise StoreError(
            _(
                "{path} is a database of another application (application_id {id}); "
                "mentorcore leaves it as it is",
                path=repr(path),
                id=format(app_id, "#010x"),
            )
        )
    elif objects and not _has_mentorcore_meta(db, objects):
        shown = ", ".join(sorted(objects)[:8])
        raise StoreError(
            _(
                "{path} is an SQLite database of another application (it holds {shown}); "
                "mentorcore leaves it as it is: give a new file or a mentorcore database",
                path=repr(path),
                shown=shown,
            )
        )
    elif not objects:
        return  # a new database
    if objects.get("events") != "table":
        raise StoreError(
            _(
                "{path} is a mentorcore database that lost its events table: its history "
                "is gone; restore it from a backup",
                path=repr(path),
            )
        )
    _check_events_table(db, path)


def stamp(db: sqlite3.Connection, schema: int) -> None:
    """Mark the database as mentorcore's (inside the opening transaction)."""
    if _pragma(db, "application_id") != APPLICATION_ID:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if _pragma(db, "user_version") != schema:
        db.execute(f"PRAGMA user_version = {int(schema)}")


def sequence(db: sqlite3.Connection) -> int:
    """The highest position SQLite ever gave an event (0 for none)."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    return int(row[0]) if row and isinstance(row[0], int) else 0


def log_moved(db: sqlite3.Connection) -> bool:
    """Whether events were appended that the read model has not seen."""
    row = db.execute("SELECT value FROM meta WHERE key = 'log_position'").fetchone()
    return row is None or row[0] != str(sequence(db))


def _pragma(db: sqlite3.Connection, name: str) -> int:
    return int(db.execute(f"PRAGMA {name}").fetchone()[0])


def _has_mentorcore_meta(db: sqlite3.Connection, objects: dict[str, str]) -> bool:
    if objects.get("meta") != "table":
        return False
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:  # a "meta" table of another shape
        return False
    return row is not None


def _check_events_table(db: sqlite3.Connection, path: str) -> None:
    columns = [(c[1], str(c[2]).upper(), c[5]) for c in db.execute("PRAGMA table_info(events)")]
    unique = [
        [c[2] for c in db.execute("PRAGMA index_info('{}')".format(i[1].replace("'", "''")))]
        for i in db.execute("PRAGMA index_list(events)")
        if i[2]
    ]
    if columns != _EVENT_COLUMNS or ["stream_id", "version"] not in unique:
        raise StoreError(
            _(
                "{path}: the events table is not the one mentorcore made (columns "
                "{columns}, unique keys {unique}); restore it from a backup",
                path=repr(path),
                columns=str([c[0] for c in columns]),
                unique=str(unique),
            )
        )


_CANNOT = {
    "open": _("cannot open event store {path}: {problem}"),
    "write": _("cannot write to {path}: {problem}"),
    "read": _("cannot read {path}: {problem}"),
    "rebuild": _("cannot rebuild {path}: {problem}"),
}


def cannot(doing: str, path: str, exc: BaseException) -> StoreError:
    """The error of failing at *doing* (``"open"``, ``"write"``, ``"read"``,
    ``"rebuild"``) with the store at *path*; *exc* is SQLite's own word."""
    said = _CANNOT[doing]
    return StoreError(Message(said.msgid, {"path": repr(path), "problem": str(exc)}, said.domain))


def schema_error(path: str, found: object, needed: object) -> StoreError:
    """The error of a store whose schema this mentorcore cannot use."""
    return StoreError(
        _(
            "{path} has store schema {found}, this mentorcore needs {needed}",
            path=repr(path),
            found=str(found),
            needed=str(needed),
        )
    )
