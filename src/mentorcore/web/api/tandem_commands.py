"""The API's tandem_commands resource (being written)."""

from __future__ import annotations

from fastapi import APIRouter

from mentorcore.web.api.routing import ApiRoute

router = APIRouter(route_class=ApiRoute)
