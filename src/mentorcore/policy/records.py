"""Record templates: which form a meeting record follows, and who may read it.

A programme declares its forms in :attr:`Programme.templates
<mentorcore.domain.Programme.templates>` (MEDiC: first conversation, the
mentee's preparation, the documentation sheet; MEDIC-DOC-1). For a purpose a
programme has no form for, the generic :data:`DEFAULT_TEMPLATES` apply, so
every programme can record meetings. Values are checked against the form's
fields with :func:`~mentorcore.policy.profiles.parse_profile`.
"""

from __future__ import annotations

from collections.abc import Mapping

from mentorcore.domain import FieldKind, MeetingKind, Profile, ProfileField, Programme, Template
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, Text, _
from mentorcore.policy.decisions import Content
from mentorcore.policy.profiles import parse_profile

#: The purposes a record can have.
FIRST_CONVERSATION = "first_conversation"
PREPARATION = "preparation"
MEETING_NOTES = "meeting_notes"

_PURPOSE_TITLES: dict[str, Message] = {
    FIRST_CONVERSATION: _("record of the first conversation"),
    MEETING_NOTES: _("meeting notes"),
    PREPARATION: _("preparation"),
}


def purpose_title(code: str) -> Message:
    """What a record of purpose *code* is called ("meeting notes")."""
    return _PURPOSE_TITLES.get(code) or Message.literal(code.replace("_", " "))


#: What each record purpose is, for visibility decisions (``mentorcore_can_view``).
CONTENT_OF: dict[str, Content] = {
    FIRST_CONVERSATION: Content.FIRST_CONVERSATION,
    PREPARATION: Content.MEETING_PREPARATION,
    MEETING_NOTES: Content.MEETING_NOTES,
}


def _text(name: str, label: Message, *, required: bool = False) -> ProfileField:
    return ProfileField(name, FieldKind.TEXT, label, required=required)


#: Forms for programmes that declare none (seed 002: the generic flow).
DEFAULT_TEMPLATES: tuple[Template, ...] = (
    Template(
        "first_conversation",
        _("First conversation"),
        (
            _text("expectations", _("Expectations of each other")),
            _text("goals", _("Goals and expected results"), required=True),
            _text("arrangements", _("Frequency, place and form of the meetings")),
            _text("plan", _("How the goals are to be reached (steps, timing)")),
        ),
        FIRST_CONVERSATION,
    ),
    Template(
        "preparation",
        _("Preparation"),
        (
            _text("topics", _("Topics I want to discuss"), required=True),
            _text("progress", _("What was achieved since the last meeting")),
            _text("questions", _("Open and new questions")),
        ),
        PREPARATION,
    ),
    Template(
        "meeting_notes",
        _("Meeting notes"),
        (
            _text("content", _("Contents and agreements"), required=True),
            _text("tasks", _("Tasks until the next meeting")),
            _text("recommendations", _("Recommendations")),
            _text("next_meeting", _("Next meeting planned")),
        ),
        MEETING_NOTES,
    ),
)


def documentation_purpose(kind: MeetingKind) -> str:
    """The purpose of the record documenting a meeting of *kind*."""
    return FIRST_CONVERSATION if kind is MeetingKind.FIRST_CONVERSATION else MEETING_NOTES


def template_for(programme: Programme, purpose: str, key: str | None = None) -> Template:
    """The form for *purpose*: the one named *key*, else the programme's first for
    the purpose, else the default.

    :raises InvalidInput: *key* names no template of the programme, or one for
        another purpose; no form is for *purpose* (``None`` or an unknown
        purpose).
    """
    if key is not None:
        template = programme.template(key)
        if template is None:
            keys = tuple(t.key for t in programme.templates)
            problem = (
                _(
                    "{programme} has no template {key} (known: {known})",
                    programme=programme.name,
                    key=repr(key),
                    known=", ".join(keys),
                )
                if keys
                else _(
                    "{programme} has no templates; got {key}",
                    programme=programme.name,
                    key=repr(key),
                )
            )
            raise InvalidInput([("template", problem)])
        if template.purpose != purpose:
            problem = _(
                "template {key} is for {its_purpose}, not {purpose}",
                key=repr(key),
                its_purpose=repr(template.purpose),
                purpose=repr(purpose),
            )
            raise InvalidInput([("template", problem)])
        return template
    own = next((t for t in programme.templates if t.purpose == purpose), None)
    if own is not None:
        return own
    generic = next((t for t in DEFAULT_TEMPLATES if t.purpose == purpose), None)
    if generic is None:
        known = ", ".join(
            dict.fromkeys(t.purpose for t in (*programme.templates, *DEFAULT_TEMPLATES))
        )
        problem = _(
            "no form is for {purpose} (purposes: {known})", purpose=repr(purpose), known=known
        )
        raise InvalidInput([("purpose", problem)])
    return generic


def fill(template: Template, values: object, *, context: Text) -> Profile:
    """*values* checked against *template*'s fields.

    :raises InvalidInput: *values* is not a mapping, or a field is unknown,
        missing or of the wrong kind; each problem names its field.
    """
    if not isinstance(values, Mapping):
        problem = _("expected a mapping of field to value, got {value}", value=repr(values))
        raise InvalidInput([("values", problem)])
    return parse_profile(template.fields, values, context=context)
