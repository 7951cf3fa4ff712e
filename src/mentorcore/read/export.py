"""A copy of everything mentorcore holds about one person (DSGVO Art. 15 and 20).

:func:`person_export` gathers it for one viewer through the same viewer-bound
reads every other surface uses (:class:`~mentorcore.read.views.TandemViews`,
:class:`~mentorcore.read.meetings.MeetingViews`,
:class:`~mentorcore.read.people.PeopleViews`,
:class:`~mentorcore.read.feeds.CalendarFeeds`), so what the programme keeps from
the viewer (``mentorcore_can_view``: a counterpart's draft under CORE-3, an
Ostalb tandem's conversations under OSTALB-CONF-1) is kept out of the export
too, and listed as withheld with its rule.

Who may export (CORE-EXPORT-1): the person themself, a coordinator of a
programme the person is enrolled in, and the system. A coordinator's export
holds the enrolments, tandems and activity of the programmes they coordinate,
as far as those programmes let the coordination see them.

:class:`PersonExport` holds what was gathered; its :meth:`~PersonExport.data`
is plain JSON-ready data (schema ``mentorcore.person-export/1``, shipped as
``person_export.schema.json`` next to this module, see :func:`schema`), its
:meth:`~PersonExport.summary` a Markdown document in the export's language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from importlib.resources import files
from typing import Any

from attrs import frozen

from mentorcore.domain import (
    Actor,
    Enrolment,
    Person,
    PersonId,
    Programme,
    Relation,
    Role,
    TandemSummary,
)
from mentorcore.errors import InvalidInput, NotFound, NotVisible
from mentorcore.i18n import _
from mentorcore.policy.decisions import Decision
from mentorcore.read.feedback import FeedbackReads
from mentorcore.read.feedback_views import GivenFeedback
from mentorcore.read.feeds import CalendarFeeds
from mentorcore.read.meetings import ContentWithheld, MeetingRecords, MeetingViews
from mentorcore.read.people import PeopleViews
from mentorcore.read.views import Activity, TandemView, TandemViews
from mentorcore.state.access import State

#: The schema every :meth:`PersonExport.data` names (and validates against).
SCHEMA_ID = "mentorcore.person-export/1"


@frozen
class TandemExport:
    """One tandem of the person, as the viewer may see it.

    :ivar summary: Its summary (status, dates).
    :ivar role: The person's role in it (mentee or mentor).
    :ivar counterpart: The other side's id.
    :ivar counterpart_name: Their name if the viewer may see it, else their id.
    :ivar view: Agreement, proposal and goals as far as the viewer may see them.
    :ivar meetings: The meetings, with agenda and records emptied where withheld.
    :ivar feedback: The feedback and evaluations the person gave in it, the
        answers as the viewer may see them (CORE-FEEDBACK-3).
    """

    summary: TandemSummary
    role: Role
    counterpart: PersonId
    counterpart_name: str
    view: TandemView
    meetings: MeetingRecords
    feedback: tuple[GivenFeedback, ...] = ()


@frozen
class PersonExport:
    """Everything mentorcore holds about a person that the viewer may see.

    :ivar person: Name and contact details.
    :ivar viewer: Who exported it.
    :ivar language: The language its texts are written in.
    :ivar exported_at: When (the engine's clock).
    :ivar programmes: The programmes it mentions, by key.
    :ivar enrolments: The person's enrolments (a coordinator: in the
        programmes they coordinate).
    :ivar relations: Relations the person stands in, either side.
    :ivar names: Names of the other people it mentions, as the viewer may
        see them (otherwise their ids).
    :ivar tandems: The person's tandems the viewer may see, oldest first.
    :ivar activity: The person's activity log as the viewer may see it.
    :ivar calendar: The person's meetings as an iCalendar feed (``.ics``).
    """

    person: Person
    viewer: Actor
    language: str
    exported_at: datetime
    programmes: Mapping[str, Programme]
    enrolments: tuple[Enrolment, ...]
    relations: tuple[Relation, ...]
    names: Mapping[PersonId, str]
    tandems: tuple[TandemExport, ...]
    activity: tuple[Activity, ...]
    calendar: bytes

    def data(self) -> dict[str, Any]:
        """The export as plain JSON-ready data (schema :data:`SCHEMA_ID`)."""
        from mentorcore.read.export_data import export_data

        return export_data(self)

    def summary(self) -> str:
        """The export as a Markdown document for people, in its language."""
        from mentorcore.read.export_summary import export_summary

        return export_summary(self)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`PersonExport.data`."""
    text = files("mentorcore.read").joinpath("person_export.schema.json").read_text("utf-8")
    found: dict[str, Any] = json.loads(text)
    return found


