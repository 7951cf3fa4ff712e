"""Progress callbacks of a rebuild: a host's function, checked and called safely."""

from __future__ import annotations

from collections.abc import Callable

from mentorcore.errors import InvalidInput
from mentorcore.i18n import _

#: Progress callback of a rebuild: ``(events done, events in all)``.
Progress = Callable[[int, int], None]


def report(progress: Progress, done: int, total: int) -> None:
    """Call the host's *progress*; what it raises becomes bad input naming it (the
    rebuild's transaction then rolls back, so nothing changes)."""
    try:
        progress(done, total)
    except Exception as exc:
        raise InvalidInput(
            [
                (
                    "progress",
                    _(
                        "the progress callback raised {error}: {problem}",
                        error=type(exc).__name__,
                        problem=str(exc),
                    ),
                )
            ]
        ) from exc


def check_progress(progress: object) -> None:
    """A progress callback must be callable (or ``None``)."""
    if progress is not None and not callable(progress):
        why = _("expected a function (done, total), got {got}", got=repr(progress))
        raise InvalidInput([("progress", why)])
