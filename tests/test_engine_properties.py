"""Random commands by random actors, through the engine, on a SQLite file store.

After every step: (a) the state rebuilt from the stored events equals the
engine's state (also in a second engine opening the same file); (b) a tandem is
active only when both sides approved the same agreement version; (c) a refused
command appends nothing; (d) a completed, declined or dissolved tandem never
changes again; (e) a stream's version grows by exactly the events appended;
(f) the persisted projections equal a rebuild from the events, and every
snapshot equals the fold of its stream.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from commands_catalogue import FACTORIES
from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule
from projection_kit import assert_projections_equal_rebuild

from mentorcore import (
    Actor,
    AssignMentor,
    Engine,
    FixedClock,
    MentorcoreError,
    RequestMentorship,
    Role,
    TandemStatus,
    TransitionDenied,
)
from mentorcore.adapters.store.streams import tandem_stream
from mentorcore.lifecycle.fold import replay
from mentorcore.testing import START, SYSTEM, enrol

MENTEES = ["ana", "finn", "gina"]
MENTORS = ["ben", "dave"]
PEOPLE = [*MENTEES, *MENTORS, "carla", "eve"]
ACTORS = st.sampled_from([*(Actor.person(p) for p in PEOPLE), Actor.system()])
ENGAGED = {TandemStatus.ACTIVE, TandemStatus.CLOSING}
ENDINGS = {"decline", "opt_out", "dissolve", "request_rematch"}


class EngineMachine(RuleBasedStateMachine):
    tandems = Bundle("tandems")

    @initialize()
    def open_engine(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mentorcore-prop-"))
        self.path = self.folder / "events.db"
        self.clock = FixedClock(START)
        self.engine = Engine(self.path, clock=self.clock, load_entrypoints=False)
        for p in MENTEES:
            enrol(self.engine, p, "default", Role.MENTEE)
        for p in MENTORS:
            enrol(self.engine, p, "default", Role.MENTOR, capacity=3)
        enrol(self.engine, "carla", "default", Role.COORDINATOR)
        enrol(self.engine, "eve", "default", Role.MENTEE)
        self.finished: dict[object, object] = {}
        self.reached: set[object] = set()

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, command, actor):
        rows = len(self.engine.store.read_all())
        tandem_id = getattr(command, "tandem_id", None)
        version = self.engine.store.version(tandem_stream(tandem_id)) if tandem_id else 0
        note(f"{actor} -> {command!r}")
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
        # (e) one command, one tandem event; a new tandem also takes its place
        # in the programme's stream (which serialises creations).
        created = tandem_id is None
        assert len(self.engine.store.read_all()) == rows + 1 + created
        assert self.engine.store.version(tandem_stream(tandem.id)) == version + 1 == tandem.version
        return tandem

    @rule(
        target=tandems,
        mentee=st.sampled_from(MENTEES),
        mentor=st.sampled_from(MENTORS),
        actor=ACTORS,
    )
    def request(self, mentee, mentor, actor):
        actor = Actor.person(mentee) if actor.person_id in MENTEES else actor
        tandem = self._run(RequestMentorship(programme_key="default", mentor=mentor), actor)
        return tandem.id if tandem else multiple()

    @rule(
        target=tandems,
        mentee=st.sampled_from(MENTEES),
        mentor=st.sampled_from(MENTORS),
        actor=ACTORS,
    )
    def assign(self, mentee, mentor, actor):
        tandem = self._run(
            AssignMentor(programme_key="default", mentee=mentee, mentor=mentor), actor
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
                Actor.person(tandem.mentee),
                Actor.person(tandem.mentor),
                Actor.person("carla"),
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
        with Engine(self.path, clock=self.clock, load_entrypoints=False) as other:
            mine = system.tandems()
            assert other.reader(SYSTEM).tandems() == mine
            assert [other.reader(SYSTEM).tandem(t.id) for t in mine] == [
                system.tandem(t.id) for t in mine
            ]

    @invariant()
    def projections_equal_a_rebuild(self):  # (f)
        if hasattr(self, "engine"):
            assert_projections_equal_rebuild(self.engine.store)

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
