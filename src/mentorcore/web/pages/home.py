"""The first page: the signed-in person's tandems and the programmes they coordinate."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Role
from mentorcore.domain.labels import label
from mentorcore.errors import MentorcoreError
from mentorcore.read.reader import Reader
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
        busy: set[str] = set()  # programmes in which she has a live tandem as mentee
        if me is not None:
            mine = reader.tandems(person=me)
            names = reader.names(tuple(p for t in mine for p in (t.mentee, t.mentor)))
            busy = {t.programme_key for t in mine if t.is_live and t.role_of(me) is Role.MENTEE}
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
        mentee_of = [
            (p.key, p.name)
            for p in site.engine.programmes()
            if me is not None and p.key not in busy and _enrolled(reader, me, p.key, Role.MENTEE)
        ]
        return site.render(
            page,
            "home.html",
            tandems=rows,
            programmes=site.coordinated(page),
            mentee_of=mentee_of,
        )

    return routes


def _enrolled(reader: Reader, person: str, programme: str, role: Role) -> bool:
    try:
        reader.participant(person, programme, role)
    except MentorcoreError:
        return False
    return True
