"""The web API's people endpoints: register, enrol, profiles, relations,
activity, export, erasure; each acting as the signed-in person only."""

from __future__ import annotations

from test_web_api_kit import active_tandem, post, web

__all__ = ["web"]


def test_me_says_who_is_signed_in(web):
    assert web.client("mia").get("/api/me").json() == {"person_id": "mia", "system": False}
    assert web.client("system").get("/api/me").json()["system"] is True


def test_register_a_person_as_coordinator_and_refused_to_a_participant(web):
    made = post(web.client("coco"), "/api/people", {"id": "nina", "name": "Nina Roth"})
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "Nina Roth"
    refused = post(web.client("mia"), "/api/people", {"id": "eve", "name": "Eve"})
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"] == "CORE-AUTH"
    empty = post(web.client("coco"), "/api/people", {"id": "", "name": "x"})
    assert empty.status_code == 422


def test_person_and_names_as_the_viewer_may_see_them(web):
    assert web.client("mia").get("/api/people/mia").json()["email"] == "mia@example.org"
    assert web.client("coco").get("/api/people/mia").status_code == 200
    assert web.client("coco").get("/api/people/nobody").status_code == 404


def test_enrol_and_update_the_profile(web):
    coco = web.client("coco")
    post(coco, "/api/people", {"id": "nina", "name": "Nina Roth"})
    enrolled = post(
        coco,
        "/api/people/nina/enrolments",
        {"programme_key": "default", "role": "mentor", "capacity": 2},
    )
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["enrolment"]["capacity"] == 2
    again = coco.get("/api/people/nina/enrolments/default/mentor")
    assert again.status_code == 200
    profile = coco.put("/api/people/nina/enrolments/default/mentor/profile", json={})
    assert profile.status_code == 200, profile.text
    bad = post(coco, "/api/people/nina/enrolments", {"programme_key": "default", "role": "boss"})
    assert bad.status_code == 422
    unknown = post(coco, "/api/people/nina/enrolments", {"programme_key": "nope", "role": "mentor"})
    assert unknown.status_code == 404
    listed = coco.get("/api/programmes/default/participants/mentor").json()
    assert "nina" in {p["person"]["id"] for p in listed}


def test_an_ostalb_enrolment_with_a_bad_profile_is_422(web):
    answer = post(
        web.client("amt"),
        "/api/people/mia/enrolments",
        {"programme_key": "ostalb", "role": "mentee", "profile": {"semester": "many"}},
    )
    assert answer.status_code in (403, 422), answer.text
    assert answer.json()["error"] in ("invalid_input", "refused")


def test_relations_declared_and_withdrawn(web):
    coco = web.client("coco")
    declared = post(coco, "/api/people/max/relations", {"kind": "examines", "object": "mia"})
    assert declared.status_code == 201, declared.text
    withdrawn = post(
        coco, "/api/people/max/relations/withdrawal", {"kind": "examines", "object": "mia"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    # the two themselves may not withdraw it (CORE-RELATION)
    post(coco, "/api/people/max/relations", {"kind": "examines", "object": "mia"})
    refused = post(
        web.client("max"),
        "/api/people/max/relations/withdrawal",
        {"kind": "examines", "object": "mia"},
    )
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"].startswith("CORE-")


def test_activity_and_export(web):
    active_tandem(web)
    mine = web.client("mia").get("/api/people/mia/activity")
    assert mine.status_code == 200
    assert mine.json()
    export = web.client("mia").get("/api/people/mia/export")
    assert export.status_code == 200
    assert export.json()["schema"].startswith("mentorcore.person-export")
    # someone who may not see mia learns no more than of a person who does not exist
    other = web.client("mo").get("/api/people/mia/export")
    nobody = web.client("mo").get("/api/people/nobody/export")
    assert other.status_code == nobody.status_code == 404
    assert other.json()["error"] == nobody.json()["error"] == "not_found"
    for path in ("", "/activity", "/calendar.ics", "/enrolments/default/mentee"):
        assert web.client("mo").get(f"/api/people/mia{path}").status_code == 404, path


def test_erasure_is_refused_while_a_tandem_lives_then_done(web):
    tid = active_tandem(web)
    coco = web.client("coco")
    refused = coco.delete("/api/people/mia")
    assert refused.status_code == 403
    assert "CORE-ERASE-2" in {r["rule_id"] for r in refused.json()["rules"]}
    dissolved = post(coco, f"/api/tandems/{tid}/dissolve", {"reason": "moved away"})
    assert dissolved.status_code == 200, dissolved.text
    erased = coco.delete("/api/people/mia")
    assert erased.status_code == 200, erased.text
    assert erased.json()["person_id"] == "mia"
    assert web.client("mia").delete("/api/people/max").status_code == 403
