"""The search stage: Pagefind's CLI over one document per case, in shards, with a cache (no browser)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator import layout, search

IDS = ["adlerbrunn-app", "beispielburg-parken", "musterstadt-maengel", "mittelau-bauantrag", "neustadt-wlan",
       "exempelfurt-lora", "vila-exemple-haushalt", "fiktivland-bauantrag", "ludwigsburg-lab", "zweckverband-glas"]


def document(case_id: str, *, words: str = "", reviewed: str = "2026-01-01", body: bool = True) -> str:
    marker = " data-pagefind-body" if body else ""
    return ('<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>Fall</title></head>\n'
            f'<body><main{marker}>\n<h1>Fall {case_id}</h1>\n'
            f'<p>Die Kommune hat {words or "einen digitalen Bauantrag"} eingeführt. Kennung {case_id.replace("-", "")}.</p>\n'
            f'<div hidden data-pagefind-ignore="index"><span data-pagefind-filter="thema:digitales"></span>'
            f'<span data-pagefind-meta="kommune">Stadt {case_id}</span>'
            f'<span data-pagefind-sort="geprueft:{reviewed}"></span></div>\n'
            '</main></body></html>\n')


def documents(ids=IDS) -> dict[str, str]:
    return {case_id: document(case_id, reviewed=f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}") for i, case_id in enumerate(ids)}


def manifest(site: Path) -> dict:
    return json.loads((site / layout.PAGEFIND / search.MANIFEST).read_text(encoding="utf-8"))


# --- indexing ------------------------------------------------------------------------------------------

def test_documents_are_indexed_at_their_case_urls(tmp_path):
    docs = documents(IDS[:4])
    assert search.index(docs, tmp_path / "neu" / "site", shard_size=100) == 4
    tmp_path = tmp_path / "neu" / "site"
    assert search.indexed_pages(tmp_path) == 4
    assert search.indexed_urls(tmp_path) == {"/" + layout.case_url(i) for i in IDS[:4]}
    assert manifest(tmp_path) == {"version": 1, "pages": 4, "bundles": [""], "sortMetaPrefix": "sort-"}
    assert (tmp_path / layout.PAGEFIND / "pagefind.js").is_file()
    assert search.last_run.shards == 1 and search.last_run.indexed == [1]


def test_two_clean_indexes_find_the_same(tmp_path):
    """Pagefind's filter files differ between runs (its hash map order); what they find does not."""
    search.index(documents(), tmp_path / "a", shard_size=4)
    search.index(documents(), tmp_path / "b", shard_size=4)
    assert search.content(tmp_path / "a") == search.content(tmp_path / "b")
    assert search.fingerprint(tmp_path / "a") == search.fingerprint(tmp_path / "b")
    edited = dict(documents(), **{"neustadt-wlan": document("neustadt-wlan", words="Glasfaser")})
    search.index(edited, tmp_path / "c", shard_size=4)
    assert search.fingerprint(tmp_path / "c") != search.fingerprint(tmp_path / "a")


def test_sort_values_are_also_meta_for_merging_shards(tmp_path):
    search.index({"a": document("a", reviewed="2025-03-04")}, tmp_path)
    fragment = next((tmp_path / layout.PAGEFIND / "fragment").glob("*.pf_fragment"))
    data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
    assert data["meta"]["sort-geprueft"] == "2025-03-04"
    assert data["meta"]["kommune"] == "Stadt a"
    assert data["sort"]["geprueft"] == "2025-03-04" if "sort" in data else True
    assert "2025-03-04" not in data["content"]  # the meta adds no text to the index


def test_no_documents_give_an_empty_manifest(tmp_path):
    assert search.index({}, tmp_path) == 0
    assert manifest(tmp_path)["bundles"] == [] and manifest(tmp_path)["pages"] == 0
    assert search.indexed_pages(tmp_path) == 0


