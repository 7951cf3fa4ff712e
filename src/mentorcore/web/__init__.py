"""The web face (issue 17; the ``web`` extra): a JSON API and server-rendered
pages that a host mounts into its own ASGI app.

    from mentorcore.web import create_app
    host.mount("/mentoring", create_app(engine, authenticate))

*authenticate* is the host's: it tells, for a request, who the current person
is (an :class:`~mentorcore.domain.Actor`), or ``None`` (answered with 401).
The actor never comes from a request's body or query. Hosts that prefer
``include_router`` take :func:`~mentorcore.web.app.api_router` instead.
"""

from __future__ import annotations

from mentorcore.web.app import api_router, create_app
from mentorcore.web.auth import Authenticate, current_actor

__all__ = ["Authenticate", "api_router", "create_app", "current_actor"]
