"""``mentorcore person ...``: one person's data under the DSGVO (export, erasure).

The subcommands live in their own modules (``person_export``, ``person_erase``)
and add themselves to this group.
"""

from __future__ import annotations

from mentorcore.cli.helptext import group
from mentorcore.i18n import mark


@group(
    "person",
    short_help=mark("Export or erase one person's data (DSGVO)."),
    help=mark(
        "One person's data under the DSGVO: a copy of everything mentorcore holds "
        "about them (Art. 15, 20) and its erasure (Art. 17)."
    ),
    examples=["mentorcore --as system person export sophie.krueger --out export/"],
)
def person() -> None:
    """The ``person`` command (its help: the ``help`` above)."""
