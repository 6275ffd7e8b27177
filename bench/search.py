"""Search quality benchmark (not a test): our search against stock Pagefind on the same pages.

    python bench/search.py [--set bench/search_eval] [--queries queries.yml] [--keep DIR] [--show-misses]
    python bench/search.py --payload SITE [--words Bauantrag Digitalisirung]

The evaluation set (``bench/search_eval/``: fictional cases that are not shipped, and labelled queries
in ``queries.yml``, each with the case(s) it must find and its kind) is built into a site with this
checkout's generator. Then, in Debian's Chromium, every query runs twice:

- stock: Pagefind's own JS API with its defaults (``pagefind.search(q)``) over a bundle of the same
  search documents without our related words (synonyms, compound parts);
- ours: the site's search page (``/suche/?q=…``) as a reader uses it: related words in the index,
  ranking, corrections and compound parts in ``assets/suche.js``.

Printed per kind and overall: hit@3 (every labelled case among the first three results, or among the
first n for n > 3 labels) and the mean reciprocal rank of the first labelled case (0 when it is not
among the first 20). Target: hit@3 ≥ 0.95 overall and ≥ 0.9 in every kind. ``--show-misses`` lists the
queries ours misses. The exit status is 0 when the target is met.

``--payload SITE`` measures instead what the first search for each of ``--words`` loads from the
bundle on a built site (e.g. 10,000 demo cases), by kind of file, and whether it loaded the word list.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import render, search  # noqa: E402
from generator.catalog import check  # noqa: E402
from generator.project import Project  # noqa: E402

KINDS = ("title", "inflection", "compound", "compound-part", "synonym", "abbreviation", "typo", "umlaut",
         "municipality", "multi-word", "english")
TOP = 3
LISTED = 20
TARGET_OVERALL = 0.95
TARGET_KIND = 0.9
CHROMIUM = "/usr/bin/chromium"

STOCK_JS = """async (queries) => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const out = [];
  for (const q of queries) {
    const found = await pf.search(q);
    const data = await Promise.all(found.results.slice(0, %d).map((r) => r.data()));
    out.push(data.map((d) => d.url));
  }
  return out;
}""" % LISTED

SETTLED_JS = """() => {
  const list = document.querySelector('#pb-results');
  const status = document.querySelector('#pb-status');
  return list && status && list.getAttribute('aria-busy') === 'false' && status.textContent.trim() !== ''
    && !/geladen/.test(status.textContent);
}"""

RESULTS_JS = """() => [...document.querySelectorAll('#pb-results > li h3 a[href]')]
  .map((a) => new URL(a.href).pathname)"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path):
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def case_id(url: str) -> str:
    parts = [p for p in url.split("#")[0].split("/") if p]
    return parts[-1] if parts else ""


def score(found: list[str], expect: list[str]) -> tuple[int, float]:
    """(hit@3, reciprocal rank) of one query."""
    ids = [case_id(u) for u in found]
    top = ids[:max(TOP, len(expect))]
    hit = int(all(e in top for e in expect))
    ranks = [ids.index(e) + 1 for e in expect if e in ids[:LISTED]]
    return hit, (1 / min(ranks)) if ranks else 0.0


def build(cases: Path, work: Path) -> tuple[Path, Path]:
    """Our site (the generator's build) and a stock bundle of the same search documents."""
    ours = work / "site"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--cases", str(cases), "--out", str(ours)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    print(f"Website gebaut in {time.perf_counter() - started:.1f} s: {ours}")
    stock = work / "stock"
    stock.mkdir()
    documents = render.render(check(cases).catalog, Project(ROOT)).search
    search.index(dict(documents), stock, shard_size=10**9)
    (stock / "index.html").write_text("<!doctype html><html lang=de><title>stock</title><p>stock</p>",
                                      encoding="utf-8")
    return ours, stock


