"""People: ids, roles, actors, persons, profiles, enrolments and relations."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime

from attrs import frozen

from mentorcore.i18n import Text

#: A person's id: the host application's own (plain text, so hosts need no wrapping).
PersonId = str


#: A profile or setting value: JSON scalars, or a tuple of strings.
Value = str | int | float | bool | tuple[str, ...]


class Role(enum.Enum):
    """The part a person plays in a programme or a tandem."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"
    SYSTEM = "system"

    def counterpart(self) -> Role:
        """The other side of a tandem (mentee <-> mentor)."""
        if self is Role.MENTEE:
            return Role.MENTOR
        if self is Role.MENTOR:
            return Role.MENTEE
        raise ValueError(f"{self.value} has no counterpart in a tandem")


class RelationKind(enum.Enum):
    """A relation between two people that independence rules look at."""

    TEACHES = "teaches"
    EXAMINES = "examines"
    SUPERVISES = "supervises"
    MANAGES = "manages"
    WORKS_WITH = "works_with"


class FieldKind(enum.Enum):
    """The type of a profile field or of a raw value to be parsed."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    CHOICES = "choices"


@frozen
class Actor:
    """Who issues a command: a person, or the system clock.

    Whether the person acts as mentee, mentor or coordinator is decided by the
    engine from the tandem and the programme enrolments, never claimed.
    """

    person_id: PersonId | None

    @classmethod
    def person(cls, person_id: str) -> Actor:
        """A person, by the host application's id."""
        return cls(PersonId(person_id))

    @classmethod
    def system(cls) -> Actor:
        """The system itself (scheduled jobs, the clock)."""
        return cls(None)

    def __str__(self) -> str:
        return self.person_id if self.person_id is not None else "system"


@frozen
class Person:
    """A human being known to the engine.

    :ivar id: The host application's id for the person.
    :ivar name: The name shown to others and printed on certificates.
    :ivar email: Where notifications go, if anywhere.
    :ivar organisation: Employer or institution; ``None`` if not known.
    """

    id: PersonId
    name: str
    email: str | None = None
    organisation: str | None = None


@frozen
class Choice:
    """One allowed value of a CHOICE or CHOICES field and the words for it.

    The key is what a profile stores; people read the label and may type the
    key, the label or the abbreviation in any supported language, or an alias
    (case and spacing do not matter; see :mod:`mentorcore.policy.vocabulary`).

    :ivar key: The stored value (``"female"``).
    :ivar label: What people read (``_("female")``, German "weiblich").
    :ivar short: A common abbreviation, shown in brackets (``_("f")``, German "w").
    :ivar aliases: Further accepted spellings (a topic's title, say).
    """

    key: str
    label: Text = ""
    short: Text = ""
    aliases: tuple[Text, ...] = ()


@frozen
class ProfileField:
    """One field a programme needs in a mentee's or mentor's profile.

    :ivar name: The key in the profile.
    :ivar kind: Its type; raw text (CSV) is parsed according to it.
    :ivar label: A human label for forms and error messages; an import may
        name the field by it (in any supported language) instead of *name*.
    :ivar required: Whether an enrolment without it is refused.
    :ivar choices: The allowed values (keys) for CHOICE and CHOICES fields.
    :ivar minimum: The smallest allowed INTEGER or NUMBER.
    :ivar maximum: The largest allowed INTEGER or NUMBER.
    :ivar help: What the field means, for forms and documentation.
    :ivar choice_labels: Labels, abbreviations and aliases of some or all
        *choices* (labels of keys that are no choice are not used); a choice
        without one is known by its key (and the common words of
        :data:`mentorcore.policy.vocabulary.COMMON`).
    """

    name: str
    kind: FieldKind
    label: Text = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: Text = ""
    choice_labels: tuple[Choice, ...] = ()


@frozen
class Profile:
    """Validated profile values, as sorted ``(name, value)`` pairs.

    Build one with :func:`mentorcore.policy.profiles.parse_profile` (which checks it
    against the programme's fields) or :meth:`of` for already typed values.
    """

    items: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, values: Mapping[str, Value | list[str]]) -> Profile:
        """A profile from a dict of typed values (lists become tuples)."""
        return cls(
            tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
        )

    def get(self, name: str, default: Value | None = None) -> Value | None:
        """The value of *name*, or *default* when the profile lacks it."""
        for key, value in self.items:
            if key == name:
                return value
        return default

    def as_dict(self) -> dict[str, Value]:
        """The values as a plain dict."""
        return dict(self.items)


@frozen
class Enrolment:
    """A person's participation in a programme in one role.

    :ivar person_id: Who.
    :ivar programme_key: In which programme.
    :ivar role: As mentee, mentor or coordinator.
    :ivar track: The programme track (MEDiC: ``clinical`` or ``scientific``).
    :ivar profile: The validated profile for this role.
    :ivar capacity: How many live tandems a mentor takes at most.
    :ivar external: Whether the person comes from outside the organisation (CORE-15).
    :ivar enrolled_at: When the enrolment was recorded.
    """

    person_id: PersonId
    programme_key: str
    role: Role
    track: str | None = None
    profile: Profile = Profile()
    capacity: int = 1
    external: bool = False
    enrolled_at: datetime | None = None


@frozen
class Participant:
    """A person together with one enrolment: what pairing hooks receive."""

    person: Person
    enrolment: Enrolment

    @property
    def id(self) -> PersonId:
        """The person's id."""
        return self.person.id

    @property
    def profile(self) -> Profile:
        """The profile of this enrolment."""
        return self.enrolment.profile


@frozen
class Relation:
    """*subject* stands in relation *kind* to *object* (e.g. Dr. X examines Ana).

    :ivar subject: The person the relation starts from.
    :ivar kind: What the relation is.
    :ivar object: The person it points to.
    """

    subject: PersonId
    kind: RelationKind
    object: PersonId

    def involves(self, a: PersonId, b: PersonId) -> bool:
        """Whether this relation links *a* and *b*, in either direction."""
        return {self.subject, self.object} == {a, b}
