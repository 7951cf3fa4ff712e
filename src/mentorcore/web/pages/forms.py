"""Reading posted forms into the library's values; every problem is an
:class:`~mentorcore.errors.InvalidInput` naming its field, in the viewer's language."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from mentorcore.domain import (
    AgreementTerms,
    MeetingFormat,
    Programme,
    TandemId,
    Template,
)
from mentorcore.domain.people import FieldKind
from mentorcore.errors import InvalidInput
from mentorcore.i18n import _

E = TypeVar("E", bound=enum.Enum)


def text(form: FormData, name: str) -> str:
    """A text field, stripped (``""`` when missing)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    """Every value of a repeated field (checkboxes), stripped, empty ones left out."""
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def uuid(form: FormData, name: str) -> UUID:
    """An id field."""
    return uuid_of(text(form, name), name)


def uuid_of(value: str, name: str) -> UUID:
    """*value* as an id; the problem names *name*."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInput([(name, _("expected an id, got '{value}'", value=value))]) from None


def tandem_id(value: str) -> TandemId:
    """A tandem's id from a page's address."""
    return TandemId(uuid_of(value, "tandem_id"))


def integer(form: FormData, name: str, *, required: bool = True) -> int | None:
    """A whole number field (``None`` when left empty and not *required*)."""
    value = text(form, name)
    if not value and not required:
        return None
    try:
        return int(value)
    except ValueError:
        problem = _("expected a whole number, got '{value}'", value=value)
        raise InvalidInput([(name, problem)]) from None


def day(form: FormData, name: str, *, required: bool = True) -> date | None:
    """A date field (``YYYY-MM-DD``, as ``<input type="date">`` sends it)."""
    value = text(form, name)
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problem = _("expected a date (YYYY-MM-DD), got '{value}'", value=value)
        raise InvalidInput([(name, problem)]) from None


def moment(form: FormData, day_name: str, time_name: str, timezone: str) -> datetime:
    """A date and a time of day in the programme's *timezone*, as an aware datetime."""
    on = day(form, day_name)
    value = text(form, time_name)
    try:
        at = time.fromisoformat(value)
    except ValueError:
        problem = _("expected a time of day (HH:MM), got '{value}'", value=value)
        raise InvalidInput([(time_name, problem)]) from None
    assert on is not None  # required
    return datetime.combine(on, at, tzinfo=ZoneInfo(timezone))


def choice(form: FormData, name: str, kind: type[E]) -> E:
    """A member of *kind* by its value."""
    return choice_of(text(form, name), name, kind)


def terms(form: FormData, programme: Programme) -> AgreementTerms:
    """An agreement's terms from the agreement form."""
    start = day(form, "period_start")
    assert start is not None  # required
    topics = [*texts(form, "topics")]
    topics += [line.strip() for line in text(form, "other_topics").splitlines() if line.strip()]
    return AgreementTerms(
        period_start=start,
        period_end=day(form, "period_end", required=False),
        meetings_planned=integer(form, "meetings_planned", required=False),
        contact_formats=frozenset(
            choice_of(v, "contact_formats", MeetingFormat) for v in texts(form, "contact_formats")
        ),
        contact_frequency=text(form, "contact_frequency"),
        topics=tuple(dict.fromkeys(topics)),
        goals=text(form, "goals"),
        notes=text(form, "notes"),
    )


def choice_of(value: str, name: str, kind: type[E]) -> E:
    """*value* as a member of *kind*."""
    try:
        return kind(value)
    except ValueError:
        allowed = tuple(str(m.value) for m in kind)
        problem = _("expected one of {allowed}, got '{value}'", allowed=allowed, value=value)
        raise InvalidInput([(name, problem)]) from None


def record_values(form: FormData, template: Template) -> dict[str, object]:
    """A record's values from its form: the library checks them against *template*."""
    values: dict[str, object] = {}
    for f in template.fields:
        name = f"field.{f.name}"
        if f.kind is FieldKind.BOOLEAN:
            values[f.name] = text(form, name) == "yes"
        elif f.kind is FieldKind.CHOICES:
            chosen = texts(form, name)
            if chosen:
                values[f.name] = tuple(chosen)
        elif text(form, name):
            values[f.name] = text(form, name)
    return values
