"""The Ostalb programme and its hook implementations (the ``ostalb`` entry point).

The thin hook layer: :data:`PROGRAMME` and the rule functions of
:mod:`~mentorcore_ostalb.rules`, each marked as an implementation of the hook
it answers and keeping its rule-ID name. The engine asks these hooks only
about Ostalb tandems and people (programme isolation).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentorcore import AgreementTerms, CadenceRule, Programme, hookimpl
from mentorcore.policy.mail import MailTemplate
from mentorcore_ostalb import matching, rules
from mentorcore_ostalb.catalogue import CONTACTS, MENTEE_FIELDS, MENTOR_FIELDS, SETTINGS, TOPICS
from mentorcore_ostalb.certificate import ostalb_certificate_text
from mentorcore_ostalb.texts import _

PROGRAMME = Programme(
    key="ostalb",
    name=_("Mentoring of the Ostalbkreis scholarship programmes"),
    timezone="Europe/Berlin",
    topics=TOPICS,
    mentee_fields=MENTEE_FIELDS,
    mentor_fields=MENTOR_FIELDS,
    settings=SETTINGS,
    contacts=CONTACTS,
    description=_(
        "The Ostalbkreis, with the Kreisärzteschaften Aalen and Schwäbisch Gmünd and the "
        "Kliniken Ostalb, supports the holders of its scholarships for general practice "
        "(Landratsamt Ostalbkreis) and specialist care (Kliniken Ostalb) through their "
        "studies, specialist training and career entry. Each scholarship holder is "
        "assigned the best-fitting mentor, a physician; after getting to know each other "
        "both decide on a long-term relationship whose duration and rhythm they agree "
        "themselves (about a meeting a quarter is recommended; in person, by any medium or "
        "as shadowing). The conversations are strictly confidential and not reported."
    ),
    language="de",
)


@hookimpl
def mentorcore_register_programmes(register: Callable[[Programme], None]) -> None:
    """OSTALB-TOPICS-1: register the Ostalb programme with its data."""
    register(PROGRAMME)


_enrolment = hookimpl(specname="mentorcore_check_enrolment")
_roles = hookimpl(specname="mentorcore_allowed_roles")
_view = hookimpl(specname="mentorcore_can_view")
_advise = hookimpl(specname="mentorcore_collect_advisories")
_due = hookimpl(specname="mentorcore_collect_due_actions")

ostalb_elig_1_scholarship = _enrolment(rules.ostalb_elig_1_scholarship)
ostalb_mentor_1_physician = _enrolment(rules.ostalb_mentor_1_physician)
ostalb_start_1_scholarship_start = _enrolment(rules.ostalb_start_1_scholarship_start)
ostalb_start_1_not_before_the_scholarship = hookimpl(specname="mentorcore_check_transition")(
    rules.ostalb_start_1_not_before_the_scholarship
)
ostalb_match_1_assigned_by_programme = _roles(rules.ostalb_match_1_assigned_by_programme)
ostalb_flow_1_both_decide = _roles(rules.ostalb_flow_1_both_decide)
ostalb_dur_1_both_schedule = _roles(rules.ostalb_dur_1_both_schedule)
ostalb_conf_1_confidential = _view(rules.ostalb_conf_1_confidential)
ostalb_dur_1_long_term = _advise(rules.ostalb_dur_1_long_term)
ostalb_notify_1_pairing_notice = _due(rules.ostalb_notify_1_pairing_notice)

_criteria = hookimpl(specname="mentorcore_pair_criteria")
ostalb_match_1_scholarship_fit = _criteria(matching.ostalb_match_1_scholarship_fit)
ostalb_mentor_1_preferred_physicians = _criteria(matching.ostalb_mentor_1_preferred_physicians)


@hookimpl
def mentorcore_agreement_template(programme: Programme, today: date) -> AgreementTerms:
    """OSTALB-DUR-1: an agreement without a fixed end; rhythm and formats as the two agree."""
    return rules.ostalb_dur_1_agreement_template(programme, today)


@hookimpl
def mentorcore_cadence_rules(programme: Programme) -> tuple[CadenceRule, ...]:
    """OSTALB-CAD-1: about one meeting per quarter, unless the two agree another rhythm."""
    return (rules.ostalb_cad_1_once_a_quarter(programme),)


#: CORE-12: the programme's certificate of participation.
ostalb_certificate = hookimpl(specname="mentorcore_certificate_text")(ostalb_certificate_text)


#: OSTALB-NOTIFY-1 in the words of the document: "Kommt eine Betreuung zustande,
#: wird die/der Stipendiat/in per E-Mail benachrichtigt und erhält die Kontaktdaten"
#: (the core's due action speaks to the host; the mail speaks to the mentee).
_PAIRING_NOTICE = MailTemplate(
    _("{programme}: your mentor"),
    _(
        "a mentor has been found for you. These are your mentor's contact details:\n\n"
        "{contact}\n\nPlease get in touch to arrange your first conversation. What you "
        "talk about stays between the two of you."
    ),
    _("Your tandem in the app: {link}"),
)


@hookimpl
def mentorcore_mail_template(kind: str) -> MailTemplate | None:
    """OSTALB-NOTIFY-1: the pairing notice to the scholarship holder."""
    return _PAIRING_NOTICE if kind == "pairing-notice" else None
