"""Draw the tandem lifecycle (python-statemachine's own Mermaid output) into docs/concepts.md.

Run ``python docs/gen_diagram.py`` after changing ``src/mentorcore/lifecycle/tandem.py``;
``tests/test_docs.py`` fails while the diagram in the page is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = HERE / "concepts.md"
START, END = "<!-- lifecycle-diagram: generated -->", "<!-- /lifecycle-diagram -->"


def diagram() -> str:
    """The lifecycle as a Mermaid state diagram, without the current-state highlight."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from mentorcore.lifecycle.tandem import TandemLifecycle

    text = f"{TandemLifecycle():mermaid}"
    lines = [ln for ln in text.splitlines() if "classDef" not in ln and ":::" not in ln]
    return "```mermaid\n" + "\n".join(lines).rstrip() + "\n```"


def render(page: str) -> str:
    """*page* with the diagram block replaced."""
    block = f"{START}\n{diagram()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, page, flags=re.S)


if __name__ == "__main__":
    PAGE.write_text(render(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the lifecycle diagram into {PAGE}")
