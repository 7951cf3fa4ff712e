"""The "try it out" sign-in of ``mentorcore serve``: NOT FOR PRODUCTION.

Anyone who can open the sign-in page picks any person of the database and
acts as them: there is no password. It exists so that one person can try
the web face on their own computer (``mentorcore serve`` listens on
127.0.0.1 only, by default). A host mounts the web face with its own
authentication instead (see ``docs/web.md``).

Who is signed in lives in a cookie signed with an HMAC under the server
secret (:func:`mentorcore.web.csrf.server_secret`), so it cannot be forged
by editing it; the form that signs in carries a form token (WEB-CSRF-1).
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Actor, Role
from mentorcore.domain.labels import label
from mentorcore.engine import Engine
from mentorcore.errors import InvalidInput
from mentorcore.web.csrf import server_secret
from mentorcore.web.pages import words
from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Site, guarded

#: The cookie naming who is signed in.
COOKIE = "mentorcore_signin"
#: Where the sign-in page is, under the app's root.
PATH = "/signin"


class SignIn:
    """Pick a person, act as them: for trying mentorcore out, never for production."""

    def __init__(self, engine: Engine, secret: bytes | None = None) -> None:
        self.engine = engine
        self._secret = secret or server_secret()
        self.site = Site(engine, self.authenticate)

    def authenticate(self, request: Request) -> Actor | None:
        """The person the signed cookie names, or ``None``."""
        value = request.cookies.get(COOKIE, "")
        person, _dot, signature = value.rpartition(".")
        if not person or not hmac.compare_digest(signature, self._sign(person)):
            return None
        return Actor.person(person)

    def cookie_for(self, person_id: str) -> str:
        """The cookie value that signs *person_id* in (for tests and tools)."""
        return f"{person_id}.{self._sign(person_id)}"

    def _sign(self, person_id: str) -> str:
        message = f"signin\x00{person_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def install(self, app: FastAPI) -> None:
        """Add the sign-in pages to *app* (the pages link to them)."""
        app.state.mentorcore_signin = PATH
        app.include_router(self.router())

    def router(self) -> APIRouter:
        """``GET /signin``, ``POST /signin`` and ``POST /signin/out``."""
        site = self.site
        routes = APIRouter(include_in_schema=False)

        @routes.get(PATH, name="mentorcore_signin")
        @guarded(site)
        async def choose(request: Request) -> Response:
            page = site.page(request)
            system = self.engine.reader(Actor.system(), language=page.language)
            groups = []
            for programme in self.engine.programmes():
                for role in (Role.COORDINATOR, Role.MENTEE, Role.MENTOR):
                    people = system.participants(programme.key, role)
                    if people:
                        people_ids = [(p.person.id, p.person.name) for p in people]
                        groups.append(((programme.name, label(role)), people_ids))
            return site.render(page, "signin.html", groups=groups)

        @routes.post(PATH, name="mentorcore_signin_post")
        @guarded(site)
        async def sign_in(request: Request) -> Response:
            page = site.page(request)
            form = await site.form(page)
            person = text(form, "person")
            if not person:
                raise InvalidInput([("person", words.WORDS["signin_as_person"])])
            self.engine.reader(Actor.system()).person(person)  # NotFound for nobody
            response = site.done(page, "/")
            response.set_cookie(
                COOKIE,
                self.cookie_for(person),
                path=page.url("/") or "/",
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
            return response

        @routes.post(PATH + "/out", name="mentorcore_signout")
        @guarded(site)
        async def sign_out(request: Request) -> Response:
            page = site.page(request)
            await site.form(page)
            response = site.done(page, PATH)
            response.delete_cookie(COOKIE, path=page.url("/") or "/")
            return response

        return routes
