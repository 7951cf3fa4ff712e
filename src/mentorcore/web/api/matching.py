"""Cohort matching: a proposal with its explanations, then the coordinator's confirmation.

The proposal is computed afresh on each request and stored nowhere; the
confirmation names the pairs the coordinator chose (those shown, or fewer),
and the engine decides each assignment again on the state of that moment.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from mentorcore.domain import Tandem
from mentorcore.matching import Objective, Proposal, ProposedPair
from mentorcore.web.api.bodies import Body
from mentorcore.web.api.encoding import JSON, jsonable
from mentorcore.web.api.routing import ApiRoute
from mentorcore.web.api.schemas import ERRORS, answers
from mentorcore.web.auth import CurrentActor, engine_of, request_language

router = APIRouter(route_class=ApiRoute, tags=["matching"], responses=ERRORS)


class ProposalBody(Body):
    """What to match: every waiting mentee of the programme (and track) by default."""

    track: str | None = None
    objective: Objective | None = None
    wishes: dict[str, list[str]] | None = None
    fixed: list[tuple[str, str]] = Field(default_factory=list)
    mentees: list[str] | None = None
    mentors: list[str] | None = None


class PairBody(Body):
    """One pair to create: a mentee and the mentor proposed for her."""

    mentee: str
    mentor: str
    predecessor: str | None = None


class ConfirmationBody(Body):
    """The pairs to create (all at once or none)."""

    track: str | None = None
    pairs: list[PairBody] = Field(min_length=1, max_length=10_000)


@router.post(
    "/programmes/{programme_key}/matching/proposal",
    summary="Propose mentors for the waiting mentees, with a reason for every pair and gap.",
)
def propose(request: Request, actor: CurrentActor, programme_key: str, body: ProposalBody) -> JSON:
    from mentorcore.matching import propose as run  # loads NumPy and SciPy

    proposal = run(
        engine_of(request),
        programme_key,
        actor=actor,
        track=body.track,
        objective=body.objective,
        wishes=body.wishes,
        fixed=[(mentee, mentor) for mentee, mentor in body.fixed],
        mentees=body.mentees,
        mentors=body.mentors,
    )
    language = request_language(request)
    answer: dict[str, Any] = jsonable(proposal, language)
    answer["total_score"] = proposal.total_score
    answer["description"] = proposal.describe(language)
    return answer


@router.post(
    "/programmes/{programme_key}/matching/confirmation",
    response_model=None,
    responses=answers(Tandem, 201, many=True),
    status_code=201,
    summary="Create the tandems of the chosen pairs (all or nothing).",
)
def confirm(
    request: Request, actor: CurrentActor, programme_key: str, body: ConfirmationBody
) -> list[JSON]:
    from mentorcore.matching import confirm as run

    engine = engine_of(request)
    chosen = Proposal(
        programme_key=engine.programme(programme_key).key,
        track=body.track,
        objective=Objective.OPTIMAL,
        pairs=tuple(
            ProposedPair(p.mentee, p.mentor, 0.0, predecessor=p.predecessor)  # type: ignore[arg-type]
            for p in body.pairs
        ),
    )
    made = run(engine, chosen, actor=actor)
    language = request_language(request)
    reader = engine.reader(actor, language=language)
    return [jsonable(reader.tandem(t.id), language) for t in made]
