"""Plugin loading and programme isolation: a programme's rules vote only on its own tandems."""

from __future__ import annotations

import enum
import sys
import types
from collections.abc import Mapping, MutableMapping
from datetime import date, timedelta
from typing import ClassVar
from uuid import UUID

import attrs
import pytest
from helpers import ANA, BEN, SYSTEM, cast

from mentorcore import (
    AssignMentor,
    Decision,
    Engine,
    PluginError,
    Programme,
    RequestMentorship,
    Role,
    TransitionDenied,
    hookimpl,
)
from mentorcore.testing import enrol


class Strict:
    """A test programme that refuses every request, and a neutral-looking second rule."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(Programme(key="strict", name="Strict programme"))

    @hookimpl
    def mentorcore_check_transition(self, transition):
        if transition.verb == "request":
            return Decision.deny("STRICT-1", "requests are not accepted in the strict programme")
        return None


class Lenient:
    @hookimpl
    def mentorcore_register_programmes(self, register):
        register(Programme(key="lenient", name="Lenient programme"))


def test_a_programmes_rules_never_vote_on_another_programmes_tandems(make_engine):
    engine = make_engine(plugins=[Strict(), Lenient()])
    assert [p.key for p in engine.programmes()] == ["default", "lenient", "strict"]
    for key in ("lenient", "strict", "default"):
        cast(engine, key) if key != "default" else cast(engine)
    engine.execute(RequestMentorship(programme_key="lenient", mentor="ben"), actor=ANA)
    engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(RequestMentorship(programme_key="strict", mentor="ben"), actor=ANA)
    assert refused.value.rule_ids == {"STRICT-1"}


def test_neutral_plugins_vote_everywhere(make_engine):
    class Audit:
        seen: ClassVar[list[str]] = []

        @hookimpl
        def mentorcore_check_transition(self, transition, programme):
            Audit.seen.append(programme.key)

    engine = make_engine(plugins=[Lenient(), Audit()])
    cast(engine, "lenient")
    cast(engine)
    engine.execute(RequestMentorship(programme_key="lenient", mentor="ben"), actor=ANA)
    engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    assert Audit.seen == ["lenient", "default"]


def test_two_plugins_registering_one_key_are_refused(make_engine):
    class Copycat:
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(Programme(key="strict", name="Another strict"))

    with pytest.raises(PluginError, match="registered twice"):
        make_engine(plugins=[Strict(), Copycat()])


def test_unknown_hook_is_reported_with_the_plugin(make_engine):
    class Typo:
        @hookimpl
        def mentorcore_check_transtion(self, transition):  # sic
            return None

    with pytest.raises(PluginError, match="mentorcore_check_transtion"):
        make_engine(plugins=[Typo()])


def test_a_plugin_returning_the_wrong_type_is_named(make_engine):
    class Sloppy:
        @hookimpl
        def mentorcore_check_transition(self):
            return "no"

    engine = make_engine(plugins=[Sloppy()])
    cast(engine)
    with pytest.raises(PluginError, match=r"mentorcore_check_transition.*not a Decision"):
        engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)


def test_blocking_a_builtin_plugin(make_engine):
    engine = make_engine(blocked=["mentorcore.plugins.generic"], plugins=[Lenient()])
    assert [p.key for p in engine.programmes()] == ["lenient"]


def test_blocking_by_environment(make_engine, monkeypatch):
    monkeypatch.setenv("MENTORCORE_DISABLED_PLUGINS", "mentorcore.plugins.generic, other")
    engine = make_engine(plugins=[Lenient()])
    assert [p.key for p in engine.programmes()] == ["lenient"]


@pytest.fixture
def broken_entry_point(monkeypatch, tmp_path):
    """An installed-looking plugin whose import fails."""
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[mentorcore]\nbroken = mentorcore_broken_plugin\n")
    (tmp_path / "mentorcore_broken_plugin.py").write_text(
        "raise RuntimeError('missing licence data')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "broken"
    sys.modules.pop("mentorcore_broken_plugin", None)


def test_a_plugin_that_fails_to_import_is_reported_by_name(broken_entry_point, clock):
    with pytest.raises(PluginError) as failed:
        Engine(":memory:", clock=clock)
    assert failed.value.plugin == "broken"
    assert "missing licence data" in str(failed.value)
    # Blocking it lets the engine start.
    Engine(":memory:", clock=clock, blocked=["broken"]).close()


def test_hooks_only_receive_frozen_objects(make_engine):
    """Plugins can never reach around the lifecycle: every argument is immutable."""
    engine = make_engine()
    received: list[tuple[str, str, object]] = []

    def before(hook_name, hook_impls, kwargs):
        for name, value in kwargs.items():
            received.append((hook_name, name, value))

    undo = engine.plugin_manager.add_hookcall_monitoring(before, lambda *a: None)
    try:
        cast(engine)
        from mentorcore import TandemStatus
        from mentorcore.testing import walk_to

        walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
        engine.reader(SYSTEM).advisories(engine.reader(SYSTEM).tandems()[0].id)
        engine.reader(BEN).view(engine.reader(SYSTEM).tandems()[0].id)
    finally:
        undo()
    assert received
    for hook, name, value in received:
        assert _immutable(value), (hook, name, value)


def _immutable(value: object) -> bool:
    if value is None or isinstance(value, str | int | float | enum.Enum | date | timedelta | UUID):
        return True
    if isinstance(value, types.FunctionType):  # the register callback
        return True
    if isinstance(value, tuple | frozenset):
        return all(_immutable(v) for v in value)
    if isinstance(value, Mapping) and not isinstance(value, MutableMapping):  # read-only
        return all(_immutable(k) and _immutable(v) for k, v in value.items())
    if attrs.has(type(value)):
        try:
            object.__getattribute__(value, "__setattr__")(attrs.fields(type(value))[0].name, None)
        except attrs.exceptions.FrozenInstanceError:
            pass
        else:
            return False
        return all(_immutable(getattr(value, f.name)) for f in attrs.fields(type(value)))
    return False


def test_enrolment_rules_come_from_the_programme(make_engine):
    class Picky:
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(Programme(key="picky", name="Picky"))

        @hookimpl
        def mentorcore_check_enrolment(self, person, enrolment):
            if enrolment.role is Role.MENTEE and person.name.startswith("B"):
                return Decision.deny("PICKY-1", f"{person.name} may not be a mentee here")
            return None

    engine = make_engine(plugins=[Picky()])
    enrol(engine, "ana", "picky", Role.MENTEE)
    with pytest.raises(TransitionDenied) as refused:
        enrol(engine, "ben", "picky", Role.MENTEE)
    assert refused.value.rule_ids == {"PICKY-1"}
    assert engine.state.index.enrolment("ben", "picky", Role.MENTEE) is None
    # And again when a tandem is formed (profiles may have changed since).
    enrol(engine, "dave", "picky", Role.MENTOR)
    engine.execute(AssignMentor(programme_key="picky", mentee="ana", mentor="dave"), actor=SYSTEM)
