"""Databases as an older mentorcore wrote them: personal values in plain JSON.

Tests that plant text "written before the door checked it" edit the stored
JSON; since personal values are sealed (and bound to where they were
written), they first turn a database back into the unsealed form of those
versions, which every later version still reads.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from mentorcore.adapters.sealing import Sealer
from mentorcore.adapters.store.sqlite import SQLiteEventStore


def unseal(path: Path | str) -> None:
    """Rewrite the events and read model of the database at *path* with every
    sealed value opened (as mentorcore 0.2 and older stored them); snapshots,
    a cache, are dropped."""
    store = SQLiteEventStore(path)
    sealer = Sealer(store.keys, store.queries.erased)
    events = [
        (_dumps(sealer.open(json.loads(r.data), r.stream_id, r.version)), r.position)
        for r in store.read_all()
    ]
    persons = [
        (_dumps(sealer.open(json.loads(data))), person_id)
        for person_id, data in store.queries.persons().items()
    ]
    enrolments = [
        (_dumps(sealer.open(json.loads(data))), *key)
        for *key, data in store._db.execute(
            "SELECT person_id, programme_key, role, data FROM enrolments"
        )
    ]
    store.close()
    with sqlite3.connect(path) as db:
        db.executemany("UPDATE events SET data = ? WHERE position = ?", events)
        db.executemany("UPDATE persons SET data = ? WHERE person_id = ?", persons)
        db.executemany(
            "UPDATE enrolments SET data = ? WHERE person_id = ? AND programme_key = ? AND role = ?",
            enrolments,
        )
        db.execute("DELETE FROM snapshots")


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
