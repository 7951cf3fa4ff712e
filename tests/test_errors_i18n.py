"""Errors say what is wrong in the reader's language, rendered when shown.

A host serving several users renders each error in the viewer's language:
``str(error)`` in the context's (:func:`~mentorcore.i18n.using_language`),
``error.render(language)`` in the one asked for; rule IDs stay as they are.
"""

from __future__ import annotations

import pickle
import threading
from datetime import UTC, datetime, timedelta

import pytest
from helpers import ANA, BEN, CARLA, cast

from mentorcore import (
    Accept,
    ConcurrencyConflict,
    InvalidInput,
    NotFound,
    ProposeMeeting,
    RequestMentorship,
    TransitionDenied,
)
from mentorcore.domain import Role, TandemStatus
from mentorcore.i18n import using_language
from mentorcore.testing import walk_to


@pytest.fixture
def engine(make_engine):
    engine = make_engine()
    cast(engine)
    return engine


def _refused(engine, command, actor) -> TransitionDenied:
    with pytest.raises(TransitionDenied) as refused:
        engine.execute(command, actor=actor)
    return refused.value


def test_a_refusal_renders_rule_and_reason_in_german_and_english(engine):
    denied = _refused(engine, RequestMentorship(programme_key="default", mentor="eve"), ANA)
    assert denied.rule_ids == {"CORE-1"}
    german = denied.render("de")
    assert german.startswith("„Mentoring anfragen“ abgelehnt: [CORE-1] Eve ist nicht als Mentor")
    assert "eve" not in german  # the person's name, not her id
    with using_language("de"):
        assert str(denied) == german
        assert denied.reasons == denied.render_reasons("de")
    assert str(denied).startswith("request a mentorship refused: [CORE-1] Eve is not enrolled")
    assert denied.render_reasons("en") == [d.render("en") for d in denied.denials]


def test_the_lifecycle_names_action_status_and_what_is_possible_in_german(engine):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    denied = _refused(engine, Accept(tandem_id=tandem.id), ANA)  # the mentee sets the goals
    assert denied.rule_ids == {"CORE-LIFECYCLE"}
    german = denied.render("de")
    assert "„Anfrage annehmen“ ist nicht möglich: Das Tandem hat den Status „aktiv“" in german
    assert "Ziel festlegen" in german
    assert "set_goal" not in german


def test_a_meeting_refusal_shows_the_start_in_the_programmes_zone(engine, clock):
    tandem = walk_to(engine, TandemStatus.ACTIVE, programme="default", mentee="ana", mentor="ben")
    start = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    tandem = engine.execute(ProposeMeeting(tandem_id=tandem.id, start=start), actor=ANA)
    meeting = tandem.meetings[-1]
    from mentorcore import ConfirmAttendance, ConfirmMeeting

    engine.execute(ConfirmMeeting(tandem_id=tandem.id, meeting_id=meeting.id), actor=BEN)
    clock.set(start - timedelta(days=1))
    denied = _refused(engine, ConfirmAttendance(tandem_id=tandem.id, meeting_id=meeting.id), ANA)
    assert "(geplant für 4. März 2030, 14:00 MEZ)" in denied.render("de")
    assert "UTC" not in denied.render("en")


def test_a_batch_refusal_names_the_command_by_its_number(engine):
    commands = [RequestMentorship(programme_key="default", mentor="eve")]
    with pytest.raises(TransitionDenied) as refused:
        engine.execute_all([*commands, *commands], actor=ANA)
    assert refused.value.verb == "#1 request"
    assert refused.value.render("de").startswith("Nr. 1 – „Mentoring anfragen“ abgelehnt: [CORE-1]")


def test_bad_input_renders_its_problems_in_german(engine):
    with pytest.raises(InvalidInput) as bad:
        engine.enrol("ana", "default", Role.MENTEE, capacity=0, actor=CARLA)
    error = bad.value
    assert error.problems[0][0] == "capacity"
    assert error.render_problems("de") == [
        ("capacity", "erwartet: eine ganze Zahl von 1 bis 1000, erhalten: 0")
    ]
    assert error.render_problems("en") == [
        ("capacity", "expected a whole number from 1 to 1000, got 0")
    ]
    with using_language("de"):
        assert str(error).startswith("Anmeldung von Ana bei ")
        assert str(error).endswith(
            "capacity: erwartet: eine ganze Zahl von 1 bis 1000, erhalten: 0"
        )


def test_not_found_renders_in_german(engine):
    with pytest.raises(NotFound) as missing:
        engine.enrol("nobody", "default", Role.MENTEE, actor=CARLA)
    assert (missing.value.kind, missing.value.key) == ("person", "nobody")
    assert missing.value.render("de") == "keine Person nobody"
    assert str(missing.value) == "no person nobody"
    with pytest.raises(NotFound) as unknown:
        engine.programme("nowhere")
    assert unknown.value.key == "nowhere"
    assert unknown.value.render("de").startswith("kein Programm 'nowhere' (installiert: ")


def test_a_concurrency_conflict_renders_in_german():
    conflict = ConcurrencyConflict("tandem:x", 3, 4)
    assert (conflict.stream_id, conflict.expected, conflict.actual) == ("tandem:x", 3, 4)
    assert conflict.render("de").startswith("Der Strom tandem:x steht bei Version 4, nicht bei 3")
    assert str(conflict).startswith("stream tandem:x is at version 4, not 3")


def test_an_error_pickles_with_its_message_unrendered(engine):
    denied = _refused(engine, RequestMentorship(programme_key="default", mentor="eve"), ANA)
    copy = pickle.loads(pickle.dumps(denied))
    assert (copy.rule_ids, copy.verb) == (denied.rule_ids, denied.verb)
    assert copy.render("de") == denied.render("de")
    assert copy.message == denied.message
    bad = pickle.loads(pickle.dumps(InvalidInput([("x", "bad")], context="file.csv")))
    assert (bad.problems, bad.context, str(bad)) == (
        (("x", "bad"),),
        "file.csv",
        "file.csv: x: bad",
    )


def test_a_thread_rendering_german_leaves_another_threads_english(engine):
    with pytest.raises(NotFound) as missing:
        engine.enrol("nobody", "default", Role.MENTEE, actor=CARLA)
    error = missing.value
    seen: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def serve(language: str | None) -> None:
        with using_language(language):
            barrier.wait()  # both inside their block at once
            seen[language or "default"] = str(error)

    threads = [threading.Thread(target=serve, args=(lang,)) for lang in ("de", None)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"de": "keine Person nobody", "default": "no person nobody"}


def test_a_role_refusal_names_the_action_and_the_role_in_german(engine):
    tandem = engine.execute(RequestMentorship(programme_key="default", mentor="ben"), actor=ANA)
    denied = _refused(engine, Accept(tandem_id=tandem.id), ANA)
    assert "Die Rolle „Mentee“ darf „Anfrage annehmen“ nicht ausführen" in denied.render("de")
