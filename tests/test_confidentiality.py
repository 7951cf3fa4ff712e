"""Confidentiality, end to end: no read surface shows a viewer content the
programme keeps from them.

One database holds, in each of the programmes medic, ostalb, kerpen and the
generic ``default``, four tandems built through the real commands with valid
enrolment profiles (``tests/leak_kit.py``): T1 with an agreement in force, a
pending amendment, goals (one reviewed with a note), a documented first
conversation, a prepared and documented meeting, a planned and a cancelled
meeting; T2 with a draft not submitted; T3 active with CORE-8 deviations; T4
completed. Every free text carries a unique marker. Two and a half years later
(advisories, goal reviews, CORE-8, closing, cadence warnings and evaluations
are all due) every viewer reads every surface of the :class:`~mentorcore.Reader`
and of the command line, and each marker shown is checked against
``leak_kit.EXPECTED``, written by hand from the programmes' rules (CORE-3,
CORE-PRIVACY, OSTALB-CONF-1, MEDIC-AGR-1) and never asked of the hooks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from leak_kit import (
    Sink,
    cli_viewers,
    leak_report,
    may_see,
    notifications_beyond_due_actions,
    read_everything,
    run_cli,
    viewers,
)
from leak_story import PROGRAMMES, Scenario, build

from mentorcore import Content


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """The story in every programme, on a SQLite file the command line can open."""
    s = build(tmp_path_factory.mktemp("confidentiality") / "mentorcore.db")
    yield s
    s.engine.close()


@pytest.fixture(scope="module")
def reader_sink(scenario: Scenario) -> Sink:
    """Everything the library's Reader shows, as every viewer."""
    sink = Sink(scenario)
    for viewer in viewers(scenario):
        read_everything(scenario, sink, viewer)
    return sink


@pytest.fixture(scope="module")
def cli_sink(scenario: Scenario) -> Sink:
    """Everything ``mentorcore``'s read commands print, as the viewers of each programme."""
    pytest.importorskip("click")
    sink = Sink(scenario)
    for programme in PROGRAMMES:
        run_cli(scenario, sink, programme, scenario.db.parent)
    return sink


# ---------------------------------------------------------------- the library


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_reader_shows_no_viewer_content_kept_from_them(reader_sink: Sink, programme: str) -> None:
    leaks = [leak for leak in reader_sink.leaks if leak.programme == programme]
    assert not leaks, leak_report(leaks)


def test_reader_surfaces_run_without_crashing(reader_sink: Sink) -> None:
    assert not reader_sink.errors, "\n".join(reader_sink.errors)


def test_reader_is_not_vacuous(scenario: Scenario, reader_sink: Sink) -> None:
    """The markers are there to be found: their owners and the system do see them."""
    people = {v.label: v for v in viewers(scenario)}
    for programme, cast in scenario.casts.items():
        mentee = people[f"{programme} mentee ({cast.mentees['T1']})"]
        t1 = scenario.marker_set(programme=programme, tandem="T1")
        assert t1 <= reader_sink.saw(mentee, "view", "meeting_records"), programme
        other = people[f"{programme} other mentee ({cast.mentees['T2']})"]
        draft = scenario.marker_set(
            programme=programme, tandem="T2", content=Content.AGREEMENT_DRAFT
        )
        assert draft, programme
        assert draft <= reader_sink.saw(other, "view"), programme
    assert scenario.marker_set() <= reader_sink.saw(people["system"], "history")
    # MEDIC-AGR-1: the coordination reads the agreement in force (the table is not all "no")
    lange = people[f"medic coordinator ({scenario.casts['medic'].coordinator})"]
    agreed = scenario.marker_set(programme="medic", tandem="T1", content=Content.AGREEMENT)
    assert agreed <= reader_sink.saw(lange, "view", "tandem")


def test_notifications_tell_a_coordinator_no_more_than_her_due_actions(
    scenario: Scenario,
) -> None:
    """A coordinator may fetch the notifications (the host's delivery job): each
    reason must be what *she* may see, as her due actions word it, not only what
    its recipient may see."""
    beyond = notifications_beyond_due_actions(scenario)
    assert not beyond, f"{len(beyond)} notification(s):\n" + "\n".join(beyond)


def test_every_viewer_sees_what_the_rules_allow_somewhere(
    scenario: Scenario, reader_sink: Sink
) -> None:
    """The other side of the table: nothing allowed is withheld everywhere."""
    missing = []
    for viewer in viewers(scenario):
        seen = set().union(
            *(markers for (label, _), markers in reader_sink.seen.items() if label == viewer.label)
        )
        allowed = {m.text for m in scenario.markers if may_see(scenario, viewer.pid, m)}
        missing += [f"{viewer.label}: {text}" for text in sorted(allowed - seen)]
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_cli_shows_no_viewer_content_kept_from_them(cli_sink: Sink, programme: str) -> None:
    leaks = [leak for leak in cli_sink.leaks if leak.programme == programme]
    assert not leaks, leak_report(leaks)


def test_cli_read_commands_run_without_crashing(cli_sink: Sink) -> None:
    assert not cli_sink.errors, "\n".join(cli_sink.errors[:40])


def test_cli_is_not_vacuous(scenario: Scenario, cli_sink: Sink) -> None:
    for programme, cast in scenario.casts.items():
        mentee = next(v for v in cli_viewers(scenario, programme) if v.pid == cast.mentees["T1"])
        system = next(v for v in cli_viewers(scenario, programme) if v.pid is None)
        t1 = scenario.marker_set(programme=programme, tandem="T1")
        agreed = {
            m.text
            for m in scenario.markers
            if m.programme == programme
            and m.tandem == "T1"
            and m.content in (Content.AGREEMENT, Content.AGREEMENT_PROPOSAL, Content.GOALS)
        }
        status = f"cli: mentorcore tandem status {programme}/T1"
        records = f"cli: mentorcore meeting list {programme}/T1 --json"
        assert agreed <= cli_sink.saw(mentee, status), programme
        assert t1 - agreed <= cli_sink.saw(mentee, records), programme
        assert t1 <= cli_sink.saw(system, status + " --json", records), programme
