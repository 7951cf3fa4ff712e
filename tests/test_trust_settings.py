"""Issue 10, point 1 (numbers): every numeric setting has a documented range,
checked when the settings load, so no setting can poison a later read.

Seen before: ``inactivity_days=10**30`` was accepted and later raised
``OverflowError`` in every feed; negative days and weights were taken as they
came."""

from __future__ import annotations

import math
import re
from pathlib import Path

import mentorcore_kerpen.policy
import mentorcore_medic.policy
import mentorcore_ostalb.policy
import pytest
from attrs import evolve
from mentorcore_kerpen.catalogue import SETTINGS as KERPEN_SETTINGS
from mentorcore_medic.catalogue import SETTINGS as MEDIC_SETTINGS
from mentorcore_ostalb.catalogue import SETTINGS as OSTALB_SETTINGS

from mentorcore import Engine, InvalidInput, Programme, Setting, hookimpl
from mentorcore.i18n import render
from mentorcore.policy.settings import BASE_SETTINGS, UNDECLARED_BOUND, with_settings

DOCS = Path(__file__).resolve().parent.parent / "docs"
PLUGINS = {
    "kerpen": mentorcore_kerpen.policy,
    "medic": mentorcore_medic.policy,
    "ostalb": mentorcore_ostalb.policy,
}
DECLARED = {
    "core": BASE_SETTINGS,
    "kerpen": KERPEN_SETTINGS,
    "medic": MEDIC_SETTINGS,
    "ostalb": OSTALB_SETTINGS,
}


def refusal(make_engine, **settings):
    plugins = [PLUGINS[key] for key in settings if key in PLUGINS]
    with pytest.raises(InvalidInput) as bad:
        make_engine(settings=settings, plugins=plugins)
    return {where: render(what, "en") for where, what in bad.value.problems}


def test_a_huge_setting_is_refused_at_start_naming_the_setting_and_its_range(make_engine):
    problems = refusal(make_engine, default={"inactivity_days": 10**30})
    assert list(problems) == ["settings.default.inactivity_days"]
    assert problems["settings.default.inactivity_days"] == (
        "1.000e+30 is outside the accepted range 1 to 3660"
    )


def test_a_negative_setting_is_refused_and_every_problem_is_named_at_once(make_engine):
    problems = refusal(
        make_engine,
        default={
            "inactivity_days": -1,
            "goal_review_interval_days": 0,
            "cadence_warning_days": -5,
            "mentee_live_tandems": 0,
            "matching_wish_weight": -0.5,
        },
    )
    assert problems == {
        "settings.default.inactivity_days": "-1 is outside the accepted range 1 to 3660",
        "settings.default.goal_review_interval_days": "0 is outside the accepted range 1 to 3660",
        "settings.default.cadence_warning_days": "-5 is outside the accepted range 0 to 366",
        "settings.default.mentee_live_tandems": "0 is outside the accepted range 1 to 100",
        "settings.default.matching_wish_weight": "-0.5 is outside the accepted range 0 to 1000",
    }


def test_nothing_is_written_when_the_settings_are_refused(tmp_path):
    path = tmp_path / "mentoring.db"
    with pytest.raises(InvalidInput, match=r"settings\.default\.inactivity_days"):
        Engine(path, settings={"default": {"inactivity_days": 10**30}})
    assert not path.exists()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (math.nan, "nan is not a finite number (accepted range: 0 to 1000)"),
        (math.inf, "inf is not a finite number (accepted range: 0 to 1000)"),
        (-math.inf, "-inf is not a finite number (accepted range: 0 to 1000)"),
    ],
)
def test_a_float_setting_must_be_finite(make_engine, value, problem):
    problems = refusal(make_engine, default={"matching_wish_weight": value})
    assert problems == {"settings.default.matching_wish_weight": problem}


def test_a_whole_number_setting_takes_whole_numbers_only(make_engine):
    engine = make_engine(settings={"default": {"inactivity_days": 30.0}})
    value = engine.programme("default").setting("inactivity_days")
    assert value == 30
    assert isinstance(value, int)
    problems = refusal(make_engine, default={"inactivity_days": 30.5})
    assert problems == {
        "settings.default.inactivity_days": "expected int (a whole number), got 30.5"
    }
    problems = refusal(make_engine, default={"inactivity_days": math.nan})
    assert problems == {
        "settings.default.inactivity_days": "expected int (a whole number), got nan"
    }


def test_a_number_too_long_to_print_is_refused_with_a_sentence(make_engine):
    problems = refusal(make_engine, default={"inactivity_days": 10**5000})
    assert problems == {
        "settings.default.inactivity_days": "a number of over 300 digits is outside the "
        "accepted range 1 to 3660"
    }


def test_settings_that_are_no_mapping_are_refused(make_engine):
    with pytest.raises(InvalidInput, match=r"settings\.default: expected a mapping"):
        make_engine(settings={"default": 5})


