"""Importing the core, building an engine and importing the plugin contract of
matching load neither NumPy nor SciPy; only a matching run does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize(
    "code",
    [
        "import mentorcore",
        "import mentorcore; mentorcore.Engine(':memory:', load_entrypoints=False)",
        "from mentorcore.matching import PairMask, Criterion, Proposal, Objective",
        "import mentorcore.plugins.matching_defaults",
    ],
)
def test_the_core_does_not_import_numpy_or_scipy(code):
    probe = f"""
        import sys
        {code}
        print(sorted(m for m in ("numpy", "scipy") if m in sys.modules))
    """
    assert _run(probe) == "[]"


def test_a_matching_run_does():
    probe = """
        import sys
        from mentorcore import Engine, Role
        from mentorcore.matching import propose
        from mentorcore.testing import SYSTEM, enrol
        e = Engine(":memory:", load_entrypoints=False)
        enrol(e, "ana", "default", Role.MENTEE)
        enrol(e, "max", "default", Role.MENTOR)
        proposal = propose(e, "default", actor=SYSTEM)
        print([(p.mentee, p.mentor) for p in proposal.pairs], "numpy" in sys.modules)
    """
    assert _run(probe) == "[('ana', 'max')] True"


def test_an_unknown_name_is_an_attribute_error():
    import mentorcore.matching

    with pytest.raises(AttributeError, match="nothing"):
        mentorcore.matching.nothing  # noqa: B018
