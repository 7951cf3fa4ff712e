"""Opening a store by where it is: a SQLite path, or a PostgreSQL URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.store import EventStore
from mentorcore.adapters.store.progress import Progress
from mentorcore.adapters.store.sqlite import SQLiteEventStore
from mentorcore.errors import StoreError
from mentorcore.i18n import _

#: The URL schemes of a PostgreSQL database (libpq's).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path) -> bool:
    """Whether *location* names a PostgreSQL database rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def open_store(location: str | Path, *, rebuild_progress: Progress | None = None) -> EventStore:
    """The store at *location*: ``postgresql://…`` (the ``postgres`` extra), else
    a SQLite file (``":memory:"`` for a throwaway one).

    :raises StoreError: it cannot be opened, or PostgreSQL's driver is missing.
    """
    if not is_postgres(location):
        return SQLiteEventStore(location, rebuild_progress=rebuild_progress)
    try:
        from mentorcore.adapters.store.postgres import PostgresEventStore
    except ImportError as exc:
        raise StoreError(
            _(
                "PostgreSQL needs the driver: install mentorcore[postgres] ({problem})",
                problem=str(exc),
            )
        ) from exc
    return PostgresEventStore(str(location), rebuild_progress=rebuild_progress)


def seal_plain_events(
    store: EventStore, types: EventTypes, progress: Callable[[int, int], None] | None
) -> None:
    """Seal, once, the personal data an older mentorcore stored in plain JSON
    (stores that can; see :mod:`mentorcore.adapters.store.sqlite_reseal`)."""
    needs, seal = getattr(store, "needs_sealing", None), getattr(store, "seal", None)
    if callable(needs) and callable(seal) and needs():
        seal(types.resealed, progress)
