"""Certificates of participation (CORE-12): the record and the words on it.

:class:`Certificate` holds the facts a completed tandem's certificate states;
:class:`CertificateText` holds its words, top to bottom. A programme writes
its own words through the hook ``mentorcore_certificate_text``; when it gives
none, :func:`default_text` does. Texts are translatable messages, rendered in
the certificate's language when the document is made
(:func:`mentorcore.adapters.pdf.certificate_pdf`). A certificate is handed to
a person and shown to others: no text on it holds an id.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from attrs import field, frozen

from mentorcore.domain import TandemId
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, Text, _

if TYPE_CHECKING:
    from mentorcore.domain import Contact, Programme


def _texts(where: str, value: object) -> tuple[Text, ...]:
    items = (value,) if isinstance(value, str | Message) else value
    if not isinstance(items, list | tuple) or not all(isinstance(t, str | Message) for t in items):
        raise InvalidInput([(where, _("a text or a list of texts is expected"))])
    return tuple(items)


def _issuer(value: object) -> tuple[Text, ...]:
    return _texts("issuer", value)


def _paragraphs(value: object) -> tuple[Text, ...]:
    return _texts("paragraphs", value)


def _signatures(value: object) -> tuple[Signature, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(s, Signature) for s in value):
        raise InvalidInput([("signatures", _("a list of signatures is expected"))])
    return tuple(value)


@frozen
class Signature:
    """One signature line: who signs, and in which role (``"Mentoringkoordination"``).

    Either may be empty; a line with neither is left blank for a hand to sign.
    """

    name: Text = ""
    role: Text = ""


@frozen
class CertificateText:
    """The words of a certificate, top to bottom.

    The mentee's name stands on a line of its own between :attr:`lead` and
    :attr:`paragraphs`; the place and date line and the signature lines
    close the page.

    :ivar issuer: Lines naming who issues it: the body, the programme.
    :ivar title: ``"Teilnahmebescheinigung"``.
    :ivar lead: The words before the mentee's name (``"Hiermit wird bescheinigt, dass"``).
    :ivar paragraphs: The words after the name: the period, the mentor, the
        meetings, the topics.
    :ivar place: Where it is issued; the line reads ``"Kerpen, den 9. Dezember 2027"``
        (without a place, ``"Ausgestellt am 9. Dezember 2027"``).
    :ivar signatures: One signature line each, side by side.
    """

    issuer: tuple[Text, ...] = field(converter=_issuer)
    title: Text
    lead: Text
    paragraphs: tuple[Text, ...] = field(converter=_paragraphs)
    place: Text = ""
    signatures: tuple[Signature, ...] = field(default=(Signature(),), converter=_signatures)


@frozen
class Certificate:
    """The record behind a certificate of participation (CORE-12).

    The same for every viewer who may ask for it, and unchanged once the
    tandem is completed.

    :ivar tandem_id: The tandem (for the host; never printed).
    :ivar programme_key: Its programme (for the host; never printed).
    :ivar programme_name: The programme's name.
    :ivar mentee_name: As registered.
    :ivar mentor_name: As registered.
    :ivar started_on: First day of the mentorship (agreed start, else activation).
    :ivar completed_on: The day it was ended officially.
    :ivar meetings_held: Meetings that took place.
    :ivar topics: The catalogue topics of the mentorship (agreed, and those of
        the meetings held), by their short labels; only those the programme
        lets its coordination see, since the coordination issues the certificate.
    :ivar language: The language it is made in (the one chosen, else the programme's).
    :ivar text: Its words: the programme's (``mentorcore_certificate_text``),
        else the core's default; ``None`` only while the hook is asked.
    """

    tandem_id: TandemId
    programme_key: str
    programme_name: Text
    mentee_name: str
    mentor_name: str
    started_on: date
    completed_on: date
    meetings_held: int
    topics: tuple[Text, ...] = ()
    language: str = "en"
    text: CertificateText | None = None


def dated(place: Text, day: date) -> Message:
    """The place and date line: ``"Kerpen, den 9. Dezember 2027"``, ``"Kerpen, 9 December 2027"``;
    without a place ``"Ausgestellt am 9. Dezember 2027"``."""
    if place:
        return _("{place}, {day}", place=place, day=day)
    return _("Issued on {day}", day=day)


def contacts_in(programme: Programme, *roles: str) -> tuple[Contact, ...]:
    """*programme*'s contacts in one of *roles*, in the programme's order; a role
    that is a message matches by its English text (its message id)."""

    def key(role: Text) -> str:
        return role.msgid if isinstance(role, Message) else role

    return tuple(c for c in programme.contacts if key(c.role) in roles)


def default_text(programme: Programme | None, certificate: Certificate) -> CertificateText:
    """The core's words for *certificate*, when its programme gives none.

    The programme's name heads it; its first contact signs (the coordination,
    as programmes list it first), else an unnamed coordination.
    """
    paragraphs: list[Text] = [
        _(
            "took part as a mentee in the programme “{programme}” from {start} to {end}.",
            programme=certificate.programme_name,
            start=certificate.started_on,
            end=certificate.completed_on,
        ),
        _("{mentor} accompanied the mentoring as mentor.", mentor=certificate.mentor_name),
    ]
    n = certificate.meetings_held
    if n > 0:
        paragraphs.append(
            _.plural(
                "{n} meeting was held in the course of the mentoring.",
                "{n} meetings were held in the course of the mentoring.",
                n,
            )
        )
    if certificate.topics:
        paragraphs.append(_("Topics of the mentoring: {topics}.", topics=certificate.topics))
    contacts = programme.contacts if programme is not None else ()
    signature = (
        Signature(contacts[0].name, contacts[0].role)
        if contacts
        else Signature("", _("Programme coordination"))
    )
    return CertificateText(
        issuer=(certificate.programme_name,),
        title=_("Certificate of participation"),
        lead=_("This is to certify that"),
        paragraphs=tuple(paragraphs),
        signatures=(signature,),
    )
