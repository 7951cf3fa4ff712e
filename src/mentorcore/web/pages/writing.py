"""The longer forms of a tandem: the agreement (a draft or an amendment) and a
meeting's record on the programme's own form; and the certificate's download."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import AgreementState, MeetingId, ProfileField, Role
from mentorcore.domain.labels import label
from mentorcore.errors import NotFound
from mentorcore.policy.records import PREPARATION, documentation_purpose
from mentorcore.web.pages import forms, terms
from mentorcore.web.pages.site import Site, guarded, moment

#: The record forms of a meeting, by the last part of their address, and their verbs.
VERBS = {"document": "document_meeting", "prepare": "prepare_meeting"}


def router(site: Site) -> APIRouter:
    """The agreement form, the record form and the certificate."""
    routes = APIRouter()

    @routes.get("/tandems/{tandem_id}/agreement/{purpose}", name="mentorcore_agreement_form")
    @guarded(site)
    async def agreement_form(request: Request, tandem_id: str, purpose: str) -> Response:
        page = site.page(request)
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        view = reader.view(tid)
        programme = site.engine.programme(view.programme_key)
        if purpose == "amend":
            if view.agreement is None:
                raise NotFound("agreement", tandem_id)
            start = view.agreement.terms
            verb = "propose_amendment"
        elif purpose == "draft":
            drafting = (AgreementState.DRAFT, AgreementState.RETURNED)
            own = view.proposal is not None and view.proposal.state in drafting
            start = view.proposal.terms if own and view.proposal else reader.agreement_template(tid)
            verb = "draft_agreement"
        else:
            raise NotFound("form", purpose)
        names = reader.names((view.mentee, view.mentor))
        return site.render(
            page,
            "agreement_form.html",
            tid=tid,
            purpose=purpose,
            verb=verb,
            mentee=names[view.mentee],
            mentor=names[view.mentor],
            values=terms.form_values(start, programme),
            comments=view.proposal.comments if view.proposal else "",
        )

    @routes.get(
        "/tandems/{tandem_id}/meetings/{meeting_id}/{purpose}", name="mentorcore_record_form"
    )
    @guarded(site)
    async def record_form(
        request: Request, tandem_id: str, meeting_id: str, purpose: str
    ) -> Response:
        if purpose not in VERBS:
            raise NotFound("form", purpose)
        page = site.page(request)
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        mid = MeetingId(forms.uuid_of(meeting_id, "meeting_id"))
        records = reader.meeting_records(tid)
        meeting = next((m for m in records.meetings if m.id == mid), None)
        if meeting is None:
            raise NotFound("meeting", meeting_id)
        view = reader.view(tid)
        programme = site.engine.programme(view.programme_key)
        written = PREPARATION if purpose == "prepare" else documentation_purpose(meeting.kind)
        template = site.engine.record_template(programme.key, written)
        return site.render(
            page,
            "record_form.html",
            tid=tid,
            meeting_id=mid,
            kind=meeting.kind.value,
            verb=VERBS[purpose],
            meeting=(label(meeting.kind), moment(meeting.start, programme.timezone)),
            title=template.title,
            fields=[form_field(f) for f in template.fields],
        )

    @routes.get("/tandems/{tandem_id}/certificate.pdf", name="mentorcore_certificate")
    @guarded(site)
    async def certificate(request: Request, tandem_id: str) -> Response:
        from mentorcore.adapters.pdf import certificate_pdf  # the pdf extra, only here

        page = site.page(request)
        reader = site.reader(page)
        tid = forms.tandem_id(tandem_id)
        record = reader.certificate(tid)
        issued: date = site.engine.clock.now().date()
        pdf = certificate_pdf(record, issued_on=issued)
        me = page.actor.person_id if page.actor else None
        role = reader.view(tid).viewer_role
        who = me if role in (Role.MENTEE, Role.MENTOR) and me else "tandem"
        filename = f"certificate-{_safe(who)}.pdf"
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return routes


def form_field(f: ProfileField) -> dict[str, Any]:
    """A template's field as the record form shows it."""
    labels = {c.key: c.label for c in f.choice_labels if c.label}
    return {
        "name": f.name,
        "kind": f.kind.value,
        "label": f.label or f.name,
        "required": f.required,
        "help": f.help,
        "choices": [(key, labels.get(key, key)) for key in f.choices],
    }


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60] or "tandem"
