"""Issue 10, point 1 (write side): input that would poison shared reads is refused at the door.

Each case is the one the issue names (a meeting on 9999-12-31, year 1 and
year 9998, an e-mail address with CR/LF, a capacity of 10**40, control
characters and lone surrogates in names and texts, a person id that escapes
a folder) and shows a clear InvalidInput naming the field, with nothing
stored; a value just inside the limits is accepted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import stored
from meeting_kit import ANA, BEN, SYSTEM, active, propose

from mentorcore import (
    AgreementTerms,
    Decline,
    DeclineMeeting,
    DraftAgreement,
    FieldKind,
    GoalStatus,
    InvalidInput,
    Person,
    PrepareMeeting,
    ProfileField,
    Programme,
    ProposeAmendment,
    ProposeMeeting,
    RequestMentorship,
    RescheduleMeeting,
    ReviewGoal,
    Role,
    SetGoal,
    TandemStatus,
    hookimpl,
    weekly_starts,
)
from mentorcore.testing import START, enrol, person, walk_to
from mentorcore.validation import MAX_CAPACITY, MAX_ID_LENGTH

FAR = [
    datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
    datetime(9998, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, 0, 10, tzinfo=UTC),
    START + timedelta(days=366 * 10 + 3),  # just past the default window of 10 years
]


def refused(engine, call, *args, field: str, **kwargs) -> InvalidInput:
    """Run *call*; it must raise InvalidInput naming *field* and store nothing."""
    before = stored(engine)
    with pytest.raises(InvalidInput) as raised:
        call(*args, **kwargs)
    assert field in {where for where, _ in raised.value.problems}, raised.value
    assert stored(engine) == before
    return raised.value


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("start", FAR, ids=lambda d: d.isoformat()[:10])
def test_a_meeting_far_from_today_is_refused_naming_start(make_engine, start):
    engine = make_engine()
    t = active(engine)
    error = refused(
        engine,
        engine.execute,
        ProposeMeeting(tandem_id=t.id, start=start),
        actor=ANA,
        field="start",
    )
    assert "date_window_years" in str(error)
    m = propose(engine, t, START + timedelta(days=365 * 9))  # inside the window
    refused(
        engine,
        engine.execute,
        RescheduleMeeting(tandem_id=t.id, meeting_id=m.id, start=start),
        actor=ANA,
        field="start",
    )
    # the calendars that a year-9999 meeting used to break still read
    assert engine.reader(ANA).tandem_calendar(t.id)


def test_the_programme_sets_the_date_window(make_engine):
    engine = make_engine(settings={"default": {"date_window_years": 2}})
    t = active(engine)
    refused(
        engine,
        engine.execute,
        ProposeMeeting(tandem_id=t.id, start=START + timedelta(days=3 * 365)),
        actor=ANA,
        field="start",
    )
    propose(engine, t, START - timedelta(days=365))  # a year back: inside two years


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (AgreementTerms(period_start=date(1, 1, 1)), "terms.period_start"),
        (
            AgreementTerms(period_start=date(2026, 10, 5), period_end=date(9999, 12, 31)),
            "terms.period_end",
        ),
        (
            AgreementTerms(period_start=date(2026, 10, 5), meetings_planned=10**40),
            "terms.meetings_planned",
        ),
    ],
)
def test_agreement_periods_and_counts_are_checked(make_engine, terms, field):
    engine = make_engine()
    from meeting_kit import cast

    cast(engine)
    t = walk_to(
        engine, TandemStatus.AGREEMENT_DRAFTING, programme="default", mentee="ana", mentor="ben"
    )
    refused(
        engine, engine.execute, DraftAgreement(tandem_id=t.id, terms=terms), actor=ANA, field=field
    )
    other = make_engine()
    live = active(other)
    refused(
        other,
        other.execute,
        ProposeAmendment(tandem_id=live.id, terms=terms),
        actor=BEN,
        field=field,
    )


def test_weekly_series_refuse_absurd_counts_zones_and_ends():
    for kwargs, field in (
        ({"count": 10**9}, "count"),
        ({"count": 3, "weeks": 0}, "weeks"),
        ({"count": 3, "timezone": "Nowhere/City"}, "timezone"),
    ):
        with pytest.raises(InvalidInput) as raised:
            weekly_starts(START, **{"timezone": "Europe/Berlin", **kwargs})
        assert raised.value.problems[0][0] == field
    with pytest.raises(InvalidInput, match="past the year 9999"):
        weekly_starts(datetime(9999, 12, 1, tzinfo=UTC), 10, timezone="Europe/Berlin")
    assert len(weekly_starts(START, 3, timezone="Europe/Berlin")) == 3


# ---------------------------------------------------------------- people


@pytest.mark.parametrize(
    "email",
    [
        "ana@example.org\r\nBcc: evil@example.org",
        "ana@example.org\n",
        "Ana <ana@example.org>",
        "not an address",
        "ana@",
        "ana@localhost",
        "\ud800@example.org",
    ],
)
def test_email_addresses_are_addresses(make_engine, email):
    engine = make_engine()
    for actor in (SYSTEM, ANA):  # an import, a self-registration
        refused(
            engine,
            engine.register_person,
            Person("ana", "Ana", email=email),
            actor=actor,
            field="person.email",
        )


def test_no_address_or_a_real_one_is_accepted(make_engine):
    engine = make_engine()
    for email in (None, "", "ana.roth+mentoring@example.org", "jörg@uni-köln.de"):
        engine.register_person(Person("ana", "Ana", email=email), actor=SYSTEM)
        assert engine.reader(SYSTEM).person("ana").email == email


@pytest.mark.parametrize(
    "pid",
    [
        "",
        "   ",
        " ana",
        "x/../../escaped",
        "..",
        "a\\b",
        "a\x00b",
        "a\nb",
        "a" * (MAX_ID_LENGTH + 1),
    ],
)
def test_person_ids_are_sane(make_engine, pid):
    engine = make_engine()
    refused(
        engine, engine.register_person, Person(pid, "Somebody"), actor=SYSTEM, field="person.id"
    )


@pytest.mark.parametrize(
    ("person", "field"),
    [
        (Person("ana", "Ana\x1b[2J"), "person.name"),  # clears a terminal
        (Person("ana", "Ana\x07"), "person.name"),
        (Person("ana", "Ana\nRoth"), "person.name"),
        (Person("ana", "Ana\ud800"), "person.name"),
        (Person("ana", "Ana\u2028Roth"), "person.name"),
        (Person("ana", "Ana", organisation="Klinik\rX"), "person.organisation"),
    ],
)
def test_names_without_control_characters_or_lone_surrogates(make_engine, person, field):
    engine = make_engine()
    error = refused(engine, engine.register_person, person, actor=SYSTEM, field=field)
    assert "cannot be shown" in str(error)


def test_names_in_any_script_are_fine(make_engine):
    engine = make_engine()
    for name in ("Zoë Ağaoğlu", "Ἀναστασία", "王秀英", "Анна 🙂", "O'Brien-Smith, Jr."):
        person(engine, "p", name)


@pytest.mark.parametrize("capacity", [0, -1, MAX_CAPACITY + 1, 10**6, 10**40, True, "3", 2.0])
def test_capacity_within_its_range(make_engine, capacity):
    engine = make_engine()
    person(engine, "ben")
    error = refused(
        engine,
        engine.enrol,
        "ben",
        "default",
        Role.MENTOR,
        capacity=capacity,
        actor=SYSTEM,
        field="capacity",
    )
    assert f"1 to {MAX_CAPACITY}" in str(error)


def test_the_largest_capacity_is_accepted(make_engine):
    engine = make_engine()
    enrol(engine, "ben", "default", Role.MENTOR, capacity=MAX_CAPACITY)
    assert engine.state.index.enrolment("ben", "default", Role.MENTOR).capacity == MAX_CAPACITY


# ---------------------------------------------------------------- free texts


def test_free_texts_keep_line_breaks_and_tabs_but_refuse_control_characters(make_engine):
    engine = make_engine()
    from meeting_kit import cast

    cast(engine)
    t = engine.execute(
        RequestMentorship(
            programme_key="default", mentor="ben", message="Hallo,\r\n\tich bin Ana.\n"
        ),
        actor=ANA,
    )
    for hostile in ("no\x1b[2Jthanks", "no\x00", "no\ud800", "bell\x07", "a\rb"):
        error = refused(
            engine,
            engine.execute,
            Decline(tandem_id=t.id, reason=hostile),
            actor=BEN,
            field="Decline.reason",
        )
        assert "U+" in str(error)
    engine.execute(Decline(tandem_id=t.id, reason="Leider\nkeine Zeit.\tSorry"), actor=BEN)


def test_every_text_of_a_command_is_checked(make_engine):
    engine = make_engine()
    t = active(engine)
    m = propose(engine, t, START + timedelta(days=7), place="Raum 3\n2. OG")
    goal = engine.execute(SetGoal(tandem_id=t.id, text="lead a team"), actor=ANA).goals[0]
    cases = [
        (SetGoal(tandem_id=t.id, text="\ud83d"), ANA, "SetGoal.text"),
        (
            ReviewGoal(
                tandem_id=t.id,
                goal_id=goal.id,
                status=GoalStatus.ON_TRACK,
                note="ok\x1b]0;pwned\x07",
            ),
            ANA,
            "ReviewGoal.note",
        ),
        (
            ProposeMeeting(tandem_id=t.id, start=START, topics=("a\nb",)),
            ANA,
            "ProposeMeeting.topics[0]",
        ),
        (ProposeMeeting(tandem_id=t.id, start=START, agenda="x\x0c"), ANA, "ProposeMeeting.agenda"),
        (
            DeclineMeeting(tandem_id=t.id, meeting_id=m.id, reason="\x9b2J"),
            BEN,
            "DeclineMeeting.reason",
        ),
        (
            PrepareMeeting(tandem_id=t.id, meeting_id=m.id, values={"questions": "\x1b[31m"}),
            ANA,
            "PrepareMeeting.values['questions']",
        ),
        (
            DraftAgreement(
                tandem_id=t.id,
                terms=AgreementTerms(period_start=date(2026, 10, 5), notes="\x08\x08"),
            ),
            ANA,
            "DraftAgreement.terms.notes",
        ),
        (SetGoal(tandem_id=t.id, text="x" * 100_001), ANA, "SetGoal.text"),
    ]
    for command, actor, field in cases:
        refused(engine, engine.execute, command, actor=actor, field=field)


class WithBio:
    """A test programme whose mentees write a few lines about themselves."""

    @hookimpl
    def mentorcore_register_programmes(self, register):
        field = ProfileField("bio", FieldKind.TEXT, "About me", required=False)
        register(Programme(key="bio", name="Bio", mentee_fields=(field,)))


def test_profile_texts_are_checked(make_engine):
    engine = make_engine(plugins=[WithBio()])
    person(engine, "ana")
    for bio in ("x\x1b[2J", "\ud800"):
        refused(
            engine,
            engine.enrol,
            "ana",
            "bio",
            Role.MENTEE,
            {"bio": bio},
            actor=SYSTEM,
            field="profile.bio",
        )
    enrol(engine, "ana", "bio", Role.MENTEE, {"bio": "Medizin,\n5. Semester"})
    refused(
        engine,
        engine.update_profile,
        "ana",
        "bio",
        Role.MENTEE,
        {"bio": "\x07"},
        actor=SYSTEM,
        field="profile.bio",
    )


def test_acknowledging_at_an_absurd_time_is_refused(make_engine):
    engine = make_engine()
    active(engine)
    for now, why in ((datetime(9999, 12, 31), "naive"), (datetime(9999, 1, 1, tzinfo=UTC), "9999")):
        with pytest.raises(InvalidInput, match=why) as raised:
            engine.acknowledge("some-key", actor=SYSTEM, now=now)
        assert raised.value.problems[0][0] == "now"
    with pytest.raises(InvalidInput, match="key"):
        engine.acknowledge("k\x1b", actor=SYSTEM)


def test_wrong_shapes_name_their_argument(make_engine):
    engine = make_engine()
    enrol(engine, "ana", "default", Role.MENTEE)
    for call, field in (
        (lambda: engine.execute_all(None, actor=SYSTEM), "commands"),
        (lambda: engine.update_profile("ana", "default", "mentee", {}, actor=SYSTEM), "role"),
        (lambda: engine.update_profile("ana", "default", Role.MENTEE, None, actor=SYSTEM),
         "profile"),
        (lambda: engine.enrol("ana", "default", Role.MENTOR, ["x"], actor=SYSTEM), "profile"),
    ):  # fmt: skip
        refused(engine, call, field=field)
