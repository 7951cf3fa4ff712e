"""click's own words ("Usage:", "Options:", "No such option") in the CLI's language.

click translates its strings with :func:`gettext.gettext` and
:func:`gettext.ngettext` of the global domain, which every part of a process
shares (click issue #2864). The ``mentorcore`` command translates them from
its own ``click`` catalogue instead: :func:`routed` binds the names ``_`` and
``ngettext`` of click's modules to functions that, while a ``mentorcore``
invocation runs in this context, look the text up in that catalogue in the
invocation's language. Elsewhere (another click program in the same process,
another thread) they do what click's own did. The process-wide gettext state
(``textdomain``, ``install``, the locale) is never touched.
"""

from __future__ import annotations

import gettext
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType

from mentorcore.i18n import Domain, current_language
from mentorcore.i18n.catalogue import translations

#: The catalogue of click's strings (src/mentorcore/locale/*/LC_MESSAGES/click.mo).
CLICK = Domain("click", "mentorcore")

#: click's modules that translate with gettext (click 8.1 to 8.3).
MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
)

_active: ContextVar[bool] = ContextVar("mentorcore_click_text", default=False)
_installed = False


def gettext_(message: str) -> str:
    """click's ``_``: from the ``click`` catalogue during a ``mentorcore`` run."""
    if not _active.get():
        return gettext.gettext(message)
    return translations(CLICK.name, current_language()).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``: from the ``click`` catalogue during a ``mentorcore`` run."""
    if not _active.get():
        return gettext.ngettext(singular, plural, n)
    return translations(CLICK.name, current_language()).ngettext(singular, plural, n)


def _rebind(module: ModuleType) -> None:
    bindings: dict[str, Callable[..., str]] = {"_": gettext_, "ngettext": ngettext_}
    for name, function in bindings.items():
        if name in vars(module):
            setattr(module, name, function)


def install() -> None:
    """Bind click's translation functions to :func:`gettext_` and :func:`ngettext_`
    (once; they behave as click's own outside a ``mentorcore`` run)."""
    global _installed
    if _installed:
        return
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module this click version lacks
            continue
        _rebind(module)
    _installed = True


@contextmanager
def routed() -> Iterator[None]:
    """Translate click's strings from the ``click`` catalogue inside the block
    (this context only), in the language in force when each is shown."""
    install()
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
