"""Whether a mentee and a mentor may form a tandem: the core checks plus the votes.

Used for requests, assignments and re-matches, and by the matcher's review.
"""

from __future__ import annotations

from mentorcore.commands import CreateCommand
from mentorcore.domain import Participant, PersonId, Programme, Role
from mentorcore.policy.decisions import Decision
from mentorcore.policy.hooks import Hooks
from mentorcore.state.index import Index


def participant(
    d: Index, person_id: PersonId, programme: Programme, role: Role
) -> Participant | None:
    """*person_id* with their enrolment as *role*, or ``None``."""
    person = d.persons.get(person_id)
    enrolment = d.enrolment(person_id, programme.key, role)
    return Participant(person, enrolment) if person and enrolment else None


def pairing_decisions(
    d: Index, hooks: Hooks, programme: Programme, mentee_id: PersonId, command: CreateCommand
) -> list[Decision]:
    """Every decision on forming the tandem *command* asks for."""
    mentee = participant(d, mentee_id, programme, Role.MENTEE)
    mentor = participant(d, command.mentor, programme, Role.MENTOR)
    decisions: list[Decision] = []
    if mentee is None:
        decisions.append(
            Decision.deny("CORE-1", f"{mentee_id} is not enrolled as a mentee of {programme.name}")
        )
    if mentor is None:
        decisions.append(
            Decision.deny(
                "CORE-1", f"{command.mentor} is not enrolled as a mentor of {programme.name}"
            )
        )
    if mentee is None or mentor is None:
        return decisions
    decisions += _track(programme, command.track, mentee, mentor)
    decisions += hooks.check_enrolment(programme, mentee.person, mentee.enrolment)
    decisions += hooks.check_enrolment(programme, mentor.person, mentor.enrolment)
    decisions += _capacity(d, programme, mentee, mentor)
    previous, rematch = _predecessor(d, programme, mentee, command)
    decisions += rematch
    decisions += hooks.check_pairing(
        programme,
        mentee,
        mentor,
        d.relations_between(mentee.id, mentor.id),
        command.track,
        previous,
    )
    return decisions


def _track(
    programme: Programme, track: str | None, mentee: Participant, mentor: Participant
) -> list[Decision]:
    if not programme.tracks:
        if track is not None:
            return [Decision.deny("CORE-TRACK", f"{programme.name} has no tracks; got {track!r}")]
        return []
    if track not in programme.tracks:
        return [
            Decision.deny(
                "CORE-TRACK", f"choose a track of {programme.name}: {', '.join(programme.tracks)}"
            )
        ]
    wrong = [p for p in (mentee, mentor) if p.enrolment.track not in (None, track)]
    return [
        Decision.deny(
            "CORE-TRACK",
            f"{p.person.name} is enrolled for the {p.enrolment.track} track, not {track}",
        )
        for p in wrong
    ]


def _capacity(
    d: Index, programme: Programme, mentee: Participant, mentor: Participant
) -> list[Decision]:
    decisions = []
    taken = len(d.live_tandems(mentor.id, programme.key, Role.MENTOR))
    if taken >= mentor.enrolment.capacity:
        decisions.append(
            Decision.deny(
                "CORE-CAPACITY",
                f"{mentor.person.name} has no free place "
                f"({taken} of {mentor.enrolment.capacity} taken)",
            )
        )
    limit = programme.int_setting("mentee_live_tandems")
    running = len(d.live_tandems(mentee.id, programme.key, Role.MENTEE))
    if running >= limit:
        decisions.append(
            Decision.deny(
                "CORE-SINGLE",
                f"{mentee.person.name} already has {running} unfinished tandem(s) in "
                f"{programme.name} (at most {limit})",
            )
        )
    return decisions


def _predecessor(
    d: Index, programme: Programme, mentee: Participant, command: CreateCommand
) -> tuple[frozenset[str], list[Decision]]:
    if command.predecessor is None:
        return frozenset(), []
    before = d.tandem(command.predecessor)
    if before is None or before.mentee != mentee.id or before.programme_key != programme.key:
        return frozenset(), [
            Decision.deny(
                "CORE-REMATCH",
                f"{command.predecessor} is not a tandem of {mentee.person.name} "
                f"in {programme.name}",
            )
        ]
    if before.is_live:
        return frozenset(), [
            Decision.deny(
                "CORE-REMATCH",
                "the tandem to re-match is still running: request a re-match or end it first",
            )
        ]
    return d.previous_mentors(mentee.id, programme.key), []
