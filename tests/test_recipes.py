"""The recipes for plugin authors (docs/recipes/) build a plugin that works (issue 16).

The company programme's package is assembled from the recipe pages alone: every
block titled with a file's path is a part of that file, in the order of the
site's navigation. Each page's untitled blocks are the plugin's tests and run
against the assembled package; the package then installs with pip and loads
through its entry point, matches a cohort with its department rule and speaks
German from its own catalogue.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docblocks import ROOT, blocks, python_blocks

#: The recipe pages in the order of the site's navigation (mkdocs.yml).
PAGES = [
    "recipes/index.md",
    "recipes/rules.md",
    "recipes/agreements.md",
    "recipes/cadence.md",
    "recipes/confidentiality.md",
    "recipes/due-actions.md",
    "recipes/matching.md",
    "recipes/settings.md",
    "recipes/translations.md",
    "recipes/company-plugin.md",
]
PACKAGE = "company_programme"


def assemble(folder: Path) -> Path:
    """Write the plugin's project into *folder* from the recipes' titled blocks; compile
    its catalogues. Returns *folder*."""
    files: dict[str, list[str]] = {}
    for page in PAGES:
        for block in blocks(page):
            if block.title:
                files.setdefault(block.title, []).append(block.code)
    for name, parts in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(parts), encoding="utf-8")
    for po in folder.rglob("*.po"):
        with po.open("rb") as source:
            catalogue = read_po(source)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalogue)
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return assemble(tmp_path_factory.mktemp("company-programme"))


@pytest.fixture
def plugin(project, monkeypatch):
    """The assembled package, importable as ``company_programme``."""
    monkeypatch.syspath_prepend(str(project / "src"))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        monkeypatch.delitem(sys.modules, name)
    module = importlib.import_module(PACKAGE)
    yield module
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        sys.modules.pop(name, None)


def test_the_recipes_are_the_navigations_pages():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    positions = [nav.index(page) for page in PAGES]
    assert positions == sorted(positions), "PAGES must follow the order of mkdocs.yml"
    on_disk = sorted(
        p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs" / "recipes").glob("*.md")
    )
    assert sorted(PAGES) == on_disk


def test_the_assembled_package_has_every_part(project):
    source = (project / "src" / PACKAGE / "__init__.py").read_text(encoding="utf-8")
    compile(source, "company_programme/__init__.py", "exec")
    assert (project / "pyproject.toml").is_file()
    assert list(project.rglob("company_programme.mo")), "no compiled German catalogue"


@pytest.mark.parametrize("page", PAGES)
def test_a_recipes_tests_pass(page, plugin, make_engine, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": f"recipe_{Path(page).stem.replace('-', '_')}"}
    for block in python_blocks(page):
        exec(compile(block.code, block.where, "exec"), namespace)
    fixtures = {"make_engine": make_engine, "clock": clock, "tmp_path": tmp_path}
    tests = [fn for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    if page not in ("recipes/settings.md", "recipes/translations.md", "recipes/company-plugin.md"):
        assert tests, f"{page} shows no test of its recipe"
    for fn in tests:
        fn(**{p: fixtures[p] for p in inspect.signature(fn).parameters})


#: What the installed plugin must do, run in a fresh interpreter that finds it only
#: through its entry point (no plugins passed, nothing on the path but the target).
_CHECK = """
    import json
    from datetime import datetime, timezone

    from mentorcore import Actor, Engine, FixedClock, Role, TransitionDenied
    from mentorcore.i18n import using_language
    from mentorcore.matching import propose
    from mentorcore.testing import enrol

    clock = FixedClock(datetime(2027, 1, 11, 9, tzinfo=timezone.utc))
    engine = Engine(":memory:", clock=clock, blocked=["medic", "ostalb", "kerpen", "buddy"])
    enrol(engine, "carla", "company", Role.COORDINATOR)
    enrol(engine, "ana", "company", Role.MENTEE, {"department": "Sales"})
    enrol(engine, "bo", "company", Role.MENTEE, {"department": "IT"})
    enrol(engine, "ben", "company", Role.MENTOR, {"department": "Sales", "years": 8})
    enrol(engine, "cleo", "company", Role.MENTOR, {"department": "IT", "years": 5})
    proposal = propose(engine, "company", actor=Actor.person("carla"))
    try:
        enrol(engine, "dan", "company", Role.MENTOR, {"department": "HR", "years": 1})
    except TransitionDenied as refused:
        with using_language("de"):
            german = str(refused)
    rules = engine.hooks.cadence_rules(engine.programme("company"))
    print(json.dumps({
        "plugin": sorted(engine.hooks.owners),
        "pairs": sorted([p.mentee, p.mentor] for p in proposal.pairs),
        "german": german,
        "cadence": [r.period.value for r in rules],
    }))
"""


def test_the_company_plugin_installs_with_pip_and_works(project, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(project),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *sys.path[1:]])}
    env.pop("MENTORCORE_DISABLED_PLUGINS", None)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHECK)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "company" in seen["plugin"]
    assert seen["pairs"] == [["ana", "cleo"], ["bo", "ben"]]  # never the same department
    assert "Dan arbeitet seit 1 Jahr hier; ein Mentor braucht 3" in seen["german"]
    assert seen["cadence"] == ["month"]
