"""Checks of the event log as it is read: is every stream whole, in order, its own?

mentorcore only appends: a stream's versions run 1, 2, 3, ... in the order of
their global positions, every event names the stream's owner (a tandem's
events its ``tandem_id``, a person's their ``person_id``), the log's positions
run 1, 2, 3, ... without gaps, and the read model records each stream's last
version (its head). A row deleted, renumbered, moved to another stream or
edited into something undecodable breaks one of these; the checks here say
which stream and version, as :class:`~mentorcore.errors.CorruptEvent`, instead
of letting a fold silently produce another state.
"""

from __future__ import annotations

import json
from typing import Any

from mentorcore.adapters.store import RecordedEvent
from mentorcore.adapters.store.streams import stream_owner
from mentorcore.errors import CorruptEvent, StoreError
from mentorcore.i18n import _


class StreamCheck:
    """Follows one stream's rows in version order from *after* + 1.

    :param stream_id: The stream.
    :param after: The version before the first row expected.
    """

    def __init__(self, stream_id: str, after: int = 0) -> None:
        self.stream_id = stream_id
        self.last = after
        self._after = after
        self._position = 0

    def row(self, position: int, version: object) -> int:
        """Accept the next row or say what is wrong with it; return its version.

        :raises CorruptEvent: a version is missing, not a whole number, or
            stored out of order.
        """
        expected = self.last + 1
        if type(version) is int and version < expected:
            raise CorruptEvent(
                self.stream_id, version, _("versions count from 1, one event each, in order")
            )
        if type(version) is not int or version != expected:
            if type(version) is int:
                why = _(
                    "it is missing: the next stored event has version {version}", version=version
                )
            else:
                why = _(
                    "it is missing: a stored version is {version} instead", version=repr(version)
                )
            raise CorruptEvent(self.stream_id, expected, why)
        if position <= self._position:
            raise CorruptEvent(
                self.stream_id,
                version,
                _(
                    "it was stored before version {before} (position {position} < {other}): "
                    "the stream's events were reordered or moved",
                    before=version - 1,
                    position=position,
                    other=self._position,
                ),
            )
        self._position = position
        self.last = version
        return version

    def end(self, head: object) -> None:
        """The stream ended at :attr:`last`; *head* is the version the read model
        recorded for it (``None``: no record, so no events expected).

        :raises CorruptEvent: the log has fewer or more events than mentorcore wrote.
        """
        if head == self.last or (head is None and self.last == self._after):
            return
        if type(head) is int and head < self._after:
            return  # the caller asked past the end: nothing to compare
        if type(head) is int and head > self.last:
            raise CorruptEvent(
                self.stream_id,
                self.last + 1,
                _(
                    "it is missing: mentorcore wrote the stream up to version {head}, "
                    "the log ends at {last}",
                    head=head,
                    last=self.last,
                ),
            )
        if head is None:
            why = _(
                "it was not written by mentorcore: the read model has no version of the "
                "stream; rebuild the read model if the log is right"
            )
        else:
            why = _(
                "it was not written by mentorcore: the read model has the stream at version "
                "{head}; rebuild the read model if the log is right",
                head=repr(head),
            )
        raise CorruptEvent(self.stream_id, self.last, why)


def text(stream_id: str, version: object, value: object, what: str) -> str:
    """A column's value as text (rows are read as bytes, so bad UTF-8 is caught here).

    :raises CorruptEvent: the value is not UTF-8 text.
    """
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorruptEvent(
                stream_id,
                _int(version),
                _("its column {column} is not UTF-8: {problem}", column=what, problem=str(exc)),
            ) from None
    if isinstance(value, str):
        return value
    raise CorruptEvent(
        stream_id,
        _int(version),
        _("its column {column} is {value}, not text", column=what, value=repr(value)),
    )


def texts(stream: object, version: object, name: object, data: object) -> tuple[str, str, str]:
    """A row's stream id, name and data as text (see :func:`text`)."""
    try:
        return stream.decode(), name.decode(), data.decode()  # type: ignore[attr-defined]
    except (AttributeError, UnicodeDecodeError):
        stream_id = text(repr(stream), version, stream, "stream_id")
        return (
            stream_id,
            text(stream_id, version, name, "name"),
            text(stream_id, version, data, "data"),
        )


