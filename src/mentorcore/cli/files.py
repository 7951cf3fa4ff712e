"""File names made from data: a person's id, a programme's key.

An id is whatever the host chose (``x/../../escaped`` is a valid one), so a
file named after it is built from its letters, digits, ``-``, ``_`` and
``.`` only, and stays inside the folder chosen for it. Paths a user gives
(``--out``) are hers and are taken as they are.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from mentorcore import InvalidInput
from mentorcore.i18n import _

#: Longest name part made from data; file systems allow 255 bytes in all.
LIMIT = 80
_UNSAFE = re.compile(r"[^\w.-]+")
# Names Windows reserves for devices, with or without an extension.
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}


def safe_name(text: str, *, fallback: str = "unnamed") -> str:
    """*text* as one file name part: letters, digits, ``-``, ``_`` and ``.``
    (runs of anything else become ``_``), no dot or ``_`` at either end, no device name, at
    most :data:`LIMIT` characters; *fallback* when nothing is left.

    >>> safe_name("x/../../escaped")
    'x_.._.._escaped'
    """
    name = _UNSAFE.sub("_", unicodedata.normalize("NFKC", text)).strip("._")[:LIMIT]
    name = name.rstrip("._") or fallback
    if name.split(".")[0].upper() in _DEVICES:
        name = f"_{name}"
    return name


def inside(folder: Path, name: str) -> Path:
    """*folder* / *name*, a file directly inside *folder*.

    :raises InvalidInput: *name* would lead elsewhere (a separator or ``..``);
        :func:`safe_name` never makes such a name.
    """
    path = folder / name
    if name in ("", ".", "..") or path.resolve().parent != folder.resolve():
        raise InvalidInput(
            [
                (
                    "file name",
                    _(
                        "{name} is not a file name inside {folder}",
                        name=repr(name),
                        folder=str(folder),
                    ),
                )
            ]
        )
    return path
