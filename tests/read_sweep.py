"""Every read surface, as one viewer, rendered to text (for checks that a read
works and shows no data it must not)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mentorcore import Actor, Engine, NotVisible, Role
from mentorcore.domain import TandemId

#: The roles a programme's participant lists are asked for.
ROLES = (Role.MENTEE, Role.MENTOR, Role.COORDINATOR)


def read_everything(
    engine: Engine,
    viewer: Actor,
    *,
    tandems: Iterable[TandemId],
    people: Iterable[str],
    programmes: Iterable[str],
) -> list[str]:
    """What every read of *viewer* shows about *tandems*, *people* and
    *programmes*, as text; a read refused as not visible (NotVisible,
    ContentWithheld, with its rule) counts as shown nothing. Any other
    exception is raised: no stored record may break a read."""
    r = engine.reader(viewer)
    reads: list[Callable[[], object]] = [r.tandems, r.due_actions, r.notifications]
    for t in tandems:
        reads += [
            lambda t=t: r.tandem(t),
            lambda t=t: r.view(t),
            lambda t=t: r.possible_commands(t),
            lambda t=t: r.advisories(t),
            lambda t=t: r.history(t),
            lambda t=t: r.meeting_records(t),
            lambda t=t: r.cadence(t),
            lambda t=t: r.certificate(t),
            lambda t=t: r.agreement_copy(t),
            lambda t=t: r.tandem_calendar(t),
        ]
    for p in people:
        reads += [
            lambda p=p: r.person(p),
            lambda p=p: r.activity(p),
            lambda p=p: r.person_calendar(p),
            lambda p=p: _export(engine, viewer, p),
        ]
    for key in programmes:
        reads += [
            lambda key=key: r.programme_calendar(key),
            lambda key=key: r.programme_cadence(key),
            *(lambda key=key, role=role: r.participants(key, role) for role in ROLES),
        ]
    shown = []
    for read in reads:
        try:
            shown.append(_text(read()))
        except NotVisible as refused:
            shown.append(str(refused))  # names the rule; must not show the data either
    return shown


def _export(engine: Engine, viewer: Actor, person_id: str) -> tuple[object, str]:
    export = engine.reader(viewer).export_person(person_id)
    return export.data(), export.summary()


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8").replace("\r\n ", "")  # unfolded iCalendar lines
    return repr(value)
