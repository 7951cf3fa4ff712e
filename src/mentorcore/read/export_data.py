"""A person export as plain data: the ``mentorcore.person-export/1`` document.

Pure: it writes what :func:`mentorcore.read.export.person_export` gathered.
Keys are stable and documented field by field in ``person_export.schema.json``;
codes (statuses, roles, kinds) are the enum values the events store, dates and
times ISO 8601 (times in UTC), programme names in the export's language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from mentorcore.domain import Agreement, Enrolment, Goal, Meeting, Profile, Record
from mentorcore.i18n import Text, render
from mentorcore.read.feedback_views import GivenFeedback

if TYPE_CHECKING:
    from mentorcore.read.export import PersonExport, TandemExport


def export_data(export: PersonExport) -> dict[str, Any]:
    """*export* as a JSON-ready dict (schema ``mentorcore.person-export/1``)."""
    from mentorcore.read.export import SCHEMA_ID

    person = export.person
    lang = export.language
    return {
        "schema": SCHEMA_ID,
        "exported_at": _moment(export.exported_at),
        "language": lang,
        "exported_by": export.viewer.person_id,
        "person": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "organisation": person.organisation,
        },
        "enrolments": [_enrolment(e, export) for e in export.enrolments],
        "relations": [
            {
                "subject": r.subject,
                "kind": r.kind.value,
                "object": r.object,
                "other_name": export.names.get(
                    r.object if r.subject == person.id else r.subject, ""
                ),
            }
            for r in export.relations
        ],
        "tandems": [_tandem(t, export) for t in export.tandems],
        "activity": [
            {
                "occurred_at": _moment(a.occurred_at),
                "event": a.event,
                "text": a.message.render(lang),
                "tandem_id": str(a.tandem_id) if a.tandem_id is not None else None,
                "actor": a.actor.person_id,
            }
            for a in export.activity
        ],
    }


def _say(text: Text, lang: str) -> str:
    return render(text, lang)


def _enrolment(e: Enrolment, export: PersonExport) -> dict[str, Any]:
    return {
        "programme": e.programme_key,
        "programme_name": _say(export.programmes[e.programme_key].name, export.language),
        "role": e.role.value,
        "track": e.track,
        "capacity": e.capacity,
        "external": e.external,
        "enrolled_at": _moment(e.enrolled_at),
        "profile": _values(e.profile),
    }


def _tandem(t: TandemExport, export: PersonExport) -> dict[str, Any]:
    s, view = t.summary, t.view
    return {
        "id": str(s.id),
        "programme": s.programme_key,
        "programme_name": _say(export.programmes[s.programme_key].name, export.language),
        "track": s.track,
        "role": t.role.value,
        "counterpart": {"id": t.counterpart, "name": t.counterpart_name},
        "status": s.status.value,
        "origin": s.origin.value,
        "created_at": _moment(s.created_at),
        "activated_at": _moment(s.activated_at),
        "ended_at": _moment(s.ended_at),
        "end_reason": view.end_reason,
        "predecessor": str(view.predecessor) if view.predecessor else None,
        "agreement": _agreement(view.agreement),
        "settled_topics": list(view.settled_topics),
        "proposal": _agreement(view.proposal),
        "goals": [_goal(g) for g in view.goals] if view.goals is not None else None,
        "meetings": [_meeting(m) for m in t.meetings.meetings],
        "feedback": [_feedback(g, export.language) for g in t.feedback],
        "withheld": [
            *(
                {"content": c.value, "meeting_id": None, "reason": _say(why, export.language)}
                for c, why in view.withheld
            ),
            *(
                {
                    "content": w.content.value,
                    "meeting_id": str(w.meeting_id),
                    "reason": f"[{w.decision.rule_id}] {_say(w.decision.message, export.language)}",
                }
                for w in t.meetings.withheld
            ),
        ],
    }


def _agreement(agreement: Agreement | None) -> dict[str, Any] | None:
    if agreement is None:
        return None
    terms = agreement.terms
    return {
        "version": agreement.version,
        "state": agreement.state.value,
        "author": agreement.author.value,
        "approved_by": sorted(r.value for r in agreement.approved_by),
        "comments": agreement.comments,
        "period_start": _day(terms.period_start),
        "period_end": _day(terms.period_end),
        "meetings_planned": terms.meetings_planned,
        "contact_formats": sorted(f.value for f in terms.contact_formats),
        "contact_frequency": terms.contact_frequency,
        "topics": list(terms.topics),
        "goals": terms.goals,
        "notes": terms.notes,
        "plan": [{"meeting": p.number, "topics": list(p.topics)} for p in terms.plan],
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": str(goal.id),
        "text": goal.text,
        "set_at": _moment(goal.set_at),
        "status": goal.status.value,
        "reviewed_at": _moment(goal.reviewed_at),
        "note": goal.note,
    }


def _meeting(m: Meeting) -> dict[str, Any]:
    return {
        "id": str(m.id),
        "kind": m.kind.value,
        "format": m.format.value,
        "status": m.status.value,
        "start": _moment(m.start),
        "duration_minutes": m.duration_minutes,
        "proposed_by": m.proposed_by.value,
        "place": m.place,
        "agenda": m.agenda,
        "topics": list(m.topics),
        "reason": m.reason,
        "attended_by": sorted(r.value for r in m.attended_by),
        "preparation": _record(m.preparation),
        "notes": _record(m.notes),
    }


def _record(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "template": record.template_key,
        "purpose": record.purpose,
        "author": record.author.value,
        "written_at": _moment(record.written_at),
        "values": _values(record.values),
    }


def _feedback(given: GivenFeedback, lang: str) -> dict[str, Any]:
    refusal = given.withheld
    return {
        "request_key": given.request_key,
        "kind": given.kind,
        "role": given.role.value,
        "given_at": _moment(given.given_at),
        "form": given.form.key if given.form is not None else None,
        "answers": _values(given.answers) if given.answers is not None else None,
        "erased": given.erased,
        "withheld": f"[{refusal.rule_id}] {_say(refusal.message, lang)}" if refusal else None,
    }


def _values(profile: Profile) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in profile.items}


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
