"""The person export (DSGVO Art. 15 and 20; issue 12, point 3).

Over the leak hunt's story (:mod:`leak_story`: MEDiC and Ostalb tandem years
with a unique marker in every goal, agreement text, meeting agenda and
record, and a mentee's private draft in T2), plus distinctive names,
e-mails, organisations, profile values and relations planted here: each
person's export holds every marker they may see and none they may not
(EXPECTED is written by hand from the rules, never asked of the engine);
a coordinator's export holds only what the programme lets the coordination
see (Ostalb: no conversation content); anyone else is refused
(CORE-EXPORT-1). The JSON validates against the shipped schema, the
calendar parses, the summary speaks German under ``de``, and ``mentorcore
person export`` writes the three files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import icalendar
import jsonschema
import pytest
from click.testing import CliRunner, Result
from leak_kit import unfold
from leak_story import EXPECTED, TANDEMS, Scenario, build

from mentorcore import (
    Actor,
    ContentWithheld,
    NotFound,
    NotVisible,
    Person,
    Relation,
    RelationKind,
    Role,
)
from mentorcore.cli import cli
from mentorcore.cli.person_export import file_stem
from mentorcore.read.export import SCHEMA_ID, PersonExport, schema

SYSTEM = Actor.system()
PROGRAMMES = ("medic", "ostalb")
MARKER = re.compile(r"SECRET-[A-Za-z0-9-]*")


@dataclass(frozen=True)
class Planted:
    """The personal details planted for one person."""

    name: str
    email: str
    organisation: str
    profile: str | None  # a free-text profile value, where the programme has one


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, dict[str, Planted]]:
    s = build(tmp_path_factory.mktemp("person-export") / "mentorcore.db")
    planted: dict[str, Planted] = {}
    for prog in PROGRAMMES:
        cast = s.casts[prog]
        for t in ("T1", "T2"):
            for role, pid in ((Role.MENTEE, cast.mentees[t]), (Role.MENTOR, cast.mentors[t])):
                tag = pid.upper().replace("-", "")
                p = Planted(f"Name {tag}", f"mail.{pid}@example.org", f"Org {tag}", None)
                s.engine.register_person(Person(pid, p.name, p.email, p.organisation), actor=SYSTEM)
                if prog == "ostalb" and role is Role.MENTOR:  # free text: the specialty
                    p = Planted(p.name, p.email, p.organisation, f"Specialty {tag}")
                    profile = {**cast.spec.mentor_profile, "specialty": p.profile}
                    s.engine.update_profile(pid, prog, role, profile, actor=SYSTEM)
                planted[pid] = p
        # T1's mentor examines T2's mentee; T1's mentee works with T2's mentor
        for relation in (
            Relation(cast.mentors["T1"], RelationKind.EXAMINES, cast.mentees["T2"]),
            Relation(cast.mentees["T1"], RelationKind.WORKS_WITH, cast.mentors["T2"]),
        ):
            s.engine.declare_relation(relation, actor=SYSTEM)
    return s, planted


def export(s: Scenario, viewer: str | None, pid: str, language: str = "en") -> PersonExport:
    actor = Actor.person(viewer) if viewer else SYSTEM
    return s.engine.reader(actor, language=language).export_person(pid)


def markers(text: str) -> set[str]:
    return set(MARKER.findall(text))


def expected(s: Scenario, prog: str, tandem: str, role: str) -> set[str]:
    """The markers of *tandem* that *role* may see (by hand, :data:`EXPECTED`)."""
    return {
        m.text
        for m in s.markers
        if m.programme == prog
        and m.tandem == tandem
        and (role == "system" or role in EXPECTED[prog][m.content])
    }


def subjects(s: Scenario) -> list[tuple[str, str, str]]:
    """(programme, tandem, role) of every person whose export is checked."""
    return [(p, t, r) for p in PROGRAMMES for t in TANDEMS for r in ("mentee", "mentor")]


def _pid(s: Scenario, prog: str, tandem: str, role: str) -> str:
    cast = s.casts[prog]
    return cast.mentees[tandem] if role == "mentee" else cast.mentors[tandem]


@pytest.mark.parametrize("viewer", ["self", "coordinator", "system"])
@pytest.mark.parametrize(
    ("prog", "tandem", "role"),
    [(p, t, r) for p in PROGRAMMES for t in TANDEMS for r in ("mentee", "mentor")],
)
def test_an_export_holds_exactly_the_planted_content_its_viewer_may_see(
    story, prog, tandem, role, viewer
):
    s, _planted = story
    pid = _pid(s, prog, tandem, role)
    who = {"self": pid, "coordinator": s.casts[prog].coordinator, "system": None}[viewer]
    sees_as = {"self": role, "coordinator": "coordinator", "system": "system"}[viewer]
    found = export(s, who, pid)
    want = expected(s, prog, tandem, sees_as)
    text = json.dumps(found.data(), ensure_ascii=False)
    assert markers(text) == want
    assert markers(found.summary()) == want
    # the calendar never shows more than the viewer may see
    assert markers(unfold(found.calendar.decode())) <= want


def test_the_mentor_never_gets_the_mentees_private_draft(story):
    s, _planted = story
    cast = s.casts["medic"]
    draft = s.marker_set(programme="medic", tandem="T2", where="draft.goals")
    assert draft
    mentee = json.dumps(export(s, cast.mentees["T2"], cast.mentees["T2"]).data())
    mentor = export(s, cast.mentors["T2"], cast.mentors["T2"])
    assert draft <= markers(mentee)
    assert not draft & markers(json.dumps(mentor.data()))
    (t2,) = mentor.data()["tandems"]
    assert t2["proposal"] is None
    assert [w["content"] for w in t2["withheld"]] == ["agreement_draft"]
    assert "[CORE-3]" in t2["withheld"][0]["reason"]


@pytest.mark.parametrize("prog", PROGRAMMES)
def test_the_person_finds_their_details_profile_and_relations(story, prog):
    s, planted = story
    cast = s.casts[prog]
    for pid in (cast.mentees["T1"], cast.mentors["T1"]):
        data = export(s, pid, pid).data()
        p = planted[pid]
        assert data["schema"] == SCHEMA_ID
        assert data["person"] == {
            "id": pid,
            "name": p.name,
            "email": p.email,
            "organisation": p.organisation,
        }
        (enrolment,) = data["enrolments"]
        assert enrolment["programme"] == prog
        assert enrolment["enrolled_at"] is not None
        role = "mentee" if pid == cast.mentees["T1"] else "mentor"
        assert enrolment["role"] == role
        (tandem,) = data["tandems"]
        other = cast.mentors["T1"] if role == "mentee" else cast.mentees["T1"]
        assert tandem["counterpart"] == {"id": other, "name": planted[other].name}
        assert len(tandem["meetings"]) == 4
        assert tandem["id"] in {a["tandem_id"] for a in data["activity"]}
        # the relation with the T2 person of the other role, either side; the
        # other's name as the person may see it: a mentee sees the programme's
        # mentors, a mentor not the mentees of others (their id then)
        (relation,) = data["relations"]
        assert pid in (relation["subject"], relation["object"])
        t2 = cast.mentors["T2"] if role == "mentee" else cast.mentees["T2"]
        assert t2 in (relation["subject"], relation["object"])
        assert relation["other_name"] == (planted[t2].name if role == "mentee" else t2)
    mentor = export(s, cast.mentors["T2"], cast.mentors["T2"]).data()
    if prog == "ostalb":
        specialty = planted[cast.mentors["T2"]].profile
        assert mentor["enrolments"][0]["profile"]["specialty"] == specialty
    else:  # MEDiC's mentor profile: yes/no and numbers
        assert mentor["enrolments"][0]["profile"]["licensed"] is True


def test_an_ostalb_coordinator_export_holds_no_conversation_content(story):
    """OSTALB-CONF-1: the coordination sees that meetings took place, never what was said."""
    s, planted = story
    cast = s.casts["ostalb"]
    mentee = cast.mentees["T1"]
    found = export(s, cast.coordinator, mentee)
    data = found.data()
    assert data["person"]["email"] == planted[mentee].email  # the contact details are theirs
    (tandem,) = data["tandems"]
    assert tandem["agreement"] is None
    assert tandem["proposal"] is None
    assert tandem["goals"] is None
    assert len(tandem["meetings"]) == 4
    for meeting in tandem["meetings"]:
        assert (meeting["agenda"], meeting["topics"]) == ("", [])
        assert meeting["preparation"] is None
        assert meeting["notes"] is None
    rules = {re.match(r"\[([A-Z0-9-]+)\]", w["reason"]).group(1) for w in tandem["withheld"]}
    assert rules == {"OSTALB-CONF-1"}
    assert not markers(json.dumps(data) + found.summary() + unfold(found.calendar.decode()))


def test_a_medic_coordinator_export_holds_the_agreement_in_force_only(story):
    """MEDIC-AGR-1: the coordination receives the agreement; goals and records stay private."""
    s, _planted = story
    cast = s.casts["medic"]
    (tandem,) = export(s, cast.coordinator, cast.mentees["T1"]).data()["tandems"]
    assert tandem["agreement"] is not None
    assert tandem["goals"] is None
    assert tandem["proposal"] is None


@pytest.mark.parametrize(
    ("viewer", "whom"),
    [
        ("md-mentee2", "md-mentee1"),  # another mentee of the programme
        ("md-mentor1", "md-mentee1"),  # her own mentor
        ("oa-coord", "md-mentee1"),  # the coordinator of another programme
        ("nobody", "md-mentee1"),  # an unknown viewer
    ],
)
def test_core_export_1_anyone_else_is_refused(story, viewer, whom):
    s, planted = story
    with pytest.raises(NotVisible) as refused:
        export(s, viewer, whom)
    assert isinstance(refused.value, ContentWithheld)
    assert refused.value.rule_id == "CORE-EXPORT-1"
    assert planted[whom].name not in str(refused.value)  # nor learns the name


def test_an_unknown_person_is_not_found(story):
    s, _planted = story
    with pytest.raises(NotFound):
        export(s, None, "no-such-person")


def test_every_export_validates_against_the_shipped_schema(story):
    s, _planted = story
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(schema())
    checked = 0
    for prog in PROGRAMMES:
        cast = s.casts[prog]
        for pid in (*cast.mentees.values(), *cast.mentors.values(), cast.coordinator):
            for viewer in (pid, cast.coordinator, None):
                validator.validate(export(s, viewer, pid, language="de").data())
                checked += 1
    assert checked == 2 * 9 * 3


def _documented(node: object, where: str = "$") -> list[str]:
    """Every property of the schema that lacks a description."""
    missing: list[str] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if "description" not in sub:
                missing.append(f"{where}.{name}")
        for key, sub in node.items():
            missing += _documented(sub, f"{where}.{key}")
    elif isinstance(node, list):
        for k, sub in enumerate(node):
            missing += _documented(sub, f"{where}[{k}]")
    return missing


def test_the_schema_documents_every_field():
    assert _documented(schema()) == []
    # no key without the schema's word: every object closed, so data that gains
    # an undocumented key fails the validation above
    closed = re.findall(r'"additionalProperties": (false|\{)', json.dumps(schema()))
    opened = json.dumps(schema()).count('"type": "object"')
    assert len(closed) == opened


def test_the_calendar_parses_and_holds_the_persons_meetings(story):
    s, _planted = story
    mentee = s.casts["medic"].mentees["T1"]
    found = export(s, mentee, mentee)
    calendar = icalendar.Calendar.from_ical(found.calendar)
    events = calendar.walk("VEVENT")
    assert len(events) == len(found.data()["tandems"][0]["meetings"]) == 4


def test_the_summary_is_german_under_de(story):
    s, planted = story
    cast = s.casts["ostalb"]
    mentee = cast.mentees["T1"]
    text = export(s, mentee, mentee, language="de").summary()
    assert text.startswith(f"# Personenbezogene Daten von {planted[mentee].name}\n")
    for heading in ("## Person", "## Einschreibungen", "## Tandems", "## Aktivitäten"):
        assert f"\n{heading}\n" in text
    assert "Oktober 2026" in text  # dates in German
    assert "#### Vereinbarung in Kraft (Version 1)" in text
    english = export(s, mentee, mentee, language="en").summary()
    assert "#### Agreement in force (version 1)" in english


# ---------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    s = build(tmp_path_factory.mktemp("person-export-cli") / "mentorcore.db")
    s.engine.close()
    return s.db


def run(db: Path, who: str, *args: str, lang: str = "de") -> Result:
    argv = ["--db", str(db), "--today", "2029-03-20", "--as", who, "--lang", lang]
    env = {"MENTORCORE_DB": None, "MENTORCORE_AS": None, "MENTORCORE_NOW": None}
    return CliRunner().invoke(cli, [*argv, *args], env=env, catch_exceptions=False)


def test_person_export_writes_three_files_and_will_not_overwrite_them(db, tmp_path):
    out = tmp_path / "new" / "dir"
    result = run(db, "md-mentee1", "person", "export", "md-mentee1", "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["md-mentee1.ics", "md-mentee1.json", "md-mentee1.md"]
    data = json.loads((out / "md-mentee1.json").read_text("utf-8"))
    assert data["schema"] == SCHEMA_ID
    assert data["language"] == "de"
    assert (out / "md-mentee1.md").read_text("utf-8").startswith("# Personenbezogene Daten von ")
    icalendar.Calendar.from_ical((out / "md-mentee1.ics").read_bytes())
    assert str(out / "md-mentee1.json") in result.output
    again = run(db, "md-mentee1", "person", "export", "md-mentee1", "--out", str(out))
    assert again.exit_code == 2
    assert "--force" in again.output
    forced = run(db, "md-mentee1", "person", "export", "md-mentee1", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output


def test_person_export_in_json_mode_says_what_it_wrote(db, tmp_path):
    result = run(db, "system", "--json", "person", "export", "oa-mentee1", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert said["ok"] is True
    assert said["schema"] == SCHEMA_ID
    assert said["files"] == {k: str(tmp_path / f"oa-mentee1.{k}") for k in ("json", "md", "ics")}


def test_person_export_refuses_a_stranger_with_the_rule(db, tmp_path):
    result = run(db, "md-mentee2", "--json", "person", "export", "md-mentee1", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert json.loads(result.output)["rule_ids"] == ["CORE-EXPORT-1"]
    assert list(tmp_path.iterdir()) == []


def test_file_names_are_safe_for_any_id():
    assert file_stem("ana.lopez@uni-ulm.de") == "ana.lopez@uni-ulm.de"
    assert file_stem("../etc/passwd") == "%2E.%2Fetc%2Fpasswd"
    for hostile in ("a/b", "a\\b", "..", ".hidden", "x\x00y", "c:d"):
        stem = file_stem(hostile)
        assert "/" not in stem
        assert "\\" not in stem
        assert "\x00" not in stem
        assert not stem.startswith(".")
