"""``mentorcore agreement export``: a copy of the agreement in force (MEDIC-AGR-1).

„Eine Kopie der Mentoringvereinbarung wird der Mentoringkoordination
übermittelt.“ (seed 000): MEDiC's coordination exports the version in force
as a document or as data; Ostalb's may not see it (OSTALB-CONF-1), nor
Kerpen's (CORE-PRIVACY); mentee and mentor may export their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from leak_story import SPECS, Spec
from mentorcore_kerpen import policy as kerpen_policy
from mentorcore_medic import policy as medic_policy
from mentorcore_ostalb import policy as ostalb_policy

from mentorcore import (
    Actor,
    AgreementTerms,
    ApproveAgreement,
    ApproveAmendment,
    AssignMentor,
    ContentWithheld,
    DraftAgreement,
    Engine,
    FixedClock,
    MeetingFormat,
    OptIn,
    Person,
    PlannedMeeting,
    ProposeAmendment,
    Role,
    SettleTopic,
    SubmitAgreement,
)
from mentorcore.cli import cli
from mentorcore.domain import TandemId
from mentorcore.read.agreement_copy import data, markdown

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system()
#: The people of each programme: (mentee, name), (mentor, name), coordinator.
PEOPLE = {
    "medic": (("md-lena", "Lena Hoffmann"), ("md-brandt", "Dr. Jonas Brandt"), "md-coord"),
    "ostalb": (("oa-mia", "Mia Berger"), ("oa-kaya", "Dr. Deniz Kaya"), "oa-coord"),
    "kerpen": (("kp-eva", "Eva Schulz"), ("kp-roth", "Ingrid Roth"), "kp-coord"),
}
TOPICS = ("career_paths", "networking", "scientific_work", "work_life")


@dataclass
class World:
    db: Path
    tandems: dict[str, TandemId]


def _terms(spec: Spec, **changes: Any) -> AgreementTerms:
    values: dict[str, Any] = {
        "period_start": START.date(),
        "period_end": spec.period_end,
        "meetings_planned": spec.meetings_planned,
        "contact_formats": frozenset({MeetingFormat.IN_PERSON, MeetingFormat.VIDEO}),
        "contact_frequency": "about once a month",
        "topics": TOPICS,
        "goals": "Decide on a specialty by the summer",
        "notes": "We meet near the clinic.",
        **changes,
    }
    return AgreementTerms(**values)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """In MEDiC, Ostalb and Kerpen one tandem with an agreement in force; MEDiC's
    amended once (version 2, with a plan per meeting) and one topic settled."""
    db = tmp_path_factory.mktemp("export") / "mentorcore.db"
    clock = FixedClock(START)
    engine = Engine(
        db,
        clock=clock,
        load_entrypoints=False,
        plugins=[medic_policy, ostalb_policy, kerpen_policy],
    )
    specs = {s.key: s for s in SPECS}
    tandems: dict[str, TandemId] = {}
    for key, ((mentee, mentee_name), (mentor, mentor_name), coordinator) in PEOPLE.items():
        spec = specs[key]
        for pid, name, role, profile in (
            (coordinator, f"Coordinator {key}", Role.COORDINATOR, {}),
            (mentee, mentee_name, Role.MENTEE, spec.mentee_profile),
            (mentor, mentor_name, Role.MENTOR, spec.mentor_profile),
        ):
            engine.register_person(Person(pid, name, email=f"{pid}@example.org"), actor=SYSTEM)
            track = spec.track if role is Role.MENTOR else None
            engine.enrol(pid, key, role, dict(profile), track=track, actor=SYSTEM)
        t = engine.execute(
            AssignMentor(programme_key=key, mentee=mentee, mentor=mentor, track=spec.track),
            actor=Actor.person(coordinator),
        )
        engine.execute(OptIn(tandem_id=t.id), actor=Actor.person(mentee))
        engine.execute(OptIn(tandem_id=t.id), actor=Actor.person(mentor))
        engine.execute(
            DraftAgreement(tandem_id=t.id, terms=_terms(spec)), actor=Actor.person(mentee)
        )
        engine.execute(SubmitAgreement(tandem_id=t.id), actor=Actor.person(mentee))
        engine.execute(ApproveAgreement(tandem_id=t.id, version=1), actor=Actor.person(mentor))
        tandems[key] = t.id
    # MEDiC: an amendment approved a week later, with a plan per meeting; a topic settled
    clock.set(START + timedelta(days=7))
    (mentee, _), (mentor, _), _c = PEOPLE["medic"]
    plan = (PlannedMeeting(1, ("career_paths", "networking")), PlannedMeeting(2, ("work_life",)))
    amended = _terms(specs["medic"], meetings_planned=13, plan=plan)
    engine.execute(
        ProposeAmendment(tandem_id=tandems["medic"], terms=amended), actor=Actor.person(mentor)
    )
    engine.execute(
        ApproveAmendment(tandem_id=tandems["medic"], version=2), actor=Actor.person(mentee)
    )
    engine.execute(
        SettleTopic(tandem_id=tandems["medic"], topic="networking"), actor=Actor.person(mentee)
    )
    engine.close()
    return World(db, tandems)


def run(world: World, who: str, *args: str, lang: str = "en") -> Result:
    argv = ["--db", str(world.db), "--today", "2026-10-20", "--as", who, "--lang", lang]
    env = {"MENTORCORE_DB": None, "MENTORCORE_AS": None, "MENTORCORE_NOW": None}
    return CliRunner().invoke(cli, [*argv, *args], env=env, catch_exceptions=False)


def export(world: World, who: str, programme: str, *args: str, lang: str = "en") -> str:
    result = run(world, who, "agreement", "export", str(world.tandems[programme]), *args, lang=lang)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_medic_agr_1_the_coordination_exports_the_agreement_in_english(world: World) -> None:
    text = export(world, "md-coord", "medic")
    assert text.startswith("# Mentoring agreement\n")
    for expected in (
        "**Mentee:** Lena Hoffmann",
        "**Mentor:** Dr. Jonas Brandt",
        "**Version:** 2",
        "**Approved on:** 12 October 2026",
        "from 5 October 2026 to 4 October 2028",
        "**Meetings planned:** 13",
        "**Kinds of contact:** in person and video",
        "**Frequency:** about once a month",
        "1. The variety of medical career paths",
        "2. Networking: contacts from the mentor's network",
        "## Topics per meeting",
        "- Meeting 2:\n  - Reconciling professional and private life\n",
        "Decide on a specialty by the summer",
        "We meet near the clinic.",
        f"Tandem {str(world.tandems['medic'])[:8]}",
    ):
        assert expected in text, expected
    assert "(settled)" in text.split("2. Networking")[1].splitlines()[0]
    assert "(settled)" not in text.split("1. The variety")[1].splitlines()[0]
    # no internal ids: neither the people's nor the topics' keys, nor the full tandem id
    for internal in ("md-lena", "md-brandt", "career_paths", str(world.tandems["medic"])):
        assert internal not in text


def test_medic_agr_1_the_coordination_exports_the_agreement_in_german(world: World) -> None:
    text = export(world, "md-coord", "medic", lang="de")
    for expected in (
        "# Mentoringvereinbarung",
        "**Mentee:** Lena Hoffmann",
        "12. Oktober 2026",
        "vom 5. Oktober 2026 bis 4. Oktober 2028",
        "Videotelefonat und persönlich",
        "1. Vielfalt der ärztlichen Karrierewege",
        "## Themen je Treffen",
        "(erledigt)",
    ):
        assert expected.casefold() in text.casefold(), expected
    assert "Mentoring agreement" not in text


def test_medic_agr_1_the_coordination_exports_the_agreement_as_json(world: World) -> None:
    found = json.loads(export(world, "md-coord", "medic", "--format", "json"))
    assert found["mentee"] == "Lena Hoffmann"
    assert found["mentor"] == "Dr. Jonas Brandt"
    assert found["programme"]["key"] == "medic"
    assert (found["version"], found["approved_on"]) == (2, "2026-10-12")
    assert found["period"] == {"start": "2026-10-05", "end": "2028-10-04"}
    assert found["meetings_planned"] == 13
    assert found["contact_formats"] == ["in_person", "video"]
    assert [t["key"] for t in found["topics"]] == list(TOPICS)
    assert found["topics"][1]["title"].startswith("Networking: contacts")
    assert [t["settled"] for t in found["topics"]] == [False, True, False, False]
    assert found["plan"][1] == {
        "meeting": 2,
        "topics": [{"key": "work_life", "title": "Reconciling professional and private life"}],
    }
    assert found["settled_topics"] == ["networking"]
    assert found["language"] == "en"
    german = json.loads(export(world, "md-coord", "medic", "--format", "json", lang="de"))
    assert german["topics"][0]["title"].startswith("Vielfalt der ärztlichen Karrierewege")


def test_agreement_export_ostalb_coordination_is_refused_with_ostalb_conf_1(world: World) -> None:
    result = run(world, "oa-coord", "agreement", "export", str(world.tandems["ostalb"]))
    assert result.exit_code == 1
    assert "OSTALB-CONF-1" in result.output
    assert "Mia Berger" not in result.stdout
    assert "about once a month" not in result.output
    refused = run(world, "oa-coord", "--json", "agreement", "export", str(world.tandems["ostalb"]))
    assert json.loads(refused.stdout)["rule_ids"] == ["OSTALB-CONF-1"]


def test_agreement_export_kerpen_coordination_is_refused_with_core_privacy(world: World) -> None:
    result = run(world, "kp-coord", "agreement", "export", str(world.tandems["kerpen"]))
    assert result.exit_code == 1
    assert "CORE-PRIVACY" in result.output
    assert "about once a month" not in result.output


def test_agreement_export_the_mentee_exports_her_own(world: World) -> None:
    text = export(world, "oa-mia", "ostalb")
    assert "**Mentee:** Mia Berger" in text
    assert "**Mentor:** Dr. Deniz Kaya" in text
    assert "**Version:** 1" in text
    assert "**Approved on:** 5 October 2026" in text
    assert "Topics per meeting" not in text  # none planned


def test_agreement_export_writes_the_file_given(world: World, tmp_path: Path) -> None:
    out = tmp_path / "copies" / "agreement.md"
    said = export(world, "md-coord", "medic", "--out", str(out))
    assert str(out) in said
    assert "Lena Hoffmann" in said
    assert out.read_text(encoding="utf-8") == export(world, "md-coord", "medic")
    data_out = tmp_path / "agreement.json"
    reply = json.loads(
        export(world, "md-coord", "medic", "--format", "json", "-o", str(data_out), "--json")
    )
    assert reply == {"ok": True, "path": str(data_out), "format": "json"}
    assert json.loads(data_out.read_text(encoding="utf-8"))["version"] == 2


def test_agreement_export_refuses_without_an_agreement_in_force(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "m.db", clock=FixedClock(START), load_entrypoints=False)
    for pid, role in (("ana", Role.MENTEE), ("ben", Role.MENTOR)):
        engine.register_person(Person(pid, pid.title()), actor=SYSTEM)
        engine.enrol(pid, "default", role, {}, actor=SYSTEM)
    t = engine.execute(
        AssignMentor(programme_key="default", mentee="ana", mentor="ben"), actor=SYSTEM
    )
    with pytest.raises(ContentWithheld) as refused:
        engine.reader(Actor.person("ana")).agreement_copy(t.id)
    assert refused.value.rule_id == "CORE-4"
    engine.close()


def test_agreement_export_library_copy_is_pure_data(world: World) -> None:
    engine = Engine(
        world.db, load_entrypoints=False, plugins=[medic_policy, ostalb_policy, kerpen_policy]
    )
    copy = engine.reader(Actor.person("md-coord"), language="de").agreement_copy(
        world.tandems["medic"]
    )
    engine.close()
    assert copy.approved_on == date(2026, 10, 12)
    assert copy.language == "de"
    assert data(copy)["mentee"] == "Lena Hoffmann"
    assert markdown(copy).startswith("# Mentoringvereinbarung")
