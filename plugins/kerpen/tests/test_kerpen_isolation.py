"""Kerpen beside the other programmes: entry points, blocking, programme isolation."""

from __future__ import annotations

import importlib.metadata
from datetime import date

import pytest
from mentorcore_kerpen import policy

from mentorcore import AgreementTerms, Engine, Role, TandemStatus, TransitionDenied
from mentorcore.testing import SYSTEM, enrol, person, walk_to

PROGRAMMES = {"medic", "ostalb", "kerpen"}


def test_kerpen_entry_point_resolves_to_the_policy_module():
    (ep,) = [e for e in importlib.metadata.entry_points(group="mentorcore") if e.name == "kerpen"]
    assert ep.load() is policy


@pytest.mark.parametrize(
    ("blocked", "expected"),
    [
        ((), {"default", "medic", "ostalb", "kerpen"}),  # all three side by side
        (("kerpen",), {"default", "medic", "ostalb"}),
        (("medic", "ostalb"), {"default", "kerpen"}),  # just one installed
        (("medic", "ostalb", "kerpen"), {"default"}),  # none installed
    ],
)
def test_kerpen_side_by_side_with_the_other_programmes(blocked, expected):
    with Engine(":memory:", blocked=blocked) as engine:
        keys = {p.key for p in engine.programmes()}
    assert keys & (PROGRAMMES | {"default"}) == expected


def test_kerpen_alone_with_the_defaults(make_engine):
    assert [p.key for p in make_engine(plugins=[policy]).programmes()] == ["default", "kerpen"]


def test_kerpen_elig_1_never_votes_on_a_medic_tandem(make_engine):
    """KERPEN-ELIG-1, KERPEN-TOPICS-2, KERPEN-YEAR-1 stay out of MEDiC (programme isolation).

    A male MEDiC mentee with an open-ended agreement of one topic would break
    three Kerpen rules; with both plugins loaded the MEDiC tandem goes through,
    while the same mentee is refused by Kerpen.
    """
    medic = pytest.importorskip("mentorcore_medic.policy")
    engine = make_engine(plugins=[medic, policy])
    person(engine, "jan", "Jan Wolf")
    person(engine, "weber", "Dr. Eva Weber")
    enrol(
        engine,
        "jan",
        "medic",
        Role.MENTEE,
        {
            "study_programme": "medic",
            "semester": 6,
            "application_form": True,
            "workshop_attended": True,
        },
    )
    enrol(
        engine,
        "weber",
        "medic",
        Role.MENTOR,
        {
            "licensed": True,
            "years_experience": 8,
            "faculty_member": True,
            "profile_form": True,
            "basic_qualification": True,
        },
        track="clinical",
    )
    terms = AgreementTerms(
        period_start=date(2026, 10, 5),
        period_end=date(2028, 10, 4),
        meetings_planned=12,
        topics=("networking",),
        goals="Find a specialty",
    )
    t = walk_to(
        engine,
        TandemStatus.ACTIVE,
        programme="medic",
        mentee="jan",
        mentor="weber",
        track="clinical",
        terms=terms,
    )
    assert t.status is TandemStatus.ACTIVE
    assert not {a.rule_id for a in engine.reader(SYSTEM).advisories(t.id)} & {"KERPEN-TOPICS-2"}
    with pytest.raises(TransitionDenied) as exc:
        enrol(
            engine,
            "jan",
            "kerpen",
            Role.MENTEE,
            {"gender": "male", "leadership": "junior_leader", "organisation_unit": "Bauamt"},
        )
    assert exc.value.rule_ids == {"KERPEN-ELIG-1"}
