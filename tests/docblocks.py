"""The code blocks of the documentation pages, for the tests that run them (no tests here).

A fenced block is run by the tests when its language is ``python`` (executed, the
page's blocks in order in one namespace) or ``sh``/``console`` (each ``mentorcore``
command line run against a demo database). A block that is deliberately not run
has the comment ``<!-- not run: why -->`` on the line right before its fence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)
_NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<why>.+?)\s*-->\s*$")
PYTHON = {"python", "py", "python3"}
SHELL = {"sh", "console", "bash", "shell"}


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: its language, text, first line and why it is not run."""

    page: str
    language: str
    code: str
    line: int
    not_run: str | None
    title: str | None = None

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def pages() -> list[str]:
    """Every Markdown page under docs/, relative to it (the example plugin's folder excluded)."""
    return sorted(
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if "examples" not in p.relative_to(DOCS).parts
    )


def blocks(page: str) -> list[Block]:
    """The fenced blocks of *page* in order."""
    text = (DOCS / page).read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        info = m["info"].strip().split()
        language = info[0].lower().lstrip(".{") if info else ""
        title = re.search(r'title="([^"]+)"', m["info"])
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        why = _NOT_RUN.search(before)
        indent = len(m["indent"])
        body = "\n".join(line[indent:] for line in m["body"].splitlines())
        found.append(
            Block(
                page,
                language,
                body + "\n",
                text.count("\n", 0, m.start()) + 2,
                why["why"] if why else None,
                title[1] if title else None,
            )
        )
    return found


def python_blocks(page: str) -> list[Block]:
    """The Python blocks of *page* that are run (a titled block is a file's part)."""
    return [b for b in blocks(page) if b.language in PYTHON and b.not_run is None and not b.title]


def shell_blocks(page: str) -> list[Block]:
    """The shell blocks of *page* that hold a ``mentorcore`` command and are run."""
    return [
        b
        for b in blocks(page)
        if b.language in SHELL and b.not_run is None and re.search(r"\bmentorcore\b", b.code)
    ]
