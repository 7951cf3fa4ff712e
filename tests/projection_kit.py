"""Compare a store's persisted projections with a rebuild from its events."""

from __future__ import annotations

import sqlite3

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.sealing import Sealer
from mentorcore.adapters.serialization import loads
from mentorcore.adapters.store import sqlite_projections
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.domain import Tandem
from mentorcore.lifecycle.fold import replay

#: The read-model tables (snapshots are a cache, checked on their own).
TABLES = ("persons", "enrolments", "relations", "tandems", "acknowledgements", "meetings", "heads")


def dump(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every projection table, sorted."""
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def rebuilt(store: SQLiteEventStore) -> dict[str, list[tuple[object, ...]]]:
    """The projections a rebuild from *store*'s events produces (on a copy)."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    store._db.backup(copy)
    copy.execute("BEGIN IMMEDIATE")
    sqlite_projections.rebuild(copy)
    copy.execute("COMMIT")
    try:
        return dump(copy)
    finally:
        copy.close()


def assert_projections_equal_rebuild(store: SQLiteEventStore) -> None:
    """The persisted projections are exactly what a rebuild gives, and every
    snapshot is the fold of its stream up to its version."""
    assert dump(store._db) == rebuilt(store)
    sealer = Sealer(store.keys, store.queries.erased)
    types = EventTypes(sealer=sealer)
    rows = store._db.execute("SELECT stream_id, version, data FROM snapshots").fetchall()
    for stream, version, sealed in rows:
        data = sealer.open_text(sealed, stream, f"{stream}@{version}/snapshot")
        assert data is not None, f"the snapshot of {stream} does not open"
        events = [
            types.decode(r.stream_id, r.version, r.name, r.data)
            for r in store.read(stream)
            if r.version <= version
        ]
        assert loads(data, Tandem) == replay(events)  # type: ignore[arg-type]
