"""Nachnutzung in the browser: adopters and their count on a case page, the prefilled mail and issue
links, interest counts from a file (hostile names stay text), and the re-use network page whose text
alternative lists the same edges as the open data.

Expectations are computed from the shipped files (cases/*.md, adoptions/*.md), not from the generator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import Cases, REPO, build_site, serve

ADOPTIONS = REPO / "adoptions"
INTEREST = REPO / "tests" / "fixtures" / "interest" / "interesse.json"
SOURCE = "musterstadt-maengelmelder"     # adopted by a case and by records, one of them discontinued
CHAIN = ("landkreis-fiktivland-online-bauantrag", "mittelau-online-bauantrag")  # A → B (case) → C (record)


def records() -> list[dict[str, Any]]:
    found = []
    for path in sorted(ADOPTIONS.glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        found.append({"slug": path.stem, **front})
    return found


def active_adopters(cases: Cases, case_id: str) -> list[str]:
    """Names of the organisations that use the case now, adopted from it directly."""
    names = [c.org["name"] for c in cases.active if c.data.get("adopted_from") == case_id
             and c.data["status"] != "discontinued"]
    names += [r["organisation"]["name"] for r in records() if r["case"] == case_id and r["status"] != "discontinued"]
    return names


def in_use(cases: Cases, case_id: str) -> set[str]:
    """Everyone who uses the case now, directly or through an adopter's own case (A → B → C)."""
    found = set(active_adopters(cases, case_id))
    for child in cases.active:
        if child.data.get("adopted_from") == case_id and child.data["status"] != "discontinued":
            found |= in_use(cases, child.id)
    return found


def test_case_page_shows_adopters_and_the_right_count(page: Any, base_url: str, cases: Cases) -> None:
    page.goto(f"{base_url}/faelle/{SOURCE}/")
    count = page.locator(".pb-reuse__count").inner_text()
    expected = len(in_use(cases, SOURCE))
    assert f"Im Einsatz bei {expected} Kommunen" in count, count
    names = [n.strip() for n in page.locator(".pb-adopter__name").all_inner_texts()]
    ended = [r["organisation"]["name"] for r in records() if r["case"] == SOURCE and r["status"] == "discontinued"]
    assert ended, "the shipped records should include a discontinued adoption of " + SOURCE
    assert sorted(names) == sorted(active_adopters(cases, SOURCE) + ended)
    for name in ended:  # shown as discontinued, after the active ones, not counted
        item = page.locator(".pb-adopter--ended", has_text=name)
        assert "Eingestellt" in item.inner_text() and "nicht mitgezählt" in item.inner_text()
    assert names[-len(ended):] == ended


def test_chain_counts_transitively(page: Any, base_url: str, cases: Cases) -> None:
    source, middle = CHAIN
    assert cases.get(middle).data["adopted_from"] == source
    assert any(r["case"] == middle for r in records()), "a record should adopt the middle of the chain"
    page.goto(f"{base_url}/faelle/{source}/")
    total, direct = len(in_use(cases, source)), len(active_adopters(cases, source))
    assert total > direct
    text = page.locator(".pb-reuse__count").inner_text()
    assert f"Im Einsatz bei {total} Kommunen" in text and f"{direct} direkt" in text, text


def test_mail_link_is_prefilled_in_german(page: Any, base_url: str, cases: Cases) -> None:
    case = cases.get(SOURCE)
    page.goto(f"{base_url}/faelle/{SOURCE}/")
    href = page.locator(".pb-actions a[href^='mailto:']").get_attribute("href")
    parts = urlsplit(href)
    assert unquote(parts.path) == case.data["contact"]["email"]
    query = parse_qs(parts.query)
    assert query["subject"] == [f"Interesse an einer Nachnutzung: {case.title}"]
    body = query["body"][0].replace("\r\n", "\n")
    assert body.startswith("Guten Tag,\n\nwir haben Ihr Praxisbeispiel „" + case.title + "“ in der Praxisbörse")
    assert f"https://praxisboerse.example/faelle/{SOURCE}/" in body
    for line in ("Unsere Kommune:", "Einwohnerzahl:", "Unsere Fragen:", "Mit freundlichen Grüßen"):
        assert line in body


def test_issue_link_carries_the_case_id(page: Any, base_url: str, cases: Cases) -> None:
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    repository = settings["extra"]["repository_url"].rstrip("/")
    page.goto(f"{base_url}/faelle/{SOURCE}/")
    href = page.get_by_role("link", name="Interesse öffentlich bekunden").get_attribute("href")
    assert href.startswith(f"{repository}/issues/new?")
    query = parse_qs(urlsplit(href).query)
    assert query == {"template": ["interesse.yml"], "title": [f"Interesse: {cases.get(SOURCE).title}"],
                     "fall": [SOURCE]}
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "interesse.yml").read_text(encoding="utf-8"))
    assert "fall" in [field.get("id") for field in form["body"]], "the form has the field the link fills in"


