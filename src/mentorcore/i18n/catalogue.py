"""Compiled catalogues: found inside each domain's package, loaded once.

A domain's catalogues live in ``<package>/locale/<language>/LC_MESSAGES/<domain>.mo``,
so they travel inside the wheel and are read with :mod:`importlib.resources`.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

#: Registered domains: name → the package holding its ``locale`` folder.
_packages: dict[str, str] = {}


def register(domain: str, package: str) -> None:
    """Look for *domain*'s catalogues in *package*."""
    _packages[domain] = package


def registered() -> dict[str, str]:
    """The domains registered so far, with their packages."""
    return dict(_packages)


def translations(domain: str, language: str) -> gettext.NullTranslations:
    """*domain*'s catalogue for *language*; an empty one if there is none."""
    package = _packages.get(domain)
    if package is None:
        return gettext.NullTranslations()
    return _load(package, domain, language)


@functools.cache
def _load(package: str, domain: str, language: str) -> gettext.NullTranslations:
    path = resources.files(package).joinpath("locale", language, "LC_MESSAGES", f"{domain}.mo")
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))
