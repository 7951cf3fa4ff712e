"""``mentorcore serve``: the web face over the database, with a sign-in for trying it out.

The sign-in lets anyone who can open the page act as anyone of the database
(:mod:`mentorcore.web.signin`): it is for one person on their own computer,
never for production. That is why the server listens on 127.0.0.1 unless
told otherwise. Needs the ``web`` extra (FastAPI, uvicorn).
"""

from __future__ import annotations

import click

from mentorcore import Engine
from mentorcore.cli.context import common, session
from mentorcore.cli.helptext import command
from mentorcore.cli.output import say
from mentorcore.i18n import _, mark

#: The port ``serve`` listens on unless told otherwise.
PORT = 8000


@command(
    "serve",
    short_help=mark("Serve the web face over the database (for trying it out)."),
    help=mark(
        "Serve the web face (pages and JSON API) over the database at "
        "http://HOST:PORT/, with a sign-in page that lets you act as anyone "
        "in the database.\n\n"
        "NOT FOR PRODUCTION: the sign-in has no password. Mount the web face "
        "into an application with real sign-in instead (see docs/web.md)."
    ),
    examples=["mentorcore --db medic.db serve", "mentorcore --db medic.db serve --port 8080"],
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=mark("The address to listen on (keep 127.0.0.1: the sign-in has no password)."),
)
@click.option("--port", default=PORT, show_default=True, type=int, help=mark("The port."))
@common
def serve(host: str, port: int) -> None:
    """The ``serve`` command (its help: the ``help`` above)."""
    run(session().engine(), host, port)


def app_for(engine: Engine) -> object:
    """The web face over *engine* with the try-it-out sign-in (an ASGI app)."""
    try:
        from mentorcore.web import create_app
        from mentorcore.web.signin import SignIn
    except ImportError as exc:
        problem = _(
            "the web face needs FastAPI and uvicorn ({module} is missing): "
            "pip install 'mentorcore[web]'",
            module=str(exc.name),
        )
        raise click.UsageError(str(problem)) from None
    signin = SignIn(engine)
    app = create_app(engine, signin.authenticate)
    signin.install(app)
    return app


def run(engine: Engine, host: str, port: int) -> None:
    """Serve *engine* on *host*:*port* until interrupted (Ctrl-C)."""
    app = app_for(engine)
    import uvicorn

    say(_("mentorcore serves http://{host}:{port}/ (Ctrl-C stops it)", host=host, port=port))
    say(_("the sign-in at /signin is for trying it out only: it has no password"))
    uvicorn.run(app, host=host, port=port, log_level="warning")  # type: ignore[arg-type]
