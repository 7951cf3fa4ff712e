"""``mentorcore person erase``: who may, the confirmation, what it reports, and
what every command shows afterwards."""

from __future__ import annotations

import json

import pytest
from click.testing import Result
from test_cli_kit import Cli, bad_input, refused

from mentorcore.cli import cli

GOAL = "take over the practice in Aalen despite the debts"


@pytest.fixture
def run(tmp_path) -> Cli:
    cli_ = Cli(tmp_path)
    cli_.default_people()
    return cli_


def ended(run: Cli) -> str:
    """Ana and Ben's tandem with a goal, completed by the coordinator; its id."""
    t = run.active()
    run.ok("goal", "set", t, GOAL, who="ana")
    run.ok("tandem", "close", t, who="carla")
    run.ok("tandem", "complete", t, who="carla")
    return t


def answering(run: Cli, answer: str, *args: str, who: str) -> Result:
    """``person erase`` with *answer* on stdin (what the user types)."""
    argv = ["--db", str(run.db), "--today", run.today, "--as", who, "--lang", "en", *args]
    env = {"MENTORCORE_DB": None, "MENTORCORE_AS": None, "MENTORCORE_NOW": None}
    return run.runner.invoke(cli, argv, input=answer, env=env, catch_exceptions=False)


def test_a_coordinator_erases_a_mentee_whose_tandem_ended(run):
    t = ended(run)
    result = run.ok("person", "erase", "ana", "--yes", who="carla")
    assert "Erased the personal data of Ana Lopez (ana)." in result.stdout
    assert f"1 tandem affected: {t[:8]}" in result.stdout
    assert "purged from the database's write-ahead log" in result.stdout
    # The placeholder wherever she was shown; Ben is as he was.
    for who in ("carla", "ben"):
        status = run.ok("tandem", "status", t, who=who).stdout
        assert "Ana Lopez" not in status
        assert "[erased] (ana)" in status
        assert "Dr. Ben Okafor (ben)" in status
    goals = run.ok("tandem", "status", t, who="ben").stdout
    assert GOAL not in goals
    activity = run.ok("activity", "ana", who="carla").stdout
    assert "Activity of [erased]" in activity
    assert "Ana Lopez" not in activity
    assert "Dr. Ben Okafor approved" in activity
    listed = run.ok("people", who="carla").stdout
    assert "Ana Lopez" not in listed  # enrolled nowhere any more
    assert "Fay Nowak" in listed
    german = run.ok("--lang", "de", "tandem", "status", t, who="carla").stdout
    assert "[gelöscht] (ana)" in german
    assert "Ana Lopez" not in german
    assert "Ana Lopez" not in run.ok("--lang", "de", "activity", "ana", who="carla").stdout


def test_the_system_may_erase_too_and_again(run):
    ended(run)
    first = run.ok("person", "erase", "ben", "--yes", who="system")
    assert "Erased the personal data of Dr. Ben Okafor (ben)." in first.stdout
    again = run.ok("person", "erase", "ben", "--yes", who="system")
    assert "had been erased already" in again.stdout


def test_a_person_without_tandems_affects_none(run):
    result = run.ok("person", "erase", "dave", "--yes", who="carla")
    assert "No tandem affected." in result.stdout


def test_typing_the_id_confirms(run):
    t = ended(run)
    result = answering(run, "ana\n", "person", "erase", "ana", who="carla")
    assert result.exit_code == 0, result.output
    assert "Type ana to confirm" in result.stderr
    assert "It cannot be undone." in result.stderr
    assert "Erased the personal data of Ana Lopez (ana)." in result.stdout
    assert "Ana Lopez" not in run.ok("tandem", "status", t, who="carla").stdout


@pytest.mark.parametrize("answer", ["no\n", "Ana Lopez\n", "\n", ""], ids=repr)
def test_any_other_answer_erases_nothing(run, answer):
    t = ended(run)
    before = run.events()
    result = answering(run, answer, "person", "erase", "ana", who="carla")
    assert result.exit_code == 1, result.output
    assert "Nothing was erased." in result.stderr
    assert run.events() == before
    assert "Ana Lopez (ana)" in run.ok("tandem", "status", t, who="carla").stdout


def test_json_needs_yes(run):
    ended(run)
    before = run.events()
    result = run("person", "erase", "ana", who="carla", json_out=True)
    assert result.exit_code == 2
    said = json.loads(result.stdout)
    assert said["error"] == "usage"
    assert "--yes" in said["message"]
    assert run.events() == before


def test_json_says_what_was_erased(run):
    t = ended(run)
    said = run.data("person", "erase", "ana", "--yes", who="carla")
    assert said["ok"] is True
    assert said["person"] == "ana"
    assert said["tandems"] == [t]
    assert said["purged"] is True
    assert said["already_erased"] is False
    assert said["erased_at"].startswith("2026-10-05")


@pytest.mark.parametrize("who", ["ana", "ben", "fay", "dave"])
def test_core_erase_1_only_the_system_or_her_coordination(run, who):
    ended(run)
    before = run.events()
    result = run("person", "erase", "ana", "--yes", who=who)
    refused(result, "CORE-ERASE-1")
    assert run.events() == before


@pytest.mark.parametrize("who", ["carla", "system"])
def test_core_erase_2_not_while_a_tandem_is_live(run, who):
    t = run.active()
    before = run.events()
    result = run("person", "erase", "ana", "--yes", who=who)
    refused(result, "CORE-ERASE-2")
    assert t[:8] in result.stderr
    assert run.events() == before
    said = json.loads(run("person", "erase", "ana", "--yes", who=who, json_out=True).stdout)
    assert said["rule_ids"] == ["CORE-ERASE-2"]
    assert "Ana Lopez (ana)" in run.ok("tandem", "status", t, who="carla").stdout


def test_an_unknown_id_is_bad_input_with_the_close_ids(run):
    before = run.events()
    result = run("person", "erase", "anna", "--yes", who="carla")
    bad_input(result, "no person 'anna'", "'ana'")
    assert run.events() == before
