"""The MEDiC programme and its hook implementations (the ``medic`` entry point).

This module is the thin hook layer: it declares :data:`PROGRAMME` and marks
the rule functions of :mod:`~mentorcore_medic.eligibility` and
:mod:`~mentorcore_medic.rules` as implementations of the hooks they answer.
Each keeps its rule-ID name. The engine asks these hooks only about MEDiC
tandems and people (programme isolation), so no rule checks the programme key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentorcore import AgreementTerms, CadenceRule, Programme, Tandem, hookimpl
from mentorcore_medic import due, eligibility, feedback, matching, rules, scope
from mentorcore_medic.catalogue import (
    CONTACTS,
    MENTEE_FIELDS,
    MENTOR_FIELDS,
    SETTINGS,
    TOPICS,
    TRACK_LABELS,
    TRACKS,
)
from mentorcore_medic.certificate import medic_certificate_text
from mentorcore_medic.templates import TEMPLATES
from mentorcore_medic.texts import _

PROGRAMME = Programme(
    key="medic",
    name=_("MEDiC 1:1 mentoring"),
    timezone="Europe/Berlin",
    tracks=TRACKS,
    track_labels=TRACK_LABELS,
    topics=TOPICS,
    mentee_fields=MENTEE_FIELDS,
    mentor_fields=MENTOR_FIELDS,
    settings=SETTINGS,
    contacts=CONTACTS,
    templates=TEMPLATES + feedback.FEEDBACK_FORMS,
    description=_(
        "Longitudinal 1:1 mentoring of students of the MEDiC model degree programme "
        "(Medizincampus Chemnitz of TU Dresden), from the 3rd subject semester to the "
        "practical year, in a clinical and a scientific track. The coordination matches "
        "tandems on the mentees' application forms and the mentors' profile forms; the "
        "mentoring begins in the winter semester, is agreed in writing for initially two "
        "years, and meets three times a semester, at least once in person."
    ),
    language="de",
    # MEDIC-EVAL-1: feedback rounds and evaluations are mandatory; no one turns them off
    optional_reminders=("inactivity-reminder", "goal-review", "cadence-warning"),
)


@hookimpl
def mentorcore_register_programmes(register: Callable[[Programme], None]) -> None:
    """MEDIC-TRACK-1, MEDIC-TOPICS-1, MEDIC-DOC-1: register MEDiC with its data."""
    register(PROGRAMME)


_enrolment = hookimpl(specname="mentorcore_check_enrolment")
_pairing = hookimpl(specname="mentorcore_check_pairing")
_transition = hookimpl(specname="mentorcore_check_transition")
_roles = hookimpl(specname="mentorcore_allowed_roles")
_view = hookimpl(specname="mentorcore_can_view")
_due = hookimpl(specname="mentorcore_collect_due_actions")
_masks = hookimpl(specname="mentorcore_pair_masks")
_criteria = hookimpl(specname="mentorcore_pair_criteria")

# ---------------------------------------------------------------- who may take part
medic_elig_1_study_stage = _enrolment(eligibility.medic_elig_1_study_stage)
medic_mentor_1_clinical_enrolment = _enrolment(eligibility.medic_mentor_1_clinical_enrolment)
medic_mentor_2_scientific_enrolment = _enrolment(eligibility.medic_mentor_2_scientific_enrolment)
medic_mentor_3_contract = _enrolment(eligibility.medic_mentor_3_contract)

# ---------------------------------------------------------------- who may mentor whom
medic_elig_2_forms = _pairing(eligibility.medic_elig_2_forms)
medic_elig_3_preparation = _pairing(eligibility.medic_elig_3_preparation)
medic_mentor_1_clinical_pairing = _pairing(eligibility.medic_mentor_1_clinical_pairing)
medic_mentor_2_scientific_pairing = _pairing(eligibility.medic_mentor_2_scientific_pairing)
medic_indep_1_no_dependency = _pairing(eligibility.medic_indep_1_no_dependency)
medic_end_2_another_mentor = _pairing(eligibility.medic_end_2_another_mentor)

# ---------------------------------------------------------------- the tandem's course
medic_scope_1_out_of_scope_topics = _transition(scope.medic_scope_1_out_of_scope_topics)
medic_start_1_winter_semester = _transition(rules.medic_start_1_winter_semester)
medic_flow_1_written_agreement = _transition(rules.medic_flow_1_written_agreement)
medic_dur_1_initial_two_years = _transition(rules.medic_dur_1_initial_two_years)
medic_end_1_closing_conversation = _transition(rules.medic_end_1_closing_conversation)
medic_match_1_matched_by_coordination = _roles(rules.medic_match_1_matched_by_coordination)
medic_agr_1_coordination_sees_agreement = _view(rules.medic_agr_1_coordination_sees_agreement)
medic_eval_1_coordination_sees_feedback = _view(feedback.medic_eval_1_coordination_sees_feedback)

# ---------------------------------------------------------------- due actions
medic_agr_1_copy_due = _due(due.medic_agr_1_copy_due)
medic_goal_1_review_due = _due(due.medic_goal_1_review_due)
medic_eval_1_evaluations_due = _due(due.medic_eval_1_evaluations_due)
medic_end_1_inform_coordination = _due(due.medic_end_1_inform_coordination)

# ---------------------------------------------------------------- cohort matching
medic_elig_2_forms_mask = _masks(matching.medic_elig_2_forms_mask)
medic_elig_3_preparation_mask = _masks(matching.medic_elig_3_preparation_mask)
medic_mentor_1_2_track_mask = _masks(matching.medic_mentor_1_2_track_mask)
medic_indep_1_dependency_mask = _masks(matching.medic_indep_1_dependency_mask)
medic_end_2_previous_mentor_mask = _masks(matching.medic_end_2_previous_mentor_mask)
medic_match_1_topics = _criteria(matching.medic_match_1_topics)
medic_match_1_specialty = _criteria(matching.medic_match_1_specialty)
medic_mentor_2_doctorate = _criteria(matching.medic_mentor_2_doctorate)


@hookimpl
def mentorcore_agreement_template(
    programme: Programme, today: date, tandem: Tandem | None
) -> AgreementTerms:
    """MEDIC-DUR-1: a draft starts in a winter semester and runs two years (a re-match:
    today, to the end of the running term)."""
    return rules.medic_dur_1_agreement_template(programme, today, tandem)


@hookimpl
def mentorcore_cadence_rules(programme: Programme) -> tuple[CadenceRule, ...]:
    """MEDIC-CAD-1 and MEDIC-CAD-2: three meetings a semester, one of them in person."""
    return (
        rules.medic_cad_1_meetings_per_semester(programme),
        rules.medic_cad_2_in_person(programme),
    )


#: CORE-12: the programme's certificate of participation.
medic_certificate = hookimpl(specname="mentorcore_certificate_text")(medic_certificate_text)
