"""MEDiC's feedback rounds and evaluations (MEDIC-EVAL-1): the forms, and who reads them.

„Begleitend und zum Abschluss des Mentorings finden verpflichtende
Feedbackrunden und Evaluationen statt“; the coordination „führt die Evaluation
durch“ (seed 000). The forms are templates of purpose ``"feedback"``
(:mod:`mentorcore.policy.feedback`): the feedback round answers the core's
feedback requests, the evaluation answers MEDIC-EVAL-1's evaluations.
"""

from __future__ import annotations

from mentorcore import Content, Decision, FieldKind, ProfileField, Role, Template
from mentorcore.i18n import Text
from mentorcore.policy.feedback import FEEDBACK
from mentorcore_medic.texts import _


def _rating(name: str, label: Text) -> ProfileField:
    return ProfileField(
        name,
        FieldKind.INTEGER,
        label,
        minimum=1,
        maximum=5,
        help=_("1 (not at all) to 5 (completely)"),
    )


def _text(name: str, label: Text) -> ProfileField:
    return ProfileField(name, FieldKind.TEXT, label, required=False)


#: MEDIC-EVAL-1: the accompanying feedback round (after meetings, after a quiet time).
FEEDBACK_ROUND = Template(
    "feedback_round",
    _("Feedback round of the 1:1 mentoring"),
    (
        _rating("rating", _("How helpful was the mentoring recently?")),
        _text("went_well", _("What went well?")),
        _text("could_be_better", _("What could be improved?")),
    ),
    FEEDBACK,
)

#: MEDIC-EVAL-1: the evaluation after each semester and at the end.
EVALUATION = Template(
    "evaluation",
    _("Evaluation of the 1:1 mentoring"),
    (
        _rating("overall", _("Overall assessment of the mentoring")),
        _rating("goals_reached", _("How far were the agreed goals reached?")),
        _rating("cooperation", _("How satisfied are you with the cooperation in the tandem?")),
        _text("benefit", _("What has the mentoring given you so far?")),
        _text("suggestions", _("Suggestions for the mentoring programme")),
    ),
    FEEDBACK,
)

#: The forms, the feedback round first (it answers every request no form is keyed by).
FEEDBACK_FORMS = (FEEDBACK_ROUND, EVALUATION)


def medic_eval_1_coordination_sees_feedback(content: Content, viewer_role: Role) -> Decision | None:
    """MEDIC-EVAL-1: the coordination carries out the evaluation, so it reads the answers."""
    if viewer_role is not Role.COORDINATOR or content is not Content.FEEDBACK:
        return None
    return Decision.allow(
        "MEDIC-EVAL-1",
        _("the mentoring coordination carries out the feedback rounds and the evaluation"),
    )
