"""The generic programme (seed 002): a mentoring platform's flow, no extra rules.

It has only the base settings every programme has
(:data:`mentorcore.policy.settings.BASE_SETTINGS`).
"""

from __future__ import annotations

from collections.abc import Callable

from mentorcore.domain import Programme
from mentorcore.i18n import _
from mentorcore.policy.hookspecs import hookimpl

PROGRAMME = Programme(
    key="default",
    name=_("Mentoring (generic flow)"),
    timezone="Europe/Berlin",
    description=_(
        "The flow of a mentoring platform: request or assignment, getting to know, "
        "an agreement drafted by the mentee and approved by the mentor, meetings "
        "scheduled by the mentee, feedback, an official end and a certificate."
    ),
)


@hookimpl
def mentorcore_register_programmes(register: Callable[[Programme], None]) -> None:
    """Register the generic programme under the key ``default``."""
    register(PROGRAMME)
