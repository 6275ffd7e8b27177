"""Embeddable cards: /faelle/<id>/karte/ is self-contained (no script, no cookie, no other host), readable
and accessible; oembed.json describes it (linked from the card page), and the case page offers the snippet."""

from __future__ import annotations

import json
from typing import Any

import yaml
from conftest import REPO, Cases, assert_axe_clean

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")


def test_card_is_self_contained_and_accessible(page: Any, base_url: str, cases: Cases, axe_script: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    case = cases.active[0]
    page.set_viewport_size({"width": 480, "height": 240})
    page.goto(f"{base_url}/faelle/{case.id}/karte/")
    assert page.locator("script").count() == 0
    assert page.context.cookies() == []
    assert requests == [f"{base_url}/faelle/{case.id}/karte/"], requests
    link = page.get_by_role("link", name=case.title)
    assert link.get_attribute("href") == f"{SITE_URL}/faelle/{case.id}/"
    assert link.get_attribute("target") == "_top"
    assert case.org["name"] in page.locator(".meta").inner_text()
    assert_axe_clean(page, axe_script, " (embeddable card)")


def test_oembed_file_and_discovery_link(page: Any, base_url: str, cases: Cases, built_site: Any) -> None:
    for case in cases.active:
        data = json.loads((built_site / "faelle" / case.id / "oembed.json").read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["title"] == case.title and data["width"] > 0 and data["height"] > 0
        assert f'src="{SITE_URL}/faelle/{case.id}/karte/"' in data["html"] and data["html"].startswith("<iframe")
    for case in cases.all:
        if case.withdrawn:
            assert not (built_site / "faelle" / case.id / "karte").exists()
    case = cases.active[0]
    page.goto(f"{base_url}/faelle/{case.id}/karte/")
    discovery = page.locator('link[rel="alternate"][type="application/json+oembed"]')
    assert discovery.get_attribute("href") == f"{SITE_URL}/faelle/{case.id}/oembed.json"
    page.goto(f"{base_url}/faelle/{case.id}/")
    assert page.locator('link[rel="alternate"]').count() == 0  # Material would fetch sitemap.xml beside it
    page.get_by_text("Auf einer anderen Website zeigen").click()
    code = page.locator(".pb-embed code").inner_text()
    assert code == json.loads((built_site / "faelle" / case.id / "oembed.json").read_text())["html"]


def test_the_snippet_shows_the_card_in_a_frame(page: Any, base_url: str, cases: Cases, built_site: Any) -> None:
    case = cases.active[0]
    snippet = json.loads((built_site / "faelle" / case.id / "oembed.json").read_text())["html"]
    host = built_site / "einbettung-test.html"
    host.write_text("<!doctype html><html lang=de><title>Tagung</title><h1>Programm</h1>"
                    + snippet.replace(SITE_URL, base_url), encoding="utf-8")
    try:
        page.goto(f"{base_url}/einbettung-test.html")
        frame = page.frame_locator("iframe")
        assert frame.get_by_role("link", name=case.title).is_visible()
    finally:
        host.unlink()
