"""``mentorcore certificate``: the certificate of participation (CORE-12) as a PDF.

The PDF uses the standard PDF fonts (Helvetica) in the Windows-1252
encoding, so it needs no font files: every German letter (ä, ö, ü, ß) and
the typographic quotes and dashes print as they are. Letters outside that
encoding are transliterated to their base letter (Yılmaz → Yilmaz,
Łukasz → Lukasz) rather than dropped.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from mentorcore import Certificate
from mentorcore.cli.acting import target
from mentorcore.cli.context import common, session
from mentorcore.cli.files import inside, safe_name
from mentorcore.cli.output import echo, json_mode, print_json

ENCODING = "windows-1252"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Letters with no decomposition into a base letter plus accents.
_LETTERS = {
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
    "Ŋ": "Ng", "ŋ": "ng", "ĸ": "k", "Ŧ": "T", "ŧ": "t", "ẞ": "SS",
}  # fmt: skip


def printable(text: str) -> str:
    """*text* in Windows-1252: kept where possible, else transliterated, else ``?``."""
    out = []
    for char in text:
        if _encodable(char):
            out.append(char)
            continue
        base = _LETTERS.get(char) or "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(base if base and _encodable(base) else "?")
    return "".join(out)


def _encodable(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def long_date(day: date) -> str:
    """``1 October 2026``, the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def render(cert: Certificate, issued: date) -> bytes:
    """The certificate as PDF bytes; the same record and day give the same bytes."""
    from fpdf import FPDF  # here, not above: fpdf2 loads fontTools, Pillow and NumPy

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_creation_date(datetime.combine(issued, time(12), tzinfo=UTC))
    pdf.set_title(printable(f"Certificate of participation - {cert.mentee_name}"))
    pdf.set_author(printable(cert.programme_name))
    pdf.set_creator("mentorcore")
    pdf.set_margins(25, 30, 25)
    pdf.add_page()
    pdf.set_draw_color(40, 70, 120)
    pdf.set_line_width(0.8)
    pdf.rect(15, 15, 180, 267)

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, printable(text), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line("Certificate of participation", 26, "B", 2)
    line("Teilnahmebescheinigung", 14, "I", 18)
    line("This is to certify that", 12)
    line(cert.mentee_name, 22, "B", 6)
    line("took part as mentee in", 12)
    line(cert.programme_name, 16, "B", 6)
    line(f"with {cert.mentor_name} as mentor,", 13, "", 6)
    line(f"from {long_date(cert.started_on)} to {long_date(cert.completed_on)}.", 13, "", 6)
    n = cert.meetings_held
    held = "1 meeting was held" if n == 1 else f"{n} meetings were held"
    line(f"{held} in the course of the mentorship.", 12, "", 24)
    line(f"Issued on {long_date(issued)}", 11, "", 2)
    line(f"Tandem {cert.tandem_id} - {cert.programme_key}", 8, "", 0)
    return bytes(pdf.output())


@click.command("certificate", short_help="The certificate of participation as a PDF.")
@click.argument("tandem_ref", metavar="TANDEM")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF (default: certificate-MENTEE.pdf in this folder).",
)
@common
def certificate(tandem_ref: str, out: Path | None) -> None:
    """Write the certificate of participation of a completed tandem as a PDF,
    with both names, the programme, the period and the meetings held (CORE-12).

    \b
    Example:
      mentorcore --as sophie.krueger certificate 3f2a9c1e --out certificate.pdf
    """
    engine, actor, t = target(tandem_ref)
    cert = engine.reader(actor).certificate(t.id)
    # The default name comes from the mentee's id, which the host chose: kept
    # to safe characters, in the working directory.
    path = out or inside(Path.cwd(), f"certificate-{safe_name(t.mentee)}.pdf")
    path = write(cert, path, session().today("UTC"))
    if json_mode():
        print_json({"ok": True, "path": str(path), "certificate": cert})
    else:
        echo(f"Wrote the certificate of {cert.mentee_name} to {path}")


def write(cert: Certificate, path: Path, issued: date) -> Path:
    """Render *cert* into *path* (folders created as needed) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(cert, issued))
    return path
