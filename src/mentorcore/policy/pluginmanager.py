"""Building the plugin manager: specs, blocking, entry points, built-in plugins.

There is no global plugin manager: each :class:`~mentorcore.engine.Engine`
owns the one :func:`make_plugin_manager` builds for it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Iterable

import pluggy

from mentorcore.errors import PluginError
from mentorcore.policy import hookspecs

#: Built-in plugins, registered by module path; they can be blocked by name.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "mentorcore.plugins.defaults",
    "mentorcore.plugins.generic",
    "mentorcore.plugins.matching_defaults",
)
#: Comma-separated plugin names to block, e.g. ``MENTORCORE_DISABLED_PLUGINS=kerpen``.
DISABLE_ENV = "MENTORCORE_DISABLED_PLUGINS"
ENTRY_POINT_GROUP = "mentorcore"


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[object] = (),
) -> pluggy.PluginManager:
    """A plugin manager with every mentorcore hookspec and the plugins to use.

    In order: add the specs; block the names in *blocked* and in
    ``MENTORCORE_DISABLED_PLUGINS``; load the ``mentorcore`` entry points (a
    plugin that fails to import is reported by name with its error); register
    the built-in plugins and *plugins*; check that every hook implementation
    matches a spec. Authorization and the lifecycle are the engine's own and
    cannot be blocked.

    :raises PluginError: a plugin failed to import or implements unknown hooks.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs.MentorcoreSpecs)
    env_blocked = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()]
    for name in (*blocked, *env_blocked):
        pm.set_blocked(name)
    if load_entrypoints:
        _load_entrypoints(pm)
    for module in DEFAULT_PLUGINS:
        if not pm.is_blocked(module):
            pm.register(importlib.import_module(module), name=module)
    for plugin in plugins:
        register(pm, plugin)
    check(pm)
    return pm


def register(pm: pluggy.PluginManager, plugin: object) -> str:
    """Register *plugin* (a module, class or instance) and return its name."""
    try:
        name = pm.register(plugin)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(str(getattr(plugin, "__name__", plugin)), str(exc)) from exc
    if name is None:  # blocked
        return ""
    return name


def check(pm: pluggy.PluginManager) -> None:
    """Fail with the plugin's name if it implements a hook that does not exist."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc.plugin), str(exc)) from exc


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    # Not pm.load_setuptools_entrypoints: it lets one broken plugin's ImportError
    # escape without saying which plugin it was.
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(ep.name, f"failed to import {ep.value}: {exc!r}") from exc
        try:
            pm.register(plugin, name=ep.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(ep.name, str(exc)) from exc
