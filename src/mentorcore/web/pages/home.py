"""The first page: the signed-in person's tandems and the programmes they coordinate."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Role
from mentorcore.domain.labels import label
from mentorcore.web.pages.site import Site, guarded


def router(site: Site) -> APIRouter:
    """``GET /``: the overview."""
    routes = APIRouter()

    @routes.get("/", name="mentorcore_home")
    @guarded(site)
    async def home(request: Request) -> Response:
        page = site.page(request)
        reader = site.reader(page)
        me = page.actor.person_id if page.actor is not None else None
        rows = []
        if me is not None:
            mine = reader.tandems(person=me)
            names = reader.names(tuple(p for t in mine for p in (t.mentee, t.mentor)))
            for t in reversed(mine):  # the newest first
                role = t.role_of(me) or Role.COORDINATOR
                other = t.mentor if role is Role.MENTEE else t.mentee
                rows.append(
                    {
                        "id": t.id,
                        "programme": site.engine.programme(t.programme_key).name,
                        "role": label(role),
                        "other": names[other],
                        "status": label(t.status),
                        "live": t.is_live,
                    }
                )
        return site.render(page, "home.html", tandems=rows, programmes=site.coordinated(page))

    return routes
