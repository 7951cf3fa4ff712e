"""``mentorcore import`` of a German coordinator's files: German Excel's CSV
(";" and Windows-1252, or UTF-8 with a byte-order mark), German headers and
values, errors that list the accepted German labels; all or nothing."""

from __future__ import annotations

import json

import pytest
from test_cli_kit import COHORTS, Cli, bad_input

from mentorcore import Engine, Role
from mentorcore.i18n import render


@pytest.fixture
def run(tmp_path) -> Cli:
    return Cli(tmp_path)


def _enrolments(run: Cli) -> dict[tuple[str, str], object]:
    with Engine(run.db, load_entrypoints=True) as engine:
        return {(e.person_id, e.role.value): e for e in engine.state.index.enrolled()}


def _names(run: Cli) -> dict[str, str]:
    with Engine(run.db, load_entrypoints=True) as engine:
        found = engine.state.index.persons.some(("jana.koehler", "dilek"))
        return {pid: person.name for pid, person in found.items()}


def _kerpen_headers() -> dict[str, str]:
    """Kerpen's mentee fields by their German labels, as German Excel heads them."""
    with Engine(":memory:") as engine:
        fields = engine.programme("kerpen").fields_for(Role.MENTEE)
    return {f.name: render(f.label, "de") for f in fields}


def _kerpen_topic(key: str) -> str:
    """A Kerpen topic's German short label (else its German title)."""
    with Engine(":memory:") as engine:
        topic = engine.programme("kerpen").topic(key)
    assert topic is not None
    return render(topic.label or topic.title, "de")


def _kerpen_mentees(
    gender: str = "w", topics: str | None = None, dilek: str = "Dilek Öztürk-Groß"
) -> str:
    h = _kerpen_headers()
    if topics is None:  # by their German labels, separated by a comma
        topics = f"{_kerpen_topic('network')}, {_kerpen_topic('conflicts').upper()}"
    heads = ["ID", "Name", "E-Mail", "Programm", "Rolle"]
    heads += [h[k] for k in ("gender", "leadership", "hierarchy_level", "organisation_unit")]
    heads += [h["topics"]]
    rows = [
        "jana.koehler;Jana Köhler-Weiß;jana@example.org;kerpen;Mentee;"
        f"{gender};junior_leader;1;Amt für Straßenbau und Grünflächen;{topics}",
        f"dilek;{dilek};;kerpen;mentee;weiblich;aspiring;0;Bürgerbüro;visibility",
    ]
    return "\r\n".join([";".join(heads), *rows]) + "\r\n"


def test_a_german_excel_csv_in_windows_1252_with_semicolons_imports_exactly(run):
    run.ok("import", str(COHORTS / "kerpen.json"), who="system")
    path = run.folder / "mentees.csv"
    path.write_bytes(_kerpen_mentees().encode("cp1252"))
    result = run.ok("import", str(path), who="system")
    assert "Windows-1252" in result.stdout
    assert _names(run) == {"jana.koehler": "Jana Köhler-Weiß", "dilek": "Dilek Öztürk-Groß"}
    enrolled = _enrolments(run)
    jana = enrolled[("jana.koehler", "mentee")]
    assert jana.profile.get("gender") == "female"  # the key, not the label
    assert jana.profile.get("topics") == ("network", "conflicts")
    assert jana.profile.get("organisation_unit") == "Amt für Straßenbau und Grünflächen"
    assert enrolled[("dilek", "mentee")].profile.get("gender") == "female"


def test_letters_windows_1252_lacks_come_in_utf_8_with_a_byte_order_mark(run):
    run.ok("import", str(COHORTS / "kerpen.json"), who="system")
    path = run.folder / "mentees.csv"
    path.write_bytes(_kerpen_mentees(dilek="Dilek Şahin-Groß").encode("utf-8-sig"))
    result = run.ok("import", str(path), who="system")
    assert "read as" not in result.stdout
    assert _names(run) == {"jana.koehler": "Jana Köhler-Weiß", "dilek": "Dilek Şahin-Groß"}


MEDIC = (
    "ID;Name;Rolle;track;study_programme;semester;practical_year;application_form;"
    "workshop_attended;wished_topics;mentor_wishes\n"
    'jonas;Jonas Becker;Mentee;clinical;medic;5;nein;x;ja;"career_paths, insights";okafor, weber\n'
    "mia;Mia Groß;mentee;clinical;medic;4;;j;Ja;work_life;\n"
)


