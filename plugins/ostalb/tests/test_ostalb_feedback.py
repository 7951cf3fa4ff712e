"""OSTALB-CONF-1 and feedback: the coordination counts answers but reads none."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import attrs
import pytest

from mentorcore import (
    Actor,
    AgreementTerms,
    ConfirmAttendance,
    ConfirmMeeting,
    MeetingFormat,
    NotVisible,
    ProposeMeeting,
    TandemStatus,
)
from mentorcore.i18n import SUPPORTED, Message
from mentorcore.testing import walk_to
from mentorcore.write.feedback import FeedbackCommands

COORDINATOR = Actor.person("amt")
LENA, HAAS = Actor.person("lena"), Actor.person("haas")
PLANTED_LENA = "Dr Haas showed me how a rural practice runs"
PLANTED_HAAS = "Lena asks sharp questions about billing"


def give(engine, tandem_id, key, answers, *, actor):
    wired = getattr(engine, "give_feedback", None)
    if wired is not None:
        return wired(tandem_id, key, answers, actor=actor)
    return FeedbackCommands(engine.state, engine._recorder).give(
        tandem_id, key, answers, actor=actor
    )


def strings(value: Any) -> Iterator[str]:
    """Every string inside *value* (attrs classes, mappings, sequences, messages rendered)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Message):
        yield from (value.render(lang) for lang in SUPPORTED)
    elif isinstance(value, Enum):
        yield str(value.value)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from (*strings(k), *strings(v))
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from strings(v)


@pytest.fixture
def answered(engine, mentee, mentor, clock):
    mentee()
    mentor()
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="ostalb",
        mentee="lena",
        mentor="haas",
        coordinator=COORDINATOR,
        terms=AgreementTerms(period_start=date(2026, 10, 5)),
    )
    clock.set(datetime(2026, 10, 20, 9, tzinfo=UTC))
    start = datetime(2026, 10, 14, 15, tzinfo=UTC)
    after = engine.execute(
        ProposeMeeting(
            tandem_id=t.id, start=start, format=MeetingFormat.IN_PERSON, duration_minutes=60
        ),
        actor=LENA,
    )
    meeting = after.meetings[-1]
    engine.execute(ConfirmMeeting(tandem_id=t.id, meeting_id=meeting.id), actor=HAAS)
    engine.execute(ConfirmAttendance(tandem_id=t.id, meeting_id=meeting.id), actor=LENA)
    for actor, text in ((LENA, PLANTED_LENA), (HAAS, PLANTED_HAAS)):
        (request,) = [
            r for r in engine.reader(actor).feedback_requests() if r.kind == "feedback-request"
        ]
        give(engine, t.id, request.key, {"rating": 5, "went_well": text}, actor=actor)
    return t


def test_ostalb_conf_1_coordinators_feedback_overview_holds_no_response_text(engine, answered):
    overview = engine.reader(COORDINATOR).feedback_overview("ostalb")
    everything = "\n".join(strings(overview))
    assert PLANTED_LENA not in everything
    assert PLANTED_HAAS not in everything
    assert {c.kind: c.given for c in overview.counts} == {"feedback-request": 2}
    (row,) = overview.tandems
    assert {g.person_id for g in row.given} == {"lena", "haas"}
    assert all(g.answers is None for g in row.given)
    assert all(g.withheld.rule_id == "OSTALB-CONF-1" for g in row.given)
    assert overview.names["lena"] == "Lena Maier"


def test_ostalb_conf_1_coordinator_reads_no_answers(engine, answered):
    responses = engine.reader(COORDINATOR).feedback_responses(answered.id)
    assert [r.answers for r in responses] == [None, None]
    assert PLANTED_LENA not in "\n".join(strings(responses))
    (own,) = [r for r in engine.reader(LENA).feedback_responses(answered.id) if r.answers]
    assert own.answers.get("went_well") == PLANTED_LENA


def test_ostalb_conf_1_participants_read_no_overview(engine, answered):
    for actor in (LENA, HAAS):
        with pytest.raises(NotVisible, match="CORE-FEEDBACK-3"):
            engine.reader(actor).feedback_overview("ostalb")
