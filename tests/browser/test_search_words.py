"""The search as staff from another town use it, on the shipped catalogue: synonyms, typos, compounds,
readable excerpts, the header field, and the word logic of assets/suche.js.

Expectations come from the case files and the thesaurus file, not from the generator: a synonym query
is a word of a thesaurus group that the expected cases never use themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import Cases, assert_axe_clean

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the conftest skips the module then
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

from generator import thesaurus

WAIT_MS = 15_000
MUNICIPALITY_KEY = re.compile(r"\b\d{8}\b")

STATE_JS = r"""() => {
  const items = [...document.querySelectorAll('#pb-results > li')];
  const list = document.querySelector('#pb-results');
  const status = document.querySelector('#pb-status');
  return {
    ids: items.map(li => { const a = li.querySelector('h3 a[href]');
      const m = a && new URL(a.href).pathname.match(/^\/faelle\/([^/]+)\/$/); return m ? m[1] : null; }),
    excerpts: items.map(li => li.querySelector('.pb-card__excerpt').textContent),
    facts: items.map(li => { const d = li.querySelector('.pb-card__facts'); return d ? d.innerText : ''; }),
    note: document.querySelector('#pb-note').textContent.trim(),
    status: status ? status.textContent.trim() : '',
    busy: !list || list.getAttribute('aria-busy') === 'true',
  };
}"""

SETTLED_JS = f"""() => {{ const s = ({STATE_JS})();
  return !s.busy && s.status !== '' && !/geladen/.test(s.status); }}"""


def search(page: Any, base_url: str, query: str, extra: str = "") -> dict[str, Any]:
    page.goto(f"{base_url}/suche/?q={quote(query)}{extra}")
    return settled(page)


def settled(page: Any) -> dict[str, Any]:
    page.wait_for_function(SETTLED_JS, timeout=WAIT_MS)
    page.wait_for_timeout(150)  # a corrected or compound search may follow the first one
    page.wait_for_function(SETTLED_JS, timeout=WAIT_MS)
    return page.evaluate(STATE_JS)


def uses(case: Any, word: str) -> bool:
    """Whether the case file has the word (also inside a longer word)."""
    return word.lower() in case.path.read_text(encoding="utf-8").lower()


def group_of(word: str) -> tuple[str, ...]:
    key = thesaurus.key(word)
    for group in thesaurus.load():
        if key in {thesaurus.key(w) for w in group.words}:
            return group.words
    raise AssertionError(f"'{word}' is in no group of the thesaurus")


# --- synonyms --------------------------------------------------------------------------------------

def test_a_synonym_finds_the_cases_that_use_another_word_of_its_group(page: Any, base_url: str, cases: Cases) -> None:
    assert "Abfall" in group_of("Müll")
    expected = {c.id for c in cases.active if uses(c, "Müll")}
    assert expected and not any(uses(cases.get(i), "Abfall") for i in expected)
    state = search(page, base_url, "Abfall")
    assert expected <= set(state["ids"]), state


def test_a_case_using_the_word_itself_ranks_above_one_with_only_its_synonym(page: Any, base_url: str,
                                                                             cases: Cases) -> None:
    assert "Hochwasser" in group_of("Überflutung")
    own = {c.id for c in cases.active if uses(c, "Überflutung")}
    synonym_only = {c.id for c in cases.active if uses(c, "Hochwasser") and not uses(c, "Überflutung")}
    assert own and synonym_only
    ids = search(page, base_url, "Überflutung")["ids"]
    assert synonym_only <= set(ids), ids
    assert max(ids.index(i) for i in own) < min(ids.index(i) for i in synonym_only), ids


# --- typos -----------------------------------------------------------------------------------------

def test_a_typo_is_corrected_and_the_correction_searched(page: Any, base_url: str) -> None:
    right = search(page, base_url, "Digitalisierung")
    assert right["note"] == "" and len(right["ids"]) >= 3
    state = search(page, base_url, "Digitalisirung")
    assert state["note"].startswith("Ergebnisse für „Digitalisierung“"), state["note"]
    assert "stattdessen suchen nach „Digitalisirung“" in state["note"]
    assert sorted(state["ids"]) == sorted(right["ids"])


@pytest.mark.parametrize("typed, meant", [
    ("Buergerbuero", "Bürgerbüro"),       # ae/oe/ue for ä/ö/ü
    ("Mängelmedler", "Mängelmelder"),     # a swapped pair of letters
    ("Bauantarg", "Bauantrag"),
])
def test_typos_of_every_kind_find_the_word_meant(page: Any, base_url: str, cases: Cases, typed: str, meant: str) -> None:
    expected = {c.id for c in cases.active if uses(c, meant)}
    assert expected
    state = search(page, base_url, typed)
    assert f"„{meant}“" in state["note"], state["note"]
    assert expected <= set(state["ids"]) or len(state["ids"]) >= 3


def test_meinten_sie_link_works_by_keyboard(page: Any, base_url: str) -> None:
    search(page, base_url, "Digitalisirung")
    page.locator("#pb-note a").focus()
    page.keyboard.press("Enter")                      # "stattdessen suchen nach „Digitalisirung“"
    state = settled(page)
    assert parse_qs(urlsplit(page.url).query).get("exakt") == ["1"]
    assert state["note"] == "Meinten Sie: Digitalisierung?", state["note"]
    link = page.locator("#pb-note a")
    expect(link).to_have_text("Digitalisierung")
    link.focus()
    page.keyboard.press("Enter")
    state = settled(page)
    expect(page.locator("#pb-q")).to_have_value("Digitalisierung")
    assert state["note"] == "" and len(state["ids"]) >= 3
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Digitalisierung"]}


# --- compounds -------------------------------------------------------------------------------------

def test_a_compound_finds_the_cases_of_its_parts_whole_word_first(page: Any, base_url: str, cases: Cases) -> None:
    whole = {c.id for c in cases.active if uses(c, "Bürgerbeteiligung")}
    part = {c.id for c in cases.active if re.search(r"\bBeteiligung", c.text)}
    assert whole and part - whole
    state = search(page, base_url, "Bürgerbeteiligung")
    ids = state["ids"]
    assert whole | part <= set(ids), state
    assert set(ids[:len(whole)]) == whole, ids
    assert "Wortteile" in state["note"] and "„beteiligung“" in state["note"]


def test_a_compound_part_finds_the_compound(page: Any, base_url: str, cases: Cases) -> None:
    """'Beteiligung' also finds a case that only says 'Bürgerbeteiligung' (its parts are indexed)."""
    only_compound = {c.id for c in cases.active if uses(c, "Bürgerbeteiligung") and not re.search(r"\bBeteiligung", c.text)}
    state = search(page, base_url, "Beteiligung")
    assert only_compound <= set(state["ids"]), state


# --- readable results ------------------------------------------------------------------------------

def test_excerpts_never_show_the_fact_sheet(page: Any, base_url: str, cases: Cases) -> None:
    queries = {c.org["name"].split()[-1] for c in cases.active} | {"Gemeindeschlüssel", "Baden-Württemberg"}
    for query in sorted(queries):
        state = search(page, base_url, query)
        for excerpt in state["excerpts"]:
            assert not MUNICIPALITY_KEY.search(excerpt), f"{query!r}: {excerpt!r}"
            assert "Einwohnerinnen und Einwohner (" not in excerpt, f"{query!r}: {excerpt!r}"
            assert "·" not in excerpt, f"{query!r}: {excerpt!r}"


def test_cards_show_what_a_searcher_decides_on(page: Any, base_url: str) -> None:
    state = search(page, base_url, "Mängelmelder")
    assert state["facts"]
    for facts in state["facts"]:
        for label in ("Stand:", "Nachnutzbarkeit:", "Größe:", "Kosten:", "Im Einsatz bei:"):
            assert label in facts, facts


# --- the header field ------------------------------------------------------------------------------

def test_header_field_leads_to_the_results_page(page: Any, base_url: str, cases: Cases, axe_script: Any) -> None:
    case = cases.active[0]
    page.goto(f"{base_url}/faelle/{case.id}/")
    field = page.get_by_role("searchbox", name="Suchbegriff")
    expect(field).to_have_count(1)
    assert page.get_by_role("search", name="Praxisbeispiele durchsuchen").count() == 1
    field.focus()
    page.keyboard.type("Mängelmelder")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/suche/\?q=M%C3%A4ngelmelder$"))
    state = settled(page)
    expect(page.locator("#pb-q")).to_have_value("Mängelmelder")
    assert {c.id for c in cases.active if "Mängelmelder" in c.title} <= set(state["ids"])
    assert page.locator("#pb-header-q").count() == 0  # the search page has its own field


def test_search_with_a_correction_has_no_axe_violations(page: Any, base_url: str, axe_script: Any) -> None:
    search(page, base_url, "Digitalisirung")
    assert_axe_clean(page, axe_script, " (corrected search)")
    page.goto(f"{base_url}/faelle/")
    assert_axe_clean(page, axe_script, " (page with the header field)")


# --- the word logic of suche.js --------------------------------------------------------------------

WORDS_JS = """() => {
  const W = window.pbSearchWords;
  const words = new W.Words('# x\\nbürgerbüro 3\\nbürger 5\\nbeteiligung 4\\nradweg 2\\ndigitalisierung 6\\ne-akte 1\\n');
  return {
    swap: W.distance('mängelmedler', 'mängelmelder', 2),
    far: W.distance('abc', 'xyz', 1),
    umlaut: words.correct('buergerbuero'),
    hyphen: words.correct('eakte'),
    typo: words.correct('digitalisirung'),
    none: words.correct('schwimmbad'),
    known: [words.known('radwegen'), words.known('bürg'), words.known('digitalisirung')],
    split: words.split('bürgerbeteiligung'),
    noSplit: words.split('beteiligung'),
    confirms: [W.confirms('radwegen', 'Radweg.'), W.confirms('digitalisirung', 'digital'), W.confirms('Bad', 'Bäder')],
  };
}"""


def test_word_logic(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/suche/")
    page.wait_for_function("() => !!window.pbSearchWords", timeout=WAIT_MS)
    got = page.evaluate(WORDS_JS)
    assert got == {
        "swap": 1, "far": 2, "umlaut": "bürgerbüro", "hyphen": "e-akte", "typo": "digitalisierung", "none": None,
        "known": [True, True, False], "split": ["bürger", "beteiligung"], "noSplit": None,
        "confirms": [True, False, True],
    }


def test_a_query_that_finds_enough_does_not_load_the_word_list(open_page: Any, base_url: str) -> None:
    page = open_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    state = search(page, base_url, "Digitalisierung")
    assert len(state["ids"]) >= 3 and state["note"] == ""
    assert not any(url.endswith("/woerter.txt") for url in requests), requests
    search(page, base_url, "Digitalisirung")  # a word the index does not have: now it is needed
    assert any(url.endswith("/pagefind/woerter.txt") for url in requests)


# --- ranking: a word itself before longer words that start with it ---------------------------------

@pytest.fixture(scope="module")
def prefix_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two cases: one says "Rad" once, the other says many words that start with "Rad"."""
    from conftest import build_site, serve
    from support import case, minimal_text, replace_line, with_id

    root = tmp_path_factory.mktemp("prefix")
    base = minimal_text()
    old = "problem: Vor dem Projekt warteten Bürgerinnen und Bürger oft stundenlang im Flur des Bürgerbüros."
    case(root / "cases", "rad-genau", replace_line(
        with_id(base, "rad-genau"), old, "problem: Wer mit dem Rad zum Amt kam, wartete draußen vor der Tür im Regen."))
    case(root / "cases", "rad-anfang", replace_line(
        with_id(base, "rad-anfang"), old, "problem: Radverkehr, Radverkehrsanlagen, Radwege, Radwegenetz und "
        "Radverkehrsplanung warteten auf Radfahrende."))
    with serve(build_site(root / "site", "--cases", str(root / "cases"))) as url:
        yield url


def test_the_word_itself_ranks_above_words_that_only_start_with_it(page: Any, prefix_site: str) -> None:
    state = search(page, prefix_site, "Rad")
    assert state["ids"] == ["rad-genau", "rad-anfang"], state["ids"]
