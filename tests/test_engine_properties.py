"""Random commands by random actors, through the engine, on a SQLite file store
and on PostgreSQL (a database of the test server, tests/pg_server.py).

After every step: (a) the state rebuilt from the stored events equals the
engine's state (also in a second engine opening the same file); (b) a tandem is
active only when both sides approved the same agreement version; (c) a refused
command appends nothing; (d) a completed, declined or dissolved tandem never
changes again; (e) a stream's version grows by exactly the events appended;
(f) the persisted projections equal a rebuild from the events, and every
snapshot equals the fold of its stream; (g) each tandem's status, version and
meeting count are what the commands that succeeded left (the model).

Erasure is a step too (DSGVO Art. 17): the model predicts its outcome exactly
(CORE-ERASE-1, CORE-ERASE-2, NotFound, or erased; again: nothing written), and
afterwards (h) an erased person's name, e-mail and own texts, and what was
written about their tandems, are nowhere in a tandem's state or in the stored
events, while the counterpart's texts read as written; their keys are gone,
none of their tandems is live, and nothing more can be done by or with them;
(i) every read of every viewer works and shows none of their data.

On PostgreSQL the examples of one run share one database, emptied before each
(tests/pg_kit.py), and run fewer of them: :data:`POSTGRES_EXAMPLES` of the
profile's ``max_examples`` (see its comment for the cost). There (f) compares
the projections after each step with SQLite's rebuild of the same events, and
with PostgreSQL's own rebuild at the end of each example.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from commands_catalogue import FACTORIES
from erasure_model import (
    ACTORS,
    EMAILS,
    ERASERS,
    MENTEES,
    MENTORS,
    NAMES,
    PEOPLE,
    OtherProgramme,
    check_texts,
    expected_erasure,
    planted,
    scan_log,
    shape,
    sweep,
)
from hypothesis import event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pg_kit import empty
from projection_kit import assert_projections_equal_rebuild

from mentorcore import (
    Actor,
    AssignMentor,
    Dissolve,
    Engine,
    FixedClock,
    MentorcoreError,
    NotFound,
    ProposeMeeting,
    RequestMentorship,
    Role,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.adapters.sealing import placeholder
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.domain import Person
from mentorcore.lifecycle.fold import replay
from mentorcore.testing import START, SYSTEM, enrol

#: The share of the profile's examples run on PostgreSQL. A step there costs ~3x
#: one on a SQLite file (the second engine opens a connection pool on every step,
#: every commit is a durable round trip), and PostgreSQL's own rebuild (~90 ms of
#: DDL) runs once per example, SQLite's rebuild of the same events after each
#: step. Measured with the ci profile (120 examples of 30 steps) on this machine
#: kind: SQLite ~40 s; PostgreSQL at this share (30 examples) ~44 s; all 120 would take ~3 min.
POSTGRES_EXAMPLES = 0.25

ENGAGED = {TandemStatus.ACTIVE, TandemStatus.CLOSING}
ENDINGS = {"decline", "opt_out", "dissolve", "request_rematch"}


class EngineMachine(RuleBasedStateMachine):
    tandems = Bundle("tandems")
    #: A PostgreSQL database to run on (emptied for each example), else a new
    #: SQLite file per example.
    dsn: str | None = None

    @initialize()
    def open_engine(self) -> None:
        self.folder: Path | None = None
        if self.dsn is None:
            self.folder = Path(tempfile.mkdtemp(prefix="mentorcore-prop-"))
            self.path: Path | str = self.folder / "events.db"
        else:
            empty(self.dsn)
            self.path = self.dsn
        self.clock = FixedClock(START)
        self.engine = self._open()
        for p in PEOPLE:
            self.engine.register_person(Person(p, NAMES[p], email=EMAILS[p]), actor=SYSTEM)
        for p in MENTEES:
            enrol(self.engine, p, "default", Role.MENTEE)
        for p in MENTORS:
            enrol(self.engine, p, "default", Role.MENTOR, capacity=3)
        enrol(self.engine, "carla", "default", Role.COORDINATOR)
        enrol(self.engine, "eve", "default", Role.MENTEE)
        enrol(self.engine, "eve", "other", Role.MENTEE)
        enrol(self.engine, "olga", "other", Role.COORDINATOR)
        self.finished: dict[object, object] = {}
        self.reached: set[object] = set()
        #: The model: tandem -> [status, version, meetings] and its (mentee, mentor);
        #: erased person -> when.
        self.model: dict[object, list[object]] = {}
        self.parties: dict[object, tuple[str, str]] = {}
        self.erased: dict[str, object] = {}
        self.scanned = 0

    def _open(self) -> Engine:
        return Engine(
            self.path, clock=self.clock, load_entrypoints=False, plugins=[OtherProgramme()]
        )

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            try:
                scan_log(self.engine.store)
                if self.dsn is not None:  # (f) by PostgreSQL's own rebuild
                    assert_projections_equal_rebuild(self.engine.store)
                if self.erased:  # (i) once, in the final state (it costs)
                    gone = self.erased.keys()
                    theirs = [t for t, sides in self.parties.items() if gone & set(sides)]
                    sweep(
                        self.engine,
                        tandems=theirs,
                        people=list(gone),
                        parties=self.parties,
                        erased=self.erased,
                    )
            finally:
                self.engine.close()
                if self.folder is not None:
                    shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, command, actor, *, must_refuse=False):
        """Execute *command*; with *must_refuse*, the model says it must be refused
        (also when the actor was erased)."""
        command = planted(command, actor)
        must_refuse = must_refuse or actor.person_id in self.erased
        rows = len(self.engine.store.read_all())
        tandem_id = getattr(command, "tandem_id", None)
        version = self.engine.store.version(tandem_stream(tandem_id)) if tandem_id else 0
        note(f"{actor} -> {command!r}" + (" (must be refused)" if must_refuse else ""))
        try:
            tandem = self.engine.execute(command, actor=actor)
        except TransitionDenied as refused:
            assert refused.decisions  # noqa: PT017 - refusal is one of two outcomes
            assert all(d.reason for d in refused.denials)  # noqa: PT017 - refusal is one of two outcomes
            assert len(self.engine.store.read_all()) == rows  # (c)
            return None
        except MentorcoreError:
            assert len(self.engine.store.read_all()) == rows  # (c)
            return None
        assert not must_refuse, "an erased person acted, or was put in a tandem"
        # (e) one command, one tandem event; a new tandem also takes its place
        # in the programme's stream (which serialises creations).
        created = tandem_id is None
        assert len(self.engine.store.read_all()) == rows + 1 + created
        assert self.engine.store.version(tandem_stream(tandem.id)) == version + 1 == tandem.version
        meetings = self.model[tandem.id][2] if tandem.id in self.model else 0
        meetings += isinstance(command, ProposeMeeting)
        self.model[tandem.id] = [tandem.status, tandem.version, meetings]
        self.parties[tandem.id] = (tandem.mentee, tandem.mentor)
        return tandem

    @rule(
        target=tandems,
        mentee=st.sampled_from(MENTEES),
        mentor=st.sampled_from(MENTORS),
        actor=ACTORS,
    )
    def request(self, mentee, mentor, actor):
        actor = Actor.person(mentee) if actor.person_id in MENTEES else actor
        command = RequestMentorship(programme_key="default", mentor=mentor, message="hello")
        tandem = self._run(command, actor, must_refuse=mentor in self.erased)
        return tandem.id if tandem else multiple()

    @rule(
        target=tandems,
        mentee=st.sampled_from(MENTEES),
        mentor=st.sampled_from(MENTORS),
        actor=ACTORS,
    )
    def assign(self, mentee, mentor, actor):
        tandem = self._run(
            AssignMentor(programme_key="default", mentee=mentee, mentor=mentor),
            actor,
            must_refuse=bool({mentee, mentor} & set(self.erased)),
        )
        return tandem.id if tandem else multiple()

    @rule(
        tandem_id=tandems,
        verb=st.sampled_from(sorted(FACTORIES)),
        actor=ACTORS,
        days=st.integers(0, 40),
    )
    def act(self, tandem_id, verb, actor, days):
        self.clock.advance(timedelta(days=days))
        tandem = self.engine.reader(SYSTEM).tandem(tandem_id)
        self._run(FACTORIES[verb](tandem), actor)

    @rule(tandem_id=tandems, data=st.data(), steps=st.integers(1, 12))
    def progress(self, tandem_id, data, steps):
        """Take up to *steps* verbs someone in the tandem may issue now: drives tandems deep."""
        for _ in range(steps):
            tandem = self.engine.reader(SYSTEM).tandem(tandem_id)
            people = [
                Actor.person(p)
                for p in (tandem.mentee, tandem.mentor, "carla")
                if p not in self.erased  # they may not even look (CORE-AUTH)
            ]
            options = [
                (verb, actor)
                for actor in people
                for verb in self.engine.reader(actor).possible_commands(tandem_id)
                if verb in FACTORIES
            ]
            # Ending verbs are possible almost everywhere; mostly leave them out
            # so that random runs reach the agreement, amendments and closing.
            going_on = [o for o in options if o[0] not in ENDINGS]
            if data.draw(st.integers(0, 9), label="end now?") > 0 and going_on:
                options = going_on
            if not options:
                return
            verb, actor = data.draw(st.sampled_from(options), label="verb, actor")
            self.reached.add(self._run(FACTORIES[verb](tandem), actor) and verb)

    @rule(tandem_id=tandems, by_mentor=st.booleans(), days=st.integers(1, 30))
    def meet(self, tandem_id, by_mentor, days):
        mentee, mentor = self.parties[tandem_id]
        actor = Actor.person(mentor if by_mentor else mentee)
        start = self.clock.now() + timedelta(days=days)
        self._run(ProposeMeeting(tandem_id=tandem_id, start=start, place="p", agenda="a"), actor)

    @rule(data=st.data(), actor=ERASERS, end_first=st.booleans())
    def erase(self, data, actor, end_first):
        """Erase someone as *actor* (with *end_first*, after the coordination
        ended their tandems): the model says exactly what happens."""
        involved = sorted({p for sides in self.parties.values() for p in sides})
        anyone = st.sampled_from([*PEOPLE, "nobody"])
        person = data.draw(
            st.one_of(st.sampled_from(involved), anyone) if involved else anyone, label="person"
        )
        theirs = [t for t, sides in self.parties.items() if person in sides]
        for t in theirs if end_first else ():
            # The coordination (or, once it is erased, a participant) ends them.
            for p in [p for p in ("carla", *self.parties[t]) if p not in self.erased]:
                if not self.model[t][0].is_final:
                    self._run(Dissolve(tandem_id=t, reason="r"), Actor.person(p))
        before = self.engine.store.read_all()
        system = self.engine.reader(SYSTEM)
        prior = {t: system.tandem(t) for t in theirs}
        live = any(not self.model[t][0].is_final for t in theirs)
        expected = expected_erasure(
            person, actor, erased=self.erased, tandems=len(theirs), live=live
        )
        note(f"{actor} erases {person}: expected {expected}")
        event(f"erase: {expected}" + (" (had tandems)" if expected == "erased" and theirs else ""))
        try:
            erasure = self.engine.erase_person(person, actor=actor)
        except TransitionDenied as refused:
            assert refused.rule_ids == {expected}  # noqa: PT017 - one of the outcomes
            assert self.engine.store.read_all() == before
            return
        except NotFound:
            assert expected is NotFound
            assert self.engine.store.read_all() == before
            return
        assert expected in ("erased", "again"), f"erased, though {expected} was expected"
        assert erasure.person_id == person
        assert set(erasure.tandems) == set(theirs)
        assert erasure.purged
        if expected == "again":
            assert erasure.erased_at == self.erased[person]
            assert self.engine.store.read_all() == before
            return
        assert erasure.erased_at == self.clock.now()
        # One event without personal data per tandem of theirs, one in their own stream.
        assert len(self.engine.store.read_all()) == len(before) + len(theirs) + 1
        self.erased[person] = erasure.erased_at
        for t in theirs:
            self.model[t][1] += 1  # outside the lifecycle: only the version moves on
            after = system.tandem(t)
            assert shape(after) == shape(prior[t])
            assert after.version == prior[t].version + 1
            if t in self.finished:
                self.finished[t] = after  # (d) from now on
        for p in set(PEOPLE) - self.erased.keys():  # everyone else's data unaffected
            assert system.person(p) == Person(p, NAMES[p], email=EMAILS[p])

    @precondition(lambda self: self.erased)
    @rule(data=st.data())
    def register_again(self, data):
        """An erased person's id is not registered anew (its key is gone)."""
        person = data.draw(st.sampled_from(sorted(self.erased)), label="erased person")
        before = self.engine.store.read_all()
        try:
            self.engine.register_person(Person(person, "Someone New"), actor=SYSTEM)
        except MentorcoreError as refused:
            note(f"register {person} again: {type(refused).__name__}: {refused}")
        else:
            raise AssertionError(f"{person} was registered again after their erasure")
        assert self.engine.store.read_all() == before

    @invariant()
    def rebuilt_state_equals_engine_state(self):  # (a)
        if not hasattr(self, "engine"):
            return
        decode = self.engine.state.event_types.decode
        system = self.engine.reader(SYSTEM)
        for summary in system.tandems():
            events = [
                decode(r.stream_id, r.version, r.name, r.data)
                for r in self.engine.store.read(tandem_stream(summary.id))
            ]
            tandem = system.tandem(summary.id)
            assert replay(events) == tandem
            assert (summary.status, summary.version) == (tandem.status, tandem.version)
            assert [tandem.status, tandem.version, len(tandem.meetings)] == self.model[tandem.id]
            check_texts(tandem, events, parties=self.parties[tandem.id], erased=self.erased)
        assert {s.id for s in system.tandems()} == set(self.model)  # (g)
        with self._open() as other:
            mine = system.tandems()
            assert other.reader(SYSTEM).tandems() == mine
            assert [other.reader(SYSTEM).tandem(t.id) for t in mine] == [
                system.tandem(t.id) for t in mine
            ]

    @invariant()
    def erased_people_are_gone(self):  # (h)
        if not hasattr(self, "engine"):
            return
        # Sealed: no planted text in the log as plain text, erased or not (the
        # log is append-only: each event is looked at once, all in teardown).
        self.scanned = scan_log(self.engine.store, self.scanned)
        system = self.engine.reader(SYSTEM)
        keys = self.engine.store.keys
        for p in self.erased:
            assert self.engine.state.index.erased(p)
            assert system.person(p) == Person(p, placeholder().render())
            assert not self.engine.state.index.enrolments_of(p)
            assert keys.key(f"person:{p}") is None
            for t in (t for t, sides in self.parties.items() if p in sides):
                assert keys.key(f"tandem:{t}") is None
                assert self.model[t][0].is_final

    @invariant()
    def projections_equal_a_rebuild(self):  # (f)
        if hasattr(self, "engine"):
            # On PostgreSQL, its own rebuild (~90 ms of DDL) runs once per
            # example, in teardown; after each step, SQLite's rebuild of the
            # same events is the oracle (and equal to SQLite's own projections).
            by_sqlite = self.dsn is not None
            assert_projections_equal_rebuild(self.engine.store, by_sqlite=by_sqlite)

    @invariant()
    def active_only_with_one_version_approved_by_both(self):  # (b)
        if not hasattr(self, "engine"):
            return
        system = self.engine.reader(SYSTEM)
        for tandem in (system.tandem(s.id) for s in system.tandems()):
            if tandem.status in ENGAGED:
                assert tandem.agreement is not None
                assert tandem.agreement.approved_by == {Role.MENTEE, Role.MENTOR}
                assert tandem.activated_at is not None

    @invariant()
    def finished_tandems_never_change(self):  # (d)
        if not hasattr(self, "engine"):
            return
        system = self.engine.reader(SYSTEM)
        for tandem in (system.tandem(s.id) for s in system.tandems()):
            if tandem.id in self.finished:
                assert tandem == self.finished[tandem.id]
            elif tandem.status.is_final:
                self.finished[tandem.id] = tandem


TestEngineMachine = EngineMachine.TestCase


def test_engine_machine_on_postgres(pg_dsn):
    """The same machine, its engines on one PostgreSQL database."""

    class OnPostgres(EngineMachine):
        dsn = pg_dsn

    profile = settings()
    examples = max(1, round(profile.max_examples * POSTGRES_EXAMPLES))
    run_state_machine_as_test(OnPostgres, settings=settings(profile, max_examples=examples))
