"""One endpoint per command class: the body is the command's fields, the ids come from the path.

A command endpoint acts as the signed-in person (never as anyone the body
names), answers the tandem after the command as that person may see it
(the reader's :meth:`~mentorcore.read.reader.Reader.tandem`, not the
engine's unfiltered answer), and with ``If-Match: "<version>"`` (the ETag of
``GET /tandems/{id}``) refuses with 409 when the tandem moved on since the
client read it, so a form sent twice or late does not act on a changed tandem.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Path, Request, Response

from mentorcore.commands import Command
from mentorcore.domain import Actor, Tandem, TandemId
from mentorcore.errors import ConcurrencyConflict, InvalidInput
from mentorcore.i18n import _
from mentorcore.web.api.bodies import body_model, command_from
from mentorcore.web.api.encoding import JSON, jsonable
from mentorcore.web.api.schemas import answers
from mentorcore.web.auth import CurrentActor, engine_of, request_language

IfMatch = Annotated[
    str | None,
    Header(description='The tandem version the client read (its ETag, e.g. "7"); 409 if stale.'),
]


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header names (``"7"``, ``W/"7"``, ``7``), or ``None``.

    :raises InvalidInput: it names no version.
    """
    if if_match is None or if_match.strip() == "*":
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput(
            [("If-Match", _('expected a tandem version such as "7", got {got}', got=if_match))]
        )
    return int(text)


def run(
    request: Request, actor: Actor, command: Command, tandem_id: UUID | None, if_match: str | None
) -> JSON:
    """Carry out *command* as *actor*; the tandem after it, as *actor* sees it."""
    engine = engine_of(request)
    language = request_language(request)
    expected = expected_version(if_match)
    with engine.atomic():  # the check and the command together: no writer in between
        reader = engine.reader(actor, language=language)
        if expected is not None and tandem_id is not None:
            actual = reader.tandem(TandemId(tandem_id)).version
            if actual != expected:
                raise ConcurrencyConflict(f"tandem-{tandem_id}", expected, actual)
        done = engine.execute(command, actor=actor)
    after = engine.reader(actor, language=language).tandem(done.id)
    answer: JSON = jsonable(after, language)
    return answer


def add_command(router: APIRouter, cls: type[Command], path: str, *, status: int = 200) -> None:
    """Add ``POST path`` for *cls*: its body the command's fields less the path's ids."""
    model = body_model(cls)  # type: ignore[arg-type]
    ids = [name for name in ("tandem_id", "meeting_id") if "{" + name + "}" in path]

    def endpoint(request: Request, response: Response, actor: CurrentActor, **kwargs: Any) -> JSON:
        body = kwargs.pop("body")
        if_match = kwargs.pop("if_match", None)
        command = command_from(cls, body, **kwargs)
        tandem_id = kwargs.get("tandem_id")
        answer = run(request, actor, command, tandem_id, if_match)
        response.headers["ETag"] = f'"{answer["version"]}"'
        return answer

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter("response", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Response),
        inspect.Parameter("actor", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentActor),
        *(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[UUID, Path()]
            )
            for name in ids
        ),
        inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=model),
    ]
    if ids:
        params.append(
            inspect.Parameter(
                "if_match", inspect.Parameter.KEYWORD_ONLY, annotation=IfMatch, default=None
            )
        )
    endpoint.__signature__ = inspect.Signature(params, return_annotation=JSON)  # type: ignore[attr-defined]
    endpoint.__name__ = cls.verb
    doc = inspect.getdoc(cls) or cls.__name__
    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        status_code=status,
        response_model=None,
        responses=answers(Tandem, status),
        summary=doc.split("\n")[0],
        description=doc,
        operation_id=cls.verb,
        name=cls.verb,
    )


def command_path(verb: str) -> str:
    """A verb as a path segment (``draft_agreement`` -> ``draft-agreement``)."""
    return verb.replace("_", "-")


Adder = Callable[[APIRouter, type[Command], str], None]

__all__ = ["IfMatch", "add_command", "command_path", "expected_version", "run"]
