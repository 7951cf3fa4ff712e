"""The calendar subscription: a private link to one's meetings, made and revoked here.

The link's token is the credential a calendar app subscribes with
(:mod:`mentorcore.write.calendar_feeds`): shown once when made, stored only
as a digest, revocable. The API serves the feed itself.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Page, Site, guarded

#: Where the API serves a feed, under the web face's root (``{token}`` filled in).
FEED_PATH = "/api/calendar/{token}.ics"


def router(site: Site) -> APIRouter:
    """``GET /me/calendar``, ``POST /me/calendar`` (a new link) and ``…/revoke``."""
    routes = APIRouter()

    @routes.get("/me/calendar", name="mentorcore_calendar")
    @guarded(site)
    async def calendar(request: Request) -> Response:
        page = site.page(request)
        site.who(page)
        return site.render(page, "calendar.html", link=None, feed_id=None, revoked=False)

    @routes.post("/me/calendar", name="mentorcore_calendar_issue")
    @guarded(site)
    async def issue(request: Request) -> Response:
        from mentorcore.write import calendar_feeds

        page = site.page(request)
        await site.form(page)
        feed = calendar_feeds.issue(site.engine, site.who(page))
        return site.render(
            page,
            "calendar.html",
            link=feed_url(page, feed.token),
            feed_id=feed.feed_id,
            revoked=False,
        )

    @routes.post("/me/calendar/revoke", name="mentorcore_calendar_revoke")
    @guarded(site)
    async def revoke(request: Request) -> Response:
        from mentorcore.write import calendar_feeds

        page = site.page(request)
        form = await site.form(page)
        calendar_feeds.revoke(site.engine, site.who(page), text(form, "feed_id"))
        return site.render(page, "calendar.html", link=None, feed_id=None, revoked=True)

    return routes


def feed_url(page: Page, token: str) -> str:
    """The absolute subscription URL of *token* (``webcal:`` is left to the app)."""
    base = str(page.request.base_url).rstrip("/")
    return base + FEED_PATH.format(token=token)
