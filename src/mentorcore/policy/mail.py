"""How each kind of message reads: the core's templates, which a programme
may replace through ``mentorcore_mail_template``.

A template is three translatable texts with placeholders; the outbox fills
them in the programme's language (or the engine's) with what the recipient
may see, and nothing more:

``{recipient}``  the recipient's name
``{programme}``  the programme's name
``{title}``      what the message is about (the due action's kind, named)
``{reason}``     the due action's reason, as the recipient may read it
``{counterpart}`` the other side of the tandem (name), or ``""``
``{contact}``    the counterpart's contact data (name, e-mail), for a new pairing
``{meeting}``    the meeting's kind and time, for invitations
``{link}``       in ``call`` only: the host's link for the message
"""

from __future__ import annotations

from attrs import frozen

from mentorcore.i18n import Message, _

#: Kinds of message that are not due actions: a meeting's invitation and its
#: cancellation, each with the iTIP calendar object attached (CORE-MAIL-3).
MEETING_INVITATION = "meeting-invitation"
MEETING_CANCELLATION = "meeting-cancellation"
#: Reminder of an unanswered feedback request (CORE-FEEDBACK-2).
FEEDBACK_REMINDER = "feedback-reminder"

#: The placeholders a template may use (see the module's docstring).
PLACEHOLDERS = (
    "recipient",
    "programme",
    "title",
    "reason",
    "counterpart",
    "contact",
    "meeting",
)


#: The call to action of a template that names none.
OPEN_APP = _("Please open the mentoring app: {link}")


@frozen
class MailTemplate:
    """How one kind of message reads.

    :ivar subject: The subject line.
    :ivar body: The text between the greeting (:data:`GREETING`) and the call
        to action, which the outbox adds with the closing and the signature.
    :ivar call: The call to action when the host gave a link (``{link}``);
        without one, :data:`NO_LINK` is used.
    """

    subject: Message
    body: Message
    call: Message = OPEN_APP


#: The call to action when the host gave no link.
NO_LINK = _("Please open the mentoring app or ask the coordination.")

#: Around every body: the greeting, and the call to action with the signature.
GREETING = _("Hello {recipient},")
CLOSING = _("Kind regards")

GENERIC = MailTemplate(
    _("{programme}: {title}"),
    _("{reason}."),
)

# Keyed by the kinds of mentorcore.policy.due (which imports the hooks, and so this).
_CORE: dict[str, MailTemplate] = {
    "feedback-request": MailTemplate(
        _("{programme}: how was your meeting?"),
        _(
            "{reason}. Your feedback takes two minutes and helps the "
            "programme to support you and your tandem."
        ),
        _("Give your feedback here: {link}"),
    ),
    "inactivity-reminder": MailTemplate(
        _("{programme}: how is your mentoring going?"),
        _(
            "{reason} If something stands in the way, tell us: the "
            "coordination is glad to help."
        ),
        _("Tell us how it is going: {link}"),
    ),
    "evaluation": MailTemplate(
        _("{programme}: evaluation of your mentoring"),
        _("{reason}."),
        _("Fill in the evaluation here: {link}"),
    ),
    FEEDBACK_REMINDER: MailTemplate(
        _("Reminder – {programme}: {title}"),
        _("A friendly reminder: {reason}."),
        _("Answer here: {link}"),
    ),
    "pairing-notice": MailTemplate(
        _("{programme}: your mentoring tandem"),
        _(
            "{reason}.\n\nYour tandem partner:\n{contact}\n\nPlease get in "
            "touch to arrange your first conversation."
        ),
        _("Your tandem in the app: {link}"),
    ),
    MEETING_INVITATION: MailTemplate(
        _("{programme}: {meeting}"),
        _(
            "{reason}: {meeting}. The invitation is attached; your "
            "calendar can add or update it."
        ),
        _("Confirm or change the meeting here: {link}"),
    ),
    MEETING_CANCELLATION: MailTemplate(
        _("Cancelled – {programme}: {meeting}"),
        _(
            "{reason}: {meeting}. The attached cancellation removes it "
            "from your calendar."
        ),
        _("Your meetings in the app: {link}"),
    ),
}


def core_template(kind: str) -> MailTemplate:
    """The core's template for *kind*, else the generic one."""
    return _CORE.get(kind, GENERIC)


__all__ = [
    "CLOSING",
    "FEEDBACK_REMINDER",
    "GENERIC",
    "GREETING",
    "MEETING_CANCELLATION",
    "MEETING_INVITATION",
    "NO_LINK",
    "PLACEHOLDERS",
    "MailTemplate",
    "core_template",
]
