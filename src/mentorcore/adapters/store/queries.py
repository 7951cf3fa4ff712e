"""What the engine asks of a store's read model (rows as stored, JSON undecoded).

Every store answers the same questions (:class:`Queries`), with the same SQL
(:class:`SQLQueries`): the SQLite store over its one connection, the
PostgreSQL store over the connection of the calling thread's unit of work, or
a pooled one. Inside a unit of work a query sees that unit's own changes,
which is how a batch of commands decides on the effects of its earlier
commands.
"""

from __future__ import annotations

from typing import Any, Protocol

from mentorcore.adapters.store.read_model import Dialect, snapshot_digest
from mentorcore.adapters.store.read_model_sql import TANDEM_COLUMNS
from mentorcore.adapters.store.rows import FeedbackRow, MessageRow, TandemRow


class Queries(Protocol):
    """The read model's questions (see :class:`.sqlite_queries.SQLiteQueries`)."""

    def person(self, person_id: str) -> str | None:
        """A person's JSON, if registered."""
        ...

    def persons(self, person_ids: tuple[str, ...] | None = None) -> dict[str, str]:
        """JSON of the persons with *person_ids* (every person for ``None``), by id."""
        ...

    def enrolments(
        self,
        *,
        person_id: str | None = None,
        programme_key: str | None = None,
        role: str | None = None,
    ) -> list[str]:
        """JSON of the enrolments matching every filter given, by person id."""
        ...

    def relations(self, person_id: str | None = None) -> list[tuple[str, str, str]]:
        """Every relation ``(subject, kind, object)`` of *person_id* (all for ``None``)."""
        ...

    def tandem(self, tandem_id: str) -> TandemRow | None:
        """A tandem's summary row."""
        ...

    def tandems(
        self,
        *,
        programme_key: str | None = None,
        person_id: str | None = None,
        status: str | None = None,
        live: bool | None = None,
    ) -> list[TandemRow]:
        """Summaries of the tandems matching every filter given, oldest first."""
        ...

    def acknowledged(self, key: str) -> bool:
        """Whether the due action *key* was acknowledged."""
        ...

    def acknowledgements(self) -> frozenset[str]:
        """The keys of every acknowledged due action."""
        ...

    def meeting_tandem(self, meeting_id: str) -> str | None:
        """The id of the tandem whose meeting *meeting_id* is, if any tandem's."""
        ...

    def messages(self, message_ids: tuple[str, ...] | None = None) -> list[MessageRow]:
        """Where the messages with *message_ids* stand (every message for ``None``)."""
        ...

    def preferences(self, person_id: str) -> dict[tuple[str, str], bool]:
        """The person's mail preferences: ``(programme, kind)`` → whether they want it."""
        ...

    def feedback(self, tandem_ids: tuple[str, ...] | None = None) -> list[FeedbackRow]:
        """Who answered which request in the tandems with *tandem_ids* (all for ``None``)."""
        ...

    def erased(self, subject: str) -> bool:
        """Whether the personal data of *subject* was erased."""
        ...

    def erasures(self) -> dict[str, str]:
        """Every erased subject with the time of its erasure (ISO)."""
        ...

    def snapshot(self, stream_id: str) -> tuple[int, str] | None:
        """The newest snapshot of *stream_id* that matches its digest: ``(version, json)``."""
        ...


#: How many values one ``IN (…)`` list holds (SQLite allows 32,766 parameters).
_IN_LIST = 500


