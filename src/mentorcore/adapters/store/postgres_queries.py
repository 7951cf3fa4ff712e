"""The read model's questions in PostgreSQL (the SQL is every store's: :mod:`.queries`).

Each query runs on the connection of the calling thread's unit of work, so it
sees that unit's own changes, or else on a connection of the pool.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import psycopg

from mentorcore.adapters.store.queries import SQLQueries
from mentorcore.adapters.store.read_model import POSTGRES
from mentorcore.adapters.store.sqlite_guard import cannot


class PostgresQueries(SQLQueries):
    """Read-model queries over the store's connections."""

    def __init__(self, connection: Callable[[], AbstractContextManager[Any]], where: str) -> None:
        super().__init__(POSTGRES)
        self._connection = connection
        self._where = where

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            with self._connection() as conn:
                return list(conn.execute(sql, params).fetchall())
        except UnicodeEncodeError:
            return []  # a key with a lone surrogate: no stored row has it
        except psycopg.DataError:
            return []  # e.g. a NUL character in a key: no stored row has it
        except psycopg.Error as exc:
            raise cannot("read", self._where, exc) from exc