@pytest.mark.parametrize("docs, message", [
    ({"a": document("a", body=False)}, "data-pagefind-body fehlt"),
    ({"a": "<p>kein HTML-Dokument</p>"}, "keine HTML-Seite"),
    ({"../a": document("a")}, "keine gültige Fall-ID"),
    ({"a b": document("a")}, "keine gültige Fall-ID"),
])
def test_an_odd_document_fails_in_german(tmp_path, docs, message):
    with pytest.raises(search.SearchError, match=message):
        search.index(docs, tmp_path)


# --- shards ----------------------------------------------------------------------------------------------

def test_shard_of_is_stable():
    """The assignment must not change between versions or machines: it decides which shard a rebuild redoes."""
    assert [search.shard_of(case_id, 4) for case_id in IDS] == [2, 0, 0, 2, 2, 0, 1, 2, 0, 0]
    assert search.shard_count(1000, 1000) == 1 and search.shard_count(1001, 1000) == 2
    assert search.shard_count(0, 10) == 1
    # 10 cases in 4 shards: the hash leaves the fourth empty, so there are three
    assert search.plan(IDS, 3) == [sorted(i for i in IDS if search.shard_of(i, 4) == n) for n in range(3)]


def number_of(case_id: str, ids, shard_size: int) -> int:
    """The shard number (1-based, as in search.last_run) of a case."""
    return next(n for n, shard in enumerate(search.plan(ids, shard_size), 1) if case_id in shard)


def test_shards_make_a_manifest_and_the_right_total(tmp_path):
    docs = documents()
    assert search.index(docs, tmp_path, shard_size=3) == len(docs)
    bundles = manifest(tmp_path)["bundles"]
    assert bundles == ["", "teil-2/", "teil-3/"]
    assert manifest(tmp_path)["pages"] == len(docs)
    assert search.indexed_pages(tmp_path) == len(docs)
    assert search.indexed_urls(tmp_path) == {"/" + layout.case_url(i) for i in docs}
    root = tmp_path / layout.PAGEFIND
    for folder in bundles[1:]:   # merged bundles: index files only, the first bundle's JS and wasm serve them
        names = {p.name for p in (root / folder).iterdir()}
        assert "pagefind-entry.json" in names and {"fragment", "index", "filter"} <= names
        assert not [n for n in names if n.endswith((".js", ".css")) or n.startswith("wasm.")]
    # every case in the shard its id hashes to
    for folder, ids in zip(bundles, search.plan(docs, 3)):
        assert set(search.bundle_urls(root / folder)) == {"/" + layout.case_url(i) for i in ids}
    assert search.last_run.shards == 3 and search.last_run.indexed == [1, 2, 3]
    assert all(rss > 0 for rss in search.last_run.peak_rss_kb)


def test_shard_size_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(search.SHARD_SIZE_ENV, "4")
    search.index(documents(), tmp_path)
    assert len(manifest(tmp_path)["bundles"]) == len(search.plan(IDS, 4)) == 3
    monkeypatch.setenv(search.SHARD_SIZE_ENV, "null")
    with pytest.raises(search.SearchError, match="keine gültige Teilgröße"):
        search.index(documents(), tmp_path)


# --- the cache -------------------------------------------------------------------------------------------

def test_a_rebuild_reindexes_only_the_changed_shard_and_equals_a_clean_index(tmp_path):
    cache = tmp_path / "cache"
    docs = documents()
    first = tmp_path / "eins"
    search.index(docs, first, cache=cache, shard_size=3)
    assert search.last_run.indexed == [1, 2, 3]

    runs = search.runs
    again = tmp_path / "zwei"
    search.index(docs, again, cache=cache, shard_size=3)
    assert search.runs == runs and search.last_run.indexed == [] and search.last_run.reused == [1, 2, 3]
    assert search.content(again) == search.content(first)

    edited = dict(docs)
    edited["neustadt-wlan"] = document("neustadt-wlan", words="ein Schul-WLAN mit Glasfaser")
    third = tmp_path / "drei"
    search.index(edited, third, cache=cache, shard_size=3)
    assert search.runs == runs + 1
    assert search.last_run.indexed == [number_of("neustadt-wlan", docs, 3)]
    assert len(search.last_run.reused) == 2
    assert len(list(cache.iterdir())) == 3   # bounded: only the latest build's shards

    clean = tmp_path / "sauber"
    search.index(edited, clean, shard_size=3)
    assert search.content(third) == search.content(clean)
    assert search.content(third) != search.content(first)


