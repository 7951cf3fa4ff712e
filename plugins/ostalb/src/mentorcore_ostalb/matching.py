"""Ostalb's scores for cohort matching: the best-fitting mentor for each scholarship holder.

OSTALB-MATCH-1 scores how well a mentor's career fits the mentee's
scholarship (general practice or specialist care); OSTALB-MENTOR-1 prefers
the physicians the programme names especially. Wished mentors are the
core's CORE-WISH. NumPy is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorcore.matching import Criterion
from mentorcore_ostalb.catalogue import GENERAL_PRACTICE, SPECIALIST_CARE

if TYPE_CHECKING:
    from mentorcore.matching import Cohort

#: Fit of a mentor's ``physician_status`` to a mentee's ``scholarship`` (0 to 1):
#: an established GP for general practice, a specialist or a physician in
#: specialist training for specialist care; every physician can help somewhat.
FIT = {
    GENERAL_PRACTICE: {"established_gp": 1.0, "in_specialist_training": 0.5},
    SPECIALIST_CARE: {"specialist": 1.0, "in_specialist_training": 1.0},
}
OTHERWISE = 0.25
#: The physicians the programme names especially (OSTALB-MENTOR-1).
ESPECIALLY = ("in_specialist_training", "established_gp")
PREFERENCE_WEIGHT = 0.25


def ostalb_match_1_scholarship_fit(cohort: Cohort) -> list[Criterion]:
    """OSTALB-MATCH-1: the mentor's career fits the mentee's scholarship."""
    import numpy as np

    values = np.array(
        [
            [
                FIT.get(str(e.profile.get("scholarship")), {}).get(
                    str(m.profile.get("physician_status")), OTHERWISE
                )
                for m in cohort.mentors
            ]
            for e in cohort.mentees
        ],
        dtype=np.float64,
    ).reshape(cohort.shape)
    return [Criterion("scholarship_fit", "OSTALB-MATCH-1", 1.0, values)]


def ostalb_mentor_1_preferred_physicians(cohort: Cohort) -> list[Criterion]:
    """OSTALB-MENTOR-1: physicians in specialist training and established GPs especially."""
    import numpy as np

    preferred = np.array(
        [m.profile.get("physician_status") in ESPECIALLY for m in cohort.mentors],
        dtype=np.float64,
    )
    return [Criterion("named_especially", "OSTALB-MENTOR-1", PREFERENCE_WEIGHT, preferred[None, :])]
