"""Matching for the coordination: the matcher's proposal per track, each pair
explained by its criteria (value × weight and the rule behind each), who is
left unmatched and why; confirmed with one form per track.

The proposal is computed afresh on every request and is deterministic; the
confirmation carries the pairs the coordinator saw and is refused when the
proposal has changed meanwhile, so what is confirmed is what was shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mentorcore.domain import Actor
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Number
from mentorcore.web.pages import words
from mentorcore.web.pages.forms import text
from mentorcore.web.pages.site import Page, Site, guarded

if TYPE_CHECKING:
    from mentorcore.matching import Proposal


def router(site: Site) -> APIRouter:
    """``GET /programmes/{key}/matching`` and ``POST …/matching/confirm``."""
    routes = APIRouter()

    @routes.get("/programmes/{key}/matching", name="mentorcore_matching")
    @guarded(site)
    async def matching(request: Request, key: str) -> Response:
        page = site.page(request)
        actor = site.who(page)
        programme = site.engine.programme(key)
        tracks: list[str | None] = [*programme.tracks] or [None]
        proposals = [shown(site, page, propose(site, actor, key, track)) for track in tracks]
        return site.render(page, "matching.html", programme=programme, proposals=proposals)

    @routes.post("/programmes/{key}/matching/confirm", name="mentorcore_matching_confirm")
    @guarded(site)
    async def confirm(request: Request, key: str) -> Response:
        page = site.page(request)
        form = await site.form(page)
        actor = site.who(page)
        from mentorcore.matching import confirm as confirm_pairs

        track = text(form, "track") or None
        proposal = propose(site, actor, key, track)
        if fingerprint(proposal) != text(form, "pairs"):
            raise InvalidInput([("pairs", words.WORDS["proposal_changed"])])
        confirm_pairs(site.engine, proposal, actor=actor)
        return site.done(page, f"/programmes/{key}")

    return routes


def propose(site: Site, actor: Actor, key: str, track: str | None) -> Proposal:
    """The matcher's proposal for *key* and *track*, asked as *actor* (who must
    coordinate the programme: the library refuses anyone else)."""
    try:
        from mentorcore.matching import propose as run
    except ImportError:  # pragma: no cover - the matching extra is missing
        raise InvalidInput([("matching", words.WORDS["matching_needs_extra"])]) from None
    return run(site.engine, key, actor=actor, track=track)


def fingerprint(proposal: Proposal) -> str:
    """The proposed pairs as a short text the confirmation carries back."""
    return ";".join(f"{p.mentee}={p.mentor}" for p in proposal.pairs)


def shown(site: Site, page: Page, proposal: Proposal) -> dict[str, Any]:
    """A proposal, its people named as the coordinator may see them."""
    reader = site.reader(page)
    people = {p.mentee for p in proposal.pairs} | {p.mentor for p in proposal.pairs}
    people |= {u.mentee for u in proposal.unmatched} | {s.person for s in proposal.skipped}
    people |= {m for u in proposal.unmatched for e in u.exclusions for m in e.mentors}
    names = reader.names(tuple(sorted(people)))
    programme = site.engine.programme(proposal.programme_key)
    return {
        "track": proposal.track or "",
        "track_title": programme.track_title(proposal.track) if proposal.track else "",
        "score": Number(round(proposal.total_score, 3)),
        "pairs": [
            {
                "mentee": names.get(p.mentee, p.mentee),
                "mentor": names.get(p.mentor, p.mentor),
                "score": Number(round(p.score, 3)),
                "wish": p.wish_rank,
                "fixed": p.fixed,
                "parts": [
                    (
                        x.label,
                        Number(round(x.value, 2)),
                        Number(x.weight),
                        x.rule_id,
                    )
                    for x in p.parts
                ],
            }
            for p in proposal.pairs
        ],
        "unmatched": [
            {
                "mentee": names.get(u.mentee, u.mentee),
                "reason": u.message,
                "kept_out": [
                    ("+".join(e.rule_ids), [names.get(m, m) for m in e.mentors])
                    for e in u.exclusions
                ],
            }
            for u in proposal.unmatched
        ],
        "skipped": [
            (names.get(s.person, s.person), [(d.rule_id, d.message) for d in s.decisions])
            for s in proposal.skipped
        ],
        "notes": list(proposal.notes),
        "fingerprint": fingerprint(proposal),
    }
