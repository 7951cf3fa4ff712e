"""The one cattrs converter: domain objects and events to JSON and back.

This is the only module that imports cattrs. The converter is strict: no lax
coercion (``"60"`` is not an int), timezone-aware datetimes only, no unknown
keys. Failures become :class:`~mentorcore.errors.InvalidInput` (for input) or
:class:`~mentorcore.errors.CorruptEvent` (for stored rows) with the path of
each problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from cattrs import transform_error
from cattrs.errors import BaseValidationError
from cattrs.preconf.json import make_converter

from mentorcore.adapters.sealing import MARKS
from mentorcore.domain import (
    Agreement,
    AgreementState,
    AgreementTerms,
    Goal,
    GoalId,
    GoalStatus,
    Meeting,
    MeetingFormat,
    MeetingId,
    MeetingKind,
    MeetingStatus,
    Origin,
    PersonId,
    Profile,
    Record,
    Role,
    Tandem,
    TandemId,
    TandemStatus,
    Value,
)
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, Text, _, mark

T = TypeVar("T")

converter = make_converter(forbid_extra_keys=True)


class Unfit(TypeError):
    """A value that does not fit its field; :attr:`message` says why, translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


def _got(msgid: str, value: object, **params: object) -> Unfit:
    """*msgid* (marked by the caller) with the type of *value* as ``{got}``."""
    return Unfit(Message(msgid, {"got": type(value).__name__, **params}, "mentorcore"))


def _strict(kind: type) -> Any:
    def hook(value: object, _cls: object) -> object:
        # bool is an int subclass: keep the two apart in both directions.
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise _got(mark("expected {expected}, got {got}"), value, expected=kind.__name__)
        return value

    return hook


for _kind in (str, int, float, bool):
    converter.register_structure_hook(_kind, _strict(_kind))


@converter.register_structure_hook
def _aware_datetime(value: object, _cls: object) -> datetime:
    if not isinstance(value, str):
        raise _got(mark("expected an ISO datetime string, got {got}"), value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise Unfit(_("datetime {value} must carry a UTC offset", value=repr(value)))
    return parsed


converter.register_unstructure_hook(UUID, str)


@converter.register_structure_hook
def _uuid(value: object, _cls: object) -> UUID:
    if not isinstance(value, str):
        raise _got(mark("expected a UUID string, got {got}"), value)
    return UUID(value)


@converter.register_structure_hook
def _plain_date(value: object, _cls: object) -> date:
    if not isinstance(value, str):
        raise _got(mark("expected an ISO date string, got {got}"), value)
    return date.fromisoformat(value)


@converter.register_unstructure_hook
def _profile_out(profile: Profile) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in profile.items}


@converter.register_structure_hook
def _profile_in(value: object, _cls: object) -> Profile:
    if not isinstance(value, dict):
        raise _got(mark("a profile is an object of values, got {got}"), value)
    values: dict[str, Value] = {}
    for key, item in value.items():
        if isinstance(item, list) and all(isinstance(x, str) for x in item):
            values[key] = tuple(item)
        elif isinstance(item, str | int | float | bool):
            values[key] = item
        else:
            raise Unfit(
                _(
                    "profile value {key} must be text, a number, yes/no or a list of text",
                    key=repr(key),
                )
            )
    return Profile.of(values)


# ---------------------------------------------------------------- the fold's values
# Meetings, goals, records and agreement versions are never input: they exist
# only in a tandem's folded state, read back from snapshots. cattrs' generated
# code spent about 180 µs on one meeting (hooks per field, enums, frozensets),
# most of the time of loading a tandem; these direct constructors do the same
# checks for a tenth of it. A malformed snapshot still fails (and is then
# ignored for the stream's events).


def _typed(value: object, kind: type[T]) -> T:
    if type(value) is not kind:
        raise _got(mark("expected {expected}, got {got}"), value, expected=kind.__name__)
    return value


def _moment(value: object) -> datetime:
    return _aware_datetime(value, datetime)


def _roles(value: object) -> frozenset[Role]:
    return frozenset(Role(_typed(r, str)) for r in _typed(value, list))


def _texts(value: object) -> tuple[str, ...]:
    return tuple(_typed(x, str) for x in _typed(value, list))


@converter.register_structure_hook
def _record_in(d: Any, _cls: object) -> Record:
    return Record(
        _typed(d["template_key"], str),
        _typed(d["purpose"], str),
        _profile_in(d["values"], Profile),
        Role(d["author"]),
        _moment(d["written_at"]),
    )


def _record_or_none(value: object) -> Record | None:
    return None if value is None else _record_in(value, Record)


@converter.register_structure_hook
def _meeting_in(d: Any, _cls: object) -> Meeting:
    return Meeting(
        id=MeetingId(_uuid(d["id"], UUID)),
        kind=MeetingKind(d["kind"]),
        format=MeetingFormat(d["format"]),
        start=_moment(d["start"]),
        duration_minutes=_typed(d["duration_minutes"], int),
        status=MeetingStatus(d["status"]),
        proposed_by=Role(d["proposed_by"]),
        proposed_at=_moment(d["proposed_at"]),
        changed_at=_moment(d["changed_at"]),
        place=_typed(d["place"], str),
        agenda=_typed(d["agenda"], str),
        topics=_texts(d["topics"]),
        sequence=_typed(d["sequence"], int),
        accepted_by=_roles(d["accepted_by"]),
        declined_by=_roles(d["declined_by"]),
        attended_by=_roles(d["attended_by"]),
        reason=_typed(d["reason"], str),
        preparation=_record_or_none(d["preparation"]),
        notes=_record_or_none(d["notes"]),
    )


