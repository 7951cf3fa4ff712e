"""The rule catalogue ``docs/rules.md`` is complete, implemented and tested.

Every rule ID in the table must name where it is implemented (files that
exist) and be named by a test: in a test function's name (``MEDIC-CAD-2`` ->
``test_medic_cad_2_...``) or in a test's docstring, anywhere under ``tests/``
or ``plugins/*/tests/``. Reads only files of this repository.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "rules.md"

#: The IDs the catalogue must hold at least: the rules of the programme documents
#: and the core's own invariants.
REQUIRED = (
    [f"CORE-{n}" for n in range(1, 16)]
    + [
        f"CORE-{n}"
        for n in (
            "LIFECYCLE",
            "AUTH",
            "PRIVACY",
            "DISSOLVE",
            "REMATCH",
            "CAPACITY",
            "SINGLE",
            "TRACK",
        )
    ]
    + [
        f"MEDIC-{n}"
        for n in (
            "ELIG-1",
            "ELIG-2",
            "ELIG-3",
            "TRACK-1",
            "MENTOR-1",
            "MENTOR-2",
            "MENTOR-3",
            "INDEP-1",
            "MATCH-1",
            "START-1",
            "FLOW-1",
            "DUR-1",
            "AGR-1",
            "CAD-1",
            "CAD-2",
            "GOAL-1",
            "END-1",
            "END-2",
            "EVAL-1",
            "SCOPE-1",
            "TOPICS-1",
            "DOC-1",
        )
    ]
    + [
        f"OSTALB-{n}"
        for n in (
            "ELIG-1",
            "MENTOR-1",
            "MATCH-1",
            "NOTIFY-1",
            "FLOW-1",
            "DUR-1",
            "CAD-1",
            "CONF-1",
            "FMT-1",
            "SHADOW-1",
            "TOPICS-1",
        )
    ]
    + [
        f"KERPEN-{n}"
        for n in (
            "ELIG-1",
            "MENTOR-1",
            "INDEP-1",
            "YEAR-1",
            "TOPICS-1",
            "TOPICS-2",
            "CONTACT-1",
            "ROLE-1",
        )
    ]
)
_ROW = re.compile(r"^\|\s*([A-Z]+-[A-Z0-9]+(?:-[0-9]+)?)\s*\|")
_PATH = re.compile(r"`((?:src|plugins|tests)/[^`\s]+\.py)`")


@cache
def rows() -> dict[str, list[str]]:
    """``{ID: [rule, kind, implemented in, shown by]}`` from the catalogue's tables."""
    found: dict[str, list[str]] = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert match.group(1) not in found, f"{match.group(1)} appears twice"
            found[match.group(1)] = cells[1:]
    return found


@cache
def _collected_tests() -> tuple[frozenset[str], str]:
    """Every test function name, and all test docstrings joined, under the test folders."""
    files = [*ROOT.joinpath("tests").rglob("test_*.py"), *ROOT.glob("plugins/*/tests/**/test_*.py")]
    names: set[str] = set()
    docs: list[str] = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"
            ):
                names.add(node.name)
                docs.append(ast.get_docstring(node) or "")
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                docs.append(ast.get_docstring(node) or "")
    return frozenset(names), "\n".join(docs)


def named_by_a_test(rule_id: str) -> bool:
    """Whether a test's name or docstring names *rule_id* (and not just a longer ID)."""
    names, docs = _collected_tests()
    slug = "test_" + rule_id.lower().replace("-", "_")
    if any(n == slug or n.startswith(slug + "_") for n in names):
        return True
    return re.search(rf"(?<![A-Z0-9-]){re.escape(rule_id)}(?![A-Z0-9-]|-[0-9])", docs) is not None


def test_catalogue_holds_every_rule_of_the_programme_documents():
    missing = [rule_id for rule_id in REQUIRED if rule_id not in rows()]
    assert not missing, f"docs/rules.md lacks rows for {missing}"


@pytest.mark.parametrize("rule_id", sorted(rows()))
def test_rule_is_implemented_somewhere_that_exists(rule_id):
    rule, kind, implemented, _shown = rows()[rule_id][:4]
    assert rule, f"{rule_id}: no rule text"
    assert kind, f"{rule_id}: no kind"
    assert implemented, f"{rule_id}: no 'implemented in' entry"
    paths = _PATH.findall(implemented)
    assert paths, f"{rule_id}: 'implemented in' names no source file: {implemented!r}"
    absent = [p for p in paths if not (ROOT / p).is_file()]
    assert not absent, f"{rule_id}: 'implemented in' names missing files {absent}"


@pytest.mark.parametrize("rule_id", sorted(rows()))
def test_rule_is_named_by_a_test(rule_id):
    slug = "test_" + rule_id.lower().replace("-", "_")
    assert named_by_a_test(rule_id), (
        f"no test names {rule_id}: call one {slug}_... or put {rule_id} in its docstring"
    )


def test_the_checker_tells_neighbouring_ids_apart():
    """A test named after CORE-10 does not count for CORE-1, and ELIG-1 not for ELIG-12."""
    assert re.search(r"(?<![A-Z0-9-])CORE-1(?![A-Z0-9-]|-[0-9])", "see CORE-10") is None
    assert named_by_a_test("MEDIC-ELIG-1")
    assert not named_by_a_test("MEDIC-ELIG-12")
