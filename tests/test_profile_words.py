"""Profile values in the coordinator's words: yes and no, choices by label or
abbreviation, topics by short label or title, fields by label, decimal commas;
the profile stores keys, and errors list what is accepted, in German and English."""

from __future__ import annotations

import pytest

from mentorcore import (
    Choice,
    Engine,
    FieldKind,
    InvalidInput,
    ProfileField,
    Programme,
    Role,
    Topic,
)
from mentorcore.policy.profiles import parse_profile

TOPICS = (
    Topic("networking", "Networking: contacts, events and colleagues", label="Netzwerk"),
    Topic("work_life", "Reconciling professional and private life", label="Vereinbarkeit"),
    Topic("health_policy", "Current topics of health policy"),
)
FIELDS = (
    ProfileField("gender", FieldKind.CHOICE, "Geschlecht", choices=("female", "male", "diverse")),
    ProfileField("semester", FieldKind.INTEGER, "Subject semester (Fachsemester)", minimum=1),
    ProfileField("rating", FieldKind.NUMBER, "Rating", required=False, maximum=5000),
    ProfileField("workshop", FieldKind.BOOLEAN, "Workshop attended", required=False),
    ProfileField(
        "topics",
        FieldKind.CHOICES,
        "Topics",
        required=False,
        choices=("networking", "work_life", "health_policy"),
    ),
    ProfileField(
        "level",
        FieldKind.CHOICE,
        "Level",
        required=False,
        choices=("junior", "senior"),
        choice_labels=(Choice("junior", "Nachwuchskraft", "NK"), Choice("senior", "Leitung")),
    ),
    ProfileField("wishes", FieldKind.CHOICES, "Wished mentors", required=False),
)
BIO = Programme(key="bio", name="Bio", topics=TOPICS, mentee_fields=FIELDS)
BASE = {"gender": "female", "semester": "5"}


def parsed(**values: object) -> dict[str, object]:
    raw = {**BASE, **values}
    return parse_profile(BIO.fields_for(Role.MENTEE), raw).as_dict()


def problems(raw: dict[str, object], language: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_profile(BIO.fields_for(Role.MENTEE), raw)
    return [(where, what.render(language)) for where, what in caught.value.problems]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("ja", True),
        ("Ja", True),
        ("j", True),
        ("x", True),
        ("X", True),
        ("wahr", True),
        ("yes", True),
        ("true", True),
        ("1", True),
        ("nein", False),
        ("n", False),
        ("falsch", False),
        ("no", False),
        ("0", False),
        ("", False),
    ],
)
def test_yes_and_no_in_german_and_english(word, value):
    assert parsed(workshop=word)["workshop"] is value


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("weiblich", "female"),
        ("Weiblich ", "female"),
        ("w", "female"),
        ("W", "female"),
        ("female", "female"),
        ("f", "female"),
        ("männlich", "male"),
        ("Maennlich", "male"),
        ("m", "male"),
        ("divers", "diverse"),
        ("d", "diverse"),
        ("diverse", "diverse"),
    ],
)
def test_gender_by_german_and_english_label_or_abbreviation_stores_the_key(word, key):
    assert parsed(gender=word)["gender"] == key


def test_a_wrong_choice_lists_the_accepted_labels_in_german_and_english():
    raw = {**BASE, "gender": "frau"}
    assert problems(raw, "de") == [
        (
            "gender",
            "„frau“ ist kein erlaubter Wert; erlaubt sind: weiblich (w), männlich (m), divers (d)",
        )
    ]
    assert problems(raw, "en") == [
        ("gender", "'frau' is not an accepted value; accepted: female (f), male (m), diverse (d)")
    ]


def test_a_programme_labels_its_own_choices():
    assert parsed(level="NK")["level"] == "junior"
    assert parsed(level="leitung")["level"] == "senior"
    assert parsed(level="senior")["level"] == "senior"
    raw = {**BASE, "level": "chef"}
    assert problems(raw, "de") == [
        ("level", "„chef“ ist kein erlaubter Wert; erlaubt sind: Nachwuchskraft (NK), Leitung")
    ]


def test_a_word_two_choices_share_names_neither_but_keys_still_count():
    field = ProfileField(
        "x",
        FieldKind.CHOICE,
        choices=("a", "b"),
        choice_labels=(Choice("a", "Alpha", "s"), Choice("b", "Beta", "s")),
    )
    assert parse_profile((field,), {"x": "Beta"}).get("x") == "b"
    with pytest.raises(InvalidInput, match="not an accepted value"):
        parse_profile((field,), {"x": "s"})


