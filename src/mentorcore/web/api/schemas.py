"""The schemas of the API's answers, for the OpenAPI document.

:func:`answer_model` describes what :func:`~mentorcore.web.api.encoding.jsonable`
makes of an attrs class (every field, texts as strings, decisions as
``{rule_id, reason, allowed}``); :data:`ERRORS` the error answers of
:mod:`mentorcore.web.errors`. They describe only: answers are not validated
against them on the way out (tests/test_web_schema.py checks that they fit).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, Union
from uuid import UUID

import attrs
from pydantic import BaseModel, create_model

from mentorcore.decision import Decision
from mentorcore.domain import Actor, Profile
from mentorcore.i18n import Message


class Rule(BaseModel):
    """A decision: the rule, why, and whether it allowed."""

    rule_id: str
    reason: str
    allowed: bool


class Problem(BaseModel):
    """What is wrong with one field of the input."""

    field: str
    problem: str


class Error(BaseModel):
    """An error answer: its kind, the message in the viewer's language, the
    decisions (refusals first), and for bad input each problem."""

    error: str
    message: str
    rules: list[Rule]
    problems: list[Problem] | None = None
    kind: str | None = None


def _error(description: str) -> dict[str, Any]:
    return {"model": Error, "description": description}


#: The error answers every operation may give.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Nobody is signed in (the host's authentication named no one)."),
    403: _error("Refused by a rule, or not visible to the viewer; `rules` names them."),
    404: _error("No such programme, person, tandem, meeting, goal or due action."),
    409: _error("Another writer got there first, or If-Match names an older version."),
    415: _error("A write without a JSON body (CSRF protection)."),
    422: _error("Bad input; `problems` names each field."),
}


def _answer_type(hint: Any) -> Any:
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:
        return _answer_type(supertype)
    if hint is Message:
        return str
    if hint is Decision:
        return Rule
    if hint is Profile or hint is object or hint is Any:
        return dict[str, Any] if hint is Profile else Any
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):
        members = tuple(dict.fromkeys(_answer_type(a) for a in args))
        return Union[members]  # noqa: UP007
    if origin in (tuple, frozenset, set, list):
        if (len(args) == 2 and args[1] is not Ellipsis) or len(args) > 2:
            return list[Any]  # a fixed tuple (pairs): items of several kinds
        return list[_answer_type(args[0])] if args else list[Any]  # type: ignore[misc]
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return dict[str, Any]
    if isinstance(hint, type) and attrs.has(hint) and hint is not Actor:
        return answer_model(hint)
    if hint is Actor:
        return answer_model(Actor)
    if hint in (str, int, float, bool, datetime, date, UUID, type(None)) or (
        isinstance(hint, type) and issubclass(hint, enum.Enum)
    ):
        return hint
    return Any


@cache
def answer_model(cls: type) -> type[BaseModel]:
    """A pydantic model of what the API answers for an instance of attrs class *cls*."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {
        f.name: (_answer_type(hints[f.name]), ...)
        for f in attrs.fields(cls)
        if not f.name.startswith("_")
    }
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    model: type[BaseModel] = create_model(cls.__name__, __doc__=doc, **fields)
    return model


def answers(cls: type, status: int = 200, *, many: bool = False) -> dict[int | str, Any]:
    """``responses=`` for an operation answering *cls* (a list of them if *many*)."""
    model: Any = answer_model(cls)
    return {status: {"model": list[model] if many else model}}


@cache
def _partial_model(cls: type) -> type[BaseModel]:
    model: type[BaseModel] = create_model(
        f"{cls.__name__}List",
        __doc__="The items a read over many tandems found, and the tandems it left out.",
        items=(list[answer_model(cls)], ...),  # type: ignore[arg-type,misc]
        skipped=(list[Any], ...),
    )
    return model


def partial_answers(cls: type) -> dict[int | str, Any]:
    """``responses=`` for an operation answering ``{"items": [cls...], "skipped": [...]}``."""
    return {200: {"model": _partial_model(cls)}}


__all__ = [
    "ERRORS",
    "Error",
    "Problem",
    "Rule",
    "answer_model",
    "answers",
    "partial_answers",
]
