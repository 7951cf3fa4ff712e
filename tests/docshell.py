"""Runs the command lines of a documentation page's shell blocks (no tests here).

A small shell, enough for what the pages show: ``export NAME=value``, ``NAME=value``
before a command, ``$NAME``, ``NAME=$(command)`` and lines continued with ``\\``.
A ``mentorcore`` command runs in this process through click's test runner (fast);
a captured command with a pipe runs in ``bash`` with the virtualenv's ``bin`` first
on ``PATH``. A command must exit 0 unless the next line is a comment
``# exit N ...``, as the pages write an expected refusal. Lines for other tools
(``pip``, ``make``, ``pybabel``, ...) are not run; any other line is an error, so
no example is skipped unnoticed.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from mentorcore.cli import cli

#: Commands that serve until stopped: shown, not run here (the web face's own tests start it).
SERVERS = frozenset({"serve"})
#: Tools whose lines the pages show but the tests do not run (they install or build).
NOT_RUN = ("pip ", "pybabel ", "make ", "python ", "python3 ", "git ", "cd ", "mkdocs ")
_EXIT = re.compile(r"^#\s*exit (\d+)")
_ASSIGN = re.compile(r"^([A-Za-z_]\w*)=(.*)$")
_CAPTURE = re.compile(r"^([A-Za-z_]\w*)=\$\((.*)\)$")
_VAR = re.compile(r"\$\{?([A-Za-z_]\w*)\}?")


@dataclass
class Ran:
    """One command line run: the line, its exit code and output."""

    line: str
    exit_code: int
    output: str


@dataclass
class Shell:
    """The state of one page's run: its folder and environment."""

    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    ran: list[Ran] = field(default_factory=list)

    def run_block(self, code: str, where: str) -> None:
        """Run every command line of *code*; fail with the line and its output on a
        wrong exit code."""
        lines = _logical_lines(code)
        for index, line in enumerate(lines):
            if line.startswith("#"):
                continue
            expected = 0
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if m := _EXIT.match(following):
                expected = int(m[1])
            ran = self.run_line(line, where)
            if ran is not None and ran.exit_code != expected:
                raise AssertionError(
                    f"{where}: `{line}` exited {ran.exit_code}, expected {expected}:\n{ran.output}"
                )

    def run_line(self, line: str, where: str) -> Ran | None:
        """Run one command line; ``None`` for a line that is not run."""
        line = line.removeprefix("$ ").strip()
        if line.startswith("export "):
            name, value = line.removeprefix("export ").split("=", 1)
            self.env[name] = self._expand(value)
            return None
        if m := _CAPTURE.match(line):
            ran = self._invoke(m[2], where)
            self.env[m[1]] = ran.output.strip()
            return ran
        if line.startswith(NOT_RUN):
            return None
        return self._invoke(line, where)

    def _expand(self, text: str) -> str:
        return _VAR.sub(lambda m: self.env.get(m[1], os.environ.get(m[1], "")), text)

    def _invoke(self, line: str, where: str) -> Ran:
        if "|" in line:
            return self._bash(line)
        words = shlex.split(self._expand(line), comments=True)
        env = dict(self.env)
        while words and (m := _ASSIGN.match(words[0])):
            env[m[1]] = m[2]
            words.pop(0)
        if not words or words[0] != "mentorcore":
            raise AssertionError(f"{where}: the docs' shell cannot run `{line}`")
        if SERVERS & set(words[1:]):
            return Ran(line, 0, "(a server: not run)")
        result = CliRunner().invoke(cli, words[1:], env=_environment(env), prog_name="mentorcore")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{where}: `{line}` raised {result.exception!r}")
        ran = Ran(line, result.exit_code, result.output)
        self.ran.append(ran)
        return ran

    def _bash(self, line: str) -> Ran:
        env = {**os.environ, **_environment(self.env)}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", line],
            cwd=self.folder,
            env={k: v for k, v in env.items() if v is not None},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        ran = Ran(line, done.returncode, done.stdout + done.stderr)
        self.ran.append(ran)
        return ran


def _environment(env: Mapping[str, str]) -> dict[str, str | None]:
    """What a command sees: English unless the page chooses, no database, actor or clock
    from the test's own environment, tables at a fixed width."""
    base: dict[str, str | None] = {
        "MENTORCORE_DB": None,
        "MENTORCORE_AS": None,
        "MENTORCORE_NOW": None,
        "MENTORCORE_LANG": "en",
        "COLUMNS": "120",
    }
    return {**base, **env}


def _logical_lines(code: str) -> list[str]:
    """The block's lines with ``\\`` continuations joined, blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", code)
    return [ln.strip() for ln in joined.splitlines() if ln.strip()]
