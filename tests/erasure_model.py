"""The people of the engine's state machine (tests/test_engine_properties.py),
the personal data planted for each, and what the model expects of an erasure."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st
from read_sweep import read_everything

from mentorcore import Actor, Engine, NotFound, Programme, hookimpl
from mentorcore.adapters.sealing import placeholder
from mentorcore.testing import SYSTEM

MENTEES = ["ana", "finn", "gina"]
MENTORS = ["ben", "dave"]
#: eve is enrolled in both programmes and never in a tandem; olga coordinates
#: only "other", where she is enrolled herself (so she may erase herself).
PEOPLE = [*MENTEES, *MENTORS, "carla", "eve", "olga"]
ENROLLED = {p: {"default"} for p in PEOPLE} | {"eve": {"default", "other"}, "olga": {"other"}}
COORDINATES = {"carla": {"default"}, "olga": {"other"}}
ACTORS = st.sampled_from([*(Actor.person(p) for p in PEOPLE), Actor.system()])
#: Half of the time the system or a coordinator (of theirs or of the other programme).
ERASERS = st.one_of(st.sampled_from([Actor.system(), *map(Actor.person, COORDINATES)]), ACTORS)
#: Personal data planted per person: a name, an e-mail, and every free text
#: they write (as "system" what the system writes), so each can be traced.
NAMES = {p: f"Zq{p.title()}Name" for p in PEOPLE}
EMAILS = {p: f"{p}@zq-mail.example" for p in PEOPLE}
SAID = {p: f"zq-said-by-{p}" for p in [*PEOPLE, "system"]}
#: The free-text fields of commands and events that get a planted text.
TEXTS = ("reason", "comments", "text", "note", "message", "place", "agenda")


class OtherProgramme:
    """A second programme, so that a coordinator may be someone else's."""

    programme = Programme(key="other", name="Other")

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(self.programme)


def author(actor: Actor) -> str:
    return actor.person_id or "system"


def planted(command, actor: Actor):
    """*command* with each of its non-empty free texts replaced by the actor's."""
    fields = {f.name for f in attrs.fields(type(command))}
    texts = {f: SAID[author(actor)] for f in TEXTS if f in fields and getattr(command, f)}
    return attrs.evolve(command, **texts)


def own_data(person: str) -> tuple[str, ...]:
    """The planted data that is *person*'s own: what a coordinator writes
    about a tandem is the tandem's, and goes with its participants' data."""
    return (NAMES[person], EMAILS[person]) + (() if person in COORDINATES else (SAID[person],))


def expected_erasure(person: str, actor: Actor, *, erased, tandems: int, live: bool):
    """What erasing *person* (with *tandems*, some *live*) as *actor* does:
    NotFound, "CORE-ERASE-1", "again" (nothing written), "CORE-ERASE-2" or
    "erased". A coordinator may erase the people of their programme: enrolled
    in it (not any more, once erased) or with a tandem in it (all are in
    "default")."""
    if person not in PEOPLE:
        return NotFound
    coordinated = set() if actor.person_id in erased else COORDINATES.get(actor.person_id, set())
    theirs = (set() if person in erased else ENROLLED[person]) | ({"default"} if tandems else set())
    if actor.person_id is not None and not theirs & coordinated:
        return "CORE-ERASE-1"
    if person in erased:
        return "again"
    return "CORE-ERASE-2" if live else "erased"


def shape(tandem):
    """What erasure leaves of a tandem besides its texts (its version moves on)."""
    return (
        tandem.status,
        tandem.opted_in,
        tandem.created_at,
        tandem.activated_at,
        tandem.closing_since,
        tandem.ended_at,
        tandem.last_activity_at,
        tandem.rematch_requested,
        [(g.id, g.status, g.set_at, g.reviewed_at) for g in tandem.goals],
        [(m.id, m.status, m.start) for m in tandem.meetings],
        tandem.agreement and tandem.agreement.version,
        tandem.proposal and tandem.proposal.version,
    )


def check_texts(tandem, events, *, parties: tuple[str, str], erased) -> None:
    """No erased participant's data, nor what others wrote about their tandem,
    in *tandem* or its decoded *events*; everyone else's texts as written."""
    gone = set(parties) & set(erased)
    state = repr(tandem)
    for p in gone:
        assert tandem.status.is_final
        for planted_data in own_data(p):
            assert planted_data not in state
    if gone:
        for p in ("carla", "olga", "system"):
            assert SAID[p] not in state
    erased_subjects = {f"person:{p}" for p in erased}
    for e in events:
        subject = e.data_subject
        lost = bool(gone) if subject == f"tandem:{tandem.id}" else subject in erased_subjects
        written = placeholder().render() if lost else SAID[author(e.actor)]
        for f in TEXTS:
            value = getattr(e, f, "")
            assert value in ("", written), (e, f, written)


def scan_log(store, after: int = 0) -> int:
    """No planted data in plain text in *store*'s events after position *after*;
    returns the last position looked at."""
    rows = store.read_all(after)
    stored = "\n".join(r.data for r in rows)
    for p in PEOPLE:
        for planted_data in (NAMES[p], EMAILS[p], SAID[p]):
            assert planted_data not in stored
    return rows[-1].position if rows else after


def sweep(engine: Engine, *, tandems, people, parties, erased) -> None:
    """Every read about *tandems* and *people* works and shows no personal data
    of an *erased* person, for a viewer in every role: the system, both
    coordinators, the people themselves, their counterparts (from *parties*),
    and someone unrelated (eve)."""
    involved = {p for t in tandems for p in parties[t]}
    viewers = sorted({"carla", "olga", "eve", *people, *involved})
    for viewer in [SYSTEM, *(Actor.person(p) for p in viewers)]:
        shown = "\n".join(
            read_everything(
                engine, viewer, tandems=tandems, people=people, programmes=("default", "other")
            )
        )
        for p in erased:
            for planted_data in own_data(p):
                assert planted_data not in shown, (viewer, planted_data)
