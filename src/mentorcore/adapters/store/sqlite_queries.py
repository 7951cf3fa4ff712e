"""Questions the engine asks of the SQLite read model (see :mod:`.queries`).

Every query runs under the store's lock on its one connection; inside a write
transaction it sees that transaction's own changes, which is how a batch of
commands decides on the effects of its earlier commands.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from mentorcore.adapters.store.queries import SQLQueries
from mentorcore.adapters.store.read_model import SQLITE
from mentorcore.adapters.store.sqlite_guard import cannot


class SQLiteQueries(SQLQueries):
    """Read-model queries over the store's one connection."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock, path: str) -> None:
        super().__init__(SQLITE)
        self._db = db
        self._lock = lock
        self._path = path

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except UnicodeEncodeError:
                # A key with a lone surrogate: no stored row (all UTF-8) has it.
                return []
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self._path, exc) from exc
