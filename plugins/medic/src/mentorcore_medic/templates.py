"""MEDiC's record templates (MEDIC-DOC-1): the guide's three forms and their fields.

"VORLAGE: Erstgespräch Mentoring", "VORLAGE: Vorbereitung Erstgespräch Mentee"
and "VORLAGE: Dokumentationsbogen für das 1:1-Mentoring"; the German catalogue
holds the forms' own wording.
"""

from __future__ import annotations

from mentorcore import FieldKind, ProfileField, Template
from mentorcore.i18n import Text
from mentorcore_medic.catalogue import TRACK_LABELS, TRACKS
from mentorcore_medic.texts import _


def _text(name: str, label: Text, *, required: bool = False) -> ProfileField:
    return ProfileField(name, FieldKind.TEXT, label, required=required)


_DATE = _("Date (YYYY-MM-DD)")

#: MEDIC-DOC-1: the three templates of the guide, with the fields they print.
TEMPLATES = (
    Template(
        "first_conversation",
        _("Template: first conversation"),
        (
            _text("mentee_name", _("Name of the mentee"), required=True),
            _text("date", _DATE, required=True),
            _text("mentor_name", _("Name of the mentor"), required=True),
            ProfileField(
                "track",
                FieldKind.CHOICE,
                _("Clinical or scientific mentoring"),
                choices=TRACKS,
                choice_labels=TRACK_LABELS,
            ),
            _text(
                "motivation",
                _("The mentee's personal motivation and professional experience so far"),
            ),
            _text("expectations_mentor", _("Expectations of the partnership: the mentor's")),
            _text("expectations_mentee", _("Expectations of the partnership: the mentee's")),
            _text("meetings", _("Frequency, place and form of the meetings")),
            _text(
                "goals",
                _(
                    "Which concrete goals and results do we want to reach? "
                    "Which topics shall we work on?"
                ),
            ),
            _text("approach", _("How shall the goals be reached? (proposed solutions, time plan)")),
        ),
        "first_conversation",
    ),
    Template(
        "mentee_preparation",
        _("Template: the mentee's preparation of the first conversation"),
        (
            _text(
                "strengths",
                _("Analysis – competences (scientific, social, methodical, personal): strengths"),
            ),
            _text("interests", _("Analysis – competences: interests")),
            _text("topics_to_explore", _("Which topics or areas would you like to get to know?")),
            _text("topics_to_deepen", _("Which topics or areas would you like to deepen?")),
            _text("professional_goals", _("Which goals do you pursue professionally?")),
            _text("private_goals", _("Which goals do you pursue privately?")),
            _text("steps", _("Which steps are needed to reach the goals?")),
            _text(
                "support_needed",
                _("Implementation – which support do you need (form of support)?"),
            ),
            _text("supporters", _("Implementation – who can give you this support?")),
        ),
        "preparation",
    ),
    Template(
        "meeting_sheet",
        _("Template: documentation sheet of a meeting"),
        (
            _text("date", _DATE, required=True),
            _text(
                "preparation",
                _(
                    "Preparation: topics I want to discuss (What was reached since last time? "
                    "Which questions remained open? Which new questions arose?)"
                ),
            ),
            _text(
                "contents",
                _("Contents and decisions (agreed goals, tasks until the next meeting)"),
            ),
            _text("recommendations", _("Recommendations and suggestions for improvement")),
            _text("next_date", _("Next meeting: date")),
            _text("next_time", _("Next meeting: time")),
            _text("next_place", _("Next meeting: place")),
        ),
        "meeting_notes",
    ),
)
