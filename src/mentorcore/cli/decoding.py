"""A file's text, whatever tool saved it.

CSV files come from spreadsheets: UTF-8 with or without a byte-order mark,
UTF-16 ("Unicode text"), or the Windows code page of the machine (German
Excel saves Windows-1252). A byte-order mark decides; valid UTF-8 is
UTF-8; otherwise charset-normalizer judges, and where Windows-1252 reads the
bytes as well as its best guess (their texts are the same, as for German
text in Windows-1250 and Windows-1252) Windows-1252 is taken, since that is
what German Excel writes. JSON is Unicode by its standard (RFC 8259): UTF-8,
UTF-16 or UTF-32, else an error that names line and column.
"""

from __future__ import annotations

import codecs
import json

from mentorcore import InvalidInput

#: The legacy encoding preferred among equally good guesses.
WINDOWS = "cp1252"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}


def label(encoding: str) -> str:
    """A readable name for *encoding* (``UTF-8``, ``Windows-1252``)."""
    if encoding in _NAMES:
        return _NAMES[encoding]
    if encoding.startswith("cp125"):
        return f"Windows-{encoding[2:]}"
    return encoding.replace("_", "-")


def _where(data: bytes, name: str, start: int) -> str:
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    return f"{name} line {line}, column {column}"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        byte = data[error.start : error.start + 1].hex()
        problem = f"byte 0x{byte} is not {label(encoding)} text: save the file as UTF-8"
        raise InvalidInput([(_where(data, name, error.start), problem)]) from None


def _bom(data: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def json_text(data: bytes, name: str) -> str:
    """The text of a JSON file: UTF-8, or UTF-16/32 as its byte-order mark or
    its first characters show (RFC 8259).

    :raises InvalidInput: the bytes are not text in that encoding; the
        problem names line and column.
    """
    encoding = _bom(data) or json.detect_encoding(data)
    return _strict(data, encoding, name)


def csv_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in (see the module).

    :raises InvalidInput: no encoding reads it as text (a binary file).
    """
    encoding = _bom(data)
    if encoding is not None:
        return _strict(data, encoding, name), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Here, not above: most files are UTF-8 and need no detection.
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        problem = "is not text in any encoding mentorcore knows: save it as CSV in UTF-8"
        raise InvalidInput([(name, problem)])
    if WINDOWS in best.could_be_from_charset:
        return data.decode(WINDOWS), WINDOWS
    # Equally plausible (no more chaos), Windows-1252 wins: German Excel's choice.
    windows = next((m for m in matches if WINDOWS in m.could_be_from_charset), None)
    if windows is not None and windows.chaos <= best.chaos:
        return data.decode(WINDOWS), WINDOWS
    return str(best), best.encoding
