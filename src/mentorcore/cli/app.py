"""The ``mentorcore`` group: global options, and errors turned into exit codes.

Exit codes: 0 done; 1 refused by a rule (the message names the rule ID and
the reason); 2 bad input (malformed values, unknown ids with the close ones,
usage errors, what the viewer may not see); 3 a concurrent writer changed
the tandem first (nothing was written: run the command again).

With ``--json`` every error, usage errors included, is one JSON document on
stdout: ``{"ok": false, "exit": N, "error": KIND, "message": ...}``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from contextvars import ContextVar
from typing import Any, NoReturn

import click

from mentorcore import (
    Actor,
    ConcurrencyConflict,
    ContentWithheld,
    InvalidInput,
    MentorcoreError,
    NotFound,
    NotVisible,
    TransitionDenied,
)
from mentorcore.cli import clicktext, language
from mentorcore.cli.context import SYSTEM, Session, global_options, session
from mentorcore.cli.helptext import Group
from mentorcore.cli.output import echo, print_json, visible
from mentorcore.cli.resolve import Unknown, unknown_person
from mentorcore.i18n import Message, _, mark, using_language

REFUSED, BAD_INPUT, CONFLICT = 1, 2, 3
_JSON_ASKED = "mentorcore.json"
#: Why the language asked for cannot be used, for this invocation's group to report.
_language_problem: ContextVar[Message | None] = ContextVar("mentorcore_lang_problem", default=None)
_UNFIT = re.compile("[\x00\ud800-\udfff]")


def fail(ctx: click.Context, code: int, kind: str, message: str, **extra: Any) -> NoReturn:
    """Report an error (JSON on stdout with ``--json``, else text on stderr) and exit."""
    if session().json:
        print_json({"ok": False, "exit": code, "error": kind, "message": message, **extra})
    else:
        echo(f"mentorcore: {message}", err=True)
    ctx.exit(code)


def usage_error(error: click.ClickException, as_json: bool) -> NoReturn:
    """Report a usage error: as JSON on stdout when asked for (then exit with
    its code), else as click shows it, with the message's text made visible."""
    if not as_json:
        error.message = visible(error.message)  # type: ignore[misc]  # Final in click's stubs
        raise error
    context = getattr(error, "ctx", None)
    print_json(
        {
            "ok": False,
            "exit": error.exit_code,
            "error": "usage",
            "message": error.format_message(),
            "usage": context.get_usage() if context is not None else None,
        }
    )
    raise click.exceptions.Exit(error.exit_code)


def unfit_argument(args: Sequence[str]) -> str | None:
    """Why one of *args* cannot be text, or ``None``. A byte that is not
    UTF-8 reaches Python as a lone surrogate (``\\udcff``), which no file,
    database or terminal takes; NUL ends a C string."""
    for number, arg in enumerate(args, start=1):
        bad = _UNFIT.search(arg)
        if bad is None:
            continue
        char = ord(bad.group())
        byte, code = format(char - 0xDC00, "02x"), format(char, "04x")
        what = (
            _("byte 0x{code} is not UTF-8", code=byte)
            if 0xDC80 <= char <= 0xDCFF
            else _("NUL is not text")
            if char == 0
            else _("\\u{code} is half of a character", code=code)
        )
        return str(
            _(
                "argument {number} ({text}) is not text: {what}",
                number=number,
                text=visible(arg)[:40],
                what=what,
            )
        )
    return None


def _asks_json(args: Sequence[str]) -> bool:
    # Read from the arguments themselves: a usage error may come before click
    # reaches --json, or --json may be what made the usage wrong (a value
    # missing before it, after "--").
    return "--json" in args


def _suggest(missing: NotFound) -> NotFound:
    """*missing* with the close person ids the viewer may see, when it names a person."""
    s = session()
    engine = s.opened
    if isinstance(missing, Unknown) or missing.kind != "person" or engine is None:
        return missing
    if not isinstance(missing.key, str) or not s.who:
        return missing
    viewer = Actor.system() if s.who == SYSTEM else Actor.person(s.who)
    return unknown_person(engine.reader(viewer), missing.key, engine.state.index.persons)


