"""Events to stored rows and back: serialized names, JSON, sealed personal values.

An engine knows its event classes by their stable ``name``; encoding seals
the personal values an event declares (:mod:`mentorcore.adapters.sealing`),
decoding opens them and checks the payload against its class.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from mentorcore.adapters.sealing import MARKS, Sealer, Unsealable
from mentorcore.adapters.serialization import dumps, from_data, loads, to_data
from mentorcore.adapters.store import RecordedEvent
from mentorcore.errors import CorruptEvent, InvalidInput
from mentorcore.events import CORE_EVENTS, Event
from mentorcore.i18n import Message, _


class EventTypes:
    """The event classes known to an engine, by stable serialized name.

    :param sealer: Seals the personal values of events on the way in and
        opens them on the way out (:mod:`mentorcore.adapters.sealing`);
        without one, events are stored as they are.
    """

    def __init__(
        self, classes: Iterable[type[Event]] = CORE_EVENTS, *, sealer: Sealer | None = None
    ) -> None:
        self._by_name: dict[str, type[Event]] = {}
        self.sealer = sealer
        for cls in classes:
            self.add(cls)

    def add(self, cls: type[Event]) -> None:
        """Know *cls* by its ``name``; two classes may not share a name."""
        known = self._by_name.get(cls.name)
        if known is not None and known is not cls:
            raise ValueError(f"event name {cls.name!r} is used by {known.__qualname__} already")
        self._by_name[cls.name] = cls

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def encode(self, event: Event, stream: str = "", version: int = 0) -> tuple[str, str]:
        """``(name, json)`` of *event* for storage as *version* of *stream*,
        its personal values sealed (where the engine has a sealer)."""
        if self._by_name.get(event.name) is not type(event):
            raise ValueError(f"{type(event).__qualname__} is not a registered event type")
        subject = event.data_subject
        if self.sealer is None or not event.personal or subject is None:
            return event.name, dumps(event)
        if not stream or version < 1:
            raise ValueError("a sealed event needs the stream and version it is written to")
        data = self.sealer.seal(to_data(event), event.personal, subject, stream, version)
        return event.name, json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    def decode(self, stream_id: str, version: int, name: str, data: str) -> Event:
        """The event stored as *name*/*data*, its sealed values opened (or
        placeholders where their subject was erased).

        :raises CorruptEvent: unknown name, a payload that does not fit it, or
            a sealed value that does not open.
        """
        cls = self._by_name.get(name)
        if cls is None:
            raise CorruptEvent(stream_id, version, _("unknown event name {name}", name=repr(name)))
        try:
            if self.sealer is not None and any(mark in data for mark in MARKS):
                opened = self.sealer.open(_parsed(data), stream_id, version)
                return from_data(opened, cls)
            return loads(data, cls)
        except Unsealable as exc:
            raise CorruptEvent(stream_id, version, exc.message) from exc
        except InvalidInput as exc:
            raise CorruptEvent(
                stream_id, version, _("{event}: {problem}", event=name, problem=exc.message)
            ) from exc

    def resealed(self, record: RecordedEvent) -> str | None:
        """The data of *record* with its personal values sealed, where an older
        mentorcore stored them in plain JSON; ``None`` to leave it as it is
        (sealed already, nothing personal, or undecodable: reads report that)."""
        cls = self._by_name.get(record.name)
        if self.sealer is None or cls is None or not cls.personal:
            return None
        if any(mark in record.data for mark in MARKS):
            return None
        try:
            event = self.decode(record.stream_id, record.version, record.name, record.data)
        except CorruptEvent:
            return None
        if event.data_subject is None:
            return None
        return self.encode(event, record.stream_id, record.version)[1]


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:
        raise InvalidInput(
            [("$", _("not JSON: {problem}", problem=Message.literal(str(exc))))]
        ) from exc
