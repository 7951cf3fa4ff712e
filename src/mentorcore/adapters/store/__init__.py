"""Event stores: append-only streams with optimistic concurrency, and their read model.

A store keeps events as opaque ``(name, data)`` rows in streams (one per tandem,
one per person). Appending names the version the writer last saw; if the
stream moved on meanwhile, :class:`~mentorcore.errors.ConcurrencyConflict` is
raised and nothing is written. Appends to several streams are atomic, and the
read-model tables they change (:mod:`~mentorcore.adapters.store.projector`)
are written in the same transaction. :meth:`EventStore.transaction` holds one
unit of work: everything decided and appended inside is committed together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from attrs import frozen

if TYPE_CHECKING:
    from mentorcore.adapters.store.keys import KeyStore
    from mentorcore.adapters.store.queries import Queries


@frozen
class NewEvent:
    """An event to append: its serialized name and JSON payload."""

    name: str
    data: str


@frozen
class RecordedEvent:
    """A stored event.

    :ivar position: Global order across all streams (gapless only per store).
    :ivar stream_id: The stream, e.g. ``"tandem:<uuid>"``.
    :ivar version: 1 for a stream's first event, +1 for each next one.
    :ivar name: The event's serialized name.
    :ivar data: The event's JSON payload.
    """

    position: int
    stream_id: str
    version: int
    name: str
    data: str


@frozen
class Append:
    """Events for one stream, with the version the writer expects it to be at."""

    stream_id: str
    expected_version: int
    events: tuple[NewEvent, ...]


@frozen
class Snapshot:
    """A tandem's folded state at *version* of its stream, as JSON (a cache)."""

    stream_id: str
    version: int
    data: str


class EventStore(Protocol):
    """What the engine needs of a store. See ``tests/test_store_contract.py``.

    :ivar queries: The read-model queries over the projection tables.
    :ivar keys: The keys of data subjects (:mod:`.keys`); an engine may be
        given another key store instead.
    """

    queries: Queries
    keys: KeyStore

    def transaction(self) -> AbstractContextManager[None]:
        """One unit of work: reads inside see a state no other writer changes,
        appends inside are committed together at the end, or none on an exception.
        Nested blocks join the outer one."""
        ...

    def append(self, appends: Sequence[Append], snapshots: Sequence[Snapshot] = ()) -> int:
        """Append all *appends* atomically with the projections they change and
        *snapshots*; return the last global position.

        :raises ConcurrencyConflict: a stream is not at its expected version;
            nothing at all is written.
        """
        ...

    def read(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The events of *stream_id* with a version above *after_version*, in order.

        :raises CorruptEvent: naming the stream and version, where the stored
            stream is not what appends leave: a version missing or out of
            order, an event of another stream, text that cannot be decoded, or
            fewer or more events than were appended.
        """
        ...

    def version(self, stream_id: str) -> int:
        """The stream's current version (0 for a stream with no events).

        :raises CorruptEvent: the stored stream ends elsewhere than its appends did.
        """
        ...

    def read_all(self, after_position: int = 0) -> list[RecordedEvent]:
        """Every event after *after_position*, in global order."""
        ...

    def position(self) -> int:
        """The global position of the newest event (0 for an empty store)."""
        ...

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild every projection from the events; return how many were read.

        :raises CorruptEvent, StoreError: the log does not check; nothing changes.
        """
        ...

    def close(self) -> None:
        """Release the store's resources. Reading or writing afterwards fails."""
        ...


__all__ = ["Append", "EventStore", "NewEvent", "RecordedEvent", "Snapshot"]
