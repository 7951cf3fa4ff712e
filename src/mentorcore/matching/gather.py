"""Who takes part in a matching run: eligible mentees, mentors with free places, wishes.

Read from the engine's read model. The same core rules a single assignment
checks decide who is in: the track (CORE-TRACK), the mentee's live tandems
(CORE-SINGLE), each person's eligibility votes, a mentor's free places
(CORE-CAPACITY) and, for a mentee whose last tandem ended with a re-match
request, her previous mentors (CORE-REMATCH). A mentee whose last tandem was
completed is not waiting for a mentor: a new matching is made on her wish
(„Auf Wunsch kann durch ein neues Matching ein:e ander:e Mentor:in vermittelt
werden“, seed 000), so she takes part only when the run names her, and then
with another mentor (CORE-REMATCH).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.domain import (
    Enrolment,
    Participant,
    PersonId,
    Programme,
    Role,
    TandemId,
    TandemStatus,
    TandemSummary,
)
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput, NotFound
from mentorcore.i18n import Message, _
from mentorcore.matching.proposal import Joined, Skipped, Unmatched, UnmatchedKind
from mentorcore.policy.cohort import Cohort
from mentorcore.policy.decisions import Decision, refusals
from mentorcore.state.index import Index

if TYPE_CHECKING:
    from mentorcore.engine import Engine

#: The mentee profile field read for wishes when the caller gives none for her:
#: mentor ids, best first (a list of choices, or text separated by commas).
WISH_FIELD = "mentor_wishes"


@frozen
class Gathered:
    """A cohort and the people of the programme who are not in it, with why.

    :ivar load: Per mentor of the cohort, his live tandems before the run.
    :ivar free: Per mentor, his free places before the run (capacity minus
        live tandems; unlike ``cohort.places`` not capped by the run's size).
    """

    cohort: Cohort
    predecessors: tuple[TandemId | None, ...]
    ineligible: tuple[Unmatched, ...]
    skipped: tuple[Skipped, ...]
    load: tuple[int, ...] = ()
    free: tuple[int, ...] = ()


def gather(
    engine: Engine,
    programme: Programme,
    track: str | None,
    *,
    mentees: Sequence[str] | None = None,
    mentors: Sequence[str] | None = None,
    wishes: Mapping[str, Sequence[str]] | None = None,
    wish_weight: float = 1.0,
) -> Gathered:
    """The cohort of *programme* (and *track*), optionally limited to the ids given.

    A mentor's places are his capacity minus his live tandems, and at most
    the number of mentees in the cohort.

    :raises InvalidInput: the track, an id list or the wishes are malformed.
    :raises NotFound: an id given is not enrolled in the programme in that role.
    """
    _check_track(programme, track)
    d = engine.state.index
    hooks = engine.hooks
    limit = programme.setting("mentee_live_tandems")
    if not isinstance(limit, int):
        problem = _("expected a whole number, got {value}", value=repr(limit))
        raise InvalidInput([(f"settings.{programme.key}.mentee_live_tandems", problem)])
    wished = _caller_wishes(d, programme, wishes)
    kept: list[Participant] = []
    predecessors: list[TandemId | None] = []
    previous: list[frozenset[PersonId]] = []
    ineligible: list[Unmatched] = []
    skipped: list[Skipped] = []
    for e in _select(d, programme, track, Role.MENTEE, mentees):
        person = d.persons[e.person_id]
        running = len(d.live_tandems(e.person_id, programme.key, Role.MENTEE))
        if running >= limit:
            why = _.plural(
                "{name} already has {n} unfinished tandem (at most {limit})",
                "{name} already has {n} unfinished tandems (at most {limit})",
                running,
                name=person.name,
                limit=limit,
            )
            skipped.append(Skipped(e.person_id, Role.MENTEE, (Decision.deny("CORE-SINGLE", why),)))
            continue
        denied = refusals(hooks.check_enrolment(programme, person, e))
        if denied:
            reason = _refusals(denied)
            ineligible.append(Unmatched(e.person_id, UnmatchedKind.INELIGIBLE, reason, (), denied))
            continue
        last = _last(d, programme, e.person_id)
        completed = last is not None and last.status is TandemStatus.COMPLETED
        if last is not None and completed and not last.rematch_requested and mentees is None:
            skipped.append(Skipped(e.person_id, Role.MENTEE, (_completed(d, last),)))
            continue
        kept.append(Participant(person, e))
        before = last.id if last and not last.is_live and last.rematch_requested else None
        predecessors.append(before)
        previous.append(
            frozenset(PersonId(m) for m in d.previous_mentors(e.person_id, programme.key))
            if before or completed
            else frozenset()
        )
    candidates: list[Participant] = []
    places: list[int] = []
    load: list[int] = []
    free: list[int] = []
    for e in _select(d, programme, track, Role.MENTOR, mentors):
        person = d.persons[e.person_id]
        denied = refusals(hooks.check_enrolment(programme, person, e))
        if denied:
            skipped.append(Skipped(e.person_id, Role.MENTOR, denied))
            continue
        candidates.append(Participant(person, e))
        taken = len(d.live_tandems(e.person_id, programme.key, Role.MENTOR))
        load.append(taken)
        free.append(max(e.capacity - taken, 0))
        # A mentor can never take more than every mentee of the run: a capacity
        # of 10**6 must not become a million columns of the exact solver.
        places.append(min(free[-1], len(kept)))
    cohort = Cohort(
        programme_key=programme.key,
        track=track,
        mentees=tuple(kept),
        mentors=tuple(candidates),
        places=tuple(places),
        previous_mentors=tuple(previous),
        wishes=tuple(wished.get(p.id, _profile_wishes(p)) for p in kept),
        relations=d.relations_of(),
        wish_weight=wish_weight,
    )
    return Gathered(
        cohort, tuple(predecessors), tuple(ineligible), tuple(skipped), tuple(load), tuple(free)
    )


def _refusals(denied: tuple[Decision, ...]) -> Message:
    """``"[RULE] reason; [RULE] reason"``, each reason in the message's language."""
    each = tuple(_("[{rule}] {reason}", rule=d.rule_id, reason=d.message) for d in denied)
    return Message("{refusals}", {"refusals": Joined(each, "; ")})


def _check_track(programme: Programme, track: str | None) -> None:
    if programme.tracks and track not in programme.tracks:
        problem = _(
            "choose a track of {programme}: {tracks}",
            programme=programme.name,
            tracks=", ".join(programme.tracks),
        )
        raise InvalidInput([("track", problem)])
    if not programme.tracks and track is not None:
        problem = _(
            "{programme} has no tracks; got {track}", programme=programme.name, track=repr(track)
        )
        raise InvalidInput([("track", problem)])


def _select(
    d: Index, programme: Programme, track: str | None, role: Role, ids: Sequence[str] | None
) -> list[Enrolment]:
    if ids is None:
        return [e for e in d.enrolled(programme.key, role) if e.track in (None, track)]
    where = f"{role.value}s"
    if isinstance(ids, str) or not isinstance(ids, Sequence):
        problem = _("expected a list of person ids, got {value}", value=repr(ids))
        raise InvalidInput([(where, problem)])
    chosen: dict[PersonId, Enrolment] = {}
    for k, pid in enumerate(ids):
        if not isinstance(pid, str):
            raise InvalidInput(
                [(f"{where}[{k}]", _("expected a person id, got {value}", value=repr(pid)))]
            )
        e = d.enrolment(PersonId(pid), programme.key, role)
        if e is None:
            raise NotFound(
                f"{role.value} enrolled in {programme.key}",
                pid,
                _(
                    "{person} is not enrolled as {role} in {programme}",
                    person=pid,
                    role=label(role),
                    programme=programme.name,
                ),
            )
        if e.track not in (None, track):
            problem = _(
                "{name} is enrolled for the {track} track, not {chosen}",
                name=d.name_of(e.person_id),
                track=e.track,
                chosen=track,
            )
            raise InvalidInput([(f"{where}[{k}]", problem)])
        chosen[e.person_id] = e
    return [chosen[pid] for pid in sorted(chosen)]


def _caller_wishes(
    d: Index, programme: Programme, wishes: Mapping[str, Sequence[str]] | None
) -> dict[PersonId, tuple[PersonId, ...]]:
    if wishes is None:
        return {}
    if not isinstance(wishes, Mapping):
        raise InvalidInput(
            [
                (
                    "wishes",
                    _(
                        "expected a mapping of mentee id to mentor ids, got {value}",
                        value=repr(wishes),
                    ),
                )
            ]
        )
    out: dict[PersonId, tuple[PersonId, ...]] = {}
    problems: list[tuple[str, Message]] = []
    for mentee, wished in wishes.items():
        where = f"wishes[{mentee!r}]"
        if (
            not isinstance(mentee, str)
            or d.enrolment(PersonId(mentee), programme.key, Role.MENTEE) is None
        ):
            problems.append((where, _("not a mentee of {programme}", programme=programme.name)))
            continue
        if isinstance(wished, str) or not isinstance(wished, Sequence):
            problems.append(
                (
                    where,
                    _("expected a list of mentor ids, best first, got {value}", value=repr(wished)),
                )
            )
            continue
        for k, mentor in enumerate(wished):
            if (
                not isinstance(mentor, str)
                or d.enrolment(PersonId(mentor), programme.key, Role.MENTOR) is None
            ):
                problems.append(
                    (
                        f"{where}[{k}]",
                        _(
                            "{id} is not a mentor of {programme}",
                            id=repr(mentor),
                            programme=programme.name,
                        ),
                    )
                )
        if len(set(wished)) != len(wished):
            problems.append((where, _("names a mentor twice")))
        out[PersonId(mentee)] = tuple(PersonId(m) for m in wished)
    if problems:
        raise InvalidInput(problems, context=_("matching wishes"))
    return out


def _profile_wishes(p: Participant) -> tuple[PersonId, ...]:
    value = p.profile.get(WISH_FIELD)
    if value is None:
        return ()
    items = value if isinstance(value, tuple) else str(value).split(",")
    # Lenient on purpose: a profile is old data, a wish for a mentor who has
    # since left simply scores nothing.
    return tuple(PersonId(m) for m in dict.fromkeys(s.strip() for s in items) if m)


def _last(d: Index, programme: Programme, mentee: PersonId) -> TandemSummary | None:
    """*mentee*'s latest tandem in *programme*, if any."""
    mine = [
        t for t in d.tandems_for(mentee) if t.programme_key == programme.key and t.mentee == mentee
    ]
    return mine[-1] if mine else None


def _completed(d: Index, tandem: TandemSummary) -> Decision:
    """Why a mentee whose tandem was completed is not in the run (CORE-REMATCH)."""
    return Decision.deny(
        "CORE-REMATCH",
        _(
            "{mentee} has completed the mentoring with {mentor}; a new matching with "
            "another mentor is made on request: name {mentee} among the mentees of the run",
            mentee=d.name_of(tandem.mentee),
            mentor=d.name_of(tandem.mentor),
        ),
    )
