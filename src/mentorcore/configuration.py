"""Checking an engine's configuration before anything is opened, and loading
its programmes from the plugins."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from mentorcore.domain import Programme, Value
from mentorcore.errors import InvalidInput, PluginError
from mentorcore.i18n import Number, Text, _
from mentorcore.policy.hooks import Hooks
from mentorcore.policy.settings import with_settings
from mentorcore.validation import language_problem, show


def check_callbacks(clock: object, id_factory: object, language: object, size: object) -> None:
    """Refuse callbacks that cannot be called, an unsupported language, a bad cache size."""
    problems: list[tuple[str, Text]] = []
    if (wrong := language_problem(language)) is not None:
        problems.append(("language", wrong))
    if isinstance(size, bool) or not isinstance(size, int):
        problems.append(("cache_size", _("expected a whole number, got {got}", got=show(size))))
    elif not 1 <= size <= 10_000_000:
        problems.append(
            (
                "cache_size",
                _("expected 1 to {last}, got {got}", last=Number(10_000_000), got=Number(size)),
            )
        )
    if clock is not None and not callable(getattr(clock, "now", None)):
        problems.append(
            ("clock", _("expected an object with a now() method, got {got}", got=show(clock)))
        )
    if id_factory is not None and not callable(id_factory):
        problems.append(("id_factory", _("expected a function, got {got}", got=show(id_factory))))
    if problems:
        raise InvalidInput(problems)


def check_configuration(
    store: object, plugins: object, blocked: object, settings: object, key_store: object = None
) -> None:
    """Refuse arguments of the wrong kind before anything is opened or loaded."""
    problems: list[tuple[str, Text]] = []
    if key_store is not None and not all(
        callable(getattr(key_store, name, None)) for name in ("key", "create", "destroy")
    ):
        problems.append(
            (
                "key_store",
                _("expected a key store (key, create, destroy), got {got}", got=show(key_store)),
            )
        )
    if not isinstance(store, str | Path) and not all(
        callable(getattr(store, name, None)) for name in ("transaction", "append", "read")
    ):
        problems.append(
            ("store", _("expected a SQLite path or an EventStore, got {got}", got=show(store)))
        )
    if isinstance(store, str | Path) and "\x00" in str(store):
        problems.append(("store", _("a path cannot hold a NUL character")))
    for name, value in (("plugins", plugins), ("blocked", blocked)):
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            problems.append((name, _("expected a list, got {got}", got=show(value))))
    names = isinstance(blocked, Collection) and not isinstance(blocked, str | bytes)
    if names and not all(isinstance(b, str) for b in blocked):  # type: ignore[attr-defined]
        problems.append(("blocked", _("expected plugin names, got {got}", got=show(blocked))))
    if settings is not None and not isinstance(settings, Mapping):
        problems.append(
            ("settings", _("expected a mapping of programmes, got {got}", got=show(settings)))
        )
    if problems:
        raise InvalidInput(problems)


def load_programmes(hooks: Hooks, settings: dict[str, Mapping[str, Value]]) -> dict[str, Programme]:
    """The programmes the plugins register, with *settings* applied (consumed).

    :raises PluginError: a programme key is registered twice.
    :raises InvalidInput: *settings* names a programme that is not installed.
    """
    programmes: dict[str, Programme] = {}

    def accept(programme: Programme, plugin: str) -> None:
        if programme.key in programmes:
            raise PluginError(
                plugin, _("programme key {key} is registered twice", key=repr(programme.key))
            )
        programmes[programme.key] = with_settings(programme, settings.pop(programme.key, {}))

    hooks.register_programmes(accept)
    if settings:
        raise InvalidInput(
            [(f"settings.{key}", _("no such programme is installed")) for key in settings]
        )
    return programmes
