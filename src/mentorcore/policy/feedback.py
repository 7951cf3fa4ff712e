"""Feedback forms: which requests can be answered, and with which fields.

A due action can be *answered* (CORE-FEEDBACK-1) when its kind has a form.
The core has forms for its own requests (CORE-9's feedback request and
inactivity reminder) and for evaluations (MEDIC-EVAL-1 and any programme's
``"evaluation"`` actions). A programme declares its own forms as
:class:`~mentorcore.domain.Template`\\ s with purpose :data:`FEEDBACK` in
:attr:`Programme.templates <mentorcore.domain.Programme.templates>`:

- a form whose key is a kind answers that kind (a programme's own kind of
  request becomes answerable this way);
- for a kind the core has a form for, the programme's first feedback form
  replaces the core's, unless a form is keyed by the kind.

Answers are checked against the form's fields with
:func:`~mentorcore.policy.profiles.parse_profile`, like records.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorcore.domain import FieldKind, Profile, ProfileField, Programme, Template
from mentorcore.i18n import Message, Text, _
from mentorcore.policy.due import EVALUATION, FEEDBACK_REQUEST, INACTIVITY_REMINDER
from mentorcore.policy.records import fill

#: The purpose of a feedback or evaluation form (``Template.purpose``).
FEEDBACK = "feedback"
#: The kind of the reminder of an unanswered request (CORE-FEEDBACK-2).
FEEDBACK_REMINDER = "feedback-reminder"
#: Who answers which request, and when (CORE-FEEDBACK-1).
GIVE_RULE = "CORE-FEEDBACK-1"
#: The reminder of an unanswered request (CORE-FEEDBACK-2).
REMIND_RULE = "CORE-FEEDBACK-2"
#: Who sees the answers (CORE-FEEDBACK-3).
SEE_RULE = "CORE-FEEDBACK-3"


def rating(name: str, label: Message, *, required: bool = True) -> ProfileField:
    """A rating from 1 (poor) to 5 (very good)."""
    return ProfileField(
        name,
        FieldKind.INTEGER,
        label,
        required=required,
        minimum=1,
        maximum=5,
        help=_("1 (poor) to 5 (very good)"),
    )


def _text(name: str, label: Message) -> ProfileField:
    return ProfileField(name, FieldKind.TEXT, label, required=False)


#: The core's form for feedback requests (CORE-9): after a meeting, after inactivity.
FEEDBACK_FORM = Template(
    "feedback",
    _("Feedback"),
    (
        rating("rating", _("How useful was it?")),
        _text("went_well", _("What went well?")),
        _text("could_be_better", _("What could be better?")),
    ),
    FEEDBACK,
)

#: The core's form for evaluations (an evaluation round, the final evaluation).
EVALUATION_FORM = Template(
    "evaluation",
    _("Evaluation"),
    (
        rating("overall", _("Overall, how do you rate the mentoring?")),
        rating("goals_reached", _("How far were your goals reached?")),
        _text("comments", _("Comments")),
    ),
    FEEDBACK,
)

#: The kinds the core has a form for, and that form.
DEFAULT_FORMS: Mapping[str, Template] = {
    FEEDBACK_REQUEST: FEEDBACK_FORM,
    INACTIVITY_REMINDER: FEEDBACK_FORM,
    EVALUATION: EVALUATION_FORM,
}


def form_for(programme: Programme, kind: str) -> Template | None:
    """The form that answers a request of *kind* in *programme*, if any.

    The programme's feedback form keyed *kind*; else, for a kind the core has
    a form for, the programme's first feedback form, else the core's.
    """
    own = [t for t in programme.templates if t.purpose == FEEDBACK]
    keyed = next((t for t in own if t.key == kind), None)
    if keyed is not None:
        return keyed
    default = DEFAULT_FORMS.get(kind)
    if default is None:
        return None
    return own[0] if own else default


def answerable(programme: Programme, kind: str) -> bool:
    """Whether a request of *kind* can be answered in *programme*."""
    return form_for(programme, kind) is not None


def fill_form(form: Template, answers: object, *, context: Text = "") -> Profile:
    """*answers* checked against *form*.

    :raises InvalidInput: *answers* is not a mapping, or a field is unknown,
        missing or out of range (a rating of 9); each problem names its field.
    """
    return fill(form, answers, context=context)
