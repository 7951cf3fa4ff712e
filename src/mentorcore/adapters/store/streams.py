"""Stream ids: one stream per tandem, per person and per programme."""

from __future__ import annotations

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
