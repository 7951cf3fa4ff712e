"""The command itself: help with examples, global options, exit codes, JSON, isolation."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner
from test_cli_kit import ROOT, Cli, bad_input, refused

from mentorcore.cli import cli
from mentorcore.cli.context import parse_moment


@pytest.fixture
def run(tmp_path) -> Cli:
    return Cli(tmp_path)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


ALL = list(_commands(cli))


def test_every_command_is_there():
    names = {" ".join(c) for c in ALL}
    for expected in [
        "programmes",
        "import",
        "people",
        "match propose",
        "match confirm",
        "tandem list",
        "tandem status",
        "tandem request",
        "tandem assign",
        "tandem accept",
        "tandem decline",
        "tandem opt-in",
        "tandem opt-out",
        "tandem close",
        "tandem complete",
        "tandem dissolve",
        "tandem rematch",
        "agreement draft",
        "agreement submit",
        "agreement approve",
        "agreement return",
        "agreement amend",
        "agreement reject",
        "goal set",
        "goal review",
        "meeting list",
        "meeting propose",
        "meeting confirm",
        "meeting decline",
        "meeting reschedule",
        "meeting cancel",
        "meeting attend",
        "meeting missed",
        "meeting document",
        "meeting prepare",
        "cadence",
        "health",
        "due",
        "activity",
        "calendar tandem",
        "calendar person",
        "calendar programme",
        "calendar meeting",
        "certificate",
        "demo",
        "rebuild",
    ]:
        assert expected in names


@pytest.mark.parametrize("command", [(), *ALL], ids=lambda c: " ".join(c) or "mentorcore")
def test_every_help_explains_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    example = [k for k, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    assert example, f"no Example in the help of {' '.join(command)}"
    assert lines[example[0] + 1].strip().startswith("mentorcore ")
    # a sentence or two before it
    assert len(" ".join(lines[1 : example[0]]).split()) >= 6


def test_the_docs_page_covers_every_command():
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ALL:
        assert f"`{' '.join(command)}" in page, " ".join(command)


def test_import_mentorcore_loads_no_cli_libraries():
    code = (
        "import sys, mentorcore; "
        "print(sorted(m for m in ('click', 'rich', 'fpdf') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_console_script_runs(tmp_path):
    script = subprocess.run(
        [sys.executable, "-c", "from mentorcore.cli import main; main()", "programmes"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert script.returncode == 0, script.stderr
    assert "medic" in script.stdout
    assert not (tmp_path / "mentorcore.db").exists()  # listing needs no database


def test_actor_is_required_for_acting(run):
    run.default_people()
    result = run("tandem", "request", "ben", "-p", "default")
    bad_input(result, "--as PERSON")


def test_a_missing_database_is_not_created(run, tmp_path):
    result = run("tandem", "list", who="system")
    bad_input(result, "no database at")
    assert not run.db.exists()


def test_options_after_the_command_win(run, tmp_path):
    run.default_people()
    other = tmp_path / "other.db"
    result = run("tandem", "list", "--db", str(other), who="system")
    bad_input(result, "other.db")
    listed = run.runner.invoke(
        cli, ["--db", str(other), "tandem", "list", "--db", str(run.db), "--as", "system", "--json"]
    )
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == []


def test_environment_stands_in_for_options(run):
    run.default_people()
    env = {"MENTORCORE_DB": str(run.db), "MENTORCORE_AS": "ana", "MENTORCORE_NOW": "2026-10-05"}
    result = run.runner.invoke(
        cli, ["--json", "tandem", "request", "ben", "-p", "default"], env=env
    )
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)["tandem"]
    assert (made["mentee"], made["status"]) == ("ana", "requested")


def test_bad_today_is_bad_input(run):
    result = run.runner.invoke(cli, ["--today", "5.13.2026", "programmes"])
    bad_input(result, "--today", "'5.13.2026' is not a date: there is no month 13")


def test_parse_moment_reads_days_at_noon_utc_and_offsets():
    assert parse_moment("2026-10-05").isoformat() == "2026-10-05T12:00:00+00:00"
    assert parse_moment("2026-10-05T18:00+02:00").isoformat() == "2026-10-05T16:00:00+00:00"
    assert parse_moment("2026-10-05T18:00").isoformat() == "2026-10-05T18:00:00+00:00"


def test_refusal_exits_1_with_the_rule_and_writes_nothing(run):
    run.default_people()
    t = run.tandem()
    before = run.events()
    result = run("tandem", "accept", t, who="ana")  # only the mentor asked accepts
    refused(result, "CORE-1")
    assert "refused: [CORE-1]" in result.stderr
    assert run.events() == before


def test_refusal_in_json_names_the_rule(run):
    run.default_people()
    t = run.tandem()
    result = run("tandem", "accept", t, who="ana", json_out=True)
    assert result.exit_code == 1
    error = json.loads(result.stdout)
    assert (error["ok"], error["error"], error["rule_ids"]) == (False, "refused", ["CORE-1"])


def test_unknown_things_are_bad_input_without_traceback(run):
    run.default_people()
    bad_input(run("tandem", "status", "00000000", who="ana"), "no tandem '00000000'")
    bad_input(run("tandem", "status", "abc", who="ana"), "at least 4 characters")
    bad_input(run("programmes", "nope"), "no programme 'nope'", "installed: default")
    bad_input(run("activity", "nobody", who="system"), "no person 'nobody'")


def test_someone_outside_the_tandem_sees_nothing_of_it(run):
    run.default_people()
    t = run.tandem()
    result = run("tandem", "status", t, who="dave")
    bad_input(result, "[CORE-AUTH]", "takes no part")


def test_json_error_for_bad_input_lists_the_problems(run):
    run.default_people()
    t = run.active()
    result = run(
        "meeting",
        "propose",
        t,
        "--at",
        "2026-10-12 18:00",
        "--minutes",
        "0",
        who="ana",
        json_out=True,
    )
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["error"] == "invalid-input"
    assert error["problems"][0]["where"] == "duration_minutes"


def test_short_ids_name_tandems_and_ambiguity_is_reported(run):
    run.default_people()
    t = run.tandem()
    shown = run.ok("tandem", "list", who="ana").stdout
    assert t[:8] in shown
    assert run.data("tandem", "status", t[:4], who="ana")["tandem"]["id"] == t
