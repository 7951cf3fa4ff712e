"""The folders show the layers, and imports point downward only.

From the bottom: languages (messages, catalogues), the ground (decisions,
errors, clock, validation, domain, events), the lifecycles, the policy (the
plugin contract), the built-in plugins, commands, adapters (stores, JSON,
iCalendar), the shared state, the write side and the read side, delivery
(which reads the outbox and records what was sent), the engine facade,
matching, and the faces.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "mentorcore"
LAYERS = [
    {"i18n"},
    {"decision", "errors", "clock", "validation"},
    {"domain"},
    {"events"},
    {"lifecycle"},
    {"policy"},
    {"plugins", "commands", "configuration"},
    {"adapters"},
    {"state"},
    {"write", "read"},
    {"delivery"},
    {"engine"},
    {"matching", "testing"},
    {"cli", "web"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mentorcore" else None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_downward_only(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    assert own in RANK, f"{own} is in no layer: add it to LAYERS"
    upward = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("mentorcore")
        ):
            target = _top(node.module) or node.names[0].name
            if target in RANK and RANK[target] > RANK[own]:
                upward.append(f"line {node.lineno}: {node.module}")
    assert not upward, f"{path.relative_to(SRC)} imports from a higher layer: {upward}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_well_under_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) < 400


def test_the_sides_do_not_import_each_other() -> None:
    for side, other in (("write", "read"), ("read", "write")):
        for path in (SRC / side).glob("*.py"):
            text = path.read_text()
            assert f"mentorcore.{other}" not in text, f"{path.name} reaches into {other}/"
