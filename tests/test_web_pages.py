"""The web face's pages (issue 17): each page as its viewer may see it, its
forms carried out as the signed-in person, refusals with their rule IDs in
the viewer's language, and form tokens on every POST (WEB-CSRF-1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.routing import APIRoute
from test_web_pages_kit import Site, site_fixture, submit, token_of  # noqa: F401

from mentorcore import Actor, MeetingStatus, TandemStatus
from mentorcore.web.pages import pages_router
from mentorcore.web.pages.site import LANG_COOKIE


def test_nobody_signed_in_gets_a_page_asking_to_sign_in_not_a_traceback(site: Site) -> None:
    page = site.client(None).get("/")
    assert page.status_code == 401
    assert "Please sign in first." in page.text
    assert "Traceback" not in page.text


def test_the_overview_lists_my_tandems_and_my_programmes(site: Site) -> None:
    site.tandem(TandemStatus.ACTIVE)
    mine = site.client("mia").get("/")
    assert mine.status_code == 200
    assert "Tandem with Max" in mine.text
    assert "active" in mine.text
    coordinator = site.client("coco").get("/")
    assert 'href="/programmes/default"' in coordinator.text
    assert "/programmes/ostalb" not in coordinator.text  # amt coordinates it, not coco


def test_pages_speak_german_from_accept_language_and_keep_a_chosen_language(site: Site) -> None:
    site.tandem(TandemStatus.ACTIVE)
    german = site.client("mia", language="de-DE,de;q=0.9").get("/")
    assert '<html lang="de">' in german.text
    assert "Meine Tandems" in german.text
    assert "aktiv" in german.text
    client = site.client("mia", language="de")
    switched = client.get("/?lang=en")
    assert '<html lang="en">' in switched.text
    assert "My tandems" in switched.text
    assert switched.cookies.get(LANG_COOKIE) == "en"
    assert '<html lang="en">' in client.get("/").text  # the cookie keeps it


def test_a_tandem_from_getting_to_know_to_a_documented_meeting_through_forms(
    site: Site,
) -> None:
    tid = site.tandem(TandemStatus.GETTING_TO_KNOW)
    page = f"/tandems/{tid}"
    mia, max_ = site.client("mia"), site.client("max")
    assert "After getting to know each other" in mia.get(page).text
    for client in (mia, max_):
        done = submit(client, page, f"{page}/act/opt_in")
        assert done.status_code == 303
        assert done.headers["location"] == f"{page}#top"
    form = mia.get(f"{page}/agreement/draft")
    assert form.status_code == 200
    assert 'name="period_start"' in form.text
    today = site.clock.now().date()
    drafted = submit(
        mia,
        f"{page}/agreement/draft",
        f"{page}/act/draft_agreement",
        {
            "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=365)).isoformat(),
            "meetings_planned": "6",
            "contact_formats": ["in_person", "video"],
            "contact_frequency": "every two months",
            "other_topics": "career paths\nwork and family",
            "goals": "Find my specialty",
        },
    )
    assert drafted.status_code == 303, drafted.text
    assert "every two months" not in max_.get(page).text  # her draft is hers (CORE-3)
    assert submit(mia, page, f"{page}/act/submit_agreement").status_code == 303
    shown = max_.get(page).text
    assert "every two months" in shown
    assert "Approve version 1" in shown
    approved = submit(max_, page, f"{page}/act/approve_agreement", {"version": "1"})
    assert approved.status_code == 303
    assert site.state(tid).status is TandemStatus.ACTIVE
    start = site.clock.now() + timedelta(days=3)
    proposed = submit(
        mia,
        page,
        f"{page}/act/propose_meeting",
        {
            "day": start.date().isoformat(),
            "time": "17:30",
            "duration_minutes": "60",
            "kind": "regular",
            "format": "in_person",
            "place": "Café am Markt",
            "agenda": "My <b>first</b> questions",
        },
    )
    assert proposed.status_code == 303
    assert proposed.headers["location"].endswith("#meetings")
    meeting = site.state(tid).meetings[0]
    shown = max_.get(page).text
    assert "My &lt;b&gt;first&lt;/b&gt; questions" in shown  # escaped, never markup
    confirmed = submit(max_, page, f"{page}/act/confirm_meeting", {"meeting_id": str(meeting.id)})
    assert confirmed.status_code == 303
    site.clock.advance(timedelta(days=4))
    attended = submit(mia, page, f"{page}/act/confirm_attendance", {"meeting_id": str(meeting.id)})
    assert attended.status_code == 303
    record = f"{page}/meetings/{meeting.id}/document"
    sheet = max_.get(record)
    assert sheet.status_code == 200
    assert "<textarea" in sheet.text
    names = [n for n in _field_names(sheet.text) if n.startswith("field.")]
    values = {name: "We talked about residency." for name in names}
    documented = submit(
        max_,
        record,
        f"{page}/act/document_meeting",
        {"meeting_id": str(meeting.id), "kind": "regular", **values},
    )
    assert documented.status_code == 303, documented.text
    held = site.state(tid).meetings[0]
    assert held.status is MeetingStatus.HELD
    assert held.notes is not None
    goal = submit(mia, page, f"{page}/act/set_goal", {"text": "Shadow a surgeon"})
    assert goal.status_code == 303
    assert "Shadow a surgeon" in max_.get(page).text


def test_a_refusal_shows_the_rule_and_the_reason_in_the_viewers_language(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    max_ = site.client("max", language="de")
    tomorrow = (site.clock.now() + timedelta(days=1)).date().isoformat()
    refused = submit(
        max_,
        page,
        f"{page}/act/propose_meeting",
        {"day": tomorrow, "time": "10:00", "kind": "regular", "format": "video"},
    )
    assert refused.status_code == 403
    assert "CORE-6" in refused.text
    assert "Das hat nicht geklappt" in refused.text
    assert "Traceback" not in refused.text
    assert site.state(tid).meetings == ()


def test_bad_input_is_a_422_page_naming_the_field(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    bad = submit(
        site.client("mia"),
        page,
        f"{page}/act/propose_meeting",
        {"day": "someday", "time": "10:00", "kind": "regular", "format": "video"},
    )
    assert bad.status_code == 422
    assert "<code>day</code>" in bad.text
    assert "someday" in bad.text


def test_a_stranger_sees_no_tandem_of_others(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    stranger = site.client("mo").get(f"/tandems/{tid}")
    assert stranger.status_code == 403
    assert "Max" not in stranger.text.replace("max-age", "")
    assert site.client("amt").get("/programmes/default").status_code == 403


def test_web_csrf_1_every_form_is_refused_without_its_token(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    before = site.engine.store.position()
    router = pages_router(site.engine, lambda request: None)
    posts = [r for r in _api_routes(router.routes) if "POST" in r.methods]
    assert len(posts) >= 7
    client = site.client("mia")
    client.get("/")  # the browser has its cookie
    for route in posts:
        path = route.path.format(tandem_id=tid, verb="set_goal", key="default", meeting_id=tid)
        for token in (
            None,
            "forged.token",
            token_of(site.client("max").get(f"/tandems/{tid}").text),
        ):
            data = {"text": "a goal", "key": "k"} | ({"csrf_token": token} if token else {})
            refused = client.post(path, data=data)
            assert refused.status_code == 403, (path, token, refused.text)
            assert "WEB-CSRF-1" in refused.text
    assert site.engine.store.position() == before


def test_web_csrf_1_a_token_is_the_signed_in_persons_and_this_browsers(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    mia = site.client("mia")
    token = token_of(mia.get(page).text)
    other_browser = site.client("mia")  # another cookie, the same person
    other_browser.get(page)
    refused = other_browser.post(f"{page}/act/set_goal", data={"csrf_token": token, "text": "x"})
    assert refused.status_code == 403
    taken = mia.post(f"{page}/act/set_goal", data={"csrf_token": token, "text": "x"})
    assert taken.status_code == 303


def test_an_ostalb_coordinators_pages_never_show_meeting_content(site: Site) -> None:
    """OSTALB-CONF-1: the coordination sees that meetings happen, never what was said."""
    tid = site.tandem(TandemStatus.ACTIVE, programme="ostalb")
    page = f"/tandems/{tid}"
    lena, haas = site.client("lena"), site.client("haas")
    start = site.clock.now() + timedelta(days=2)
    submit(
        lena,
        page,
        f"{page}/act/propose_meeting",
        {
            "day": start.date().isoformat(),
            "time": "09:00",
            "kind": "regular",
            "format": "in_person",
            "place": "Klinik Aalen",
            "agenda": "SECRET-AGENDA",
        },
    )
    meeting = site.state(tid).meetings[0]
    submit(haas, page, f"{page}/act/confirm_meeting", {"meeting_id": str(meeting.id)})
    site.clock.advance(timedelta(days=3))
    submit(lena, page, f"{page}/act/confirm_attendance", {"meeting_id": str(meeting.id)})
    record = f"{page}/meetings/{meeting.id}/document"
    names = [n for n in _field_names(haas.get(record).text) if n.startswith("field.")]
    documented = submit(
        haas,
        record,
        f"{page}/act/document_meeting",
        {"meeting_id": str(meeting.id), "kind": "regular"} | {n: "SECRET-NOTES" for n in names},
    )
    assert documented.status_code == 303, documented.text
    assert "SECRET-AGENDA" in lena.get(page).text
    amt = site.client("amt", language="de")
    seen = [
        amt.get(path)
        for path in (
            "/",
            "/programmes/ostalb",
            "/programmes/ostalb/people",
            "/programmes/ostalb/matching",
            page,
            record,
        )
    ]
    assert [r.status_code for r in seen[:5]] == [200] * 5
    for shown in seen:
        assert "SECRET-AGENDA" not in shown.text
        assert "SECRET-NOTES" not in shown.text
    assert "OSTALB-CONF-1" in seen[4].text


def test_the_programme_dashboard_shows_health_and_due_actions(site: Site) -> None:
    site.tandem(TandemStatus.ACTIVE)
    site.clock.advance(timedelta(days=120))
    page = site.client("coco").get("/programmes/default")
    assert page.status_code == 200
    assert "Health:" in page.text
    assert "Mia" in page.text
    assert "CORE-STALLED" in page.text


def test_matching_is_proposed_with_explanations_and_confirmed_as_shown(site: Site) -> None:
    coco = site.client("coco")
    shown = coco.get("/programmes/default/matching")
    assert shown.status_code == 200
    assert "Confirm these 2 pairs" in shown.text
    stale = submit(
        coco,
        "/programmes/default/matching",
        "/programmes/default/matching/confirm",
        {"track": "", "pairs": "mia=mara"},
    )
    assert stale.status_code == 422
    assert "proposal has changed" in stale.text
    pairs = _hidden(shown.text, "pairs")
    done = submit(
        coco,
        "/programmes/default/matching",
        "/programmes/default/matching/confirm",
        {"track": "", "pairs": pairs},
    )
    assert done.status_code == 303
    assert len(site.engine.reader(Actor.system()).tandems(programme="default")) == 2
    assert site.client("mia").get("/programmes/default/matching").status_code == 403


def test_people_are_listed_and_imported_from_a_file_all_or_nothing(site: Site) -> None:
    coco = site.client("coco")
    people = coco.get("/programmes/default/people")
    assert people.status_code == 200
    assert "mia@example.org" in people.text
    csv = "id,name,email,programme,role\nnina,Nina Neu,nina@example.org,default,mentee\n"
    token = token_of(people.text)
    imported = coco.post(
        "/programmes/default/import",
        data={"csrf_token": token, "role": ""},
        files={"file": ("cohort.csv", csv.encode(), "text/csv")},
    )
    assert imported.status_code == 200, imported.text
    assert "1 row imported." in imported.text
    assert "Nina Neu" in imported.text
    bad = coco.post(
        "/programmes/default/import",
        data={"csrf_token": token, "role": ""},
        files={"file": ("more.csv", b"id,name,programme,role\nx,,default,mentee\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert "Nothing was imported" in bad.text


def test_the_calendar_link_is_made_shown_once_works_and_is_revoked(site: Site) -> None:
    site.tandem(TandemStatus.ACTIVE)
    mia = site.client("mia")
    made = submit(mia, "/me/calendar", "/me/calendar")
    assert made.status_code == 200
    link = _input_value(made.text, "feed-url")
    path = link.removeprefix("http://testserver")
    assert site.client(None).get(path).status_code == 200  # no sign-in: the token is it
    feed_id = _hidden(made.text, "feed_id")
    revoked = mia.post(
        "/me/calendar/revoke", data={"csrf_token": token_of(made.text), "feed_id": feed_id}
    )
    assert revoked.status_code == 200
    assert "revoked" in revoked.text
    assert site.client(None).get(path).status_code == 404


def test_the_stylesheet_is_served_and_nothing_else_from_static(site: Site) -> None:
    client = site.client(None)
    assert client.get("/static/web.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/../web/app.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/tandems/not-an-id", 422),
        ("/tandems/not-an-id/act/opt_in", 405),
        ("/tandems/{tid}/agreement/nonsense", 404),
        ("/tandems/{tid}/meetings/not-an-id/document", 422),
        ("/tandems/{tid}/certificate.pdf", 403),
    ],
)
def test_malformed_addresses_are_answered_with_a_page_not_a_server_error(
    site: Site, path: str, status: int
) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    answer = site.client("mia").get(path.format(tid=tid))
    assert answer.status_code == status
    if status != 405:
        assert "That did not work" in answer.text


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every page route, through the routers included (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _field_names(html: str) -> list[str]:
    import re

    return re.findall(r'name="([^"]+)"', html)


def _hidden(html: str, name: str) -> str:
    import re

    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def _input_value(html: str, element_id: str) -> str:
    import re

    found = re.search(rf'id="{element_id}"[^>]*value="([^"]*)"', html)
    assert found, element_id
    return found.group(1)


def test_feedback_owed_is_answered_on_its_form_and_the_coordination_sees_who_owes(
    site: Site,
) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    mia, max_ = site.client("mia"), site.client("max")
    start = site.clock.now() + timedelta(days=1)
    submit(
        mia,
        page,
        f"{page}/act/propose_meeting",
        {"day": start.date().isoformat(), "time": "10:00", "kind": "regular", "format": "video"},
    )
    meeting = site.state(tid).meetings[0]
    submit(max_, page, f"{page}/act/confirm_meeting", {"meeting_id": str(meeting.id)})
    site.clock.advance(timedelta(days=3))
    shown = mia.get(page).text
    assert 'id="feedback"' in shown
    link = _href(shown, f"{page}/feedback?key=").replace("&amp;", "&")
    form = mia.get(link)
    assert form.status_code == 200
    assert "Mia" in site.client("coco").get("/programmes/default").text.split('id="feedback"')[1]
    answers = {n: "3" for n in _field_names(form.text) if n.startswith("field.")}
    key = _hidden(form.text, "key")
    given = mia.post(
        f"{page}/feedback", data={"csrf_token": token_of(form.text), "key": key} | answers
    )
    assert given.status_code == 303, given.text
    assert mia.get(link).status_code == 404  # answered: no longer owed
    assert max_.get(link).status_code == 404  # never the other side's


def _href(html: str, prefix: str) -> str:
    import re

    found = re.search(rf'href="({re.escape(prefix)}[^"]+)"', html)
    assert found, prefix
    return found.group(1)


def test_every_field_of_every_page_has_a_label_and_the_pages_have_landmarks(site: Site) -> None:
    """Accessible forms: each input, select and textarea is named by a label (or
    aria-label); each page has its main landmark, one h1 and a skip link."""
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    start = site.clock.now() + timedelta(days=1)
    mia = site.client("mia")
    submit(
        mia,
        page,
        f"{page}/act/propose_meeting",
        {"day": start.date().isoformat(), "time": "09:00", "kind": "regular", "format": "video"},
    )
    submit(mia, page, f"{page}/act/set_goal", {"text": "A goal"})
    meeting = site.state(tid).meetings[0]
    shown = [
        mia.get(path).text
        for path in (
            "/",
            page,
            f"{page}/agreement/amend",
            f"{page}/meetings/{meeting.id}/document",
            "/me/calendar",
        )
    ]
    coco = site.client("coco")
    shown += [coco.get(path).text for path in ("/programmes/default", "/programmes/default/people")]
    shown.append(coco.get("/programmes/default/matching").text)
    for html in shown:
        fields = _Fields()
        fields.feed(html)
        assert fields.unlabelled() == [], fields.unlabelled()
        assert html.count("<h1") == 1
        assert '<main id="main"' in html
        assert 'href="#main"' in html


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "label" and named.get("for"):
            self.labels.add(str(named["for"]))
        hidden = named.get("type") in ("hidden", "submit")
        if tag in ("input", "select", "textarea") and not hidden:
            self.fields.append(named)

    def unlabelled(self) -> list[str]:
        return [
            str(f.get("name"))
            for f in self.fields
            if not f.get("aria-label") and (f.get("id") or "") not in self.labels
        ]


def test_the_mentee_prepares_a_planned_meeting_on_the_programmes_form(site: Site) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    mia = site.client("mia")
    start = site.clock.now() + timedelta(days=2)
    submit(
        mia,
        page,
        f"{page}/act/propose_meeting",
        {"day": start.date().isoformat(), "time": "09:00", "kind": "regular", "format": "video"},
    )
    meeting = site.state(tid).meetings[0]
    form_path = f"{page}/meetings/{meeting.id}/prepare"
    assert form_path in mia.get(page).text
    form = mia.get(form_path)
    assert form.status_code == 200
    names = [n for n in _field_names(form.text) if n.startswith("field.")]
    prepared = submit(
        mia,
        form_path,
        f"{page}/act/prepare_meeting",
        {"meeting_id": str(meeting.id)} | {n: "My questions" for n in names},
    )
    assert prepared.status_code == 303, prepared.text
    assert site.state(tid).meetings[0].preparation is not None
    assert site.client("mia").get(f"{page}/meetings/{meeting.id}/nonsense").status_code == 404


def test_a_mentee_finds_a_mentor_and_asks_where_the_programme_lets_her(site: Site) -> None:
    mia = site.client("mia")
    home = mia.get("/").text
    assert 'href="/programmes/default/mentors"' in home
    mentors = mia.get("/programmes/default/mentors")
    assert mentors.status_code == 200
    assert "Max" in mentors.text
    assert "Mara" in mentors.text
    asked = submit(
        mia,
        "/programmes/default/mentors",
        "/programmes/default/request",
        {"mentor": "max", "message": "I would like to learn from you"},
    )
    assert asked.status_code == 303, asked.text
    tid = asked.headers["location"].removeprefix("/tandems/").split("#")[0]
    assert site.state(tid).status is TandemStatus.REQUESTED
    assert "Accept the request" in site.client("max").get(f"/tandems/{tid}").text
    accepted = submit(site.client("max"), f"/tandems/{tid}", f"/tandems/{tid}/act/accept")
    assert accepted.status_code == 303
    assert 'href="/programmes/default/mentors"' not in mia.get("/").text  # she has her tandem
    lena = site.client("lena", language="de")
    refused = submit(
        lena, "/programmes/ostalb/mentors", "/programmes/ostalb/request", {"mentor": "haas"}
    )
    assert refused.status_code == 403
    assert "OSTALB-MATCH-1" in refused.text


def test_a_planned_meeting_is_moved_and_the_other_side_confirms_the_new_time(
    site: Site,
) -> None:
    tid = site.tandem(TandemStatus.ACTIVE)
    page = f"/tandems/{tid}"
    mia, max_ = site.client("mia"), site.client("max")
    start = site.clock.now() + timedelta(days=2)
    submit(
        mia,
        page,
        f"{page}/act/propose_meeting",
        {"day": start.date().isoformat(), "time": "09:00", "kind": "regular", "format": "video"},
    )
    meeting = site.state(tid).meetings[0]
    submit(max_, page, f"{page}/act/confirm_meeting", {"meeting_id": str(meeting.id)})
    later = (start + timedelta(days=7)).date().isoformat()
    moved = submit(
        max_,
        page,
        f"{page}/act/reschedule_meeting",
        {"meeting_id": str(meeting.id), "day": later, "time": "18:15", "place": "Café"},
    )
    assert moved.status_code == 303, moved.text
    after = site.state(tid).meetings[0]
    assert after.start.date().isoformat() == later
    assert after.place == "Café"
    confirm = f'action="{page}/act/confirm_meeting"'
    assert confirm not in max_.get(page).text  # he moved it: she confirms the new time
    assert confirm in mia.get(page).text
