"""The built example site, used in Chromium as a person would: search, facets, keyboard, accessibility.

Expected values come from the case files in ``cases/`` (see ``conftest.read_cases``), never from
the built site itself. The search page contract (``docs/assets/suche.js``):

* the query box is ``#pb-q`` in a ``form[role=search]``; the query is ``?q=`` in the URL;
* facet checkboxes are ``input[name=<facet>][value=<slug>]``, ticked values are in the URL as
  ``<facet>=<slug>`` (repeated or comma-separated), so a URL can be reloaded and shared;
* results are links in ``ol.pb-results`` (one ``li`` per case) to ``/faelle/<id>/``; a status
  region ``[role=status]`` says how many were found ("… gefunden");
* each facet value shows its number of results next to its label.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable
from urllib.parse import quote, urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:   # in CI these tests must run: let the import error fail the run
    if os.environ.get("CI"):
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

from conftest import assert_axe_clean

if TYPE_CHECKING:   # the fixtures' types, defined in this folder's conftest.py
    from conftest import CaseFile, Cases

FACET_KEYS = ("thema", "land", "groesse", "status", "nachnutzung", "aufwand", "kosten", "art", "sprache", "eingesetzt",
              "bedingungen")
SEARCH_WORD = "Mängelmelder"          # a word from case titles
STEM_QUERY = "Bauanträgen"            # an inflected form that no case contains literally …
STEM_BASE = "Bauantrag"               # … of a word that case titles contain
MUNICIPALITY_CASE = "beispielhausen-maengelmelder"
FACET_TOPIC, FACET_STATE = "administration", "NI"
WAIT_MS = 15_000

# Case ids of the result list: one entry per link to a case page (links to a section, #…, are not counted).
RESULTS_JS = r"""() => {
  const list = document.querySelector('ol.pb-results');
  if (!list) return null;
  const ids = [];
  for (const a of list.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    const m = url.pathname.match(/^\/faelle\/([^/]+)\/$/);
    if (m && !url.hash) ids.push(decodeURIComponent(m[1]));
  }
  const status = document.querySelector('[role=status]');
  return {ids, items: list.querySelectorAll(':scope > li').length,
          status: status ? status.textContent.replace(/\s+/g, ' ').trim() : null};
}"""

URL_HAS_JS = r"""([key, value]) => new URLSearchParams(location.search).getAll(key)
  .flatMap(v => v.split(',')).includes(value)"""


# --- helpers --------------------------------------------------------------------------------------

def results(page: Any) -> dict[str, Any]:
    return page.evaluate(RESULTS_JS) or {"ids": [], "items": 0, "status": None}


def wait_for_results(page: Any, expected: Iterable[str], *, exact: bool, what: str = "") -> dict[str, Any]:
    """Wait until the result list holds ``expected`` (exactly, or at least); assert it with a clear message."""
    expected = sorted(set(expected))
    check = f"""([want, exact]) => {{
      const r = ({RESULTS_JS})();
      return !!r && r.status !== null && /gefunden/.test(r.status) && (exact
        ? r.items === want.length && r.ids.length === want.length && want.every(id => r.ids.includes(id))
        : want.every(id => r.ids.includes(id)));
    }}"""
    try:
        page.wait_for_function(check, arg=[expected, exact], timeout=WAIT_MS)
    except PlaywrightTimeout:
        pass
    got = results(page)
    label = f"{what}: " if what else ""
    if exact:
        assert sorted(got["ids"]) == expected and got["items"] == len(expected), (
            f"{label}expected exactly the cases {expected} in ol.pb-results, got links to {got['ids']} "
            f"in {got['items']} list items (status: {got['status']!r}) at {page.url}")
    else:
        assert set(expected) <= set(got["ids"]), (
            f"{label}expected the cases {expected} among the results, got {got['ids']} "
            f"(status: {got['status']!r}) at {page.url}")
    assert got["status"] and "gefunden" in got["status"], (
        f"{label}the status region [role=status] should say how many were found, says {got['status']!r}")
    return got


def wait_for_url_param(page: Any, key: str, value: str) -> None:
    try:
        page.wait_for_function(URL_HAS_JS, arg=[key, value], timeout=WAIT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"the URL should contain {key}={value}, it is {page.url}", pytrace=False)


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


def search_url(base_url: str, query: str = "", **facets: str) -> str:
    params = ([f"q={quote(query)}"] if query else []) + [f"{k}={quote(v)}" for k, v in facets.items()]
    return f"{base_url}/suche/" + ("?" + "&".join(params) if params else "")


def mentioning(cases: Cases, word: str) -> list[CaseFile]:
    return [c for c in cases.active if word.casefold() in c.text.casefold()]


def titled(cases: Cases, word: str) -> list[CaseFile]:
    found = [c for c in cases.active if word.casefold() in c.title.casefold()]
    assert found, f"no shipped case has {word!r} in its title; pick another word"
    return found


def checkbox(page: Any, key: str, value: str) -> Any:
    return page.locator(f'input[type="checkbox"][name="{key}"][value="{value}"]')


def tick(page: Any, key: str, value: str) -> None:
    """Tick a facet value with the mouse, opening its collapsed group first as a person would."""
    box = checkbox(page, key, value)
    box.wait_for(state="attached")
    if not box.is_visible():
        page.locator("details", has=box).locator("summary").first.click()
    box.check()


def facet_expectation(cases: Cases) -> tuple[list[str], list[str]]:
    """(cases with the topic, cases with the topic in the state), from the files."""
    with_topic = [c.id for c in cases.active if FACET_TOPIC in c.data["topics"]]
    both = [c.id for c in cases.active if FACET_TOPIC in c.data["topics"] and c.state == FACET_STATE]
    assert both, f"no shipped case has topic {FACET_TOPIC} in {FACET_STATE}; the facet test needs one"
    assert set(both) < set(with_topic), "the state facet must narrow the topic's results for this test to mean anything"
    return sorted(with_topic), sorted(both)


def tick_topic_and_state(page: Any, base_url: str, cases: Cases) -> list[str]:
    """Open /suche/ without a query, tick the topic and the state; return the expected case ids."""
    with_topic, both = facet_expectation(cases)
    page.goto(search_url(base_url))
    tick(page, "thema", FACET_TOPIC)
    wait_for_results(page, with_topic, exact=True, what=f"after ticking thema={FACET_TOPIC}")
    tick(page, "land", FACET_STATE)
    wait_for_results(page, both, exact=True, what=f"after ticking thema={FACET_TOPIC} and land={FACET_STATE}")
    wait_for_url_param(page, "thema", FACET_TOPIC)
    wait_for_url_param(page, "land", FACET_STATE)
    return both


def count_next_to(page: Any, key: str, value: str, label: str) -> str:
    """The text around a facet checkbox (its list item, or its label's parent), without the label itself."""
    return page.evaluate(
        """([key, value, label]) => {
          const el = document.querySelector(`input[type=checkbox][name="${key}"][value="${value}"]`);
          if (!el) return null;
          const lab = (el.labels && el.labels[0]) || el.closest('label');
          const box = el.closest('li') || (lab && lab.contains(el) ? lab : (lab ? lab.parentElement : el.parentElement));
          return box.textContent.replace(label, ' ').replace(/\\s+/g, ' ').trim();
        }""", [key, value, label])


def numbers(text: str | None) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", (text or "").replace(".", ""))]


# --- 1–3: search ----------------------------------------------------------------------------------

def test_search_finds_case_by_title_word_and_opens_it(page: Any, base_url: str, cases: Cases) -> None:
    expected = titled(cases, SEARCH_WORD)
    page.goto(search_url(base_url, SEARCH_WORD))
    expect(page.locator("#pb-q")).to_have_value(SEARCH_WORD)
    wait_for_results(page, [c.id for c in expected], exact=False, what=f"search for {SEARCH_WORD!r}")
    target = expected[0]
    link = page.locator(f'ol.pb-results a[href*="faelle/{target.id}/"]:not([href*="#"])').first
    link.click()
    page.wait_for_url(f"{base_url}/faelle/{target.id}/")
    assert path_of(page) == f"/faelle/{target.id}/"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(target.title)


def test_search_uses_german_stemming(page: Any, base_url: str, cases: Cases, built_site: Path) -> None:
    expected = titled(cases, STEM_BASE)
    for case in expected:   # otherwise the test would not show stemming
        assert STEM_QUERY.casefold() not in case.text.casefold(), f"{case.id} contains {STEM_QUERY!r} literally"
        html = (built_site / "faelle" / case.id / "index.html").read_text(encoding="utf-8")
        assert STEM_QUERY.casefold() not in html.casefold()
    page.goto(search_url(base_url, STEM_QUERY))
    wait_for_results(page, [c.id for c in expected], exact=False,
                     what=f"{STEM_QUERY!r} should find the cases about {STEM_BASE!r} (German stemming)")


def test_search_finds_municipality_name(page: Any, base_url: str, cases: Cases) -> None:
    case = cases.get(MUNICIPALITY_CASE)
    name = case.org["name"].split()[-1]          # "Stadt Beispielhausen" -> "Beispielhausen"
    assert name.casefold() not in case.title.casefold(), "pick a case whose title does not name the municipality"
    page.goto(search_url(base_url, name))
    wait_for_results(page, [case.id], exact=False, what=f"search for the municipality {name!r}")


# --- 4–6: facets, reload, keyboard ----------------------------------------------------------------

@pytest.fixture(scope="module")
def ticked_url() -> dict[str, str]:
    """The URL the facet test ended at, for the reload test (which ticks the boxes itself if run alone)."""
    return {}


def test_facets_filter_and_show_counts(page: Any, base_url: str, cases: Cases, ticked_url: dict[str, str]) -> None:
    expected = tick_topic_and_state(page, base_url, cases)
    ticked_url["url"] = page.url
    got = results(page)
    assert sorted(got["ids"]) == expected
    assert page.locator("ol.pb-results > li").count() == len(expected)
    assert re.search(rf"[?&]thema=[^&]*{FACET_TOPIC}", page.url) and re.search(rf"[?&]land=[^&]*{FACET_STATE}", page.url)
    shown = {
        ("thema", FACET_TOPIC): count_next_to(page, "thema", FACET_TOPIC, cases.topics[FACET_TOPIC]),
        ("land", FACET_STATE): count_next_to(page, "land", FACET_STATE, cases.states[FACET_STATE]),
    }
    assert any(len(expected) in numbers(text) for text in shown.values()), (
        f"with thema={FACET_TOPIC} and land={FACET_STATE} ticked, {len(expected)} cases match; no facet value "
        f"shows that count next to its label: {shown}")


def test_facet_url_reloads_to_same_state(open_page: Callable[[], Any], base_url: str, cases: Cases,
                                        ticked_url: dict[str, str]) -> None:
    expected = facet_expectation(cases)[1]
    url = ticked_url.get("url")
    if url is None:
        first = open_page()
        tick_topic_and_state(first, base_url, cases)
        url = first.url
        first.close()
    again = open_page()
    again.goto(url)
    wait_for_results(again, expected, exact=True, what=f"reloading {url}")
    expect(checkbox(again, "thema", FACET_TOPIC)).to_be_checked()
    expect(checkbox(again, "land", FACET_STATE)).to_be_checked()
    checked = again.evaluate("() => [...document.querySelectorAll('input[type=checkbox]:checked')]"
                             ".map(e => e.name + '=' + e.value)")
    assert sorted(checked) == sorted([f"thema={FACET_TOPIC}", f"land={FACET_STATE}"])


def test_search_with_keyboard_only(page: Any, base_url: str, cases: Cases) -> None:
    found = mentioning(cases, SEARCH_WORD)
    states = {c.state for c in found}
    assert len(states) > 1, f"the cases mentioning {SEARCH_WORD!r} must be in more than one state"
    target = next(c for c in titled(cases, SEARCH_WORD) if c.id == MUNICIPALITY_CASE)
    key, value = "land", target.state

    page.goto(search_url(base_url))
    page.locator("#pb-q").wait_for(state="attached")
    checkbox(page, key, value).wait_for(state="attached")
    for _ in range(40):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "pb-q":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("40 presses of Tab from the top of /suche/ did not reach the search field #pb-q", pytrace=False)
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("Enter")
    wait_for_url_param(page, "q", SEARCH_WORD)
    before = wait_for_results(page, [c.id for c in titled(cases, SEARCH_WORD)], exact=False,
                              what=f"keyboard search for {SEARCH_WORD!r}")

    focus_js = """([key, value]) => {
      const el = document.activeElement;
      if (!el) return 'none';
      if (el.matches(`input[name="${key}"][value="${value}"]`)) return 'target';
      const details = el.tagName === 'SUMMARY' && el.parentElement;
      const target = document.querySelector(`input[name="${key}"][value="${value}"]`);
      if (details && !details.open && target && details.contains(target)) return 'closed-summary';
      return 'other';
    }"""
    for _ in range(250):
        where = page.evaluate(focus_js, [key, value])
        if where == "target":
            break
        if where == "closed-summary":      # a collapsed facet group: open it as a keyboard user would
            page.keyboard.press("Enter")
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"Tab never reached the facet checkbox {key}={value}", pytrace=False)
    page.keyboard.press("Space")
    expect(checkbox(page, key, value)).to_be_checked()
    wait_for_url_param(page, key, value)
    wait_for_url_param(page, "q", SEARCH_WORD)
    wait_for_results(page, [target.id], exact=False, what=f"after ticking {key}={value} with Space")
    try:
        page.wait_for_function(f"(before) => {{ const r = ({RESULTS_JS})(); return !!r && r.ids.join(' ') !== before; }}",
                               arg=" ".join(before["ids"]), timeout=WAIT_MS)
    except PlaywrightTimeout:
        pass
    after = results(page)
    assert after["ids"] != before["ids"], f"ticking {key}={value} did not change the results {before['ids']}"
    wrong = [i for i in after["ids"] if cases.get(i).state != value]
    assert not wrong, f"with {key}={value} ticked, results from other states remain: {wrong}"


