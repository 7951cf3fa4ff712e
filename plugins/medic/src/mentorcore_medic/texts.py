"""MEDiC's own translation domain, ``mentorcore_medic``.

Every text the plugin shows goes through :data:`_`: rule reasons, due
actions, cadence rules, the topic catalogue, templates, settings and
contacts. The message ids are English; the German catalogue takes the
guide's wording wherever the guide has it. The catalogues ship inside the
package, in ``mentorcore_medic/locale/<language>/LC_MESSAGES/``.
"""

from __future__ import annotations

from mentorcore.i18n import Domain

_ = Domain("mentorcore_medic", "mentorcore_medic")
