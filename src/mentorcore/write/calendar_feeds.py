"""Calendar subscription URLs: issue, find and revoke a person's feed token.

A calendar app subscribes to a URL without signing in, so the URL's token is
the credential: :func:`issue` makes an unguessable one
(``secrets.token_urlsafe(32)``, 256 bits), stores only its SHA-256 digest
(:class:`~mentorcore.events.CalendarFeedIssued`) and hands the token out
once. :func:`calendar` answers the person's calendar *as that person may see
it* for a token that was issued and not revoked, to a person not erased;
anything else is :class:`~mentorcore.errors.NotFound` (an unknown, revoked
and erased token look alike). Only the person themself (or the system)
issues and revokes their feeds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from contextlib import AbstractContextManager
from typing import Protocol
from uuid import uuid4

from attrs import frozen

from mentorcore.adapters.store import Append, EventStore, NewEvent
from mentorcore.clock import Clock
from mentorcore.decision import Decision
from mentorcore.domain import Actor, PersonId
from mentorcore.errors import InvalidInput, NotFound, TransitionDenied
from mentorcore.events import CalendarFeedIssued, CalendarFeedRevoked, Event
from mentorcore.events.calendar_feed import feed_stream
from mentorcore.i18n import _
from mentorcore.state.access import State

#: Characters of a feed id: the first half of the token's digest, in hex.
FEED_ID_LENGTH = 32


class _Calendars(Protocol):
    def person_calendar(self, person_id: str) -> bytes: ...


class Engine(Protocol):
    """What the feeds need of a :class:`mentorcore.Engine` (which sits above
    the write side, so it is named by what it offers)."""

    @property
    def clock(self) -> Clock: ...
    @property
    def store(self) -> EventStore: ...
    @property
    def state(self) -> State: ...
    def atomic(self) -> AbstractContextManager[None]: ...
    def reader(self, viewer: Actor, *, language: str | None = None) -> _Calendars: ...


@frozen
class IssuedFeed:
    """A feed just issued: the token is shown once and never again.

    :ivar feed_id: The feed's id, to revoke it by.
    :ivar token: The secret of the subscription URL.
    :ivar person_id: Whose calendar it shows.
    """

    feed_id: str
    token: str
    person_id: PersonId


def digest(token: str) -> str:
    """The SHA-256 of *token*, hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue(engine: Engine, actor: Actor) -> IssuedFeed:
    """A new calendar feed of *actor*'s own calendar.

    :raises TransitionDenied: *actor* is the system or no registered person
        (CORE-FEED-1), or was erased (CORE-ERASE-4).
    """
    person = _person_of(engine, actor, "issue_calendar_feed")
    token = secrets.token_urlsafe(32)
    hashed = digest(token)
    feed_id = hashed[:FEED_ID_LENGTH]
    event = CalendarFeedIssued(engine.clock.now(), actor, person, feed_id, hashed, uuid4())
    _append(engine, feed_stream(feed_id), event)
    return IssuedFeed(feed_id, token, person)


def revoke(engine: Engine, actor: Actor, feed_id: str) -> None:
    """Revoke the feed *feed_id* of *actor*: its URL stops working for good.

    :raises NotFound: no such live feed of *actor* (someone else's looks the same).
    """
    person = _person_of(engine, actor, "revoke_calendar_feed")
    with engine.atomic():
        issued, revoked = _feed(engine, feed_id)
        if issued is None or revoked or issued.person_id != person:
            raise NotFound("calendar feed", feed_id)
        _append(
            engine,
            feed_stream(feed_id),
            CalendarFeedRevoked(engine.clock.now(), actor, person, feed_id),
        )


def calendar(engine: Engine, token: str, *, language: str | None = None) -> bytes:
    """The calendar the feed of *token* shows (``.ics``), as its person may see it.

    :raises NotFound: the token names no live feed (unknown, revoked, or its
        person erased).
    """
    hashed = digest(token) if isinstance(token, str) else ""
    issued, revoked = _feed(engine, hashed[:FEED_ID_LENGTH]) if hashed else (None, True)
    if (
        issued is None
        or revoked
        or not hmac.compare_digest(issued.digest, hashed)
        or engine.state.index.erased(issued.person_id)
    ):
        raise NotFound("calendar feed", "…")
    person = issued.person_id
    return engine.reader(Actor.person(person), language=language).person_calendar(person)


def _feed(engine: Engine, feed_id: str) -> tuple[CalendarFeedIssued | None, bool]:
    if len(feed_id) != FEED_ID_LENGTH or any(c not in "0123456789abcdef" for c in feed_id):
        return None, False
    stream = feed_stream(feed_id)
    decode = engine.state.event_types.decode
    events = [decode(r.stream_id, r.version, r.name, r.data) for r in engine.store.read(stream)]
    issued = next((e for e in events if isinstance(e, CalendarFeedIssued)), None)
    return issued, any(isinstance(e, CalendarFeedRevoked) for e in events)


def _person_of(engine: Engine, actor: Actor, verb: str) -> PersonId:
    if not isinstance(actor, Actor):
        raise InvalidInput([("actor", _("expected an actor"))])
    pid = actor.person_id
    if pid is None or pid not in engine.state.index.persons:
        raise TransitionDenied(
            verb,
            [Decision.deny("CORE-FEED-1", _("only a registered person has a calendar feed"))],
        )
    if engine.state.index.erased(pid):
        raise TransitionDenied(
            verb,
            [Decision.deny("CORE-ERASE-4", _("the personal data of {id} was erased", id=pid))],
        )
    return pid


def _append(engine: Engine, stream: str, event: Event) -> None:
    with engine.atomic():
        store = engine.store
        expected = store.version(stream)
        encoded = engine.state.event_types.encode(event, stream, expected + 1)
        store.append([Append(stream, expected, (NewEvent(*encoded),))])


__all__ = ["FEED_ID_LENGTH", "IssuedFeed", "calendar", "digest", "issue", "revoke"]
