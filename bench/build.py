"""Benchmark of the site build, ``python -m generator build`` (not a test).

For demo catalogues of 1,000 and 10,000 cases (``--sizes``) it measures, every
measurement in a fresh Python process started from here, with the repository
as the project (working folder = repository root, so its mkdocs.yml applies):

1. Clean full build (``build.build(..., clean=True)``): wall time of the
   process and of each stage (``build.STAGES``); memory, sampled every 50 ms
   from this process in /proc: RSS of the build process, summed RSS of its
   descendants (MkDocs helper processes, Pagefind) and the sum of both, the
   "whole build peak" (PSS, which counts pages shared after a fork once, is
   shown beside it). Also the exact maxima the kernel keeps (max RSS of the
   build process, of its largest child) and the CPU time of the whole tree,
   which is less disturbed by other load on the machine than wall time.
2. Floor: a bare ``mkdocs build`` (Material, ``plugins: []``) of the case
   texts only: one page per case with title, summary, problem, solution and
   body, not in the navigation. Ratio = clean build / floor.
3. Stock Material with its built-in (lunr) search, ``lang: de``, of the same
   texts: the clean build should not be slower at 10,000 cases.
4. Incremental builds into the same output with the default cache: once with
   no change, then three times after appending a sentence to one case's body
   (a different case each time; the new sentence must reach the page); the
   median, per stage and as a fraction of the clean build.
5. Output size, case page HTML size (max, median), and the first-search
   payload in Debian's Chromium: every response under /pagefind/ (also when
   the bundle is split into several folders) while /suche/?q=WORD loads its
   first results, by kind of file; entry + wasm + meta + index chunks is the
   target's measure.
6. A summary table in Markdown.

    python bench/build.py [--sizes 1000 10000] [--repeat 3] [--no-browser] [--keep DIR]

Times are wall-clock times of whole processes (start, imports and all), the
same for our build and the two MkDocs builds; with ``--repeat N`` the best of N
(for clean build, floor and stock build, run interleaved). The load average at
the start of each run is printed, as other work on the machine slows it down;
CPU times (user + system of the whole process tree) are printed beside the wall
times, as they depend much less on that load.

The builds run a copy of ``generator/`` made at the start (``--live-code``: the
checkout itself), so that edits in the checkout during a long run change
neither the code measured nor the build's fingerprint (a changed fingerprint
turns an incremental build into a full one; such a run is detected and
measured again). Project settings, pages and templates are the repository's.

Targets: clean build at most 2.0x the floor (1,000 and 10,000) and not slower
than stock Material with search (10,000); whole build peak under 2 GB (10,000);
incremental build at most 10 % of the clean build and 3 s (1,000); a case page
under 60 KB; first-search payload under 300 KB (10,000).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
SAMPLE_SECONDS = 0.05
MAX_ATTEMPTS = 3  # of an incremental build that turned out a full one
WORK_MARKER = ".bench-build"  # a work folder this script made (and may empty again with --keep)
TARGETS = {"ratio": 2.0, "peak_mb": 2048, "incremental_share": 0.10, "incremental_seconds": 3.0,
           "page_kb": 60, "search_kb": 300}
APPLIES = {"ratio": (1000, 10000), "stock": (10000,), "incremental": (1000,), "peak": (10000,),
           "search": (10000,)}  # the catalogue sizes a target is stated for; a case page's size: every size


def applies(target: str, size: int) -> bool:
    return size in APPLIES[target]


# --- the measured processes (run with --child) ----------------------------------------------------

def child_prepare(spec: dict) -> None:
    """Write the demo cases, then the floor's docs (case texts only) and a manifest of the cases."""
    from generator import demo
    from generator.catalog import check

    cases, docs = Path(spec["cases"]), Path(spec["docs"])
    demo.write(spec["count"], cases, seed=spec["seed"])
    catalog = check(cases).catalog
    (docs / "faelle").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Fälle\n\nDie Fallseiten stehen nicht in der Navigation.\n", encoding="utf-8")
    manifest = []
    for case in catalog.cases:
        parts = [f"# {case.title}", case.data.get("summary", ""),
                 "## Ausgangslage", case.data.get("problem", ""),
                 "## Lösung", case.data.get("solution", ""), case.body]
        text = "\n\n".join(str(p).strip() for p in parts if str(p).strip()) + "\n"
        (docs / "faelle" / f"{case.id}.md").write_text(text, encoding="utf-8")
        manifest.append({"id": case.id, "path": str(case.path.resolve()), "withdrawn": case.withdrawn})
    Path(spec["result"]).write_text(json.dumps({"cases": manifest, "invalid": spec["count"] - len(manifest)}),
                                    encoding="utf-8")