@converter.register_structure_hook
def _goal_in(d: Any, _cls: object) -> Goal:
    reviewed = d["reviewed_at"]
    return Goal(
        GoalId(_uuid(d["id"], UUID)),
        _typed(d["text"], str),
        _moment(d["set_at"]),
        GoalStatus(d["status"]),
        None if reviewed is None else _moment(reviewed),
        _typed(d["note"], str),
    )


def _maybe_moment(value: object) -> datetime | None:
    return None if value is None else _moment(value)


@converter.register_structure_hook
def _agreement_in(d: Any, _cls: object) -> Agreement:
    return Agreement(
        _typed(d["version"], int),
        converter.structure(d["terms"], AgreementTerms),
        AgreementState(d["state"]),
        Role(d["author"]),
        _roles(d["approved_by"]),
        _typed(d["comments"], str),
    )


@converter.register_structure_hook
def _tandem_in(d: Any, _cls: object) -> Tandem:
    agreement, proposal, predecessor = d["agreement"], d["proposal"], d["predecessor"]
    return Tandem(
        id=TandemId(_uuid(d["id"], UUID)),
        programme_key=_typed(d["programme_key"], str),
        mentee=PersonId(_typed(d["mentee"], str)),
        mentor=PersonId(_typed(d["mentor"], str)),
        origin=Origin(d["origin"]),
        status=TandemStatus(d["status"]),
        created_at=_moment(d["created_at"]),
        version=_typed(d["version"], int),
        track=None if d["track"] is None else _typed(d["track"], str),
        predecessor=None if predecessor is None else TandemId(_uuid(predecessor, UUID)),
        opted_in=_roles(d["opted_in"]),
        agreement=None if agreement is None else _agreement_in(agreement, Agreement),
        proposal=None if proposal is None else _agreement_in(proposal, Agreement),
        goals=tuple(_goal_in(g, Goal) for g in _typed(d["goals"], list)),
        activated_at=_maybe_moment(d["activated_at"]),
        closing_since=_maybe_moment(d["closing_since"]),
        ended_at=_maybe_moment(d["ended_at"]),
        end_reason=_typed(d["end_reason"], str),
        rematch_requested=_typed(d["rematch_requested"], bool),
        last_activity_at=_maybe_moment(d["last_activity_at"]),
        meetings=tuple(_meeting_in(m, Meeting) for m in _typed(d["meetings"], list)),
        settled_topics=_texts(d.get("settled_topics", [])),  # snapshots before CORE-TOPICS
    )


def _problems(exc: Exception) -> list[tuple[str, Text]]:
    if not isinstance(exc, BaseValidationError):
        return [("$", _said(exc))]
    # cattrs formats each problem as text; keep the messages aside and let
    # it format their numbers, to pair them with the paths it finds.
    found: list[Text] = []

    def describe(inner: BaseException, type_: Any) -> str:
        found.append(_describe(inner, type_))
        return str(len(found) - 1)

    lines = transform_error(exc, path="$", format_exception=describe)
    problems: list[tuple[str, Text]] = []
    for where, what in map(_split, lines):
        problems.append((where, found[int(what)] if what.isdigit() else what))
    return problems


def _said(exc: BaseException) -> Message:
    return exc.message if isinstance(exc, Unfit) else Message.literal(str(exc))


def _describe(exc: BaseException, type_: Any) -> Text:
    if isinstance(exc, KeyError):
        return _("required field missing")
    name = getattr(type_, "__name__", str(type_))
    return _("invalid value for {type}: {problem}", type=name, problem=_said(exc))


def _split(line: str) -> tuple[str, str]:
    what, _sep, where = line.rpartition(" @ ")
    return (where, what) if what else ("$", line)


def to_data(obj: object, as_type: Any = None) -> Any:
    """Unstructure *obj* to JSON-compatible data."""
    return converter.unstructure(obj, unstructure_as=as_type)


def from_data(data: object, cls: type[T], *, context: Text = "") -> T:
    """Structure *data* into *cls*.

    :raises InvalidInput: listing every problem with its ``$.path``.
    """
    if not isinstance(data, dict):
        raise InvalidInput(
            [("$", _("expected an object, got {got}", got=type(data).__name__))], context=context
        )
    try:
        return converter.structure(data, cls)
    except (BaseValidationError, KeyError, AttributeError, TypeError, ValueError) as exc:
        raise InvalidInput(_problems(exc), context=context) from exc


def dumps(obj: object) -> str:
    """*obj* as compact JSON text."""
    return json.dumps(to_data(obj), separators=(",", ":"), ensure_ascii=False)


def loads(
    text: str, cls: type[T], *, context: Text = "", opener: Callable[[Any], Any] | None = None
) -> T:
    """Parse JSON *text* into *cls*; bad JSON is :class:`InvalidInput` too.

    *opener* (:meth:`~mentorcore.adapters.sealing.Sealer.open`) opens sealed
    values first, where the text holds any.
    """
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:  # also too deep, or too long a number
        raise InvalidInput(
            [("$", _("not JSON: {problem}", problem=Message.literal(str(exc))))], context=context
        ) from exc
    if opener is not None and any(mark in text for mark in MARKS):
        data = opener(data)
    return from_data(data, cls, context=context)
