"""Languages: translatable messages, catalogues per domain, Babel formats.

The bottom of the package: it imports nothing of mentorcore but itself, so
decisions, errors and the domain can carry :class:`Message` values.
"""

from mentorcore.i18n.domain import Domain, mark
from mentorcore.i18n.formats import (
    Day,
    Moment,
    Number,
    babel_locale,
    clock,
    day,
    listing,
    moment,
    number,
)
from mentorcore.i18n.language import (
    SOURCE,
    SUPPORTED,
    chosen_language,
    current_language,
    negotiate,
    system_language,
    using_language,
)
from mentorcore.i18n.message import Message, Param, Text, as_message, render

#: The core's own domain: engine texts, rule reasons, due actions, calendar, CLI.
_ = Domain("mentorcore", "mentorcore")

__all__ = [
    "SOURCE",
    "SUPPORTED",
    "Day",
    "Domain",
    "Message",
    "Moment",
    "Number",
    "Param",
    "Text",
    "_",
    "as_message",
    "babel_locale",
    "chosen_language",
    "clock",
    "current_language",
    "day",
    "listing",
    "mark",
    "moment",
    "negotiate",
    "number",
    "render",
    "system_language",
    "using_language",
]