def check_owner(stream_id: str, version: int, field: str, owner: str, data: str) -> None:
    """The event's JSON *data* must name the stream's *owner* in *field*.

    Data that is no JSON object, or lacks the field, is left to the decoder
    (which says what is wrong with it).

    :raises CorruptEvent: the event belongs to another stream.
    """
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        return
    found = parsed.get(field) if isinstance(parsed, dict) else None
    if found is not None and found != owner:
        raise CorruptEvent(
            stream_id,
            version,
            _(
                "its {field} is {found}: the event belongs to another stream",
                field=field,
                found=repr(found),
            ),
        )


def check_positions(db: Any, projected: int | None) -> None:
    """On *db* (a SQLite or psycopg connection), the log's positions run 1..n
    without gaps, and reach *projected* (the last position the read model saw,
    if known).

    :raises StoreError: events were deleted from the log.
    """
    count, low, high = db.execute(
        "SELECT COUNT(*), MIN(position), MAX(position) FROM events"
    ).fetchone()
    if count == 0:
        low = high = 0
    elif low < 1:
        raise StoreError(
            _("an event of the log has position {low}: positions count from 1", low=low)
        )
    elif high != count:
        gap = 1 if low != 1 else _first_gap(db)
        raise StoreError(
            _(
                "the event at position {gap} was deleted from the log (it holds {count} "
                "events up to position {high}): restore the database from a backup",
                gap=gap,
                count=count,
                high=high,
            )
        )
    if projected is not None and high < projected:
        raise StoreError(
            _(
                "the newest events were deleted from the log: the read model saw position "
                "{projected}, the log ends at {high}; restore the database from a backup",
                projected=projected,
                high=high,
            )
        )


def check_references(db: Any) -> None:
    """Every tandem's mentee and mentor, and every relation's people, are registered.

    :raises CorruptEvent: a tandem names an unknown person (its creation event).
    :raises StoreError: a relation names an unknown person.
    """
    row = db.execute(
        "SELECT tandem_id, person FROM ("
        " SELECT tandem_id, mentee AS person FROM tandems UNION ALL"
        " SELECT tandem_id, mentor FROM tandems) AS people"
        " WHERE person NOT IN (SELECT person_id FROM persons) LIMIT 1"
    ).fetchone()
    if row:
        raise CorruptEvent(
            f"tandem:{row[0]}",
            1,
            _("it names {person}, who is not registered", person=repr(row[1])),
        )
    row = db.execute(
        "SELECT subject, kind, object FROM relations"
        " WHERE subject NOT IN (SELECT person_id FROM persons)"
        " OR object NOT IN (SELECT person_id FROM persons) LIMIT 1"
    ).fetchone()
    if row:
        raise StoreError(
            _(
                "the log declares the relation {relation} with a person who is not "
                "registered: a registration was deleted",
                relation=" ".join(str(part) for part in row),
            )
        )


def _first_gap(db: Any) -> int:
    row = db.execute(
        "SELECT MIN(position) + 1 FROM events e WHERE NOT EXISTS "
        "(SELECT 1 FROM events f WHERE f.position = e.position + 1) "
        "AND e.position < (SELECT MAX(position) FROM events)"
    ).fetchone()
    return int(row[0])


def _int(version: object) -> int:
    return version if type(version) is int else 0


def checked_rows(
    stream_id: str,
    after_version: int,
    rows: list[tuple[object, ...]],
    into: list[RecordedEvent] | None = None,
) -> StreamCheck:
    """Check ``(head, position, version, name, data)`` rows of one stream read
    after *after_version* (appending them to *into* as recorded events).

    :raises CorruptEvent: a version is missing or out of order, text does not
        decode, an event is another stream's, or the stream ends elsewhere
        than its head says.
    """
    owner = stream_owner(stream_id)
    # mentorcore writes an event's owner right after its actor object: where
    # that text is found the event is the stream's; elsewhere it is parsed.
    mark = f'}},"{owner[0]}":"{owner[1]}",' if owner else ""
    check = StreamCheck(stream_id, after_version)
    head = rows[0][0] if rows else None
    for _head, position, version, raw_name, raw_data in rows:
        if position is None:
            continue  # the head alone: the stream has no event after *after_version*
        assert isinstance(position, int)
        v = check.row(position, version)
        try:
            name, data = raw_name.decode(), raw_data.decode()  # type: ignore[attr-defined]
        except (AttributeError, UnicodeDecodeError):
            name = text(stream_id, v, raw_name, "name")
            data = text(stream_id, v, raw_data, "data")
        if owner is not None and mark not in data:
            check_owner(stream_id, v, owner[0], owner[1], data)
        if into is not None:
            into.append(RecordedEvent(position, stream_id, v, name, data))
    check.end(head)
    return check
