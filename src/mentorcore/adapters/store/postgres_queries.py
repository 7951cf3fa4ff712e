"""The read model's questions in PostgreSQL (see :class:`.queries.Queries`).

Each query runs on the connection of the calling thread's unit of work, so it
sees that unit's own changes, or else on a connection of the pool.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import psycopg

from mentorcore.adapters.store.projector import TandemRow
from mentorcore.adapters.store.sqlite_guard import cannot
from mentorcore.adapters.store.sqlite_projections import _TANDEM_COLUMNS, snapshot_digest


class PostgresQueries:
    """Read-model queries over the store's connections."""

    def __init__(self, connection: Callable[[], AbstractContextManager[Any]], where: str) -> None:
        self._connection = connection
        self._where = where

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            with self._connection() as conn:
                return list(conn.execute(sql, params).fetchall())
        except UnicodeEncodeError:
            return []  # a key with a lone surrogate: no stored row has it
        except psycopg.DataError:
            return []  # e.g. a NUL character in a key: no stored row has it
        except psycopg.Error as exc:
            raise cannot("read", self._where, exc) from exc

    def person(self, person_id: str) -> str | None:
        """A person's JSON, if registered."""
        rows = self._rows("SELECT data FROM persons WHERE person_id = %s", (person_id,))
        return str(rows[0][0]) if rows else None

    def persons(self, person_ids: tuple[str, ...] | None = None) -> dict[str, str]:
        """JSON of the persons with *person_ids* (every person for ``None``), by id."""
        if person_ids is None:
            return dict(self._rows("SELECT person_id, data FROM persons ORDER BY person_id"))
        return dict(
            self._rows(
                "SELECT person_id, data FROM persons WHERE person_id = ANY(%s)", (list(person_ids),)
            )
        )

    def enrolments(
        self,
        *,
        person_id: str | None = None,
        programme_key: str | None = None,
        role: str | None = None,
    ) -> list[str]:
        """JSON of the enrolments matching every filter given, by person id."""
        given = {
            k: v
            for k, v in (("person_id", person_id), ("programme_key", programme_key), ("role", role))
            if v is not None
        }
        where = " WHERE " + " AND ".join(f"{k} = %s" for k in given) if given else ""
        sql = f"SELECT data FROM enrolments{where} ORDER BY person_id, programme_key, role"
        return [str(r[0]) for r in self._rows(sql, tuple(given.values()))]

    def relations(self, person_id: str | None = None) -> list[tuple[str, str, str]]:
        """Every relation ``(subject, kind, object)`` of *person_id* (all for ``None``)."""
        if person_id is None:
            rows = self._rows("SELECT subject, kind, object FROM relations ORDER BY 1, 2, 3")
        else:
            rows = self._rows(
                "SELECT subject, kind, object FROM relations WHERE subject = %s OR object = %s "
                "ORDER BY 1, 2, 3",
                (person_id, person_id),
            )
        return [(str(s), str(k), str(o)) for s, k, o in rows]

    def tandem(self, tandem_id: str) -> TandemRow | None:
        """A tandem's summary row."""
        rows = self._rows(
            f"SELECT {_TANDEM_COLUMNS} FROM tandems WHERE tandem_id = %s", (tandem_id,)
        )
        return TandemRow(*rows[0]) if rows else None

    def tandems(
        self,
        *,
        programme_key: str | None = None,
        person_id: str | None = None,
        status: str | None = None,
        live: bool | None = None,
    ) -> list[TandemRow]:
        """Summaries of the tandems matching every filter given, oldest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if programme_key is not None:
            clauses.append("programme_key = %s")
            params.append(programme_key)
        if person_id is not None:
            clauses.append("(mentee = %s OR mentor = %s)")
            params += [person_id, person_id]
        if status is not None:
            clauses.append("status = %s")
            params.append(status)
        if live is not None:
            clauses.append("ended_at IS NULL" if live else "ended_at IS NOT NULL")
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        sql = f"SELECT {_TANDEM_COLUMNS} FROM tandems{where} ORDER BY position"
        return [TandemRow(*r) for r in self._rows(sql, tuple(params))]

    def acknowledged(self, key: str) -> bool:
        """Whether the due action *key* was acknowledged."""
        return bool(self._rows("SELECT 1 FROM acknowledgements WHERE key = %s", (key,)))

    def acknowledgements(self) -> frozenset[str]:
        """The keys of every acknowledged due action."""
        return frozenset(str(r[0]) for r in self._rows("SELECT key FROM acknowledgements"))

    def meeting_tandem(self, meeting_id: str) -> str | None:
        """The id of the tandem whose meeting *meeting_id* is, if any tandem's."""
        rows = self._rows("SELECT tandem_id FROM meetings WHERE meeting_id = %s", (meeting_id,))
        return str(rows[0][0]) if rows else None

    def erased(self, subject: str) -> bool:
        """Whether the personal data of *subject* was erased."""
        return bool(self._rows("SELECT 1 FROM erasures WHERE subject = %s", (subject,)))

    def erasures(self) -> dict[str, str]:
        """Every erased subject with the time of its erasure (ISO)."""
        return {str(s): str(at) for s, at in self._rows("SELECT subject, erased_at FROM erasures")}

    def snapshot(self, stream_id: str) -> tuple[int, str] | None:
        """The newest snapshot of *stream_id* that matches its digest."""
        rows = self._rows(
            "SELECT version, data, digest FROM snapshots WHERE stream_id = %s", (stream_id,)
        )
        if not rows:
            return None
        version, data, digest = rows[0]
        if digest != snapshot_digest(stream_id, int(version), str(data)):
            return None
        return int(version), str(data)
