"""One tandem's bad record stays that tandem's problem.

Reads over many tandems (a programme's cadence, due actions, notifications,
calendar feeds) compute each tandem on its own: when one fails (a record that
cannot be decoded, a date no calendar holds, a plugin raising on odd data),
that tandem is left out, the failure is logged as a warning of the
``mentorcore`` logger with its traceback, and the others are returned. Lists
returned this way are a :class:`Partial`, whose :attr:`~Partial.skipped`
names the tandems left out and why, in words safe to show the viewer (the
exception's own text, which may quote content, goes to the log only).

Reads of one tandem asked for by id do not hide a failure: :func:`explained`
turns an arithmetic error on the tandem's data into
:class:`~mentorcore.errors.CorruptEvent` naming its stream and version.
Failures of the store itself (:class:`~mentorcore.errors.StoreError`) and
running out of memory are never skipped: they concern every tandem.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from attrs import field, frozen

from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.decision import reason_of
from mentorcore.domain import Tandem, TandemId
from mentorcore.errors import CorruptEvent, MentorcoreError, StoreError
from mentorcore.i18n import Message, Text, _

T = TypeVar("T")
P = ParamSpec("P")

log = logging.getLogger("mentorcore")

# Not one tandem's problem: these end the whole read.
_EVERYONES = (StoreError, MemoryError, RecursionError)


@frozen
class Skipped:
    """A tandem a read over many tandems left out.

    :ivar tandem_id: The tandem.
    :ivar message: What could not be computed, e.g. "the due actions of
        tandem … could not be computed (OverflowError); see the mentorcore
        log", as a translatable message (pass ``reason=``).
    """

    tandem_id: TandemId
    message: Message = field(alias="reason", converter=reason_of)

    @property
    def reason(self) -> str:
        """What could not be computed, rendered in the context's language."""
        return self.message.render()


class Partial(list[T]):
    """A read's results over many tandems, with the tandems it had to leave out.

    A plain list to every caller that does not care; :attr:`skipped` is empty
    when nothing was left out.
    """

    skipped: tuple[Skipped, ...]

    def __init__(self, items: Iterable[T] = (), skipped: Iterable[Skipped] = ()) -> None:
        super().__init__(items)
        self.skipped = tuple(skipped)


def attempt(
    tandem_id: TandemId,
    what: Text,
    skipped: list[Skipped],
    compute: Callable[P, T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T | None:
    """``compute(*args, **kwargs)``, or ``None`` with the failure logged and
    added to *skipped*.

    :param what: What is computed, for the reason (``_("the cadence")``).
    """
    try:
        return compute(*args, **kwargs)
    except _EVERYONES:
        raise
    except Exception as exc:
        reason = _(
            "{what} of tandem {tandem} could not be computed ({error}); see the mentorcore log",
            what=what,
            tandem=str(tandem_id),
            error=type(exc).__name__,
        )
        log.warning("%s: left out, the other tandems are read", reason.render("en"), exc_info=exc)
        skipped.append(Skipped(tandem_id, reason))
        return None


@contextmanager
def explained(tandem: Tandem, what: Text) -> Iterator[None]:
    """Turn an arithmetic error inside into :class:`CorruptEvent` naming *tandem*.

    For reads of one tandem asked for by id: its data cannot be computed with,
    and the caller should hear which tandem, not get a bare ``OverflowError``.
    """
    try:
        yield
    except MentorcoreError:
        raise
    except (OverflowError, ValueError, ArithmeticError) as exc:
        raise CorruptEvent(
            tandem_stream(tandem.id),
            tandem.version,
            _(
                "{what} cannot be computed from the stored data ({error})",
                what=what,
                error=f"{type(exc).__name__}: {exc}",
            ),
        ) from exc
