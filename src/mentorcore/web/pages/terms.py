"""An agreement version as the pages show it, and the form that writes one."""

from __future__ import annotations

from typing import Any

from mentorcore.domain import Agreement, AgreementTerms, MeetingFormat, Programme
from mentorcore.domain.labels import label
from mentorcore.i18n import Text


def topic_title(programme: Programme, topic: str) -> Text:
    """A topic as the programme names it; free text as it is."""
    found = programme.topic(topic)
    return found.title if found is not None else topic


def shown(agreement: Agreement, programme: Programme) -> dict[str, Any]:
    """One version's terms, labelled for a page."""
    t = agreement.terms
    return {
        "version": agreement.version,
        "state": label(agreement.state),
        "author": label(agreement.author),
        "approved_by": [label(r) for r in sorted(agreement.approved_by, key=lambda r: r.value)],
        "comments": agreement.comments,
        "period_start": t.period_start,
        "period_end": t.period_end,
        "meetings_planned": t.meetings_planned,
        "formats": [label(f) for f in sorted(t.contact_formats, key=lambda f: f.value)],
        "frequency": t.contact_frequency,
        "topics": [topic_title(programme, k) for k in t.topics],
        "goals": t.goals,
        "notes": t.notes,
    }


def form_values(start: AgreementTerms, programme: Programme) -> dict[str, Any]:
    """The agreement form's fields, filled in from *start*."""
    catalogue = [t for t in programme.topics if not t.out_of_scope]
    keys = {t.key for t in catalogue}
    return {
        "period_start": start.period_start.isoformat(),
        "period_end": start.period_end.isoformat() if start.period_end else "",
        "meetings_planned": "" if start.meetings_planned is None else start.meetings_planned,
        "formats": [(f.value, label(f), f in start.contact_formats) for f in MeetingFormat],
        "frequency": start.contact_frequency,
        "topics": [(t.key, t.title, t.key in start.topics) for t in catalogue],
        "other_topics": "\n".join(k for k in start.topics if k not in keys),
        "goals": start.goals,
        "notes": start.notes,
    }
