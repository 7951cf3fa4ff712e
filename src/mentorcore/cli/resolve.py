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
from mentorcore.cli.words import Alternatives
from mentorcore.domain import TandemId
from mentorcore.i18n import Message, _

#: What :class:`Unknown` says of the kinds the command line names.
_KINDS = {
    "person": _("no person {key}"),
    "tandem": _("no tandem {key}"),
    "programme": _("no programme {key}"),
    "meeting": _("no meeting {key}"),
    "goal": _("no goal {key}"),
}


T = TypeVar("T", Meeting, Goal)

MIN_PREFIX = 4


class Unknown(NotFound):
    """No *kind* is named *key*; :attr:`suggestions` are close names the
    viewer may see (exit 2, like every :class:`~mentorcore.NotFound`)."""

    def __init__(self, kind: str, key: str, suggestions: Iterable[str] = ()) -> None:
        found = tuple(suggestions)
        what = _KINDS.get(kind)
        quoted = "'" + key + "'"
        missing = (
            Message(what.msgid, {"key": quoted}, what.domain)
            if what
            else _("no {kind} {key}", kind=kind, key=quoted)
        )
        if found:
            hint = [f"'{s}'" for s in found]
            missing = _(
                "{missing} — did you mean {hint}?", missing=missing, hint=Alternatives(tuple(hint))
            )
        super().__init__(kind, key, missing)
        self.suggestions = found


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
        problem = _("give at least {n} characters of its id, got '{text}'", n=MIN_PREFIX, text=text)
        raise InvalidInput([("tandem", problem)])
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
        problem = _(
            "'{text}' names {n} tandems ({ids}): give more of the id",
            text=text,
            n=len(found),
            ids=ids,
        )
        raise InvalidInput([("tandem", problem)])
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
        missing = (
            _.plural(
                "no meeting number {number} (the tandem has {n})",
                "no meeting number {number} (the tandem has {n})",
                len(items),
                number=number,
            )
            if kind == "meeting"
            else _.plural(
                "no goal number {number} (the tandem has {n})",
                "no goal number {number} (the tandem has {n})",
                len(items),
                number=number,
            )
        )
        raise NotFound(kind, number, missing)
    if len(wanted) < MIN_PREFIX:
        problem = _("give its number or at least {n} characters of its id", n=MIN_PREFIX)
        raise InvalidInput([(kind, problem)])
    found = [i for i in items if str(i.id).startswith(wanted)]
    if len(found) != 1:
        if not found:
            raise NotFound(kind, text)
        problem = (
            _("'{text}' names {n} meetings: give more of the id", text=text, n=len(found))
            if kind == "meeting"
            else _("'{text}' names {n} goals: give more of the id", text=text, n=len(found))
        )
        raise InvalidInput([(kind, problem)])
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


def form_values(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """``FIELD=VALUE`` items typed with *option* (``--set``, ``--answer``) as
    values of a programme's form, by field.

    :raises InvalidInput: naming each item without a field and ``=`` (``--set #2``).
    """
    values: dict[str, str] = {}
    problems: list[tuple[str, Message]] = []
    for k, pair in enumerate(pairs, start=1):
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            problems.append(
                (f"{option} #{k}", _("expected FIELD=VALUE, got '{value}'", value=pair))
            )
        else:
            values[name.strip()] = value.strip()
    if problems:
        raise InvalidInput(problems)
    return values
