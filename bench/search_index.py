"""Benchmark of the search stage (not a test): ``generator.search.index`` at several shard sizes.

For one set of search documents it prints, per shard size: shards, index time, peak memory of the
Pagefind processes (max RSS of the largest one; at most ``MAX_PROCESSES`` run at a time), the
bundle on disk, an incremental rebuild after editing one document (time, shards indexed again),
and in Debian's Chromium the first search for one word on /suche/: the Pagefind bytes it loads,
by part (entry + wasm + meta + index chunks as in bench/build.py, then JS, filters, fragments,
manifest), the time to the first results, and a sorted search (time, whether the shown order
follows the sort key).

    python bench/search_index.py --site SITE [--cases CASES] [--sizes 500 1000 2000] [--word Bauantrag]

SITE is a built site: its search page and assets are served (with this checkout's suche.js), and
unless --cases is given, the documents are those its build left in its cache (``.site.cache``). With --cases, the documents come from
this checkout's render stage. A demo catalogue: ``python -m generator demo --count 10000 --out D``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import layout, search


def documents_from_site(site: Path) -> dict[str, str]:
    """The search documents of a built site, as the build's render stage left them in its cache
    (``.site.cache/suchdokumente`` beside the site), without the related words the search stage adds."""
    from generator.build import cache_dir

    folder = cache_dir(site) / "suchdokumente"
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.html"))}


def documents_from_cases(cases: Path) -> dict[str, str]:
    from generator import render
    from generator.catalog import check
    from generator.project import Project

    return render.render(check(cases).catalog, Project(Path.cwd())).search


def sort_values(documents: dict[str, str], key: str) -> dict[str, str]:
    """case id → its value of sort key ``key``."""
    out = {}
    for case_id, doc in documents.items():
        match = re.search(rf'data-pagefind-sort="{re.escape(key)}:([^"]*)"', doc)
        if match:
            out[case_id] = match.group(1)
    return out


def du(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def serve_folder(site: Path, work: Path) -> Path:
    """A folder with the site's search page and assets (this checkout's suche.js); the bundle goes in."""
    folder = work / "serve"
    shutil.copytree(site / layout.SEARCH, folder / layout.SEARCH)
    shutil.copytree(site / layout.ASSETS, folder / layout.ASSETS)
    shutil.copy2(ROOT / "generator" / "defaults" / "docs" / "assets" / "suche.js", folder / layout.ASSETS / "suche.js")
    return folder


def kind(name: str) -> str:
    """The part of a bundle a file under /pagefind/ is (as in bench/build.py)."""
    base = name.rsplit("/", 1)[-1]
    if "/fragment/" in f"/{name}":
        return "fragments"
    if "/filter/" in f"/{name}":
        return "filters"
    if "/index/" in f"/{name}":
        return "chunks"
    if base.endswith(".pf_meta"):
        return "meta"
    if base.startswith("wasm."):
        return "wasm"
    if base == search.MANIFEST:
        return "manifest"
    if base.endswith(".json"):
        return "entry"
    return "js"


CORE = ("entry", "wasm", "meta", "chunks")


def serve(folder: Path):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def launch(p):
    return p.chromium.launch(executable_path="/usr/bin/chromium",
                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def first_search(folder: Path, word: str) -> dict:
    """Bytes of every /pagefind/ response until /suche/?q=WORD shows results and the network is idle."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    server = serve(folder)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()

            def record(response):
                path = response.url.split("?", 1)[0]
                if f"/{layout.PAGEFIND}/" in path:
                    with contextlib.suppress(Exception):  # a response without a body (a redirect)
                        sizes[path.split(f"/{layout.PAGEFIND}/", 1)[1]] = len(response.body())

            page.on("response", record)
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_port}/{layout.SEARCH}/?q={word}")
            page.wait_for_selector("ol.pb-results li", timeout=120000)
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    parts: dict[str, int] = {}
    files: dict[str, int] = {}
    for name, size in sizes.items():
        parts[kind(name)] = parts.get(kind(name), 0) + size
        files[kind(name)] = files.get(kind(name), 0) + 1
    return {"parts": parts, "files": files, "seconds": seconds}


