"""The default key store: a table in the SQLite database, beside the events.

Keys are written and destroyed in the store's transactions, so a sealed event
never outlives the commit of its key, and an erasure destroys the key in the
same commit as it records the erasure. The connection runs with
``secure_delete`` on, so a destroyed key's bytes are overwritten in the page,
and :meth:`SQLiteKeyStore.purge` checkpoints the write-ahead log, so no copy
stays in the ``-wal`` file either (measured: without both, the bytes stay).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection

from mentorcore.adapters.store.keys import KeyDestroyed, new_key
from mentorcore.adapters.store.sqlite_guard import cannot

SCHEMA = "CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB)"


class SQLiteKeyStore:
    """Keys by subject in the ``subject_keys`` table; a destroyed key leaves a
    row without a key (a tombstone), so none is made for the subject again."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock, path: str) -> None:
        self._db = db
        self._lock = lock
        self._path = path

    def key(self, subject: str) -> bytes | None:
        """The subject's key, if it has one."""
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT key FROM subject_keys WHERE subject = ?", (subject,)
                ).fetchone()
            except sqlite3.DatabaseError as exc:
                raise cannot("read", self._path, exc) from exc
        return bytes(row[0]) if row and row[0] is not None else None

    def create(self, subject: str) -> bytes:
        """The subject's key, made now if need be (inside the caller's transaction)."""
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT key FROM subject_keys WHERE subject = ?", (subject,)
                ).fetchone()
                if row is not None:
                    if row[0] is None:
                        raise KeyDestroyed(subject)
                    return bytes(row[0])
                key = new_key()
                self._db.execute(
                    "INSERT INTO subject_keys (subject, key) VALUES (?, ?)", (subject, key)
                )
            except sqlite3.DatabaseError as exc:
                raise cannot("write", self._path, exc) from exc
        return key

    def destroy(self, subjects: Collection[str]) -> None:
        """Overwrite and drop the keys of *subjects*, leaving tombstones."""
        rows = [(s,) for s in subjects]
        with self._lock:
            try:
                # Delete, then insert the tombstone: secure_delete zeroes the
                # freed cell that held the key.
                self._db.executemany("DELETE FROM subject_keys WHERE subject = ?", rows)
                self._db.executemany(
                    "INSERT INTO subject_keys (subject, key) VALUES (?, NULL)", rows
                )
            except sqlite3.DatabaseError as exc:
                raise cannot("write", self._path, exc) from exc

    def purge(self) -> bool:
        """Copy the write-ahead log into the database and empty it, so that no
        earlier page image (with a destroyed key) stays in the ``-wal`` file.

        Returns whether it got through: a reader of another connection in the
        middle of a read can hold it up; the next purge finishes it.
        """
        with self._lock:
            try:
                busy, _log, _done = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.DatabaseError as exc:
                raise cannot("write", self._path, exc) from exc
        return not busy
