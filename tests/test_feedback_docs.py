"""docs/feedback.md: its Python example runs as the page says (CORE-FEEDBACK-1..3)."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
_FENCE = re.compile(r"^```python\n(?P<body>.*?)^```", re.M | re.S)


def test_core_feedback_docs_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = (DOCS / "feedback.md").read_text(encoding="utf-8")
    blocks = [m["body"] for m in _FENCE.finditer(page)]
    assert blocks, "docs/feedback.md has no Python example"
    namespace: dict[str, object] = {"__name__": "docs_feedback"}
    for code in blocks:
        exec(compile(code, "docs/feedback.md", "exec"), namespace)
    assert namespace["overview"].counts  # type: ignore[attr-defined]


def test_core_feedback_rules_have_rows():
    rules = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in ("CORE-FEEDBACK-1", "CORE-FEEDBACK-2", "CORE-FEEDBACK-3"):
        assert f"| {rule} |" in rules, rule