def test_german_yes_no_and_lists_separated_by_commas(run):
    run.ok("import", str(COHORTS / "medic.json"), str(COHORTS / "medic-mentees.csv"), who="system")
    run.ok("import", str(run.file("medic.csv", MEDIC)), "-p", "medic", who="system")
    jonas = _enrolments(run)[("jonas", "mentee")].profile
    assert jonas.get("practical_year") is False
    assert jonas.get("application_form") is True
    assert jonas.get("workshop_attended") is True
    assert jonas.get("wished_topics") == ("career_paths", "insights")
    assert jonas.get("mentor_wishes") == ("okafor", "weber")
    mia = _enrolments(run)[("mia", "mentee")].profile
    assert mia.get("practical_year") is None  # an empty cell is left out: no
    assert mia.get("application_form") is True


def test_a_json_file_with_german_values(run):
    run.ok("import", str(COHORTS / "medic.json"), str(COHORTS / "medic-mentees.csv"), who="system")
    person = {
        "id": "mia",
        "name": "Mia Groß",
        "Rolle": "Mentee",
        "track": "clinical",
        "profile": {
            "study_programme": "medic",
            "semester": "4",
            "practical_year": "nein",
            "application_form": "ja",
            "workshop_attended": "X",
            "wished_topics": "work_life; insights",
        },
    }
    path = run.folder / "mia.json"
    path.write_text(json.dumps({"programme": "medic", "people": [person]}), encoding="utf-8")
    run.ok("import", str(path), who="system")
    profile = _enrolments(run)[("mia", "mentee")].profile
    assert profile.get("workshop_attended") is True
    assert profile.get("wished_topics") == ("work_life", "insights")


def test_wrong_values_are_listed_in_german_with_the_accepted_labels_and_nothing_is_imported(run):
    run.ok("import", str(COHORTS / "kerpen.json"), who="system")
    before = run.events()
    path = run.folder / "mentees.csv"
    path.write_bytes(_kerpen_mentees(gender="frau", topics='"network; ohne"').encode("cp1252"))
    gender = _kerpen_headers()["gender"]
    result = run("--lang", "de", "import", str(path), who="system")
    bad_input(
        result,
        f"mentees.csv Zeile 2, Feld {gender}: „frau“ ist kein erlaubter Wert; "
        "erlaubt sind: weiblich (w), männlich (m), divers (d)",
        "mentees.csv Zeile 2, Feld",
        "„ohne“ ist kein erlaubter Wert; erlaubt sind: ",
        "nichts importiert: 2 Probleme",
    )
    assert "Traceback" not in result.output
    assert run.events() == before  # not even dilek, whose row was fine


def test_the_same_errors_in_english(run):
    text = "id,name,role,gender,leadership,organisation_unit\nx,X,mentee,frau,none,Amt\n"
    result = run("import", str(run.file("k.csv", text)), "-p", "kerpen", who="system")
    bad_input(
        result,
        "k.csv row 2, field gender: 'frau' is not an accepted value; "
        "accepted: female (f), male (m), diverse (d)",
        "nothing imported: 1 problem",
    )
    assert not run.db.exists()


def test_a_header_naming_a_column_twice_in_two_languages(run):
    text = "id;name;Name;role\nana;Ana;Ana;mentee\n"
    result = run("import", str(run.file("twice.csv", text)), "-p", "default", who="system")
    bad_input(result, "twice.csv row 1: the header names name more than once")


def test_roles_in_german_in_the_file_and_as_an_option(run):
    text = "ID;Name;Rolle\nana;Ana;Mentee\nben;Ben;Mentorin\ncarla;Carla;Koordination\n"
    run.ok("import", str(run.file("p.csv", text)), "-p", "default", who="system")
    assert set(_enrolments(run)) == {("ana", "mentee"), ("ben", "mentor"), ("carla", "coordinator")}
    text = "ID;Name\ndave;Dave\n"
    run.ok(
        "import", str(run.file("q.csv", text)), "-p", "default", "--role", "Mentor", who="system"
    )
    assert ("dave", "mentor") in _enrolments(run)
    result = run("import", str(run.file("q.csv", text)), "-p", "default", "--role", "boss")
    assert result.exit_code == 2
    assert "'boss' is not a role: expected mentee, mentor or coordinator" in result.output
