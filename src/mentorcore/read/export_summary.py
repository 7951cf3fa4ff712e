"""A person export as a Markdown document for people, in the export's language.

Pure: it writes what :func:`mentorcore.read.export.person_export` gathered.
Headings, labels, dates (in each programme's time zone) and lists are in the
export's language, through :mod:`mentorcore.i18n` as every other document;
what people wrote (goals, agreements, records) stands as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from mentorcore.domain import (
    Agreement,
    Enrolment,
    Meeting,
    Profile,
    Programme,
    Record,
    Role,
    Value,
)
from mentorcore.domain.labels import label
from mentorcore.i18n import Text, _, day, listing, moment, render
from mentorcore.policy.due import kind_title
from mentorcore.policy.periods import local_date
from mentorcore.policy.records import DEFAULT_TEMPLATES, purpose_title
from mentorcore.read.feedback_views import GivenFeedback
from mentorcore.read.visibility import withheld_by

if TYPE_CHECKING:
    from mentorcore.read.export import PersonExport, TandemExport


class _Writer:
    """Lines of a Markdown document in one language."""

    def __init__(self, language: str) -> None:
        self.lang = language
        self.lines: list[str] = []

    def say(self, text: Text) -> str:
        return " ".join(render(text, self.lang).split())

    def heading(self, level: int, text: Text) -> None:
        blank = [] if self.lines and not self.lines[-1] else [""]
        self.lines += [*blank, f"{'#' * level} {self.say(text)}", ""]

    def fact(self, name: Text, value: str | None, indent: str = "") -> None:
        if value:
            self.lines.append(f"{indent}- **{self.say(name)}:** {_one_line(value)}")

    def items(self, values: Iterable[str], indent: str = "") -> None:
        self.lines += [f"{indent}- {_one_line(v)}" for v in values]

    def when(self, value: datetime | None, timezone: str) -> str | None:
        return moment(value, self.lang, timezone) if value is not None else None

    def on(self, value: date | None) -> str | None:
        return day(value, self.lang) if value is not None else None

    def value(self, value: Value) -> str:
        if isinstance(value, bool):
            return self.say(_("yes") if value else _("no"))
        if isinstance(value, tuple):
            return listing([str(v) for v in value], self.lang)
        return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def export_summary(export: PersonExport) -> str:
    """*export* as a Markdown document, headings and labels in its language."""
    w = _Writer(export.language)
    person = export.person
    zone = next((p.timezone for p in export.programmes.values()), "UTC")
    w.lines.append(f"# {w.say(_('Personal data of {name}', name=person.name))}")
    by = export.viewer.person_id or w.say(_("the system"))
    stamp = w.when(export.exported_at, zone) or ""
    w.lines += ["", f"_{w.say(_('Exported on {when} by {who}', when=stamp, who=by))}_"]
    w.heading(2, _("Person"))
    w.fact(_("Id"), person.id)
    w.fact(_("Name"), person.name)
    w.fact(_("E-mail"), person.email)
    w.fact(_("Organisation"), person.organisation)
    if export.enrolments:
        w.heading(2, _("Enrolments"))
        for e in export.enrolments:
            _enrolment(w, e, export.programmes[e.programme_key])
    if export.relations:
        w.heading(2, _("Relations"))
        name = {**export.names, person.id: person.name}
        w.items(
            " ".join(
                (name.get(r.subject, r.subject), w.say(label(r.kind)), name.get(r.object, r.object))
            )
            for r in export.relations
        )
    if export.tandems:
        w.heading(2, _("Tandems"))
        for t in export.tandems:
            _tandem(w, t, export.programmes[t.summary.programme_key])
    w.heading(2, _("Activity"))
    w.items(f"{w.when(a.occurred_at, zone)}: {w.say(a.message)}" for a in export.activity)
    if not export.activity:
        w.items([w.say(_("none"))])
    w.heading(2, _("Calendar"))
    w.lines.append(w.say(_("The meetings come as an iCalendar file (.ics) with this summary.")))
    return "\n".join([*w.lines, ""])


def _enrolment(w: _Writer, e: Enrolment, programme: Programme) -> None:
    w.heading(3, _("{programme}: {role}", programme=programme.name, role=label(e.role)))
    w.fact(_("Track"), e.track)
    if e.role is not Role.COORDINATOR:
        w.fact(_("Capacity"), str(e.capacity) if e.role is Role.MENTOR else None)
        w.fact(_("External"), w.value(e.external))
    if e.enrolled_at is not None:
        w.fact(_("Enrolled on"), w.on(local_date(e.enrolled_at, programme.timezone)))
    _values(w, _("Profile"), e.profile)


def _values(w: _Writer, name: Text, values: Profile, labels: dict[str, Text] | None = None) -> None:
    if values.items:
        w.lines.append(f"- **{w.say(name)}:**")
        for key, value in values.items:
            shown = (labels or {}).get(key) or key
            w.lines.append(f"  - {w.say(shown)}: {_one_line(w.value(value))}")


def _tandem(w: _Writer, t: TandemExport, programme: Programme) -> None:
    s, view, tz = t.summary, t.view, programme.timezone
    w.heading(
        3, _("Tandem with {name} in {programme}", name=t.counterpart_name, programme=programme.name)
    )
    w.fact(_("Role"), w.say(label(t.role)))
    w.fact(_("Track"), s.track)
    w.fact(_("Status"), w.say(label(s.status)))
    w.fact(_("Formed on"), w.when(s.created_at, tz))
    w.fact(_("Active since"), w.when(s.activated_at, tz))
    w.fact(_("Ended on"), w.when(s.ended_at, tz))
    w.fact(_("Why it ended"), view.end_reason)
    if view.agreement is not None:
        version = view.agreement.version
        w.heading(4, _("Agreement in force (version {version})", version=version))
        _agreement(w, view.agreement, programme)
        w.fact(
            _("Settled topics"),
            listing([_topic(w, programme, k) for k in view.settled_topics], w.lang),
        )
    if view.proposal is not None:
        state = label(view.proposal.state)
        w.heading(
            4,
            _(
                "Proposed agreement (version {version}, {state})",
                version=view.proposal.version,
                state=state,
            ),
        )
        _agreement(w, view.proposal, programme)
    if view.goals:
        w.heading(4, _("Goals"))
        for g in view.goals:
            note = f" ({w.say(label(g.status))})" + (f": {g.note}" if g.note else "")
            w.items([f"{g.text}{note}"])
    if t.meetings.meetings:
        w.heading(4, _("Meetings"))
        for m in t.meetings.meetings:
            _meeting(w, m, programme)
    if t.feedback:
        w.heading(4, _("Feedback given"))
        for given in t.feedback:
            _feedback(w, given, programme)
    reasons = [
        *(why for _c, why in view.withheld),
        *(
            _("[{rule}] {reason}", rule=d.decision.rule_id, reason=d.decision.message)
            for d in t.meetings.withheld
        ),
    ]
    if reasons:
        w.heading(4, _("Withheld from this export"))
        w.items(dict.fromkeys(w.say(r) for r in reasons))


def _feedback(w: _Writer, given: GivenFeedback, programme: Programme) -> None:
    """CORE-FEEDBACK-1: one answer, its fields by the form's labels."""
    title = given.form.title if given.form is not None else kind_title(given.kind)
    w.lines.append(f"- **{w.when(given.given_at, programme.timezone)}:** {w.say(title)}")
    if given.answers is None:
        refusal = given.withheld
        if refusal is not None:
            w.fact(_("Withheld"), w.say(withheld_by(refusal)), "  ")
        return
    labels = {f.name: f.label for f in given.form.fields if f.label} if given.form else {}
    for key, value in given.answers.items:
        shown = labels.get(key) or key
        w.lines.append(f"  - {w.say(shown)}: {_one_line(w.value(value))}")


