"""Search quality over the whole example catalogue, through Pagefind's own JS API in the browser."""

from __future__ import annotations

import re
from typing import Any

from conftest import Cases

ORGANISATION_WORDS = {"stadt", "gemeinde", "landkreis", "kreis", "markt", "zweckverband", "kommune", "vila",
                      "ajuntament", "municipality", "amt", "der", "die", "das", "am", "an", "im", "und"}

SEARCH = """async (terms) => {
  const pagefind = await import(new URL("../pagefind/pagefind.js", document.baseURI).href);
  await pagefind.init();
  const found = {};
  for (const term of terms) {
    const search = await pagefind.search(term);
    const data = await Promise.all(search.results.map((r) => r.data()));
    found[term] = data.map((d) => new URL(d.url, document.baseURI).pathname);
  }
  return found;
}"""


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)


def municipality_word(name: str) -> str:
    """The distinctive part of an organisation's name: 'Stadt Beispielhausen' → 'Beispielhausen'."""
    candidates = [w for w in words(name) if w.lower() not in ORGANISATION_WORDS]
    return max(candidates, key=len)


def title_word(title: str) -> str:
    return max(words(title), key=len)


def test_every_case_is_found_by_a_title_word_and_its_municipality(page: Any, base_url: str, cases: Cases) -> None:
    page.goto(f"{base_url}/suche/")
    expectations: dict[str, set[str]] = {}
    for case in cases.active:
        for term in (title_word(case.title), municipality_word(case.org["name"])):
            expectations.setdefault(term, set()).add(f"/faelle/{case.id}/")
    found = page.evaluate(SEARCH, sorted(expectations))
    missing = {term: sorted(urls - set(found[term])) for term, urls in expectations.items()
               if not urls <= set(found[term])}
    assert missing == {}, f"not found by these terms: {missing}"


def test_only_case_pages_are_results(page: Any, base_url: str, cases: Cases) -> None:
    """Words of the hand-written pages and of the navigation never lead anywhere but to cases."""
    page.goto(f"{base_url}/suche/")
    found = page.evaluate(SEARCH, ["Datenschutzerklärung", "Barrierefreiheit", "Schlichtungsstelle", "Mitmachen"])
    assert all(url.startswith("/faelle/") for urls in found.values() for url in urls), found
    assert found["Schlichtungsstelle"] == []  # only on the accessibility statement
