"""The persisted state as the engine needs it: projections and aggregates on demand.

:mod:`~mentorcore.state.index` answers questions about people, enrolments,
relations and tandem summaries from the projection tables;
:mod:`~mentorcore.state.aggregates` loads a tandem's full state from its
snapshot and stream, with a cache that is checked against the stream version.
Nothing here filters by viewer: that is :mod:`mentorcore.read`'s job.
"""
