"""Shared fixtures: hypothesis profiles, the fuzz suites' count of inputs tried and a
real PostgreSQL server (tests/pg_server.py); the engine fixtures come from
mentorcore.testing."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings
from pg_server import pg_dsn, pg_server
from smtp_server import smtp_server  # noqa: F401 (the real SMTP server fixture, issue 14)

__all__ = ["pg_dsn", "pg_server"]  # fixtures: pg_server for the session, pg_dsn per test

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
# A long fuzzing session (tests/test_fuzz_*.py scale their examples by max_examples):
# HYPOTHESIS_PROFILE=hunt pytest tests/test_fuzz_library.py tests/test_fuzz_cli.py
settings.register_profile(
    "hunt",
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Hypothesis does not read HYPOTHESIS_PROFILE itself (library-notes §6).
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many inputs the fuzz suites tried (tests/fuzz_kit.py counts them)."""
    kit = sys.modules.get("fuzz_kit")
    counts = getattr(kit, "COUNTS", None)
    if not counts:
        return
    exits = ", ".join(
        f"{k.removeprefix('cli ')}: {v}" for k, v in sorted(counts.items()) if k.startswith("cli ")
    )
    terminalreporter.write_line(
        f"fuzz: {counts['library']} library calls ({counts['library returned']} returned, "
        f"{counts['library refused']} refused with a mentorcore error), "
        f"{counts['cli']} CLI invocations" + (f" ({exits})" if exits else "")
    )
