"""The lifecycles: which verb is possible in which status, and the fold of a stream.

:mod:`~mentorcore.lifecycle.tandem` and :mod:`~mentorcore.lifecycle.meeting`
hold the python-statemachine machines (states and transitions only);
:mod:`~mentorcore.lifecycle.fold` turns a tandem's events into its state with
the transition tables derived from them. Nothing here knows plugins or storage.
"""
