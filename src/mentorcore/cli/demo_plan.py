"""The cohort behind ``mentorcore demo``: its files, its ``demo`` section, the year's timing.

A cohort is ``KEY.json`` (the coordination, the mentors and a ``demo``
section naming who plays which part) plus ``KEY-*.csv`` and ``KEY-*.json``
(the mentees), all importable with ``mentorcore import`` as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mentorcore import InvalidInput, Tandem, Template
from mentorcore.i18n import Message, Text, _

#: The demo cohorts, shipped in the package (``mentorcore/cli/cohorts``); a
#: source checkout's ``examples/cohorts`` is a link to the same folder.
COHORTS = Path(__file__).resolve().with_name("cohorts")
#: Days after the start at which each phase happens.
MATCHING, GETTING_TO_KNOW, AGREEMENTS = 7, 14, 24
#: Weeks between two meetings of a tandem that keeps to its rhythm.
RHYTHM_WEEKS = 8
#: The year ends this many days after the agreements.
YEAR_DAYS = 357
#: Meeting slots (counted from 0) a lagging tandem keeps; it misses the rest.
LAGGING_SLOTS = frozenset({0, 2})
#: Slots after which the host stops delivering due actions, so the last
#: weeks' actions are still due when the year ends.
UNDELIVERED_SLOTS = 2

#: The mistakes a cohort file may ask the demo to show.
MISTAKES = (
    "request",
    "mentor-drafts",
    "approve-early",
    "out-of-scope",
    "few-topics",
    "attend-early",
    "coordinator-reads-notes",
    "certificate-early",
)


@dataclass
class Cast:
    """Who plays a part in the year (person ids), from the cohort file."""

    coordinator: str
    completes: str | None = None
    lags: str | None = None
    rematches: str | None = None
    mistakes: tuple[str, ...] = ()


@dataclass
class Log:
    """What the year produced, for the report."""

    refusals: list[tuple[Message, str]] = field(default_factory=list)
    meetings_held: int = 0
    delivered: int = 0
    completed: Tandem | None = None
    rematched: list[tuple[Tandem, Tandem]] = field(default_factory=list)
    rematch_asked: bool = False


def record_values(
    form: Template, day: date, track: str | None, mentee: str, mentor: str
) -> dict[str, str]:
    """Values for *form* (the programme's, or the core's generic one) on *day*."""
    known = {"date": day.isoformat(), "mentee_name": mentee, "mentor_name": mentor}
    values = {}
    for f in form.fields:
        if f.choices:
            values[f.name] = track if track in f.choices else f.choices[0]
        elif f.required or f.name in ("contents", "content", "goals"):
            values[f.name] = known.get(f.name) or str(_("notes of {day}", day=day))
    return values


@dataclass
class Plan:
    """The ``demo`` section of a cohort file."""

    start: date
    cast: Cast
    late: list[tuple[str, dict[str, object]]]


def cohort_files(folder: Path, key: str) -> list[Path]:
    """The cohort's files: ``KEY.json`` first, then ``KEY-*.csv`` and ``KEY-*.json``.

    :raises InvalidInput: there is no ``KEY.json`` in *folder*.
    """
    main = folder / f"{key}.json"
    if not main.is_file():
        raise InvalidInput(
            [("--cohort", _("no cohort file {path} (give --cohort FOLDER)", path=str(main)))]
        )
    return [main, *sorted(folder.glob(f"{key}-*.csv")), *sorted(folder.glob(f"{key}-*.json"))]


def read_plan(path: Path) -> Plan:
    """The ``demo`` section of the cohort file *path*.

    :raises InvalidInput: the section or one of its fields is missing or malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason: Text = _("nested too deeply") if isinstance(exc, RecursionError) else str(exc)[:200]
        raise InvalidInput(
            [(path.name, _("not a readable JSON cohort file: {reason}", reason=reason))]
        ) from None
    section = data.get("demo") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise InvalidInput([(f"{path.name} demo", _("the cohort file needs a 'demo' section"))])
    problems: list[tuple[str, Text]] = []
    try:
        start = date.fromisoformat(str(section.get("starts")))
    except ValueError:
        problems.append((f"{path.name} demo.starts", _("expected the start day, YYYY-MM-DD")))
        start = date.min
    if not isinstance(section.get("coordinator"), str):
        problems.append((f"{path.name} demo.coordinator", _("name the coordinator's person id")))
    mistakes = section.get("mistakes", [])
    late = section.get("late_applications", [])
    if not isinstance(mistakes, list) or not isinstance(late, list):
        problems.append((f"{path.name} demo", _("mistakes and late_applications are lists")))
    else:
        problems += [
            (
                f"{path.name} demo.mistakes",
                _("'{value}' is none of {choices}", value=str(m), choices=", ".join(MISTAKES)),
            )
            for m in mistakes
            if m not in MISTAKES
        ]
    if problems:
        raise InvalidInput(problems)
    programme = data.get("programme")
    cast = Cast(
        coordinator=section["coordinator"],
        completes=section.get("completes"),
        lags=section.get("lags"),
        rematches=section.get("rematches"),
        mistakes=tuple(str(m) for m in mistakes),
    )
    records = [
        (f"{path.name} late application {k}", {"programme": programme, **row})
        for k, row in enumerate(late, start=1)
    ]
    return Plan(start, cast, records)
