"""The one cattrs converter: domain objects and events to JSON and back.

This is the only module that imports cattrs. The converter is strict: no lax
coercion (``"60"`` is not an int), timezone-aware datetimes only, no unknown
keys. Failures become :class:`~mentorcore.errors.InvalidInput` (for input) or
:class:`~mentorcore.errors.CorruptEvent` (for stored rows) with the path of
each problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from cattrs import transform_error
from cattrs.errors import BaseValidationError
from cattrs.preconf.json import make_converter

from mentorcore.domain import Profile, Value
from mentorcore.errors import CorruptEvent, InvalidInput
from mentorcore.events import CORE_EVENTS, Event

T = TypeVar("T")

converter = make_converter(forbid_extra_keys=True)


def _strict(kind: type) -> Any:
    def hook(value: object, _: object) -> object:
        # bool is an int subclass: keep the two apart in both directions.
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return hook


for _kind in (str, int, float, bool):
    converter.register_structure_hook(_kind, _strict(_kind))


@converter.register_structure_hook
def _aware_datetime(value: object, _: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO datetime string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"datetime {value!r} must carry a UTC offset")
    return parsed


converter.register_unstructure_hook(UUID, str)


@converter.register_structure_hook
def _uuid(value: object, _: object) -> UUID:
    if not isinstance(value, str):
        raise TypeError(f"expected a UUID string, got {type(value).__name__}")
    return UUID(value)


@converter.register_structure_hook
def _plain_date(value: object, _: object) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    return date.fromisoformat(value)


@converter.register_unstructure_hook
def _profile_out(profile: Profile) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in profile.items}


@converter.register_structure_hook
def _profile_in(value: object, _: object) -> Profile:
    if not isinstance(value, dict):
        raise TypeError(f"a profile is an object of values, got {type(value).__name__}")
    values: dict[str, Value] = {}
    for key, item in value.items():
        if isinstance(item, list) and all(isinstance(x, str) for x in item):
            values[key] = tuple(item)
        elif isinstance(item, str | int | float | bool):
            values[key] = item
        else:
            raise TypeError(
                f"profile value {key!r} must be text, a number, yes/no or a list of text"
            )
    return Profile.of(values)


def _problems(exc: Exception) -> list[tuple[str, str]]:
    if isinstance(exc, BaseValidationError):
        return [_split(line) for line in transform_error(exc, path="$", format_exception=_describe)]
    return [("$", str(exc))]


def _describe(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    name = getattr(type_, "__name__", str(type_))
    return f"invalid value for {name}: {exc}"


def _split(line: str) -> tuple[str, str]:
    what, _, where = line.rpartition(" @ ")
    return (where, what) if what else ("$", line)


def to_data(obj: object, as_type: Any = None) -> Any:
    """Unstructure *obj* to JSON-compatible data."""
    return converter.unstructure(obj, unstructure_as=as_type)


def from_data(data: object, cls: type[T], *, context: str = "") -> T:
    """Structure *data* into *cls*.

    :raises InvalidInput: listing every problem with its ``$.path``.
    """
    if not isinstance(data, dict):
        raise InvalidInput(
            [("$", f"expected an object, got {type(data).__name__}")], context=context
        )
    try:
        return converter.structure(data, cls)
    except (BaseValidationError, KeyError, AttributeError, TypeError, ValueError) as exc:
        raise InvalidInput(_problems(exc), context=context) from exc


def dumps(obj: object) -> str:
    """*obj* as compact JSON text."""
    return json.dumps(to_data(obj), separators=(",", ":"), ensure_ascii=False)


def loads(text: str, cls: type[T], *, context: str = "") -> T:
    """Parse JSON *text* into *cls*; bad JSON is :class:`InvalidInput` too."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise InvalidInput([("$", f"not JSON: {exc}")], context=context) from exc
    return from_data(data, cls, context=context)


class EventTypes:
    """The event classes known to an engine, by stable serialized name."""

    def __init__(self, classes: Iterable[type[Event]] = CORE_EVENTS) -> None:
        self._by_name: dict[str, type[Event]] = {}
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

    def encode(self, event: Event) -> tuple[str, str]:
        """``(name, json)`` of *event* for storage."""
        if self._by_name.get(event.name) is not type(event):
            raise ValueError(f"{type(event).__qualname__} is not a registered event type")
        return event.name, dumps(event)

    def decode(self, stream_id: str, version: int, name: str, data: str) -> Event:
        """The event stored as *name*/*data*.

        :raises CorruptEvent: unknown name or a payload that does not fit it.
        """
        cls = self._by_name.get(name)
        if cls is None:
            raise CorruptEvent(stream_id, version, f"unknown event name {name!r}")
        try:
            return loads(data, cls)
        except InvalidInput as exc:
            raise CorruptEvent(stream_id, version, f"{name}: {exc}") from exc
