"""Fuzzing every ``mentorcore`` command with hostile arguments (issue 10).

The command tree is read from click, so a new command is fuzzed without a
change here. Each invocation gets hostile values by parameter name and type
(ids with control characters and surrogates, ``--today``/``--at`` at the ends
of time, numbers of forty digits, import files in UTF-16, Windows-1252,
invalid UTF-8, with 200 KiB cells, NUL bytes or JSON nested 100,000 deep), the
global options before or after the command, ``--json`` on or off, on a copy of
a world with tandems at every stage. Allowed: exit 0, 1, 2 or 3, no exception
but ``SystemExit``, no traceback in the output, JSON on stdout for a failure
under ``--json``, and no event written when the exit code is not 0.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from fuzz_cli_kit import Values, cli_text, datetime_text, leaf_commands
from fuzz_cli_kit import value_for as cli_value
from fuzz_files import furnish
from fuzz_kit import COUNTS, Escaped, fuzz_settings, guarded, origin, shown
from fuzz_world import World, build_world, copy_db, world_folder
from hypothesis import given
from hypothesis import strategies as st

from mentorcore.cli import cli

COMMANDS = list(leaf_commands(cli))
#: The global options (accepted before or after the command): set by _global only.
GLOBAL = {p.name for p in cli.params}
#: Commands that play a year (seconds each when their input is valid): fewer examples.
SLOW = {("demo",)}
ENV = {"MENTORCORE_DB": None, "MENTORCORE_AS": None, "MENTORCORE_NOW": None}
DB = "mentorcore.db"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with world_folder("fuzz-cli") as folder:
        yield build_world(folder)


_serial = itertools.count()


@contextmanager
def example_folder(world: World) -> Iterator[Path]:
    """A working folder with a copy of the world's database, made current."""
    folder = world.folder / f"cli-{next(_serial)}"
    folder.mkdir()
    furnish(folder, world)
    copy_db(world.db, folder / DB)
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(previous)
        shutil.rmtree(folder, ignore_errors=True)


