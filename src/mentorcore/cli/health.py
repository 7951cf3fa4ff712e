"""A programme's health: which tandems are on track, which behind, and why.

A tandem is behind when a period falls short of a cadence rule, or when it
has stalled (CORE-STALLED: no held or planned meeting for
``stalled_after_days``), which counts even where the programme has no
cadence rule. The table holds the short facts; why a tandem is behind is
printed beneath it as sentences, which wrap between words at any width.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from attrs import frozen

from mentorcore import (
    Actor,
    CadenceStatus,
    Engine,
    PeriodCadence,
    Reader,
    TandemCadence,
    TandemStatus,
)
from mentorcore.cli.output import paragraph, short, status_text, table
from mentorcore.domain.labels import label
from mentorcore.i18n import Text, _
from mentorcore.policy.due import stalled


@frozen
class HealthRow:
    """One tandem in a programme's health report.

    :ivar on_track: Whether every period is on track and the tandem has not
        stalled; ``None`` without a cadence rule and not stalled.
    :ivar latest: The latest period per cadence rule.
    :ivar behind: Why it is behind, oldest first: periods behind, then the
        stall (``"[CORE-STALLED] ..."``).
    :ivar deviations: How meetings deviate from the agreement (CORE-8), in words.
    :ivar withheld: Why deviations were left out (``"[rule] reason"``), when the
        viewer may not see the agreement they would quote.
    :ivar stalled_since: The last meeting's end (or the tandem's start) when
        it has stalled (CORE-STALLED).
    """

    tandem: UUID
    mentee: str
    mentor: str
    status: str
    on_track: bool | None
    latest: tuple[PeriodCadence, ...]
    behind: tuple[str, ...]
    deviations: tuple[str, ...]
    withheld: tuple[Text, ...] = ()
    stalled_since: datetime | None = None


def health_rows(
    engine: Engine, reader: Reader, reports: list[TandemCadence], now: datetime
) -> list[HealthRow]:
    """One row per tandem: people, status, the latest period per rule, on
    track or behind (a stalled tandem is behind, CORE-STALLED)."""
    rows = []
    keys = sorted({r.programme_key for r in reports})
    summaries = {t.id: t for key in keys for t in reader.tandems(programme=key)}
    tandems = [summaries[r.tandem_id] for r in reports]
    names = reader.names(tuple(p for t in tandems for p in (t.mentee, t.mentor)))
    for report, t in zip(reports, tandems, strict=True):
        latest: dict[str, PeriodCadence] = {}
        for row in report.periods:
            latest[row.rule_id] = row  # periods come oldest first
        stall = stalled(reader.tandem(t.id), engine.programme(t.programme_key), now)
        behind = [str(r.reason) for r in report.periods if r.status is CadenceStatus.BEHIND]
        on_track = report.on_track if report.periods else None
        if stall is not None:
            behind.append(f"[CORE-STALLED] {stall.reason}")
            on_track = False
        rows.append(
            HealthRow(
                t.id,
                names[t.mentee],
                names[t.mentor],
                t.status.value,
                on_track,
                tuple(latest.values()),
                tuple(behind),
                tuple(str(d.reason) for d in report.deviations),
                report.withheld,
                None if stall is None else stall.since,
            )
        )
    return rows


def held(latest: tuple[PeriodCadence, ...]) -> str:
    """Meetings held in the latest period per rule: the period once when the
    rules share it, then one short line per rule ("3 of 3 (MEDIC-CAD-1)")."""
    if not latest:
        return "-"
    periods = list(dict.fromkeys(p.period.label for p in latest))
    if len(periods) == 1:
        lines = [
            _("{held} held ({rule})", held=p.held, rule=p.rule_id)
            if p.pace_withheld
            else _(
                "{held} of {required} ({rule})", held=p.held, required=p.required, rule=p.rule_id
            )
            for p in latest
        ]
        return "\n".join([periods[0], *map(str, lines)])
    return "\n".join(
        str(
            _("{period}: {held} held ({rule})", period=p.period.label, held=p.held, rule=p.rule_id)
            if p.pace_withheld
            else _(
                "{period}: {held} of {required} ({rule})",
                period=p.period.label,
                held=p.held,
                required=p.required,
                rule=p.rule_id,
            )
        )
        for p in latest
    )


def print_health(engine: Engine, programme_key: str, viewer: Actor) -> list[HealthRow]:
    """The programme's health report as *viewer* may see it, as a table and
    the reasons beneath it (nothing in JSON mode); returns its rows."""
    reader = engine.reader(viewer)
    now = engine.clock.now()
    rows = health_rows(engine, reader, reader.programme_cadence(programme_key, now), now)
    on_track = sum(r.on_track is True for r in rows)
    behind = sum(r.on_track is False for r in rows)
    table(
        [
            _("tandem"),
            _("mentee"),
            _("mentor"),
            _("status"),
            _("cadence"),
            _("held (latest period)"),
        ],
        (
            [
                short(r.tandem),
                r.mentee,
                r.mentor,
                label(TandemStatus(r.status)),
                status_text(r.on_track, None if r.on_track is not None else _("no rule")),
                held(r.latest),
            ]
            for r in rows
        ),
        title=_(
            "Health of {programme}: {on_track} on track, {behind} behind",
            programme=engine.programme(programme_key).name,
            on_track=on_track,
            behind=behind,
        ),
    )
    for r in rows:
        why = [
            *r.behind,
            *(f"[CORE-8] {d}" for d in r.deviations),
            *(str(_("deviations withheld: {why}", why=w)) for w in r.withheld),
        ]
        if why:
            paragraph(
                _(
                    "{tandem} ({mentee} and {mentor}):",
                    tandem=short(r.tandem),
                    mentee=r.mentee,
                    mentor=r.mentor,
                )
            )
            for line in why:
                paragraph(f"- {line}", indent=2, hang=2)
    return rows
