"""Key stores: one secret key per data subject, kept apart from the events.

Personal data in events is sealed with its subject's key
(:mod:`mentorcore.adapters.sealing`); destroying the key erases the data
everywhere it was copied, while the append-only log stays whole. A subject is
``"person:<id>"`` or ``"tandem:<id>"``.

The default store keeps the keys in a table of the SQLite database, written in
the same transaction as the events (:mod:`.sqlite_keys`). A host may pass its
own :class:`KeyStore` (a key management service, a separate database): it
must answer ``None`` for a destroyed key at once, in every process, and keep
no copy of it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Collection
from typing import Protocol

from mentorcore.errors import MentorcoreError
from mentorcore.i18n import _

#: Bytes of a key: AES-256.
KEY_BYTES = 32


class KeyDestroyed(MentorcoreError):
    """A key was asked to be made for a subject whose key was destroyed: an
    erased subject gets no new personal data."""

    def __init__(self, subject: str) -> None:
        super().__init__(
            _(
                "the personal data of {subject} was erased; nothing new is kept for it",
                subject=subject,
            )
        )
        self.subject = subject


class KeyStore(Protocol):
    """Where the keys of data subjects live."""

    def key(self, subject: str) -> bytes | None:
        """The subject's key, or ``None`` if it has none (never made, or destroyed)."""
        ...

    def create(self, subject: str) -> bytes:
        """The subject's key, made now (randomly, :data:`KEY_BYTES` long) if it has none.

        :raises KeyDestroyed: the subject's key was destroyed.
        """
        ...

    def destroy(self, subjects: Collection[str]) -> None:
        """Destroy the keys of *subjects* for good (no copy may remain)."""
        ...


def new_key() -> bytes:
    """A fresh random key."""
    return secrets.token_bytes(KEY_BYTES)


class MemoryKeyStore:
    """Keys in a dict: for tests, and the model of a host's own key store."""

    def __init__(self) -> None:
        self._keys: dict[str, bytes | None] = {}
        self._lock = threading.Lock()

    def key(self, subject: str) -> bytes | None:
        """The subject's key, if it has one."""
        return self._keys.get(subject)

    def create(self, subject: str) -> bytes:
        """The subject's key, made now if need be."""
        with self._lock:
            if subject in self._keys:
                found = self._keys[subject]
                if found is None:
                    raise KeyDestroyed(subject)
                return found
            made = self._keys[subject] = new_key()
            return made

    def destroy(self, subjects: Collection[str]) -> None:
        """Forget the keys of *subjects* (a tombstone stays, so none is made again)."""
        with self._lock:
            for subject in subjects:
                self._keys[subject] = None
