"""Fonts for PDFs: DejaVu Sans shipped with mentorcore, fallback fonts of the host,
and a transliteration for what no font can print.

mentorcore ships DejaVu Sans and DejaVu Sans Bold (``mentorcore/fonts``, with
their licence): Latin with every accent and Latin Extended (Yılmaz, Łukasz,
Ğ), Greek and Cyrillic print exactly. For scripts DejaVu Sans lacks, chiefly
Chinese, Japanese and Korean, a PDF uses a fallback font when the host has
one: the files named in ``MENTORCORE_PDF_FONTS`` (separated like ``PATH``),
then well-known CJK fonts in the usual font folders (Noto Sans CJK, Source
Han Sans, WenQuanYi, Droid Sans Fallback, IPA, Nanum, the fonts of macOS and
Windows). Only the fonts a document needs are embedded, as subsets.

What no font prints is transliterated to Latin letters with anyascii
(王小明 → "Wang Xiao Ming", syllables of Chinese and Korean set apart), never
replaced by ``?``. So are scripts that need text shaping to be drawn right
(Arabic, Hebrew and the other right-to-left scripts, the Indic and
South-East Asian scripts; مريم → "mrym", שרה → "srh"): mentorcore draws text
without shaping (fpdf2's shaping needs uharfbuzz, which it does not require),
and unshaped text in these scripts would print in the wrong order or with the
wrong letter forms.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

#: The shipped fonts, in ``mentorcore/fonts``.
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
#: The environment variable naming extra fallback fonts, separated by ``os.pathsep``.
FONTS_VARIABLE = "MENTORCORE_PDF_FONTS"

#: Well-known fonts with CJK glyphs, by file name, best first.
KNOWN_FALLBACKS = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansCJKjp-Regular.otf",
    "NotoSansCJKkr-Regular.otf",
    "NotoSansSC-Regular.otf",
    "NotoSansSC-Regular.ttf",
    "NotoSansJP-Regular.otf",
    "NotoSansKR-Regular.otf",
    "SourceHanSans-Regular.ttc",
    "SourceHanSansSC-Regular.otf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "ipagp.ttf",
    "ipag.ttf",
    "NanumGothic.ttf",
    "PingFang.ttc",
    "Hiragino Sans GB.ttc",
    "AppleSDGothicNeo.ttc",
    "Arial Unicode.ttf",
    "msyh.ttc",
    "msgothic.ttc",
    "malgun.ttf",
    "simsun.ttc",
)
#: Where hosts keep fonts.
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "C:/Windows/Fonts",
)
#: Blocks of scripts drawn wrongly without shaping (besides right-to-left ones).
_SHAPED = ((0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x17FF), (0xA980, 0xA9DF))
#: Characters whose transliterations are set apart by spaces (one syllable each).
_SYLLABLES = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE")


def shipped(name: str) -> Path:
    """The path of a font shipped in ``mentorcore/fonts``."""
    return Path(str(resources.files("mentorcore").joinpath("fonts", name)))


def host_fonts() -> tuple[Path, ...]:
    """The host's fallback fonts, best first: those named in
    ``MENTORCORE_PDF_FONTS``, then the well-known ones found in the font folders."""
    named = [Path(p).expanduser() for p in os.environ.get(FONTS_VARIABLE, "").split(os.pathsep)]
    return tuple(dict.fromkeys([*(p for p in named if p.is_file()), *_known_fonts()]))


@functools.cache
def _known_fonts() -> tuple[Path, ...]:
    rank = {name.casefold(): i for i, name in enumerate(KNOWN_FALLBACKS)}
    found: list[tuple[int, Path]] = []
    for folder in FONT_FOLDERS:
        for root, _dirs, files in os.walk(Path(folder).expanduser()):
            found += [(rank[f.casefold()], Path(root, f)) for f in files if f.casefold() in rank]
    return tuple(path for _rank, path in sorted(found))


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """The code points *path* has glyphs for (the first face of a collection).

    :raises OSError: the file cannot be read.
    :raises Exception: fontTools cannot read it as a font.
    """
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # with fpdf2, when needed

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def needs_shaping(char: str) -> bool:
    """Whether *char* belongs to a script that prints wrongly without text shaping."""
    if unicodedata.bidirectional(char) in ("R", "AL"):
        return True
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _SHAPED)


class Typesetting:
    """The fonts a document needs for its *texts*, and its texts as they will print.

    :param texts: Every text the document shows.
    :param fallbacks: Candidate fallback fonts, best first (default: :func:`host_fonts`).
    """

    def __init__(self, texts: Iterable[str], fallbacks: Sequence[Path] | None = None) -> None:
        main = coverage(shipped(REGULAR)) & coverage(shipped(BOLD))
        wanted = {ord(c) for text in texts for c in text if not needs_shaping(c)} - main
        #: The fallback fonts to embed, each needed for some character.
        self.fallbacks: list[Path] = []
        covered: set[int] = set()
        for path in host_fonts() if fallbacks is None else fallbacks:
            if not wanted - covered:
                break
            try:
                useful = (wanted - covered) & coverage(path)
            except Exception:  # an unreadable host font is no font
                continue
            if useful:
                self.fallbacks.append(path)
                covered |= useful
        self._printable = main | covered

    def prints(self, char: str) -> bool:
        """Whether *char* prints as itself."""
        return ord(char) in self._printable and not needs_shaping(char)

    def text(self, text: str) -> str:
        """*text* as it will print: itself where a font has it, else transliterated."""
        if all(self.prints(c) for c in text):
            return text
        from anyascii import anyascii

        out: list[str] = []
        syllable = False
        for char in text:
            if self.prints(char):
                out.append(char)
                syllable = False
                continue
            latin = anyascii(char)
            apart = unicodedata.name(char, "").startswith(_SYLLABLES) and bool(latin)
            if apart and syllable:
                out.append(" ")
            out.append(latin)
            syllable = apart
        return "".join(out)
