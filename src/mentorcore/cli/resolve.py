"""Naming things on the command line: tandems, meetings and goals by short ids.

A tandem is named by its id or any unambiguous prefix of at least four
characters (tables print eight). A meeting or goal is named by its number
in the tandem (1, 2, ... in the order they were created) or by an id prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import click

from mentorcore import Goal, InvalidInput, Meeting, NotFound, Reader, Tandem
from mentorcore.domain import TandemId

T = TypeVar("T", Meeting, Goal)

MIN_PREFIX = 4


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
    found = [t for t in reader.tandems() if str(t.id).startswith(wanted)]
    if not found:
        raise NotFound("tandem", text)
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
    if wanted.isdigit() and len(wanted) <= 3:
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
    (naive: :func:`in_zone` places it in the programme's time zone) or with an
    offset (``2026-10-12T18:00+02:00``).

    :raises click.BadParameter: *value* is no date-time (exit 2).
    """
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD HH:MM, got {value!r}", ctx, param) from None


def in_zone(moment: datetime, timezone: str) -> datetime:
    """*moment* as an aware UTC instant; a naive one is read in *timezone*."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)
