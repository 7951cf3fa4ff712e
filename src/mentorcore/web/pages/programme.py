"""A programme's dashboard for its coordination: the health report, what is
due, open feedback and every tandem; all read as the coordinator, so what the
programme keeps from the coordination (OSTALB-CONF-1) is not on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Programme
from mentorcore.domain.labels import label
from mentorcore.policy.cadence import CadenceStatus, PeriodCadence
from mentorcore.policy.due import stalled
from mentorcore.read.reader import Reader
from mentorcore.web.pages import feedback
from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Site, guarded, moment


def router(site: Site) -> APIRouter:
    """``GET /programmes/{key}`` and ``POST /programmes/{key}/acknowledge``."""
    routes = APIRouter()

    @routes.get("/programmes/{key}", name="mentorcore_programme")
    @guarded(site)
    async def dashboard(request: Request, key: str) -> Response:
        page = site.page(request)
        reader = site.reader(page)
        programme = site.engine.programme(key)
        now = site.engine.clock.now()
        health = health_rows(reader, programme, now)  # refuses who does not coordinate it
        due = [
            {
                "key": a.key,
                "rule": a.rule_id,
                "reason": a.message,
                "due_at": moment(a.due_at, programme.timezone),
                "tandem": a.tandem_id,
                "to": label(a.recipient_role),
            }
            for a in reader.due_actions(now, programme=key)
        ]
        return site.render(
            page,
            "programme.html",
            programme=programme,
            health=health,
            on_track=sum(r["on_track"] is True for r in health),
            behind=sum(r["on_track"] is False for r in health),
            due=due,
            feedback=feedback.open_feedback(site, reader, key),
            now=moment(now, programme.timezone),
        )

    @routes.post("/programmes/{key}/acknowledge", name="mentorcore_acknowledge")
    @guarded(site)
    async def acknowledge(request: Request, key: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        site.engine.acknowledge(text(form, "key"), actor=site.who(page))
        return site.done(page, f"/programmes/{key}#due")

    return routes


def health_rows(reader: Reader, programme: Programme, now: datetime) -> list[dict[str, Any]]:
    """One row per active tandem: people, status, the latest period per cadence
    rule, on track or behind and why (a stalled tandem is behind, CORE-STALLED)."""
    reports = reader.programme_cadence(programme.key, now)
    summaries = {t.id: t for t in reader.tandems(programme=programme.key)}
    tandems = [summaries[r.tandem_id] for r in reports if r.tandem_id in summaries]
    names = reader.names(tuple(p for t in tandems for p in (t.mentee, t.mentor)))
    rows = []
    for report in reports:
        t = summaries.get(report.tandem_id)
        if t is None:
            continue
        latest: dict[str, PeriodCadence] = {}
        for period in report.periods:
            latest[period.rule_id] = period  # oldest first: the last one stays
        # a period's message names its rule itself ("[CORE-RHYTHM] …")
        why: list[tuple[str, Any]] = [
            ("", p.message) for p in report.periods if p.status is CadenceStatus.BEHIND
        ]
        on_track: bool | None = report.on_track if report.periods else None
        stall = stalled(reader.tandem(t.id), programme, now)
        if stall is not None:
            why.append(("CORE-STALLED", stall.reason))
            on_track = False
        why += [("CORE-8", d.message) for d in report.deviations]
        rows.append(
            {
                "id": t.id,
                "mentee": names[t.mentee],
                "mentor": names[t.mentor],
                "status": label(t.status),
                "on_track": on_track,
                "latest": [
                    (p.rule_id, p.period.title, p.held, None if p.pace_withheld else p.required)
                    for p in latest.values()
                ],
                "why": why,
                "withheld": list(report.withheld),
            }
        )
    return rows
