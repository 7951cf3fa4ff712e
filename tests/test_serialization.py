"""Every event and domain object round-trips through the one converter (JSON)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import events_of

from mentorcore import Enrolment, Programme, Tandem
from mentorcore.adapters.event_types import EventTypes
from mentorcore.adapters.serialization import dumps, loads
from mentorcore.events import CORE_EVENTS
from mentorcore.plugins.generic import PROGRAMME

TYPES = EventTypes()


@pytest.mark.parametrize("cls", CORE_EVENTS, ids=lambda c: c.name)
def test_event_round_trips(cls):
    @given(events_of(cls))
    def round_trip(event):
        name, data = TYPES.encode(event)
        assert name == cls.name
        assert TYPES.decode("s", 1, name, data) == event

    round_trip()


@pytest.mark.parametrize("cls", [Tandem, Enrolment])
def test_domain_objects_round_trip(cls):
    @given(st.from_type(cls))
    def round_trip(obj):
        assert loads(dumps(obj), cls) == obj

    round_trip()


def test_programme_round_trips():
    assert loads(dumps(PROGRAMME), Programme) == PROGRAMME


def test_event_names_are_unique_and_stable():
    names = [cls.name for cls in CORE_EVENTS]
    assert len(names) == len(set(names))
    assert all(n == n.lower() and " " not in n for n in names)
    with pytest.raises(ValueError, match="is used by"):
        TYPES.add(type("Impostor", (CORE_EVENTS[0],), {"name": CORE_EVENTS[1].name}))