def test_adoption_template_on_the_page_names_the_case(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/faelle/{SOURCE}/")
    page.locator(".pb-adoption-file summary").click()
    text = page.locator(".pb-adoption-file code").inner_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["case"] == SOURCE and front["schema"] == 1
    guide = page.locator("a", has_text="Mitmachen: eine Nachnutzung melden").get_attribute("href")
    page.goto(urlsplit(page.url)._replace(path="/", query="").geturl().rstrip("/") + "/mitmachen/")
    assert guide.endswith("#eine-nachnutzung-melden") and page.locator("#eine-nachnutzung-melden").count() == 1


# --- interest from a file -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def interest_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = build_site(tmp_path_factory.mktemp("interest") / "site", "--interest", str(INTEREST))
    with serve(out) as url:
        yield url


def test_interest_counts_come_from_the_file_and_names_stay_text(page: Any, interest_url: str,
                                                                 base_url: str) -> None:
    entries = json.loads(INTEREST.read_text(encoding="utf-8"))["cases"][SOURCE]
    page.goto(f"{interest_url}/faelle/{SOURCE}/")
    assert f"{len(entries)} Kommunen interessieren sich" in page.locator(".pb-interest").inner_text()
    items = page.locator(".pb-interest__list a")
    assert items.all_inner_texts() == [e["organisation"] for e in entries]  # '<script>…' as plain text
    assert [items.nth(i).get_attribute("href") for i in range(items.count())] == [e["url"] for e in entries]
    assert page.evaluate("() => document.querySelectorAll('.pb-reuse script').length") == 0
    page.goto(f"{base_url}/faelle/{SOURCE}/")  # built without the file: nothing about interest
    assert page.locator(".pb-interest").count() == 0


# --- the network page -----------------------------------------------------------------------------------

def test_network_text_alternative_lists_the_edges_of_the_data(page: Any, base_url: str, built_site: Path,
                                                              cases: Cases) -> None:
    data = json.loads((built_site / "daten" / "nachnutzungen.json").read_text(encoding="utf-8"))
    expected = {(f"fall:{d['case']}", f"meldung:{d['record']}" if d["via"] == "record" else f"fall:{d['adopter_case']}")
                for d in data}
    page.goto(f"{base_url}/nachnutzung/")
    listed = page.evaluate("""() => [...document.querySelectorAll('.pb-netz-list li li')].map(li =>
        [li.parentElement.closest('li').dataset.key, li.dataset.key])""")
    # an adopter with its own case is the parent of its adopters: the data names that case as adopted
    assert {tuple(edge) for edge in listed} == expected
    drawn = set(page.evaluate("() => [...document.querySelectorAll('svg.pb-netz [data-key]')].map(g => g.dataset.key)"))
    assert drawn == {key for edge in expected for key in edge}
    first = page.locator(".pb-ranking tbody tr").first
    top_id = first.locator("a").get_attribute("href").strip("/").split("/")[-1]
    most = max(len(in_use(cases, c.id)) for c in cases.active)
    assert len(in_use(cases, top_id)) == most and f"{most} Kommunen" in first.inner_text()


def test_network_filter_by_topic_keeps_it_in_the_url(page: Any, base_url: str, cases: Cases) -> None:
    page.goto(f"{base_url}/nachnutzung/")
    page.get_by_label("Nur Lösungen zum Thema").select_option("participation")
    page.wait_for_function("() => new URLSearchParams(location.search).get('thema') === 'participation'")
    visible = page.evaluate("""() => [...document.querySelectorAll('.pb-netz-list > ul > li')]
        .filter(li => !li.hidden).map(li => li.dataset.key)""")
    assert visible and all("participation" in cases.get(key.split(":", 1)[1]).data["topics"] for key in visible)
    page.reload()
    assert page.get_by_label("Nur Lösungen zum Thema").input_value() == "participation"


def test_network_drawing_is_readable_on_a_phone(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base_url}/nachnutzung/")
    box = page.locator("svg.pb-netz").bounding_box()
    assert box["width"] <= 375
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.pb-netz text')]
        .map(t => t.getBoundingClientRect().height)""")
    assert sizes and min(sizes) >= 11, f"text in the drawing is {min(sizes)} px high at 375 px"
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the network page scrolls sideways at 375 px"