def test_a_damaged_cache_entry_is_indexed_again(tmp_path):
    cache = tmp_path / "cache"
    search.index(documents(), tmp_path / "a", cache=cache, shard_size=4)
    entry = min(cache.iterdir())
    next((entry / "fragment").iterdir()).unlink()
    search.index(documents(), tmp_path / "b", cache=cache, shard_size=4)
    assert len(search.last_run.indexed) == 1 and len(search.last_run.reused) == 2
    assert search.fingerprint(tmp_path / "b") == search.fingerprint(tmp_path / "a")


def test_adding_or_removing_a_case_reindexes_its_shard_only(tmp_path):
    cache = tmp_path / "cache"
    docs = documents()
    search.index(docs, tmp_path / "a", cache=cache, shard_size=6)   # 10 cases: 2 shards
    more = dict(docs, **{"neu-fall": document("neu-fall")})         # 11 cases: still 2 shards
    search.index(more, tmp_path / "b", cache=cache, shard_size=6)
    assert search.last_run.indexed == [number_of("neu-fall", more, 6)] and len(search.last_run.reused) == 1
    fewer = {k: v for k, v in more.items() if k != "zweckverband-glas"}
    search.index(fewer, tmp_path / "c", cache=cache, shard_size=6)
    assert search.last_run.indexed == [number_of("zweckverband-glas", more, 6)] and len(search.last_run.reused) == 1
    assert search.indexed_urls(tmp_path / "c") == {"/" + layout.case_url(i) for i in fewer}
    even_more = dict(more, **{f"fall-{n}": document(f"fall-{n}") for n in range(2)})   # 13 cases: 3 shards
    search.index(even_more, tmp_path / "d", cache=cache, shard_size=6)
    assert search.last_run.indexed == [1, 2, 3]   # the shard count changed: every shard anew


# --- failures --------------------------------------------------------------------------------------------

def fake_pagefind(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "pagefind-fake"
    exe.write_text("#!/bin/sh\n"
                   'if [ "$1" = "--version" ]; then echo "pagefind 0.0.0-fake"; exit 0; fi\n' + body)
    exe.chmod(0o755)
    return exe


def test_a_pagefind_failure_is_a_search_error(tmp_path):
    exe = fake_pagefind(tmp_path, 'echo "Error: kaputt" >&2\nexit 3\n')
    with pytest.raises(search.SearchError, match=r"Pagefind konnte den Suchindex nicht bauen \(Exit-Code 3: Error: kaputt\)"):
        search.index(documents(IDS[:2]), tmp_path / "site", pagefind=exe)


def test_pagefind_writing_nothing_is_a_search_error(tmp_path, monkeypatch):
    monkeypatch.setenv(search.BINARY_ENV, str(fake_pagefind(tmp_path, "exit 0\n")))
    with pytest.raises(search.SearchError, match="pagefind-entry.json fehlt"):
        search.index(documents(IDS[:2]), tmp_path / "site")


def test_a_missing_pagefind_is_a_search_error(tmp_path):
    with pytest.raises(search.SearchError, match="Pagefind wurde nicht gefunden"):
        search.index(documents(IDS[:2]), tmp_path / "site", pagefind=tmp_path / "fehlt")


def test_a_page_pagefind_leaves_out_is_named(tmp_path):
    # A document whose marked element is only in a comment: Pagefind finds no body and skips the page.
    docs = documents(IDS[:3])
    docs["kaputt"] = document("kaputt", body=False).replace("<main>", "<!-- <main data-pagefind-body> --><main>")
    with pytest.raises(search.SearchError, match="3 von 4 Fallseiten indexiert; es fehlen: kaputt"):
        search.index(docs, tmp_path, shard_size=100)
