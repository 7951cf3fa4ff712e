"""The documentation site builds strictly, its generated references are current, and
every code example of every page runs (issue 16).

The strict build runs here, so the test command fails on a broken link, a missing
reference or any warning of MkDocs; the Python blocks of each page run in order in
one namespace; the command lines of its shell blocks run against a copy of the demo
database (``mentorcore demo medic --out out/demo``).
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from docblocks import DOCS, PYTHON, ROOT, blocks, pages, python_blocks, shell_blocks
from docshell import Shell

import mentorcore
from mentorcore.policy import hookspecs

#: Pages whose Python blocks another test runs, with the setup they need.
RUN_ELSEWHERE = {
    "deploying.md": "tests/test_docs.py",  # on a real PostgreSQL server
    "matching.md": "tests/test_matching_docs.py",  # on an engine with a cohort
    # against the plugin package the recipes assemble
    **{p: "tests/test_recipes.py" for p in pages() if p.startswith("recipes/")},
}
#: Pages whose command lines another test runs.
SHELL_ELSEWHERE = {"deploying.md": "tests/test_docs.py"}  # on a real PostgreSQL server
#: Generated pages: their blocks are signatures, checked against the code below.
GENERATED = {"hooks.md": "gen_hooks", "reference/api.md": "gen_api"}
#: Blocks marked ``<!-- not run: why -->``: few, and each says why.
MOST_NOT_RUN = 8


def _generator(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the site


def test_the_site_builds_strictly_without_a_warning(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MENTORCORE_LANG": "en"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    took = time.monotonic() - started
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert "WARNING" not in log, log
    assert took < 60, f"the strict build took {took:.0f} s"
    for page in ("index", "hooks", "reference/api", "reference/cli", "recipes/index"):
        assert (tmp_path / f"{page}.html").is_file(), f"{page}.html missing from the site"
    cli_page = (tmp_path / "reference" / "cli.html").read_text(encoding="utf-8")
    assert "mentorcore agreement draft" in cli_page, "the CLI reference lost its commands"


def test_every_page_is_in_the_navigation():
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)

    def listed(nav: Any) -> set[str]:
        if isinstance(nav, str):
            return {nav}
        if isinstance(nav, list):
            return set().union(*(listed(n) for n in nav))
        if isinstance(nav, dict):
            return set().union(*(listed(v) for v in nav.values()))
        return set()

    in_nav = listed(config["nav"])
    assert in_nav <= set(pages()), f"the nav names missing pages: {in_nav - set(pages())}"
    assert set(pages()) <= in_nav, f"not in the nav: {set(pages()) - in_nav}"


# ---------------------------------------------------------------- generated references


def test_the_hook_reference_is_current():
    page = (DOCS / "hooks.md").read_text(encoding="utf-8")
    assert page == _generator("gen_hooks").render(), (
        "docs/hooks.md is stale: run python docs/gen_hooks.py"
    )


def test_the_hook_reference_shows_each_hooks_return_type_family_and_results():
    gen = _generator("gen_hooks")
    page = (DOCS / "hooks.md").read_text(encoding="utf-8")
    for banner, names in gen.families():
        kind, _ = gen.family(banner)
        for name in names:
            fn = getattr(hookspecs.MentorcoreSpecs, name)
            returns = inspect.signature(fn).return_annotation
            section = page.split(f"### `{name}(", 1)[1].split("\n### ", 1)[0]
            assert f") -> {returns}: ..." in section, f"{name}: no return type in the page"
            first = (getattr(fn, "mentorcore_spec", {}) or {}).get("firstresult")
            assert f"*{kind} · {'first result wins' if first else 'collected'}" in section
            assert inspect.cleandoc(fn.__doc__ or "").splitlines()[0] in section


def test_a_changed_hookspec_makes_the_hook_reference_stale(monkeypatch):
    gen = _generator("gen_hooks")
    before = gen.render()

    def mentorcore_agreement_template(self, tandem, programme, today, extra) -> int:  # type: ignore[no-untyped-def]
        """Changed."""

    mentorcore_agreement_template.mentorcore_spec = {"firstresult": True}  # type: ignore[attr-defined]
    monkeypatch.setattr(
        hookspecs.MentorcoreSpecs, "mentorcore_agreement_template", mentorcore_agreement_template
    )
    assert gen.render() != before


def test_the_api_reference_is_current():
    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    assert page == _generator("gen_api").render(), (
        "docs/reference/api.md is stale: run python docs/gen_api.py"
    )


def test_every_public_name_is_in_the_api_reference():
    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    public = [n for n in mentorcore.__all__ if not n.startswith("_")]
    missing = [n for n in public if f"::: mentorcore.{n}\n" not in page]
    assert not missing, f"not in the API reference: {missing}"


# ---------------------------------------------------------------- the examples


def _python_pages() -> list[str]:
    return [p for p in pages() if p not in GENERATED and python_blocks(p)]


def test_pages_run_elsewhere_are_run_there():
    for page, test in RUN_ELSEWHERE.items():
        assert python_blocks(page), f"{page} has no Python examples any more"
        assert page in (ROOT / test).read_text(encoding="utf-8"), f"{test} no longer runs {page}"
    for page, test in SHELL_ELSEWHERE.items():
        assert shell_blocks(page), f"{page} has no command lines any more"
        assert page in (ROOT / test).read_text(encoding="utf-8"), f"{test} no longer runs {page}"


def test_blocks_not_run_are_rare_and_say_why():
    marked = [b for p in pages() for b in blocks(p) if b.not_run is not None]
    assert len(marked) <= MOST_NOT_RUN, [b.where for b in marked]
    assert all(len(b.not_run or "") >= 10 for b in marked), "say why a block is not run"


def test_python_blocks_have_a_language_the_tests_know():
    for page in pages():
        for block in blocks(page):
            if "import " in block.code and block.language not in PYTHON:
                assert block.language in {"toml", "sh", "console", "text", "bash"}, block.where


@pytest.mark.parametrize("page", [p for p in _python_pages() if p not in RUN_ELSEWHERE])
def test_a_pages_python_examples_run(page, tmp_path, monkeypatch, make_engine, clock):
    """The page's Python blocks run in order in one namespace, in an empty folder;
    a test function a page defines is called with the fixtures it names."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(DOCS / "examples" / "mentorcore-example" / "src"))
    namespace: dict[str, Any] = {"__name__": f"docs_{page.replace('/', '_')}"}
    for block in python_blocks(page):
        exec(compile(block.code, block.where, "exec"), namespace)
    fixtures: dict[str, Any] = {"make_engine": make_engine, "clock": clock, "tmp_path": tmp_path}
    for name, fn in list(namespace.items()):
        if name.startswith("test_") and callable(fn):
            _call(fn, fixtures)


def _call(fn: Callable[..., Any], fixtures: dict[str, Any]) -> None:
    fn(**{p: fixtures[p] for p in inspect.signature(fn).parameters})


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """A folder as after ``make demo`` in a checkout: out/demo/ and examples/cohorts."""
    folder = tmp_path_factory.mktemp("demo")
    shell = Shell(folder)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        shell.run_block("mentorcore demo medic --out out/demo\n", "demo fixture")
    finally:
        os.chdir(cwd)
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    return folder


def _shell_pages() -> list[str]:
    return [p for p in pages() if shell_blocks(p) and p not in SHELL_ELSEWHERE]


@pytest.mark.parametrize("page", _shell_pages())
def test_a_pages_command_lines_run_against_the_demo(page, demo_folder, tmp_path, monkeypatch):
    folder = tmp_path / "work"
    shutil.copytree(demo_folder, folder, symlinks=True)
    monkeypatch.chdir(folder)
    shell = Shell(folder)
    for block in shell_blocks(page):
        shell.run_block(block.code, block.where)
    assert shell.ran, f"{page}: no mentorcore command was run"
