"""A copy of the agreement in force, to keep or to pass on (MEDIC-AGR-1).

Pure: an :class:`AgreementCopy` holds what the copy says (the terms of the
version in force, the programme, the two names, when the version was
approved, the topics settled) and :func:`markdown` and :func:`data` write it
as a readable document or as plain data, in the copy's language. Nothing is
read here: :meth:`mentorcore.read.reader.Reader.agreement_copy` gathers it
after asking the programme whether the viewer may see the agreement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from attrs import frozen

from mentorcore.domain import Agreement, PlannedMeeting, Programme, TandemId
from mentorcore.domain.labels import label
from mentorcore.events import AgreementApproved, AmendmentApproved, TandemEvent
from mentorcore.i18n import Text, _, day, listing, render
from mentorcore.policy.periods import local_date


@frozen
class AgreementCopy:
    """The agreement in force as a copy shows it.

    :ivar tandem_id: The tandem (only its short form is printed).
    :ivar programme: Its programme: the name, the topic titles, the time zone.
    :ivar mentee_name: The mentee's name.
    :ivar mentor_name: The mentor's name.
    :ivar agreement: The version in force.
    :ivar settled_topics: The agreed topics marked settled (CORE-TOPICS).
    :ivar approved_on: The day it came into force, in the programme's time
        zone (``None`` if its approval is not on record).
    :ivar language: The language it is written in.
    """

    tandem_id: TandemId
    programme: Programme
    mentee_name: str
    mentor_name: str
    agreement: Agreement
    settled_topics: tuple[str, ...]
    approved_on: date | None
    language: str


def approved_on(events: Iterable[TandemEvent], version: int, timezone: str) -> date | None:
    """The day (in *timezone*) *version* was approved, from a tandem's *events*."""
    found: datetime | None = None
    for event in events:
        if isinstance(event, AgreementApproved | AmendmentApproved) and event.version == version:
            found = event.occurred_at
    return local_date(found, timezone) if found is not None else None


def _one_line(text: str) -> str:
    """*text* with its whitespace runs as single spaces (one list item, one line)."""
    return " ".join(text.split())


def _title(copy: AgreementCopy, key: str) -> str:
    """A topic by its catalogue title in the copy's language; free text as written."""
    found = copy.programme.topic(key)
    return _one_line(render(found.title, copy.language)) if found is not None else _one_line(key)


def _section(lines: list[str], heading: str, body: Iterable[str]) -> None:
    """Append a ``##`` section to *lines*, unless it has nothing to say."""
    items = list(body)
    if items:
        lines += ["", f"## {heading}", "", *items]


def markdown(copy: AgreementCopy) -> str:
    """The copy as a Markdown document, headings and labels in its language."""
    lang = copy.language

    def say(text: Text) -> str:
        return render(text, lang)

    terms = copy.agreement.terms
    lines = [f"# {say(_('Mentoring agreement'))}", ""]
    facts = [
        (_("Programme"), say(copy.programme.name)),
        (_("Mentee"), copy.mentee_name),
        (_("Mentor"), copy.mentor_name),
        (_("Version"), str(copy.agreement.version)),
        (_("Approved on"), day(copy.approved_on, lang) if copy.approved_on else "-"),
    ]
    lines += [f"- **{say(name)}:** {value}" for name, value in facts]
    if terms.period_end is not None:
        period = _("from {start} to {end}", start=terms.period_start, end=terms.period_end)
    else:
        period = _("from {start}, with no fixed end", start=terms.period_start)
    _section(lines, say(_("Period")), [say(period)])
    framework: list[str] = []
    if terms.meetings_planned is not None:
        framework.append(f"- **{say(_('Meetings planned'))}:** {terms.meetings_planned}")
    if terms.contact_formats:
        formats = sorted(say(label(f)) for f in terms.contact_formats)
        framework.append(f"- **{say(_('Kinds of contact'))}:** {listing(formats, lang)}")
    if terms.contact_frequency:
        framework.append(f"- **{say(_('Frequency'))}:** {_one_line(terms.contact_frequency)}")
    _section(lines, say(_("Framework")), framework)
    settled = say(_("settled"))
    _section(
        lines,
        say(_("Topics")),
        (
            f"{n}. {_title(copy, key)}" + (f" ({settled})" if key in copy.settled_topics else "")
            for n, key in enumerate(terms.topics, start=1)
        ),
    )
    _section(lines, say(_("Topics per meeting")), (_planned(copy, m) for m in terms.plan))
    _section(lines, say(_("Goals")), [terms.goals.strip()] if terms.goals.strip() else [])
    _section(
        lines, say(_("Further agreements")), [terms.notes.strip()] if terms.notes.strip() else []
    )
    footer = _("Tandem {tandem}", tandem=str(copy.tandem_id)[:8])
    lines += ["", "---", "", f"_{say(footer)}_", ""]
    return "\n".join(lines)


def _planned(copy: AgreementCopy, meeting: PlannedMeeting) -> str:
    """One meeting of the plan: its number, then its topics as a nested list."""
    number = render(_("Meeting {n}", n=meeting.number), copy.language)
    return "\n".join([f"- {number}:", *(f"  - {_title(copy, key)}" for key in meeting.topics)])


def data(copy: AgreementCopy) -> dict[str, Any]:
    """The copy as plain data with stable keys (``docs/cli.md``); dates in ISO
    form, topic titles in its language."""
    terms = copy.agreement.terms

    def topic(key: str) -> dict[str, Any]:
        return {"key": key, "title": _title(copy, key)}

    return {
        "tandem_id": str(copy.tandem_id),
        "programme": {
            "key": copy.programme.key,
            "name": render(copy.programme.name, copy.language),
        },
        "mentee": copy.mentee_name,
        "mentor": copy.mentor_name,
        "version": copy.agreement.version,
        "approved_on": copy.approved_on.isoformat() if copy.approved_on else None,
        "period": {
            "start": terms.period_start.isoformat(),
            "end": terms.period_end.isoformat() if terms.period_end else None,
        },
        "meetings_planned": terms.meetings_planned,
        "contact_formats": sorted(f.value for f in terms.contact_formats),
        "frequency": terms.contact_frequency,
        "topics": [{**topic(key), "settled": key in copy.settled_topics} for key in terms.topics],
        "plan": [
            {"meeting": m.number, "topics": [topic(key) for key in m.topics]} for m in terms.plan
        ],
        "goals": terms.goals,
        "notes": terms.notes,
        "settled_topics": list(copy.settled_topics),
        "language": copy.language,
    }
