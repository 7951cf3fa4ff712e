"""MEDiC's certificate of participation (CORE-12), issued in Chemnitz.

The Medizincampus Chemnitz of TU Dresden and the programme head the page;
the mentoring coordination named first in the guide signs. The topics of
the agreement appear as the coordination sees the agreement (MEDIC-AGR-1).
"""

from __future__ import annotations

from mentorcore import Programme
from mentorcore.i18n import Text
from mentorcore.policy.certificates import Certificate, CertificateText, Signature, contacts_in
from mentorcore_medic.texts import _

#: Where the certificate is issued.
PLACE = "Chemnitz"


def medic_certificate_text(programme: Programme, certificate: Certificate) -> CertificateText:
    """CORE-12: MEDiC's words for *certificate*."""
    paragraphs: list[Text] = [
        _(
            "took part as a mentee in MEDiC 1:1 mentoring, the longitudinal mentoring "
            "of the MEDiC model degree programme, from {start} to {end}.",
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
    if certificate.topics:
        paragraphs.append(_("Topics of the mentoring: {topics}.", topics=certificate.topics))
    coordination = contacts_in(programme, "Mentoring coordination")[:1]
    return CertificateText(
        issuer=(_("Medizincampus Chemnitz of TU Dresden"), certificate.programme_name),
        title=_("Certificate of participation"),
        lead=_("This is to certify that"),
        paragraphs=tuple(paragraphs),
        place=PLACE,
        signatures=tuple(
            # The guide names the coordinator with her institution: the name signs.
            Signature(c.name.partition(",")[0], _("Mentoring coordination"))
            for c in coordination
        )
        or (Signature("", _("Mentoring coordination")),),
    )
