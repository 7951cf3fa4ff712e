"""Hypothesis strategies for domain objects and events (``st.builds`` over the attrs classes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import strategies as st

from mentorcore import events as ev
from mentorcore.domain import Actor, Profile

aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond))
text = st.text(max_size=30)
profile_value = st.one_of(
    text,
    st.integers(-(2**53), 2**53),
    st.booleans(),
    st.lists(text, max_size=3).map(tuple),
    st.floats(allow_nan=False, allow_infinity=False),
)

st.register_type_strategy(datetime, aware)
st.register_type_strategy(timedelta, st.timedeltas())
st.register_type_strategy(Actor, st.builds(Actor, st.one_of(st.none(), text)))
st.register_type_strategy(
    Profile,
    st.dictionaries(st.text(min_size=1, max_size=10), profile_value, max_size=4).map(Profile.of),
)


def events_of(cls: type[ev.Event]) -> st.SearchStrategy[ev.Event]:
    """Any instance of event class *cls*, every field drawn from its type."""
    attrs.resolve_types(cls)
    return st.builds(cls)
