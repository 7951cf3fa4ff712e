"""Whether a mentee and a mentor may form a tandem: the core checks plus the votes.

Used for requests, assignments and re-matches, and by the matcher's review.
"""

from __future__ import annotations

from attrs import evolve

from mentorcore.commands import CreateCommand
from mentorcore.domain import Participant, PersonId, Programme, Role
from mentorcore.i18n import _
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


def with_track(
    d: Index, programme: Programme, mentee_id: PersonId, command: CreateCommand
) -> CreateCommand:
    """*command* with the track taken from the enrolments where it names none
    and there is only one to take (CORE-TRACK): the programme has tracks and
    the mentee and the mentor are both enrolled for the same one. Otherwise
    *command* as it is (the track is then checked, and a missing one refused:
    one side without a track leaves the choice to the coordination)."""
    if command.track is not None or not programme.tracks:
        return command
    sides = (
        participant(d, mentee_id, programme, Role.MENTEE),
        participant(d, command.mentor, programme, Role.MENTOR),
    )
    tracks = {p.enrolment.track if p is not None else None for p in sides}
    track = tracks.pop() if len(tracks) == 1 else None
    return evolve(command, track=track) if track in programme.tracks else command


def pairing_decisions(
    d: Index, hooks: Hooks, programme: Programme, mentee_id: PersonId, command: CreateCommand
) -> list[Decision]:
    """Every decision on forming the tandem *command* asks for."""
    mentee = participant(d, mentee_id, programme, Role.MENTEE)
    mentor = participant(d, command.mentor, programme, Role.MENTOR)
    decisions: list[Decision] = []
    if mentee is None:
        decisions.append(
            Decision.deny(
                "CORE-1",
                _(
                    "{person} is not enrolled as a mentee of {programme}",
                    person=d.name_of(mentee_id),
                    programme=programme.name,
                ),
            )
        )
    if mentor is None:
        decisions.append(
            Decision.deny(
                "CORE-1",
                _(
                    "{person} is not enrolled as a mentor of {programme}",
                    person=d.name_of(command.mentor),
                    programme=programme.name,
                ),
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
            return [
                Decision.deny(
                    "CORE-TRACK",
                    _(
                        "{programme} has no tracks; got {track}",
                        programme=programme.name,
                        track=repr(track),
                    ),
                )
            ]
        return []
    if track not in programme.tracks:
        return [
            Decision.deny(
                "CORE-TRACK",
                _(
                    "choose a track of {programme}: {tracks}",
                    programme=programme.name,
                    tracks=", ".join(programme.tracks),
                ),
            )
        ]
    wrong = [p for p in (mentee, mentor) if p.enrolment.track not in (None, track)]
    return [
        Decision.deny(
            "CORE-TRACK",
            _(
                "{person} is enrolled for the {enrolled} track, not {track}",
                person=p.person.name,
                enrolled=p.enrolment.track or "",
                track=track or "",
            ),
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
                _(
                    "{person} has no free place ({taken} of {capacity} taken)",
                    person=mentor.person.name,
                    taken=taken,
                    capacity=mentor.enrolment.capacity,
                ),
            )
        )
    limit = programme.int_setting("mentee_live_tandems")
    running = len(d.live_tandems(mentee.id, programme.key, Role.MENTEE))
    if running >= limit:
        decisions.append(
            Decision.deny(
                "CORE-SINGLE",
                _.plural(
                    "{person} already has {n} unfinished tandem in {programme} (at most {limit})",
                    "{person} already has {n} unfinished tandems in {programme} (at most {limit})",
                    running,
                    person=mentee.person.name,
                    programme=programme.name,
                    limit=limit,
                ),
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
                _(
                    "{tandem} is not a tandem of {person} in {programme}",
                    tandem=str(command.predecessor),
                    person=mentee.person.name,
                    programme=programme.name,
                ),
            )
        ]
    if before.is_live:
        return frozenset(), [
            Decision.deny(
                "CORE-REMATCH",
                _("the tandem to re-match is still running: request a re-match or end it first"),
            )
        ]
    return d.previous_mentors(mentee.id, programme.key), []
