"""Recording what became of a message: sent, or failed (CORE-MAIL-1).

Each message has a stream of its own (``message:<key>``): a run that records
it checks the version it read, so of two runs that raced, one records the
message and the other learns it was sent already. Only the system records
(the delivery job); a message's text is not stored, only what it was about,
to whom, and how the attempt ended.
"""

from __future__ import annotations

from datetime import datetime

from mentorcore.adapters.store.streams import message_stream
from mentorcore.domain import Actor, PersonId
from mentorcore.errors import ConcurrencyConflict
from mentorcore.events import MessageFailed, MessageSent
from mentorcore.state.access import State
from mentorcore.write.callbacks import checked_now
from mentorcore.write.recording import Recorder


class OutboxRecords:
    """Records the outcome of each attempt to send a message."""

    def __init__(self, state: State, recorder: Recorder) -> None:
        self._state = state
        self._recorder = recorder

    def sent(
        self, message_key: str, key: str, kind: str, recipient: PersonId, attempt: int
    ) -> bool:
        """Record that the message reached the mailer; ``False`` if another
        run recorded it first (it was then sent twice, with one Message-ID)."""
        event = MessageSent(
            checked_now(self._state.clock), Actor.system(), message_key, key, kind, recipient,
            attempt,
        )  # fmt: skip
        return self._record(message_key, event, attempt)

    def failed(
        self,
        message_key: str,
        key: str,
        kind: str,
        recipient: PersonId,
        attempt: int,
        *,
        permanent: bool,
        reason: str,
        code: int | None,
        retry_at: datetime | None,
    ) -> bool:
        """Record a failed attempt; ``False`` if another run recorded first."""
        event = MessageFailed(
            checked_now(self._state.clock), Actor.system(), message_key, key, kind, recipient,
            attempt, permanent, reason, code, None if permanent else retry_at,
        )  # fmt: skip
        return self._record(message_key, event, attempt)

    def _record(self, message_key: str, event: MessageSent | MessageFailed, attempt: int) -> bool:
        stream = message_stream(message_key)
        store = self._state.store

        def record() -> bool:
            # The stream holds one event per earlier attempt: a run that saw
            # attempt n-1 and finds more was overtaken by another run.
            if store.version(stream) != attempt - 1:
                return False
            self._recorder.record_event(stream, event, None)
            return True

        try:
            return self._recorder.run(record)
        except ConcurrencyConflict:
            return False
