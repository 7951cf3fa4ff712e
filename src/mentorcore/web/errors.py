"""The library's errors as HTTP answers: a status and the decisions, in the viewer's language.

Every answer that is not a success is JSON of one shape::

    {"error": "refused", "message": "...", "rules": [{"rule_id", "reason", "allowed"}],
     "problems": [{"field", "problem"}]}

Statuses work like the CLI's exit codes: 401 nobody is signed in, 403
refused by a rule (:class:`~mentorcore.errors.TransitionDenied`, with every
decision) or not visible to the viewer, 404 unknown, 409 a conflict (another
writer got there first, or a stale ``If-Match``), 415 a body that is not
JSON, 422 bad input. Input never causes a 500; a 500 is a fault of the
server (an unreadable store).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from mentorcore.adapters.pdf.certificate import PdfUnavailable
from mentorcore.adapters.store.keys import KeyDestroyed
from mentorcore.decision import Decision
from mentorcore.errors import (
    ConcurrencyConflict,
    CorruptEvent,
    InvalidInput,
    MentorcoreError,
    NotFound,
    NotVisible,
    PluginError,
    StoreError,
    TransitionDenied,
    UnknownSetting,
)
from mentorcore.i18n import _, render
from mentorcore.read.meetings import ContentWithheld


class Unauthenticated(MentorcoreError):
    """Nobody is signed in: the host's authentication named no one (401)."""

    def __init__(self) -> None:
        super().__init__(_("sign in first: the host's authentication names nobody"))


class UnsupportedBody(MentorcoreError):
    """A request that changes something came without a JSON body (415)."""

    def __init__(self, content_type: str) -> None:
        self.content_type = content_type
        super().__init__(
            _(
                "the API takes JSON only (Content-Type: application/json), not {given}",
                given=content_type or "-",
            )
        )


#: (error class, status, kind): the first that matches decides.
_STATUSES: tuple[tuple[type[MentorcoreError], int, str], ...] = (
    (Unauthenticated, 401, "unauthenticated"),
    (TransitionDenied, 403, "refused"),
    (ContentWithheld, 403, "withheld"),
    (NotVisible, 403, "not_visible"),
    (UnknownSetting, 404, "not_found"),
    (NotFound, 404, "not_found"),
    (ConcurrencyConflict, 409, "conflict"),
    (KeyDestroyed, 409, "erased"),
    (UnsupportedBody, 415, "unsupported_media_type"),
    (InvalidInput, 422, "invalid_input"),
    (PdfUnavailable, 501, "unavailable"),
    (StoreError, 500, "store"),
    (CorruptEvent, 500, "store"),
    (PluginError, 500, "plugin"),
)


@contextmanager
def person_hidden(person_id: str) -> Iterator[None]:
    """Answer a person the viewer may not see like one that does not exist.

    Person ids are the host's (often names or e-mail addresses, easy to
    guess): a 403 for someone who exists and a 404 for someone who does not
    would tell a stranger who takes part. Reads of a person say 404 for both.
    """
    try:
        yield
    except NotVisible:
        raise NotFound("person", person_id) from None


def rule(decision: Decision, language: str | None) -> dict[str, Any]:
    """One decision as JSON, its reason in *language*."""
    return {
        "rule_id": decision.rule_id,
        "reason": decision.render(language),
        "allowed": decision.allowed,
    }


def _rules(error: MentorcoreError, language: str | None) -> list[dict[str, Any]]:
    if isinstance(error, TransitionDenied):
        # the refusals first: a client showing one reason shows the deciding one
        ordered = [*error.denials, *(d for d in error.decisions if d.allowed)]
        return [rule(d, language) for d in ordered]
    if isinstance(error, ContentWithheld):
        return [rule(error.decision, language)]
    named = error.message.arguments.get("rule")
    if isinstance(error, NotVisible) and isinstance(named, str):
        return [{"rule_id": named, "reason": error.render(language), "allowed": False}]
    return []


def error_body(error: MentorcoreError, language: str | None) -> tuple[int, dict[str, Any]]:
    """The status and JSON body answering *error*, rendered in *language*."""
    status, kind = next(
        ((s, k) for cls, s, k in _STATUSES if isinstance(error, cls)), (422, "invalid_input")
    )
    if isinstance(error, ContentWithheld):  # its own text is rendered when raised
        message = _("[{rule}] {reason}", rule=error.rule_id, reason=error.decision.message)
        text = render(message, language)
    else:
        text = error.render(language)
    body: dict[str, Any] = {"error": kind, "message": text, "rules": _rules(error, language)}
    if isinstance(error, InvalidInput):
        body["problems"] = [
            {"field": where, "problem": what} for where, what in error.render_problems(language)
        ]
    if isinstance(error, NotFound):
        body["kind"] = error.kind
    return status, body


def error_response(error: MentorcoreError, language: str | None) -> JSONResponse:
    """*error* as a JSON response (see :func:`error_body`)."""
    status, body = error_body(error, language)
    return JSONResponse(body, status_code=status)


def validation_error(error: RequestValidationError, language: str | None) -> JSONResponse:
    """A request FastAPI could not read (a malformed body, path or query) as a 422."""
    problems = [_problem(item) for item in error.errors()]
    said = InvalidInput([(where, what) for where, what in problems])
    return error_response(said, language)


def _problem(item: Any) -> tuple[str, str]:
    location: Sequence[object] = item.get("loc", ()) if isinstance(item, dict) else ()
    where = ".".join(str(part) for part in location[1:] or location)
    what = str(item.get("msg", "")) if isinstance(item, dict) else str(item)
    return where, what


__all__ = [
    "Unauthenticated",
    "UnsupportedBody",
    "error_body",
    "error_response",
    "person_hidden",
    "rule",
    "validation_error",
]
