"""Helpers for tests that run on PostgreSQL too (the server: tests/pg_server.py)."""

from __future__ import annotations

import psycopg

from mentorcore.adapters.store.read_model_sql import TABLES as READ_MODEL_TABLES


def empty(dsn: str) -> None:
    """Make the database at *dsn* what a fresh one is once a store opened it:
    no event, key or read-model row, the read model current at position 0.

    For hypothesis, whose examples share one test's database: deleting the
    rows (~9 ms, then ~15 ms to open a store) is much cheaper than a new
    database from a template (~190 ms), dropping the schema (~150 ms with the
    next store creating it again) or TRUNCATE (~150 ms for the dozen tables),
    measured on this machine kind. The store's connections must be closed (the
    engine of the previous example is).
    """
    with psycopg.connect(dsn) as conn:
        if conn.execute("SELECT to_regclass('mentorcore_meta')").fetchone() == (None,):
            return  # no store opened it yet: it is fresh
        for table in ("events", "subject_keys", *READ_MODEL_TABLES):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE mentorcore_meta SET value = '0' WHERE key = 'log_position'")
