"""A tandem's page, as the signed-in person may see it, and its forms' actions.

The mentee and the mentor see their tandem: the getting-to-know decision,
the agreement in force beside the pending version, meetings, goals, closing
and the certificate. A coordinator sees the same page through the library's
reader, so what the programme keeps from the coordination (OSTALB-CONF-1:
meeting content) is not on it; what is withheld is named with its rule.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import (
    AgreementState,
    GoalStatus,
    MeetingFormat,
    MeetingKind,
    Role,
    TandemId,
)
from mentorcore.domain.labels import label
from mentorcore.errors import NotFound
from mentorcore.lifecycle.meeting import possible_meeting_verbs
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.policy.decisions import Content
from mentorcore.read.reader import Reader
from mentorcore.web.pages import actions, feedback, forms, terms
from mentorcore.web.pages.site import Page, Site, guarded, moment

#: The meeting verbs a meeting's row offers, in the order shown.
MEETING_VERBS = (
    "confirm_meeting",
    "decline_meeting",
    "confirm_attendance",
    "mark_meeting_missed",
    "cancel_meeting",
)


def router(site: Site) -> APIRouter:
    """``GET /tandems/{id}`` and ``POST /tandems/{id}/act/{verb}``."""
    routes = APIRouter()

    @routes.get("/tandems/{tandem_id}", name="mentorcore_tandem")
    @guarded(site)
    async def tandem(request: Request, tandem_id: str) -> Response:
        page = site.page(request)
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        return site.render(page, "tandem.html", **tandem_context(site, page, reader, tid))

    @routes.post("/tandems/{tandem_id}/act/{verb}", name="mentorcore_tandem_act")
    @guarded(site)
    async def act(request: Request, tandem_id: str, verb: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        tid = forms.tandem_id(tandem_id)
        actor = site.who(page)
        build = actions.BUILDERS.get(verb)
        if build is None:
            raise NotFound("action", verb)
        reader = site.reader(page)
        summary = reader.view(tid)  # refuses a stranger before any parsing
        programme = site.engine.programme(summary.programme_key)
        command = build(site.engine, programme, tid, form)
        site.engine.execute(command, actor=actor)
        anchor = actions.SECTIONS.get(verb, "top")
        return site.done(page, f"/tandems/{tandem_id}#{anchor}")

    return routes


def tandem_context(site: Site, page: Page, reader: Reader, tid: TandemId) -> dict[str, Any]:
    """Everything the tandem page shows, read as the signed-in person."""
    view = reader.view(tid)
    programme = site.engine.programme(view.programme_key)
    tz = programme.timezone
    names = reader.names((view.mentee, view.mentor))
    possible = set(reader.possible_commands(tid))
    records = reader.meeting_records(tid)
    tandem = reader.tandem(tid)
    role = view.viewer_role
    meetings = []
    for m in sorted(records.meetings, key=lambda m: m.start):
        verbs = [
            v
            for v in MEETING_VERBS
            if v in possible
            and v in possible_meeting_verbs(m.status.value)
            and not (v in ("confirm_meeting", "decline_meeting") and role in m.accepted_by)
            and not (v == "confirm_attendance" and role in m.attended_by)
        ]
        meetings.append(
            {
                "id": m.id,
                "kind": label(m.kind),
                "kind_code": m.kind.value,
                "start": moment(m.start, tz),
                "minutes": m.duration_minutes,
                "format": label(m.format),
                "place": m.place,
                "agenda": m.agenda,
                "status": label(m.status),
                "proposed_by": label(m.proposed_by),
                "attended_by": [label(r) for r in sorted(m.attended_by, key=lambda r: r.value)],
                "verbs": [(v, verb_label(v)) for v in verbs],
                "documented": m.notes is not None,
                "may_document": "document_meeting" in possible and m.is_held and m.notes is None,
                "may_reschedule": "reschedule_meeting" in possible
                and "reschedule_meeting" in possible_meeting_verbs(m.status.value),
                "local": m.start.astimezone(ZoneInfo(tz)),
                "may_prepare": "prepare_meeting" in possible
                and m.is_planned
                and m.preparation is None,
            }
        )
    withheld_meetings = sorted(
        {(w.decision.rule_id, w.decision.message) for w in records.withheld}, key=str
    )
    agreement = terms.shown(view.agreement, programme) if view.agreement else None
    proposal = terms.shown(view.proposal, programme) if view.proposal else None
    pending = view.proposal
    advisories = reader.advisories(tid)
    context: dict[str, Any] = {
        "view": view,
        "tid": tid,
        "programme": programme,
        "mentee": names[view.mentee],
        "mentor": names[view.mentor],
        "role": label(role),
        "is_participant": role in (Role.MENTEE, Role.MENTOR),
        "status": label(view.status),
        "possible": possible,
        "possible_labels": [verb_label(v) for v in sorted(possible)],
        "agreement": agreement,
        "proposal": proposal,
        "pending_version": pending.version if pending else None,
        "pending_submitted": pending is not None and pending.state is AgreementState.SUBMITTED,
        "pending_is_amendment": pending is not None and view.agreement is not None,
        "i_wrote_pending": pending is not None and pending.author is role,
        "open_topics": [(t, terms.topic_title(programme, t)) for t in tandem.open_topics],
        "withheld": [reason for _content, reason in view.withheld],
        "agreement_withheld": any(c is Content.AGREEMENT for c, _r in view.withheld),
        "meetings": meetings,
        "withheld_meetings": withheld_meetings,
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "status": label(g.status),
                "note": g.note,
            }
            for g in (view.goals or ())
        ],
        "goals_withheld": view.goals is None,
        "goal_statuses": [(s.value, label(s)) for s in GoalStatus],
        "advisories": [(a.rule_id, a.message) for a in advisories],
        "kinds": [(k.value, label(k)) for k in MeetingKind],
        "formats": [(f.value, label(f)) for f in MeetingFormat],
        "today": site.engine.clock.now().date().isoformat(),
        "completed": view.status.value == "completed",
        "end_reason": view.end_reason,
        "feedback_owed": feedback.owed_by_me(site, page, reader, tid),
    }
    return context
