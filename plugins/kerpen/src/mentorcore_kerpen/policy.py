"""The Kerpen programme and its hook implementations (the ``kerpen`` entry point).

The thin hook layer: :data:`PROGRAMME` and the rule functions of
:mod:`~mentorcore_kerpen.rules`, each marked as an implementation of the hook
it answers and keeping its rule-ID name. The engine asks these hooks only
about Kerpen tandems and people (programme isolation).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentorcore import AgreementTerms, Programme, Tandem, hookimpl
from mentorcore_kerpen import course, matching, rules, workshops
from mentorcore_kerpen.catalogue import (
    CONTACTS,
    MENTEE_FIELDS,
    MENTOR_FIELDS,
    MENTOR_ROLE,
    SETTINGS,
    TOPICS,
)
from mentorcore_kerpen.certificate import kerpen_certificate_text
from mentorcore_kerpen.texts import _

PROGRAMME = Programme(
    key="kerpen",
    name=_("City of Kerpen internal mentoring for female junior leaders"),
    timezone="Europe/Berlin",
    topics=TOPICS,
    mentee_fields=MENTEE_FIELDS,
    mentor_fields=MENTOR_FIELDS,
    settings=SETTINGS,
    contacts=CONTACTS,
    description=_(
        "An internal personnel development programme of the City of Kerpen: experienced "
        "leaders of the city administration, approached by the equality office or HR or "
        "volunteering, mentor women in or aspiring to junior leadership positions outside "
        "their own line of management, for one mentoring year that opens with an "
        "introductory workshop. The mentees bring enough topics at the start and keep "
        "bringing new ones. {role}",
        role=MENTOR_ROLE,
    ),
    language="de",
)


@hookimpl
def mentorcore_register_programmes(register: Callable[[Programme], None]) -> None:
    """KERPEN-TOPICS-1, KERPEN-CONTACT-1, KERPEN-ROLE-1: register Kerpen with its data."""
    register(PROGRAMME)


_enrolment = hookimpl(specname="mentorcore_check_enrolment")
_pairing = hookimpl(specname="mentorcore_check_pairing")
_transition = hookimpl(specname="mentorcore_check_transition")
_roles = hookimpl(specname="mentorcore_allowed_roles")
_advise = hookimpl(specname="mentorcore_collect_advisories")
_due = hookimpl(specname="mentorcore_collect_due_actions")

kerpen_elig_1_female_junior_leader = _enrolment(rules.kerpen_elig_1_female_junior_leader)
kerpen_mentor_1_experienced_leader = _enrolment(rules.kerpen_mentor_1_experienced_leader)
kerpen_indep_1_no_authority = _pairing(rules.kerpen_indep_1_no_authority)
kerpen_level_1_mentor_above_mentee = _pairing(rules.kerpen_level_1_mentor_above_mentee)
kerpen_year_1_within_the_mentoring_year = _transition(
    course.kerpen_year_1_within_the_mentoring_year
)
kerpen_topics_2_enough_topics = _transition(rules.kerpen_topics_2_enough_topics)
kerpen_topics_2_backlog = _advise(rules.kerpen_topics_2_backlog)
kerpen_year_1_due = _due(course.kerpen_year_1_due)
kerpen_workshop_1_days_attended = _enrolment(workshops.kerpen_workshop_1_days_attended)
kerpen_workshop_1_record_attendance = _due(workshops.kerpen_workshop_1_record_attendance)
kerpen_role_1_mentor_invites = _roles(rules.kerpen_role_1_mentor_invites)
_masks = hookimpl(specname="mentorcore_pair_masks")
kerpen_indep_1_line_of_management_mask = _masks(matching.kerpen_indep_1_line_of_management_mask)
kerpen_level_1_mentor_above_mentee_mask = _masks(matching.kerpen_level_1_mentor_above_mentee_mask)


@hookimpl
def mentorcore_agreement_template(
    tandem: Tandem, programme: Programme, today: date
) -> AgreementTerms:
    """KERPEN-YEAR-1: a draft runs to the end of the tandem's mentoring year."""
    return course.kerpen_year_1_agreement_template(tandem, programme, today)


#: CORE-12: the programme's certificate of participation.
kerpen_certificate = hookimpl(specname="mentorcore_certificate_text")(kerpen_certificate_text)
