"""Keys of data subjects in a PostgreSQL table, written in the store's transactions.

PostgreSQL keeps a destroyed key's bytes in dead row versions until VACUUM,
in its write-ahead log until the segment is recycled, and in back-ups: the
store vacuums ``subject_keys`` after an erasure (:meth:`PostgresKeyStore.purge`);
for the rest, see ``docs/privacy.md`` and ``docs/deploying.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg

from mentorcore.adapters.store.keys import KeyDestroyed, new_key
from mentorcore.adapters.store.sqlite_guard import cannot


class PostgresKeyStore:
    """Keys by subject; a destroyed key leaves a row without a key (a tombstone)."""

    def __init__(
        self,
        connection: Callable[[], AbstractContextManager[Any]],
        autocommit: Callable[[], AbstractContextManager[Any]],
        where: str = "postgresql",
    ) -> None:
        self._use = connection
        self._autocommit = autocommit
        self._where = where

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """A connection; the driver's errors become :class:`~mentorcore.errors.StoreError`."""
        try:
            with self._use() as conn:
                yield conn
        except psycopg.Error as exc:
            raise cannot("write", self._where, exc) from exc

    def key(self, subject: str) -> bytes | None:
        """The subject's key, if it has one."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT key FROM subject_keys WHERE subject = %s", (subject,)
            ).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def create(self, subject: str) -> bytes:
        """The subject's key, made now if need be (inside the caller's transaction)."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT key FROM subject_keys WHERE subject = %s", (subject,)
            ).fetchone()
            if row is not None:
                if row[0] is None:
                    raise KeyDestroyed(subject)
                return bytes(row[0])
            key = new_key()
            conn.execute("INSERT INTO subject_keys (subject, key) VALUES (%s, %s)", (subject, key))
        return key

    def destroy(self, subjects: Collection[str]) -> None:
        """Drop the keys of *subjects*, leaving tombstones."""
        with self._connection() as conn:
            for subject in subjects:
                conn.execute(
                    "INSERT INTO subject_keys (subject, key) VALUES (%s, NULL) "
                    "ON CONFLICT (subject) DO UPDATE SET key = NULL",
                    (subject,),
                )

    def purge(self) -> bool:
        """Vacuum the key table, so that no dead row version holds a destroyed key."""
        try:
            with self._autocommit() as conn:
                conn.execute("VACUUM subject_keys")
        except psycopg.Error:
            return False  # the erasure stands; the next one vacuums again
        return True