@pytest.mark.parametrize(
    ("programme", "name", "value", "accepted"),
    [
        ("medic", "inactivity_days", 10**30, "1 to 3660"),
        ("medic", "min_semester", 0, "1 to 12"),
        ("medic", "meeting_minutes", -60, "5 to 480"),
        ("kerpen", "mentoring_year_start_month", 13, "1 to 12"),
        ("kerpen", "min_topics_at_start", 10**6, "0 to 50"),
        ("ostalb", "meetings_per_quarter", -1, "1 to 30"),
        ("ostalb", "long_term_min_months", 10**9, "0 to 240"),
    ],
)
def test_the_programme_plugins_settings_have_ranges_too(
    make_engine, programme, name, value, accepted
):
    problems = refusal(make_engine, **{programme: {name: value}})
    where = f"settings.{programme}.{name}"
    assert list(problems) == [where]
    assert problems[where].endswith(f"is outside the accepted range {accepted}")


def test_every_numeric_setting_declares_a_range_its_default_keeps_and_its_description_states():
    for owner, settings in DECLARED.items():
        for s in settings:
            if isinstance(s.default, bool) or not isinstance(s.default, int | float):
                assert (s.minimum, s.maximum) == (None, None), (owner, s.name)
                continue
            assert s.minimum is not None, (owner, s.name)
            assert s.maximum is not None, (owner, s.name)
            assert s.minimum <= s.default <= s.maximum, (owner, s.name)
            assert f"Accepted: {s.accepted}" in render(s.description, "en"), (owner, s.name)


def test_the_concepts_page_lists_every_base_setting_with_its_default_and_range():
    text = (DOCS / "concepts.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| `(\w+)` \| `?([^|`]+?)`? \| ([^|]+?) \|", text, re.MULTILINE)
    }
    for s in BASE_SETTINGS:
        assert s.name in rows, s.name
        default, accepted = rows[s.name]
        shown = str(s.default).lower() if isinstance(s.default, bool) else str(s.default)
        assert default.strip('"') == shown, s.name
        assert accepted == (s.accepted or "—"), s.name


# ------------------------------------------------------------------ plugins' declarations


def _engine_with(make_engine, *settings, **overrides):
    programme = Programme(key="club", name="Club", settings=tuple(settings))

    class Plugin:
        @hookimpl
        def mentorcore_register_programmes(self, register):
            register(programme)

    return make_engine(plugins=[Plugin()], settings={"club": overrides} if overrides else None)


def test_a_plugin_default_outside_its_own_range_is_refused(make_engine):
    with pytest.raises(InvalidInput) as bad:
        _engine_with(make_engine, Setting("gap_days", 0, "days", minimum=1, maximum=30))
    assert {w: render(p, "en") for w, p in bad.value.problems} == {
        "settings.club.gap_days": "the programme's default 0 is outside the accepted range 1 to 30"
    }
    # A host override in range repairs it.
    engine = _engine_with(
        make_engine, Setting("gap_days", 0, "days", minimum=1, maximum=30), gap_days=7
    )
    assert engine.programme("club").setting("gap_days") == 7


def test_a_malformed_range_is_refused(make_engine):
    with pytest.raises(InvalidInput) as bad:
        _engine_with(
            make_engine,
            Setting("gap_days", 5, "days", minimum=10, maximum=3),
            Setting("label", "x", "text", minimum=1),
        )
    assert {w: render(p, "en") for w, p in bad.value.problems} == {
        "settings.club.gap_days": "the programme declares a minimum 10 above its maximum 3",
        "settings.club.label": "the programme declares a range for a setting that is not a number",
    }


def test_an_old_plugin_without_ranges_works_and_its_numbers_are_still_bounded(make_engine):
    engine = _engine_with(make_engine, Setting("gap_days", 5, "days"), gap_days=12)
    assert engine.programme("club").setting("gap_days") == 12
    problems = refusal_with(make_engine, Setting("gap_days", 5, "days"), gap_days=10**30)
    bound = f"-{UNDECLARED_BOUND} to {UNDECLARED_BOUND}"
    assert problems == {
        "settings.club.gap_days": f"1.000e+30 is outside the accepted range {bound}"
    }


def test_a_redeclared_base_setting_without_a_range_keeps_the_base_range(make_engine):
    own = Setting("inactivity_days", 90, "CORE-9 for the club")
    engine = _engine_with(make_engine, own)
    assert engine.programme("club").setting("inactivity_days") == 90
    problems = refusal_with(make_engine, own, inactivity_days=10**30)
    assert problems == {
        "settings.club.inactivity_days": "1.000e+30 is outside the accepted range 1 to 3660"
    }


def test_with_settings_checks_a_hand_made_programme_too():
    programme = Programme(key="x", name="X", settings=(Setting("n", 3, "n", minimum=0, maximum=5),))
    assert with_settings(programme, {"n": 4}).setting("n") == 4
    with pytest.raises(
        InvalidInput, match=r"settings\.x\.n: 6 is outside the accepted range 0 to 5"
    ):
        with_settings(programme, {"n": 6})
    assert evolve(programme.settings[0], minimum=None).accepted == "at most 5"
    assert evolve(programme.settings[0], maximum=None).accepted == "at least 0"


def refusal_with(make_engine, *settings, **overrides):
    with pytest.raises(InvalidInput) as bad:
        _engine_with(make_engine, *settings, **overrides)
    return {where: render(what, "en") for where, what in bad.value.problems}