class MentorcoreGroup(Group):
    """A group that maps mentorcore's errors to exit codes, never to a traceback,
    and speaks the language the invocation chose (:mod:`mentorcore.cli.language`)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """Run the command line in the language chosen by ``--lang``, the
        environment or the system locale (else the programme's default, once a
        command knows its programme), with click's own words in it too."""
        argv = list(sys.argv[1:] if args is None else args)
        choice = language.choose(argv, os.environ)
        token = _language_problem.set(choice.problem)
        try:
            with clicktext.routed(), ExitStack() as stack:
                if choice.language is not None:
                    stack.enter_context(using_language(choice.language))
                return super().main(args, *rest, **extra)
        finally:
            _language_problem.reset(token)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The context; a usage error in the global options is reported as JSON
        when ``--json`` was given."""
        asked = _asks_json(args)
        try:
            unfit = unfit_argument(args)
            if unfit:
                raise click.UsageError(unfit)
            problem = _language_problem.get() if parent is None else None
            if problem is not None:
                raise click.UsageError(str(problem))
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as error:
            usage_error(error, asked)
        ctx.meta[_JSON_ASKED] = asked
        # One session for the whole invocation: the command's context shares
        # it, so options given after the command (--json) reach the error
        # reporting done here.
        ctx.ensure_object(Session)
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report refusals (exit 1), bad input (2) and conflicts (3)."""
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            usage_error(error, bool(ctx.meta.get(_JSON_ASKED)) or session().json)
        except TransitionDenied as refused:
            fail(ctx, REFUSED, "refused", str(refused), rule_ids=sorted(refused.rule_ids))
        except ContentWithheld as withheld:
            # A programme's visibility rule said no: a refusal by a rule, with its ID.
            fail(ctx, REFUSED, "refused", str(withheld), rule_ids=[withheld.rule_id])
        except ConcurrencyConflict as conflict:
            fail(ctx, CONFLICT, "conflict", str(conflict))
        except InvalidInput as bad:
            problems = [{"where": w, "what": p} for w, p in bad.render_problems()]
            fail(ctx, BAD_INPUT, "invalid-input", str(bad), problems=problems)
        except NotFound as missing:
            missing = _suggest(missing)
            suggestions = list(getattr(missing, "suggestions", ()))
            fail(ctx, BAD_INPUT, "not-found", str(missing), suggestions=suggestions)
        except NotVisible as hidden:
            fail(ctx, BAD_INPUT, "not-visible", str(hidden))
        except MentorcoreError as error:
            # CorruptEvent, StoreError, PluginError: the message says what and where.
            fail(ctx, BAD_INPUT, type(error).__name__, str(error))
        except OSError as error:
            fail(
                ctx,
                BAD_INPUT,
                "os-error",
                f"{error.strerror or error}: {error.filename or ''}".rstrip(": "),
            )


@click.group(
    cls=MentorcoreGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=mark(
        "Run a mentoring programme from a terminal, on a SQLite file.\n\n"
        "Import people, match a cohort, take tandems through agreement, meetings and "
        "closing, and print reports, calendars and certificates. Every command acts "
        "as the person named by --as, so the programme's rules apply exactly as in "
        "the library. Exit codes: 0 done, 1 refused by a rule, 2 bad input, "
        "3 a concurrent change (run it again)."
    ),
    examples=[
        "mentorcore demo medic --out out/demo",
        "mentorcore --lang de --db medic.db --as system import examples/cohorts/medic.json",
    ],
)
@global_options(env=True)
@click.version_option(
    package_name="mentorcore", prog_name="mentorcore", help="Show the version and exit."
)
def cli() -> None:
    """Run a mentoring programme from a terminal (the help is the group's ``help``)."""


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="mentorcore")
