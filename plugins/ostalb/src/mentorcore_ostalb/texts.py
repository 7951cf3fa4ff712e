"""Ostalb's own translation domain, ``mentorcore_ostalb``.

Every text the plugin shows goes through :data:`_`: rule reasons, advisories,
due actions, the cadence rule, topics, profile fields, settings and contacts.
The message ids are English; the German catalogue takes the programme
description's wording wherever it has one. The catalogues ship inside the
package, in ``mentorcore_ostalb/locale/<language>/LC_MESSAGES/``.
"""

from __future__ import annotations

from mentorcore.i18n import Domain

_ = Domain("mentorcore_ostalb", "mentorcore_ostalb")
