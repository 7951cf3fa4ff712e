"""Output: readable tables for people, JSON for scripts, progress for long work.

Every human renderer goes through :func:`say`, :func:`heading`, :func:`notice`,
:func:`echo` or :func:`table`, which pass text through :func:`visible`: a
name, a reason or an id is data and prints as text, never as terminal control.
ESC, BEL, CR and the other C0 and C1 controls, bidirectional overrides and
lone surrogates are shown as escapes (``\\x1b``, ``\\u202e``). Everything goes
into rich as :class:`~rich.text.Text`, never as markup, so a name or a reason
with brackets (``[MEDIC-ELIG-1]``, ``[bold]``) prints as written. JSON keeps
the data exact, with those characters as ``\\u`` escapes.
"""

from __future__ import annotations

import enum
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import attrs
import click
from babel.numbers import format_decimal
from rich.cells import cell_len
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from mentorcore import Profile
from mentorcore.cli.context import session
from mentorcore.i18n import Message, _, babel_locale, current_language
from mentorcore.i18n import day as day_text
from mentorcore.i18n import moment as moment_text

#: A table cell: text, a translatable message, rich text in one style, or nothing.
Cell = str | Message | Text | None

# Characters that move the cursor, change colours, reorder text or cannot be
# encoded: C0 controls but tab and newline, DEL, C1, the bidirectional marks,
# embeddings, overrides and isolates, line and paragraph separators, lone
# surrogates.
_HOSTILE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """*text* safe to print on a terminal: control and direction characters as
    escapes (``\\x1b``, ``\\u202e``); tab and newline stay, and a Windows line
    end (CR LF) is a newline."""
    return _HOSTILE.sub(_escape, str(text).replace("\r\n", "\n"))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


#: The width of output that goes to a file or a pipe when ``COLUMNS`` does not
#: say: wide enough for a table in a log or a mail without wrapping much.
PIPED_WIDTH = 120


