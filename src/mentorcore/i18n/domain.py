"""Translation domains: one for the core, one per programme plugin.

Create one :class:`Domain` per package at import time and mark texts with it::

    _ = Domain("mentorcore_medic", "mentorcore_medic")
    _("the agreement starts on {day}", day=terms.period_start)
    _.plural("{n} meeting", "{n} meetings", n)

``pybabel extract`` (and ``scripts/catalogues.py``) find the texts by the
keywords ``_``, ``_.plural`` (as ``plural``) and :func:`mark`.
"""

from __future__ import annotations

from attrs import frozen

from mentorcore.i18n.catalogue import register
from mentorcore.i18n.message import Message, Param


@frozen
class Domain:
    """A gettext domain whose catalogues ship in *package*'s ``locale`` folder."""

    name: str
    package: str

    def __attrs_post_init__(self) -> None:
        register(self.name, self.package)

    def __call__(self, msgid: str, /, **params: Param) -> Message:
        """A translatable text; ``{name}`` placeholders take *params* when rendered."""
        return Message(msgid, params, self.name)

    def plural(self, singular: str, plural: str, n: int, /, **params: Param) -> Message:
        """A text with singular and plural forms chosen by *n*, which is also ``{n}``."""
        return Message(singular, {"n": n, **params}, self.name, plural, n)


def mark(msgid: str) -> str:
    """Mark *msgid* for extraction without translating it (gettext's ``N_``):
    for texts defined at import time and translated where they are shown,
    e.g. with ``Message(text, domain=...)``."""
    return msgid
