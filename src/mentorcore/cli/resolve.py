"""Naming things on the command line: people, tandems, meetings and goals.

A person is named by her id. A tandem is named by its id or any unambiguous
prefix of at least four characters (tables print eight). A meeting or goal
is named by its number in the tandem (1, 2, ... in the order they were
created) or by an id prefix. A name that names nothing is bad input (exit 2)
with the close names the viewer may see: "no person 'hanss' — did you mean
'hans'?".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import click

from mentorcore import Goal, InvalidInput, Meeting, NotFound, NotVisible, Reader, Tandem
from mentorcore.cli.dates import DateError, parse_datetime
from mentorcore.domain import TandemId

T = TypeVar("T", Meeting, Goal)

MIN_PREFIX = 4


class Unknown(NotFound):
    """No *kind* is named *key*; :attr:`suggestions` are close names the
    viewer may see (exit 2, like every :class:`~mentorcore.NotFound`)."""

    def __init__(self, kind: str, key: str, suggestions: Iterable[str] = ()) -> None:
        super().__init__(kind, key)
        self.suggestions = tuple(suggestions)
        hint = " or ".join(repr(s) for s in self.suggestions)
        self.args = (f"no {kind} {key!r}" + (f" — did you mean {hint}?" if hint else ""),)


def close_to(text: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to *n* of *candidates* spelled like *text*, closest first."""
    # Only names of about the same length can be close: skips most of a
    # large directory before difflib compares.
    near = [c for c in candidates if abs(len(c) - len(text)) <= max(2, len(text) // 3)]
    return difflib.get_close_matches(text, near, n=n, cutoff=0.6)


def _exists(reader: Reader, person_id: str) -> bool:
    try:
        reader.person(person_id)
    except NotVisible:
        return True
    except NotFound:
        return False
    return True


def _seen(reader: Reader, person_id: str) -> bool:
    try:
        reader.person(person_id)
    except (NotFound, NotVisible):
        return False
    return True


def unknown_person(reader: Reader, text: str, everyone: Iterable[str]) -> Unknown:
    """The error for *text*, naming no one of *everyone*, with the close ids
    *reader*'s viewer may see."""
    close = [c for c in close_to(text, everyone, n=10) if _seen(reader, c)]
    return Unknown("person", text, close[:3])


def person(reader: Reader, text: str, everyone: Iterable[str]) -> str:
    """*text* if it is a person's id (whether or not the reader's viewer may
    see her: the command then says what she may do).

    :param everyone: Every person's id, for the suggestions.
    :raises Unknown: no person has that id.
    """
    if _exists(reader, text):
        return text
    raise unknown_person(reader, text, everyone)


def tandem_id(reader: Reader, text: str) -> TandemId:
    """The id of the tandem whose id is or starts with *text*, among those the
    reader's viewer may see (a full id is taken as it is: reading it then says
    whether the viewer may see it).

    :raises InvalidInput: *text* is too short or names several tandems.
    :raises NotFound: no tandem the viewer may see matches.
    """
    wanted = text.strip().lower()
    if len(wanted) < MIN_PREFIX:
        raise InvalidInput(
            [("tandem", f"give at least {MIN_PREFIX} characters of its id, got {text!r}")]
        )
    try:
        return TandemId(UUID(wanted))
    except ValueError:
        pass
    tandems = reader.tandems()
    found = [t for t in tandems if str(t.id).startswith(wanted)]
    if not found:
        prefixes = {str(t.id)[: len(wanted)]: str(t.id)[:8] for t in tandems}
        raise Unknown("tandem", text, [prefixes[p] for p in close_to(wanted, prefixes)])
    if len(found) > 1:
        ids = ", ".join(str(t.id)[:12] for t in found[:5])
        raise InvalidInput(
            [("tandem", f"{text!r} names {len(found)} tandems ({ids}): give more of the id")]
        )
    return found[0].id


def tandem(reader: Reader, text: str) -> Tandem:
    """The tandem *text* names (see :func:`tandem_id`), as the reader's viewer may see it.

    :raises NotVisible: the viewer takes no part in it (CORE-AUTH).
    """
    return reader.tandem(tandem_id(reader, text))


def _numbered(items: Sequence[T], text: str, kind: str) -> T:
    wanted = text.strip().lower()
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 3:  # not "²"
        number = int(wanted)
        if 1 <= number <= len(items):
            return items[number - 1]
        raise NotFound(kind, f"number {number} (the tandem has {len(items)})")
    if len(wanted) < MIN_PREFIX:
        raise InvalidInput(
            [(kind, f"give its number or at least {MIN_PREFIX} characters of its id")]
        )
    found = [i for i in items if str(i.id).startswith(wanted)]
    if len(found) != 1:
        if not found:
            raise NotFound(kind, text)
        raise InvalidInput([(kind, f"{text!r} names {len(found)} {kind}s: give more of the id")])
    return found[0]


def meeting(tandem: Tandem, text: str) -> Meeting:
    """The tandem's meeting numbered or id-prefixed *text*."""
    return _numbered(tandem.meetings, text, "meeting")


def goal(tandem: Tandem, text: str) -> Goal:
    """The tandem's goal numbered or id-prefixed *text*."""
    return _numbered(tandem.goals, text, "goal")


def number_of(items: Sequence[T], item_id: object) -> int:
    """The 1-based number of the item with *item_id*."""
    return next(k for k, item in enumerate(items, start=1) if item.id == item_id)


def local_moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An option callback reading a date-time as people write it: ``2026-10-12 18:00``
    or ``12.10.2026 18:00`` (naive: :func:`in_zone` places it in the programme's
    time zone) or with an offset (``2026-10-12T18:00+02:00``); see
    :mod:`mentorcore.cli.dates`.

    :raises click.BadParameter: *value* is no date-time, or outside the
        accepted years (exit 2, the reason in words).
    """
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except DateError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def in_zone(moment: datetime, timezone: str) -> datetime:
    """*moment* as an aware UTC instant; a naive one is read in *timezone*."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)
