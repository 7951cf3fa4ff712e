"""Which language the command line speaks, for one invocation.

In this order: ``--lang`` (before or after the command), the environment
variable ``MENTORCORE_LANG``, the system locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), the default language of the programme a command
acts on (the German programmes: German), English. ``de``, ``de_DE``,
``de-AT`` and ``de_DE.UTF-8`` all name German. A ``--lang`` or
``MENTORCORE_LANG`` naming no supported language is a usage error that lists
the supported ones; a system locale of another language is passed over.

The choice lives in a :class:`~contextvars.ContextVar`
(:func:`~mentorcore.i18n.using_language`), never in the process's locale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import click

from mentorcore.i18n import SUPPORTED, Message, _, chosen_language, negotiate, system_language
from mentorcore.i18n import using_language as _using

LANG_ENV = "MENTORCORE_LANG"
OPTION = "--lang"


@dataclass(frozen=True)
class Choice:
    """The language an invocation asked for.

    :ivar language: The supported language chosen, or ``None`` when nothing
        chose one (then the programme's default decides, else English).
    :ivar problem: Why the language asked for cannot be used, or ``None``.
    """

    language: str | None
    problem: Message | None = None


def asked(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` in *args* (``--lang de``, ``--lang=de``),
    or ``None``; nothing after ``--`` counts."""
    found = None
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == OPTION and k + 1 < len(args):
            found = args[k + 1]
        elif arg.startswith(OPTION + "="):
            found = arg.partition("=")[2]
    return found


def unsupported(value: str, where: str) -> Message:
    """The problem with *value*, given in *where*, that names no supported language."""
    return _(
        "{where}: '{value}' is not a supported language; choose one of {supported}",
        where=where,
        value=value,
        supported=", ".join(SUPPORTED),
    )


def choose(args: Sequence[str], environ: Mapping[str, str]) -> Choice:
    """The language *args* and *environ* choose (see the module)."""
    given = asked(args)
    if given is not None:
        found = negotiate(given)
        if found is None:
            return Choice(_fallback(environ), unsupported(given, OPTION))
        return Choice(found)
    env = environ.get(LANG_ENV, "").strip()
    if env:
        found = negotiate(env)
        if found is None:
            return Choice(system_language(environ), unsupported(env, LANG_ENV))
        return Choice(found)
    return Choice(system_language(environ))


def _fallback(environ: Mapping[str, str]) -> str | None:
    return negotiate(environ.get(LANG_ENV)) or system_language(environ)


def follow(programme_language: str) -> None:
    """Speak *programme_language* (a programme's default) for the rest of the
    invocation, unless a language was chosen already (``--lang``, the
    environment, the system locale or a host).
    """
    if chosen_language() is not None or negotiate(programme_language) is None:
        return
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        # The root context lives until the group has reported any error.
        ctx.find_root().with_resource(_using(programme_language))


def check(value: str | None) -> str | None:
    """An option callback's check of ``--lang``: the language, or a usage error."""
    if value is None:
        return None
    found = negotiate(value)
    if found is None:
        raise click.UsageError(str(unsupported(value, OPTION)))
    return found
