"""The certificate of participation (CORE-12) as a PDF page.

One A4 page, top to bottom: the issuer, the title, the words before the
mentee's name, the name, the paragraphs, the place and date line and the
signature lines, all in the certificate's language. Text is set in DejaVu
Sans, shipped with mentorcore and embedded as a subset; see
:mod:`mentorcore.adapters.pdf.fonts` for fallback fonts and transliteration.
No id of a tandem or person is printed or stored in the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from mentorcore.adapters.pdf.fonts import BOLD, REGULAR, Typesetting, shipped
from mentorcore.errors import MentorcoreError
from mentorcore.i18n import _, negotiate, render, using_language
from mentorcore.policy.certificates import Certificate, dated, default_text

if TYPE_CHECKING:
    from fpdf import FPDF

#: The font family of the shipped font inside the PDF.
FAMILY = "dejavu"
_INK = (25, 45, 80)
_GREY = (90, 90, 90)


class PdfUnavailable(MentorcoreError):
    """Writing a PDF needs the ``pdf`` extra (fpdf2, anyascii), which is not installed."""


@frozen
class Page:
    """The certificate's words, rendered in one language, before typesetting."""

    language: str
    issued_on: date
    issuer: tuple[str, ...]
    title: str
    lead: str
    name: str
    paragraphs: tuple[str, ...]
    date_line: str
    signatures: tuple[tuple[str, str], ...]

    def texts(self) -> list[str]:
        """Every text on the page."""
        signed = [t for pair in self.signatures for t in pair]
        return [*self.issuer, self.title, self.lead, self.name, *self.paragraphs, *signed]


def page(
    certificate: Certificate, language: str | None = None, issued_on: date | None = None
) -> Page:
    """*certificate*'s words in *language* (default: the certificate's), dated *issued_on*
    (default: the day it was completed)."""
    lang = negotiate(language) or negotiate(certificate.language) or "en"
    text = certificate.text or default_text(None, certificate)
    day = issued_on or certificate.completed_on
    with using_language(lang):
        return Page(
            lang,
            day,
            tuple(r for line in text.issuer if (r := render(line))),
            render(text.title),
            render(text.lead),
            certificate.mentee_name,
            tuple(r for p in text.paragraphs if (r := render(p))),
            dated(text.place, day).render(),
            tuple((render(s.name), render(s.role)) for s in text.signatures),
        )


def certificate_pdf(
    certificate: Certificate,
    *,
    language: str | None = None,
    issued_on: date | None = None,
    fallback_fonts: Sequence[Path] | None = None,
) -> bytes:
    """*certificate* as PDF bytes; the same record, language and day give the same bytes.

    :param certificate: From :meth:`mentorcore.Reader.certificate`, with its words.
    :param language: The language to print in (default: the certificate's).
    :param issued_on: The date of the place and date line (default: the day
        the tandem was completed).
    :param fallback_fonts: Fonts for characters DejaVu Sans lacks, best first
        (default: the host's, :func:`~mentorcore.adapters.pdf.fonts.host_fonts`).
    :raises PdfUnavailable: fpdf2 or anyascii is not installed.
    """
    words = page(certificate, language, issued_on)
    try:
        import anyascii  # noqa: F401  # transliterates what no font prints
        from fpdf import FPDF  # here, not above: fpdf2 loads fontTools and Pillow
    except ImportError as missing:
        raise PdfUnavailable(
            _(
                "writing a PDF needs {package}, which is not installed: "
                "pip install 'mentorcore[pdf]'",
                package=missing.name or "fpdf2",
            ).render(words.language)
        ) from None
    setting = Typesetting(words.texts(), fallback_fonts)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(shipped(REGULAR)))
    pdf.add_font(FAMILY, "B", str(shipped(BOLD)))
    fallbacks = [f"fallback{i}" for i in range(len(setting.fallbacks))]
    for family, path in zip(fallbacks, setting.fallbacks, strict=True):
        pdf.add_font(family, "", str(path))
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_creation_date(datetime.combine(words.issued_on, time(12), tzinfo=UTC))
    pdf.set_lang(words.language)
    pdf.set_title(f"{words.title} – {words.name}")
    pdf.set_author(words.issuer[0] if words.issuer else words.title)
    pdf.set_creator("mentorcore")
    _lay_out(pdf, words, setting)
    return bytes(pdf.output())


def _lay_out(pdf: FPDF, words: Page, setting: Typesetting) -> None:
    pdf.set_margins(25, 28, 25)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.8)
    pdf.rect(15, 15, 180, 267)

    def line(text: str, size: float, style: str = "", gap: float = 4, align: str = "C") -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(
            0, size * 0.5, setting.text(text), align=align, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(gap)

    pdf.set_text_color(*_INK)
    for issuer in words.issuer:
        line(issuer, 11, "", 1)
    pdf.set_line_width(0.3)
    pdf.line(60, pdf.get_y() + 3, 150, pdf.get_y() + 3)
    pdf.ln(16)
    line(words.title, 26, "B", 16)
    pdf.set_text_color(0, 0, 0)
    if words.lead:
        line(words.lead, 12, "", 4)
    line(words.name, 22, "B", 8)
    for paragraph in words.paragraphs:
        line(paragraph, 12, "", 4)
    pdf.set_y(max(pdf.get_y() + 12, 205))
    line(words.date_line, 11, "", 22, align="L")
    _signatures(pdf, words.signatures, setting)


def _signatures(pdf: FPDF, signatures: Sequence[tuple[str, str]], setting: Typesetting) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    count = max(len(signatures), 1)
    gap = 12.0
    width = min((pdf.epw - gap * (count - 1)) / count, 70.0)
    # Set from the right margin: one signature stands opposite the date line.
    left = pdf.l_margin + pdf.epw - count * width - (count - 1) * gap
    top = pdf.get_y()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    for i, (name, role) in enumerate(signatures or (("", ""),)):
        x = left + i * (width + gap)
        pdf.line(x, top, x + width, top)
        pdf.set_xy(x, top + 2)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, "", 10)
        if name:
            pdf.multi_cell(width, 5, setting.text(name), new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(*_GREY)
        pdf.set_font(FAMILY, "", 9)
        if role:
            pdf.multi_cell(width, 4.5, setting.text(role), new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
