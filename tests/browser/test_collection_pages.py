"""Collections in the browser: /sammlungen/ lists the shipped collections newest event first; each
/sammlungen/<slug>/ shows the event, the summary, the body and the cases as cards in the given order with
their notes; every case page names the collections it is in ("Vorgestellt bei"); all of it without an axe
violation at desktop and phone width. The expectations are read from the files in docs/sammlungen/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Cases, _front_matter, assert_axe_clean

FOLDER = REPO / "docs" / "sammlungen"
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")
SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")


def german(day: Any) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def collections() -> list[tuple[str, dict[str, Any]]]:
    found = [(path.stem, _front_matter(path)[0]) for path in sorted(FOLDER.glob("*.md"))]
    assert len(found) >= 2, "the shipped collections are missing"
    return found


def entries(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e, "") if isinstance(e, str) else (e["id"], e.get("note", "")) for e in data["cases"]]


def test_shipped_collections_include_one_with_notes() -> None:
    assert any(note for _, data in collections() for _, note in entries(data))
    assert all(data.get("event") for _, data in collections())


def test_listing_shows_every_collection_newest_event_first(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/sammlungen/")
    expected = sorted(collections(), key=lambda item: item[1]["event"]["date"], reverse=True)
    titles = page.locator(".pb-collection-list .pb-card__title a")
    assert titles.all_inner_texts() == [data["title"] for _, data in expected]
    first = page.locator(".pb-collection-list .pb-card").first
    assert german(expected[0][1]["event"]["date"]) in first.inner_text()
    titles.first.click()
    page.wait_for_url(f"{base_url}/sammlungen/{expected[0][0]}/")


@pytest.mark.parametrize("slug, data", collections(), ids=[slug for slug, _ in collections()])
def test_collection_page_shows_event_summary_body_and_cases_in_order(page: Any, base_url: str, cases: Cases,
                                                                     slug: str, data: dict[str, Any]) -> None:
    page.goto(f"{base_url}/sammlungen/{slug}/")
    assert page.locator("h1").inner_text() == data["title"]
    event = page.locator(".pb-event").inner_text()
    for value in (data["event"]["name"], german(data["event"]["date"]), data["event"].get("place", "")):
        assert value in event
    if data["event"].get("url"):
        assert page.get_by_role("link", name=data["event"]["name"]).get_attribute("href") == data["event"]["url"]
    assert page.locator(".pb-lede").inner_text() == data["summary"]
    body = (FOLDER / f"{slug}.md").read_text(encoding="utf-8").split("---", 2)[2].strip()
    last_line = " ".join(body.split("\n")[-1].split()[:4])  # plain text in the shipped collections
    assert last_line in page.locator(".pb-collection .pb-text").inner_text()
    cards = page.locator(".pb-collection__cases > .pb-card")
    listed = entries(data)
    assert cards.count() == len(listed)
    for index, (case_id, note) in enumerate(listed):
        card = cards.nth(index)
        link = card.locator(".pb-card__title a")
        assert link.inner_text() == cases.get(case_id).title
        assert link.get_attribute("href") == f"../../faelle/{case_id}/"
        if note:
            assert card.locator(".pb-card__note").inner_text() == note
        else:
            assert card.locator(".pb-card__note").count() == 0
    download = page.get_by_role("link", name="QR-Code herunterladen")
    assert download.get_attribute("href") == "qr.svg"
    assert page.locator('meta[property="og:url"]').get_attribute("content") == f"{SITE_URL}/sammlungen/{slug}/"
    assert page.locator('meta[property="og:description"]').get_attribute("content") == data["summary"]


def test_case_pages_name_the_collections_they_are_in(page: Any, base_url: str, cases: Cases) -> None:
    presented: dict[str, list[str]] = {}
    for slug, data in sorted(collections(), key=lambda item: item[1]["event"]["date"], reverse=True):
        for case_id, _ in entries(data):
            presented.setdefault(case_id, []).append(data["title"])
    for case in cases.all:
        page.goto(f"{base_url}/faelle/{case.id}/")
        items = page.locator(".pb-presented li a")
        assert items.all_inner_texts() == presented.get(case.id, []), case.id
    case_id, titles = next(iter(presented.items()))
    page.goto(f"{base_url}/faelle/{case_id}/")
    page.get_by_role("link", name=titles[0]).click()
    assert page.locator("h1").inner_text() == titles[0]


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_collection_pages_are_accessible(page: Any, base_url: str, cases: Cases, axe_script: Path,
                                         width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    slug, data = collections()[0]
    presented = entries(data)[0][0]
    for path in ("/sammlungen/", f"/sammlungen/{slug}/", f"/faelle/{presented}/"):
        page.goto(f"{base_url}{path}")
        assert_axe_clean(page, axe_script, f" at {width} px")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width} px"


def test_headings_descend_one_level_at_a_time(page: Any, base_url: str) -> None:
    """The collection's own text starts at h2 under the page's h1 (Lighthouse's heading-order)."""
    for slug, _ in collections():
        page.goto(f"{base_url}/sammlungen/{slug}/")
        levels = page.evaluate("() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3, "
                               ".md-content h4')].filter(h => h.offsetParent !== null).map(h => +h.tagName[1])")
        assert levels[0] == 1, slug
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (slug, levels)
