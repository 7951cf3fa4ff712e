"""Helpers for the year tests (no tests here): a programme's year played through
the command line, one invocation per step, on a database that starts empty.

The cohorts are in ``tests/data/years/``; the clock is set per call, so a test
reads as a calendar of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from test_cli_kit import Cli

YEARS = Path(__file__).resolve().parent / "data" / "years"


def day_after(day: str, days: int = 1) -> str:
    """The ISO day *days* after *day*."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def pdf_text(path: Path) -> str:
    """The text of a PDF, whitespace collapsed."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


#: The stores a year is played on: the SQLite file and a PostgreSQL database.
STORES = ["sqlite", "postgres"]


def on_store(year: Year, request: pytest.FixtureRequest) -> None:
    """Point *year* at the store of *request*'s parameter: its SQLite file, or
    a fresh database on the session's PostgreSQL server."""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        year.db = server.dsn(server.create_database())  # type: ignore[assignment]


class Year(Cli):
    """The command line on one programme's database, with the coordinator's view.

    :param programme: The programme's key.
    :param coordinator: The person id of its coordinator.
    """

    def __init__(self, folder: Path, programme: str, coordinator: str, today: str) -> None:
        super().__init__(folder, today)
        self.programme = programme
        self.coordinator = coordinator
        self.ids: dict[str, str] = {}

    # ------------------------------------------------------------ tandems

    def tandem_rows(self, today: str) -> list[dict[str, Any]]:
        """``tandem list`` as the coordinator sees it on *today*."""
        rows = self.data("tandem", "list", "-p", self.programme, who=self.coordinator, today=today)
        for row in rows:
            self.ids.setdefault(row["mentee"], row["id"])
        return list(rows)

    def statuses(self, today: str) -> dict[str, str]:
        """Mentee -> status of her latest tandem, from ``tandem list``."""
        return {row["mentee"]: row["status"] for row in self.tandem_rows(today)}

    def of(self, mentee: str) -> str:
        """The id of *mentee*'s tandem (the first one listed)."""
        return self.ids[mentee]

    # ------------------------------------------------------------ meetings

    def plan(
        self,
        mentee: str,
        mentor: str,
        day: str,
        *,
        on: str,
        kind: str = "regular",
        fmt: str = "in_person",
        proposer: str | None = None,
        agenda: str | None = None,
    ) -> str:
        """A meeting on *day* at 17:00, proposed on day *on* and confirmed by the
        other side the same day. Returns its number in the tandem."""
        t = self.of(mentee)
        who = proposer or mentee
        other = mentor if who == mentee else mentee
        args = ["meeting", "propose", t, "--at", f"{day} 17:00", "--kind", kind, "--format", fmt]
        if agenda:
            args += ["--agenda", agenda]
        self.ok(*args, who=who, today=on)
        number = str(len(self.data("meeting", "list", t, who=mentee, today=on)["meetings"]))
        self.ok("meeting", "confirm", t, number, who=other, today=on)
        return number

    def hold(
        self, mentee: str, mentor: str, number: str, day: str, record: dict[str, str] | None = None
    ) -> None:
        """Both confirm attending meeting *number* the day after *day*; with
        *record*, the mentee documents it on the programme's form."""
        t = self.of(mentee)
        after = day_after(day)
        self.ok("meeting", "attend", t, number, who=mentee, today=after)
        self.ok("meeting", "attend", t, number, who=mentor, today=after)
        if record:
            sets = [f"--set={field}={value}" for field, value in record.items()]
            self.ok("meeting", "document", t, number, *sets, who=mentee, today=after)

    def meeting(
        self,
        mentee: str,
        mentor: str,
        day: str,
        *,
        kind: str = "regular",
        fmt: str = "in_person",
        record: dict[str, str] | None = None,
    ) -> str:
        """A meeting planned a week ahead and held (see :meth:`plan`, :meth:`hold`)."""
        number = self.plan(mentee, mentor, day, on=day_after(day, -7), kind=kind, fmt=fmt)
        self.hold(mentee, mentor, number, day, record)
        return number

    # ------------------------------------------------------------ reports

    def health(self, today: str) -> dict[str, dict[str, Any]]:
        """``health`` as the coordinator sees it: the mentee's name -> her tandem's row."""
        rows = self.data("health", self.programme, who=self.coordinator, today=today)
        return {row["mentee"]: row for row in rows}

    def due(self, day: str, who: str = "system") -> list[dict[str, Any]]:
        """``due --date DAY`` for *who* on that day."""
        found = self.data("due", "--date", day, "-p", self.programme, who=who, today=day)
        return list(found["actions"])

    def cadence(self, mentee: str, today: str) -> dict[str, Any]:
        """``cadence`` of *mentee*'s tandem as the coordinator sees it."""
        return dict(self.data("cadence", self.of(mentee), who=self.coordinator, today=today))

    def acknowledge(self, day: str) -> int:
        """The host delivers every action due on *day* (``due --acknowledge``);
        returns how many."""
        done = self.data("due", "--acknowledge", "-p", self.programme, who="system", today=day)
        return len(done["acknowledged"])

    def reports(self, day: str) -> Reports:
        """What the coordinator looks at on *day*: health, the due lists
        (the system's and her own), tandem list and each tandem's cadence."""
        statuses = self.statuses(day)
        return Reports(
            day=day,
            health=self.health(day),
            due=self.due(day),
            mine=self.due(day, who=self.coordinator),
            statuses=statuses,
            cadence={mentee: self.cadence(mentee, day) for mentee in statuses},
        )


@dataclass(frozen=True)
class Reports:
    """The coordinator's reports on one day (JSON documents, parsed)."""

    day: str
    health: dict[str, dict[str, Any]]
    due: list[dict[str, Any]]
    mine: list[dict[str, Any]]
    statuses: dict[str, str]
    cadence: dict[str, dict[str, Any]]

    def behind(self, name: str) -> dict[str, str]:
        """Rule ID -> message of each rule *name*'s tandem is behind on (latest period)."""
        row = self.health[name]
        return {p["rule_id"]: p["message"] for p in row["latest"] if p["status"] == "behind"}

    def on_track(self) -> set[str]:
        """The mentees' names of the tandems on track."""
        return {name for name, row in self.health.items() if row["on_track"]}

    def actions(self, tandem: str, mine: bool = False) -> set[tuple[str, str, str]]:
        """(rule ID, kind, recipient role) of the actions due for *tandem*."""
        listed = self.mine if mine else self.due
        return {
            (a["rule_id"], a["kind"], a["recipient_role"])
            for a in listed
            if a["tandem_id"] == tandem
        }
