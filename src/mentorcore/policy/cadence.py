"""Cadence reports and agreement deviations, computed from a tandem and the clock.

A cadence rule (``mentorcore_cadence_rules``: MEDIC-CAD-1/2, OSTALB-CAD-1)
asks for a number of held meetings per period; where the agreement in force
states a rhythm, the cadence as agreed (CORE-RHYTHM) joins them or replaces a
recommendation (:func:`~mentorcore.policy.rhythm.rules_in_force`). The report has one row per rule
and period the tandem was active in: required, held, held in person, still
planned, on track or behind, and why. Periods the tandem covers only partly
(it started or ended within them) require the rule's minimum pro rata,
rounded half up.

CORE-8 compares the meetings held and planned with the agreement in force:
more than agreed, fewer than the agreed pace, meetings after the agreed
period, or a mentorship running past it each make an amendment due.

Every date computation here is overflow-safe (:mod:`mentorcore.policy.periods`
clamps) and every count is integer arithmetic, so no stored date or number,
however extreme, makes a report raise.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from attrs import field, frozen

from mentorcore.decision import reason_of
from mentorcore.domain import Meeting, MeetingFormat, Programme, Tandem, TandemId, TandemStatus
from mentorcore.domain.labels import label
from mentorcore.i18n import Message, Text, _, current_language, listing
from mentorcore.policy.decisions import CadenceRule, Content
from mentorcore.policy.periods import Period, local_date, periods_between, shifted_date, zone
from mentorcore.policy.rhythm import AGREED, rules_in_force
from mentorcore.policy.settings import int_setting

#: The most years a cadence report reckons back from its last day. No
#: mentorship lasts that long; the cap keeps a stored date in the year 1 (or a
#: *now* in 9999) from making every report walk through millennia of periods.
MAX_REPORT_YEARS = 100


class CadenceStatus(enum.Enum):
    """Whether a tandem meets often enough in a period."""

    ON_TRACK = "on_track"
    BEHIND = "behind"


@frozen
class PeriodCadence:
    """One rule in one period.

    :ivar rule_id: The cadence rule.
    :ivar period: The period.
    :ivar required: Held meetings needed (pro rata in partly covered periods).
    :ivar held: Held meetings that count under the rule (its formats).
    :ivar held_total: All held meetings in the period.
    :ivar in_person: Held meetings in person.
    :ivar planned: Meetings still to come in the period that would count.
    :ivar closed: Whether the period is over for this tandem.
    :ivar status: On track or behind.
    :ivar message: Why, as a translatable message beginning with the rule
        (``"[MEDIC-CAD-1] 1 of 2 meetings held"``); pass ``reason=``.
    :ivar quotes: The tandem content the row is drawn from: the agreement for
        the cadence as agreed (CORE-RHYTHM); a viewer who may not see it gets
        the row with the pace withheld.
    :ivar pace_withheld: The agreed pace is withheld from this viewer:
        ``required`` is 0 and the message says only on track or behind.
    """

    rule_id: str
    period: Period
    required: int
    held: int
    held_total: int
    in_person: int
    planned: int
    closed: bool
    status: CadenceStatus
    message: Message = field(alias="reason", converter=reason_of)
    quotes: frozenset[Content] = frozenset()
    pace_withheld: bool = False

    @property
    def reason(self) -> str:
        """Why, rendered in the context's language."""
        return self.message.render()


@frozen
class Deviation:
    """A way the meetings deviate from the agreement in force (CORE-8).

    :ivar kind: ``too-many``, ``too-few``, ``after-period`` or ``period-over``.
    :ivar cause: What identifies this deviation's cause (stable while it holds).
    :ivar since: Since when it holds.
    :ivar message: In words, as a translatable message (pass ``reason=``).
    """

    kind: str
    cause: str
    since: datetime
    message: Message = field(alias="reason", converter=reason_of)

    @property
    def reason(self) -> str:
        """In words, rendered in the context's language."""
        return self.message.render()


@frozen
class TandemCadence:
    """A tandem's cadence report.

    :ivar periods: One row per rule and period, oldest period first.
    :ivar deviations: Deviations from the agreement in force (CORE-8).
    :ivar withheld: ``"[rule] reason"`` when the deviations were left out
        because they quote an agreement the viewer may not see.
    """

    tandem_id: TandemId
    programme_key: str
    periods: tuple[PeriodCadence, ...]
    deviations: tuple[Deviation, ...]
    withheld: tuple[Text, ...] = ()

    @property
    def on_track(self) -> bool:
        """Whether no period is behind."""
        return all(p.status is CadenceStatus.ON_TRACK for p in self.periods)


