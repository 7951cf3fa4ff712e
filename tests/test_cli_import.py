"""``mentorcore import`` and ``people``: every row checked first, all or nothing."""

from __future__ import annotations

import json

import pytest
from test_cli_kit import COHORTS, DEFAULT_PEOPLE, Cli, bad_input

from mentorcore import Engine, Role


@pytest.fixture
def run(tmp_path) -> Cli:
    return Cli(tmp_path)


MEDIC_MENTEES = """\
id,name,role,track,study_programme,semester,application_form,workshop_attended,wished_topics
jonas,Jonas Becker,mentee,clinical,medic,5,yes,yes,career_paths;insights
sophie,Sophie Krüger,mentee,clinical,medic,drei,yes,yes,career_paths
lena,Lena Hoffmann,mentee,clinical,medic,11,yes,yes,work_life
"""


def _enrolments(run: Cli) -> dict[tuple[str, str, str], object]:
    with Engine(run.db, load_entrypoints=True) as engine:
        return {
            (e.person_id, e.programme_key, e.role.value): e for e in engine.state.index.enrolled()
        }


def test_import_csv_registers_and_enrols(run):
    run.default_people()
    enrolled = _enrolments(run)
    assert set(enrolled) == {
        ("ana", "default", "mentee"),
        ("fay", "default", "mentee"),
        ("ben", "default", "mentor"),
        ("dave", "default", "mentor"),
        ("carla", "default", "coordinator"),
    }
    assert enrolled[("ben", "default", "mentor")].capacity == 2
    people = run.data("people", "--programme", "default", who="system")
    assert {p["person"]["name"] for p in people} >= {"Carla Weiß", "Dr. Ben Okafor"}


def test_a_malformed_csv_row_names_row_and_field_and_imports_nothing(run):
    run.default_people()
    before = run.events()
    result = run("import", str(run.file("mentees.csv", MEDIC_MENTEES)), "-p", "medic", who="system")
    bad_input(result, "mentees.csv row 3", "field semester", "expected a whole number, got 'drei'")
    assert "nothing imported" in result.stderr
    assert run.events() == before  # not even jonas, whose row was fine


def test_a_malformed_row_in_json_is_reported_for_scripts(run):
    result = run(
        "import", str(run.file("m.csv", MEDIC_MENTEES)), "-p", "medic", who="system", json_out=True
    )
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["problems"] == [
        {
            "where": "m.csv row 3",
            "field": "semester",
            "what": "expected a whole number, got 'drei'",
            "rule_id": None,
        }
    ]
    assert not run.db.exists()


def test_a_row_the_eligibility_rules_refuse_exits_1_and_imports_nothing(run):
    text = MEDIC_MENTEES.replace("drei", "3").replace("medic,11,", "medic,2,")
    result = run("import", str(run.file("m.csv", text)), "-p", "medic", who="system")
    assert result.exit_code == 1, result.output
    assert (
        "m.csv row 4: refused by [MEDIC-ELIG-1] Lena Hoffmann is in subject semester 2"
        in result.stderr
    )
    assert run.events() == []


def test_every_problem_of_a_file_is_listed_at_once(run):
    text = (
        "id,name,role,capacity,external,relations,colour\n"
        ",Nobody,mentee,,,,\n"
        "x,X,boss,,,,\n"
        "y,Y,mentor,none,maybe,likes:z,\n"
        "z,Z,mentee,,,,blue\n"
    )
    result = run("import", str(run.file("bad.csv", text)), "-p", "default", who="system")
    bad_input(
        result,
        "bad.csv row 2, field id: required",
        "bad.csv row 3, field role: expected mentee, mentor or coordinator, got 'boss'",
        "bad.csv row 4, field capacity",
        "bad.csv row 4, field external: expected yes or no (yes, y, x / no, n), got 'maybe'",
        "bad.csv row 4, field relations: 'likes:z'",
    )
    assert not run.db.exists()
    # the structural problems fixed, the engine checks the profile: an unknown column
    fixed = "id,name,role,colour\nz,Z,mentee,blue\n"
    result = run("import", str(run.file("bad.csv", fixed)), "-p", "default", who="system")
    bad_input(result, "bad.csv row 2, field colour: not a field of this programme's profile")


def test_rights_apply_to_imports(run):
    run.default_people()
    before = run.events()
    result = run(
        "import",
        str(run.file("more.csv", "id,name,role\nfred,Fred,mentee\n")),
        "-p",
        "default",
        who="ana",
    )
    assert result.exit_code == 1
    assert "[CORE-AUTH]" in result.stderr
    assert run.events() == before


def test_json_cohort_with_nested_profiles_and_relations(run):
    run.ok("import", str(COHORTS / "medic.json"), str(COHORTS / "medic-mentees.csv"), who="system")
    enrolled = _enrolments(run)
    assert enrolled[("weber", "medic", "mentor")].profile.get("specialty") == "internal medicine"
    assert enrolled[("sophie.krueger", "medic", "mentee")].track == "clinical"
    with Engine(run.db) as engine:
        assert any(
            r.kind.value == "examines" and r.object == "sophie.krueger"
            for r in engine.state.index.relations_of()
        )
        assert engine.state.index.persons["mueller"].name == "Dr. Jürgen Müller"


@pytest.mark.parametrize("programme", ["medic", "ostalb", "kerpen"])
def test_every_example_cohort_imports_cleanly(run, programme):
    files = [COHORTS / f"{programme}.json", *sorted(COHORTS.glob(f"{programme}-*.csv"))]
    summary = run.data("import", *map(str, files), who="system")
    roles = {p["role"] for p in summary["people"]}
    assert roles == {"mentee", "mentor", "coordinator"}
    assert len([p for p in summary["people"] if p["role"] == "mentee"]) >= 5


def test_check_only_writes_nothing(run):
    result = run.ok(
        "import", str(run.file("p.csv", DEFAULT_PEOPLE)), "-p", "default", "--check", who="system"
    )
    assert "nothing written" in result.stdout
    assert not run.db.exists()


def test_semicolon_separated_csv_from_a_german_spreadsheet(run):
    text = "\ufeffid;name;role;capacity\nana;Ana Lopez;mentee;\nben;Ben;mentor;2\n"
    run.ok("import", str(run.file("excel.csv", text)), "-p", "default", who="system")
    assert ("ben", "default", "mentor") in _enrolments(run)


def test_the_same_person_twice_in_one_role_is_refused(run):
    text = "id,name,role\nana,Ana,mentee\nana,Ana,mentee\n"
    result = run("import", str(run.file("twice.csv", text)), "-p", "default", who="system")
    bad_input(
        result, "twice.csv row 3, field id: ana is given twice as mentee (also twice.csv row 2)"
    )


def test_not_json_and_not_csv(run):
    bad_input(
        run("import", str(run.file("p.txt", "x")), who="system"), "expected a .csv or .json file"
    )
    bad_input(run("import", str(run.file("p.json", "{")), who="system"), "p.json line 1")


def test_people_shows_a_coordinator_her_programme_and_others_themself(run):
    run.default_people()
    everyone = run.data("people", who="carla")
    assert {p["person"]["id"] for p in everyone} == {"ana", "fay", "ben", "dave", "carla"}
    own = run.data("people", who="ana")
    assert [(p["person"]["id"], p["enrolment"]["role"]) for p in own] == [
        ("ana", Role.MENTEE.value)
    ]
    table = run.ok("people", "--role", "mentor", who="system").stdout
    assert "Dr. Ben Okafor" in table
    assert "Ana Lopez" not in table
