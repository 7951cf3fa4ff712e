"""Personal data sealed with its subject's key: erasable in an append-only log.

Each personal value of an event (the paths its class declares in
:attr:`~mentorcore.events.Event.personal`) is replaced in the stored JSON by
an envelope::

    {"$sealed": "<base64 nonce + AES-GCM ciphertext>", "by": "person:ana",
     "at": "tandem:…@7/agenda", "as": "text"}

``by`` names the data subject whose key seals it, ``at`` the stream, version
and field it was written to; both are the associated data of the cipher, so a
ciphertext moved to another field, event or subject no longer opens. ``as``
says what the value becomes once its key is destroyed: a placeholder text in
the reader's language, an empty list or object, or ``None``. Read models copy
envelopes as they are; an erasure scrubs them there to ``{"$erased": kind}``.

Only values are sealed, never ids, dates, counts or states: statistics,
cadence and the read model's indexes keep working after an erasure.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mentorcore.adapters.store.keys import KeyStore
from mentorcore.errors import CorruptEvent, StoreError
from mentorcore.i18n import Message, Text, _

SEALED = "$sealed"
ERASED = "$erased"
#: Quick test on stored text: only JSON holding one of these is walked.
MARKS = ('"$sealed"', '"$erased"')
_NONCE = 12
#: What an erased value reads as, by its ``as``.
_EMPTY: dict[str, Callable[[], Any]] = {"list": list, "object": dict, "none": lambda: None}


def placeholder() -> Message:
    """The text shown instead of erased personal data."""
    return _("[erased]")


class Unsealable(Exception):
    """A sealed value that cannot be opened though its key should be there."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class Sealer:
    """Seals and opens personal values with the keys of *keys*.

    :param erased: Whether a subject was erased (the read model's record of
        erasures): a missing key of an erased subject means a placeholder, a
        missing key of any other subject is an error (a key store lost or
        replaced), never silently shown as erased.
    """

    def __init__(self, keys: KeyStore, erased: Callable[[str], bool]) -> None:
        self.keys = keys
        self._erased = erased

    # ------------------------------------------------------------ sealing

    def seal(
        self, data: dict[str, Any], paths: tuple[str, ...], subject: str, stream: str, version: int
    ) -> dict[str, Any]:
        """Seal the values at *paths* of *data* (in place) for *subject*, bound to
        *stream* at *version*; empty values stay as they are. Returns *data*."""
        cipher: AESGCM | None = None
        for declared in paths:
            path = declared.rstrip("?")
            parent, leaf = _parent(data, path)
            value = parent.get(leaf) if parent is not None else None
            if value in (None, "", [], {}):
                continue
            if cipher is None:
                cipher = AESGCM(self.keys.create(subject))
            kind = "none" if declared.endswith("?") else _kind(value)
            assert parent is not None
            parent[leaf] = _envelope(cipher, value, subject, f"{stream}@{version}/{path}", kind)
        return data

    def seal_text(self, text: str, subject: str, bound: str) -> str:
        """*text* as a sealed envelope's JSON (a snapshot, say)."""
        cipher = AESGCM(self.keys.create(subject))
        return json.dumps(_envelope(cipher, text, subject, bound, "none"), separators=(",", ":"))

    # ------------------------------------------------------------ opening

    def open(
        self,
        data: Any,
        stream: str | None = None,
        version: int | None = None,
        *,
        ciphers: dict[str, Any] | None = None,
    ) -> Any:
        """*data* with every envelope opened, or replaced by its placeholder
        where the subject was erased. With *stream* and *version* (an event
        read from the log), each envelope must have been written there, at
        the path it is found at.

        :raises Unsealable: an envelope is malformed, moved, tampered with, or
            its subject's key is missing though the subject was not erased.

        *ciphers* caches the keys looked up, for a batch of values read
        together (within one read, so no erasure comes in between).
        """
        ciphers = {} if ciphers is None else ciphers
        where = f"{stream}@{version}/" if stream is not None else None
        return self._walk(data, "", where, ciphers)

    def open_text(self, sealed: str, subject: str, bound: str) -> str | None:
        """The text of a :meth:`seal_text` envelope, or ``None`` when it does not
        open (its key destroyed, or it was sealed elsewhere)."""
        try:
            envelope = json.loads(sealed)
            key = self.keys.key(subject)
            if key is None or not _is_envelope(envelope) or envelope["by"] != subject:
                return None
            if envelope["at"] != bound:
                return None
            value = _decrypt(AESGCM(key), envelope)
        except (ValueError, TypeError, InvalidTag, binascii.Error, Unsealable):
            return None
        return value if isinstance(value, str) else None

    def _walk(self, value: Any, path: str, where: str | None, ciphers: dict[str, Any]) -> Any:
        if isinstance(value, dict):
            if SEALED in value:
                return self._open(value, path, where, ciphers)
            if ERASED in value:
                return _erased_value(value.get(ERASED))
            return {
                k: self._walk(v, f"{path}.{k}" if path else k, where, ciphers)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._walk(v, path, where, ciphers) for v in value]
        return value

    def _open(
        self, envelope: dict[str, Any], path: str, where: str | None, ciphers: dict[str, Any]
    ) -> Any:
        if not _is_envelope(envelope):
            raise Unsealable(_("a sealed value at {path} is malformed", path=path or "$"))
        subject = envelope["by"]
        if where is not None and envelope["at"] != where + path:
            raise Unsealable(
                _(
                    "the sealed value at {path} was written to {at}: it was moved",
                    path=path,
                    at=envelope["at"],
                )
            )
        if subject not in ciphers:
            key = self.keys.key(subject)
            if key is None and not self._erased(subject):
                raise Unsealable(
                    _(
                        "the key of {subject} is missing from the key store, though its data "
                        "was never erased: restore the key store",
                        subject=subject,
                    )
                )
            ciphers[subject] = None if key is None else AESGCM(key)
        cipher = ciphers[subject]
        if cipher is None:
            return _erased_value(envelope["as"])
        try:
            return _decrypt(cipher, envelope)
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise Unsealable(
                _("the sealed value at {path} does not open: it was altered", path=path or "$")
            ) from exc


