"""The docs stay in step with the code: the lifecycle diagram is current and the
plugin tutorial's example plugin works as the tutorial says."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from docblocks import python_blocks, shell_blocks
from docshell import Shell

from mentorcore import AssignMentor, InvalidInput, Role, TransitionDenied
from mentorcore.i18n import using_language
from mentorcore.testing import SYSTEM, enrol

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example():
    # The tutorial's plugin as a package (its catalogues are package data).
    sys.path.insert(0, str(DOCS / "examples/mentorcore-example/src"))
    try:
        return importlib.import_module("mentorcore_example.policy")
    finally:
        sys.path.pop(0)


def test_lifecycle_diagram_is_current():
    gen = _module(DOCS / "gen_diagram.py", "gen_diagram")
    page = (DOCS / "concepts.md").read_text(encoding="utf-8")
    assert page == gen.render(page), (
        "docs/concepts.md diagram is stale: run python docs/gen_diagram.py"
    )
    assert "awaiting_approval --> active : Approve agreement" in page


def test_tutorial_same_department_refused(make_engine, example):
    engine = make_engine(plugins=[example])
    enrol(engine, "ana", "buddy", Role.MENTEE, {"department": "Sales"})
    enrol(engine, "ben", "buddy", Role.MENTOR, {"department": "Sales", "years": 8})
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(
            AssignMentor(programme_key="buddy", mentee="ana", mentor="ben"), actor=SYSTEM
        )
    assert refused.value.rule_ids == {"BUDDY-INDEP-1"}
    enrol(engine, "cleo", "buddy", Role.MENTOR, {"department": "IT", "years": "3"})
    engine.execute(AssignMentor(programme_key="buddy", mentee="ana", mentor="cleo"), actor=SYSTEM)


def test_tutorial_refusal_in_german_from_the_plugins_own_catalogue(make_engine, example):
    engine = make_engine(plugins=[example], settings={"buddy": {"min_years": 5}})
    with pytest.raises(TransitionDenied) as refused:
        enrol(engine, "ben", "buddy", Role.MENTOR, {"department": "IT", "years": 1})
    denial = refused.value.denials[0]
    assert denial.message_id == "{name} has {n} year in the company; a mentor needs {needed}"
    assert denial.params["n"] == 1
    assert denial.render("de") == "Ben ist seit 1 Jahr im Unternehmen; ein Mentor braucht 5"
    with using_language("de"):
        assert "seit 1 Jahr im Unternehmen" in str(refused.value)
    assert "has 1 year in the company" in str(refused.value)


def test_tutorial_settings_and_profile_checks(make_engine, example):
    engine = make_engine(plugins=[example], settings={"buddy": {"min_years": 5}})
    with pytest.raises(TransitionDenied, match=r"BUDDY-ELIG-1.*has 4 years.*needs 5"):
        enrol(engine, "ben", "buddy", Role.MENTOR, {"department": "IT", "years": 4})
    with pytest.raises(InvalidInput, match="years: expected a whole number"):
        enrol(engine, "ben", "buddy", Role.MENTOR, {"department": "IT", "years": "many"})


def test_docs_link_to_pages_that_exist():
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([\w\-./]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_the_deploying_guides_examples_run_on_postgresql(pg_dsn, monkeypatch, tmp_path):
    """deploying.md's Python blocks and command lines, with its server's URL replaced by a
    real PostgreSQL server's (tests/test_docs_site.py runs the other pages)."""
    monkeypatch.setenv("MENTORCORE_DB", pg_dsn)
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks("deploying.md")
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block.code, block.where, "exec"), namespace)
    shell = Shell(tmp_path)
    for block in shell_blocks("deploying.md"):
        code = re.sub(r"MENTORCORE_DB=postgresql://\S+", f"MENTORCORE_DB={pg_dsn}", block.code)
        shell.run_block(code, block.where)
    assert shell.ran
