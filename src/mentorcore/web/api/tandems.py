"""Reading tandems: lists, one tandem, what is possible now, agreements,
cadence, advisories, history, certificates. Every read is the signed-in
person's reader's: what they may not see is left out or refused with its rule."""

from __future__ import annotations

import json
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from mentorcore.adapters.pdf import certificate_pdf
from mentorcore.domain import (
    AgreementTerms,
    MeetingId,
    Record,
    Tandem,
    TandemId,
    TandemStatus,
    TandemSummary,
)
from mentorcore.policy.cadence import TandemCadence
from mentorcore.policy.decisions import DueAction
from mentorcore.read import agreement_copy
from mentorcore.read.meetings import Certificate, MeetingRecords
from mentorcore.read.views import Advisories, TandemView
from mentorcore.web.api.encoding import JSON, jsonable
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS, answers
from mentorcore.web.auth import CurrentReader, request_language

router = APIRouter(route_class=ApiRoute, tags=["tandems"], responses=ERRORS)


@router.get(
    "/tandems",
    response_model=None,
    responses=answers(TandemSummary, many=True),
    summary="The tandems the viewer may see, oldest first.",
)
def list_tandems(
    request: Request,
    reader: CurrentReader,
    programme: str | None = None,
    person: str | None = None,
    status: TandemStatus | None = None,
) -> list[JSON]:
    found = reader.tandems(programme=programme, person=person, status=status)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}",
    response_model=None,
    responses=answers(Tandem),
    summary="The tandem, less what the viewer may not see.",
)
def tandem(request: Request, response: Response, reader: CurrentReader, tandem_id: UUID) -> JSON:
    found = reader.tandem(TandemId(tandem_id))
    response.headers["ETag"] = f'"{found.version}"'
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/view",
    response_model=None,
    responses=answers(TandemView),
    summary="The tandem's view: what is withheld and why.",
)
def view(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    return jsonable(reader.view(TandemId(tandem_id)), request_language(request))  # type: ignore[no-any-return]


@router.get("/tandems/{tandem_id}/commands", summary="The verbs the viewer could issue now.")
def possible_commands(reader: CurrentReader, tandem_id: UUID) -> list[str]:
    return reader.possible_commands(TandemId(tandem_id))


@router.get(
    "/tandems/{tandem_id}/advisories",
    response_model=None,
    responses=answers(Advisories),
    summary="What the programme reports (never a refusal).",
)
def advisories(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    return jsonable(reader.advisories(TandemId(tandem_id)), request_language(request))  # type: ignore[no-any-return]


@router.get("/tandems/{tandem_id}/history", summary="The raw events (the system only).")
def history(request: Request, reader: CurrentReader, tandem_id: UUID) -> list[JSON]:
    events = reader.history(TandemId(tandem_id))
    return [{"event": type(e).__name__, **jsonable(e, request_language(request))} for e in events]


@router.get(
    "/tandems/{tandem_id}/agreement/template",
    response_model=None,
    responses=answers(AgreementTerms),
    summary="The terms a new agreement draft starts from.",
)
def agreement_template(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    terms = reader.agreement_template(TandemId(tandem_id))
    return jsonable(terms, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/agreement/copy",
    summary="The agreement in force as a copy to keep (MEDIC-AGR-1).",
    responses={200: {"content": {"text/markdown": {}}}},
)
def agreement(
    reader: CurrentReader,
    tandem_id: UUID,
    format: Annotated[str, Query(pattern="^(json|markdown)$")] = "json",
) -> Response:
    copy = reader.agreement_copy(TandemId(tandem_id))
    if format == "markdown":
        return Response(agreement_copy.markdown(copy), media_type="text/markdown; charset=utf-8")
    return Response(json.dumps(agreement_copy.data(copy)), media_type="application/json")


@router.get(
    "/tandems/{tandem_id}/cadence",
    response_model=None,
    responses=answers(TandemCadence),
    summary="The tandem's cadence report.",
)
def cadence(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    return jsonable(reader.cadence(TandemId(tandem_id)), request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/due-actions",
    response_model=None,
    responses=answers(DueAction, many=True),
    summary="What is due in the tandem.",
)
def due_actions(request: Request, reader: CurrentReader, tandem_id: UUID) -> list[JSON]:
    found = reader.due_actions(tandem_id=TandemId(tandem_id))
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/records",
    response_model=None,
    responses=answers(MeetingRecords),
    summary="The tandem's meetings and their records.",
)
def records(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    found = reader.meeting_records(TandemId(tandem_id))
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/meetings/{meeting_id}/records/{purpose}",
    response_model=None,
    responses=answers(Record),
    summary="One record of one meeting (preparation, meeting_notes, first_conversation).",
)
def record(
    request: Request, reader: CurrentReader, tandem_id: UUID, meeting_id: UUID, purpose: str
) -> JSON:
    found = reader.meeting_record(TandemId(tandem_id), MeetingId(meeting_id), purpose)
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/certificate",
    response_model=None,
    responses=answers(Certificate),
    summary="The record behind the certificate.",
)
def certificate(request: Request, reader: CurrentReader, tandem_id: UUID) -> JSON:
    found = reader.certificate(TandemId(tandem_id))
    return jsonable(found, request_language(request))  # type: ignore[no-any-return]


@router.get(
    "/tandems/{tandem_id}/certificate.pdf",
    summary="The certificate of a completed tandem as PDF (CORE-12).",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def certificate_file(reader: CurrentReader, tandem_id: UUID) -> Response:
    found = reader.certificate(TandemId(tandem_id))
    pdf = certificate_pdf(found, language=reader.language)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{tandem_id}.pdf"'},
    )
