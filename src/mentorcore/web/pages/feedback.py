"""Feedback (issue 14): what a mentee or mentor owes, answered on the
programme's form, and a programme's open feedback for its coordination.

Read through the viewer's reader (``feedback_requests``,
``feedback_overview``: what the programme keeps from the coordination,
OSTALB-CONF-1, stays out), answered with ``Engine.give_feedback``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import TandemId
from mentorcore.domain.labels import label
from mentorcore.errors import NotFound
from mentorcore.policy.due import kind_title
from mentorcore.read.reader import Reader
from mentorcore.web.pages import forms
from mentorcore.web.pages.site import Page, Site, guarded, moment
from mentorcore.web.pages.writing import form_field


def owed_by_me(site: Site, page: Page, reader: Reader, tid: TandemId) -> list[dict[str, Any]]:
    """The feedback the signed-in person owes in the tandem, newest first."""
    if page.actor is None:
        return []
    me = page.actor.person_id
    return [
        {"key": r.key, "title": kind_title(r.kind), "reason": r.message}
        for r in reader.feedback_requests(tandem_id=tid)
        if r.person_id == me
    ]


def open_feedback(site: Site, reader: Reader, programme_key: str) -> list[dict[str, Any]]:
    """The programme's owed feedback as the coordinator may see it: who owes
    what since when."""
    overview = reader.feedback_overview(programme_key)
    programme = site.engine.programme(programme_key)
    return [
        {
            "who": overview.names.get(r.person_id, r.person_id),
            "role": label(r.role),
            "title": kind_title(r.kind),
            "since": moment(r.due_at, programme.timezone),
            "tandem": r.tandem_id,
        }
        for r in overview.owed
    ]


def router(site: Site) -> APIRouter:
    """``GET /tandems/{id}/feedback?key=…`` (one request's form) and its ``POST``
    (the key in the form: request keys hold slashes and colons)."""
    routes = APIRouter()

    def request_of(reader: Reader, page: Page, tid: TandemId, key: str) -> Any:
        me = page.actor.person_id if page.actor else None
        found = next(
            (
                r
                for r in reader.feedback_requests(tandem_id=tid)
                if r.key == key and r.person_id == me
            ),
            None,
        )
        if found is None:
            raise NotFound("feedback request", key)
        return found

    @routes.get("/tandems/{tandem_id}/feedback", name="mentorcore_feedback_form")
    @guarded(site)
    async def feedback_form(request: Request, tandem_id: str, key: str = "") -> Response:
        page = site.page(request)
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        owed = request_of(reader, page, tid, key)
        return site.render(
            page,
            "feedback_form.html",
            tid=tid,
            key=key,
            title=kind_title(owed.kind),
            reason=owed.message,
            fields=[form_field(f) for f in owed.form.fields],
        )

    @routes.post("/tandems/{tandem_id}/feedback", name="mentorcore_feedback_give")
    @guarded(site)
    async def give(request: Request, tandem_id: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        key = forms.text(form, "key")
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        owed = request_of(reader, page, tid, key)
        answers = forms.record_values(form, owed.form)
        site.engine.give_feedback(tid, key, answers, actor=site.who(page))
        return site.done(page, f"/tandems/{tandem_id}#feedback")

    return routes
