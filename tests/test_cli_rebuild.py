"""``mentorcore rebuild``: the read model built again from the event log."""

from __future__ import annotations

import json
import sqlite3

import pytest
from test_cli_kit import Cli, refused

from mentorcore.cli import cli


@pytest.fixture
def run(tmp_path) -> Cli:
    cli = Cli(tmp_path)
    cli.default_people()
    return cli


def test_a_rebuild_changes_nothing_a_command_shows(run):
    t = run.active()
    run.ok("goal", "set", t, "decide on a specialty", who="ana")
    before = {who: run.data("tandem", "status", t, who=who) for who in ("ana", "ben", "carla")}
    listed = run.data("tandem", "list", who="system")
    done = run.data("rebuild", who="system")
    assert done == {"events": len(run.events())}
    assert {who: run.data("tandem", "status", t, who=who) for who in before} == before
    assert run.data("tandem", "list", who="system") == listed
    assert "Rebuilt the read model from" in run.ok("rebuild", who="carla").stdout


def test_a_rebuild_restores_lost_projections(run):
    t = run.tandem()
    with sqlite3.connect(run.db) as db:
        db.execute("DELETE FROM tandems")
    assert run.data("tandem", "list", who="system") == []
    run.ok("rebuild", who="system")
    assert [row["id"] for row in run.data("tandem", "list", who="system")] == [t]


def test_the_rebuild_shows_its_progress_on_a_terminal(run):
    run.tandem()
    events = len(run.events())
    unset = {"MENTORCORE_DB": None, "MENTORCORE_AS": None, "MENTORCORE_NOW": None}
    terminal = {**unset, "TTY_COMPATIBLE": "1", "TERM": "xterm"}
    argv = ["--db", str(run.db), "--as", "system", "rebuild"]
    shown = run.runner.invoke(cli, argv, env=terminal, catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    assert "rebuilding" in shown.stderr
    assert f"{events}/{events}" in shown.stderr
    quiet = run.runner.invoke(cli, [*argv, "--json"], env=terminal, catch_exceptions=False)
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""  # no bar in JSON mode
    assert json.loads(quiet.stdout) == {"events": events}


def test_a_mentee_may_not_rebuild(run):
    run.tandem()
    result = run("rebuild", who="ana")
    refused(result, "CORE-AUTH")
    assert "rebuild the read model refused" in result.stderr
    error = json.loads(run("rebuild", who="ben", json_out=True).stdout)
    assert (error["exit"], error["rule_ids"]) == (1, ["CORE-AUTH"])
