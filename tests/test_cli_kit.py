"""Helpers for the command-line tests (no tests here): a runner on a temporary
database with a set clock, and people for the default programme."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from mentorcore.cli import cli

ROOT = Path(__file__).resolve().parent.parent
COHORTS = ROOT / "examples" / "cohorts"

#: ana and fay (mentees), ben and dave (mentors), carla (coordinator).
DEFAULT_PEOPLE = """\
id,name,email,role,capacity
ana,Ana Lopez,ana@example.org,mentee,
fay,Fay Nowak,fay@example.org,mentee,
ben,Dr. Ben Okafor,ben@example.org,mentor,2
dave,Dave Schmidt,dave@example.org,mentor,
carla,Carla Weiß,carla@example.org,coordinator,
"""
#: The environment of every call: no database, actor or clock from outside, and
#: English (the German programmes would speak German): tests of other
#: languages pass ``--lang`` or ``MENTORCORE_LANG`` themselves.
_UNSET = {
    "MENTORCORE_DB": None,
    "MENTORCORE_AS": None,
    "MENTORCORE_NOW": None,
    "MENTORCORE_LANG": "en",
}


class Cli:
    """Runs ``mentorcore`` on one temporary database.

    :param folder: Where the database and files go.
    :param today: The clock (``--today``) unless a call gives another.
    """

    def __init__(self, folder: Path, today: str = "2026-10-05") -> None:
        self.folder = folder
        self.db = folder / "mentorcore.db"
        self.today = today
        self.runner = CliRunner()

    def __call__(
        self, *args: str, who: str | None = None, today: str | None = None, json_out: bool = False
    ) -> Result:
        """Invoke the command; exceptions other than exits fail the test (no tracebacks)."""
        argv = ["--db", str(self.db), "--today", today or self.today]
        if who:
            argv += ["--as", who]
        if json_out:
            argv.append("--json")
        return self.runner.invoke(cli, [*argv, *args], env=_UNSET, catch_exceptions=False)

    def ok(self, *args: str, **kw: Any) -> Result:
        """Invoke and insist on exit 0."""
        result = self(*args, **kw)
        assert result.exit_code == 0, result.output
        return result

    def data(self, *args: str, **kw: Any) -> Any:
        """Invoke with ``--json`` and return the document printed."""
        return json.loads(self.ok(*args, json_out=True, **kw).stdout)

    def file(self, name: str, text: str) -> Path:
        """Write *text* into a file of the test folder."""
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def events(self) -> list[tuple[Any, ...]]:
        """Every stored event row, to show a database unchanged."""
        if not self.db.exists():
            return []
        with sqlite3.connect(self.db) as db:
            return db.execute("SELECT * FROM events ORDER BY 1").fetchall()

    def default_people(self) -> None:
        """Import :data:`DEFAULT_PEOPLE` into the default programme."""
        self.ok(
            "import", str(self.file("people.csv", DEFAULT_PEOPLE)), "-p", "default", who="system"
        )

    def tandem(self, mentee: str = "ana", mentor: str = "ben") -> str:
        """A requested tandem on the default programme; returns its id."""
        made = self.data("tandem", "request", mentor, "-p", "default", who=mentee)
        return str(made["tandem"]["id"])

    def active(self, mentee: str = "ana", mentor: str = "ben", meetings: int | None = 6) -> str:
        """An active tandem on the default programme (*meetings* agreed, or no
        number: then no rhythm either); returns its id."""
        t = self.tandem(mentee, mentor)
        self.ok("tandem", "accept", t, who=mentor)
        self.ok("tandem", "opt-in", t, who=mentee)
        self.ok("tandem", "opt-in", t, who=mentor)
        self.ok(
            "agreement",
            "draft",
            t,
            "--start",
            "2026-10-05",
            "--end",
            "2027-09-30",
            *(("--meetings", str(meetings)) if meetings is not None else ()),
            "--goals",
            "decide on a specialty",
            who=mentee,
        )
        self.ok("agreement", "submit", t, who=mentee)
        self.ok("agreement", "approve", t, who=mentor)
        return t


def refused(result: Result, rule_id: str) -> None:
    """Assert a refusal by *rule_id*: exit 1 and the rule in the message."""
    assert result.exit_code == 1, result.output
    assert f"[{rule_id}]" in result.stderr, result.stderr


def bad_input(result: Result, *words: str) -> None:
    """Assert bad input: exit 2 and each of *words* in the message."""
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output, result.output
