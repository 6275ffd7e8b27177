"""Search over several Pagefind bundles (shards) in the browser: the same results, counts and order as one.

The shipped cases are built a second time with ``PRAXISBOERSE_SHARD_SIZE=4`` (several bundles under
/pagefind/, listed in /pagefind/teile.json) and served beside the normal build (one bundle). The
search page must not tell them apart: same results, same facet counts, and a sorted list in the
order of the sort key across bundles, also when "mehr laden" adds further pages.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cases, TIMEOUT_MS, build_site, serve

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:   # in CI these tests must run: let the import error fail the run
    if os.environ.get("CI"):
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

SHARD_SIZE = "4"
PAGE_SIZE = 4   # results per page in the sorted tests, so that "mehr laden" is needed

# Case ids in the result list, the status line, and whether "mehr laden" is offered.
STATE_JS = r"""() => {
  const ids = [...document.querySelectorAll('ol.pb-results > li h3 a[href]')].map(a => {
    const m = new URL(a.getAttribute('href'), location.href).pathname.match(/^\/faelle\/([^/]+)\/$/);
    return m ? decodeURIComponent(m[1]) : a.getAttribute('href');
  });
  const status = document.querySelector('#pb-status');
  const more = document.querySelector('#pb-more');
  return {ids, status: status ? status.textContent.trim() : '', more: !!more && !more.hidden,
          busy: document.querySelector('#pb-results').getAttribute('aria-busy') === 'true'};
}"""

COUNTS_JS = r"""() => {
  const out = {};
  for (const box of document.querySelectorAll('.pb-facet input[type=checkbox]')) {
    const row = box.closest('.pb-facet__value');
    if (row.hidden) continue;
    out[box.name + '=' + box.value] = row.querySelector('.pb-facet__count').textContent.trim();
  }
  return out;
}"""


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = build_site(tmp_path_factory.mktemp("shards") / "site", env=dict(os.environ, PRAXISBOERSE_SHARD_SIZE=SHARD_SIZE))
    manifest = json.loads((out / "pagefind" / "teile.json").read_text(encoding="utf-8"))
    assert len(manifest["bundles"]) >= 3, f"expected several bundles with shard size {SHARD_SIZE}: {manifest}"
    return out


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    with serve(sharded_site) as url:
        yield url


@pytest.fixture
def pages(open_page: Callable[[], Any]) -> Callable[..., Any]:
    """Recorded pages (conftest's open_page: no other host, no console error); ``small=True``:
    PAGE_SIZE results per page."""

    def small_pages(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace('id="pb-search"', f'id="pb-search" data-page-size="{PAGE_SIZE}"', 1)
        route.fulfill(response=response, body=body)

    def new_page(small: bool = False) -> Any:
        page = open_page()
        if small:
            page.route("**/suche/*", small_pages)
            page.route("**/suche/", small_pages)
        return page

    return new_page


def settled(page: Any) -> dict[str, Any]:
    """The result list once the search has answered."""
    try:
        page.wait_for_function(f"() => {{ const s = ({STATE_JS})(); return !s.busy && /gefunden/.test(s.status); }}",
                               timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pass
    state = page.evaluate(STATE_JS)
    assert "gefunden" in state["status"], f"no search result at {page.url}: {state}"
    return state


def everything(page: Any) -> list[str]:
    """All results: 'mehr laden' until it is gone."""
    state = settled(page)
    for _ in range(50):
        if not state["more"]:
            return state["ids"]
        shown = len(state["ids"])
        page.click("#pb-more")
        page.wait_for_function(f"() => ({STATE_JS})().ids.length > {shown}", timeout=TIMEOUT_MS)
        state = page.evaluate(STATE_JS)
    pytest.fail(f"'mehr laden' never ends at {page.url}")


QUERIES = ["?q=Stadt", "?q=digital", "?q=Kommune", "?sprache=de", "?q=Stadt&thema=administration"]


@pytest.mark.parametrize("query", QUERIES)
def test_same_results_and_counts_as_one_bundle(query: str, pages: Callable[..., Any], base_url: str,
                                               sharded_url: str) -> None:
    one, shards = pages(), pages()
    one.goto(f"{base_url}/suche/{query}")
    shards.goto(f"{sharded_url}/suche/{query}")
    expected, got = settled(one), settled(shards)
    assert sorted(got["ids"]) == sorted(expected["ids"]) and got["status"] == expected["status"], query
    assert shards.evaluate(COUNTS_JS) == one.evaluate(COUNTS_JS), f"facet counts differ for {query}"


@pytest.mark.xfail(strict=True, reason=(
    "Pagefind's prefix fallback works per bundle: a bundle without any word that starts with the term "
    "matches the longest indexed word the term starts with ('Bauantrag' → 'b' of 'z. B.'), which one bundle "
    "over all cases would not do. Known limitation of sharding, see generator/search.py."))
def test_a_term_missing_from_a_bundle_finds_no_more_than_one_bundle(pages: Callable[..., Any], base_url: str,
                                                                   sharded_url: str) -> None:
    one, shards = pages(), pages()
    one.goto(f"{base_url}/suche/?q=Bauantrag")
    shards.goto(f"{sharded_url}/suche/?q=Bauantrag")
    assert sorted(settled(shards)["ids"]) == sorted(settled(one)["ids"])


def test_the_search_page_loads_every_bundle(pages: Callable[..., Any], sharded_site: Path, sharded_url: str) -> None:
    page = pages()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{sharded_url}/suche/?q=Stadt")
    settled(page)
    bundles = json.loads((sharded_site / "pagefind" / "teile.json").read_text(encoding="utf-8"))["bundles"]
    for folder in bundles:
        assert any(f"/pagefind/{folder}pagefind-entry.json" in url for url in requested), folder
    # one WebAssembly for all bundles
    assert len([url for url in requested if "/wasm." in url]) == 1


@pytest.mark.parametrize("key, field", [("geprueft", "reviewed"), ("begonnen", "started")])
@pytest.mark.parametrize("query", ["?sprache=de", "?q=Stadt"])
def test_sorted_across_bundles_page_by_page(key: str, field: str, query: str, pages: Callable[..., Any],
                                            base_url: str, sharded_url: str, cases: Cases) -> None:
    one = pages()
    one.goto(f"{base_url}/suche/{query}")
    expected = settled(one)["ids"]
    assert len(expected) > 2 * PAGE_SIZE, f"{query} should find more than two pages of results"

    page = pages(small=True)
    page.goto(f"{sharded_url}/suche/{query}&sort={key}")
    first = settled(page)
    assert len(first["ids"]) == PAGE_SIZE and first["more"], "the sorted list should come page by page"
    ids = everything(page)
    assert sorted(ids) == sorted(expected), "a sorted search must find the same cases"
    values = [str(cases.get(case_id).data[field]) for case_id in ids]
    assert values == sorted(values, reverse=True), f"not in the order of {field}: {list(zip(ids, values))}"

    # the same order as the one-bundle site
    single = pages(small=True)
    single.goto(f"{base_url}/suche/{query}&sort={key}")
    assert everything(single) == ids