def width() -> int | None:
    """The width to print at: ``COLUMNS`` when set (terminal or not), else the
    terminal's own (``None``: rich asks it), else :data:`PIPED_WIDTH`."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return None if Console(file=sys.stdout).is_terminal else PIPED_WIDTH


def console(*, stderr: bool = False) -> Console:
    """A console on the current stdout (or stderr) at :func:`width`."""
    # sys.stdout at call time, so click's test runner sees the output
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=width(), highlight=False, emoji=False)


def jsonable(value: Any) -> Any:
    """*value* as plain JSON data: attrs classes as objects, enums by value,
    dates in ISO format, ids as text, sets sorted, translatable messages as
    text in the invocation's language."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Path):
        return str(value)
    if isinstance(value, Profile):
        return {k: jsonable(v) for k, v in value.items}
    if attrs.has(type(value)):
        return {f.name: jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """Print *data* as indented JSON on stdout.

    Text stays exact; characters a terminal would act on, and lone
    surrogates (which no encoding can print), are written as ``\\u`` escapes,
    which every JSON reader turns back into the same text.
    """
    # json.dumps escapes C0 controls itself; in its output the others can
    # only stand inside strings, where a \\u escape means the same.
    text = json.dumps(jsonable(data), indent=2, ensure_ascii=False)
    click.echo(_HOSTILE.sub(_json_escape, text))


def json_mode() -> bool:
    """Whether this invocation prints JSON."""
    return session().json


def say(text: str | Message = "") -> None:
    """A line for people (nothing in JSON mode, which prints one document)."""
    if not json_mode():
        click.echo(visible(text))


def echo(text: str | Message, *, err: bool = False) -> None:
    """A line for people on stdout (or stderr), in every mode: for what a
    command reports besides its JSON document, and for errors."""
    click.echo(visible(text), err=err)


def heading(text: str | Message) -> None:
    """A bold section heading for people."""
    if not json_mode():
        console().print(Text(visible(text), style="bold"))


def notice(text: str | Message, style: str = "yellow") -> None:
    """A line in colour for people (withheld content, advisories)."""
    if not json_mode():
        console().print(Text(visible(text), style=style))


def paragraph(text: str | Message, *, indent: int = 0, hang: int = 0) -> None:
    """A paragraph for people, wrapped between words at the console's width:
    its first line *indent* columns in, the others *hang* columns further."""
    if json_mode():
        return
    out = console()
    lines = Text(visible(text)).wrap(out, max(out.width - indent - hang, 1))
    for k, line in enumerate(lines):
        out.print(Text(" " * (indent + (hang if k else 0))) + line, soft_wrap=True)


def cell(value: Cell) -> Text:
    """A table cell as :class:`Text`: never markup, every character visible."""
    if isinstance(value, Text):
        # One style over the whole cell (status_text): rebuilt from its plain text.
        return Text(visible(value.plain), style=value.style, justify=value.justify)
    return Text(visible("" if value is None else value))


def table(
    columns: Sequence[str | Message],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str | Message | None = None,
) -> None:
    """A table for people; *rows* hold text or :class:`Text` cells.

    No word is ever broken: every column is at least as wide as its longest
    word, and longer text wraps between words. When the columns cannot all be
    that wide on the console, each row is printed as a block of ``column:
    value`` lines instead (the narrow layout).
    """
    if json_mode():
        return
    out = console()
    heads = [Text(visible(name), style="bold") for name in columns]
    body = [[cell(c) for c in row] for row in rows]
    # A title given as text would be read as markup: a name in it could style
    # or link the output.
    heading_text = None if title is None else Text(visible(title), style="italic")
    widths = fitted(heads, body, out.width - 3 * len(heads) - 1)
    if widths is None:
        _blocks(out, heads, body, heading_text)
        return
    grid = Table(title=heading_text, title_justify="left", show_lines=False, header_style="bold")
    for head, w in zip(heads, widths, strict=True):
        grid.add_column(head, width=w, overflow="fold")
    for row in body:
        grid.add_row(*row)
    out.print(grid)


def _words(text: Text) -> list[int]:
    return [cell_len(word) for word in text.plain.split()] or [0]


def fitted(heads: Sequence[Text], body: Sequence[Sequence[Text]], room: int) -> list[int] | None:
    """Column widths within *room* that break no word, or ``None`` if the
    longest words do not fit side by side. Columns get what their longest
    line needs; when that is too much, the widest give way first (down to
    their longest word), so short columns keep their lines whole."""
    columns = [[head, *(row[k] for row in body)] for k, head in enumerate(heads)]
    least = [max(w for t in col for w in _words(t)) for col in columns]
    most = [max(cell_len(line) for t in col for line in t.plain.split("\n")) for col in columns]
    if sum(least) > room:
        return None

    # The widest columns give way first: every column up to a common level,
    # none below its longest word nor beyond its longest line.
    def at(level: int) -> list[int]:
        return [max(lo, min(hi, level)) for lo, hi in zip(least, most, strict=True)]

    level = max(most)
    while sum(at(level)) > room:
        level -= 1
    widths = at(level)
    for k in sorted(range(len(widths)), key=lambda i: most[i], reverse=True):
        if sum(widths) < room and widths[k] < most[k]:
            widths[k] += 1
    return widths


def _blocks(
    out: Console, heads: Sequence[Text], body: Sequence[Sequence[Text]], title: Text | None
) -> None:
    """The narrow layout: one block of ``column: value`` lines per row."""
    if title is not None:
        out.print(title)
    for row in body:
        block = Table.grid(padding=(0, 1))
        block.add_column(no_wrap=True)
        block.add_column(overflow="fold")
        for head, value in zip(heads, row, strict=True):
            block.add_row(head + ":", value)
        out.print()
        out.print(block)


def status_text(on_track: bool | None, label: str | Message | None = None) -> Text:
    """``on track`` in green, ``behind`` in red, or a grey label (in the context's language)."""
    if on_track is None:
        return Text(str(label or "-"), style="dim")
    text = label or (_("on track") if on_track else _("behind"))
    return Text(str(text), style="green" if on_track else "red")


def short(value: UUID | str) -> str:
    """The first eight characters of an id: enough to name it on the command line."""
    return str(value)[:8]


def local(moment: datetime | None, timezone: str) -> str:
    """*moment* in the programme's time zone with the zone's name, in the
    context's language ("8. Oktober 2026, 17:00 MESZ"), or ``-``."""
    return "-" if moment is None else moment_text(moment, current_language(), timezone)


def local_day(moment: datetime | None, timezone: str) -> str:
    """The day of *moment* in the programme's time zone, in the context's
    language ("8. Oktober 2026"), or ``-``."""
    if moment is None:
        return "-"
    return day_text(moment.astimezone(ZoneInfo(timezone)).date(), current_language())


def decimal(value: float, pattern: str = "0.00") -> str:
    """*value* as a decimal in the context's language ("2,50" in German)."""
    return format_decimal(value, pattern, locale=babel_locale(current_language()))


def when(value: date | None) -> str:
    """*value* in the context's language ("2. März 2026"), or ``-``."""
    return "-" if value is None else day_text(value, current_language())


def _bar() -> Progress:
    # Silent when stderr is not a terminal or JSON is printed, so scripts and
    # logs get no control characters.
    out = console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=out,
        disable=json_mode() or not out.is_terminal,
        transient=True,
    )


@contextmanager
def progress(description: str, total: int) -> Iterator[Any]:
    """A progress bar on stderr while *total* steps run; yields ``advance()``.

    Silent when stderr is not a terminal or JSON is printed.
    """
    with _bar() as bar:
        task = bar.add_task(description, total=total)
        yield lambda steps=1: bar.advance(task, steps)


@contextmanager
def progress_of(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for work that reports ``(done, total)`` itself;
    yields that callback. Silent when stderr is not a terminal or JSON is printed.
    """
    with _bar() as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
