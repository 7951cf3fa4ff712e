"""The ``mentorcore`` command: run a programme from a terminal (the ``cli`` extra).

Only this package imports click, rich and fpdf2; ``import mentorcore`` never
does. It uses the library's public API, like any other host.
"""

from __future__ import annotations

from mentorcore.cli import agreement_export as _agreement_export  # adds ``agreement export``
from mentorcore.cli import person_erase as _person_erase  # adds ``person erase``
from mentorcore.cli import person_export as _person_export  # adds ``person export``
from mentorcore.cli import status as _status  # adds ``tandem status`` to the group
from mentorcore.cli.agreements import agreement
from mentorcore.cli.app import cli, main
from mentorcore.cli.calendar import calendar
from mentorcore.cli.certificate import certificate
from mentorcore.cli.deliver import deliver
from mentorcore.cli.demo import demo
from mentorcore.cli.feedback import feedback
from mentorcore.cli.goals import goal
from mentorcore.cli.maintenance import rebuild
from mentorcore.cli.matching import match
from mentorcore.cli.meetings import meeting
from mentorcore.cli.people import import_people, people
from mentorcore.cli.person import person
from mentorcore.cli.programmes import programmes
from mentorcore.cli.reports import activity, cadence, due, health
from mentorcore.cli.retention import retention
from mentorcore.cli.serve import serve
from mentorcore.cli.tandems import tandem

for _command in (
    programmes,
    import_people,
    people,
    person,
    retention,
    match,
    tandem,
    agreement,
    goal,
    meeting,
    cadence,
    health,
    due,
    feedback,
    deliver,
    activity,
    calendar,
    certificate,
    demo,
    serve,
    rebuild,
):
    cli.add_command(_command)
del _status, _agreement_export, _person_erase, _person_export

__all__ = ["cli", "main"]
