"""The projector: what each stored event changes in the read-model tables.

One function of the *raw* event (its name and decoded JSON), used twice: inline,
inside the transaction that appends the event, and when every projection is
rebuilt from the log. Working on JSON rather than on decoded domain objects is
what makes a rebuild cost a small multiple of ``json.loads`` (decoding and
folding whole tandems is ten times slower); tandem summaries follow the same
transition table as :mod:`mentorcore.lifecycle.fold`, so they cannot disagree.

Every projection depends only on the order of events *within* their stream
(a person's enrolments and relations live in that person's stream), which lets
a rebuild read the log stream by stream with constant memory.
"""

from __future__ import annotations

import json
from typing import Any

from mentorcore import events as ev
from mentorcore.adapters.store.rows import FeedbackRow, MessageRow, Tables, TandemRow
from mentorcore.adapters.store.streams import stream_owner
from mentorcore.i18n import Message, _
from mentorcore.lifecycle.tandem import NEW, TRANSITIONS

#: Raised to the store when a stored event cannot be projected (a corrupt log).
__all__ = [
    "PROJECTION_VERSION",
    "FeedbackRow",
    "MessageRow",
    "ProjectionError",
    "Tables",
    "TandemRow",
    "project",
]

#: Bump when the tables or what goes into them change: stores then rebuild.
PROJECTION_VERSION = "4"


class ProjectionError(Exception):
    """An event does not fit the projections (an impossible or unknown event).

    :ivar message: What is wrong, translatable.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


_VERBS = {cls.name: cls.verb for cls in ev.CORE_EVENTS if issubclass(cls, ev.TandemEvent)}
_OPENING = {ev.TandemRequested.name: "request", ev.TandemAssigned.name: "assignment"}
_ENDING = frozenset(
    cls.name
    for cls in (
        ev.TandemCompleted,
        ev.TandemDeclined,
        ev.GettingToKnowOptedOut,
        ev.TandemDissolved,
        ev.RematchRequested,
    )
)
_SIDES = ("mentee", "mentor")


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def project(
    stream_id: str, version: int, position: int, name: str, data: dict[str, Any], tables: Tables
) -> None:
    """Apply one stored event to *tables*.

    Events the read model does not need change nothing; an unknown event in a
    tandem's or a person's stream is an error, and so is an event that names
    another owner than its stream's (a tandem's event in another tandem's stream).

    :raises ProjectionError: the event is malformed, impossible where it
        stands, or in the wrong stream.
    """
    try:
        _check_owner(stream_id, data)
        if name == ev.PersonalDataErased.name:
            _tandem_erased(stream_id, version, data, tables)
        elif name == ev.PersonErased.name:
            _person_erased(data, tables)
        elif name in _VERBS:
            _tandem(version, position, name, data, tables)
        elif name == ev.PersonRegistered.name:
            person = data["person"]
            if not isinstance(person, dict):
                raise TypeError(f"person is {person!r}, not an object")
            tables.put_person(_text(data, "person_id"), _dumps(person))
        elif name == ev.Enrolled.name:
            e = data["enrolment"]
            key = (_text(e, "person_id"), _text(e, "programme_key"), _text(e, "role"))
            tables.put_enrolment(*key, _dumps(e))
        elif name == ev.ProfileUpdated.name:
            _profile(data, tables)
        elif name in (ev.RelationDeclared.name, ev.RelationWithdrawn.name):
            r = data["relation"]
            holds = name == ev.RelationDeclared.name
            tables.put_relation(_text(r, "subject"), _text(r, "kind"), _text(r, "object"), holds)
        elif name in (ev.MessageSent.name, ev.MessageFailed.name):
            tables.put_message(_message(name, data, position))
        elif name == ev.MailPreferenceChanged.name:
            receive = data["receive"]
            if not isinstance(receive, bool):
                raise TypeError(f"receive is {receive!r}, not true or false")
            keys = (_text(data, "person_id"), _text(data, "programme_key"), _text(data, "kind"))
            tables.put_preference(*keys, receive)
        elif name == ev.FeedbackGiven.name:
            tables.put_feedback(_feedback(data, position))
        elif name == ev.DueActionAcknowledged.name:
            key = _text(data, "key")
            tables.put_acknowledgement(key, _text(data, "tandem_id", optional=True), position)
        elif stream_id.startswith(("tandem:", "person:")):
            raise ProjectionError(_("unknown event name {name}", name=repr(name)))
        # Anything else (a programme's opening, events the read model does not
        # need) changes no table.
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ProjectionError(
            _("{event}: malformed data ({problem})", event=name, problem=repr(exc))
        ) from exc


def _check_owner(stream_id: str, data: dict[str, Any]) -> None:
    owner = stream_owner(stream_id)
    if owner is None:
        return
    field, expected = owner
    found = data.get(field)
    # A programme's stream may hold events that name no programme.
    if found != expected and (found is not None or not stream_id.startswith("programme:")):
        raise ProjectionError(
            _(
                "its {field} is {found}: the event belongs to another stream",
                field=field,
                found=repr(found),
            )
        )


def _text(data: dict[str, Any], key: str, optional: bool = False) -> Any:
    """``data[key]`` if it is text (or ``None`` where *optional*)."""
    value = data.get(key) if optional else data[key]
    if not isinstance(value, str) and not (optional and value is None):
        raise TypeError(f"{key} is {value!r}, not text")
    return value


def _message(name: str, data: dict[str, Any], position: int) -> MessageRow:
    attempt = data.get("attempt", 1)
    code = data.get("code")
    if not isinstance(attempt, int) or attempt < 1:
        raise TypeError(f"attempt is {attempt!r}, not a positive integer")
    if code is not None and not isinstance(code, int):
        raise TypeError(f"code is {code!r}, not an integer")
    if name == ev.MessageSent.name:
        status, retry_at = "sent", None
    else:
        permanent = data["permanent"]
        if not isinstance(permanent, bool):
            raise TypeError(f"permanent is {permanent!r}, not true or false")
        status = "failed" if permanent else "retry"
        retry_at = None if permanent else _text(data, "retry_at", optional=True)
    return MessageRow(
        _text(data, "message_id"),
        _text(data, "key"),
        _text(data, "kind"),
        _text(data, "recipient_id"),
        status,
        attempt,
        retry_at,
        code,
        position,
    )


def _feedback(data: dict[str, Any], position: int) -> FeedbackRow:
    return FeedbackRow(
        _text(data, "request_key"),
        _text(data, "person_id"),
        _text(data, "tandem_id"),
        _text(data, "kind"),
        _text(data, "role"),
        _text(data, "occurred_at"),
        position,
    )


def _person_erased(data: dict[str, Any], tables: Tables) -> None:
    """Scrub the person's row and drop their enrolments: not even ciphertext
    stays in the read model, and an erased person is in no programme."""
    person_id, at = _text(data, "person_id"), _text(data, "occurred_at")
    erased = {"$erased": "text"}
    tables.put_person(
        person_id, _dumps({"id": person_id, "name": erased, "email": None, "organisation": None})
    )
    for person, programme, role, _data in tables.enrolments_of(person_id):
        tables.drop_enrolment(person, programme, role)
    tables.drop_preferences(person_id)
    tables.put_erasure(f"person:{person_id}", at)


def _tandem_erased(stream_id: str, version: int, data: dict[str, Any], tables: Tables) -> None:
    """A participant's data erased: the tandem moves to *version*, nothing else changes."""
    tandem_id = _text(data, "tandem_id")
    _text(data, "person_id")
    row = tables.tandem(tandem_id)
    if row is None:
        raise ProjectionError(_("{event} cannot start a stream", event=ev.PersonalDataErased.name))
    row.version = version
    tables.put_tandem(row)
    tables.put_erasure(f"tandem:{tandem_id}", _text(data, "occurred_at"))
    tables.drop_snapshot(stream_id)


