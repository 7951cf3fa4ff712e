"""Programme settings: the base settings every programme has, and host overrides."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeGuard, cast

from attrs import evolve

from mentorcore.domain import Programme, Setting, Value
from mentorcore.errors import InvalidInput
from mentorcore.i18n import Message, _

#: The range held to a number whose setting declares no bound of its own
#: (old plugins): finite and at most this far from 0 either way.
UNDECLARED_BOUND = 10**9

#: Settings every programme has; a programme changes a default by declaring
#: a setting of the same name (without a range of its own it keeps the
#: range declared here).
BASE_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "goal_review_interval_days",
        180,
        _(
            "CORE-13: days after which an unreviewed goal is reported (about a semester). "
            "Accepted: 1 to 3660 (ten years)."
        ),
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "inactivity_days",
        42,
        _(
            "CORE-9: days without activity after which a feedback request is due "
            '("longer inactivity": six weeks). Accepted: 1 to 3660 (ten years).'
        ),
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "feedback_reminder_days",
        7,
        _(
            "CORE-FEEDBACK-2: days after a feedback request or evaluation fell due after "
            "which an unanswered one is reminded, once. Accepted: 1 to 365."
        ),
        minimum=1,
        maximum=365,
    ),
    Setting(
        "feedback_open_days",
        28,
        _(
            "CORE-FEEDBACK-2: days an optional feedback request stays open; then it is no "
            "longer owed (a mandatory one is owed until answered). "
            "Accepted: 1 to 3660 (ten years)."
        ),
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "stalled_after_days",
        90,
        _(
            "CORE-STALLED: days without a held or planned meeting after which a tandem counts "
            "as stalled: behind in the health report, and due for the coordination (a quarter, "
            "the longest rhythm the programmes name). Accepted: 1 to 3660 (ten years)."
        ),
        minimum=1,
        maximum=3660,
    ),
    Setting(
        "amend_after_period",
        True,
        _(
            "CORE-8: when the agreed period is over and the mentorship continues, an amendment "
            "is due; false where the period's end ends the mentorship (KERPEN-YEAR-1: the "
            "mentoring year), so only the official end is due. Accepted: true or false."
        ),
    ),
    Setting(
        "retention_days",
        1095,
        _(
            "CORE-RETENTION-1: days a person's data is kept after their last tandem in the "
            "programme ended (or after their enrolment, if they never had one); then the "
            "coordination is asked to erase it. Three years: the general limitation period "
            "(§ 195 BGB), within which claims about the programme can still be raised. "
            "Accepted: 30 to 3650 (ten years)."
        ),
        minimum=30,
        maximum=3650,
    ),
    Setting(
        "mentoring_year_start_month",
        1,
        _(
            "Cadence periods: the month a mentoring year starts in (KERPEN-YEAR-1). "
            "Accepted: 1 to 12."
        ),
        minimum=1,
        maximum=12,
    ),
    Setting(
        "cadence_warning_days",
        21,
        _(
            "Due actions: days before a cadence period ends from which a tandem short of "
            "meetings is warned (three weeks leave time to meet). Accepted: 0 to 366."
        ),
        minimum=0,
        maximum=366,
    ),
    Setting(
        "agreement_deviation_tolerance",
        1,
        _(
            "CORE-8: meetings a tandem may fall behind the agreed pace (meetings planned "
            "spread over the agreed period) before an amendment becomes due. Accepted: 0 to 100."
        ),
        minimum=0,
        maximum=100,
    ),
    Setting(
        "matching_objective",
        "optimal",
        _(
            'Matching: "optimal" (as many mentees as possible, then the best total score) '
            'or "greedy" (best pair first; the stable matching when both sides rank by score).'
        ),
    ),
    Setting(
        "matching_wish_weight",
        1.0,
        _(
            "CORE-WISH: weight of the mentee's ranked wishes among the matching criteria. "
            "Accepted: 0 to 1000."
        ),
        minimum=0,
        maximum=1000,
    ),
    Setting(
        "matching_memory_limit_mib",
        2048,
        _(
            "Matching: the memory (MiB) a run may plan to use; a larger cohort is refused "
            "before anything is built, naming the memory it would need and the greedy "
            "alternative. Accepted: 16 to 1048576 (1 TiB)."
        ),
        minimum=16,
        maximum=1048576,
    ),
    Setting(
        "matching_time_budget_seconds",
        60.0,
        _(
            "Matching: the time the exact (optimal) solver may take, estimated from the "
            "cohort's size before it runs; a run estimated longer is matched greedily, "
            "with a note in the proposal. Accepted: 0 to 86400 (a day)."
        ),
        minimum=0,
        maximum=86400,
    ),
    Setting(
        "mentee_live_tandems",
        1,
        _(
            "CORE-SINGLE: unfinished tandems a mentee may have at once in one programme. "
            "Accepted: 1 to 100."
        ),
        minimum=1,
        maximum=100,
    ),
    Setting(
        "date_window_years",
        10,
        _(
            "Dates at the door: meeting starts and agreement periods are accepted this many "
            "years before or after today, no further (a year-9999 date would break every "
            "calendar and report showing it). Accepted: 1 to 100."
        ),
        minimum=1,
        maximum=100,
    ),
)


def with_settings(programme: Programme, overrides: Mapping[str, Value]) -> Programme:
    """*programme* with the base settings merged in and *overrides* applied.

    Every value in force is checked: an override must name a known setting
    and have its default's kind (a whole number for a whole-number default:
    ``42.0`` is taken as ``42``), and every number must lie within its
    setting's declared range (else :data:`UNDECLARED_BOUND`).

    :raises InvalidInput: naming ``settings.<programme>.<name>`` for each
        problem: an unknown setting, a wrong kind, a number outside the
        accepted range (named), or a plugin's malformed range or default.
    """
    where_all = f"settings.{programme.key}"
    # Hosts pass what their configuration file held: check, not trust, the type.
    if not isinstance(cast(object, overrides), Mapping):
        expected = _(
            "expected a mapping of setting names to values, got {value}", value=_shown(overrides)
        )
        raise InvalidInput([(where_all, expected)])
    base = {s.name: s for s in BASE_SETTINGS}
    declared = {s.name: s for s in programme.settings}
    merged = [s for s in BASE_SETTINGS if s.name not in declared] + [
        _with_base_range(s, base.get(s.name)) for s in programme.settings
    ]
    by_name = {s.name: s for s in merged}
    problems: list[tuple[str, Message]] = []
    for name, value in overrides.items():
        setting = by_name.get(name)
        where = f"{where_all}.{name}"
        if setting is None:
            known = ", ".join(sorted(by_name))
            problems.append((where, _("unknown setting (known: {known})", known=known)))
        elif not _same_kind(setting.default, value):
            expected = _kind(setting.default)
            problems.append(
                (where, _("expected {kind}, got {value}", kind=expected, value=_shown(value)))
            )
        else:
            by_name[name] = evolve(setting, value=_normal(setting.default, value))
    for setting in by_name.values():
        problem = _declaration_problem(setting) or _range_problem(setting)
        if problem:
            problems.append((f"{where_all}.{setting.name}", problem))
    if problems:
        raise InvalidInput(problems)
    return evolve(programme, settings=tuple(by_name[s.name] for s in merged))


def bounds(setting: Setting) -> tuple[float, float]:
    """The range a number of *setting* must lie in: its own, else :data:`UNDECLARED_BOUND`."""
    lo = setting.minimum if setting.minimum is not None else -UNDECLARED_BOUND
    hi = setting.maximum if setting.maximum is not None else UNDECLARED_BOUND
    return lo, hi


def _with_base_range(setting: Setting, base: Setting | None) -> Setting:
    if base is None or setting.minimum is not None or setting.maximum is not None:
        return setting
    if not (_is_number(setting.default) and _is_number(base.default)):
        return setting
    return evolve(setting, minimum=base.minimum, maximum=base.maximum)


def accepted(lo: float | None, hi: float | None) -> Message:
    """A range in words: "1 to 3660", "at least 0", "at most 12" (or nothing)."""
    if lo is not None and hi is not None:
        return _("{minimum} to {maximum}", minimum=_plain(lo), maximum=_plain(hi))
    if lo is not None:
        return _("at least {minimum}", minimum=_plain(lo))
    return _("at most {maximum}", maximum=_plain(hi)) if hi is not None else Message.literal("")


def _plain(x: float) -> str:
    # Digits as written in a configuration file, the same in every language.
    return str(x) if isinstance(x, int) else f"{x:g}"


def _declaration_problem(setting: Setting) -> Message | None:
    lo, hi = setting.minimum, setting.maximum
    if lo is None and hi is None:
        return None
    if not _is_number(setting.default):
        return _("the programme declares a range for a setting that is not a number")
    if not all(x is None or _finite(x) for x in (lo, hi)):
        return _(
            "the programme declares a malformed range ({minimum}, {maximum})",
            minimum=repr(lo),
            maximum=repr(hi),
        )
    if lo is not None and hi is not None and lo > hi:
        return _(
            "the programme declares a minimum {minimum} above its maximum {maximum}",
            minimum=_plain(lo),
            maximum=_plain(hi),
        )
    return None


def _range_problem(setting: Setting) -> Message | None:
    value = setting.effective
    if not _is_number(value):
        return None
    default = setting.value is None
    lo, hi = bounds(setting)
    shown = {"accepted": accepted(lo, hi)}
    if isinstance(value, float) and not math.isfinite(value):
        if default:
            return _(
                "the programme's default {value} is not a finite number "
                "(accepted range: {accepted})",
                value=repr(value),
                **shown,
            )
        return _(
            "{value} is not a finite number (accepted range: {accepted})",
            value=repr(value),
            **shown,
        )
    if lo <= value <= hi:
        return None
    if default:
        return _(
            "the programme's default {value} is outside the accepted range {accepted}",
            value=_shown(value),
            **shown,
        )
    return _("{value} is outside the accepted range {accepted}", value=_shown(value), **shown)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _finite(value: object) -> bool:
    return _is_number(value) and not (isinstance(value, float) and not math.isfinite(value))


def _same_kind(default: Value, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, tuple):
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _normal(default: Value, value: Value) -> Value:
    # 42.0 from a JSON or TOML file means 42 for a whole-number setting.
    if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, float):
        return int(value)
    return value


def _kind(default: Value) -> Message:
    hint = {
        bool: _("bool (true or false)"),
        int: _("int (a whole number)"),
        float: _("float (a number)"),
        tuple: _("tuple (a list of text)"),
    }
    return hint.get(type(default)) or Message.literal(type(default).__name__)


def _shown(value: object) -> str | Message:
    """A short ``repr``: hostile values can be huge, or too long to convert at all."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        if value.bit_length() >= 1000:
            return _("a number of over 300 digits")
        return f"{value:.3e}"
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def int_setting(programme: Programme, name: str) -> int:
    """The whole-number setting *name* of *programme*.

    :raises UnknownSetting: the programme has no such setting.
    :raises InvalidInput: its value is not a number.
    """
    value = programme.setting(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        where = f"settings.{programme.key}.{name}"
        raise InvalidInput([(where, _("expected a number, got {value}", value=repr(value)))])
    return int(value)
