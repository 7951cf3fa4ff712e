"""The route class of the API: JSON bodies only, the library's errors as answers.

CSRF: the API takes bodies of ``Content-Type: application/json`` only, and
requires that type on every POST, PUT and PATCH (also when the body is
empty). A cross-site HTML form can send only form-encoded, multipart or
plain-text bodies, and a cross-site script can send JSON only after a CORS
preflight that the face never answers with permission; so no other site can
make a signed-in person's browser change anything here. Such requests are
answered with 415 before anything is read or done. (A host that adds CORS
must not allow credentials to origins it does not trust: that would let their
scripts send JSON too.)
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextlib import nullcontext
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.errors import MentorcoreError
from mentorcore.i18n import using_language
from mentorcore.web.auth import asked_language, request_language
from mentorcore.web.errors import UnsupportedBody, error_response, validation_error

#: Methods whose requests must declare a JSON body.
_WRITES = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: str) -> bool:
    """Whether *content_type* names JSON (``application/json``, ``application/x+json``)."""
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class ApiRoute(APIRoute):
    """A route that renders in the request's language and answers the
    library's errors as JSON (:mod:`mentorcore.web.errors`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            asked = asked_language(request)
            if request.method in _WRITES and not is_json(request.headers.get("content-type", "")):
                given = request.headers.get("content-type", "")
                return error_response(UnsupportedBody(given), asked)
            try:
                with using_language(asked) if asked else nullcontext():
                    return await original(request)
            except MentorcoreError as error:
                return error_response(error, request_language(request))
            except RequestValidationError as error:
                return validation_error(error, request_language(request))

        return handler


__all__ = ["ApiRoute", "is_json"]
