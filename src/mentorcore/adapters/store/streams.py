"""Stream ids: one stream per tandem, per person and per programme; one per
tandem for its feedback and one per message of the outbox."""

from __future__ import annotations

import functools

from mentorcore.domain import PersonId, TandemId


def tandem_stream(tandem_id: TandemId) -> str:
    """The stream id of a tandem."""
    return f"tandem:{tandem_id}"


def programme_stream(programme_key: str) -> str:
    """The stream id of a programme (tandem openings)."""
    return f"programme:{programme_key}"


def person_stream(person_id: PersonId) -> str:
    """The stream id of a person."""
    return f"person:{person_id}"


def feedback_stream(tandem_id: TandemId) -> str:
    """The stream of the answers given in a tandem (feedback, evaluations)."""
    return f"feedback:{tandem_id}"


def message_stream(message_id: str) -> str:
    """The stream of one message of the outbox (its attempts)."""
    return f"message:{message_id}"


#: The field of an event's JSON that names the owner of each kind of stream.
_OWNER_FIELDS = {
    "tandem": "tandem_id",
    "person": "person_id",
    "programme": "programme_key",
    "feedback": "tandem_id",
    "message": "message_id",
}


def stream_owner(stream_id: object) -> tuple[str, str] | None:
    """``(field, value)``: what every event of *stream_id* must carry to belong
    to it (``("tandem_id", "<uuid>")`` for a tandem's stream), or ``None`` for a
    stream without an owner."""
    return _owner(stream_id) if isinstance(stream_id, str) else None


@functools.lru_cache(maxsize=4096)
def _owner(stream_id: str) -> tuple[str, str] | None:
    kind, sep, owner = stream_id.partition(":")
    field = _OWNER_FIELDS.get(kind) if sep else None
    return (field, owner) if field else None
