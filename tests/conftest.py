"""Shared fixtures: hypothesis profiles; the engine fixtures come from mentorcore.testing."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=40, stateful_step_count=25, deadline=None)
settings.register_profile(
    "ci",
    max_examples=120,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Hypothesis does not read HYPOTHESIS_PROFILE itself (library-notes §6).
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
