"""The ``mentorcore`` group: global options, and errors turned into exit codes.

Exit codes: 0 done; 1 refused by a rule (the message names the rule ID and
the reason); 2 bad input (malformed values, unknown ids, usage errors, what
the viewer may not see); 3 a concurrent writer changed the tandem first
(nothing was written: run the command again).
"""

from __future__ import annotations

from typing import Any, NoReturn

import click

from mentorcore import (
    ConcurrencyConflict,
    ContentWithheld,
    InvalidInput,
    MentorcoreError,
    NotFound,
    NotVisible,
    TransitionDenied,
)
from mentorcore.cli.context import global_options, session
from mentorcore.cli.output import print_json

REFUSED, BAD_INPUT, CONFLICT = 1, 2, 3


def fail(ctx: click.Context, code: int, kind: str, message: str, **extra: Any) -> NoReturn:
    """Report an error (JSON on stdout with ``--json``, else text on stderr) and exit."""
    if session().json:
        print_json({"ok": False, "exit": code, "error": kind, "message": message, **extra})
    else:
        click.echo(f"mentorcore: {message}", err=True)
    ctx.exit(code)


class MentorcoreGroup(click.Group):
    """A group that maps mentorcore's errors to exit codes, never to a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report refusals (exit 1), bad input (2) and conflicts (3)."""
        try:
            return super().invoke(ctx)
        except TransitionDenied as refused:
            fail(ctx, REFUSED, "refused", str(refused), rule_ids=sorted(refused.rule_ids))
        except ContentWithheld as withheld:
            # A programme's visibility rule said no: a refusal by a rule, with its ID.
            fail(ctx, REFUSED, "refused", str(withheld), rule_ids=[withheld.rule_id])
        except ConcurrencyConflict as conflict:
            fail(ctx, CONFLICT, "conflict", str(conflict))
        except InvalidInput as bad:
            problems = [{"where": w, "what": p} for w, p in bad.problems]
            fail(ctx, BAD_INPUT, "invalid-input", str(bad), problems=problems)
        except NotFound as missing:
            fail(ctx, BAD_INPUT, "not-found", str(missing))
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


@click.group(cls=MentorcoreGroup, context_settings={"help_option_names": ["-h", "--help"]})
@global_options(env=True)
@click.version_option(package_name="mentorcore", prog_name="mentorcore")
def cli() -> None:
    """Run a mentoring programme from a terminal, on a SQLite file.

    Import people, match a cohort, take tandems through agreement, meetings and
    closing, and print reports, calendars and certificates. Every command acts
    as the person named by --as, so the programme's rules apply exactly as in
    the library. Exit codes: 0 done, 1 refused by a rule, 2 bad input.

    \b
    Example:
      mentorcore demo medic --out out/demo
      mentorcore --db medic.db --as system import examples/cohorts/medic.json
    """


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="mentorcore")