def _events(folder: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{folder / DB}?mode=ro", uri=True) as con:
            return int(con.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return None


def invoke(
    argv: list[str],
    folder: Path,
    env: dict[str, str | None] | None = None,
    *,
    json_out: bool = False,
    command: click.Command = cli,
) -> Result:
    """Run ``mentorcore *argv*``; fail on an escape, a traceback, a refusal that wrote,
    or (*json_out*: ``--json`` was given as the flag) a failure not told in JSON."""
    COUNTS["cli"] += 1
    before = _events(folder)
    with guarded():
        result = CliRunner().invoke(
            command, argv, env={**ENV, **(env or {})}, catch_exceptions=True
        )
    COUNTS[f"cli exit {result.exit_code}"] += 1
    problem = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problem = f"raised {type(result.exception).__name__}: {shown(str(result.exception))}"
        problem += f" at {origin(result.exception)}"
    elif result.exit_code not in (0, 1, 2, 3):
        problem = f"exited {result.exit_code}"
    elif "Traceback (most recent call last)" in result.output:
        problem = "printed a traceback"
    elif control := _CONTROLS.search(result.output):
        problem = f"printed the terminal control character {control.group()!r}"
    elif result.exit_code != 0 and json_out and not _is_json(result.stdout):
        problem = f"exited {result.exit_code} under --json without a JSON document"
    elif result.exit_code != 0 and before is not None and _events(folder) != before:
        problem = f"exited {result.exit_code} but wrote {(_events(folder) or 0) - before} events"
    if problem is not None:
        raise Escaped(f"mentorcore {shown(argv)} {problem}; output: {shown(result.output[-300:])}")
    return result


#: What a terminal acts on (ESC, BEL, backspace, C1 CSI...): names and reasons
#: must not reach it raw (issue 10, point 6). Tabs, newlines and CRLF pass.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _as_environ(value: str) -> str:
    """*value* as Python would read it back from a real environment (a lone
    surrogate arrives as the surrogate escapes of its three bytes)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


_ODD_DBS = ("foreign.db", "notes.db", "existing-dir", "missing/x.db", "", "new.db", "\udcff.db")


class Moods:
    """Which values each argument gets: all sane (about one tandem), all sane but
    one hostile, or every one a gamble."""

    def __init__(self, data: st.DataObject, world: World, folder: Path, names: list[str]) -> None:
        self.mood = data.draw(st.sampled_from(("sane", "one hostile", "chaos")), label="mood")
        tandems = st.sampled_from(world.tandems)
        tandem = data.draw(tandems if self.mood != "chaos" else st.one_of(st.none(), tandems))
        self.victim = data.draw(st.sampled_from(names)) if self.mood == "one hostile" else None
        self.sane = Values(world, folder, tandem, "sane")
        self.wild = Values(world, folder, tandem, "wild")
        self.mixed = Values(world, folder, tandem, "mixed")

    def of(self, name: str) -> Values:
        if self.mood == "chaos":
            return self.mixed
        return self.wild if name == self.victim else self.sane

    def sane_for(self, name: str) -> bool:
        return self.mood != "chaos" and name != self.victim


def _global(data: st.DataObject, moods: Moods) -> tuple[list[str], bool]:
    """``--db``, ``--as``, ``--today`` and ``--json`` (each sometimes left out in
    chaos), and whether ``--json`` is among them."""
    argv: list[str] = []
    odd = st.sampled_from(_ODD_DBS)
    db = data.draw(st.just(DB) if moods.sane_for("--db") else odd, label="--db")
    if moods.sane_for("--db") or data.draw(st.booleans()):
        argv += ["--db", db]
    who = data.draw(moods.of("--as").who(), label="--as")
    if moods.sane_for("--as") or data.draw(st.integers(0, 4)):
        argv += ["--as", who]
    today = data.draw(moods.of("--today").datetimes(), label="--today")
    if moods.sane_for("--today") or data.draw(st.integers(0, 2)):
        argv += ["--today", today]
    json_out = data.draw(st.booleans(), label="--json")
    return argv + ["--json"] * json_out, json_out


def _arguments(data: st.DataObject, command: click.Command, moods: Moods) -> list[str]:
    argv: list[str] = []
    for param in command.params:
        name = param.opts[0] if isinstance(param, click.Option) else str(param.name)
        if param.name in GLOBAL:
            continue
        sane, values = moods.sane_for(name), moods.of(name)
        if isinstance(param, click.Argument):
            if not param.required and not data.draw(st.booleans()):
                continue
            value = data.draw(cli_value(param, values), label=name)
            argv += list(value) if isinstance(value, tuple) else [value]
            continue
        # optional options come and go; a required one is left out only when hostile
        if not (param.required and sane) and not data.draw(st.integers(0, 2)):
            continue
        if getattr(param, "is_flag", False):
            argv.append(name)
            continue
        value = data.draw(cli_value(param, values), label=name)
        for item in value if isinstance(value, tuple) else (value,):
            argv += [name, item]
    return argv


def _names(command: click.Command) -> list[str]:
    own = [p.opts[0] if isinstance(p, click.Option) else str(p.name) for p in command.params]
    return ["--db", "--as", "--today", *(n for n in own if n.lstrip("-") not in GLOBAL)]


@pytest.fixture(scope="module", autouse=True)
def _serving_returns_at_once() -> Iterator[None]:
    """``serve`` and ``demo --serve`` would serve until stopped: here uvicorn
    returns at once, so everything up to serving is fuzzed (the web face's own
    tests start a real server)."""
    import uvicorn

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
        yield


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
@fuzz_settings(0.2)
@given(data=st.data())
def test_command(world: World, path: tuple[str, ...], data: st.DataObject) -> None:
    command = dict(COMMANDS)[path]
    if path in SLOW and data.draw(st.integers(0, 5), label="skip slow") > 0:
        return
    with example_folder(world) as folder:
        moods = Moods(data, world, folder, _names(command))
        options, json_out = _global(data, moods)
        args = _arguments(data, command, moods)
        before = data.draw(st.booleans(), label="global options first")
        argv = [*options, *path, *args] if before else [*path, *args, *options]
        invoke(argv, folder, json_out=json_out)


@fuzz_settings(0.5)
@given(data=st.data())
def test_import_of_hostile_files(world: World, data: st.DataObject) -> None:
    with example_folder(world) as folder:
        files = data.draw(Values(world, folder).import_files(), label="files")
        who = data.draw(st.sampled_from(("system", "system", "df-coord", "md-mentee1", None)))
        flags = st.sampled_from(
            (["--check"], ["-p", "default"], ["-p", "medic"], ["--role", "mentee"], ["--json"])
        )
        extra = data.draw(st.lists(flags, max_size=3, unique_by=tuple), label="options")
        extra += [["--as", who]] if who else []
        argv = ["import", *files, *itertools.chain.from_iterable(extra)]
        invoke(argv, folder, json_out=["--json"] in extra)


@fuzz_settings(0.5)
@given(data=st.data())
def test_global_options_and_environment(world: World, data: st.DataObject) -> None:
    with example_folder(world) as folder:
        moods = Moods(data, world, folder, ["--db", "--as", "--today"])
        dbs = st.sampled_from((DB, "foreign.db", "notes.db", "existing-dir", "\udcff"))
        env = {
            "MENTORCORE_NOW": data.draw(st.one_of(st.none(), datetime_text)),
            "MENTORCORE_AS": data.draw(st.one_of(st.none(), moods.mixed.who())),
            "MENTORCORE_DB": data.draw(st.one_of(st.none(), dbs)),
        }
        path = data.draw(st.sampled_from([p for p, _ in COMMANDS if p not in SLOW]))
        options, json_out = _global(data, moods)
        argv = [*options, *path, *_arguments(data, dict(COMMANDS)[path], moods)]
        invoke(argv, folder, {k: _as_environ(v) for k, v in env.items() if v}, json_out=json_out)


@fuzz_settings(0.5)
@given(data=st.data())
def test_token_soup(world: World, data: st.DataObject) -> None:
    """Anything typed at the prompt: real command words, options and values, mixed with junk."""
    words = sorted(
        {w for p, _ in COMMANDS for w in p}
        | {o for _, c in COMMANDS for p in c.params for o in p.opts if o.startswith("-")}
    )
    with example_folder(world) as folder:
        values = Values(world, folder)
        token = st.one_of(
            st.sampled_from(words),
            st.sampled_from(words),
            values.people(),
            values.tandem_ref(),
            cli_text,
            st.sampled_from(("hanss", "tandm", "--jsn")),
        )
        invoke(data.draw(st.lists(token, max_size=8), label="argv"), folder)


@pytest.mark.parametrize("programme", ["medic", "kerpen", "ostalb", "default"])
def test_demo_with_hostile_cohort_files(world: World, programme: str) -> None:
    """Deterministic: the demo reads a cohort folder of junk (tests/fuzz_files.furnish:
    a start in 9999, JSON nested 50,000 deep, a demo section that is a number, bytes
    that are no text); the fuzz meets these by chance."""
    with example_folder(world) as folder:
        invoke(["demo", programme, "--cohort", "cohort", "--out", "demo-out"], folder)


def test_every_command_is_fuzzed() -> None:
    paths = {p for p, _ in COMMANDS}
    assert len(paths) >= 40
    assert {("import",), ("demo",), ("match", "confirm"), ("meeting", "document")} <= paths
    for _, command in COMMANDS:
        for param in command.params:
            assert param.name is not None


def test_the_check_catches_a_traceback(tmp_path: Path) -> None:
    @click.command()
    def broken() -> None:
        raise OverflowError("date value out of range")

    counted = COUNTS.copy()
    with pytest.raises(AssertionError, match="raised OverflowError: 'date value out of range'"):
        invoke([], tmp_path, command=broken)
    COUNTS.clear()
    COUNTS.update(counted)  # not an input to mentorcore
