"""The words of one message: a template filled in, in one language.

The template is the programme's (``mentorcore_mail_template``) or the core's
(:mod:`mentorcore.policy.mail`); what fills it in is what the recipient may
see, already redacted by the caller. Every message has the same frame: a
greeting, the template's body, its call to action, and the programme's
signature with the coordination's contact.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import evolve, frozen

from mentorcore.domain import Person, Programme
from mentorcore.i18n import Message, Text, render, using_language
from mentorcore.policy.mail import CLOSING, GREETING, NO_LINK, MailTemplate


@frozen
class Wording:
    """What fills a template's placeholders (see :mod:`mentorcore.policy.mail`)."""

    title: Text
    reason: Text
    counterpart: Text = ""
    contact: Text = ""
    meeting: Text = ""


def compose(
    template: MailTemplate,
    programme: Programme,
    recipient: Person,
    wording: Wording,
    *,
    link: str | None,
    language: str,
) -> tuple[str, str]:
    """The subject and plain-text body of one message, in *language*.

    The reason starts the body's sentence, so its first letter is raised.
    """
    with using_language(language):
        reason = _sentence(render(wording.reason))
        values = {
            "recipient": recipient.name,
            "programme": programme.name,
            "title": wording.title,
            "reason": reason,
            "counterpart": wording.counterpart,
            "contact": wording.contact,
            "meeting": wording.meeting,
        }
        subject = _filled(template.subject, values)
        body = _filled(template.body, values)
        if reason[-1:] in "?!.":  # the template's full stop after a question
            body = body.replace(reason + ".", reason)
        call = _filled(template.call, {"link": link}) if link else NO_LINK.render()
        greeting = _filled(GREETING, values)
        text = "\n\n".join([greeting, body, call, f"{CLOSING.render()}\n{signature(programme)}"])
    return " ".join(subject.split()), text + "\n"


def signature(programme: Programme) -> str:
    """The programme's name, then the first contact with an e-mail address."""
    lines = [render(programme.name)]
    contact = next((c for c in programme.contacts if c.email), None)
    if contact is not None:
        lines.append(f"{render(contact.role)}: {contact.name} <{contact.email}>".strip())
        if contact.phone:
            lines.append(contact.phone)
    return "\n".join(lines)


def contact_card(person: Person) -> str:
    """A person's name, organisation and e-mail address, one per line."""
    return "\n".join(
        line for line in (person.name, person.organisation or "", person.email or "") if line
    )


def _filled(message: Message, values: Mapping[str, Text | None]) -> str:
    # Placeholders a template leaves out are ignored; its own parameters stay.
    params = {**message.arguments, **{k: v for k, v in values.items() if v is not None}}
    return evolve(message, params=params).render()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
