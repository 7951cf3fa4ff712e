"""Reads run in the reader's language, so what is made while reading (the
placeholder of erased data, say) is made in it too."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from mentorcore.i18n import chosen_language, using_language

C = TypeVar("C", bound=type)


class _Reading(Protocol):
    language: str | None

    def _default_language(self) -> str | None: ...


def _reading(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def run(self: _Reading, *args: Any, **kwargs: Any) -> Any:
        # Only a language somebody chose: otherwise each text keeps finding
        # its programme's default where it is rendered.
        language = self.language or (None if chosen_language() else self._default_language())
        if language is None:
            return method(self, *args, **kwargs)
        with using_language(language):
            return method(self, *args, **kwargs)

    return run


def in_reader_language(cls: C) -> C:
    """Run every public method of *cls* in its instance's language (the one
    asked for, else the context's, else the engine's)."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _reading(member))
    return cls