def cadence_report(
    tandem: Tandem, programme: Programme, rules: Iterable[CadenceRule], now: datetime
) -> TandemCadence:
    """The cadence of *tandem* at *now* under the programme's *rules*, or as
    agreed where the agreement says so (CORE-RHYTHM)."""
    in_force = rules_in_force(tandem, rules)
    rows = [row for rule in in_force for row in _rule_rows(tandem, programme, rule, now)]
    rows.sort(key=lambda r: (r.period.start, r.rule_id))
    return TandemCadence(
        tandem.id, tandem.programme_key, tuple(rows), tuple(deviations(tandem, programme, now))
    )


def _rule_rows(
    tandem: Tandem, programme: Programme, rule: CadenceRule, now: datetime
) -> Iterator[PeriodCadence]:
    span = _span(tandem, programme, now)
    if span is None:
        return
    first, last, ended = span
    tz = programme.timezone
    today = local_date(now, tz)
    for period in periods_between(
        rule.period, first, last, year_start_month=_year_start(programme)
    ):
        in_period = [m for m in tandem.meetings if period.contains(local_date(m.start, tz))]
        counts = [m for m in in_period if _counts(rule, m.format)]
        held_total = sum(m.is_held for m in in_period)
        held = sum(m.is_held for m in counts)
        in_person = sum(m.is_held and m.format is MeetingFormat.IN_PERSON for m in in_period)
        planned = sum(m.is_planned and m.start >= now for m in counts)
        covered_to = min(period.end, shifted_date(last, 1)) if ended else period.end
        covered = (covered_to - max(period.start, first)).days
        required = _pro_rata(rule.minimum, covered, period.days)
        closed = ended or today >= period.end
        yield _row(rule, period, required, held, held_total, in_person, planned, closed, tz)


def _row(
    rule: CadenceRule,
    period: Period,
    required: int,
    held: int,
    held_total: int,
    in_person: int,
    planned: int,
    closed: bool,
    tz: str,
) -> PeriodCadence:
    what = _what(rule, required)
    shown = {"held": held, "what": what}
    if held >= required:
        status, reason = CadenceStatus.ON_TRACK, _("{held} of {what} held", **shown)
    elif closed:
        status = CadenceStatus.BEHIND
        reason = _("only {held} of {what} held in {period}", **shown, period=period.title)
    elif held + planned >= required:
        status = CadenceStatus.ON_TRACK
        reason = _(
            "{held} of {what} held, {planned} more planned by {last_day}",
            **shown,
            planned=planned,
            last_day=period.last_day,
        )
    else:
        status = CadenceStatus.BEHIND
        reason = _(
            "{held} of {what} held and {planned} planned: {missing} more needed by {last_day}",
            **shown,
            planned=planned,
            missing=required - held - planned,
            last_day=period.last_day,
        )
    return PeriodCadence(
        rule.rule_id,
        period,
        required,
        held,
        held_total,
        in_person,
        planned,
        closed,
        status,
        _("[{rule}] {reason}", rule=rule.rule_id, reason=reason),
        frozenset({Content.AGREEMENT}) if rule.rule_id == AGREED else frozenset(),
    )


@frozen
class _Either:
    """Labels joined as alternatives in the language: "in person or video call"."""

    items: tuple[Message, ...]

    def render(self, language: str | None = None) -> str:
        lang = language or current_language()
        return listing([m.render(lang) for m in self.items], lang, "or")


def _what(rule: CadenceRule, required: int) -> Message:
    """``"2 meetings"``, or ``"2 meetings (in person or video call)"`` for a rule on formats."""
    if not rule.formats:
        return _.plural("{n} meeting", "{n} meetings", required)
    kinds = _Either(tuple(label(f) for f in sorted(rule.formats, key=lambda f: f.value)))
    return _.plural("{n} meeting ({formats})", "{n} meetings ({formats})", required, formats=kinds)


def _counts(rule: CadenceRule, fmt: MeetingFormat) -> bool:
    return not rule.formats or fmt in rule.formats


def _pro_rata(minimum: int, covered: int, total: int) -> int:
    if covered >= total:
        return minimum
    # minimum * covered / total rounded half up, in integers (no float overflow)
    return (2 * minimum * max(covered, 0) + total) // (2 * total)


