"""The certificate of participation (CORE-12) a programme hands out, as a PDF.

Names in Latin Extended, Greek and Cyrillic come back exactly from the PDF's
text; what DejaVu Sans lacks prints with a host's fallback font or
transliterated, never as ``?``; the words are the programme's, in its
language, with a place and date line and no id anywhere in the document.
"""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from attrs import evolve
from meeting_kit import ANA, BEN, CARLA, active, cast, meet, terms
from pypdf import PdfReader

from mentorcore import (
    AgreementTerms,
    Certificate,
    Complete,
    Content,
    Decision,
    InvalidInput,
    Programme,
    Role,
    StartClosing,
    TandemStatus,
    Topic,
    hookimpl,
)
from mentorcore.adapters.pdf import PdfUnavailable, certificate_pdf, fonts
from mentorcore.i18n import day, using_language
from mentorcore.policy.certificates import CertificateText, Signature
from mentorcore.testing import walk_to

ROOT = Path(__file__).resolve().parent.parent
ISSUED = date(2027, 12, 9)
NAMES = ("Emre Yılmaz", "Łukasz Wałęsa", "Ayşe Güzeloğlu", "Ελένη Παπαδοπούλου", "Юлия Смирнова")


def record(mentee: str = "Emre Yılmaz", mentor: str = "Dr. Jürgen Müller-Weiß", **changes):
    """A certificate of the default programme, without words (the core's default speaks)."""
    base = Certificate(
        "8d0f7c1e-0000-4000-8000-00000000abcd",
        "default",
        "Mentoring (generic flow)",
        mentee,
        mentor,
        date(2026, 10, 1),
        date(2027, 9, 30),
        7,
        language="de",
    )
    return evolve(base, **changes)


