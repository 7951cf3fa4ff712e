"""Events of calendar subscriptions: a person's feed URL issued or revoked.

A feed's URL carries a secret token; only its SHA-256 digest is stored, so
neither the log nor a back-up lets anyone rebuild the URL. Each feed has a
stream of its own, named by the digest's first half (:func:`feed_stream`),
so that a request with a token finds its feed without any index.
"""

from __future__ import annotations

from uuid import UUID

from attrs import frozen

from mentorcore.domain import PersonId
from mentorcore.events.base import Event


def feed_stream(feed_id: str) -> str:
    """The stream of the feed *feed_id*."""
    return f"calendar-feed:{feed_id}"


@frozen
class CalendarFeedIssued(Event):
    """A person got a calendar subscription URL (the web face's ``/calendar/<token>.ics``).

    :ivar person_id: Whose calendar it shows, as that person may see it.
    :ivar feed_id: The feed's public id (the digest's first 32 hex digits).
    :ivar digest: The SHA-256 of the token, hex; the token itself is never stored.
    :ivar nonce: Makes the event unique; no meaning.
    """

    name = "calendar-feed-issued"
    person_id: PersonId
    feed_id: str
    digest: str
    nonce: UUID


@frozen
class CalendarFeedRevoked(Event):
    """A calendar subscription URL stopped working for good."""

    name = "calendar-feed-revoked"
    person_id: PersonId
    feed_id: str


__all__ = ["CalendarFeedIssued", "CalendarFeedRevoked", "feed_stream"]