def child_build(spec: dict) -> None:
    """Run the build as ``python -m generator build`` does; write the stage boundaries (monotonic clock,
    the same in every process) and the kernel's memory maxima to the result file."""
    started = time.monotonic()
    from generator import build as build_module

    if spec["no_search"]:
        from generator import search

        search.index = lambda documents, site, cache=None: len(documents)

    stages: list[dict] = []

    def cpu_seconds() -> float:
        """User + system time of this process and of its children that ended (a stage waits for its own)."""
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    class Recorder(build_module.Progress):
        @contextmanager
        def stage(self, label):  # type: ignore[override]
            start, cpu = time.monotonic(), cpu_seconds()
            with super().stage(label) as progress:
                yield progress
            stages.append({
                "label": label, "start": start, "end": time.monotonic(), "detail": self.detail,
                "cpu": cpu_seconds() - cpu,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            })

    def fingerprint() -> str | None:  # of the last complete build, as the build's cache keeps it
        try:
            state = json.loads((build_module.cache_dir(Path(spec["out"])) / "state.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return state.get("fingerprint") if isinstance(state, dict) else None

    before = fingerprint()
    imported = time.monotonic()
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        try:
            build_module.build(Path(spec["cases"]), Path(spec["out"]), clean=spec["clean"],
                               progress=Recorder(stream=devnull, live=False))
        except build_module.BuildError as exc:
            print(f"BuildError: {exc}", file=sys.stderr)
            sys.exit(1)
    Path(spec["result"]).write_text(json.dumps({
        "package": str(Path(build_module.__file__).parent),
        "started": started, "imported": imported, "finished": time.monotonic(), "stages": stages,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        # an incremental build that had to start over: the package, templates or settings changed
        "full_rebuild": not spec["clean"] and (before is None or before != fingerprint()),
    }), encoding="utf-8")


CHILDREN = {"prepare": child_prepare, "build": child_build}


def snapshot(target: Path) -> Path:
    """A copy of the package, so that edits in the checkout during a long run change neither the code
    measured nor the build's fingerprint (which would turn an incremental build into a full one)."""
    import compileall

    shutil.copytree(ROOT / "generator", target / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compileall.compile_dir(target / "generator", quiet=1)  # as the checkout's own, already compiled
    return target


# --- running and watching a child process ---------------------------------------------------------

def _children_of() -> dict[int, list[int]]:
    """Parent pid → child pids of every process (/proc/<pid>/task/*/children is often not there)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split(None, 2)[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def _descendants(root: int) -> list[int]:
    children = _children_of()
    found, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), ()):
            found.append(pid)
            todo.append(pid)
    return found


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in bytes; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            text = handle.read()
    except OSError:
        text = b""
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith(b"Rss:"):
            rss = int(line.split()[1]) * 1024
        elif line.startswith(b"Pss:"):
            pss = int(line.split()[1]) * 1024
    if not text:  # no smaps_rollup (old kernel, or gone): RSS only
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss = pss = int(handle.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return rss, pss


@dataclass
class Sample:
    t: float
    rss: int       # the process started from here
    kids_rss: int  # sum over its descendants
    pss: int
    kids_pss: int

    @property
    def total(self) -> int:
        return self.rss + self.kids_rss

    @property
    def total_pss(self) -> int:
        return self.pss + self.kids_pss


class Sampler(threading.Thread):
    """Memory of a process tree every SAMPLE_SECONDS, until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[Sample] = []
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            t = time.monotonic()
            rss, pss = _memory(self.pid)
            kids = [_memory(pid) for pid in _descendants(self.pid)]
            self.samples.append(Sample(t, rss, sum(k[0] for k in kids), pss, sum(k[1] for k in kids)))
            if self._done.wait(max(0.0, SAMPLE_SECONDS - (time.monotonic() - t))):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Run:
    """One measured process."""

    wall: float
    cpu: float        # user + system seconds of the process and every descendant it waited for
    maxrss_mb: float  # the kernel's max RSS of the process tree's largest process
    load: float       # 1-minute load average at the start
    samples: list[Sample]
    start: float
    result: dict = field(default_factory=dict)

    def peak(self, start: float | None = None, end: float | None = None) -> Sample | None:
        """Samples' maxima (each field on its own) within [start, end]."""
        chosen = [s for s in self.samples if (start is None or s.t >= start) and (end is None or s.t <= end)]
        if not chosen:
            return None
        return Sample(0.0, max(s.rss for s in chosen), max(s.kids_rss for s in chosen),
                      max(s.pss for s in chosen), max(s.kids_pss for s in chosen))

    def whole_peak(self) -> tuple[float, float]:
        """(sum of RSS, sum of PSS) over the tree at its highest sample, in MB."""
        if not self.samples:
            return 0.0, 0.0
        return (max(s.total for s in self.samples) / MB, max(s.total_pss for s in self.samples) / MB)


class BenchError(Exception):
    pass


def measure(argv: list[str], cwd: Path, what: str, result: Path | None = None) -> Run:
    """Run ``argv`` in a fresh process and watch it; raise BenchError if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load = os.getloadavg()[0]
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            out.seek(0)
            tail = (out.read().decode("utf-8", "replace") + err.read().decode("utf-8", "replace"))[-4000:]
            raise BenchError(f"{what} failed (exit code {proc.returncode}):\n{tail}")
    data = json.loads(result.read_text(encoding="utf-8")) if result else {}
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mb=usage.ru_maxrss / 1024, load=load,
               samples=sampler.samples, start=start, result=data)


CODE: Path | None = None  # the package's snapshot the children run, if any (see --live-code)


def run_child(kind: str, spec: dict, work: Path, cwd: Path = ROOT) -> Run:
    result = work / f"result-{kind}.json"
    result.unlink(missing_ok=True)
    spec = {**spec, "result": str(result), "code": str(CODE) if CODE else None}
    return measure([sys.executable, str(Path(__file__).resolve()), "--child", kind, json.dumps(spec)],
                   cwd, kind, result)


# --- the plain MkDocs builds to compare with ---------------------------------------------------------

def write_mkdocs_config(folder: Path, docs: Path, search: bool) -> Path:
    """A bare Material site of the case texts: one page in the navigation, the case pages outside it."""
    import yaml

    config = {
        "site_name": "Vergleich",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "de", "font": False},
        "plugins": [{"search": {"lang": "de"}}] if search else [],
        "nav": [{"Start": "index.md"}],
        "not_in_nav": "/faelle/\n",
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_mkdocs(config: Path) -> Run:
    shutil.rmtree(config.parent / "site", ignore_errors=True)
    return measure([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)],
                   config.parent, f"mkdocs build -f {config}")


# --- the first search in a browser --------------------------------------------------------------------

def classify(name: str) -> tuple[str, str]:
    """(bundle folder, kind) of a file below /pagefind/, e.g. 'de/index/en_1a2b.pf_index' → ('de', 'chunks')."""
    parts = name.split("/")
    folders, base = parts[:-1], parts[-1]
    kinds = {"fragment": "fragments", "filter": "filters", "index": "chunks"}
    for i, folder in enumerate(folders):
        if folder in kinds:
            return "/".join(folders[:i]), kinds[folder]
    bundle = "/".join(folders)
    if base.endswith(".pf_fragment"):
        return bundle, "fragments"
    if base.endswith(".pf_filter"):
        return bundle, "filters"
    if base.endswith(".pf_index"):
        return bundle, "chunks"
    if base.endswith(".pf_meta"):
        return bundle, "meta"
    if base.startswith("wasm."):
        return bundle, "wasm"
    if base == "pagefind-entry.json":
        return bundle, "entry"
    if base.endswith(".json"):  # e.g. our list of the bundles (shards), also loaded before the first search
        return bundle, "manifest"
    return bundle, "js"


CORE = ("entry", "manifest", "wasm", "meta", "chunks")


def first_search(site: Path, word: str, timeout_s: float = 120) -> dict:
    """Bytes of every /pagefind/ response while /suche/?q=WORD shows its first results, by kind and bundle."""
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    errors: list[str] = []
    results = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                page = browser.new_page()

                def record(response):
                    path = response.url.split("?", 1)[0].split("#", 1)[0]
                    if "/pagefind/" in path:
                        try:
                            sizes[path.split("/pagefind/", 1)[1]] = len(response.body())
                        except Exception as exc:  # e.g. a redirect has no body
                            errors.append(f"{path}: {exc}")

                page.on("response", record)
                page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
                page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
                page.goto(f"http://127.0.0.1:{server.server_port}/suche/?q={word}")
                try:
                    page.wait_for_selector("ol.pb-results li", timeout=timeout_s * 1000)
                except Exception as exc:
                    raise BenchError(f"no search results for '{word}' within {timeout_s:.0f} s ({exc}); "
                                     + "; ".join(errors[:5]))
                page.wait_for_load_state("networkidle")
                results = page.locator("ol.pb-results > li").count()
            finally:
                browser.close()
    finally:
        server.shutdown()
    kinds: dict[str, int] = {}
    bundles: dict[str, int] = {}
    counts: dict[str, int] = {}
    for name, size in sizes.items():
        bundle, kind = classify(name)
        kinds[kind] = kinds.get(kind, 0) + size
        counts[kind] = counts.get(kind, 0) + 1
        bundles[bundle or "."] = bundles.get(bundle or ".", 0) + size
    return {"kinds": kinds, "counts": counts, "bundles": bundles, "results": results,
            "core": sum(kinds.get(k, 0) for k in CORE)}


# --- reporting --------------------------------------------------------------------------------------

def du(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def runs_text(runs: list[Run]) -> str:
    return ", ".join(f"{r.wall:.1f} s (load {r.load:.1f})" for r in runs)


def stage_rows(run: Run) -> list[dict]:
    """Per stage of one build run: seconds and sampled peaks (MB) within the stage."""
    rows = []
    for stage in run.result["stages"]:
        peak = run.peak(stage["start"], stage["end"])
        rows.append({"label": stage["label"], "seconds": stage["end"] - stage["start"], "cpu": stage["cpu"],
                     "detail": stage.get("detail", ""),
                     "build_mb": peak.rss / MB if peak else None,
                     "kids_mb": peak.kids_rss / MB if peak else None,
                     "whole_mb": max((s.total for s in run.samples if stage["start"] <= s.t <= stage["end"]),
                                     default=0) / MB or None,
                     "maxrss_mb": stage["maxrss_mb"]})
    return rows


def print_build(title: str, runs: list[Run]) -> None:
    run = best(runs)
    print(f"\n{title}: {run.wall:.1f} s" + (f" (best of {len(runs)}: {runs_text(runs)})" if len(runs) > 1
                                             else f" (load {run.load:.1f})"))
    print(f"  {'stage':<28} {'seconds':>8} {'CPU s':>7} {'build MB':>9} {'child MB':>9} {'whole MB':>9}  what")
    for row in stage_rows(run):
        print(f"  {row['label']:<28} {row['seconds']:>8.2f} {row['cpu']:>7.2f} {mb(row['build_mb']):>9} "
              f"{mb(row['kids_mb']):>9} "
              f"{mb(row['whole_mb']):>9}  {row['detail']}")
    result = run.result
    outside = run.wall - sum(s["end"] - s["start"] for s in result["stages"])
    print(f"  {'outside stages':<28} {outside:>8.2f}  (interpreter start "
          f"{result['started'] - run.start:.2f} s, imports {result['imported'] - result['started']:.2f} s, "
          "set-up and exit)")
    print(f"  {'process (wall)':<28} {run.wall:>8.2f}  CPU {run.cpu:.1f} s (user + system, whole tree)")
    rss, pss = run.whole_peak()
    print(f"  peak memory: build process {result['maxrss_mb']:,.0f} MB, largest child "
          f"{result['children_maxrss_mb']:,.0f} MB (kernel maxima); whole build peak (sum of RSS over the "
          f"build process and its children, sampled every {SAMPLE_SECONDS * 1000:.0f} ms) {rss:,.0f} MB "
          f"(PSS {pss:,.0f} MB)")


def print_plain(title: str, runs: list[Run]) -> None:
    run = best(runs)
    rss, _ = run.whole_peak()
    print(f"{title}: {run.wall:.1f} s, CPU {run.cpu:.1f} s, peak {max(rss, run.maxrss_mb):,.0f} MB"
          + (f" (best of {len(runs)}: {runs_text(runs)})" if len(runs) > 1 else f" (load {run.load:.1f})"))


def edit_case(path: Path, number: int) -> str:
    """Append a sentence to the case's body (the file ends with the body); return the sentence's mark."""
    mark = f"Nachtrag zur Messung {number}"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n{mark}: Das Verfahren wurde erneut geprüft.\n", encoding="utf-8")
    return mark


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + local changes" if dirty else "")


# --- one catalogue size --------------------------------------------------------------------------------

def bench_size(size: int, work: Path, args: argparse.Namespace) -> dict:
    print(f"\n== {size:,} cases (seed {args.seed}) ==  work folder {work}", flush=True)
    cases, out, docs = work / "cases", work / "site", work / "floor-docs"
    prepared = run_child("prepare", {"count": size, "seed": args.seed, "cases": str(cases), "docs": str(docs)},
                         work)
    manifest = prepared.result["cases"]
    print(f"demo catalogue written and read ({prepared.wall:.1f} s, not measured): {len(manifest):,} valid cases"
          + (f", {prepared.result['invalid']} invalid" if prepared.result["invalid"] else ""), flush=True)
    floor_config = write_mkdocs_config(work / "floor", docs, search=False)
    stock_config = write_mkdocs_config(work / "stock", docs, search=True)
    build_spec = {"cases": str(cases), "out": str(out), "no_search": args.no_search}

    clean_runs: list[Run] = []
    floor_runs: list[Run] = []
    stock_runs: list[Run] = []
    for number in range(args.repeat):  # interleaved, so that a slow phase of the machine hits all three
        tag = f" (run {number + 1} of {args.repeat})" if args.repeat > 1 else ""
        floor_runs.append(run_mkdocs(floor_config))
        print(f"floor{tag}: {floor_runs[-1].wall:.1f} s", flush=True)
        stock_runs.append(run_mkdocs(stock_config))
        print(f"stock Material + search{tag}: {stock_runs[-1].wall:.1f} s", flush=True)
        clean_runs.append(run_child("build", {**build_spec, "clean": True}, work))
        if CODE and not Path(clean_runs[-1].result["package"]).is_relative_to(CODE):
            raise BenchError(f"the build ran {clean_runs[-1].result['package']}, not the copy in {CODE}")
        print(f"clean build{tag}: {clean_runs[-1].wall:.1f} s", flush=True)

    def incremental_build(what: str, case: dict | None = None) -> Run:
        """A build with the cache; again if it had to start over because the package, templates or
        settings changed meanwhile (other work in the checkout): that measures a clean build."""
        for _ in range(MAX_ATTEMPTS):
            mark = edit_case(Path(case["path"]), next(edit_numbers)) if case else None
            run = run_child("build", {**build_spec, "clean": False}, work)
            if mark and mark not in (out / "faelle" / case["id"] / "index.html").read_text(encoding="utf-8"):
                raise BenchError(f"the incremental build did not update the page of {case['id']}")
            if not run.result["full_rebuild"]:
                print(f"{what}: {run.wall:.1f} s", flush=True)
                return run
            print(f"{what}: {run.wall:.1f} s, but a full rebuild: the build's fingerprint (package files, "
                  f"templates, settings) changed during the benchmark; measuring again", flush=True)
        raise BenchError(f"{what}: every build was a full rebuild; is someone editing the package?")

    edit_numbers = itertools.count(1)
    unchanged = incremental_build("no-change rebuild")
    shown = [case for case in manifest if not case["withdrawn"]]  # a withdrawn case's page has no body
    edits = [incremental_build(f"edit {number} ({shown[index]['id']})", shown[index])
             for number, index in enumerate((len(shown) // 4, len(shown) // 2, 3 * len(shown) // 4), start=1)]

    # --- report ---
    clean, floor, stock = best(clean_runs), best(floor_runs), best(stock_runs)
    print(f"\n-- {size:,} cases: results --")
    print_build("Clean full build", clean_runs)
    peak_rss = max(r.whole_peak()[0] for r in clean_runs)
    print(f"  whole build peak{f' (highest of {len(clean_runs)} runs)' if len(clean_runs) > 1 else ''}: "
          f"{peak_rss:,.0f} MB"
          + (f"  (target < {TARGETS['peak_mb']:,} MB at 10,000: {verdict(peak_rss < TARGETS['peak_mb'])})"
             if applies("peak", size) else ""))

    print()
    print_plain("Floor: bare mkdocs build, Material, no search", floor_runs)
    ratio = clean.wall / floor.wall
    print(f"ratio clean build / floor: {ratio:.2f}x (CPU time: {clean.cpu / floor.cpu:.2f}x)"
          + (f"  target <= {TARGETS['ratio']:.1f}x: {verdict(ratio <= TARGETS['ratio'])}"
             if applies("ratio", size) else ""))
    print_plain("Stock Material with its search (lunr, lang de)", stock_runs)
    faster = clean.wall <= stock.wall
    print(f"clean build {clean.wall:.1f} s vs stock Material + search {stock.wall:.1f} s: "
          f"{'not slower' if faster else 'SLOWER'} ({clean.wall / stock.wall:.2f}x)"
          + (f"  target: not slower: {verdict(faster)}" if applies("stock", size) else ""))

    print(f"\nNo-change rebuild: {unchanged.wall:.1f} s ({unchanged.wall / clean.wall:.0%} of the clean build, "
          f"CPU {unchanged.cpu:.1f} s)"
          f"; stages: " + ", ".join(f"{r['label']} {r['seconds']:.2f}" for r in stage_rows(unchanged)))
    print("Incremental build after editing one case (3 cases; median):")
    per_run = [stage_rows(r) for r in edits]
    print(f"  {'stage':<28} " + " ".join(f"{'edit ' + str(i + 1):>8}" for i in range(len(edits)))
          + f" {'median':>8}")
    for i, row in enumerate(per_run[0]):
        values = [rows[i]["seconds"] for rows in per_run]
        print(f"  {row['label']:<28} " + " ".join(f"{v:>8.2f}" for v in values)
              + f" {statistics.median(values):>8.2f}")
    walls = [r.wall for r in edits]
    incremental = statistics.median(walls)
    print(f"  {'process (wall)':<28} " + " ".join(f"{v:>8.2f}" for v in walls) + f" {incremental:>8.2f}")
    cpus = [r.cpu for r in edits]
    print(f"  {'process (CPU, whole tree)':<28} " + " ".join(f"{v:>8.2f}" for v in cpus)
          + f" {statistics.median(cpus):>8.2f}")
    share = incremental / clean.wall
    print(f"  median {incremental:.1f} s = {share:.1%} of the clean build; peak "
          f"{max(r.whole_peak()[0] for r in edits):,.0f} MB"
          + (f"  targets <= {TARGETS['incremental_share']:.0%}: {verdict(share <= TARGETS['incremental_share'])}, "
             f"<= {TARGETS['incremental_seconds']:.0f} s: {verdict(incremental <= TARGETS['incremental_seconds'])}"
             if applies("incremental", size) else ""))

    total, files = du(out)
    pages = sorted(page.stat().st_size for page in (out / "faelle" / case["id"] / "index.html" for case in manifest)
                   if page.is_file())  # the case pages, not the redirects from former addresses
    bundle = du(out / "pagefind")[0] if (out / "pagefind").is_dir() else 0
    page_max = pages[-1] / 1024 if pages else 0.0
    print(f"\nOutput: {total / 1e6:,.1f} MB in {files:,} files (Pagefind bundle {bundle / 1e6:,.1f} MB); "
          f"case pages: {len(pages):,}, HTML max {page_max:.1f} KB, median "
          f"{statistics.median(pages) / 1024 if pages else 0:.1f} KB  (target < {TARGETS['page_kb']} KB: "
          f"{verdict(page_max < TARGETS['page_kb'])})")
    floor_total = du(floor_config.parent / "site")[0]
    stock_total = du(stock_config.parent / "site")[0]
    print(f"(floor output {floor_total / 1e6:,.1f} MB, stock output {stock_total / 1e6:,.1f} MB)")

    search = None
    if args.no_browser or args.no_search:
        print("First search: skipped" + (" (--no-search: no bundle)" if args.no_search else ""))
    else:
        try:
            search = first_search(out, args.word)
        except BenchError as exc:
            print(f"First search: failed: {exc}")
    if search:
        core = search["core"] / 1024
        parts = ", ".join(f"{k} {v / 1024:.0f} KB ({search['counts'][k]} files)"
                          for k, v in sorted(search["kinds"].items()))
        print(f"First search for '{args.word}' ({search['results']} results shown): {core:.0f} KB entry + wasm + "
              f"meta + index chunks" + (f"  (target < {TARGETS['search_kb']} KB at 10,000: "
                                        f"{verdict(core < TARGETS['search_kb'])})" if applies("search", size) else ""))
        print(f"  all of /pagefind/: {parts}")
        if len(search["bundles"]) > 1:
            print("  by bundle folder: " + ", ".join(f"/pagefind/{'' if b == '.' else b + '/'} {v / 1024:.0f} KB"
                                                     for b, v in sorted(search["bundles"].items())))
        print("  (besides the core, the page loads Pagefind's JS, the filters for its facet counts and the "
              "fragments of the results shown)")
    return {"size": size, "clean": clean.wall, "floor": floor.wall, "ratio": ratio, "stock": stock.wall,
            "incremental": incremental, "share": share, "peak_mb": peak_rss,
            "search_kb": search["core"] / 1024 if search else None, "page_kb": page_max,
            "cpu": (clean.cpu, floor.cpu, stock.cpu, statistics.median(r.cpu for r in edits)),
            "unchanged": unchanged.wall}


def summary(rows: list[dict], args: argparse.Namespace) -> None:
    print("\n## Build benchmark (bench/build.py)\n")
    print(f"{time.strftime('%Y-%m-%d')}, commit {args.code_state}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f} at the end; best of {args.repeat} for clean build, floor and stock; "
          "wall time of whole processes"
          + ("; **search stage replaced by a no-op (--no-search)**" if args.no_search else "") + ".\n")
    print("| cases | clean build | floor | ratio | stock Material + search | incremental (median) "
          "| incremental / clean | whole-build peak RSS | first search |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['size']:,} | failed: {r['error']} | | | | | | | |")
            continue
        first = "–" if r["search_kb"] is None else f"{r['search_kb']:.0f} KB"
        print(f"| {r['size']:,} | {r['clean']:.1f} s | {r['floor']:.1f} s | {r['ratio']:.2f}× | {r['stock']:.1f} s "
              f"| {r['incremental']:.1f} s | {r['share']:.1%} | {r['peak_mb']:,.0f} MB | {first} |")
    ok = [r for r in rows if "error" not in r]
    for r in ok:
        missed = []
        if applies("ratio", r["size"]) and r["ratio"] > TARGETS["ratio"]:
            missed.append(f"ratio {r['ratio']:.2f}× > {TARGETS['ratio']:.1f}×")
        if applies("stock", r["size"]) and r["clean"] > r["stock"]:
            missed.append("slower than stock Material + search")
        if applies("incremental", r["size"]) and r["share"] > TARGETS["incremental_share"]:
            missed.append(f"incremental {r['share']:.0%} of clean > {TARGETS['incremental_share']:.0%}")
        if applies("incremental", r["size"]) and r["incremental"] > TARGETS["incremental_seconds"]:
            missed.append(f"incremental {r['incremental']:.1f} s > {TARGETS['incremental_seconds']:.0f} s")
        if applies("peak", r["size"]) and r["peak_mb"] >= TARGETS["peak_mb"]:
            missed.append(f"peak {r['peak_mb']:,.0f} MB ≥ 2 GB")
        if applies("search", r["size"]) and r["search_kb"] is not None and r["search_kb"] >= TARGETS["search_kb"]:
            missed.append(f"first search {r['search_kb']:.0f} KB ≥ {TARGETS['search_kb']} KB")
        if r["page_kb"] >= TARGETS["page_kb"]:
            missed.append(f"case page {r['page_kb']:.0f} KB ≥ {TARGETS['page_kb']} KB")
        print(f"\n{r['size']:,} cases, targets missed: {'; '.join(missed) if missed else 'none'}.", end="")
    print()
    if ok:
        print("\nCPU time (user + system, whole process tree), less disturbed by other load than wall time: "
              + "; ".join(f"{r['size']:,}: clean {r['cpu'][0]:.1f} s, floor {r['cpu'][1]:.1f} s "
                          f"({r['cpu'][0] / r['cpu'][1]:.2f}×), stock {r['cpu'][2]:.1f} s, incremental "
                          f"{r['cpu'][3]:.1f} s ({r['cpu'][3] / r['cpu'][0]:.0%})" for r in ok) + ".")
    print(f"\nTargets: ratio ≤ {TARGETS['ratio']:.1f}× (1,000 and 10,000); clean build not slower than stock "
          f"Material + search (10,000); incremental ≤ {TARGETS['incremental_share']:.0%} and "
          f"≤ {TARGETS['incremental_seconds']:.0f} s (1,000); peak < 2 GB (10,000); first search "
          f"(entry + wasm + meta + index chunks) < {TARGETS['search_kb']} KB (10,000); case page < "
          f"{TARGETS['page_kb']} KB.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--word", default="Bauantrag", help="the query of the first search (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N for clean build, floor and stock build")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo catalogue (default: %(default)s)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first search in Chromium")
    parser.add_argument("--no-search", action="store_true",
                        help="replace the search stage by a no-op (for experiments while it does not work)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep it (one folder per size)")
    parser.add_argument("--live-code", action="store_true",
                        help="run the checkout's package as it is at each moment, not a copy made at the start")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child[1])
        if spec.get("code"):
            sys.path.insert(0, spec["code"])
        CHILDREN[args.child[0]](spec)
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    global CODE
    code_folder = None
    if not args.live_code:
        code_folder = Path(tempfile.mkdtemp(prefix="bench-build-code-"))
        CODE = snapshot(code_folder)
    args.code_state = git_state() + ("" if args.live_code else ", package copied at the start")
    print(f"Code: generator/ of {ROOT} (commit {args.code_state})"
          + (f", copied at the start to {code_folder}" if code_folder else ", live (--live-code)"), flush=True)
    rows = []
    try:
        for size in args.sizes:
            rows.append(bench_one(size, args))
    finally:
        if code_folder:
            shutil.rmtree(code_folder, ignore_errors=True)
    summary(rows, args)


def bench_one(size: int, args: argparse.Namespace) -> dict:
    """Measure one catalogue size in a work folder of its own; a row of the summary (or its error)."""
    if args.keep:
        work = args.keep.resolve() / str(size)
        if work.exists():
            if not (work / WORK_MARKER).exists():
                raise SystemExit(f"{work} exists and was not made by this script; choose another --keep folder")
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix=f"bench-build-{size}-"))
    (work / WORK_MARKER).touch()
    try:
        return bench_size(size, work, args)
    except BenchError as exc:
        print(f"\n{size:,} cases: {exc}", file=sys.stderr, flush=True)
        return {"size": size, "error": str(exc).splitlines()[0]}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