def text_of(pdf: bytes) -> str:
    """The PDF's text, with every run of white space made one space."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def embedded_fonts(pdf: bytes) -> dict[str, object]:
    """Base font name → font descriptor of every font on the first page."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found = {}
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        found[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    return found


@pytest.mark.parametrize("name", NAMES)
def test_names_in_latin_extended_greek_and_cyrillic_come_back_exactly(name):
    pdf = certificate_pdf(record(mentee=name, mentor=NAMES[-1]), issued_on=ISSUED)
    text = text_of(pdf)
    assert name in text
    assert NAMES[-1] in text
    assert "?" not in text


def test_the_pdf_embeds_dejavu_sans_as_a_truetype_subset_and_is_repeatable():
    pdf = certificate_pdf(record(), issued_on=ISSUED)
    found = embedded_fonts(pdf)
    assert {re.sub(r"^/[A-Z]{6}\+", "", n) for n in found} == {"DejaVuSansBook", "DejaVuSansBold"}
    assert all("/FontFile2" in descriptor for descriptor in found.values())
    assert len(pdf) < 40_000  # subsets, not the 1.4 MB of the two fonts
    assert certificate_pdf(record(), issued_on=ISSUED) == pdf


def test_the_default_words_in_german_with_the_issue_date_and_no_id():
    cert = record()
    pdf = certificate_pdf(cert, issued_on=ISSUED)
    text = text_of(pdf)
    for expected in (
        "Teilnahmebescheinigung",
        "Hiermit wird bescheinigt, dass Emre Yılmaz",
        "vom 1. Oktober 2026 bis 30. September 2027 als Mentee am Programm "
        "„Mentoring (generic flow)“ teilgenommen hat.",
        "Als Mentor begleitete Dr. Jürgen Müller-Weiß das Mentoring.",
        "Im Verlauf des Mentorings fanden 7 Treffen statt.",
        "Ausgestellt am 9. Dezember 2027",
        "Koordination des Programms",
    ):
        assert expected in text
    assert cert.tandem_id not in text
    assert cert.tandem_id.encode() not in pdf  # not in the metadata either
    assert "abcd" not in text


def test_plurals_and_a_certificate_without_meetings():
    one = text_of(certificate_pdf(record(meetings_held=1), issued_on=ISSUED))
    assert "Im Verlauf des Mentorings fand ein Treffen statt." in one
    none = text_of(certificate_pdf(record(meetings_held=0), issued_on=ISSUED))
    assert "Treffen" not in none
    english = text_of(certificate_pdf(record(meetings_held=1), language="en", issued_on=ISSUED))
    assert "1 meeting was held in the course of the mentoring." in english
    assert "Certificate of participation" in english


def test_a_place_makes_the_german_and_english_date_line():
    words = CertificateText(
        issuer="Stadt Kerpen",
        title="Teilnahmebescheinigung",
        lead="",
        paragraphs=("hat teilgenommen.",),
        place="Kerpen",
        signatures=(Signature("Sahra Vafai", "Projektteam"), Signature("Bianca Mangels")),
    )
    cert = record(text=words)
    german = text_of(certificate_pdf(cert, issued_on=ISSUED))
    assert "Kerpen, den 9. Dezember 2027" in german
    assert "Sahra Vafai" in german
    assert "Bianca Mangels" in german
    english = text_of(certificate_pdf(cert, language="en", issued_on=ISSUED))
    assert f"Kerpen, {day(ISSUED, 'en')}" in english
    assert "den" not in english.split()


def tiny_cjk_font(path: Path, chars: str) -> Path:
    """A TrueType font whose only glyphs are squares for *chars* (and a space)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            pen.moveTo((100, 0))
            pen.lineTo((100, 800))
            pen.lineTo((900, 800))
            pen.lineTo((900, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({n: (1000, 0) for n in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Tiny CJK", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_chinese_prints_with_a_fallback_font_of_the_host(tmp_path, monkeypatch):
    font = tiny_cjk_font(tmp_path / "tiny-cjk.ttf", "王小明")
    monkeypatch.setattr(fonts, "host_fonts", lambda: (tmp_path / "broken.ttf", font))
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    pdf = certificate_pdf(record(mentee="王小明"), issued_on=ISSUED)
    assert "王小明" in text_of(pdf)
    assert any("/FontFile2" in d for n, d in embedded_fonts(pdf).items() if "Tiny" in n)


def test_without_a_fallback_font_chinese_and_unshaped_scripts_are_transliterated(monkeypatch):
    monkeypatch.setattr(fonts, "host_fonts", lambda: ())
    pdf = certificate_pdf(record(mentee="王小明", mentor="مريم שרה Юлия"), issued_on=ISSUED)
    text = text_of(pdf)
    assert "Wang Xiao Ming" in text
    assert "mrym srh Юлия" in text  # Arabic and Hebrew need shaping: transliterated
    assert "?" not in text
    assert len(embedded_fonts(pdf)) == 2


def test_host_fonts_named_in_the_environment_come_first(tmp_path, monkeypatch):
    font = tiny_cjk_font(tmp_path / "mine.ttf", "李")
    monkeypatch.setenv(fonts.FONTS_VARIABLE, f"{tmp_path / 'missing.ttf'}:{font}")
    assert fonts.host_fonts()[0] == font


def test_certificate_words_of_the_wrong_kind_are_bad_input():
    with pytest.raises(InvalidInput, match="issuer"):
        CertificateText(issuer=None, title="t", lead="", paragraphs=())
    with pytest.raises(InvalidInput, match="paragraphs"):
        CertificateText(issuer="x", title="t", lead="", paragraphs=[1])
    with pytest.raises(InvalidInput, match="signatures"):
        CertificateText(issuer="x", title="t", lead="", paragraphs=(), signatures=["Ana"])


def test_without_fpdf_a_pdf_is_refused_with_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(PdfUnavailable, match=re.escape("pip install 'mentorcore[pdf]'")):
        certificate_pdf(record(), issued_on=ISSUED)


# ---------------------------------------------------------------- through the engine


CLUB = Programme(
    key="club",
    name="Club mentoring",
    topics=(Topic("network", "Building a network", label="Netzwerk"), Topic("exam", "Exams")),
    language="de",
)


class ClubPlugin:
    """A programme whose coordination sees agreements, with its own certificate words."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(CLUB)

    @hookimpl
    def mentorcore_can_view(self, content, viewer_role):
        if content is Content.AGREEMENT and viewer_role is Role.COORDINATOR:
            return Decision.allow("CLUB-1", "the coordination keeps a copy")
        return None

    @hookimpl
    def mentorcore_certificate_text(self, programme, certificate, language):
        return CertificateText(
            issuer=(programme.name,),
            title="Urkunde",
            lead=f"Sprache {language}:",
            paragraphs=(", ".join(map(str, certificate.topics)) or "keine Themen",),
            place="Kerpen",
        )


def completed(engine, clock, programme="default", topics=()):
    """ana and ben's tandem in *programme*, with two meetings held, completed on 30 June 2027."""
    agreed = AgreementTerms(period_start=date(2026, 10, 5), topics=topics)
    if programme == "default":
        t = active(engine, terms(date(2026, 10, 5)))
    else:
        cast(engine, programme)
        t = walk_to(
            engine, TandemStatus.ACTIVE, programme=programme, mentee="ana", mentor="ben",
            terms=agreed,
        )  # fmt: skip
    for held in (datetime(2026, 10, 12, 16, tzinfo=UTC), datetime(2026, 11, 16, 16, tzinfo=UTC)):
        clock.set(held + timedelta(days=1))
        meet(engine, t, held)
    clock.set(datetime(2027, 6, 28, 12, tzinfo=UTC))
    engine.execute(StartClosing(tandem_id=t.id), actor=ANA)
    clock.set(datetime(2027, 6, 30, 12, tzinfo=UTC))
    engine.execute(Complete(tandem_id=t.id), actor=BEN)
    return t


def test_the_reader_gives_the_core_default_in_the_language_chosen(make_engine, clock):
    engine = make_engine()
    t = completed(engine, clock)
    cert = engine.reader(ANA).certificate(t.id)
    assert cert.language == "en"  # the default programme's
    assert cert.text is not None
    assert cert.topics == ()  # the default coordination sees no agreement
    english = text_of(certificate_pdf(cert))
    assert "from 5 October 2026 to 30 June 2027" in english
    assert "2 meetings were held in the course of the mentoring." in english
    assert f"Issued on {day(date(2027, 6, 30), 'en')}" in english  # the day it was completed
    with using_language("de"):
        german = engine.reader(CARLA).certificate(t.id)
    assert german.language == "de"
    text = text_of(certificate_pdf(german))
    assert "Im Verlauf des Mentorings fanden 2 Treffen statt." in text
    for person_id in ("ana", "ben", "carla", str(t.id)):
        assert person_id not in text.split()
    assert str(t.id) not in text
    asked = engine.reader(ANA, language="de").certificate(t.id)  # the reader's language
    assert asked.language == "de"
    assert asked == german


def test_a_programme_writes_its_own_words_and_shows_the_topics_its_coordination_sees(
    make_engine, clock
):
    engine = make_engine(plugins=[ClubPlugin()])
    club = completed(engine, clock, "club", topics=("network", "my private worry", "exam"))
    cert = engine.reader(ANA).certificate(club.id)
    assert cert.language == "de"  # the programme's
    assert [str(t) for t in cert.topics] == ["Netzwerk", "Exams"]  # catalogue topics only
    text = text_of(certificate_pdf(cert))
    assert "Urkunde" in text
    assert "Sprache de: Ana Roth Netzwerk, Exams" in text
    assert "Kerpen, den 30. Juni 2027" in text
    assert "worry" not in text


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "medic",
            (
                "Medizincampus Chemnitz der TU Dresden",
                "als Mentee am MEDiC 1:1-Mentoring",
                "Themen des Mentorings: Netzwerk.",
                "Chemnitz, den 9. Dezember 2027",
                "Rosi Lange Mentoringkoordination",
            ),
        ),
        (
            "ostalb",
            (
                "Landratsamt Ostalbkreis",
                "Stipendienprogramme des Landratsamts Ostalbkreis und der Kliniken Ostalb",
                "ihre Inhalte sind nicht Gegenstand dieser Bescheinigung.",
                "Aalen, den 9. Dezember 2027",
                "Für das Landratsamt Ostalbkreis",
            ),
        ),
        (
            "kerpen",
            (
                "Stadt Kerpen Internes Mentoringprogramm für weibliche Nachwuchsführungskräfte",
                "Ihre Mentorin war Dr. Jürgen Müller-Weiß.",
                "Im Verlauf des Mentoringjahres fanden 7 Treffen statt.",
                "Kerpen, den 9. Dezember 2027",
                "Sahra Vafai Projektteam",
                "Bianca Mangels Projektteam",
            ),
        ),
    ],
)
def test_each_programme_issues_its_certificate_in_german(make_engine, key, expected):
    policy = importlib.import_module(f"mentorcore_{key}.policy")
    engine = make_engine(plugins=[policy])
    programme = engine.programme(key)
    cert = record(programme_key=key, programme_name=programme.name, topics=("Netzwerk",))
    words = engine.state.hooks.certificate_text(programme, cert, "de")
    assert words is not None
    text = text_of(certificate_pdf(evolve(cert, text=words), issued_on=ISSUED))
    opening = (
        "Teilnahmebescheinigung Hiermit wird bescheinigt, dass Emre Yılmaz vom 1. Oktober 2026"
    )
    assert f"{opening} bis 30. September 2027 als Mentee am" in text
    for line in expected:
        assert line in text
    if key == "ostalb":  # OSTALB-CONF-1: the conversations are confidential
        assert "Netzwerk" not in text
    assert not re.search(r"\b(the|of|took|mentoring)\b", text), text  # no English left


def test_the_wheel_ships_the_fonts_with_their_licence(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("mentorcore-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        licence = z.read("mentorcore/fonts/LICENSE-DejaVu.txt").decode()
    assert {"mentorcore/fonts/DejaVuSans.ttf", "mentorcore/fonts/DejaVuSans-Bold.ttf"} <= names
    assert "Bitstream Vera" in licence
    assert "DejaVu changes are in public domain" in licence
