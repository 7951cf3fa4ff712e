"""Ostalb's certificate of participation (CORE-12), issued in Aalen.

The Landratsamt Ostalbkreis, which organises the programme, issues and signs
it. The conversations are strictly confidential and not reported
(OSTALB-CONF-1): the certificate says so and names no topic.
"""

from __future__ import annotations

from mentorcore import Programme
from mentorcore.i18n import Text
from mentorcore.policy.certificates import Certificate, CertificateText, Signature, contacts_in
from mentorcore_ostalb.texts import _

#: Where the certificate is issued: the seat of the Landratsamt Ostalbkreis.
PLACE = "Aalen"


def ostalb_certificate_text(programme: Programme, certificate: Certificate) -> CertificateText:
    """CORE-12, OSTALB-CONF-1: Ostalb's words for *certificate*, without topics."""
    paragraphs: list[Text] = [
        _(
            "took part as a mentee in the mentoring programme of the scholarship programmes "
            "of the Landratsamt Ostalbkreis and the Kliniken Ostalb from {start} to {end}.",
            start=certificate.started_on,
            end=certificate.completed_on,
        ),
        _("{mentor} accompanied the mentoring as mentor.", mentor=certificate.mentor_name),
    ]
    if certificate.meetings_held:
        paragraphs.append(
            _.plural(
                "{n} meeting was held in the course of the mentoring.",
                "{n} meetings were held in the course of the mentoring.",
                certificate.meetings_held,
            )
        )
    paragraphs.append(
        _(
            "As the programme provides, the conversations were confidential; "
            "their contents are not part of this certificate."
        )
    )
    organiser = contacts_in(programme, "Programme organiser")
    return CertificateText(
        issuer=(
            *(c.name for c in organiser[:1]),
            _("Mentoring programme of the scholarship programmes"),
        ),
        title=_("Certificate of participation"),
        lead=_("This is to certify that"),
        paragraphs=tuple(paragraphs),
        place=PLACE,
        signatures=(Signature("", _("For the Landratsamt Ostalbkreis")),),
    )
