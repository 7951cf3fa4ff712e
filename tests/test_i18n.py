"""Messages render in the language of their context, never a process-wide one."""

from __future__ import annotations

import gettext
import threading
from datetime import UTC, date, datetime

import pytest

from mentorcore import Decision
from mentorcore.domain import MeetingFormat, TandemStatus
from mentorcore.domain.labels import label
from mentorcore.i18n import (
    Day,
    Message,
    Moment,
    _,
    current_language,
    listing,
    negotiate,
    system_language,
    using_language,
)
from mentorcore.i18n import catalogue as catalogues


def test_a_label_renders_in_the_language_asked_for_and_in_the_context():
    assert label(TandemStatus.ACTIVE).render("de") == "aktiv"
    assert label(TandemStatus.ACTIVE).render("en") == "active"
    with using_language("de"):
        assert str(label(MeetingFormat.SHADOWING)) == "Hospitation"
    assert str(label(MeetingFormat.SHADOWING)) == "shadowing"


@pytest.mark.parametrize(
    ("wanted", "language"),
    [("de", "de"), ("de_AT", "de"), ("de-CH", "de"), ("de_DE.UTF-8", "de"), ("EN", "en"),
     ("fr", None), ("C", None), ("", None), (None, None)],
)  # fmt: skip
def test_negotiate_reads_posix_and_bcp47_names(wanted, language):
    assert negotiate(wanted) == language


def test_the_system_language_follows_gettexts_order():
    assert system_language({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}) == "de"
    assert system_language({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US"}) == "de"
    assert system_language({"LC_ALL": "C.UTF-8", "LANG": "de_DE"}) is None
    assert system_language({}) is None


def test_each_thread_renders_in_its_own_language():
    seen: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def serve(language: str) -> None:
        with using_language(language):
            barrier.wait()  # both inside their block at once
            seen[language] = str(label(TandemStatus.COMPLETED))

    threads = [threading.Thread(target=serve, args=(x,)) for x in ("de", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"de": "abgeschlossen", "en": "completed"}
    assert current_language() == "en"


def test_parameters_render_in_the_messages_language():
    message = _("{who} meets on {day}", who=("Ada", "Grace"), day=Day(date(2026, 3, 2), "full"))
    assert message.render("de") == "Ada und Grace meets on Montag, 2. März 2026"
    assert message.render("en") == "Ada and Grace meets on Monday, 2 March 2026"
    at = Moment(datetime(2026, 3, 2, 13, 0, tzinfo=UTC), "Europe/Berlin")
    assert _("at {when}", when=at).render("de") == "at 2. März 2026, 14:00 MEZ"
    assert listing(["Ada", "Grace", "Katherine"], "de") == "Ada, Grace und Katherine"


def test_a_broken_translation_falls_back_to_the_message_id(monkeypatch):
    class Broken(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "kaputt {missing}"

    monkeypatch.setattr(catalogues, "translations", lambda domain, language: Broken())
    monkeypatch.setattr("mentorcore.i18n.message.translations", lambda d, lang: Broken())
    assert _("hello {name}", name="Ada").render("de") == "hello Ada"


def test_a_literal_is_shown_as_it_is_in_every_language():
    own_words = Message.literal("Wir treffen uns {bald}")
    assert own_words.render("en") == own_words.render("de") == "Wir treffen uns {bald}"


def test_a_decision_carries_its_message_id_and_parameters():
    decision = Decision.deny("CORE-1", _("{n} is too many", n=5))
    assert decision.message_id == "{n} is too many"
    assert decision.params == {"n": 5}
    assert decision.reason == "5 is too many"
    assert decision == Decision.deny("CORE-1", _("{n} is too many", n=5))
    assert hash(decision) == hash(Decision.deny("CORE-1", _("{n} is too many", n=5)))


def test_plural_forms_follow_the_language():
    assert _.plural("{n} meeting", "{n} meetings", 1).render("en") == "1 meeting"
    assert _.plural("{n} meeting", "{n} meetings", 3).render("en") == "3 meetings"


def test_a_time_names_its_zone_in_both_languages():
    summer = Moment(datetime(2026, 7, 2, 16, 0, tzinfo=UTC), "Europe/Berlin")
    assert summer.render("de") == "2. Juli 2026, 18:00 MESZ"
    assert summer.render("en") == "2 July 2026, 18:00 CEST"


@pytest.mark.parametrize("language", [-1, "fr", b"de", ["de"]])
def test_a_reader_in_an_unsupported_language_is_bad_input(make_engine, language):
    from mentorcore import Actor, InvalidInput

    engine = make_engine()
    with pytest.raises(InvalidInput) as bad:
        engine.reader(Actor.system(), language=language)
    assert bad.value.problems[0][0] == "language"
    assert "supported: de and en" in str(bad.value)
