"""MEDiC is available by its key through its entry point, alone or beside others."""

from __future__ import annotations

import importlib.metadata

from mentorcore_medic import __version__, policy

from mentorcore import Engine


def test_medic_entry_point_resolves_to_the_policy_module():
    (ep,) = [e for e in importlib.metadata.entry_points(group="mentorcore") if e.name == "medic"]
    assert ep.load() is policy
    assert ep.dist is not None
    assert ep.dist.name == "mentorcore-medic"
    assert ep.dist.version == __version__


def test_medic_installed_programme_loads_with_nothing_configured():
    with Engine(":memory:") as engine:
        assert engine.programme("medic").name.render("en") == "MEDiC 1:1 mentoring"
    with Engine(":memory:", blocked=["medic"]) as engine:
        assert "medic" not in {p.key for p in engine.programmes()}


def test_medic_alone_with_the_defaults(make_engine):
    engine = make_engine(plugins=[policy])
    assert [p.key for p in engine.programmes()] == ["default", "medic"]
