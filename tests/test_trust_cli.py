"""Issue 10 on the command line: plausible input gets a sentence, not a
traceback (point 5), and hostile text stays text (point 6).

Every command runs through :class:`~test_cli_kit.Cli`, which fails a test on
any exception that is not an exit: a traceback is a failure here.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
from legacy_kit import unseal
from test_cli_kit import COHORTS, DEFAULT_PEOPLE, Cli, bad_input, refused

from mentorcore import ConcurrencyConflict, Engine, InvalidInput
from mentorcore.cli import cli, importing
from mentorcore.cli.decoding import csv_text
from mentorcore.cli.files import inside, safe_name


@pytest.fixture
def run(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def _people(run: Cli) -> dict[str, dict[str, object]]:
    return {p["person"]["id"]: p["person"] for p in run.data("people", who="system")}


def _no_database(run: Cli) -> None:
    assert not list(run.folder.glob("mentorcore.db*")), "a failed first import left files"


# ---------------------------------------------------------------- point 5: files


GERMAN = (
    "id;name;organisation;role\n"
    "mue;Jürgen Müller-Weiß;Büro für Gründer, 50 €;mentor\n"
    "koe;Ömer Kößler;„Straße zur Aue“ – Äußeres;mentee\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_csv_in_every_encoding_a_spreadsheet_writes_imports_intact(run, encoding):
    path = run.folder / "people.csv"
    path.write_bytes(GERMAN.encode(encoding))
    result = run.ok("import", str(path), "-p", "default", who="system")
    if encoding == "cp1252":
        assert "people.csv: read as Windows-1252" in result.stdout
    people = _people(run)
    assert (people["mue"]["name"], people["mue"]["organisation"]) == (
        "Jürgen Müller-Weiß",
        "Büro für Gründer, 50 €",
    )
    assert people["koe"]["organisation"] == "„Straße zur Aue“ – Äußeres"


@pytest.mark.parametrize(
    "text", ["id,name\nx,Weiß\n", "id,name,note\nx,A,5 €\n", "id;name\nx;Ørsted\n"]
)
def test_a_short_windows_1252_file_is_read_as_german_excel_wrote_it(text):
    # charset-normalizer alone takes the first two for Urdu (cp1006) and
    # Ukrainian (cp1125), the third for Windows-1250.
    assert csv_text(text.encode("cp1252"), "x.csv") == (text, "cp1252")


def test_json_that_is_not_utf8_names_line_and_column(run):
    data = b'[{"id": "ana", "role": "mentee",\n  "name": "Ana \xff"}]'
    path = run.folder / "bad.json"
    path.write_bytes(data)
    result = run("import", str(path), "-p", "default", who="system")
    bad_input(result, "bad.json line 2, column 16: byte 0xff is not UTF-8 text")
    _no_database(run)


def test_a_cell_over_128_kib_is_named_and_the_rest_of_the_file_still_read(run):
    text = f"id,name,role\nbig,{'a' * 200_000},mentee\nok,Ok,boss\n"
    result = run("import", str(run.file("big.csv", text)), "-p", "default", who="system")
    bad_input(
        result,
        "big.csv row 2, field name: longer than 131072 characters",
        "big.csv row 3, field role: expected mentee, mentor or coordinator, got 'boss'",
    )
    assert csv.field_size_limit() == 131_072  # the process-wide limit is restored
    _no_database(run)


def test_deeply_nested_json_is_a_sentence(run):
    deep = run.file("deep.json", "[" * 100_000 + "]" * 100_000)
    bad_input(run("import", str(deep), who="system"), "deep.json: nested too deeply")
    nested = json.dumps([{"id": "x", "name": "X", "role": "mentee", "wish": [[[["a"]]]]}])
    result = run("import", str(run.file("nested.json", nested)), "-p", "default", who="system")
    bad_input(result, "nested.json person 1, field wish: nested too deeply")
    _no_database(run)


def test_a_lone_surrogate_in_json_is_named_not_stored(run):
    text = '[{"id": "x\\ud800", "name": "X", "role": "mentee"}]'
    result = run("import", str(run.file("s.json", text)), "-p", "default", who="system")
    bad_input(result, "s.json person 1, field id: \\ud800 is half of a character")
    document = run(
        "import", str(run.folder / "s.json"), "-p", "default", who="system", json_out=True
    )
    assert json.loads(document.stdout)["problems"][0]["field"] == "id"
    _no_database(run)


def test_every_problem_of_an_import_is_listed_in_one_pass(run):
    """Reading problems, the engine's profile checks and rules, unknown people
    and unknown wished mentors all come in the first run; fixing exactly what
    it lists is enough for the second."""
    mentees = (COHORTS / "medic-mentees.csv").read_text(encoding="utf-8").splitlines()
    good_default = (
        "id,name,role,capacity,relations,colour\n"
        "ana,Ana,mentee,,examines:bea,\n"
        "bea,Bea,mentee,,,\n"
        "cem,Cem,mentor,2,,\n"
        "dan,Dan,mentee,,teaches:cem,\n"
    )
    bad_default = (
        "id,name,role,capacity,relations,colour\n"
        "ana,Ana,mentee,,examines:bee,\n"  # no person bee
        "bea,Bea,mentee,,,blue\n"  # the programme has no profile field colour
        "cem,Cem,mentor,none,,\n"  # not a number
        "dan,Dan,mentee,,teaches:cem,\n"  # cem's row is broken: not reported again
    )
    bad_medic = [
        mentees[0],
        mentees[1].replace(",okafor", ",okafr"),  # a wished mentor who is no one
        mentees[2].replace(",3,", ",drei,"),  # semester
    ]
    assert bad_medic[1:] != mentees[1:3]
    files = [
        str(run.file("default.csv", bad_default)),
        str(COHORTS / "medic.json"),
        str(run.file("medic-mentees.csv", "\n".join(bad_medic) + "\n")),
        str(run.file("broken.json", '[{"id": "x",')),
    ]
    result = run("import", "-p", "default", *files, who="system")
    bad_input(
        result,
        "default.csv row 2, field relations: no person 'bee' — did you mean 'bea'?",
        "default.csv row 3, field colour: not a field of this programme's profile",
        "default.csv row 4, field capacity: expected a whole number of at least 1, got 'none'",
        "medic-mentees.csv row 2, field mentor_wishes: no mentor 'okafr' in medic"
        " — did you mean 'okafor'?",
        "medic-mentees.csv row 3, field semester: expected a whole number, got 'drei'",
        "broken.json line 1, column 13",
        "nothing imported: 6 problems",
    )
    assert "'cem'" not in result.stderr
    _no_database(run)
    fixed = [
        str(run.file("default.csv", good_default)),
        str(COHORTS / "medic.json"),
        str(run.file("medic-mentees.csv", "\n".join(mentees[:3]) + "\n")),
    ]
    run.ok("import", "-p", "default", *fixed, who="system")
    assert {"ana", "cem", "jonas.becker", "okafor"} <= set(_people(run))


def test_wished_mentors_are_the_matchers_field():
    from mentorcore.matching.gather import WISH_FIELD

    assert importing.WISH_FIELD == WISH_FIELD


def test_a_first_import_runs_once_and_leaves_no_file_when_it_fails(run, monkeypatch):
    calls: list[int] = []
    real = importing.apply
    monkeypatch.setattr(importing, "apply", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    bad = run.file("bad.csv", "id,name,role,colour\nana,Ana,mentee,blue\n")
    bad_input(run("import", str(bad), "-p", "default", who="system"), "field colour")
    assert calls == [1]
    _no_database(run)

    def conflict(*_: object, **__: object) -> list[object]:
        raise ConcurrencyConflict("person:ana", 0, 1)

    monkeypatch.setattr(importing, "wishes", conflict)
    people = run.file("people.csv", DEFAULT_PEOPLE)
    result = run("import", str(people), "-p", "default", who="system")
    assert result.exit_code == 3, result.output
    _no_database(run)
    monkeypatch.undo()
    monkeypatch.setattr(importing, "apply", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    calls.clear()
    run.ok("import", str(people), "-p", "default", who="system")
    assert calls == [1]  # one run on the new file: no trial in memory first
    before = run.events()
    bad_input(run("import", str(bad), "-p", "default", who="system"), "field colour")
    assert run.events() == before  # an existing database stays as it was


def test_record_template_without_a_purpose_is_invalid_input():
    with Engine() as engine:
        for purpose in (None, "nonsense"):
            with pytest.raises(InvalidInput, match="no form is for"):
                engine.record_template("default", purpose)  # type: ignore[arg-type]


# ---------------------------------------------------------------- point 5: dates


def test_years_that_overflowed_are_refused_with_a_sentence(run):
    run.default_people()
    result = run("programmes", today="9999-12-31T23:59:59-12:00")
    bad_input(result, "'9999-12-31T23:59:59-12:00' is outside the years mentorcore accepts")
    t = run.active()
    before = run.events()
    result = run("meeting", "propose", t, "--at", "0001-01-01 00:10", who="ana")
    bad_input(result, "'0001-01-01 00:10' is outside the years mentorcore accepts (1900 to 2200)")
    bad_input(run("people", who="system", today="1899-12-31"), "outside the years")
    result = run("agreement", "amend", t, "--start", "2201-01-01", who="ana")
    bad_input(result, "'2201-01-01' is outside the years")
    bad_input(run("activity", "ana", "--since", "0001-01-01", who="ana"), "outside the years")
    assert run.events() == before


def test_dates_are_read_as_people_write_them_and_refused_in_words(run):
    run.default_people()
    t = run.active()
    cases = {
        ("due", "--date", "31.02.2027"): "'31.02.2027' is not a date: February 2027 has 28 days",
        ("due", "--date", "2027-04-31"): "'2027-04-31' is not a date: April 2027 has 30 days",
        ("due", "--date", "1.13.2027"): "'1.13.2027' is not a date: there is no month 13",
        ("due", "--date", "next week"): "'next week' is not a date: write it as 2027-02-28",
        ("meeting", "propose", t, "--at", "2026-10-12 25:00"): "hours go from 0 to 23",
    }
    for args, sentence in cases.items():
        result = run(*args, who="ana")
        bad_input(result, sentence)
        assert "%Y" not in result.output
    run.ok("due", "--date", "29.02.2028", who="system")
    run.ok("meeting", "propose", t, "--at", "12.10.2026 18:00", who="ana", today="05.10.2026")
    meeting = run.data("meeting", "list", t, who="ana")["meetings"][0]
    assert meeting["start"] == "2026-10-12T16:00:00+00:00"  # 18:00 in Berlin


# ---------------------------------------------------------------- point 5: names


def test_unknown_ids_are_bad_input_with_the_close_ones(run):
    run.default_people()
    t = run.tandem()
    before = run.events()
    bad_input(run("tandem", "list", who="anna"), "no person 'anna' — did you mean 'ana'?")
    result = run("tandem", "request", "bem", "-p", "default", who="ana")
    bad_input(result, "no person 'bem' — did you mean 'ben'?")
    # Was exit 1 with an authorization message: an actor who is no one.
    result = run("tandem", "assign", "ana", "ben", "-p", "default", who="carl")
    bad_input(result, "no person 'carl' — did you mean 'carla'?")
    result = run("tandem", "assign", "ana", "dav", "-p", "default", who="carla")
    bad_input(result, "no person 'dav' — did you mean 'dave'?")
    typo = t[:7] + ("0" if t[7] != "0" else "1")
    bad_input(
        run("tandem", "status", typo, who="ana"), f"no tandem {typo!r} — did you mean {t[:8]!r}?"
    )
    error = json.loads(run("activity", "dav", who="system", json_out=True).stdout)
    assert (error["error"], error["suggestions"]) == ("not-found", ["dave"])
    # Ana may not see the coordinator: no suggestion names her.
    result = run("activity", "carl", who="ana")
    bad_input(result, "no person 'carl'")
    assert "did you mean" not in result.output
    assert run.events() == before


def test_usage_errors_are_json_under_json(run):
    run.default_people()
    cases = [
        ("nonsense",),
        ("tandem", "list", "--status", "sleeping"),
        ("tandem", "status"),
        ("due", "--date", "31.02.2027"),
    ]
    for args in cases:
        result = run(*args, who="system", json_out=True)
        assert result.exit_code == 2, result.output
        error = json.loads(result.stdout)
        assert (error["ok"], error["exit"], error["error"]) == (False, 2, "usage")
        assert error["usage"].startswith("Usage:"), error
        assert "Usage:" not in result.stderr
    error = json.loads(run("programmes", today="31.02.2027", json_out=True).stdout)
    assert "February 2027 has 28 days" in error["message"]
    # Options after the command: the error still comes as JSON.
    t = run.tandem()
    argv = ["tandem", "accept", t, "--db", str(run.db), "--as", "ana", "--json"]
    error = json.loads(run.runner.invoke(cli, argv, catch_exceptions=False).stdout)
    assert (error["exit"], error["rule_ids"]) == (1, ["CORE-1"])
    argv = ["tandem", "list", "--db", str(run.db), "--as", "anna", "--json"]
    error = json.loads(run.runner.invoke(cli, argv, catch_exceptions=False).stdout)
    assert error["suggestions"] == ["ana"]
    text = run("tandem", "list", "--status", "sleeping", who="system")
    assert (text.exit_code, text.stdout) == (2, "")
    assert "Usage:" in text.stderr


# ---------------------------------------------------------------- point 6


_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b[2J\x1b]0;pwned\x07\rX\x9b31m\u202egnp.exe"


def _texts(data: object) -> list[str]:
    if isinstance(data, dict):
        return [t for v in data.values() for t in _texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return [data] if isinstance(data, str) else []


def _written_before_checks(run: Cli, placeholder: str, text: str) -> None:
    """Put *text* where *placeholder* is in every stored text: a database
    written before mentorcore refused such text at the door (and sealed it)."""
    unseal(run.db)
    with sqlite3.connect(run.db) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for column in db.execute(f"PRAGMA table_info({table})").fetchall():
                if column[2].upper() == "TEXT":
                    db.execute(
                        f"UPDATE {table} SET {column[1]} = replace({column[1]}, ?, ?)",
                        (placeholder, text),
                    )


def test_control_characters_in_names_and_reasons_print_as_escapes(run):
    people = DEFAULT_PEOPLE.replace("Ana Lopez", "Ana ZZNAMEZZ")
    run.ok("import", str(run.file("p.csv", people)), "-p", "default", who="system")
    t = run.active()
    run.ok("tandem", "dissolve", t, "--reason", "ZZREASONZZ", who="ana")
    escaped = json.dumps(EVIL)[1:-1]  # as it stands in the stored JSON
    _written_before_checks(run, "ZZNAMEZZ", escaped)
    _written_before_checks(run, "ZZREASONZZ", escaped)
    shown = "\\x1b[2J\\x1b]0;pwned\\x07\\x0dX\\x9b31m\\u202egnp.exe"
    for args, who, exact in [
        (("people",), "system", True),
        (("tandem", "list"), "ben", False),  # its JSON names people by id only
        (("tandem", "status", t), "ana", True),
        (("activity", "ana"), "ana", True),
    ]:
        out = run.ok(*args, who=who).stdout
        assert not _RAW.search(out), (args, out)
        assert shown in out.replace("\n", "").replace(" ", "").replace("│", ""), (args, out)
        document = run(*args, who=who, json_out=True).stdout
        assert not _RAW.search(document)
        # JSON keeps the exact data, as \\u escapes
        assert any(EVIL in text for text in _texts(json.loads(document))) == exact, args
    assert f"reason:  {shown}" in run.ok("tandem", "status", t, who="ana").stdout


def test_markup_in_data_prints_as_written(run):
    marked = "Ana [bold red]Lopez[/bold red] [link=https://evil.example]x[/link]"
    people = DEFAULT_PEOPLE.replace("Ana Lopez", marked)
    run.ok("import", str(run.file("p.csv", people)), "-p", "default", who="system")
    for args, who in [(("activity", "ana"), "ana"), (("people",), "system")]:
        out = run.ok(*args, who=who).stdout  # activity: in the table's title
        assert "[bold red]Lopez[/bold red]" in out
        assert "[link=https://evil.example]x[/link]" in out


def test_bidirectional_overrides_the_library_accepts_are_escaped(run):
    people = DEFAULT_PEOPLE.replace("Ana Lopez", "Ana \u202eexe.fdp")
    run.ok("import", str(run.file("p.csv", people)), "-p", "default", who="system")
    out = run.ok("people", who="system").stdout
    assert "\u202e" not in out
    assert "Ana \\u202eexe.fdp" in out


def test_a_certificate_named_after_a_hostile_id_stays_in_the_folder(run, tmp_path, monkeypatch):
    people = DEFAULT_PEOPLE.replace("ana,", "ZZIDZZ,")
    run.ok("import", str(run.file("p.csv", people)), "-p", "default", who="system")
    t = run.active(mentee="ZZIDZZ")
    run.ok("tandem", "close", t, who="ZZIDZZ", today="2027-06-28")
    run.ok("tandem", "complete", t, who="carla", today="2027-06-30")
    _written_before_checks(run, "ZZIDZZ", "x/../../escaped")
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    made = run.data("certificate", t, who="x/../../escaped", today="2027-07-01")
    assert Path(made["path"]).resolve() == work / "certificate-x_.._.._escaped.pdf"
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("*.pdf")] == [
        Path("a/b/c/certificate-x_.._.._escaped.pdf")
    ]


def test_file_names_from_data_are_safe_and_stay_inside(tmp_path):
    assert safe_name("x/../../escaped") == "x_.._.._escaped"
    assert [safe_name(t) for t in ("..", "/", "..\\..\\win")] == ["unnamed", "unnamed", "win"]
    assert [safe_name(t) for t in ("CON", "nul.txt", "Jürgen")] == ["_CON", "_nul.txt", "Jürgen"]
    assert len(safe_name("a" * 1000)) == 80
    with pytest.raises(InvalidInput):
        inside(tmp_path, "../escaped.pdf")
    assert inside(tmp_path, "ok.pdf") == tmp_path / "ok.pdf"


def test_match_propose_checks_rights_like_the_library(run):
    run.default_people()
    before = run.events()
    refused(run("match", "propose", "default", who="ana"), "CORE-AUTH")
    error = json.loads(run("match", "propose", "default", who="ana", json_out=True).stdout)
    assert (error["exit"], error["error"], error["rule_ids"]) == (1, "refused", ["CORE-AUTH"])
    assert run.data("match", "propose", "default", who="carla")["programme_key"] == "default"
    assert run.events() == before
