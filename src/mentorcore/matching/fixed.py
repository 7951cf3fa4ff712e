"""Pairs a coordinator fixes before the run: checked like any pair, then kept.

A fixed pair must be allowed by every mask and every per-pair vote, and a
mentor cannot be fixed to more mentees than he has places. Otherwise the
run is refused, naming the rules, before anything is solved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
from attrs import frozen

from mentorcore.domain import Role
from mentorcore.domain.labels import label
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.i18n import _
from mentorcore.lifecycle.verbs import verb_label
from mentorcore.matching import rules
from mentorcore.matching.gather import Gathered
from mentorcore.policy.decisions import Decision
from mentorcore.policy.matching import PairMask

VERB = "match"


@frozen
class Pinned:
    """Row and column indices of the fixed pairs."""

    rows: tuple[int, ...] = ()
    cols: tuple[int, ...] = ()


def place_fixed(
    got: Gathered,
    masks: Sequence[PairMask],
    vetoes: Mapping[tuple[int, int], tuple[Decision, ...]],
    allowed: npt.NDArray[np.bool_],
    places: npt.NDArray[np.int64],
    fixed: Iterable[tuple[str, str]],
) -> Pinned:
    """Check *fixed* against the rules and places and return their indices.

    :raises InvalidInput: a malformed pair, or a mentee fixed twice.
    :raises NotFound: a person who is not in the programme's cohort.
    :raises TransitionDenied: a rule forbids a fixed pair, the mentee is not
        eligible, or the mentor has too few places.
    """
    cohort = got.cohort
    rows: list[int] = []
    cols: list[int] = []
    given = cast(object, fixed)  # host input: check, not trust, its type
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        problem = _("expected a list of (mentee, mentor) pairs, got {value}", value=repr(fixed))
        raise InvalidInput([("fixed", problem)])
    for k, pair in enumerate(fixed):
        where = f"fixed[{k}]"
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(x, str) for x in pair)
        ):
            problem = _("expected a (mentee, mentor) pair of ids, got {value}", value=repr(pair))
            raise InvalidInput([(where, problem)])
        mentee, mentor = pair
        _left_out(got, mentee, Role.MENTEE)
        _left_out(got, mentor, Role.MENTOR)
        i, j = cohort.mentee_index(mentee), cohort.mentor_index(mentor)
        names = {"mentee": cohort.mentees[i].person.name, "mentor": cohort.mentors[j].person.name}
        if i in rows:
            problem = _("{mentee} is already fixed to another mentor", mentee=names["mentee"])
            raise InvalidInput([(where, problem)])
        if not allowed[i, j]:
            denied = [
                Decision.deny(
                    m.rule_id, _("{mentee} – {mentor}: {reason}", **names, reason=m.reason)
                )
                for m in masks
                if rules.forbidden_row(m, i, cohort.shape[1])[j]
            ]
            raise TransitionDenied(
                VERB, [*denied, *vetoes.get((i, j), ())], action=verb_label(VERB)
            )
        rows.append(i)
        cols.append(j)
    counts = np.bincount(np.array(cols, dtype=np.intp), minlength=len(places))
    over = np.flatnonzero(counts > places)
    if len(over):
        raise TransitionDenied(
            VERB,
            [
                Decision.deny(
                    "CORE-CAPACITY",
                    _(
                        "{mentor} is fixed to more mentees ({fixed}) than free places ({places})",
                        mentor=cohort.mentors[j].person.name,
                        fixed=int(counts[j]),
                        places=int(places[j]),
                    ),
                )
                for j in over.tolist()
            ],
            action=verb_label(VERB),
        )
    return Pinned(tuple(rows), tuple(cols))


def _left_out(got: Gathered, person: str, role: Role) -> None:
    """Refuse with the deciding votes if *person* was left out of the cohort."""
    for u in got.ineligible:
        if role is Role.MENTEE and u.mentee == person:
            raise TransitionDenied(VERB, u.decisions, action=verb_label(VERB))
    for s in got.skipped:
        if s.role is role and s.person == person:
            raise TransitionDenied(VERB, s.decisions, action=verb_label(VERB))
    side = got.cohort.mentees if role is Role.MENTEE else got.cohort.mentors
    if all(p.id != person for p in side):
        track = f" ({got.cohort.track} track)" if got.cohort.track else ""
        raise NotFound(
            f"{role.value} of {got.cohort.programme_key}{track}",
            person,
            _("{person} is not in this matching run as {role}", person=person, role=label(role)),
        )
