"""Programme settings: the base settings every programme has, and host overrides."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import evolve

from mentorcore.domain import Programme, Setting, Value
from mentorcore.errors import InvalidInput

#: Settings every programme has; a programme changes a default by declaring
#: a setting of the same name.
BASE_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "goal_review_interval_days",
        180,
        "CORE-13: days after which an unreviewed goal is reported (about a semester).",
    ),
    Setting(
        "inactivity_days",
        42,
        "CORE-9: days without activity after which a feedback request is due "
        '("longer inactivity": six weeks).',
    ),
    Setting(
        "mentoring_year_start_month",
        1,
        "Cadence periods: the month (1-12) a mentoring year starts in (KERPEN-YEAR-1).",
    ),
    Setting(
        "cadence_warning_days",
        21,
        "Due actions: days before a cadence period ends from which a tandem short of "
        "meetings is warned (three weeks leave time to meet).",
    ),
    Setting(
        "agreement_deviation_tolerance",
        1,
        "CORE-8: meetings a tandem may fall behind the agreed pace (meetings planned "
        "spread over the agreed period) before an amendment becomes due.",
    ),
    Setting(
        "matching_objective",
        "optimal",
        'Matching: "optimal" (as many mentees as possible, then the best total score) '
        'or "greedy" (best pair first; the stable matching when both sides rank by score).',
    ),
    Setting(
        "matching_wish_weight",
        1.0,
        "CORE-WISH: weight of the mentee's ranked wishes among the matching criteria.",
    ),
    Setting(
        "matching_pair_votes",
        False,
        "Matching: also ask the per-pair hook mentorcore_check_pairing for every pair "
        "the cohort masks allow (about 2.5 us a pair plus the rules' own cost).",
    ),
    Setting(
        "mentee_live_tandems",
        1,
        "CORE-SINGLE: unfinished tandems a mentee may have at once in one programme.",
    ),
)


def with_settings(programme: Programme, overrides: Mapping[str, Value]) -> Programme:
    """*programme* with the base settings merged in and *overrides* applied.

    :raises InvalidInput: an override names an unknown setting or has the
        wrong type (its default's type).
    """
    declared = {s.name: s for s in programme.settings}
    merged = [s for s in BASE_SETTINGS if s.name not in declared] + list(programme.settings)
    by_name = {s.name: s for s in merged}
    problems: list[tuple[str, str]] = []
    for name, value in overrides.items():
        setting = by_name.get(name)
        where = f"settings.{programme.key}.{name}"
        if setting is None:
            problems.append((where, f"unknown setting (known: {', '.join(sorted(by_name))})"))
        elif not _same_kind(setting.default, value):
            problems.append((where, f"expected {type(setting.default).__name__}, got {value!r}"))
        else:
            by_name[name] = evolve(setting, value=value)
    if problems:
        raise InvalidInput(problems)
    return evolve(programme, settings=tuple(by_name[s.name] for s in merged))


def _same_kind(default: Value, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    if isinstance(default, tuple):
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def int_setting(programme: Programme, name: str) -> int:
    """The whole-number setting *name* of *programme*.

    :raises UnknownSetting: the programme has no such setting.
    :raises InvalidInput: its value is not a number.
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        where = f"settings.{programme.key}.{name}"
        raise InvalidInput([(where, f"expected a number, got {value!r}")])
    return int(value)
