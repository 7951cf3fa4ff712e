"""The PostgreSQL schema: the log, the read model, the keys, and its migrations.

The schema has a version in ``mentorcore_meta``; the first store that opens a
database creates it, and a store of a newer mentorcore migrates an older one
step by step, each step in one transaction under an advisory lock, so that
several app servers starting at once migrate it exactly once. A database of a
newer schema than this mentorcore knows is refused untouched.
"""

from __future__ import annotations

from typing import Any

#: The schema this mentorcore writes.
SCHEMA_VERSION = 1
#: The advisory lock every writer takes for its unit of work (and migrations).
WRITER_LOCK = 0x6D656E746F72  # "mentor"

#: Step *n* takes a database from schema n - 1 to n.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        # (stream_id, version) is the key: a second writer of the same version
        # of a stream fails on it; the global order is a unique column beside it.
        """CREATE TABLE events (
            stream_id  text        NOT NULL,
            version    bigint      NOT NULL CHECK (version > 0),
            position   bigint      NOT NULL UNIQUE CHECK (position > 0),
            name       text        NOT NULL,
            data       text        NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (stream_id, version))""",
        "CREATE TABLE subject_keys (subject text PRIMARY KEY, key bytea)",
    ]
}


def meta(conn: Any, key: str) -> str | None:
    """A value of ``mentorcore_meta``."""
    row = conn.execute("SELECT value FROM mentorcore_meta WHERE key = %s", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: Any, key: str, value: str) -> None:
    """Set a value of ``mentorcore_meta``."""
    conn.execute(
        "INSERT INTO mentorcore_meta (key, value) VALUES (%s, %s) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def migrate(conn: Any) -> int:
    """Bring the database of *conn* (inside a transaction that holds
    :data:`WRITER_LOCK`) to :data:`SCHEMA_VERSION`; return the version found.

    :raises ValueError: the database has a newer schema than this mentorcore.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS mentorcore_meta (key text PRIMARY KEY, value text)")
    found = int(meta(conn, "schema") or 0)
    if found > SCHEMA_VERSION:
        raise ValueError(found)
    for step in range(found + 1, SCHEMA_VERSION + 1):
        for statement in MIGRATIONS[step]:
            conn.execute(statement)
        set_meta(conn, "schema", str(step))
    if found == 0:
        set_meta(conn, "sealed", "1")  # a new database is sealed from its first event on
    return found
