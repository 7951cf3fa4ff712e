"""The web face in a real browser (issue 17 acceptance): Debian's headless
Chromium, driven by Playwright, walks a whole tandem year in German as a
coordinator, a mentee and a mentor in three browser contexts, against the
app served by uvicorn on 127.0.0.1 with the try-it-out sign-in; the engine's
clock is moved through the year instead of waiting. Screenshots of the main
pages are kept in ``out/screenshots/web/`` (git-ignored).

Chromium comes from Debian (``scripts/ensure_chromium.sh`` installs it for
``make test``); Playwright never downloads a browser here.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from mentorcore_ostalb import policy as ostalb
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from test_web_api_kit import PHYSICIAN, SCHOLAR

from mentorcore import Actor, Engine, FixedClock, Role, TandemStatus
from mentorcore.testing import enrol, person
from mentorcore.web import create_app
from mentorcore.web.signin import SignIn

SHOTS = Path(__file__).parent.parent / "out" / "screenshots" / "web"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is missing: run scripts/ensure_chromium.sh (make test does)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(make_engine: Callable[..., Engine], clock: FixedClock) -> Iterator[tuple[str, Engine]]:
    """The web face with the try-it-out sign-in, on uvicorn in a thread; its base URL."""
    engine = make_engine(plugins=[ostalb])
    for pid, name, role in (
        ("koord", "Klara Koordinatorin", Role.COORDINATOR),
        ("mia", "Mia Hoffmann", Role.MENTEE),
        ("mo", "Moritz Braun", Role.MENTEE),
        ("max", "Dr. Max Weber", Role.MENTOR),
        ("mara", "Dr. Mara Yilmaz", Role.MENTOR),
    ):
        person(engine, pid, name, email=f"{pid}@example.org")
        enrol(engine, pid, "default", role)
    person(engine, "amt", "Landratsamt Ostalbkreis")
    enrol(engine, "amt", "ostalb", Role.COORDINATOR)
    person(engine, "lena", "Lena Maier")
    enrol(engine, "lena", "ostalb", Role.MENTEE, SCHOLAR)
    person(engine, "haas", "Dr. Jonas Haas")
    enrol(engine, "haas", "ostalb", Role.MENTOR, PHYSICIAN)
    signin = SignIn(engine)
    app = create_app(engine, signin.authenticate)
    signin.install(app)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", engine
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, without any download."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        yield launched
        launched.close()


class Person:
    """One person in their own browser context (cookies of their own), in German."""

    def __init__(self, browser: Browser, base: str, who: str) -> None:
        self.base = base
        self.context: BrowserContext = browser.new_context(
            locale="de-DE", viewport={"width": 1200, "height": 900}, accept_downloads=True
        )
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.goto(f"{base}/signin")
        self.page.locator(f"input[name=person][value={who}]").check()
        self.page.get_by_role("button", name="Anmelden").click()
        expect(self.page.locator("h1")).to_have_text("Übersicht")

    def go(self, path: str) -> Page:
        """Load *path* afresh (a link to the page already shown, differing by
        its #fragment only, would not ask the server again)."""
        target = self.base + path.split("#")[0]
        if self.page.url.split("#")[0] == target:
            self.page.reload()
        else:
            self.page.goto(target)
        return self.page

    def click(self, name: str) -> None:
        """Press a form's button and wait for the page the form answers with."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name).first.click()

    def shot(self, name: str, *, full: bool = True) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _meeting(mia: Person, clock: FixedClock, days: int, agenda: str) -> None:
    """Mia proposes a meeting *days* ahead, the page's form as she sees it."""
    page = mia.page
    details = page.locator("details", has_text="Treffen vorschlagen")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    day = (clock.now() + timedelta(days=days)).date().isoformat()
    page.fill("#m-day", day)
    page.fill("#m-time", "17:30")
    page.select_option("#m-format", "video")
    page.fill("#m-place", "https://meet.example.org/tandem")
    page.fill("#m-agenda", agenda)
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlagen").click()


def test_a_tandem_year_in_three_browsers_in_german(
    served: tuple[str, Engine], browser: Browser, clock: FixedClock
) -> None:
    base, engine = served
    koord = Person(browser, base, "koord")
    koord.shot("01-overview-coordinator")
    # matching: the proposal, explained, then confirmed
    page = koord.go("/programmes/default/matching")
    expect(page.locator("h2").first).to_contain_text("Vorschlag")
    koord.shot("02-matching")
    koord.click("Diese 2 Paare bestätigen")
    expect(page.locator("h1")).to_have_text(re.compile("Mentoring"))
    tandems = engine.reader(Actor.system()).tandems(programme="default", person="mia")
    tid = str(tandems[0].id)
    mentor = "max" if tandems[0].mentor == "max" else "mara"

    mia, mentor_ = Person(browser, base, "mia"), Person(browser, base, mentor)
    # getting to know: both decide to go on
    for who in (mia, mentor_):
        who.go(f"/tandems/{tid}")
        expect(who.page.locator("#decision")).to_be_visible()
        who.click("Ja, fortsetzen")
    mia.shot("03-tandem-after-getting-to-know")
    # the agreement: drafted, submitted, approved
    mia.go(f"/tandems/{tid}")
    mia.page.get_by_role("link", name="Entwurf schreiben").click()
    mia.page.fill("#a-meetings", "4")
    mia.page.check("#a-format-video")
    mia.page.check("#a-format-in_person")
    mia.page.fill("#a-frequency", "alle zwei Monate")
    mia.page.fill("#a-other", "Karrierewege\nVereinbarkeit von Familie und Beruf")
    mia.page.fill("#a-goals", "Meine Fachrichtung finden")
    mia.shot("04-agreement-draft")
    mia.click("Entwurf speichern")
    mia.click("An die Mentorin oder den Mentor senden")
    mentor_.go(f"/tandems/{tid}")
    expect(mentor_.page.locator("#pending")).to_contain_text("Version 1")
    mentor_.shot("05-agreement-awaiting-approval")
    mentor_.click("Version 1 zustimmen")
    expect(mentor_.page.locator("#in-force")).to_contain_text("Version 1, in Kraft")
    # four meetings through the year: proposed, confirmed, attended, documented
    for n in range(4):
        mia.go(f"/tandems/{tid}")
        _meeting(mia, clock, 3, f"Fragen für Treffen {n + 1}")
        mentor_.go(f"/tandems/{tid}#meetings")
        mentor_.click("Treffen bestätigen")
        clock.advance(timedelta(days=5))
        mia.go(f"/tandems/{tid}#meetings")
        mia.click("Teilnahme bestätigen")
        mentor_.go(f"/tandems/{tid}#meetings")
        mentor_.page.get_by_role("link", name="Dokumentieren").first.click()
        for area in mentor_.page.locator("form textarea").all():
            area.fill(f"Wir haben über Treffen {n + 1} gesprochen.")
        if n == 0:
            mentor_.shot("06-record-form")
        mentor_.click("Dokumentation speichern")
        if n == 0:
            mia.go(f"/tandems/{tid}")
            mia.page.fill("#goal-text", "Eine Hospitation in der Chirurgie")
            mia.click("Ziel hinzufügen")
            mentor_.go(f"/tandems/{tid}#goals")
            mentor_.page.select_option("#goal-1-status", "on_track")
            mentor_.click("Bewerten")
        owed = mia.go(f"/tandems/{tid}").locator("section[aria-labelledby=feedback] a")
        if owed.count():
            with mia.page.expect_navigation():
                owed.first.click()
            for field in mia.page.locator("main form select").all():
                field.select_option(index=field.locator("option").count() - 1)
            for field in mia.page.locator("main form textarea").all():
                field.fill("Hilfreich")
            for field in mia.page.locator("main form input[type=number]").all():
                field.fill("4")
            if n == 0:
                mia.shot("07-feedback-form")
            mia.click("Feedback senden")
        clock.advance(timedelta(days=80))
    mia.go(f"/tandems/{tid}")
    mia.shot("08-tandem-during-the-year")
    # an amendment: the version in force stays until the other side approves
    mia.page.get_by_role("link", name="Änderung vorschlagen").click()
    mia.page.fill("#a-meetings", "5")
    mia.click("Änderung vorschlagen")
    mentor_.go(f"/tandems/{tid}")
    expect(mentor_.page.locator("#in-force")).to_contain_text("Version 1")
    expect(mentor_.page.locator("#pending")).to_contain_text("Version 2")
    mentor_.shot("09-amendment-side-by-side")
    mentor_.click("Version 2 zustimmen")
    # a refused action: the rule and the reason, in German, no traceback
    refused = mentor_.go(f"/tandems/{tid}")
    token = refused.locator("input[name=csrf_token]").first.get_attribute("value")
    answer = mentor_.context.request.post(
        f"{base}/tandems/{tid}/act/propose_meeting",
        form={
            "csrf_token": token or "",
            "day": "2027-09-01",
            "time": "10:00",
            "kind": "regular",
            "format": "video",
        },
        headers={"Accept-Language": "de-DE"},
    )
    assert answer.status == 403
    assert "CORE-6" in answer.text()
    assert "Das hat nicht geklappt" in answer.text()
    mentor_.page.set_content(answer.text().replace('href="/static', f'href="{base}/static'))
    mentor_.shot("10-refusal", full=False)
    # the coordination's dashboard and the tandem as the coordination sees it
    page = koord.go("/programmes/default")
    expect(page.locator("#health")).to_contain_text("Stand der Tandems")
    koord.shot("11-dashboard")
    koord.go("/programmes/default/people")
    koord.shot("12-people")
    koord.go(f"/tandems/{tid}")
    koord.shot("13-tandem-as-coordinator")
    # closing: started, completed, the certificate downloaded
    for who in (mia, mentor_, koord):
        shown = who.go(f"/tandems/{tid}")
        if shown.get_by_role("button", name="Abschluss beginnen").count():
            who.click("Abschluss beginnen")
            break
    for who in (mia, mentor_, koord):
        shown = who.go(f"/tandems/{tid}")
        if shown.get_by_role("button", name="Mentoring abschließen").count():
            who.click("Mentoring abschließen")
            break
    state = engine.reader(Actor.system()).tandem(tandems[0].id)
    assert state.status is TandemStatus.COMPLETED
    mia.go(f"/tandems/{tid}")
    with mia.page.expect_download() as download:
        mia.page.get_by_role("link", name="Bescheinigung herunterladen (PDF)").click()
    saved = SHOTS / "certificate.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    mia.shot("14-tandem-completed")
    # the calendar subscription: a link shown once
    mia.go("/me/calendar")
    mia.click("Abonnement-Link erstellen")
    link = mia.page.locator("#feed-url").input_value()
    assert link.startswith(base)
    assert "BEGIN:VCALENDAR" in mia.context.request.get(link).text()
    mia.shot("15-calendar-link")
    # on a phone
    phone = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.goto(f"{base}/signin")
    small.locator("input[name=person][value=mia]").check()
    small.get_by_role("button", name="Anmelden").click()
    small.goto(f"{base}/tandems/{tid}")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the tandem page scrolls sideways on a phone ({width}px)"
    small.screenshot(path=str(SHOTS / "16-phone-tandem.png"), full_page=False)
    phone.close()
    for who in (koord, mia, mentor_):
        who.context.close()


def test_an_ostalb_coordinator_in_the_browser_never_sees_meeting_content(
    served: tuple[str, Engine], browser: Browser, clock: FixedClock
) -> None:
    """OSTALB-CONF-1 in the browser: the coordination sees that they meet, not what."""
    base, engine = served
    amt = Person(browser, base, "amt")
    amt.go("/programmes/ostalb/matching")
    amt.click("Dieses Paar bestätigen")
    tid = str(engine.reader(Actor.system()).tandems(programme="ostalb")[0].id)
    lena, haas = Person(browser, base, "lena"), Person(browser, base, "haas")
    for who in (lena, haas):
        who.go(f"/tandems/{tid}")
        who.click("Ja, fortsetzen")
    lena.go(f"/tandems/{tid}")
    lena.page.get_by_role("link", name="Entwurf schreiben").click()
    lena.click("Entwurf speichern")
    lena.click("An die Mentorin oder den Mentor senden")
    haas.go(f"/tandems/{tid}")
    haas.page.get_by_role("button", name=re.compile("zustimmen")).first.click()
    lena.go(f"/tandems/{tid}")
    _meeting(lena, clock, 2, "VERTRAULICHE-AGENDA")
    assert "VERTRAULICHE-AGENDA" in lena.page.content()
    for path in ("/", "/programmes/ostalb", f"/tandems/{tid}", "/programmes/ostalb/people"):
        shown: Any = amt.go(path)
        assert "VERTRAULICHE-AGENDA" not in shown.content()
    amt.go(f"/tandems/{tid}")
    assert "OSTALB-CONF-1" in amt.page.content()
    amt.shot("17-ostalb-coordinator-tandem")
