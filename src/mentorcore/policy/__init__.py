"""Policy: the plugin contract, its manager, and the answers plugins give.

``hookspecs`` (the contract), ``pluginmanager`` (loading), ``hooks`` (the
engine's typed calls), ``decisions`` (decisions, advisories, due actions),
``settings``, ``profiles``, ``records``, ``periods``, and the pure rule
computations ``cadence`` and ``due``. Only the engine calls hooks.
"""
