"""MEDiC's rules for cohort matching: forbidden pairs (masks) and scores (criteria).

The cohort-level twins of the pairing votes in :mod:`~mentorcore_medic.eligibility`
(MEDIC-ELIG-2/3, MEDIC-MENTOR-1/2, MEDIC-INDEP-1, MEDIC-END-2), so a matching
run never proposes a pair the votes would refuse, and the scores of
MEDIC-MATCH-1 (the mentee's wished topics and specialty against the mentor's
profile; wished mentors are the core's CORE-WISH) and MEDIC-MENTOR-2 (a
doctorate is desirable in the scientific track). NumPy is imported inside the
functions: loading the plugin does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorcore import Programme, Role
from mentorcore.matching import Criterion, PairMask
from mentorcore_medic.catalogue import CLINICAL, SCIENTIFIC
from mentorcore_medic.eligibility import DEPENDENCIES, clinical_gaps, scientific_gaps
from mentorcore_medic.texts import _

if TYPE_CHECKING:
    from mentorcore.matching import Cohort

#: Weights of MEDiC's criteria, beside the wish criterion (weight 1 by default).
TOPIC_WEIGHT = 1.0
SPECIALTY_WEIGHT = 0.5
DOCTORATE_WEIGHT = 0.25


def medic_elig_2_forms_mask(cohort: Cohort) -> list[PairMask]:
    """MEDIC-ELIG-2: no pair without the mentee's application or the mentor's profile form."""
    import numpy as np

    mentee_ok = cohort.numbers(Role.MENTEE, "application_form", missing=0.0) > 0
    mentor_ok = cohort.numbers(Role.MENTOR, "profile_form", missing=0.0) > 0
    forbidden = np.logical_or(~mentee_ok[:, None], ~mentor_ok[None, :])
    return [PairMask("MEDIC-ELIG-2", _("application or profile form not submitted"), forbidden)]


def medic_elig_3_preparation_mask(cohort: Cohort) -> list[PairMask]:
    """MEDIC-ELIG-3: no pair before the workshop and the basic qualification."""
    import numpy as np

    mentee_ok = cohort.numbers(Role.MENTEE, "workshop_attended", missing=0.0) > 0
    mentor_ok = cohort.numbers(Role.MENTOR, "basic_qualification", missing=0.0) > 0
    forbidden = np.logical_or(~mentee_ok[:, None], ~mentor_ok[None, :])
    return [
        PairMask(
            "MEDIC-ELIG-3", _("introductory workshop or basic qualification missing"), forbidden
        )
    ]


def medic_mentor_1_2_track_mask(cohort: Cohort, programme: Programme) -> list[PairMask]:
    """MEDIC-MENTOR-1/2: a mentor enrolled without a track must qualify for the run's track."""
    import numpy as np

    gaps = {CLINICAL: clinical_gaps, SCIENTIFIC: scientific_gaps}.get(cohort.track or "")
    if gaps is None:
        return []
    unfit = np.array(
        [m.enrolment.track is None and bool(gaps(m.profile, programme)) for m in cohort.mentors],
        dtype=np.bool_,
    )
    if cohort.track == CLINICAL:
        rule, reason = "MEDIC-MENTOR-1", _("does not qualify as a clinical mentor")
    else:
        rule, reason = "MEDIC-MENTOR-2", _("does not qualify as a scientific mentor")
    return [PairMask(rule, reason, unfit[None, :])]


def medic_indep_1_dependency_mask(cohort: Cohort) -> list[PairMask]:
    """MEDIC-INDEP-1: no pair linked by teaching, examining or a similar dependency."""
    rows, cols = cohort.relation_pairs(tuple(DEPENDENCIES))
    if not len(rows):
        return []
    return [
        PairMask.at("MEDIC-INDEP-1", _("teaches, examines or supervises the mentee"), rows, cols)
    ]


def medic_end_2_previous_mentor_mask(cohort: Cohort) -> list[PairMask]:
    """MEDIC-END-2: a new matching brings another mentor."""
    rows, cols = cohort.previous_mentor_pairs()
    if not len(rows):
        return []
    return [PairMask.at("MEDIC-END-2", _("was already the mentee's mentor"), rows, cols)]


def medic_match_1_topics(cohort: Cohort) -> list[Criterion]:
    """MEDIC-MATCH-1: the share of the mentee's wished topics the mentor offers."""
    import numpy as np

    wished, offered, vocabulary = cohort.memberships("wished_topics", "topics")
    if not vocabulary:
        return []
    shared = wished.astype(np.float64) @ offered.T.astype(np.float64)
    asked = wished.sum(axis=1, keepdims=True).astype(np.float64)
    values = np.divide(shared, asked, out=np.zeros_like(shared), where=asked > 0)
    return [Criterion("topics", "MEDIC-MATCH-1", TOPIC_WEIGHT, values)]


def medic_match_1_specialty(cohort: Cohort) -> list[Criterion]:
    """MEDIC-MATCH-1: the mentor works in the specialty the mentee is interested in."""
    import numpy as np

    wanted, offered = cohort.labels("wished_specialty", "specialty")
    same = (wanted[:, None] == offered[None, :]) & (wanted[:, None] >= 0)
    return [Criterion("specialty", "MEDIC-MATCH-1", SPECIALTY_WEIGHT, same.astype(np.float64))]


def medic_mentor_2_doctorate(cohort: Cohort) -> list[Criterion]:
    """MEDIC-MENTOR-2: in the scientific track a doctorate is desirable (scores, never required)."""
    if cohort.track != SCIENTIFIC:
        return []
    doctorate = cohort.numbers(Role.MENTOR, "doctorate", missing=0.0)
    return [Criterion("doctorate", "MEDIC-MENTOR-2", DOCTORATE_WEIGHT, doctorate[None, :])]
