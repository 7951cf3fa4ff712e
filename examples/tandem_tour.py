"""One tandem through its whole life on the generic programme, step by step.

Run: ``make demo`` (or ``python examples/tandem_tour.py [--db PATH]``).
The clock is simulated, so the tour is the same on every run.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mentorcore import (
    Accept,
    Actor,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    Complete,
    DraftAgreement,
    Engine,
    FixedClock,
    GoalStatus,
    MeetingFormat,
    OptIn,
    Person,
    ProposeAmendment,
    RequestMentorship,
    ReviewGoal,
    Role,
    SetGoal,
    StartClosing,
    SubmitAgreement,
    Tandem,
    TransitionDenied,
)

SYSTEM = Actor.system()
ANA, BEN, CARLA = Actor.person("ana"), Actor.person("ben"), Actor.person("carla")


def step(title: str, tandem: Tandem | None = None) -> None:
    status = f"  [{tandem.status.value}, {tandem.version} events]" if tandem else ""
    print(f"- {title}{status}")


def main(db: Path) -> None:
    clock = FixedClock(datetime(2026, 10, 5, 9, 0, tzinfo=UTC))
    with Engine(db, clock=clock) as engine:
        print(f"mentorcore tour on {db}")
        print(f"programmes installed: {', '.join(p.key for p in engine.programmes())}\n")
        for pid, name in [
            ("ana", "Ana Lopez"),
            ("ben", "Dr. Ben Okafor"),
            ("carla", "Carla Weiss"),
        ]:
            engine.register_person(Person(pid, name, email=f"{pid}@example.org"), actor=SYSTEM)
        engine.enrol("ana", "default", Role.MENTEE, actor=SYSTEM)
        engine.enrol("ben", "default", Role.MENTOR, capacity=2, actor=SYSTEM)
        engine.enrol("carla", "default", Role.COORDINATOR, actor=SYSTEM)
        step("Ana, Ben and Carla registered; Ana as mentee, Ben as mentor, Carla coordinates")

        t = engine.execute(
            RequestMentorship(programme_key="default", mentor="ben", message="Hi Ben!"), actor=ANA
        )
        step("Ana asks Ben for a mentorship (CORE-1)", t)
        try:
            engine.execute(Accept(tandem_id=t.id), actor=ANA)
        except TransitionDenied as refused:
            step(f"Ana tries to accept her own request: refused, {refused}")
        t = engine.execute(Accept(tandem_id=t.id), actor=BEN)
        step("Ben accepts; they meet to get to know each other", t)

        clock.advance(timedelta(days=7))
        engine.execute(OptIn(tandem_id=t.id), actor=ANA)
        t = engine.execute(OptIn(tandem_id=t.id), actor=BEN)
        step("Both want to continue (CORE-2): Ana drafts the agreement", t)

        terms = AgreementTerms(
            period_start=date(2026, 10, 12),
            period_end=date(2027, 9, 30),
            meetings_planned=6,
            contact_formats=frozenset({MeetingFormat.IN_PERSON, MeetingFormat.VIDEO}),
            contact_frequency="every six to eight weeks",
            topics=("career paths", "research project", "work-life balance"),
            goals="decide between internal medicine and surgery",
        )
        t = engine.execute(DraftAgreement(tandem_id=t.id, terms=terms), actor=ANA)
        hidden = engine.reader(BEN).view(t.id).withheld
        step(f"Ana saves a draft; Ben cannot see it yet: {hidden[0][1]}", t)
        t = engine.execute(SubmitAgreement(tandem_id=t.id), actor=ANA)
        step(
            "Ana submits it; Ben sees an approval pending for the "
            f"{engine.reader(BEN).view(t.id).awaiting.value}",
            t,
        )
        t = engine.execute(ApproveAgreement(tandem_id=t.id, version=1), actor=BEN)
        step("Ben approves version 1: the mentorship is officially active (CORE-4)", t)
        t = engine.execute(SetGoal(tandem_id=t.id, text="choose a specialty by summer"), actor=ANA)
        step("Ana records her goal (CORE-13)", t)

        clock.advance(timedelta(days=120))
        longer = AgreementTerms(
            period_start=terms.period_start,
            period_end=date(2028, 3, 31),
            meetings_planned=9,
            contact_formats=terms.contact_formats,
            topics=terms.topics,
            goals=terms.goals,
        )
        t = engine.execute(ProposeAmendment(tandem_id=t.id, terms=longer), actor=BEN)
        step("Ben proposes to extend to March 2028; version 1 stays in force meanwhile (CORE-5)", t)
        t = engine.execute(ApproveAmendment(tandem_id=t.id, version=2), actor=ANA)
        step(f"Ana agrees: version {t.agreement.version} is in force", t)

        clock.advance(timedelta(days=200))
        for advisory in engine.reader(SYSTEM).advisories(t.id):
            step(f"advisory [{advisory.rule_id}]: {advisory.message}")
        t = engine.execute(
            ReviewGoal(
                tandem_id=t.id,
                goal_id=t.goals[0].id,
                status=GoalStatus.ACHIEVED,
                note="internal medicine",
            ),
            actor=BEN,
        )
        step("Ben and Ana review the goal: achieved", t)

        clock.advance(timedelta(days=60))
        t = engine.execute(StartClosing(tandem_id=t.id, note="period ends"), actor=ANA)
        for advisory in engine.reader(SYSTEM).advisories(t.id):
            step(f"advisory [{advisory.rule_id}]: {advisory.message}")
        t = engine.execute(Complete(tandem_id=t.id), actor=CARLA)
        step("Carla closes the mentorship officially (CORE-11)", t)

        print("\nAna's activity log (CORE-10):")
        for entry in engine.reader(ANA).activity("ana"):
            print(f"  {entry.occurred_at:%Y-%m-%d}  {entry.text}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file (default: a fresh temporary one)")
    args = parser.parse_args()
    if args.db:
        main(args.db)
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(Path(folder) / "tour.db")
