"""The topics an agreement starts from: the mentee's wishes the mentor offers (seed 002).

„Die Themen ergeben sich dabei aus den Bewerbungsangaben der:des Mentees und
den Angeboten der Mentorin bzw. des Mentors.“ A programme's topic fields are
recognised by their choices: profile fields whose choices are keys of the
programme's topic catalogue (MEDiC's ``wished_topics`` and ``topics``,
Kerpen's ``topics``), so no plugin names them to the core.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import evolve

from mentorcore.domain import (
    AgreementTerms,
    Enrolment,
    FieldKind,
    PersonId,
    ProfileField,
    Programme,
    Role,
    Tandem,
)


def topic_fields(programme: Programme, role: Role) -> tuple[ProfileField, ...]:
    """*role*'s profile fields whose choices are topics of *programme*'s catalogue."""
    keys = {t.key for t in programme.topics}
    return tuple(
        f
        for f in programme.fields_for(role)
        if f.kind in (FieldKind.CHOICE, FieldKind.CHOICES) and f.choices and set(f.choices) <= keys
    )


def _chosen(programme: Programme, enrolment: Enrolment | None, role: Role) -> tuple[str, ...]:
    if enrolment is None:
        return ()
    found: list[str] = []
    for field in topic_fields(programme, role):
        value = enrolment.profile.get(field.name)
        values = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
        found += [v for v in values if isinstance(v, str)]
    in_scope = {t.key for t in programme.topics if not t.out_of_scope}
    return tuple(k for k in dict.fromkeys(found) if k in in_scope)


def proposed_topics(
    programme: Programme, mentee: Enrolment | None, mentor: Enrolment | None
) -> tuple[str, ...]:
    """The mentee's wished topics that the mentor offers, in the mentee's order.

    Where the programme asks mentors for no topics, the mentee's wishes alone;
    where the two share none, none (the draft starts without topics).
    """
    wishes = _chosen(programme, mentee, Role.MENTEE)
    if not topic_fields(programme, Role.MENTOR):
        return wishes
    offers = set(_chosen(programme, mentor, Role.MENTOR))
    return tuple(k for k in wishes if k in offers)


def with_topics(
    terms: AgreementTerms,
    programme: Programme,
    tandem: Tandem,
    enrolment: Callable[[PersonId, str, Role], Enrolment | None],
) -> AgreementTerms:
    """*terms* (a template), with :func:`proposed_topics` where it names no topics
    (CORE-2); *enrolment* finds a person's enrolment in a programme as a role."""
    if terms.topics:
        return terms
    topics = proposed_topics(
        programme,
        enrolment(tandem.mentee, programme.key, Role.MENTEE),
        enrolment(tandem.mentor, programme.key, Role.MENTOR),
    )
    return evolve(terms, topics=topics) if topics else terms