def test_facet_groups_in_intended_order(page: Any, base_url: str, cases: Cases) -> None:
    """The groups in the order of the contract (topic first), topics in the order of topics.yml."""
    page.goto(search_url(base_url))
    checkbox(page, "thema", FACET_TOPIC).wait_for(state="attached")
    groups = page.evaluate("() => [...document.querySelectorAll('#pb-search details')].map(d => "
                           "d.querySelector('input[type=checkbox]') && d.querySelector('input[type=checkbox]').name)")
    assert [g for g in groups if g] == list(FACET_KEYS), f"facet groups on /suche/ are in this order: {groups}"
    shown = page.evaluate("() => [...document.querySelectorAll('input[type=checkbox][name=thema]')]"
                          ".filter(e => !e.closest('[hidden]')).map(e => e.value)")
    used = {t for c in cases.active for t in c.data["topics"]}
    assert shown == [t for t in cases.topics if t in used], f"topics on /suche/ are in this order: {shown}"


# --- 7: accessibility -----------------------------------------------------------------------------

def _english_case(cases: Cases) -> CaseFile:
    english = [c for c in cases.active if c.data["lang"] != "de"]
    assert english, "the shipped cases should include one in another language"
    return english[0]


AXE_PAGES = ["home", "search", "topic", "case", "case-other-language", "network", "municipality"]


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("which", AXE_PAGES)
def test_accessibility_axe(which: str, width: int, page: Any, base_url: str, cases: Cases,
                           axe_script: Path) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    if which == "home":
        page.goto(f"{base_url}/")
    elif which == "search":
        expected = [c.id for c in titled(cases, SEARCH_WORD) if FACET_TOPIC in c.data["topics"]]
        page.goto(search_url(base_url, SEARCH_WORD, thema=FACET_TOPIC))
        wait_for_results(page, expected, exact=False, what="search page for axe")
    elif which == "topic":
        page.goto(f"{base_url}/themen/{FACET_TOPIC}/")
    elif which == "case":
        page.goto(f"{base_url}/faelle/{MUNICIPALITY_CASE}/")
    elif which == "network":
        page.goto(f"{base_url}/nachnutzung/")
    elif which == "municipality":
        page.goto(f"{base_url}/kommunen/gemeinde-mittelau/")
    else:
        page.goto(f"{base_url}/faelle/{_english_case(cases).id}/")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_axe_clean(page, axe_script)


