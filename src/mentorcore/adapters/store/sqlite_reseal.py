"""Sealing, once and in place, what an older mentorcore stored in plain JSON.

mentorcore 0.2 and older kept personal data in the events as plain JSON; an
erasure could not reach it. On the first opening by an engine that seals, the
store hands every event to the engine's sealer and writes back what comes
out sealed, in one transaction with a rebuild of the read model (whose rows
hold copies of the same values). The only change ever made to a stored event,
it keeps every id, version and position: only values are replaced by their
envelopes. ``secure_delete`` overwrites the plain text in the file, and the
write-ahead log is emptied afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mentorcore.adapters.store import RecordedEvent
from mentorcore.adapters.store import log_checks as checks

#: What the engine gives back for a stored event: its sealed JSON, or ``None``
#: to leave the event as it is.
Transform = Callable[[RecordedEvent], str | None]
_BATCH = 2000


def needs_sealing(db: sqlite3.Connection) -> bool:
    """Whether the log may hold plain personal data (it was written unsealed)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'sealed'").fetchone()
    return row is None or row[0] != "1"


def mark_sealed_if_empty(db: sqlite3.Connection) -> None:
    """A new database is sealed from its first event on (a lookup of the
    mark only, once a database is marked)."""
    if needs_sealing(db) and db.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None:
        mark_sealed(db)


def mark_sealed(db: sqlite3.Connection) -> None:
    """Record that every event with personal data is sealed."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('sealed', '1')")


def reseal(db: sqlite3.Connection, transform: Transform) -> int:
    """Replace the data of each event *transform* seals; return how many.

    The caller holds the write transaction (and rebuilds the read model).
    """
    changed = 0
    after = 0
    while True:
        rows = db.execute(
            "SELECT position, CAST(stream_id AS BLOB), version, CAST(name AS BLOB), "
            "CAST(data AS BLOB) FROM events WHERE position > ? ORDER BY position LIMIT ?",
            (after, _BATCH),
        ).fetchall()
        if not rows:
            return changed
        updates = []
        for position, raw_stream, version, raw_name, raw_data in rows:
            stream_id, name, data = checks.texts(raw_stream, version, raw_name, raw_data)
            sealed = transform(RecordedEvent(position, stream_id, version, name, data))
            if sealed is not None and sealed != data:
                updates.append((sealed, position))
        db.executemany("UPDATE events SET data = ? WHERE position = ?", updates)
        changed += len(updates)
        after = rows[-1][0]
