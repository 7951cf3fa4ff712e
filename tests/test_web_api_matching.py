"""Matching through the web API: a proposal with its explanations, then the
coordinator confirms the pairs she chose; others are refused."""

from __future__ import annotations

from test_web_api_kit import post, web

__all__ = ["web"]


def test_a_proposal_explained_and_confirmed(web):
    coco = web.client("coco")
    proposal = post(coco, "/api/programmes/default/matching/proposal", {})
    assert proposal.status_code == 200, proposal.text
    body = proposal.json()
    assert {p["mentee"] for p in body["pairs"]} == {"mia", "mo"}
    assert body["description"]
    pairs = [{"mentee": p["mentee"], "mentor": p["mentor"]} for p in body["pairs"]]
    confirmed = post(coco, "/api/programmes/default/matching/confirmation", {"pairs": pairs})
    assert confirmed.status_code == 201, confirmed.text
    assert {t["mentee"] for t in confirmed.json()} == {"mia", "mo"}
    # confirming again: each mentee has a live tandem now, so the rule refuses
    again = post(coco, "/api/programmes/default/matching/confirmation", {"pairs": pairs})
    assert again.status_code == 403
    assert again.json()["rules"]


def test_only_the_coordination_matches(web):
    refused = post(web.client("mia"), "/api/programmes/default/matching/proposal", {})
    assert refused.status_code == 403
    assert refused.json()["rules"][0]["rule_id"] == "CORE-AUTH"
    empty = post(web.client("coco"), "/api/programmes/default/matching/confirmation", {"pairs": []})
    assert empty.status_code == 422
    wrong = post(web.client("coco"), "/api/programmes/default/matching/proposal",
                 {"objective": "best"})  # fmt: skip
    assert wrong.status_code == 422
