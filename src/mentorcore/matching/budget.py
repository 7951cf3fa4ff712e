"""The size of a matching run, judged before anything of its size is built.

A run holds arrays with one entry per pair (mentees x mentors): the allowed
mask, the scores, the programme's own masks and criteria. The exact solver
adds the score matrix expanded by capacity, one float per mentee and free
place, and its time grows as mentees x places x min(mentees, places). So
the size decides, before the programme's hooks are even asked:

- memory over the limit refuses the run with :class:`InvalidInput` naming
  the size, the memory it would need and the greedy alternative;
- an exact solve estimated over the time budget is replaced by the greedy
  one, with a note in the proposal (SciPy's solver cannot be interrupted,
  so the budget is kept by estimating, not by a timeout).

The constants are measured with ``benchmarks/match_bench.py`` (see
``docs/matching.md``, *Costs*).
"""

from __future__ import annotations

from attrs import frozen

from mentorcore.domain import Programme, Setting
from mentorcore.errors import InvalidInput, UnknownSetting
from mentorcore.i18n import Message, _
from mentorcore.matching.proposal import Decimals, Objective
from mentorcore.policy.settings import accepted, bounds

#: Bytes per pair held by every run: the allowed mask (1), the scores (8), and
#: room for the programme's own masks and criteria (the benchmark's two masks
#: and two dense criteria came to 28 bytes a pair in all; rounded up).
BYTES_PER_PAIR = 32
#: Bytes per pair the greedy solver adds: two boolean work arrays (2) and its
#: largest band of sorted pairs (at most a sixteenth of them, 32 bytes each).
GREEDY_BYTES_PER_PAIR = 4
#: Bytes of every run whatever its size: the greedy solver's sample and first
#: band (about 4 MiB), and per person the profiles, candidates and explanations.
FIXED_BYTES = 4 << 20
PERSON_BYTES = 4096
#: Bytes per mentee and free place the exact solver needs: the expanded cost
#: matrix (8), and SciPy's transposed copy (8 more) when mentees outnumber places.
EXPANDED_BYTES = 8
#: Seconds per step of the exact solver, a step being one of mentees x places
#: x min(mentees, places): 5,000 x 6,004 took 13.7 s in the benchmark (9e-11),
#: 20,000 x ~20,000 17 minutes (1.3e-10); the larger is used.
SECONDS_PER_STEP = 1.3e-10

_MIB = 1 << 20
_MEMORY = "matching_memory_limit_mib"
_TIME = "matching_time_budget_seconds"


@frozen
class Size:
    """What a run is about to build.

    :ivar mentees: Rows: the mentees of the run.
    :ivar mentors: Columns: the candidate mentors.
    :ivar places: Free places in all, each mentor's counted at most once per mentee.
    """

    mentees: int
    mentors: int
    places: int

    @property
    def pairs(self) -> int:
        """Mentees x mentors."""
        return self.mentees * self.mentors

    def memory(self, objective: Objective) -> int:
        """The bytes a run with *objective* is estimated to need at its peak."""
        every = FIXED_BYTES + PERSON_BYTES * (self.mentees + self.mentors)
        if objective is Objective.GREEDY:
            return every + self.pairs * (BYTES_PER_PAIR + GREEDY_BYTES_PER_PAIR)
        copies = 2 if self.mentees > self.places else 1
        expanded = self.mentees * self.places * EXPANDED_BYTES * copies
        return every + self.pairs * BYTES_PER_PAIR + expanded

    def seconds(self) -> float:
        """The exact solver's estimated time."""
        n, p = self.mentees, self.places
        return SECONDS_PER_STEP * n * p * min(n, p)

    def describe(self) -> Message:
        """``"5000 mentees x 3000 mentors (6004 places)"``."""
        return _(
            "{mentees} mentees x {mentors} mentors ({places} places)",
            mentees=self.mentees,
            mentors=self.mentors,
            places=self.places,
        )


@frozen
class Limits:
    """The memory a run may plan to use and the time the exact solver may take."""

    memory_bytes: int
    seconds: float


def limits(programme: Programme, memory_mib: int | None, seconds: float | None) -> Limits:
    """The limits in force: the caller's, else the programme's settings.

    :raises InvalidInput: a limit given is not a number within the setting's range.
    """
    mib = _within(programme, _MEMORY, "memory_limit_mib", memory_mib, whole=True)
    return Limits(int(mib) * _MIB, float(_within(programme, _TIME, "time_budget_seconds", seconds)))