# --- 8: nothing from another host -----------------------------------------------------------------

# inside a tag (text that shows markup, like the embed snippet on a case page, is written &lt;iframe src=…)
EXTERNAL_SRC = re.compile(r"""<[A-Za-z][^<>]*?\s(?:src|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
LINK_HREF = re.compile(r"""\bhref\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
LINK_REL = re.compile(r"""\brel\s*=\s*["']?([^"'>]*)""", re.IGNORECASE)
NOT_LOADED = {"canonical", "alternate"}   # <link rel=canonical/alternate> name an address, they load nothing


def external_references(html: str) -> list[str]:
    found = [html[max(0, m.start() - 60):m.end() + 60] for m in EXTERNAL_SRC.finditer(html)]
    for tag in LINK_TAG.findall(html):
        rel = LINK_REL.search(tag)
        rels = set(rel.group(1).lower().split()) if rel else set()
        if LINK_HREF.search(tag) and not (rels and rels <= NOT_LOADED):
            found.append(tag)
    return found


@pytest.mark.parametrize("which", ["home", "case", "search"])
def test_nothing_from_another_host(which: str, page: Any, base_url: str, cases: Cases) -> None:
    if which == "search":
        response = page.goto(search_url(base_url, SEARCH_WORD))
        wait_for_results(page, [c.id for c in titled(cases, SEARCH_WORD)], exact=False)
    else:
        response = page.goto(f"{base_url}/" if which == "home" else f"{base_url}/faelle/{MUNICIPALITY_CASE}/")
        page.wait_for_load_state("load")
    assert response is not None and response.ok
    for name, html in (("served HTML", response.text()), ("rendered DOM", page.content())):
        bad = external_references(html)
        assert not bad, f"{name} of {page.url} references another host:\n" + "\n".join(bad)
    # the request recorder of the page fixture checks the requests themselves after the test


# --- 9–10: case pages -----------------------------------------------------------------------------

def links_in(page: Any, selector: str) -> list[tuple[str, str]]:
    """(path of the href, text) of every link in the elements matching ``selector``."""
    return [tuple(x) for x in page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].flatMap(box => [...box.querySelectorAll('a[href]')])
              .map(a => [new URL(a.getAttribute('href'), location.href).pathname, a.textContent.trim()])""",
        selector)]


def section_links(page: Any, heading: str) -> list[tuple[str, str]]:
    """Links between the h2 ``heading`` and the next h2."""
    return [tuple(x) for x in page.evaluate(
        """(heading) => {
          const h = [...document.querySelectorAll('h2')].find(e => e.textContent.trim() === heading);
          if (!h) return null;
          const out = [];
          for (let el = h.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling)
            for (const a of el.querySelectorAll('a[href]'))
              out.push([new URL(a.getAttribute('href'), location.href).pathname, a.textContent.trim()]);
          return out;
        }""", heading) or []]


def open_case(page: Any, base_url: str, case: CaseFile) -> None:
    response = page.goto(f"{base_url}/faelle/{case.id}/")
    assert response is not None and response.ok, f"/faelle/{case.id}/ answered {response and response.status}"
    assert page.evaluate("() => document.documentElement.lang") == "de", f"<html lang> of {page.url}"
    expect(page.locator("h1")).to_have_text(case.title)


def sample_cases(cases: Cases) -> list[CaseFile]:
    """A few different cases: the municipality case, one from abroad, one in another language, most topics."""
    picks = [cases.get(MUNICIPALITY_CASE)]
    picks += [c for c in cases.active if c.org.get("country") != "DE"][:1]
    picks += [_english_case(cases), max(cases.active, key=lambda c: len(c.data["topics"]))]
    return list({c.id: c for c in picks}.values())


def test_case_fact_sheet(page: Any, base_url: str, cases: Cases) -> None:
    for case in sample_cases(cases):
        open_case(page, base_url, case)
        sheet = page.locator(".pb-factsheet")
        expect(sheet).to_have_count(1)
        expect(sheet).to_contain_text(case.org["name"])
        if case.org.get("country") == "DE":
            expect(sheet).to_contain_text(cases.states[case.org["state"]])
        else:  # the country by its German name, from ISO 3166-1
            import gettext

            import pycountry
            german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"]).gettext
            expect(sheet).to_contain_text(german(pycountry.countries.get(alpha_2=case.org["country"]).name))
        topic_links = [(p, t) for p, t in links_in(page, ".pb-factsheet") if p.startswith("/themen/")]
        assert topic_links == [(f"/themen/{t}/", cases.topics[t]) for t in case.data["topics"]], (
            f"topics of {case.id} in the fact sheet: {topic_links}")


def test_adopted_from_and_adopted_by_link_both_ways(page: Any, base_url: str, cases: Cases) -> None:
    pairs = [(c, cases.get(c.data["adopted_from"])) for c in cases.active if c.data.get("adopted_from")]
    assert pairs, "no shipped case has adopted_from"
    for adopter, source in pairs:
        open_case(page, base_url, adopter)
        links = section_links(page, "Übernommen von")
        assert (f"/faelle/{source.id}/", source.title) in links, (
            f"{adopter.id}: 'Übernommen von' should link to {source.id}, links: {links}")
    for source in {s.id: s for _, s in pairs}.values():
        adopters = sorted(c.id for c in cases.active if c.data.get("adopted_from") == source.id)
        open_case(page, base_url, source)
        links = links_in(page, ".pb-adopters .pb-adopter__name")
        assert sorted(p.split("/")[2] for p, _ in links if p.startswith("/faelle/")) == adopters, (
            f"{source.id}: the adopters under 'Nachnutzung' should link to {adopters}, links: {links}")


def test_language_of_parts(page: Any, base_url: str, cases: Cases) -> None:
    case = _english_case(cases)
    lang = case.data["lang"]
    open_case(page, base_url, case)
    wrapper = page.locator(".pb-case")
    expect(wrapper).to_have_attribute("lang", lang)
    assert page.evaluate("() => document.querySelector('h1').closest('[lang]').lang") == lang
    bad = page.evaluate(r"""() => [...document.querySelectorAll('[lang]')]
        .filter(e => !/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(e.getAttribute('lang')))
        .map(e => `<${e.tagName.toLowerCase()} id="${e.id}" lang='${e.getAttribute('lang')}'>`)""")
    assert not bad, f"invalid lang attributes on {page.url}: {bad}"
    headings = page.evaluate("""() => [...document.querySelectorAll('.pb-case h2')]
        .map(h => [h.textContent.trim(), h.closest('[lang]').getAttribute('lang')])""")
    german = [h for h in headings if h[0] in ("Steckbrief", "Das Problem", "Die Lösung")]
    assert german and all(l == "de" for _, l in german), f"the German headings must be marked lang=de: {headings}"


def test_redirect_from_old_address(page: Any, base_url: str, cases: Cases) -> None:
    moved = [(old, c) for c in cases.active for old in c.data.get("redirect_from", ())]
    assert moved, "no shipped case has redirect_from"
    for old, case in moved:
        page.goto(f"{base_url}/faelle/{old}/")
        page.wait_for_url(f"{base_url}/faelle/{case.id}/")
        expect(page.locator("h1")).to_have_text(case.title)


# --- 9: phones: no sideways scrolling -------------------------------------------------------------

# Elements that reach past the right edge of the window and are not inside a box that scrolls or
# clips them (a wide table may scroll in its own container; the page itself may not).
STICKING_OUT_JS = r"""() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    let held = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 0.5) {
        held = true; break;
      }
    }
    if (!held) out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> reaches ${Math.round(box.right)} px`);
  }
  return out.slice(0, 5);
}"""

PHONE_PAGES = ["home", "search", "listing", "case", "case-other-language", "contributor-guide"]


def _longest_title(cases: Cases, lang: str) -> CaseFile:
    """The case whose long title fills the header most (the header's hidden title once stuck out)."""
    return max((c for c in cases.active if c.data["lang"].startswith(lang)), key=lambda c: len(c.title))


def assert_no_sideways_scroll(page: Any, when: str) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url} ({when}) scrolls sideways: {widths[0]} px of content in a {widths[1]} px window; "
        f"sticking out: {page.evaluate(STICKING_OUT_JS)}")


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("which", PHONE_PAGES)
def test_no_sideways_scroll_on_phones(which: str, width: int, page: Any, base_url: str, cases: Cases) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    if which == "home":
        page.goto(f"{base_url}/")
    elif which == "search":
        page.goto(search_url(base_url, SEARCH_WORD))
        wait_for_results(page, [c.id for c in titled(cases, SEARCH_WORD)], exact=False, what="search on a phone")
    elif which == "listing":
        page.goto(f"{base_url}/themen/{FACET_TOPIC}/")
    elif which == "case":
        page.goto(f"{base_url}/faelle/{_longest_title(cases, 'de').id}/")
    elif which == "case-other-language":
        page.goto(f"{base_url}/faelle/{_english_case(cases).id}/")
    else:
        page.goto(f"{base_url}/mitmachen/")
        wide = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')]
            .some(t => t.scrollWidth > document.documentElement.clientWidth)""")
        assert wide, "the field reference on /mitmachen/ should be wider than a phone (else this test shows nothing)"
    expect(page.locator("h1").first).to_be_visible()
    assert_no_sideways_scroll(page, "at the top")
    # Scrolled down, Material's header swaps the site name for the page title.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    if page.evaluate("() => (document.querySelector('.md-content h1')?.getBoundingClientRect().bottom ?? 1) < 0"):
        page.wait_for_function("() => document.querySelector('.md-header__title--active') !== null", timeout=WAIT_MS)
    assert_no_sideways_scroll(page, "scrolled down")


def test_menu_is_closed_after_going_back(page: Any, base_url: str) -> None:
    """Back must not reopen the menu: Material kept the browser from restoring its toggles with
    autocomplete="off", which checkboxes may not carry; the theme override resets them instead."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base_url}/ueber/")
    page.locator('label.md-header__button[for="__drawer"]').click()
    expect(page.locator("#__drawer")).to_be_checked()
    page.goto(f"{base_url}/impressum/")
    page.go_back(wait_until="load")
    assert path_of(page) == "/ueber/"
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(page.locator("#__search")).not_to_be_checked()
