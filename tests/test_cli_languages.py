"""The command line in German and in English: the language chosen, click's own
words, and the MEDiC demo compared line by line in both languages."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_cli_kit import COHORTS, Cli

from mentorcore.cli import cli
from mentorcore.cli.language import choose
from mentorcore.i18n import chosen_language

#: Words that give English away in a German text (names and ids aside).
TELLTALE = re.compile(
    r"\b(the|and|of|with|meetings?|agreements?|due|refused|please|mentorship|semester"
    r"|behind|held|completed|request|tandem\(s\)|pair\(s\)|action\(s\))\b",
    re.IGNORECASE,
)
PATH = re.compile(r"(?:/[\w.-]+)+")
COMMAND = re.compile(r"`mentorcore[^`]*`")
#: What may stand in a line of both runs: ids, rule IDs, numbers, numeric dates,
#: paths and commands (the same in every language), punctuation, table lines.
NEUTRAL = re.compile(
    r"\b[A-Z]+(?:-[A-Z0-9]+)+\b|\b[0-9a-f]{8}\b|\d+(?:[.,:]\d+)*|#|"
    r"(?:/[\w.-]+)+|mentorcore(?: --?[\w-]+| [\w./-]+)*|[^\w\s]"
)


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    environ = {"MENTORCORE_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
    environ["LANG"] = "C.UTF-8"
    return CliRunner().invoke(
        cli, list(args), env={**environ, **(env or {})}, prog_name="mentorcore"
    )


def names() -> set[str]:
    """Every person's name in the MEDiC cohort files."""
    found = {p["name"] for p in json.loads((COHORTS / "medic.json").read_text())["people"]}
    demo = json.loads((COHORTS / "medic.json").read_text())["demo"]
    found |= {row["name"] for row in demo.get("late_applications", [])}
    for path in COHORTS.glob("medic-*.csv"):
        with path.open(encoding="utf-8") as f:
            found |= {row["name"] for row in csv.DictReader(f)}
    return found


EMAIL = re.compile(r"\S+@\S+")


def only_names_and_numbers(line: str, people: set[str]) -> bool:
    """Whether *line* holds only names (whole, or the part of one a table wrapped
    onto its own line), e-mail addresses, numbers, ids and punctuation."""
    line = EMAIL.sub(" ", line)
    for name in sorted(people, key=len, reverse=True):
        line = line.replace(name, " ")
    words = {w for name in people for w in name.split()}
    line = " ".join(w for w in line.split() if w not in words)
    return not NEUTRAL.sub(" ", line).strip()


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> tuple[str, str]:
    runs = []
    for language in ("de", "en"):
        out = tmp_path_factory.mktemp(f"demo-{language}")
        result = run("--lang", language, "demo", "medic", "--out", str(out))
        assert result.exit_code == 0, result.output
        runs.append(result.stdout)
    return runs[0], runs[1]


def test_no_line_of_the_german_demo_is_in_the_english_one(demos):
    german, english = demos
    people = names()
    theirs = {line.strip() for line in english.splitlines()}
    shared = [
        line
        for line in german.splitlines()
        if line.strip() in theirs and not only_names_and_numbers(line, people)
    ]
    assert not shared, "\n".join(shared)


def test_the_german_demo_has_no_english_words(demos):
    german, _ = demos
    people = names()
    english = []
    for line in german.splitlines():
        text = COMMAND.sub(" ", PATH.sub(" ", line))  # `mentorcore due` is a command, not English
        for name in people:
            text = text.replace(name, " ")
        if TELLTALE.search(text):
            english.append(line)
    assert not english, "\n".join(english)


def test_the_german_demo_speaks_german_with_german_dates_and_plurals(demos):
    german, english = demos
    assert "1. Anmeldung (7. September 2026)" in german
    assert "1. Registration (7 September 2026)" in english
    assert "7 Tandems angelegt von Katrin Vogel" in german
    assert "7 tandems created by Katrin Vogel" in english
    assert "1 Tandem angelegt von Katrin Vogel" in german
    assert "Gesamtpunktzahl 9,00" in german  # a German decimal comma
    assert "10. Dateien" in german