def plan(size: Size, objective: Objective, limit: Limits) -> tuple[Objective, tuple[Message, ...]]:
    """The objective to run and the notes for the proposal.

    :raises InvalidInput: the run would need more memory than *limit* allows.
    """
    notes: tuple[Message, ...] = ()
    if objective is Objective.OPTIMAL and size.seconds() > limit.seconds:
        objective = Objective.GREEDY
        budget = f"{limit.seconds:g}"  # as the setting is written
        notes = (
            _(
                "matched greedily: the exact solver would take about {seconds} s "
                "for {size}, over the time budget of {budget} s "
                "(setting {setting} or time_budget_seconds=)",
                seconds=round(size.seconds()),
                size=size.describe(),
                budget=budget,
                setting=_TIME,
            ),
        )
    need = size.memory(objective)
    if need <= limit.memory_bytes:
        return objective, notes
    other = Objective.GREEDY if objective is Objective.OPTIMAL else Objective.OPTIMAL
    alternative = size.memory(other)
    fits = _("within the limit") if alternative <= limit.memory_bytes else _("also over the limit")
    shown = {
        "size": size.describe(),
        "need": _size(need),
        "objective": objective.value,
        "limit": _size(limit.memory_bytes),
        "setting": _MEMORY,
        "other": other.value,
        "alternative": _size(alternative),
        "fits": fits,
    }
    problem = (
        _(
            "{size} would need about {need} of memory for {objective} matching (the exact "
            "solver being over the time budget), over the limit of {limit} (setting {setting} "
            'or memory_limit_mib=); objective="{other}" needs about {alternative} ({fits}); '
            "or match fewer people at once (a track, mentees=, mentors=)",
            **shown,
        )
        if notes
        else _(
            "{size} would need about {need} of memory for {objective} matching, over the "
            'limit of {limit} (setting {setting} or memory_limit_mib=); objective="{other}" '
            "needs about {alternative} ({fits}); or match fewer people at once "
            "(a track, mentees=, mentors=)",
            **shown,
        )
    )
    raise InvalidInput(
        [("cohort", problem)], context=_("matching refused before building anything")
    )


def out_of_memory(size: Size, objective: Objective) -> InvalidInput:
    """The error for a run that ran out of memory although its estimate fitted."""
    shown = {
        "size": size.describe(),
        "objective": objective.value,
        "estimate": _size(size.memory(objective)),
        "setting": _MEMORY,
    }
    problem = (
        _(
            "the machine ran out of memory matching {size} ({objective}; estimated "
            '{estimate}); try objective="greedy", or lower setting {setting} to what the '
            "machine can spare, or match fewer people at once (a track, mentees=, mentors=)",
            **shown,
        )
        if objective is Objective.OPTIMAL
        else _(
            "the machine ran out of memory matching {size} ({objective}; estimated "
            "{estimate}); lower setting {setting} to what the machine can spare, or match "
            "fewer people at once (a track, mentees=, mentors=)",
            **shown,
        )
    )
    return InvalidInput([("cohort", problem)], context=_("matching failed"))


def _within(
    programme: Programme, name: str, param: str, given: float | None, *, whole: bool = False
) -> float:
    setting = _setting(programme, name)
    value = setting.effective if given is None else given
    where = param if given is not None else f"settings.{programme.key}.{name}"
    lo, hi = bounds(setting)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not lo <= value <= hi  # NaN fails it too
        or (whole and isinstance(value, float) and not value.is_integer())
    ):
        shown = {"accepted": accepted(lo, hi), "value": repr(value)}
        problem = (
            _("expected a whole number from {accepted}, got {value}", **shown)
            if whole
            else _("expected a number from {accepted}, got {value}", **shown)
        )
        raise InvalidInput([(where, problem)])
    return float(value)


def _setting(programme: Programme, name: str) -> Setting:
    found = next((s for s in programme.settings if s.name == name), None)
    if found is None:
        raise UnknownSetting(programme.key, name)
    return found


def _size(count: int) -> Message:
    if count >= 1 << 30:
        return _("{amount} GiB", amount=Decimals(count / (1 << 30), 1))
    return _("{amount} MiB", amount=Decimals(count / _MIB, 1))
