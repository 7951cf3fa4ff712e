"""Request bodies made from the library's attrs classes, so the OpenAPI schema
describes each command's fields exactly as the command declares them.

:func:`body_model` turns an attrs class (a command, agreement terms) into a
pydantic model of the same fields, types and defaults, less the ids the path
gives. The model only describes and pre-checks: :func:`command_from` hands
what the client sent to the library's own strict converter
(:func:`mentorcore.adapters.serialization.from_data`), whose
:class:`~mentorcore.errors.InvalidInput` is the final word (a 422).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union
from uuid import UUID

import attrs
from pydantic import BaseModel, ConfigDict, Field, create_model

from mentorcore.adapters.serialization import from_data

T = TypeVar("T")


class Body(BaseModel):
    """Base of the generated bodies: unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid")


def _field_type(hint: Any) -> Any:
    """The pydantic type describing what JSON a field of type *hint* takes."""
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:  # NewType: TandemId, MeetingId, GoalId
        return _field_type(supertype)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return Union[tuple(_field_type(a) for a in args)]  # noqa: UP007
    if origin in (tuple, frozenset, set, list):
        return list[_field_type(args[0])] if args else list[Any]  # type: ignore[misc]
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return dict[str, Any]
    if isinstance(hint, type) and attrs.has(hint):
        return body_model(hint, ())
    if hint in (str, int, float, bool, datetime, date, UUID, type(None)) or (
        isinstance(hint, type) and issubclass(hint, enum.Enum)
    ):
        return hint
    return Any


@cache
def body_model(cls: type, exclude: tuple[str, ...] = ("tandem_id", "meeting_id")) -> type[Body]:
    """A pydantic model of *cls*'s attrs fields, less *exclude* (the ids the path gives)."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    for f in attrs.fields(cls):
        if f.name in exclude or not f.init:
            continue
        kind = _field_type(hints[f.name])
        if f.default is attrs.NOTHING:
            fields[f.name] = (kind, Field())
        elif isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
            fields[f.name] = (kind, Field(default_factory=f.default.factory))
        else:
            default = f.default
            if isinstance(default, frozenset | tuple):
                default = list(default)
            fields[f.name] = (kind, Field(default=default))
    name = cls.__name__ if not exclude else f"{cls.__name__}Body"
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return create_model(name, __base__=Body, __doc__=doc, **fields)


def command_from(cls: type[T], body: BaseModel | None, **ids: object) -> T:
    """The command *cls* from the client's *body* and the *ids* of the path.

    Only the fields the client sent are passed on, so the command's own
    defaults apply to the rest.

    :raises InvalidInput: the library's converter refuses the values.
    """
    data = body.model_dump(mode="json", exclude_unset=True) if body is not None else {}
    data.update({k: str(v) for k, v in ids.items()})
    return from_data(data, cls)


__all__ = ["Body", "body_model", "command_from"]
