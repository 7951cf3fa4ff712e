"""Erasing a person (DSGVO Art. 17, issue 12): nothing of them stays on disk or
on any read surface, the other participant's data and the statistics stay.

One story (:mod:`erasure_kit`) is built once; the fixture erases a MEDiC
mentee whose tandem was completed and records every stage: the bytes of the
database files with the engine open, every read surface as every viewer (the
library and the command line), a rebuild, closing and reopening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import erasure_kit as k
import pytest
from helpers import stored
from leak_kit import Viewer, read_everything, run_cli
from leak_story import SYSTEM
from projection_kit import assert_projections_equal_rebuild

from mentorcore import Actor, ContentWithheld, Engine, NotVisible, TransitionDenied
from mentorcore.i18n import render
from mentorcore.write.erasure import Erasure

STRANGER = "nobody"


@dataclass
class Run:
    """What the fixture saw at each stage."""

    story: k.Story
    on_disk: list[tuple[str, bytes]]  # (label, needle): planted texts and key material
    before: dict[str, object]  # statistics before the erasure
    mentor_saw: set[str]  # the counterpart's markers of T1 she saw before
    refused_before: dict[str, str]  # who tried to erase first -> rule
    hits_before: list[str]  # the erased person's strings the counterpart saw before
    erasure: Erasure | None = None
    key_was_on_disk: bool = False
    disk: dict[str, list[str]] = field(default_factory=dict)  # stage -> hits
    sinks: dict[str, k.ErasureSink] = field(default_factory=dict)
    certificates: dict[str, tuple[int, str]] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)


def _rule(exc: TransitionDenied) -> str:
    return ",".join(d.rule_id for d in exc.decisions)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("erasure")
    story = k.build(tmp / "x.db")
    engine = story.engine
    keys = dict(engine.store._db.execute("SELECT subject, key FROM subject_keys").fetchall())
    mine = [keys[f"person:{k.ERASED}"], keys[f"tandem:{story.tandem}"]]
    needles = [(t, f) for t in story.erased for f in k.text_forms(t)]
    needles += [(f"key {n}", f) for n, key in enumerate(mine) for f in k.key_forms(key)]
    mentor = Viewer("mentor", Actor.person(k.MENTOR))
    sink = k.ErasureSink(story)
    read_everything(story.s, sink, mentor)
    refused = {}
    for who in (k.ERASED, k.MENTOR, STRANGER, "kp-coord"):
        before = stored(engine)
        with pytest.raises(TransitionDenied) as denied:
            engine.erase_person(k.ERASED, actor=Actor.person(who))
        assert stored(engine) == before
        refused[who] = _rule(denied.value)
    saw = set().union(*sink.seen.values())
    r = Run(story, needles, k.statistics(engine), saw, refused, sink.hits)
    r.key_was_on_disk = bool(k.hits_on_disk(story.s.db, [("key", mine[0])]))

    r.erasure = engine.erase_person(k.ERASED, actor=Actor.person(k.COORDINATOR))
    r.disk["open, erased"] = k.hits_on_disk(story.s.db, needles)
    r.sinks["library"] = k.sweep_library(story)
    r.sinks["cli"] = cli = k.ErasureSink(story)
    run_cli(story.s, cli, k.PROGRAMME, tmp)
    r.certificates = k.run_more_cli(story, cli, tmp)
    r.disk["open, read"] = k.hits_on_disk(story.s.db, needles)
    r.after = k.statistics(engine)

    engine.rebuild()
    assert_projections_equal_rebuild(engine.store)
    r.sinks["rebuilt"] = k.sweep_library(story)
    r.disk["rebuilt"] = k.hits_on_disk(story.s.db, needles)
    engine.close()
    r.disk["closed"] = k.hits_on_disk(story.s.db, needles)
    story.s.engine = Engine(
        story.s.db, clock=story.s.clock, load_entrypoints=False, plugins=k.PLUGINS
    )
    r.sinks["reopened"] = k.sweep_library(story)
    assert_projections_equal_rebuild(story.engine.store)
    return r


def test_core_erase_1_nothing_of_the_person_stays_in_the_database_files(run: Run) -> None:
    """CORE-ERASE-1: the name, e-mail, organisation, profiles, goals, agreement
    texts, meeting places, agendas, records and reasons, and the keys, are in
    no file of the database: with the engine open, after a rebuild, closed."""
    assert run.key_was_on_disk  # the scan can find a key
    assert run.erasure is not None
    assert run.erasure.purged
    assert run.erasure.tandems == (run.story.tandem,)
    for stage, hits in run.disk.items():
        assert hits == [], f"{stage}: {hits}"
    assert next(p.name for p in k.files_of(run.story.s.db)) == "x.db"


@pytest.mark.parametrize("stage", ["library", "cli", "rebuilt", "reopened"])
def test_every_surface_runs_for_every_viewer_and_shows_nothing_erased(run: Run, stage: str) -> None:
    assert run.mentor_saw & set(run.story.erased)  # the surfaces show them when they exist
    assert any(repr(k.NAME) in hit for hit in run.hits_before)
    sink = run.sinks[stage]
    assert sink.errors == []
    assert sink.hits == []
    erased = set(run.story.erased)
    seen = {(v, s): m & erased for (v, s), m in sink.seen.items() if m & erased}
    assert seen == {}
    assert sink.leaks == []
    assert len(sink.texts) > 300  # not vacuous: the surfaces ran
    assert any("[erased]" in t for t in sink.texts.values())


def _texts(run: Run, stage: str) -> dict[tuple[str, str], str]:
    # an iCalendar object's own UID is new on every export (RFC 7986's, made
    # by icalendar); a meeting's is for ever ("UID:meeting-...")
    return {k: _CALENDAR_UID.sub("UID:*", t) for k, t in run.sinks[stage].texts.items()}


_CALENDAR_UID = re.compile(r"UID:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def test_reads_are_the_same_after_a_rebuild_and_after_reopening(run: Run) -> None:
    assert _texts(run, "rebuilt") == _texts(run, "library")
    assert _texts(run, "reopened") == _texts(run, "library")


def test_the_counterpart_sees_the_placeholder_where_the_data_was(run: Run) -> None:
    engine, tid = run.story.engine, run.story.tandem
    for language, placeholder in (("en", "[erased]"), ("de", "[gelöscht]")):
        reader = engine.reader(Actor.person(k.MENTOR), language=language)
        assert reader.names((k.ERASED,))[k.ERASED] == placeholder
        person = reader.person(k.ERASED)
        assert (person.name, person.email, person.organisation) == (placeholder, None, None)
        view = reader.view(tid)
        assert view.agreement is not None
        assert view.agreement.terms.goals == placeholder
        assert view.agreement.terms.topics == ()  # a list reads as empty
        assert view.goals
        assert {g.text for g in view.goals} == {placeholder}
        places = {m.place for m in reader.tandem(tid).meetings}
        assert placeholder in places
        assert "Hörsaal 3" not in places
        messages = [render(a.message, language) for a in reader.activity(k.MENTOR)]
        assert any(placeholder in m for m in messages)
    coordinator = engine.reader(Actor.person(k.COORDINATOR), language="de")
    copy = coordinator.agreement_copy(tid)  # MEDIC-AGR-1
    assert (copy.mentee_name, copy.agreement.terms.notes) == ("[gelöscht]", "[gelöscht]")


def test_the_counterparts_own_data_is_unaffected(run: Run) -> None:
    """Her meeting notes, goal review note and amendment read as written, by
    her; her name still shows."""
    kept = set(run.story.kept)
    label = f"medic mentor ({k.MENTOR})"
    saw = set().union(*(m for (v, _), m in run.sinks["library"].seen.items() if v == label))
    assert run.mentor_saw & kept  # she saw her markers before
    assert run.mentor_saw & kept <= saw
    engine, tid = run.story.engine, run.story.tandem
    reader = engine.reader(Actor.person(k.MENTOR))
    notes = [r.values.get("contents") for _, r in reader.meeting_records(tid).records()]
    assert k.MENTOR_NOTES in notes
    goals = reader.view(tid).goals
    assert goals is not None
    assert goals[0].note in kept
    assert "GOALREVIEW" in goals[0].note
    assert reader.names((k.MENTOR,))[k.MENTOR] == "Md Mentor1"
    assert engine.reader(SYSTEM).person(k.MENTOR).name == "Md Mentor1"


def test_statistics_remain(run: Run) -> None:
    """Tandems, statuses, dates, meetings and cadence counts of every programme."""
    assert run.after == run.before
    assert len(run.before) == 4 * 4 + 4  # every tandem, every programme


def test_core_erase_1_only_the_system_or_a_coordinator_of_theirs_may_erase(run: Run) -> None:
    """The person themself, the counterpart, a stranger and the coordinator of
    another programme are refused, and nothing is written."""
    assert run.refused_before == dict.fromkeys(
        (k.ERASED, k.MENTOR, STRANGER, "kp-coord"), "CORE-ERASE-1"
    )
    engine = run.story.engine
    for who in ("md-mentee2", "md-mentor4", STRANGER, "oa-coord"):
        before = stored(engine)
        with pytest.raises(TransitionDenied) as denied:
            engine.erase_person("md-mentee4", actor=Actor.person(who))
        assert _rule(denied.value) == "CORE-ERASE-1"
        assert stored(engine) == before


def test_core_erase_1_erasing_again_records_nothing(run: Run) -> None:
    engine = run.story.engine
    before = stored(engine)
    again = engine.erase_person(k.ERASED, actor=Actor.person(k.COORDINATOR))
    assert stored(engine) == before
    assert run.erasure is not None
    assert again.erased_at == run.erasure.erased_at
    assert again.tandems == run.erasure.tandems


def test_core_erase_2_no_erasure_while_a_tandem_is_live(run: Run) -> None:
    engine = run.story.engine
    before = stored(engine)
    with pytest.raises(TransitionDenied) as denied:
        engine.erase_person("md-mentee2", actor=Actor.person(k.COORDINATOR))
    assert _rule(denied.value) == "CORE-ERASE-2"
    assert stored(engine) == before
    assert not engine.state.index.erased("md-mentee2")


def test_core_erase_3_no_certificate_for_an_erased_mentee(run: Run) -> None:
    """Every viewer is refused with the rule, in the reader's language; the
    CLI says so, writes no file and shows no traceback."""
    engine, tid = run.story.engine, run.story.tandem
    for who in (SYSTEM, Actor.person(k.MENTOR), Actor.person(k.COORDINATOR)):
        with pytest.raises(ContentWithheld) as withheld:
            engine.reader(who).certificate(tid)
        assert withheld.value.rule_id == "CORE-ERASE-3"
    with pytest.raises(NotVisible, match="keine Teilnahmebescheinigung mehr"):
        engine.reader(SYSTEM, language="de").certificate(tid)
    t4 = run.story.s.casts["medic"].tandems["T4"]
    assert engine.reader(SYSTEM).certificate(t4).mentee_name == "Md Mentee4"
    for viewer, (code, output) in run.certificates.items():
        assert code != 0, viewer
        assert "Traceback" not in output, viewer
    for viewer in ("system", f"medic mentor ({k.MENTOR})", f"medic coordinator ({k.COORDINATOR})"):
        assert "CORE-ERASE-3" in run.certificates[viewer][1], viewer
    assert not (run.story.s.db.parent / "t1.pdf").exists()


def test_exports_after_the_erasure(run: Run) -> None:
    """The counterpart's export shows the placeholder for the erased person and
    nothing of theirs; the system's export of the erased person holds nothing
    planted."""
    engine = run.story.engine
    mentor = engine.reader(Actor.person(k.MENTOR), language="de").export_person(k.MENTOR)
    system = engine.reader(SYSTEM).export_person(k.ERASED)
    for export in (mentor, system):
        text = repr(export.data()) + export.summary() + export.calendar.decode()
        found = [t for t in run.story.erased for f in k.text_forms(t) if f.decode() in text]
        assert found == []
    assert "[gelöscht]" in mentor.summary()
    assert "[erased]" in repr(system.data())