def _span(tandem: Tandem, programme: Programme, now: datetime) -> tuple[date, date, bool] | None:
    """First and last local day the tandem counts for, and whether it has ended.

    It counts from the day it became active, or from the agreed start when that
    is later (MEDiC: approved in September, the mentoring begins on 1 October).
    At most :data:`MAX_REPORT_YEARS` back from the last day.
    """
    if tandem.activated_at is None:
        return None
    tz = programme.timezone
    first = mentoring_start(tandem, tz)
    ended = tandem.ended_at is not None
    last = max(first, local_date(tandem.ended_at if tandem.ended_at else now, tz))
    earliest = (
        date(last.year - MAX_REPORT_YEARS, 1, 1) if last.year > MAX_REPORT_YEARS else date.min
    )
    return max(first, earliest), last, ended


def mentoring_start(tandem: Tandem, timezone: str) -> date:
    """The local day an active tandem's mentoring began: when it became active,
    or the start its agreement names if that is later."""
    assert tandem.activated_at is not None
    active = local_date(tandem.activated_at, timezone)
    agreed = tandem.agreement.terms.period_start if tandem.agreement else None
    return max(active, agreed) if agreed else active


def _year_start(programme: Programme) -> int:
    return int_setting(programme, "mentoring_year_start_month")


# ---------------------------------------------------------------- CORE-8


def deviations(tandem: Tandem, programme: Programme, now: datetime) -> Iterator[Deviation]:
    """How the meetings deviate from the agreement in force, if they do (CORE-8).

    Only active tandems are judged: amendments are possible only while active.
    """
    agreement = tandem.agreement
    if tandem.status is not TandemStatus.ACTIVE or agreement is None:
        return
    terms = agreement.terms
    tz = programme.timezone
    today = local_date(now, tz)
    version = f"v{agreement.version}"
    live = sorted(
        (m for m in tandem.meetings if m.is_held or m.is_planned),
        key=lambda m: (m.start, str(m.id)),
    )
    in_period = [
        m
        for m in live
        if terms.period_start <= local_date(m.start, tz)
        and (terms.period_end is None or local_date(m.start, tz) <= terms.period_end)
    ]
    end = terms.period_end
    if end is not None:
        after = [m for m in live if local_date(m.start, tz) > end]
        if after:
            first = after[0]
            yield Deviation(
                "after-period",
                f"{version}:{first.id}",
                first.proposed_at,
                _(
                    "a meeting on {day} lies after the agreed period, which ends on {end}",
                    day=local_date(first.start, tz),
                    end=end,
                ),
            )
        if today > end and programme.setting("amend_after_period") is not False:
            since = datetime.combine(shifted_date(end, 1), datetime.min.time(), tzinfo=zone(tz))
            yield Deviation(
                "period-over",
                f"{version}:{end}",
                since,
                _("the agreed period ended on {end} but the mentorship continues", end=end),
            )
    planned = terms.meetings_planned
    if planned is None:
        return
    if len(in_period) > planned:
        extra = in_period[planned]
        yield Deviation(
            "too-many",
            f"{version}:{extra.id}",
            extra.proposed_at,
            _.plural(
                "{n} meeting held or planned in the agreed period, {planned} agreed",
                "{n} meetings held or planned in the agreed period, {planned} agreed",
                len(in_period),
                planned=planned,
            ),
        )
    if end is not None and planned > 0:
        yield from _too_few(in_period, planned, terms.period_start, end, today, version, programme)


def _too_few(
    in_period: list[Meeting],
    planned: int,
    start: date,
    end: date,
    today: date,
    version: str,
    programme: Programme,
) -> Iterator[Deviation]:
    tolerance = int_setting(programme, "agreement_deviation_tolerance")
    total = (end - start).days + 1
    held = sum(m.is_held for m in in_period)
    # The agreed pace expects floor(planned * elapsed / total) meetings by a day;
    # the tandem is behind from the first day that exceeds held + tolerance.
    needed = held + tolerance + 1
    if needed > planned:
        return
    behind_from = shifted_date(start, -(-needed * total // planned))  # ceil, in integers
    if today < behind_from:
        return
    since = datetime.combine(behind_from, datetime.min.time(), tzinfo=zone(programme.timezone))
    expected = planned * min((today - start).days, total) // total
    yield Deviation(
        "too-few",
        f"{version}:held{held}",
        since,
        _.plural(
            "{n} meeting held, {expected} expected by now at the agreed pace ({planned} by {end})",
            "{n} meetings held, {expected} expected by now at the agreed pace ({planned} by {end})",
            held,
            expected=expected,
            planned=planned,
            end=end,
        ),
    )