def sorted_search(folder: Path, word: str, key: str, values: dict[str, str]) -> dict:
    """Time to the first results of ``?q=word&sort=key`` and whether their order follows the key."""
    from playwright.sync_api import sync_playwright

    server = serve(folder)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            base = f"http://127.0.0.1:{server.server_port}/{layout.SEARCH}/"
            page.goto(base)
            page.wait_for_selector("#pb-search.pb-search--ready", timeout=60000)
            start = time.perf_counter()
            page.select_option("#pb-sort", key)
            page.fill("#pb-q", word)
            page.press("#pb-q", "Enter")
            page.wait_for_function(
                "() => document.querySelector('#pb-results').getAttribute('aria-busy') === 'false' && "
                "document.querySelectorAll('#pb-results li').length > 0", timeout=60000)
            seconds = time.perf_counter() - start
            hrefs = page.eval_on_selector_all("#pb-results li h3 a", "els => els.map(e => e.getAttribute('href'))")
            more_start = time.perf_counter()
            shown = len(hrefs)
            if page.is_visible("#pb-more"):
                page.click("#pb-more")
                page.wait_for_function(f"() => document.querySelectorAll('#pb-results li').length > {shown}",
                                       timeout=60000)
                hrefs = page.eval_on_selector_all("#pb-results li h3 a",
                                                  "els => els.map(e => e.getAttribute('href'))")
            more_seconds = time.perf_counter() - more_start
            browser.close()
    finally:
        server.shutdown()
    ids = [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]
    shown_values = [values.get(i, "") for i in ids]
    return {"seconds": seconds, "more_seconds": more_seconds, "shown": len(ids),
            "ordered": all(a >= b for a, b in itertools.pairwise(shown_values)),
            "first": shown_values[:3]}


def edit_one(documents: dict[str, str]) -> dict[str, str]:
    changed = dict(documents)
    first = sorted(changed)[len(changed) // 2]
    changed[first] = changed[first].replace("</body>", "<p>Nachtrag: geändert.</p></body>", 1)
    return changed


def fingerprint_of(documents: dict[str, str], work: Path, size: int) -> str:
    clean = work / "sauber"
    search.index(documents, clean, shard_size=size)
    try:
        return search.fingerprint(clean)
    finally:
        shutil.rmtree(clean / layout.PAGEFIND, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--cases", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--word", default="Bauantrag")
    parser.add_argument("--sort", default="geprueft")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    documents = documents_from_cases(args.cases) if args.cases else documents_from_site(args.site)
    if not documents:
        raise SystemExit(f"no search documents found in {args.cases or args.site}")
    values = sort_values(documents, args.sort)
    print(f"{len(documents)} documents, {sum(map(len, documents.values())) / len(documents) / 1024:.1f} KB each "
          f"on average; Pagefind {search.pagefind_version(search.binary())}", flush=True)

    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
            work = Path(tmp)
            folder = serve_folder(args.site, work) if not args.no_browser else work / "serve"
            folder.mkdir(exist_ok=True)
            cache = work / "cache"
            start = time.perf_counter()
            search.index(documents, folder, cache=cache, shard_size=size)
            clean = time.perf_counter() - start
            first = search.last_run
            size_bytes, files = du(folder / layout.PAGEFIND)

            start = time.perf_counter()
            search.index(edit_one(documents), folder, cache=cache, shard_size=size)
            incremental = time.perf_counter() - start
            again = search.last_run

            print(f"\n== shard size {size}: {first.shards} shard(s) ==")
            peak = max(first.peak_rss_kb) / 1024
            print(f"index: {clean:.1f} s ({first.cpu_seconds:.1f} s CPU in Pagefind); peak RSS {peak:.0f} MB per "
                  f"Pagefind process, {first.processes} at a time (<= {first.processes * peak:.0f} MB together)")
            print(f"bundle: {size_bytes / 1e6:.1f} MB in {files} files")
            print(f"one document edited: {incremental:.1f} s ({again.cpu_seconds:.1f} s CPU), shards indexed again "
                  f"{again.indexed}, reused {len(again.reused)}; equals a clean index: "
                  f"{search.fingerprint(folder) == fingerprint_of(edit_one(documents), work, size)}")
            if not args.no_browser:
                found = first_search(folder, args.word)
                parts = found["parts"]
                core = sum(parts.get(k, 0) for k in CORE)
                total = sum(parts.values())
                print(f"first search '{args.word}': {core / 1024:.0f} KB entry + wasm + meta + chunks; "
                      f"{total / 1024:.0f} KB in all, {sum(found['files'].values())} files ("
                      + ", ".join(f"{k} {v / 1024:.0f} KB/{found['files'][k]}" for k, v in sorted(parts.items()))
                      + f"); page load to results {found['seconds']:.1f} s")
                result = sorted_search(folder, args.word, args.sort, values)
                print(f"sorted by {args.sort}: results in {result['seconds']:.2f} s, 'mehr laden' "
                      f"{result['more_seconds']:.2f} s, {result['shown']} shown, "
                      f"{'in order' if result['ordered'] else 'NOT IN ORDER'} (first {result['first']})", flush=True)


if __name__ == "__main__":
    main()
