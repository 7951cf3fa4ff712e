"""What the command line calls the engine's codes: kinds of content, and the
commands that carry out a lifecycle verb.

The codes stay what the library stores and returns (``meeting_notes``,
``draft_agreement``); people read a label in their language, or the command
line to type, which is the same in every language.
"""

from __future__ import annotations

from attrs import frozen

from mentorcore import Content
from mentorcore.i18n import Message, _, current_language, listing

_CONTENT: dict[Content, Message] = {
    Content.AGREEMENT_DRAFT: _("the agreement draft"),
    Content.AGREEMENT: _("the agreement"),
    Content.AGREEMENT_PROPOSAL: _("the agreement proposal"),
    Content.GOALS: _("the goals"),
    Content.MEETING_NOTES: _("the meeting notes"),
    Content.MEETING_PREPARATION: _("the preparation of the meeting"),
    Content.FIRST_CONVERSATION: _("the record of the first conversation"),
    Content.ACTIVITY: _("the activity"),
}

#: The ``mentorcore`` command that carries out each lifecycle verb.
_COMMANDS = {
    "accept": "tandem accept",
    "decline": "tandem decline",
    "opt_in": "tandem opt-in",
    "opt_in_final": "tandem opt-in",
    "opt_out": "tandem opt-out",
    "dissolve": "tandem dissolve",
    "request_rematch": "tandem rematch",
    "start_closing": "tandem close",
    "complete": "tandem complete",
    "draft_agreement": "agreement draft",
    "submit_agreement": "agreement submit",
    "approve_agreement": "agreement approve",
    "return_agreement": "agreement return",
    "propose_amendment": "agreement amend",
    "approve_amendment": "agreement approve",
    "reject_amendment": "agreement reject",
    "set_goal": "goal set",
    "review_goal": "goal review",
    "propose_meeting": "meeting propose",
    "confirm_meeting": "meeting confirm",
    "decline_meeting": "meeting decline",
    "reschedule_meeting": "meeting reschedule",
    "cancel_meeting": "meeting cancel",
    "confirm_attendance": "meeting attend",
    "mark_meeting_missed": "meeting missed",
    "document_meeting": "meeting document",
    "prepare_meeting": "meeting prepare",
}


def content(kind: Content) -> Message:
    """What *kind* of content is called ("the meeting notes")."""
    return _CONTENT.get(kind) or Message.literal(kind.value.replace("_", " "))


def commands(verbs: list[str]) -> list[str]:
    """The commands that carry out *verbs*, each once, in their order
    (a verb no command carries out: its code)."""
    return list(dict.fromkeys(_COMMANDS.get(verb, verb) for verb in verbs))


@frozen
class Alternatives:
    """Choices shown as "a, b or c" in the language they are rendered in."""

    items: tuple[str, ...]

    def render(self, language: str | None = None) -> str:
        """The choices joined with "or" ("oder")."""
        return listing(self.items, language or current_language(), "or")