def run_stock(page, base: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{base}/index.html")
    return page.evaluate(STOCK_JS, queries)


def run_ours(page, base: str, queries: list[str]) -> list[list[str]]:
    out = []
    for q in queries:
        page.goto(f"{base}/suche/?q={quote(q)}")
        page.wait_for_function(SETTLED_JS, timeout=20_000)
        out.append(page.evaluate(RESULTS_JS))
    return out


def table(rows: dict[str, dict[str, list[tuple[int, float]]]]) -> list[str]:
    lines = [f"| {'Art':<14} | {'n':>3} | {'stock hit@3':>11} | {'stock MRR':>9} | {'ours hit@3':>10} | {'ours MRR':>8} |",
             f"|{'-' * 16}|{'-' * 5}|{'-' * 13}|{'-' * 11}|{'-' * 12}|{'-' * 10}|"]

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    for kind in [*KINDS, "gesamt"]:
        stock, ours = rows["stock"][kind], rows["ours"][kind]
        if not ours:
            continue
        lines.append(f"| {kind:<14} | {len(ours):>3} | {mean([h for h, _ in stock]):>11.2f} | "
                     f"{mean([r for _, r in stock]):>9.2f} | {mean([h for h, _ in ours]):>10.2f} | "
                     f"{mean([r for _, r in ours]):>8.2f} |")
    return lines


def payload(site: Path, words: list[str]) -> int:
    """The bytes a first search on the site's search page loads from /pagefind/, per query, by kind of
    file, and whether the word list came along (it should only when a query needs it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, serve(site) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for word in words:
            page = browser.new_page()
            sizes: dict[str, int] = defaultdict(int)

            def record(response, sizes=sizes) -> None:
                path = response.url.split("?")[0]
                if "/pagefind/" in path:
                    kind = ("Wortliste" if path.endswith("woerter.txt") else path.rsplit(".", 1)[-1]
                            if "." in path.rsplit("/", 1)[-1] else "?")
                    sizes[kind] += len(response.body())

            page.on("response", record)
            page.goto(f"{base}/suche/?q={quote(word)}")
            page.wait_for_function(SETTLED_JS, timeout=60_000)
            page.wait_for_timeout(500)
            found = len(page.evaluate(RESULTS_JS))
            total = sum(sizes.values())
            first = sum(n for k, n in sizes.items() if k in ("json", "pf_meta", "pagefind", "pf_index"))
            parts = ", ".join(f"{k} {n / 1024:.0f} KB" for k, n in sorted(sizes.items()))
            print(f"{word!r}: {found} Treffer gezeigt; erste Suche (Einstieg, WebAssembly, Meta, Wortindex; wie "
                  f"bench/build.py) {first / 1024:.0f} KB, mit Pagefinds JS {(first + sizes['js']) / 1024:.0f} KB; "
                  f"alles {total / 1024:.0f} KB ({parts}); "
                  f"Wortliste {'geladen' if 'Wortliste' in sizes else 'nicht geladen'}")
            page.close()
        browser.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "search_eval")
    parser.add_argument("--queries", default="queries.yml",
                        help="the query file in the set (queries_holdout.yml: written without seeing the thesaurus)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--payload", type=Path, metavar="SITE",
                        help="only measure what a first search loads on this built site")
    parser.add_argument("--words", nargs="+", default=["Bauantrag", "Digitalisirung", "Bürgerbeteiligung"],
                        help="queries for --payload")
    args = parser.parse_args(argv)
    if args.payload:
        return payload(args.payload, args.words)

    queries = yaml.safe_load((args.set / args.queries).read_text(encoding="utf-8"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="pb-suche-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        ours_site, stock_site = build(args.set / "cases", work)
        from playwright.sync_api import sync_playwright

        texts = [str(q["q"]) for q in queries]
        with sync_playwright() as p, serve(stock_site) as stock_url, serve(ours_site) as ours_url:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            stock_found = run_stock(page, stock_url, texts)
            started = time.perf_counter()
            ours_found = run_ours(page, ours_url, texts)
            per_query = (time.perf_counter() - started) / max(1, len(texts))
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    rows: dict[str, dict[str, list[tuple[int, float]]]] = {"stock": defaultdict(list), "ours": defaultdict(list)}
    misses = []
    for query, stock, ours in zip(queries, stock_found, ours_found):
        expect = [str(e) for e in query["expect"]]
        for name, found in (("stock", stock), ("ours", ours)):
            result = score(found, expect)
            rows[name][query["kind"]].append(result)
            rows[name]["gesamt"].append(result)
        if not score(ours, expect)[0]:
            misses.append(f"  {query['kind']:<14} {query['q']!r}: erwartet {expect}, "
                          f"gefunden {[case_id(u) for u in ours[:5]]}")

    print(f"{len(queries)} Anfragen, {len(set(e for q in queries for e in q['expect']))} erwartete Fälle; "
          f"unsere Suche {per_query * 1000:.0f} ms je Anfrage (Seite laden bis Ergebnis)")
    print("\n".join(table(rows)))
    if args.show_misses and misses:
        print("Verfehlt (unsere Suche):")
        print("\n".join(misses))

    def mean_hit(values):
        return sum(h for h, _ in values) / len(values) if values else 0.0

    overall = mean_hit(rows["ours"]["gesamt"])
    weakest = min((mean_hit(rows["ours"][k]), k) for k in KINDS if rows["ours"][k])
    met = overall >= TARGET_OVERALL and weakest[0] >= TARGET_KIND
    print(f"Ziel (hit@3 ≥ {TARGET_OVERALL} gesamt, ≥ {TARGET_KIND} je Art): {'erreicht' if met else 'verfehlt'} "
          f"(gesamt {overall:.2f}, schwächste Art {weakest[1]} {weakest[0]:.2f})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
