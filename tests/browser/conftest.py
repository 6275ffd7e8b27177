"""Fixtures for the browser tests: the shipped cases built once, served on 127.0.0.1, Debian's Chromium.

The site is built from ``cases/`` into a temporary folder (never into ``site/``) and served by a
``ThreadingHTTPServer`` in a daemon thread. Every page a test opens through ``open_page`` (or the
``page`` fixture) records its requests, console errors and page errors; after the test, the
fixture fails if a request went to any host but 127.0.0.1 or if anything was logged as an error.
Requests to other hosts are also aborted, so that a stray one can't make a test hang.

Chromium is Debian's ``/usr/bin/chromium``; ``playwright install`` is never used. Without it the
tests are skipped on a workstation and fail in CI (environment variable ``CI`` set).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "cases"
VOCAB = REPO / "generator" / "vocab"
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
HOST = "127.0.0.1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 10_000
OTHER_HOST = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1[:/]|data:|blob:|about:)")


def missing(what: str) -> None:
    """Skip on a workstation, fail in CI: there the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} — in CI the browser tests must run, not be skipped "
                    "(scripts/test.sh installs Debian's chromium and axe-core).", pytrace=False)
    pytest.skip(what)


# --- the cases, read from the files -------------------------------------------------------------

@dataclass(frozen=True)
class CaseFile:
    path: Path
    data: dict[str, Any]
    text: str

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def org(self) -> dict[str, Any]:
        return self.data["organisation"]

    @property
    def state(self) -> str:
        """The ``land`` facet value: the state code in Germany, ``ausland`` elsewhere."""
        return self.org["state"] if self.org.get("country") == "DE" else "ausland"

    @property
    def withdrawn(self) -> bool:
        return "withdrawn" in self.data


@dataclass
class Cases:
    all: list[CaseFile]
    topics: dict[str, str] = field(default_factory=dict)   # slug -> German label
    states: dict[str, str] = field(default_factory=dict)   # code -> German label

    @property
    def active(self) -> list[CaseFile]:
        return [c for c in self.all if not c.withdrawn]

    def get(self, case_id: str) -> CaseFile:
        for case in self.all:
            if case.id == case_id:
                return case
        raise KeyError(case_id)


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---"), f"{path}: no front-matter"
    _, head, body = text.split("---", 2)
    return yaml.safe_load(head), text


def read_cases(folder: Path = CASES) -> Cases:
    found = []
    for root, dirs, files in os.walk(folder):   # same rule as the loader: skip _x and .x
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith(("_", ".")):
                path = Path(root) / name
                data, text = _front_matter(path)
                found.append(CaseFile(path, data, text))
    topics = yaml.safe_load((VOCAB / "topics.yml").read_text(encoding="utf-8"))
    states = {code: entry["label"] for code, entry in
              yaml.safe_load((VOCAB / "states.yml").read_text(encoding="utf-8")).items()}
    return Cases(found, topics, states)


@pytest.fixture(scope="session")
def cases() -> Cases:
    result = read_cases()
    assert result.active, "no shipped cases found in cases/"
    return result


# --- the site -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"building the shipped cases failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    assert (out / "index.html").is_file() and (out / "pagefind").is_dir(), f"incomplete site in {out}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 (a free port) while the block runs: its base URL."""
    server = ThreadingHTTPServer((HOST, 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"server-{folder.name}", daemon=True).start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_site(out: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    """``python -m generator build --out OUT ARGS`` in the repository; fails the test with its messages."""
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out), *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        pytest.fail(f"build {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


# --- the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium); never use `playwright install`")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        missing(f"{AXE} is missing (npm ci)")
    return AXE


AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    html: v.nodes.slice(0, 1).map(n => n.html.slice(0, 200))}));
}"""


def assert_axe_clean(page: Any, axe_script: Path, what: str = "") -> None:
    """axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation on the page as it is now."""
    page.add_script_tag(path=str(axe_script))
    outcome = page.evaluate(AXE_RUN)
    assert not outcome, f"axe violations on {page.url}{what}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}, {v['count']} nodes): {v['help']}; e.g. {v['targets']} {v['html']}"
        for v in outcome)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == HOST


@dataclass
class Recorder:
    """What one page did: every request, console errors and uncaught exceptions."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        self._page = page

    def _console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = f"{location.get('url', '')}:{location.get('lineNumber', '')}"
            self.console_errors.append(f"{self._page.url}: {message.text} (at {where})")

    def problems(self) -> list[str]:
        out = [f"request to another host: {url}" for url in self.requests if not is_local(url)]
        out += [f"console error: {text}" for text in self.console_errors]
        out += [f"page error: {text}" for text in self.page_errors]
        return out


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.route(OTHER_HOST, lambda route: route.abort())   # a regex is matched in the driver, a callable per request
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def open_page(context: Any, base_url: str) -> Iterator[Callable[[], Any]]:
    """A factory for recorded pages; after the test, none may have talked to another host or logged an error."""
    recorders: list[Recorder] = []

    def new_page() -> Any:
        page = context.new_page()
        recorder = Recorder()
        recorder.attach(page)
        recorders.append(recorder)
        return page

    yield new_page
    problems = [problem for recorder in recorders for problem in recorder.problems()]
    assert not problems, "the site did something it must not:\n" + "\n".join(problems)


@pytest.fixture
def page(open_page: Callable[[], Any]) -> Any:
    return open_page()


SCREENSHOTS_ENV = "PRAXISBOERSE_SCREENSHOTS"


def screenshot(page: Any, name: str, folder: Path, **options: Any) -> Path:
    """A PNG of the page as the test sees it: into ``$PRAXISBOERSE_SCREENSHOTS`` if set (that is how the
    pictures in docs/assets/mitmachen/ are made: ``PRAXISBOERSE_SCREENSHOTS=docs/assets/mitmachen pytest
    tests/browser``), else into ``folder`` (a test's temporary folder)."""
    target = Path(os.environ.get(SCREENSHOTS_ENV) or folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    page.screenshot(path=str(path), **options)
    assert path.stat().st_size > 1000, f"empty screenshot {path}"
    return path