def _agreement(w: _Writer, agreement: Agreement, programme: Programme) -> None:
    terms = agreement.terms
    start, end = terms.period_start, terms.period_end
    period = (
        _("from {start} to {end}", start=start, end=end)
        if end is not None
        else _("from {start}, with no fixed end", start=start)
    )
    w.fact(_("Period"), w.say(period))
    planned = terms.meetings_planned
    w.fact(_("Meetings planned"), str(planned) if planned is not None else None)
    formats = sorted(w.say(label(f)) for f in terms.contact_formats)
    w.fact(_("Kinds of contact"), listing(formats, w.lang))
    w.fact(_("Frequency"), terms.contact_frequency)
    w.fact(_("Topics"), listing([_topic(w, programme, k) for k in terms.topics], w.lang))
    w.fact(_("Goals"), terms.goals)
    w.fact(_("Further agreements"), terms.notes)
    w.fact(_("Comments"), agreement.comments)


def _meeting(w: _Writer, m: Meeting, programme: Programme) -> None:
    what = listing([w.say(label(m.kind)), w.say(label(m.format)), w.say(label(m.status))], w.lang)
    w.lines.append(f"- **{w.when(m.start, programme.timezone)}:** {what}")
    w.fact(_("Place"), m.place, "  ")
    w.fact(_("Reason"), m.reason, "  ")
    w.fact(_("Agenda"), m.agenda, "  ")
    w.fact(_("Topics"), listing([_topic(w, programme, k) for k in m.topics], w.lang), "  ")
    for record in (m.preparation, m.notes):
        if record is not None:
            sub = _Writer(w.lang)
            _values(sub, purpose_title(record.purpose), record.values, _labels(programme, record))
            w.lines += [f"  {line}" for line in sub.lines]


def _labels(programme: Programme, record: Record) -> dict[str, Text]:
    """The record's field labels, from its template (the programme's or the default)."""
    found = programme.template(record.template_key) or next(
        (t for t in DEFAULT_TEMPLATES if t.key == record.template_key), None
    )
    return {f.name: f.label for f in found.fields if f.label} if found is not None else {}


def _topic(w: _Writer, programme: Programme, key: str) -> str:
    found = programme.topic(key)
    return _one_line(w.say(found.title)) if found is not None else _one_line(key)
