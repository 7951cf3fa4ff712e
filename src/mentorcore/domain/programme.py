"""Programmes: rules' data — topics, record templates, contacts, settings."""

from __future__ import annotations

from attrs import evolve, frozen

from mentorcore.domain.people import Choice, FieldKind, ProfileField, Role, Value
from mentorcore.errors import UnknownSetting
from mentorcore.i18n import Text


@frozen
class Topic:
    """An entry of a programme's topic catalogue.

    :ivar key: A stable key, used in agreements.
    :ivar title: The topic as the programme's document names it.
    :ivar out_of_scope: Whether the programme refuses it as a mentoring topic.
    :ivar referral: Where the programme sends people with this topic instead.
    :ivar label: A short name a coordinator types or reads in a list
        (``"Netzwerk"``); accepted as input next to the key.
    """

    key: str
    title: Text
    out_of_scope: bool = False
    referral: Text = ""
    label: Text = ""


@frozen
class Template:
    """A form the programme provides, e.g. MEDiC's documentation sheet (MEDIC-DOC-1).

    Records filled in from a template are checked against its fields like
    profiles are (:func:`mentorcore.policy.profiles.parse_profile`).

    :ivar key: A stable key, e.g. ``"meeting_sheet"``.
    :ivar title: The form's title as the programme names it.
    :ivar fields: Its fields.
    :ivar purpose: What it is for: ``"first_conversation"``, ``"preparation"``
        or ``"meeting_notes"``.
    """

    key: str
    title: Text
    fields: tuple[ProfileField, ...]
    purpose: str


@frozen
class Contact:
    """A contact person or office named by a programme's document."""

    role: Text
    name: str
    email: str = ""
    phone: str = ""


@frozen
class Setting:
    """A number or value the programme's document leaves open.

    :ivar name: The key hosts use to override it.
    :ivar default: The documented default.
    :ivar description: What it means and why the default was chosen.
    :ivar value: The value in force (the default unless the host overrode it).
    :ivar minimum: The smallest value accepted, for a number (``None``: no own bound).
    :ivar maximum: The largest value accepted, for a number (``None``: no own bound).

    Ranges are checked when an engine loads its programmes
    (:func:`mentorcore.policy.settings.with_settings`); a number without a
    declared bound is held to :data:`mentorcore.policy.settings.UNDECLARED_BOUND`.
    """

    name: str
    default: Value
    description: Text
    value: Value | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None

    @property
    def effective(self) -> Value:
        """The value in force."""
        return self.default if self.value is None else self.value

    @property
    def accepted(self) -> str:
        """The declared range in words (``"1 to 3660"``, ``"at least 0"``), or ``""``."""
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"{_number(lo)} to {_number(hi)}"
        if lo is not None:
            return f"at least {_number(lo)}"
        return f"at most {_number(hi)}" if hi is not None else ""


#: The kinds of message a programme lets people turn off unless it says
#: otherwise: the reminders and requests no programme document makes a duty.
OPTIONAL_REMINDERS: tuple[str, ...] = (
    "feedback-request",
    "inactivity-reminder",
    "goal-review",
    "cadence-warning",
)


@frozen
class Programme:
    """One set of rules, supplied by a plugin.

    :ivar key: A stable key (``"medic"``); also the plugin's entry-point name.
    :ivar name: The programme's name.
    :ivar timezone: The IANA zone in which its periods and dates are reckoned.
    :ivar tracks: Sub-programmes a tandem belongs to, if any.
    :ivar track_labels: What people call the tracks (key → label), if not the key.
    :ivar topics: The topic catalogue.
    :ivar mentee_fields: Profile fields required of mentees.
    :ivar mentor_fields: Profile fields required of mentors.
    :ivar settings: Numbers the documents leave open, with defaults.
    :ivar contacts: Contact roles the programme names.
    :ivar templates: Forms for records (first conversation, meeting sheets, ...).
    :ivar description: One paragraph on the programme.
    :ivar optional_reminders: Kinds of message a person may choose not to
        receive (CORE-MAIL-2); every other kind is mandatory.
    :ivar language: The language its people read by default (``"de"`` for the
        German programmes); hosts and the CLI may choose another per call.
    """

    key: str
    name: Text
    timezone: str = "Europe/Berlin"
    tracks: tuple[str, ...] = ()
    track_labels: tuple[Choice, ...] = ()
    topics: tuple[Topic, ...] = ()
    mentee_fields: tuple[ProfileField, ...] = ()
    mentor_fields: tuple[ProfileField, ...] = ()
    settings: tuple[Setting, ...] = ()
    contacts: tuple[Contact, ...] = ()
    templates: tuple[Template, ...] = ()
    description: Text = ""
    language: str = "en"
    optional_reminders: tuple[str, ...] = OPTIONAL_REMINDERS

    def setting(self, name: str) -> Value:
        """The value in force of setting *name*.

        :raises UnknownSetting: the programme declares no such setting.
        """
        for s in self.settings:
            if s.name == name:
                return s.effective
        raise UnknownSetting(self.key, name)

    def track_title(self, key: str) -> Text:
        """What people call track *key* (its label, else the key itself)."""
        found = next((c for c in self.track_labels if c.key == key), None)
        return found.label if found is not None and found.label else key

    def topic(self, key: str) -> Topic | None:
        """The catalogue topic with *key*, if the catalogue has one."""
        return next((t for t in self.topics if t.key == key), None)

    def int_setting(self, name: str) -> int:
        """The value in force of a whole-number setting.

        :raises UnknownSetting: the programme declares no such setting, or it is
            not a whole number.
        """
        value = self.setting(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise UnknownSetting(self.key, f"{name} (as a whole number; it is {value!r})")
        return value

    def template(self, key: str) -> Template | None:
        """The record template with *key*, if the programme has one."""
        return next((t for t in self.templates if t.key == key), None)

    def fields_for(self, role: Role) -> tuple[ProfileField, ...]:
        """The profile fields this programme requires for *role*.

        A field whose choices are keys of the topic catalogue knows those
        topics by their short labels and titles too (unless the field labels
        them itself), so an import may name a topic as the programme does.
        """
        if role is Role.MENTEE:
            fields = self.mentee_fields
        elif role is Role.MENTOR:
            fields = self.mentor_fields
        else:
            return ()
        return tuple(_with_topics(f, self.topics) for f in fields) if self.topics else fields


def _with_topics(field: ProfileField, topics: tuple[Topic, ...]) -> ProfileField:
    if field.kind not in (FieldKind.CHOICE, FieldKind.CHOICES) or not field.choices:
        return field
    labelled = {c.key for c in field.choice_labels}
    extra = tuple(
        Choice(t.key, t.label or t.title, aliases=(t.title,) if t.label else ())
        for t in topics
        if t.key in field.choices and t.key not in labelled
    )
    return evolve(field, choice_labels=field.choice_labels + extra) if extra else field


def _number(x: int | float) -> str:
    return str(x) if isinstance(x, int) else f"{x:g}"