def _profile(data: dict[str, Any], tables: Tables) -> None:
    key = (_text(data, "person_id"), _text(data, "programme_key"), _text(data, "role"))
    current = tables.enrolment(*key)
    if current is None:
        raise ProjectionError(
            _("profile of {enrolment} updated before any enrolment", enrolment=str(key))
        )
    enrolment = json.loads(current)
    enrolment["profile"] = data["profile"]
    tables.put_enrolment(*key, _dumps(enrolment))


def _tandem(version: int, position: int, name: str, data: dict[str, Any], tables: Tables) -> None:
    tandem_id = _text(data, "tandem_id")
    row = tables.tandem(tandem_id)
    verb = _VERBS[name]
    if name == ev.GettingToKnowOptedIn.name and row is not None:
        # The second side's opt-in is the one that moves the tandem on
        # (GettingToKnowOptedIn.verb_for, on plain data).
        side = data["role"]
        other = _SIDES[1 - _SIDES.index(side)] if side in _SIDES else None
        if other is not None and other in row.opted_in.split(","):
            verb = "opt_in_final"
    before = row.status if row is not None else NEW
    target = TRANSITIONS.get((before, verb))
    if target is None:
        raise ProjectionError(
            _(
                "{event} ({verb}) is impossible in status {status}",
                event=name,
                verb=verb,
                status=before,
            )
        )
    at = _text(data, "occurred_at")
    if row is None:
        if name not in _OPENING:
            raise ProjectionError(_("{event} cannot start a stream", event=name))
        row = TandemRow(
            tandem_id,
            _text(data, "programme_key"),
            _text(data, "track", optional=True),
            _text(data, "mentee"),
            _text(data, "mentor"),
            _OPENING[name],
            target,
            version,
            at,
            None,
            None,
            at,
            _text(data, "predecessor", optional=True),
            "",
            position,
        )
    else:
        row.status = target
        row.version = version
        row.last_activity_at = at
    if name == ev.GettingToKnowOptedIn.name:
        sides = set(filter(None, row.opted_in.split(","))) | {_text(data, "role")}
        row.opted_in = ",".join(sorted(sides))
    elif name == ev.MeetingProposed.name:
        tables.put_meeting(_text(data, "meeting_id"), tandem_id, position)
    elif name == ev.AgreementApproved.name:
        row.activated_at = at
    elif name in _ENDING:
        row.ended_at = at
        row.rematch_requested = int(name == ev.RematchRequested.name)
    tables.put_tandem(row)
