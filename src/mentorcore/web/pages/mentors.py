"""A programme's mentors for its mentees, and the request for a mentorship
(CORE-1) where the programme lets mentees ask; where it matches them itself
(MEDIC-MATCH-1, OSTALB-MATCH-1) the request is refused with that rule."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.commands import RequestMentorship
from mentorcore.domain import PersonId, Profile, Programme, Role
from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Site, guarded


def router(site: Site) -> APIRouter:
    """``GET /programmes/{key}/mentors`` and ``POST /programmes/{key}/request``."""
    routes = APIRouter()

    @routes.get("/programmes/{key}/mentors", name="mentorcore_mentors")
    @guarded(site)
    async def mentors(request: Request, key: str) -> Response:
        page = site.page(request)
        reader = site.reader(page)
        programme = site.engine.programme(key)
        found = reader.participants(key, Role.MENTOR)  # a mentee of it, or its coordination
        shown = [
            {
                "id": p.person.id,
                "name": p.person.name,
                "organisation": p.person.organisation or "",
                "track": programme.track_title(p.enrolment.track) if p.enrolment.track else "",
                "profile": profile_lines(programme, p.enrolment.profile),
            }
            for p in found
        ]
        return site.render(page, "mentors.html", programme=programme, mentors=shown)

    @routes.post("/programmes/{key}/request", name="mentorcore_request")
    @guarded(site)
    async def ask(request: Request, key: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        mentor = PersonId(text(form, "mentor"))
        command = RequestMentorship(programme_key=key, mentor=mentor, message=text(form, "message"))
        made = site.engine.execute(command, actor=site.who(page))
        return site.done(page, f"/tandems/{made.id}")

    return routes


def profile_lines(programme: Programme, profile: Profile) -> list[tuple[Any, str]]:
    """A mentor's profile as ``(label, value)`` lines, choices by their labels."""
    lines = []
    for field in programme.fields_for(Role.MENTOR):
        value = profile.get(field.name)
        if value is None or value == "" or value == ():
            continue
        labels = {c.key: c.label for c in field.choice_labels if c.label}
        values = value if isinstance(value, tuple) else (value,)
        words = ", ".join(str(labels.get(str(v), v)) for v in values)
        lines.append((field.label or field.name, words))
    return lines
