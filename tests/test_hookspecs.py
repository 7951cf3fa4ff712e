"""The plugin contract stays documented: every hook has a docstring with a
``:param:`` per argument, carries the ``mentorcore_`` prefix, and appears in the
generated reference, which must be up to date."""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path

import pytest

from mentorcore.policy import hookspecs

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    (name, fn)
    for name, fn in inspect.getmembers(hookspecs.MentorcoreSpecs, inspect.isfunction)
    if not name.startswith("_")
]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_hooks", ROOT / "docs" / "gen_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_hooks():
    assert len(SPECS) >= 10


@pytest.mark.parametrize(("name", "fn"), SPECS, ids=[n for n, _ in SPECS])
def test_hookspec_is_prefixed_and_documented(name, fn):
    assert name.startswith("mentorcore_")
    doc = inspect.getdoc(fn)
    assert doc, f"{name} has no docstring"
    params = [p for p in inspect.signature(fn).parameters if p != "self"]
    documented = re.findall(r":param (\w+):", doc)
    missing = [p for p in params if p not in documented]
    assert not missing, f"{name}: no :param: entry for {missing}"
    assert not set(documented) - set(params), f"{name} documents parameters it does not have"
    assert ".. versionadded::" in doc


@pytest.mark.parametrize(("name", "fn"), SPECS, ids=[n for n, _ in SPECS])
def test_hook_is_in_the_generated_reference(name, fn):
    page = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert f"### `{name}(" in page, (
        f"{name} missing from docs/hooks.md: run python docs/gen_hooks.py"
    )


def test_reference_is_up_to_date():
    page = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    assert page == _generator().render(), "docs/hooks.md is stale: run python docs/gen_hooks.py"


def test_every_hook_belongs_to_a_family():
    listed = {n for _, names in _generator().families() for n in names}
    assert listed == {n for n, _ in SPECS}


def test_programme_scoped_names_are_real_hooks():
    assert set(hookspecs.PROGRAMME_SCOPED) <= {n for n, _ in SPECS}
