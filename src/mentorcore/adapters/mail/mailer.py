"""The mailer port: how mentorcore hands a message to the world, and how that fails.

Like Django's e-mail backends: one protocol, several adapters (SMTP, .eml
files, memory). A delivery run uses one mailer as a context manager, so an
SMTP mailer keeps one connection for the run::

    with mailer:
        for message in due:
            try:
                mailer.send(message)
            except TemporaryFailure: ...   # keep it, try again later
            except PermanentFailure: ...   # give up on this message, report it

:class:`ServerUnavailable` (a :class:`TemporaryFailure`) says the failure is
not this message's: the server cannot be reached or refuses the session, so
the other messages of the run will fail alike.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self, runtime_checkable

from mentorcore.errors import MentorcoreError
from mentorcore.i18n import Text

if TYPE_CHECKING:
    from mentorcore.adapters.mail.message import OutgoingMessage

__all__ = [
    "BaseMailer",
    "DeliveryError",
    "Mailer",
    "PermanentFailure",
    "ServerUnavailable",
    "TemporaryFailure",
]


class DeliveryError(MentorcoreError):
    """A message was not delivered. Its text says why, in the reader's language.

    :ivar code: The SMTP reply code (``451``, ``550``), if a server gave one.
    """

    def __init__(self, reason: Text, *, code: int | None = None) -> None:
        self.code = code
        super().__init__(reason)


class TemporaryFailure(DeliveryError):
    """Not delivered now; the same message may succeed later (4xx replies,
    connections refused, reset or timed out, names not resolved)."""


class ServerUnavailable(TemporaryFailure):
    """The mail server cannot be reached or refuses the session (connection,
    TLS, login): nothing about this message, and the rest of the run fails alike."""


class PermanentFailure(DeliveryError):
    """This message will never be delivered as it is (5xx replies: recipient
    unknown or refused, address invalid, message refused)."""


@runtime_checkable
class Mailer(Protocol):
    """Sends messages. Used as a context manager for a run (one connection).

    :meth:`send` outside a ``with`` block works too (a connection per message).
    """

    def send(self, message: OutgoingMessage) -> None:
        """Hand *message* on for delivery; returns once it is accepted.

        :raises TemporaryFailure: try again later.
        :raises PermanentFailure: never deliverable as it is.
        """

    def open(self) -> None:
        """Prepare for several sends (connect); a no-op if already open."""

    def close(self) -> None:
        """End the run (disconnect); never raises, a no-op if not open."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class BaseMailer:
    """The context manager every adapter shares: ``with`` opens and closes."""

    def open(self) -> None:
        """Nothing to prepare."""

    def close(self) -> None:
        """Nothing to end."""

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
