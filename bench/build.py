"""Benchmark of ``python -m generator build`` (not a test).

For demo catalogues of 1,000 and 10,000 cases it prints, per stage, wall time
and peak memory (max RSS of the build process so far, and of Pagefind's own
process), the output size, the size of the largest case page, and the
first-search payload: the bytes of the Pagefind bundle a browser loads for a
one-word query on /suche/, by part (entry + wasm + meta + index chunks is the
target's measure; the page also loads Pagefind's JS, the filters for its facet
counts and the fragments of the results shown), measured in Debian's Chromium.
Peak memory is the max RSS of the build process and, separately, of its child
processes (the second MkDocs process and Pagefind).
As the floor, in the same run: a bare ``mkdocs build`` with Material and no
search of the same rendered Markdown.

    python bench/build.py [--sizes 1000 10000]

Targets at 10,000 cases: build at most 1.5x the floor, peak memory under 2 GB,
first-search payload under 300 KB, a case page's HTML under 60 KB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child_build(cases: Path, out: Path) -> None:
    """In a fresh process: run the build, print timings and peak memory per stage as JSON."""
    from generator import build as build_module

    from contextlib import contextmanager

    stages = []

    class Recorder(build_module.Progress):
        @contextmanager
        def stage(self, label):  # type: ignore[override]
            with super().stage(label) as progress:
                yield progress
            stages.append({
                "stage": label, "seconds": self.timings[label],
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            })

    start = time.perf_counter()
    build_module.build(cases, out, progress=Recorder(stream=open("/dev/null", "w"), live=False))
    print(json.dumps({"total": time.perf_counter() - start, "stages": stages}))


def child_floor(docs: Path, out: Path) -> None:
    """In a fresh process: a bare mkdocs build of the staged Markdown (Material, no search)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out))
    build(config)
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def stage_markdown(cases: Path, docs: Path) -> None:
    from generator import render, site
    from generator.catalog import check

    render.render(check(cases).catalog, docs, ROOT / "docs", config=site.read_config(), nonce="bench")


def first_search(site: Path, word: str) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102
            pass

    handler = partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()

            def record(response):
                if "/pagefind/" in response.url:
                    try:
                        sizes[response.url] = len(response.body())
                    except Exception:
                        pass
            page.on("response", record)
            page.goto(f"http://127.0.0.1:{server.server_port}/suche/?q={word}")
            page.wait_for_selector("ol.pb-results li", timeout=30000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    def kind(url: str) -> str:
        name = url.split("/pagefind/", 1)[1].split("?")[0]
        if name.startswith("fragment/"):
            return "fragments"
        if name.startswith("filter/"):
            return "filters"
        if name.startswith("index/"):
            return "chunks"
        if name.endswith(".pf_meta"):
            return "meta"
        if name.startswith("wasm."):
            return "wasm"
        if name.endswith(".json"):
            return "entry"
        return "js"

    parts: dict[str, int] = {}
    for url, size in sizes.items():
        parts[kind(url)] = parts.get(kind(url), 0) + size
    return parts


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--word", default="Bauantrag")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, a, b = args.child
        {"build": child_build, "floor": child_floor}[kind](Path(a), Path(b))
        return

    from generator import demo

    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
            work = Path(tmp)
            demo.write(size, work / "cases", seed=1)
            stage_markdown(work / "cases", work / "staged")
            floor = run_child("--child", "floor", str(work / "staged"), str(work / "floor-site"))
            shutil.rmtree(work / "floor-site")
            result = run_child("--child", "build", str(work / "cases"), str(work / "site"))
            site = work / "site"
            pages = [p.stat().st_size for p in (site / "faelle").glob("*/index.html")]
            search = first_search(site, args.word)
            print(f"\n== {size} cases ==")
            print(f"{'stage':<28} {'seconds':>8} {'build MB':>9} {'child MB':>9}  (child: MkDocs helper, Pagefind)")
            for stage in result["stages"]:
                print(f"{stage['stage']:<28} {stage['seconds']:>8.1f} {stage['peak_mb']:>9.0f} "
                      f"{stage['children_peak_mb']:>9.0f}")
            ratio = result["total"] / floor["seconds"]
            print(f"{'build total':<28} {result['total']:>8.1f}")
            print(f"{'floor: bare mkdocs build':<28} {floor['seconds']:>8.1f} {floor['peak_mb']:>9.0f}")
            print(f"ratio build/floor: {ratio:.2f}x")
            print(f"output: {du(site) / 1e6:.1f} MB in {sum(1 for _ in site.rglob('*'))} files; "
                  f"case page HTML: max {max(pages) / 1024:.1f} KB, median {sorted(pages)[len(pages) // 2] / 1024:.1f} KB")
            core = sum(search.get(k, 0) for k in ("entry", "wasm", "meta", "chunks"))
            print(f"first search for '{args.word}': {core / 1024:.0f} KB entry + wasm + meta + chunks "
                  f"({', '.join(f'{k} {v / 1024:.0f} KB' for k, v in sorted(search.items()))}; "
                  "the search page also loads the JS and the filters for its facet counts, and fragments "
                  "for the results shown)", flush=True)


if __name__ == "__main__":
    main()
