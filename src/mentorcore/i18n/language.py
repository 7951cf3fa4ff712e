"""The language texts are rendered in: per context, never process-wide.

A :class:`contextvars.ContextVar` holds it, so threads and asyncio tasks of a
host serving several users each render in their viewer's language. Library
code never calls :func:`locale.setlocale` or :func:`gettext.install`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

#: The languages mentorcore's own catalogues are complete in.
SUPPORTED = ("de", "en")
#: The language of the message ids, used when nothing else is chosen.
SOURCE = "en"

_current: ContextVar[str | None] = ContextVar("mentorcore_language", default=None)


def negotiate(wanted: str | None, supported: tuple[str, ...] = SUPPORTED) -> str | None:
    """The supported language *wanted* names, or ``None``.

    Accepts POSIX and BCP 47 spellings: ``"de"``, ``"de_AT"``, ``"de-CH"``,
    ``"de_DE.UTF-8"``, ``"DE"``. ``"C"`` and ``"POSIX"`` name no language.
    """
    if not wanted or not isinstance(wanted, str):
        return None
    base = wanted.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in supported else None


def current_language() -> str:
    """The language chosen for this context (:data:`SOURCE` if none was)."""
    return _current.get() or SOURCE


def chosen_language() -> str | None:
    """The language chosen for this context, or ``None`` if nobody chose one."""
    return _current.get()


@contextmanager
def using_language(language: str | None) -> Iterator[str]:
    """Render texts in *language* inside the ``with`` block (this context only).

    ``None`` or an unsupported language keeps the language already chosen.
    Yields the language in force.
    """
    chosen = negotiate(language) or current_language()
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The supported language the environment's locale names (``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in gettext's order), or ``None``."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        for candidate in value.split(":"):
            found = negotiate(candidate)
            if found:
                return found
        if value and name != "LANGUAGE":
            return None  # the first locale variable set decides, as in gettext
    return None