def test_german_help_and_usage_errors_are_german():
    helped = run("--lang", "de", "tandem", "list", "--help")
    assert helped.exit_code == 0
    assert helped.output.startswith("Aufruf: mentorcore tandem list")
    assert "Optionen:" in helped.output
    assert "Die Tandems auflisten, die die handelnde Person sehen darf" in helped.output
    assert "Diese Hilfe zeigen und beenden." in helped.output
    assert "Beispiel:" in helped.output
    wrong = run("tandem", "list", "--bogus", env={"MENTORCORE_LANG": "de_DE.UTF-8"})
    assert wrong.exit_code == 2
    assert "Fehler: Eine Option '--bogus' gibt es nicht." in wrong.output
    assert "Hilfe erhalten Sie mit 'mentorcore tandem list --help'." in wrong.output
    missing = run("--lang=de", "tandem", "accept")
    assert "Fehlendes Argument 'TANDEM'" in missing.output


def test_english_help_stays_click_s_own_words():
    helped = run("--lang", "en", "--help")
    assert helped.output.startswith("Usage: mentorcore")
    assert "Show this message and exit." in " ".join(helped.output.split())
    assert "--lang de|en" in helped.output


def test_click_s_words_are_untouched_outside_a_mentorcore_run():
    import click

    run("--lang", "de", "--help")  # routes click's modules once

    @click.command()
    def other() -> None:
        """Another program in the same process."""

    result = CliRunner().invoke(other, ["--help"])
    assert result.output.startswith("Usage: other")
    assert chosen_language() is None  # nothing leaked out of the run


def test_the_language_comes_from_option_environment_system_then_programme():
    assert choose(["--lang", "de"], {"MENTORCORE_LANG": "en"}).language == "de"
    assert choose(["x", "--lang=en_GB"], {"LANG": "de_DE.UTF-8"}).language == "en"
    assert choose([], {"MENTORCORE_LANG": "de_AT", "LANG": "en_US"}).language == "de"
    assert choose([], {"LANG": "de_DE.UTF-8"}).language == "de"
    assert choose([], {"LANG": "C.UTF-8"}).language is None  # the programme decides
    assert choose([], {"LANG": "fr_FR.UTF-8"}).language is None
    assert choose(["--", "--lang", "de"], {}).language is None


def test_an_unsupported_language_is_a_usage_error_naming_the_supported_ones(tmp_path):
    wrong = run("--lang", "fr", "programmes")
    assert wrong.exit_code == 2
    assert "--lang: 'fr' is not a supported language; choose one of de, en" in wrong.output
    env = run("programmes", env={"MENTORCORE_LANG": "klingon"})
    assert env.exit_code == 2
    assert "MENTORCORE_LANG: 'klingon'" in env.output
    as_json = run("--lang", "fr", "--json", "programmes")
    assert json.loads(as_json.stdout)["error"] == "usage"


def test_a_german_programme_speaks_german_unless_told_otherwise(tmp_path: Path):
    cli_ = Cli(tmp_path)
    files = [str(COHORTS / "medic.json"), *map(str, sorted(COHORTS.glob("medic-*.csv")))]
    cli_.ok("import", *files, who="system")  # English by the kit's environment
    german = run(
        "--db", str(cli_.db), "--as", "katrin.vogel", "--today", "2026-09-14",
        "match", "propose", "medic", "--track", "clinical",
    )  # fmt: skip
    assert (
        "MEDiC 1:1-Mentoring (klinisches Mentoring) – Vermittlungsvorschlag: 5 Paare"
        in german.stdout
    ), german.output
    english = run(
        "--db", str(cli_.db), "--as", "katrin.vogel", "--today", "2026-09-14",
        "match", "propose", "medic", "--track", "clinical", env={"LANG": "en_GB.UTF-8"},
    )  # fmt: skip
    assert "Proposal for MEDiC" in english.stdout, english.output
    generic = run("programmes", "default")
    assert "Time zone Europe/Berlin" in generic.stdout  # the generic programme: English