class SQLQueries:
    """:class:`Queries` in SQL written with ``?`` marks, for a store that says
    how a statement is run (:meth:`_fetch`) in its :class:`Dialect`."""

    def __init__(self, dialect: Dialect) -> None:
        self._sql = dialect.sql

    def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        """The rows of *sql* (in the store's dialect); ``[]`` for a key no
        stored row can hold (a lone surrogate, a NUL character)."""
        raise NotImplementedError

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return self._fetch(self._sql(sql), params)

    def _rows_in(self, select: str, column: str, values: tuple[str, ...]) -> list[Any]:
        """The rows of *select* whose *column* is one of *values*, asked in
        slices small enough for one ``IN (…)`` list each (in no set order)."""
        rows: list[Any] = []
        for start in range(0, len(values), _IN_LIST):
            chunk = values[start : start + _IN_LIST]
            marks = ",".join("?" * len(chunk))
            rows += self._rows(f"{select} WHERE {column} IN ({marks})", chunk)
        return rows

    def person(self, person_id: str) -> str | None:
        """A person's JSON, if registered."""
        rows = self._rows("SELECT data FROM persons WHERE person_id = ?", (person_id,))
        return str(rows[0][0]) if rows else None

    def persons(self, person_ids: tuple[str, ...] | None = None) -> dict[str, str]:
        """JSON of the persons with *person_ids* (every person for ``None``), by id."""
        if person_ids is None:
            return dict(self._rows("SELECT person_id, data FROM persons ORDER BY person_id"))
        return dict(self._rows_in("SELECT person_id, data FROM persons", "person_id", person_ids))

    def enrolments(
        self,
        *,
        person_id: str | None = None,
        programme_key: str | None = None,
        role: str | None = None,
    ) -> list[str]:
        """JSON of the enrolments matching every filter given, by person id."""
        where, params = _filters(person_id=person_id, programme_key=programme_key, role=role)
        return [
            str(r[0])
            for r in self._rows(
                f"SELECT data FROM enrolments{where} ORDER BY person_id, programme_key, role",
                params,
            )
        ]

    def relations(self, person_id: str | None = None) -> list[tuple[str, str, str]]:
        """Every relation ``(subject, kind, object)`` in which *person_id* takes
        part (every relation for ``None``)."""
        if person_id is None:
            return [
                (str(s), str(k), str(o))
                for s, k, o in self._rows(
                    "SELECT subject, kind, object FROM relations ORDER BY 1, 2, 3"
                )
            ]
        return [
            (str(s), str(k), str(o))
            for s, k, o in self._rows(
                "SELECT subject, kind, object FROM relations WHERE subject = ? "
                "UNION SELECT subject, kind, object FROM relations WHERE object = ? "
                "ORDER BY 1, 2, 3",
                (person_id, person_id),
            )
        ]

    def tandem(self, tandem_id: str) -> TandemRow | None:
        """A tandem's summary row."""
        rows = self._rows(f"SELECT {TANDEM_COLUMNS} FROM tandems WHERE tandem_id = ?", (tandem_id,))
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
            clauses.append("programme_key = ?")
            params.append(programme_key)
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if live is not None:
            clauses.append("ended_at IS NULL" if live else "ended_at IS NOT NULL")
        sql = f"SELECT {TANDEM_COLUMNS} FROM tandems"
        if person_id is not None:
            # Two indexed lookups beat one OR over both columns.
            base = " AND ".join(clauses)
            extra = f" AND {base}" if base else ""
            sql = (
                f"{sql} WHERE mentee = ?{extra} UNION "
                f"SELECT {TANDEM_COLUMNS} FROM tandems WHERE mentor = ?{extra}"
            )
            params = [person_id, *params, person_id, *params]
        elif clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [TandemRow(*r) for r in self._rows(sql + " ORDER BY position", tuple(params))]

    def acknowledged(self, key: str) -> bool:
        """Whether the due action *key* was acknowledged."""
        return bool(self._rows("SELECT 1 FROM acknowledgements WHERE key = ?", (key,)))

    def acknowledgements(self) -> frozenset[str]:
        """The keys of every acknowledged due action."""
        return frozenset(str(r[0]) for r in self._rows("SELECT key FROM acknowledgements"))

    def meeting_tandem(self, meeting_id: str) -> str | None:
        """The id of the tandem whose meeting *meeting_id* is, if any tandem's."""
        rows = self._rows("SELECT tandem_id FROM meetings WHERE meeting_id = ?", (meeting_id,))
        return str(rows[0][0]) if rows else None

    def messages(self, message_ids: tuple[str, ...] | None = None) -> list[MessageRow]:
        """Where the messages with *message_ids* stand (every message for ``None``)."""
        columns = "message_id, key, kind, recipient_id, status, attempts, retry_at, code, position"
        if message_ids is None:
            rows = self._rows(f"SELECT {columns} FROM messages ORDER BY position")
        else:
            rows = self._rows_in(f"SELECT {columns} FROM messages", "message_id", message_ids)
        return [MessageRow(*r) for r in rows]

    def preferences(self, person_id: str) -> dict[tuple[str, str], bool]:
        """The person's mail preferences: ``(programme, kind)`` → whether they want it."""
        rows = self._rows(
            "SELECT programme_key, kind, receive FROM mail_preferences WHERE person_id = ?",
            (person_id,),
        )
        return {(str(p), str(k)): bool(r) for p, k, r in rows}

    def feedback(self, tandem_ids: tuple[str, ...] | None = None) -> list[FeedbackRow]:
        """Who answered which request in the tandems with *tandem_ids* (all for ``None``)."""
        columns = "request_key, person_id, tandem_id, kind, role, given_at, position"
        if tandem_ids is None:
            rows = self._rows(f"SELECT {columns} FROM feedback ORDER BY position")
        else:
            found = self._rows_in(f"SELECT {columns} FROM feedback", "tandem_id", tandem_ids)
            rows = sorted(found, key=lambda r: r[-1])  # by position, across the slices too
        return [FeedbackRow(*r) for r in rows]

    def erased(self, subject: str) -> bool:
        """Whether the personal data of *subject* (``"person:<id>"``,
        ``"tandem:<id>"``) was erased."""
        return bool(self._rows("SELECT 1 FROM erasures WHERE subject = ?", (subject,)))

    def erasures(self) -> dict[str, str]:
        """Every erased subject with the time of its erasure (ISO)."""
        return {str(s): str(at) for s, at in self._rows("SELECT subject, erased_at FROM erasures")}

    def snapshot(self, stream_id: str) -> tuple[int, str] | None:
        """The newest snapshot of *stream_id*: ``(version, json)``; ``None`` also
        for one that was changed by hand (a snapshot is only a cache)."""
        rows = self._rows(
            "SELECT version, data, digest FROM snapshots WHERE stream_id = ?", (stream_id,)
        )
        if not rows:
            return None
        version, data, digest = rows[0]
        if not (type(version) is int and isinstance(data, str)):
            return None
        if digest != snapshot_digest(stream_id, version, data):
            return None
        return version, data


def _filters(**values: str | None) -> tuple[str, tuple[Any, ...]]:
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        return "", ()
    return " WHERE " + " AND ".join(f"{k} = ?" for k in given), tuple(given.values())