def person_export(
    state: State, viewer: Actor, person_id: str, *, language: str | None = None
) -> PersonExport:
    """What *viewer* may see of everything mentorcore holds about *person_id*.

    :raises InvalidInput: *person_id* is not text.
    :raises NotFound: no such person.
    :raises ContentWithheld: the viewer is neither the person, nor a
        coordinator of a programme they are enrolled in, nor the system
        (CORE-EXPORT-1).
    """
    if not isinstance(person_id, str):
        raise InvalidInput([("person_id", _("expected text, got {value}", value=repr(person_id)))])
    pid = PersonId(person_id)
    index = state.index
    person = index.persons.get(pid)
    if person is None:
        raise NotFound("person", person_id)
    enrolled = index.enrolments_of(pid)
    me = viewer.person_id
    own = me in (None, pid)
    coordinated = index.coordinated(me)
    if not own and not any(e.programme_key in coordinated for e in enrolled):
        raise ContentWithheld(
            Decision.deny(
                "CORE-EXPORT-1",
                _(
                    "{viewer} may not export the data of {person}: only the person, a "
                    "coordinator of a programme they are enrolled in, or the system may",
                    viewer=index.name_of(me),
                    person=person_id,
                ),
            )
        )
    people = PeopleViews(state, viewer)
    person = people.person(pid)
    enrolments = tuple(
        people.participant(pid, e.programme_key, e.role).enrolment
        for e in enrolled
        if own or e.programme_key in coordinated
    )
    relations = tuple(
        r
        for r in index.relations_of(pid)
        if own or people.may_see(r.object if r.subject == pid else r.subject)
    )
    tandems = tuple(_tandem(state, viewer, people, pid, s) for s in _tandems(state, viewer, pid))
    keys = dict.fromkeys(
        [*(e.programme_key for e in enrolments), *(t.summary.programme_key for t in tandems)]
    )
    programmes = {key: state.programme(key) for key in keys}
    shared = {p.language for p in programmes.values()}
    lang = state.language_for(next(iter(keys)) if len(shared) == 1 else None, language)
    others = tuple(dict.fromkeys(p for r in relations for p in (r.subject, r.object) if p != pid))
    return PersonExport(
        person,
        viewer,
        lang,
        state.clock.now(),
        programmes,
        enrolments,
        relations,
        people.names(others),
        tandems,
        _activity(state, viewer, pid),
        _calendar(state, viewer, person, lang),
    )


def _tandems(state: State, viewer: Actor, pid: PersonId) -> list[TandemSummary]:
    """The person's tandems the viewer may see (a coordinator: of their programmes)."""
    return TandemViews(state, viewer).tandems(person=pid)


def _tandem(
    state: State, viewer: Actor, people: PeopleViews, pid: PersonId, summary: TandemSummary
) -> TandemExport:
    role = summary.role_of(pid)
    assert role is not None  # the tandems were asked for by person
    counterpart = summary.person_in(role.counterpart())
    return TandemExport(
        summary,
        role,
        counterpart,
        people.names((counterpart,))[counterpart],
        TandemViews(state, viewer).view(summary.id),
        MeetingViews(state, viewer).meeting_records(summary.id),
        tuple(g for g in FeedbackReads(state, viewer).responses(summary.id) if g.person_id == pid),
    )


def _activity(state: State, viewer: Actor, pid: PersonId) -> tuple[Activity, ...]:
    """The activity log as the viewer may see it; none where they may see none of it."""
    try:
        return tuple(TandemViews(state, viewer).activity(pid))
    except NotVisible:
        return ()


def _calendar(state: State, viewer: Actor, person: Person, lang: str) -> bytes:
    """The person's meetings as a feed; an empty one where the viewer may see none."""
    feeds = CalendarFeeds(state, viewer, language=lang)
    try:
        return feeds.person_calendar(person.id)
    except NotVisible:
        from mentorcore.adapters.calendar import render

        name = _("Mentoring meetings of {names}", names=(person.name,))
        return render([], method="PUBLISH", stamp=state.clock.now(), name=name, language=lang)