def test_topics_by_short_label_title_or_key_separated_by_semicolon_or_comma():
    assert parsed(topics="Netzwerk; Vereinbarkeit")["topics"] == ("networking", "work_life")
    assert parsed(topics="netzwerk, health_policy")["topics"] == ("networking", "health_policy")
    # a title holding commas is not cut apart
    title = "Networking: contacts, events and colleagues, Current topics of health policy"
    assert parsed(topics=title)["topics"] == ("networking", "health_policy")
    assert parsed(topics=["Vereinbarkeit", "networking"])["topics"] == ("work_life", "networking")
    # the same topic twice is kept once
    assert parsed(topics="Netzwerk; networking")["topics"] == ("networking",)


def test_a_wrong_topic_is_named_and_the_labels_listed():
    raw = {**BASE, "topics": "Netzwerk; Karriere"}
    assert problems(raw, "de") == [
        (
            "topics",
            "„Karriere“ ist kein erlaubter Wert; erlaubt sind: Netzwerk, Vereinbarkeit, "
            "Current topics of health policy",
        )
    ]


def test_free_lists_split_on_semicolons_else_commas():
    assert parsed(wishes="okafor; weber")["wishes"] == ("okafor", "weber")
    assert parsed(wishes="okafor, weber")["wishes"] == ("okafor", "weber")
    assert parsed(wishes="a,b; c")["wishes"] == ("a,b", "c")


def test_fields_by_their_label_or_its_parts():
    assert parse_profile(FIELDS, {"Geschlecht": "w", "Fachsemester": "3"}).as_dict() == {
        "gender": "female",
        "semester": 3,
    }
    assert parse_profile(FIELDS, {"GESCHLECHT": "w", "subject semester": "3"}).get("semester") == 3


def test_a_field_given_twice_and_a_wrong_value_are_named_as_the_input_named_them():
    raw = {"gender": "w", "Geschlecht": "m", "Fachsemester": "drei"}
    assert problems(raw, "de") == [
        ("Geschlecht", "dasselbe Feld wie gender"),
        ("Fachsemester", "erwartet eine ganze Zahl, nicht „drei“"),
    ]


@pytest.mark.parametrize(
    ("text", "number"), [("3,5", 3.5), ("3.5", 3.5), ("1.234,5", 1234.5), (" 4 ", 4.0)]
)
def test_numbers_with_a_decimal_comma(text, number):
    assert parsed(rating=text)["rating"] == number


def test_numbers_out_of_range_and_not_numbers_in_german():
    raw = {**BASE, "semester": "0", "rating": "drei,5"}
    assert problems(raw, "de") == [
        ("semester", "muss mindestens 1 sein, nicht 0"),
        ("rating", "erwartet eine Zahl (wie 3,5 oder 3.5), nicht „drei,5“"),
    ]
    assert problems({**BASE, "rating": "6000,5"}, "de") == [
        ("rating", "darf höchstens 5.000 sein, nicht 6.000,5")
    ]


def test_wrong_yes_or_no_lists_the_words():
    raw = {**BASE, "workshop": "vielleicht"}
    assert problems(raw, "de") == [
        ("workshop", "erwartet ja oder nein (ja, j, x, wahr / nein, n, falsch), nicht „vielleicht“")
    ]


def test_kerpen_knows_gender_in_german():
    with Engine(":memory:") as engine:
        fields = engine.programme("kerpen").fields_for(Role.MENTEE)
    raw = {
        "gender": "w",
        "leadership": "junior_leader",
        "organisation_unit": "Amt für Finanzen",
        "topics": "network, conflicts",
    }
    profile = parse_profile(fields, raw)
    assert profile.get("gender") == "female"
    assert profile.get("topics") == ("network", "conflicts")
    with pytest.raises(InvalidInput) as caught:
        parse_profile(fields, {**raw, "gender": "frau"})
    assert [(w, m.render("de")) for w, m in caught.value.problems] == [
        (
            "gender",
            "„frau“ ist kein erlaubter Wert; erlaubt sind: weiblich (w), männlich (m), divers (d)",
        )
    ]


@pytest.mark.parametrize("written", ["1.000", "12.500", "-1.250.000", "1,000", "2,500,000"])
def test_a_number_with_a_dot_before_three_digits_is_ambiguous_and_refused(written):
    fields = (ProfileField("hours", FieldKind.NUMBER, "Stunden"),)
    with pytest.raises(InvalidInput) as bad:
        parse_profile(fields, {"hours": written})
    assert "is ambiguous (thousands separators" in bad.value.render_problems("en")[0][1]
    assert "ist mehrdeutig (Tausendertrennzeichen" in bad.value.render_problems("de")[0][1]


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.5", 1.5), ("1,5", 1.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1000", 1000.0),
     ("0,25", 0.25), ("1.2345", 1.2345)],
)  # fmt: skip
def test_unambiguous_numbers_are_read_either_way(written, value):
    fields = (ProfileField("hours", FieldKind.NUMBER, "Stunden"),)
    assert parse_profile(fields, {"hours": written}).get("hours") == value
