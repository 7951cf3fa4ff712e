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

#: The read model, made afresh by a rebuild (same tables as SQLite's).
READ_MODEL = [
    "CREATE TABLE persons (person_id text PRIMARY KEY, data text NOT NULL)",
    """CREATE TABLE enrolments (person_id text NOT NULL, programme_key text NOT NULL,
        role text NOT NULL, data text NOT NULL, PRIMARY KEY (person_id, programme_key, role))""",
    "CREATE INDEX enrolments_by_programme ON enrolments (programme_key, role, person_id)",
    """CREATE TABLE relations (subject text NOT NULL, kind text NOT NULL, object text NOT NULL,
        PRIMARY KEY (subject, kind, object))""",
    "CREATE INDEX relations_by_object ON relations (object)",
    """CREATE TABLE tandems (tandem_id text PRIMARY KEY, programme_key text NOT NULL,
        track text, mentee text NOT NULL, mentor text NOT NULL, origin text NOT NULL,
        status text NOT NULL, version bigint NOT NULL, created_at text NOT NULL,
        activated_at text, ended_at text, last_activity_at text NOT NULL, predecessor text,
        opted_in text NOT NULL, position bigint NOT NULL, rematch_requested integer NOT NULL)""",
    "CREATE INDEX tandems_by_programme ON tandems (programme_key, position)",
    "CREATE INDEX tandems_by_mentee ON tandems (mentee, position)",
    "CREATE INDEX tandems_by_mentor ON tandems (mentor, position)",
    """CREATE TABLE acknowledgements (key text PRIMARY KEY, tandem_id text,
        position bigint NOT NULL)""",
    """CREATE TABLE snapshots (stream_id text PRIMARY KEY, version bigint NOT NULL,
        data text NOT NULL, digest text NOT NULL)""",
    """CREATE TABLE meetings (meeting_id text PRIMARY KEY, tandem_id text NOT NULL,
        position bigint NOT NULL)""",
    "CREATE TABLE heads (stream_id text PRIMARY KEY, version bigint NOT NULL)",
    "CREATE TABLE erasures (subject text PRIMARY KEY, erased_at text NOT NULL)",
]
READ_MODEL_TABLES = (
    "persons",
    "enrolments",
    "relations",
    "tandems",
    "acknowledgements",
    "snapshots",
    "meetings",
    "heads",
    "erasures",
)


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
