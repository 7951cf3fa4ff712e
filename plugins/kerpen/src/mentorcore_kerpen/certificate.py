"""Kerpen's certificate of participation (CORE-12), issued in Kerpen.

The City of Kerpen and its internal mentoring programme head the page; the
programme's project team (KERPEN-CONTACT-1) signs. Topics appear only as far
as the programme lets its coordination see them (by default it sees none).
"""

from __future__ import annotations

from mentorcore import Programme
from mentorcore.i18n import Text
from mentorcore.policy.certificates import Certificate, CertificateText, Signature, contacts_in
from mentorcore_kerpen.texts import _

#: Where the certificate is issued.
PLACE = "Kerpen"


def kerpen_certificate_text(programme: Programme, certificate: Certificate) -> CertificateText:
    """CORE-12: Kerpen's words for *certificate*; the mentees and mentors are women."""
    paragraphs: list[Text] = [
        _(
            "took part as a mentee in the internal mentoring programme for female junior "
            "leaders of the City of Kerpen from {start} to {end}.",
            start=certificate.started_on,
            end=certificate.completed_on,
        ),
        _("Her mentor was {mentor}.", mentor=certificate.mentor_name),
    ]
    if certificate.meetings_held:
        paragraphs.append(
            _.plural(
                "{n} meeting was held in the course of the mentoring year.",
                "{n} meetings were held in the course of the mentoring year.",
                certificate.meetings_held,
            )
        )
    if certificate.topics:
        paragraphs.append(_("Topics of the mentoring: {topics}.", topics=certificate.topics))
    team = contacts_in(programme, "Project team")
    return CertificateText(
        issuer=(
            _("City of Kerpen"),
            _("Internal mentoring programme for female junior leaders"),
        ),
        title=_("Certificate of participation"),
        lead=_("This is to certify that"),
        paragraphs=tuple(paragraphs),
        place=PLACE,
        signatures=tuple(Signature(c.name, _("Project team")) for c in team)
        or (Signature("", _("Project team")),),
    )
