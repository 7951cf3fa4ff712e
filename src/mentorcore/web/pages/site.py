"""What every page shares: who is asking, in which language, with which form token,
and how a page (or a refusal) is rendered.

Every page is read as the person the host's ``authenticate`` names, through
``engine.reader(actor, language=...)``: the pages never read the engine's
state directly, so they show nothing the library would not show that person.
Texts come from :mod:`mentorcore.web.pages.words` (the i18n catalogue), and
Jinja2 escapes everything it prints.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec

from attrs import evolve, frozen
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mentorcore.domain import Actor, Role
from mentorcore.engine import Engine
from mentorcore.errors import InvalidInput, MentorcoreError, TransitionDenied
from mentorcore.i18n import Day, Message, Moment, Text, negotiate, render, using_language
from mentorcore.read.meetings import ContentWithheld
from mentorcore.read.reader import Reader
from mentorcore.web.auth import asked_language
from mentorcore.web.csrf import FIELD, Csrf
from mentorcore.web.errors import error_body
from mentorcore.web.pages import words

#: The cookie that keeps the language chosen with ``?lang=``.
LANG_COOKIE = "mentorcore_lang"

P = ParamSpec("P")


class NotSignedIn(MentorcoreError):
    """Nobody is signed in: the page asks the person to sign in (401)."""


class FormRefused(MentorcoreError):
    """A form came without the token its page gave (WEB-CSRF-1, 403)."""


@frozen
class Page:
    """One request as the pages see it.

    :ivar actor: Who the host's authentication names (``None``: nobody).
    :ivar language: The language the page speaks.
    :ivar token: The form token for this person (WEB-CSRF-1).
    """

    request: Request
    actor: Actor | None
    language: str
    token: str
    cookies: tuple[tuple[str, str], ...] = ()

    def url(self, path: str) -> str:
        """*path* (``"/tandems/…"``) under the prefix the pages are mounted at."""
        return str(self.request.scope.get("root_path", "")).rstrip("/") + path


class Site:
    """The engine, the host's authentication, the templates and the form tokens."""

    def __init__(
        self,
        engine: Engine,
        authenticate: Callable[[Request], Actor | None],
        csrf: Csrf | None = None,
    ) -> None:
        self.engine = engine
        self.authenticate = authenticate
        self.csrf = csrf or Csrf()
        self.templates = Environment(
            loader=PackageLoader("mentorcore.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["fill"] = fill
        self.templates.filters["day"] = lambda d: shown(Day(d)) if d is not None else "–"
        self.templates.globals["w"] = words.WORDS

    # ------------------------------------------------------------ requests

    def page(self, request: Request) -> Page:
        """Who asks, in which language, with which form token."""
        actor = self.authenticate(request)
        if actor is not None and not isinstance(actor, Actor):
            raise TypeError(f"authenticate must answer an Actor or None, not {actor!r}")
        cookies: list[tuple[str, str]] = []
        chosen = negotiate(request.query_params.get("lang"))
        if chosen:
            cookies.append((LANG_COOKIE, chosen))
        language = (
            chosen
            or negotiate(request.cookies.get(LANG_COOKIE))
            or asked_language(request)
            or self._default_language()
        )
        token, nonce = self.csrf.token(request, actor)
        if nonce is not None:
            cookies.append((self.csrf.cookie, nonce))
        return Page(request, actor, language, token, tuple(cookies))

    def _default_language(self) -> str:
        if self.engine.language:
            return self.engine.language
        spoken = {p.language for p in self.engine.programmes()}
        return spoken.pop() if len(spoken) == 1 else "en"

    def who(self, page: Page) -> Actor:
        """The signed-in person.

        :raises NotSignedIn: nobody is.
        """
        if page.actor is None:
            raise NotSignedIn(words.WORDS["sign_in_first"])
        return page.actor

    def reader(self, page: Page) -> Reader:
        """Everything the signed-in person may see, in the page's language."""
        return self.engine.reader(self.who(page), language=page.language)

    async def form(self, page: Page) -> FormData:
        """The posted form, once its token is checked (WEB-CSRF-1).

        :raises FormRefused: the token is missing, forged, or another person's.
        """
        form = await page.request.form()
        sent = form.get(FIELD)
        if not isinstance(sent, str) or not self.csrf.valid(page.request, sent, page.actor):
            raise FormRefused(words.WORDS["csrf_refused"])
        return form

    # ------------------------------------------------------------ answers

    def render(self, page: Page, template: str, http_status: int = 200, **context: Any) -> Response:
        """*template* rendered in the page's language, with the page and its token."""
        with using_language(page.language):
            html = self.templates.get_template(template).render(
                page=page, actor=page.actor, csrf_field=FIELD, chrome=self._chrome(page), **context
            )
        response = HTMLResponse(html, status_code=http_status)
        for name, value in page.cookies:
            response.set_cookie(
                name,
                value,
                path=page.url("/") or "/",
                httponly=True,
                samesite="lax",
                secure=page.request.url.scheme == "https",  # over HTTPS, never sent in clear
            )
        return response

    def coordinated(self, page: Page) -> list[tuple[str, Text]]:
        """``(key, name)`` of the programmes the signed-in person coordinates
        (every programme for the system)."""
        if page.actor is None:
            return []
        reader = self.engine.reader(page.actor, language=page.language)
        me = page.actor.person_id
        found = []
        for programme in self.engine.programmes():
            if me is not None:
                try:
                    reader.participant(me, programme.key, Role.COORDINATOR)
                except MentorcoreError:
                    continue
            found.append((programme.key, programme.name))
        return found

    def _chrome(self, page: Page) -> dict[str, Any]:
        """What the frame of every page shows: the name, the programmes
        coordinated, the sign-out of ``mentorcore serve``."""
        signin = getattr(page.request.app.state, "mentorcore_signin", None)
        chrome: dict[str, Any] = {"name": "", "coordinated": [], "signout": None}
        if page.actor is None:
            return chrome
        me = page.actor.person_id
        if me is None:
            chrome["name"] = words.WORDS["the_system"]
        else:
            reader = self.engine.reader(page.actor, language=page.language)
            chrome["name"] = reader.names((me,))[me]
        chrome["coordinated"] = self.coordinated(page)
        if isinstance(signin, str):
            chrome["signout"] = page.url(signin + "/out")
        return chrome

    def done(self, page: Page, path: str) -> Response:
        """After a form did its work: back to *path* (303, so a reload posts nothing)."""
        return RedirectResponse(page.url(path), status_code=303)

    def failure(self, page: Page, error: MentorcoreError, back: str | None = None) -> Response:
        """*error* as a page: the rule IDs and reasons in the viewer's language,
        never a traceback; the status as the API's (403 refused, 409, 422, ...)."""
        if isinstance(error, NotSignedIn):
            status = 401
        elif isinstance(error, FormRefused):
            status = 403
        else:
            status = error_body(error, page.language)[0]
        rules: list[tuple[str, Text]] = []
        problems: list[tuple[str, Text]] = []
        if isinstance(error, TransitionDenied):
            rules = [(d.rule_id, d.message) for d in error.denials]
        elif isinstance(error, ContentWithheld):
            rules = [(error.rule_id, error.decision.message)]
        elif isinstance(error, FormRefused):
            rules = [("WEB-CSRF-1", error.message)]
        elif isinstance(error, InvalidInput):
            problems = [(where, what) for where, what in error.problems]
        referer = page.request.headers.get("referer", "")
        back = back or (referer if _same_site(page.request, referer) else page.url("/"))
        return self.render(
            page,
            "error.html",
            http_status=status,
            error=error.message,
            rules=rules,
            problems=problems,
            back=back,
            signin=getattr(page.request.app.state, "mentorcore_signin", None),
        )


def guarded(
    site: Site,
) -> Callable[[Callable[P, Awaitable[Response]]], Callable[P, Awaitable[Response]]]:
    """Wrap a page's endpoint so every library error becomes an error page
    (the endpoint takes the :class:`Page` as ``page`` from :func:`Site.page`)."""

    def wrap(endpoint: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def run(*args: P.args, **kwargs: P.kwargs) -> Response:
            request = kwargs.get("request")
            assert isinstance(request, Request)  # every page endpoint takes it
            try:
                return await endpoint(*args, **kwargs)
            except MentorcoreError as error:
                return site.failure(site.page(request), error)

        return run

    return wrap


def fill(message: Message, **params: Any) -> Message:
    """*message* (a word with ``{placeholders}``) with its parameters (a Jinja
    filter); ``n`` also chooses a plural word's form."""
    count = params.get("n", message.n)
    return evolve(message, params={**message.arguments, **params}, n=count)


def moment(value: Any, timezone: str) -> Message:
    """A date and time in the programme's time zone, with the zone's name,
    rendered in the language of the page that prints it."""
    return shown(Moment(value, timezone))


def shown(value: Day | Moment) -> Message:
    """A date or moment as text rendered where it is printed (in its page's language)."""
    return Message("{value}", {"value": value})


def text_of(value: Text, language: str) -> str:
    """A message or plain text as words in *language*."""
    return render(value, language)


def _same_site(request: Request, url: str) -> bool:
    host = request.headers.get("host", "")
    return bool(host) and (url.startswith(f"http://{host}/") or url.startswith(f"https://{host}/"))


def field(form: FormData | Mapping[str, Any], name: str) -> str:
    """A text field of a form (``""`` when missing)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""
