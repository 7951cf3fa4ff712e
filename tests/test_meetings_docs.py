"""docs/meetings.md stays in step with the code: its example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "meetings.md"


def test_the_meetings_page_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/meetings.md lost its example"
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, str(PAGE), "exec"), namespace)
        assert namespace["ics"].startswith(b"BEGIN:VCALENDAR")


def test_the_meetings_page_names_every_meeting_command_and_read():
    page = PAGE.read_text(encoding="utf-8")
    import mentorcore
    from mentorcore.lifecycle.meeting import MEETING_VERBS

    for verb in MEETING_VERBS:
        assert f"`{verb}`" in page, verb
    for name in (
        "meeting_records",
        "meeting_record",
        "cadence",
        "programme_cadence",
        "due_actions",
        "acknowledge",
        "notifications",
        "certificate",
        "tandem_calendar",
        "person_calendar",
        "programme_calendar",
        "meeting_invitation",
        "meeting_cancellation",
        "meeting_calendar_object",
    ):
        owner = mentorcore.Engine if name == "acknowledge" else mentorcore.Reader
        assert hasattr(owner, name), name
        assert f"{name}(" in page, name
