"""Kerpen's own translation domain, ``mentorcore_kerpen``.

Every text the plugin shows goes through :data:`_`: rule reasons, advisories,
due actions, topics, profile fields, settings, contacts and the mentor's
role. The message ids are English; the German catalogue takes the guide's
wording wherever it has one (the topic list, "Ihre Rolle als Mentor:in").
The catalogues ship inside the package, in
``mentorcore_kerpen/locale/<language>/LC_MESSAGES/``.
"""

from __future__ import annotations

from mentorcore.i18n import Domain

_ = Domain("mentorcore_kerpen", "mentorcore_kerpen")