def open_or_raise(sealer: Sealer, data: Any, stream: str, version: int) -> Any:
    """:meth:`Sealer.open` for an event of the log, failing as a corrupt event."""
    try:
        return sealer.open(data, stream, version)
    except Unsealable as exc:
        raise CorruptEvent(stream, version, exc.message) from exc


def open_row(sealer: Sealer, data: Any, what: Text, ciphers: dict[str, Any] | None = None) -> Any:
    """:meth:`Sealer.open` for a row of the read model, failing as a store error."""
    try:
        return sealer.open(data, ciphers=ciphers)
    except Unsealable as exc:
        raise StoreError(
            _("the read model's {what} cannot be read: {problem}", what=what, problem=exc.message)
        ) from exc


def _parent(data: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    *steps, leaf = path.split(".")
    node: Any = data
    for step in steps:
        node = node.get(step) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else None), leaf


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "none"


def _aad(subject: str, bound: str) -> bytes:
    return f"{subject}\n{bound}".encode("utf-8", "surrogatepass")


def _envelope(cipher: AESGCM, value: object, subject: str, bound: str, kind: str) -> dict[str, str]:
    nonce = os.urandom(_NONCE)
    plain = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )
    sealed = nonce + cipher.encrypt(nonce, plain, _aad(subject, bound))
    return {
        SEALED: base64.b64encode(sealed).decode("ascii"),
        "by": subject,
        "at": bound,
        "as": kind,
    }


def _decrypt(cipher: AESGCM, envelope: dict[str, Any]) -> Any:
    raw = base64.b64decode(envelope[SEALED], validate=True)
    plain = cipher.decrypt(raw[:_NONCE], raw[_NONCE:], _aad(envelope["by"], envelope["at"]))
    return json.loads(plain.decode("utf-8", "surrogatepass"))


def _is_envelope(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    get = value.get
    return (
        type(get(SEALED)) is str
        and type(get("by")) is str
        and type(get("at")) is str
        and type(get("as")) is str
    )


def _erased_value(kind: object) -> Any:
    make = _EMPTY.get(kind) if isinstance(kind, str) else None
    return make() if make is not None else placeholder().render()


def scrubbed(value: Any) -> Any:
    """*value* with every envelope replaced by its erased marker (for read models)."""
    if isinstance(value, dict):
        if SEALED in value:
            return {ERASED: value.get("as", "text")}
        return {k: scrubbed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrubbed(v) for v in value]
    return value
