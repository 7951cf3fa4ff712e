"""Retention (CORE-RETENTION-1): whose personal data a programme no longer needs.

A programme keeps a person's data for ``retention_days`` after it last had
a reason to: the end of their last tandem in the programme (completed,
declined, dissolved, opted out, re-matched), or their enrolment there if that
came later, which covers mentees and mentors who never got a tandem.
Erasure (:mod:`mentorcore.write.erasure`) erases a person everywhere, so a
person is due only when every programme they are in lets go of them, they
have no tandem that has not ended (CORE-ERASE-2) and they coordinate no
programme (the coordination's own enrolment holds them).

Unfiltered answers from the read model, shared by the read side
(:meth:`mentorcore.read.reader.Reader.retention`, the due actions) and the
write side (acknowledging a retention action).
"""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from mentorcore.domain import PersonId, Role
from mentorcore.errors import NotFound
from mentorcore.i18n import Day, Text, _
from mentorcore.policy.decisions import DueAction
from mentorcore.policy.due import RETENTION
from mentorcore.policy.periods import local_date, shifted
from mentorcore.policy.settings import int_setting
from mentorcore.state.access import State

RULE = "CORE-RETENTION-1"


@frozen
class RetentionDue:
    """A person whose data no programme needs any more.

    :ivar person_id: Who.
    :ivar name: Their name (for the coordination of the programme asked about).
    :ivar programme_key: The programme asked about.
    :ivar last_ended: When their last tandem in that programme ended, or
        ``None`` if they never had one there (then *enrolled_at* counts).
    :ivar enrolled_at: Their latest enrolment in that programme, if known.
    :ivar due_since: When the last programme holding them let go of them:
        the latest of each programme's release plus its ``retention_days``.
    :ivar programmes: Every programme they are in or had a tandem in, each of
        which lets go of them: an erasure takes their data from all of them.
    """

    person_id: PersonId
    name: Text
    programme_key: str
    last_ended: datetime | None
    enrolled_at: datetime | None
    due_since: datetime
    programmes: tuple[str, ...]


def due(state: State, programme_key: str, now: datetime) -> list[RetentionDue]:
    """The people of *programme_key* whose retention has expired at *now*,
    by the moment it expired, then by id (unfiltered: check the viewer first).

    :raises NotFound: no such programme.
    """
    days = int_setting(state.programme(programme_key), "retention_days")
    index = state.index
    enrolled = index.enrolled(programme_key)
    tandems = index.tandems(programme_key=programme_key)
    # This programme must have let go of a person for them to be due: those
    # it still holds (a tandem not ended or ended lately, a recent enrolment)
    # are left out with what is already read, before any person is looked up.
    held = {
        p
        for t in tandems
        if t.ended_at is None or shifted(t.ended_at, days=days) > now
        for p in (t.mentee, t.mentor)
    }
    held |= {
        e.person_id
        for e in enrolled
        if e.enrolled_at is None or shifted(e.enrolled_at, days=days) > now
    }
    candidates = {e.person_id for e in enrolled} | {
        p for t in tandems for p in (t.mentee, t.mentor)
    }
    found = [
        item for p in sorted(candidates - held) if (item := _due(state, p, programme_key, now))
    ]
    return sorted(found, key=lambda i: (i.due_since, i.person_id))


def actions(state: State, programme_key: str, now: datetime) -> list[DueAction]:
    """One action for the coordination of *programme_key* per person due at *now*.

    The key names the rule, the kind, the programme, the person and the
    moment they became due: the same cause always gives the same key, and a
    person who came back and left again is a new cause.
    """
    programme = state.programme(programme_key)
    out = []
    for item in due(state, programme_key, now):
        since = Day(local_date(item.due_since, programme.timezone))
        out.append(
            DueAction(
                key=f"{RULE}/{RETENTION}/{programme_key}/{item.person_id}/"
                f"{item.due_since.isoformat()}",
                rule_id=RULE,
                kind=RETENTION,
                recipients=(),
                recipient_role=Role.COORDINATOR,
                due_at=item.due_since,
                reason=_(
                    "the retention period for the data of {person} ({id}) ended on {day}: "
                    "erase it with `mentorcore retention --apply` or `mentorcore person erase "
                    "{id}`",
                    person=item.name,
                    id=item.person_id,
                    day=since,
                ),
            )
        )
    return out


def _due(
    state: State, person_id: PersonId, programme_key: str, now: datetime
) -> RetentionDue | None:
    index = state.index
    if index.erased(person_id) or index.tandems(person_id=person_id, live=True):
        return None
    enrolments = index.enrolments_of(person_id)
    if any(e.role is Role.COORDINATOR for e in enrolments):
        return None
    tandems = index.tandems_for(person_id)
    keys = {e.programme_key for e in enrolments} | {t.programme_key for t in tandems}
    released: dict[str, tuple[datetime | None, datetime | None, datetime]] = {}
    for key in keys:
        ended = _last([t.ended_at for t in tandems if t.programme_key == key])
        enrolled = _last([e.enrolled_at for e in enrolments if e.programme_key == key])
        since = _last([ended, enrolled])
        if since is None:  # an enrolment of unknown age: keep it
            return None
        try:
            days = int_setting(state.programme(key), "retention_days")
        except NotFound:  # a programme no longer installed: its period is unknown
            return None
        until = shifted(since, days=days)
        if until > now:
            return None
        released[key] = (ended, enrolled, until)
    if programme_key not in released:
        return None
    ended, enrolled, _until = released[programme_key]
    return RetentionDue(
        person_id,
        index.name_of(person_id),
        programme_key,
        ended,
        enrolled,
        max(until for *_rest, until in released.values()),
        tuple(sorted(released)),
    )


def _last(moments: list[datetime | None]) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None
