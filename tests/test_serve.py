"""``python -m generator serve``: served pages, the injected reload script, rebuilds on changes, the banner.

Most tests share one server (``generator.serve.DevServer`` in this process, on a free port) over a
temporary copy of the shipped cases, with this repository as the project (its mkdocs.yml, docs/,
templates/). Each test leaves the cases as it found them. Starting and ending the command itself
(``python -m generator serve``: port taken, Ctrl-C) runs in a subprocess.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from generator import serve
from generator.diagnostics import Problem
from generator.project import Project

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "cases"
CASE = "beispielburg-smart-parking"
CASE_URL = f"/faelle/{CASE}/"
BANNER = f'<div id="{serve.BANNER_ID}"'
WAIT = 20.0  # seconds a rebuild may take at most in a test (it takes about 0.5 s)


# --- helpers ---------------------------------------------------------------------------------------

class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(base: str, path: str, method: str = "GET") -> Response:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path)
        answer = connection.getresponse()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


def status(base: str) -> dict:
    return json.loads(get(base, serve.STATUS).text)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> float:
    """Poll until ``condition()``; return the seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - start


def settle(server: serve.DevServer) -> None:
    """Wait until every change made so far has been built."""
    time.sleep(serve.DEBOUNCE + 0.3)  # the file system's events arrive a moment after the write
    wait_for(lambda: server.builder.idle, "the builder is idle")


def heading(page: str) -> str:
    match = re.search(r"<h1[^>]*>([^<]*)", page)
    assert match, "no <h1> on the page"
    return match.group(1).strip()


def set_field(path: Path, key: str, value: str) -> None:
    """Replace the top-level front-matter line ``key: …`` (written at once, as an editor saves)."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)
    assert count == 1, f"no line '{key}:' in {path}"
    path.write_text(new, encoding="utf-8")


def line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    raise AssertionError(f"no line '{key}:' in {path}")


class Events:
    """A server-sent events client in a thread: every event's name arrives in ``names``."""

    def __init__(self, base: str, since: str) -> None:
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.connection.request("GET", f"{serve.EVENTS}?since={since}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self.names: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    self.names.put(line[len("event: "):])
        except (OSError, ValueError):
            pass

    def next(self, timeout: float = WAIT) -> str:
        return self.names.get(timeout=timeout)

    def close(self) -> None:
        self.connection.close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    shutil.copytree(CASES, root / "cases")
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[serve.DevServer]:
    log = io.StringIO()
    dev = serve.DevServer(workspace / "cases", workspace / "site", project=Project(PROJECT), port=0, stream=log)
    with dev:
        assert status(dev.url)["ok"], f"the first build failed:\n{log.getvalue()}"
        yield dev


@pytest.fixture
def case_file(server: serve.DevServer, workspace: Path) -> Iterator[Path]:
    """The case the test may edit; afterwards its text is restored and the site rebuilt from it."""
    path = workspace / "cases" / f"{CASE}.md"
    original = path.read_text(encoding="utf-8")
    yield path
    if path.read_text(encoding="utf-8") != original:
        path.write_text(original, encoding="utf-8")
        title = re.search(r"(?m)^title: (.*)$", original).group(1)
        wait_for(lambda: status(server.url)["ok"] and heading(get(server.url, CASE_URL).text) == title,
                 "the restored case is served again")
        settle(server)


# --- serving -----------------------------------------------------------------------------------------

def test_pages_are_served_with_the_reload_script(server: serve.DevServer) -> None:
    for path in ("/", CASE_URL, "/suche/"):
        page = get(server.url, path)
        assert page.status == 200, path
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.text.count('<script id="praxisboerse-serve">') == 1, path
        assert int(page.headers["content-length"]) == len(page.body)
        assert page.headers["cache-control"] == "no-store"
        script = page.text[page.text.index('<script id="praxisboerse-serve">'):]
        script = script[:script.index("</script>")]
        assert f'new EventSource("{serve.EVENTS}?since=' in script
        assert "://" not in script and "src=" not in script, "the script must load nothing from another host"
        assert page.text.index('<script id="praxisboerse-serve">') < page.text.rindex("</body>")
        assert BANNER not in page.text, "no banner after a good build"
    assert heading(get(server.url, CASE_URL).text)


def test_nothing_is_injected_into_other_files(server: serve.DevServer) -> None:
    site = server.out
    built = (site / "faelle" / CASE / "index.html").read_bytes()
    assert b"praxisboerse-serve" not in built, "the built files stay as they are"
    for path, kind in (("/daten/faelle.json", "application/json"), ("/daten/faelle.csv", "text/csv"),
                       ("/assets/sortieren.js", "text/javascript"), ("/feed.xml", "application/")):
        answer = get(server.url, path)
        assert answer.status == 200, path
        assert answer.headers["content-type"].startswith(kind), (path, answer.headers["content-type"])
        assert b"praxisboerse-serve" not in answer.body, path
        assert answer.body == (site / path.lstrip("/")).read_bytes(), path
    head = get(server.url, CASE_URL, method="HEAD")
    assert head.status == 200 and head.body == b""


def test_mime_types_of_the_search_bundle() -> None:
    handler = serve.Handler.__new__(serve.Handler)
    assert handler.guess_type("pagefind/wasm.de.pagefind") == "application/octet-stream"
    assert handler.guess_type("pagefind/pagefind.js") == "text/javascript; charset=utf-8"
    for name in ("index/de_1.pf_index", "filter/de_1.pf_filter", "fragment/de_1.pf_fragment", "pagefind.de_1.pf_meta"):
        assert handler.guess_type(name) == "application/octet-stream", name
    assert handler.guess_type("pagefind/pagefind-entry.json") == "application/json; charset=utf-8"
    assert handler.guess_type("a.wasm") == "application/wasm"


def test_folders_redirect_and_are_never_listed(server: serve.DevServer) -> None:
    moved = get(server.url, CASE_URL.rstrip("/"))
    assert moved.status == 301 and moved.headers["location"] == CASE_URL
    for path in ("/assets/", "/faelle/kein-fall/", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 serve.PREFIX + "unbekannt"):
        answer = get(server.url, path)
        assert answer.status == 404, path
        assert b"Index of" not in answer.body and b"root:" not in answer.body, path


# --- rebuilding ----------------------------------------------------------------------------------------

def test_an_edit_is_served_and_reloads_the_page(server: serve.DevServer, case_file: Path) -> None:
    since = status(server.url)["tag"]
    events = Events(server.url, since)
    try:
        new_title = "Parken mit Sensoren – geänderter Titel"
        set_field(case_file, "title", new_title)
        seconds = wait_for(lambda: heading(get(server.url, CASE_URL).text) == new_title, "the new title is served")
        assert events.next() == "reload"
    finally:
        events.close()
    print(f"save → new page served in {seconds:.2f} s")
    page = get(server.url, CASE_URL).text
    assert f"since={status(server.url)['tag']}" in page, "the page names the generation it was served with"


def test_an_outdated_page_reloads_at_once(server: serve.DevServer) -> None:
    events = Events(server.url, "0000.0")  # a page from an earlier build (or server)
    try:
        assert events.next(timeout=5) == "reload"
    finally:
        events.close()


def test_a_broken_case_keeps_the_last_good_page_and_shows_the_problem(server: serve.DevServer,
                                                                      case_file: Path) -> None:
    good = get(server.url, CASE_URL).text
    good_title = heading(good)
    events = Events(server.url, status(server.url)["tag"])
    try:
        set_field(case_file, "title", "Dieser Titel darf nicht erscheinen")
        set_field(case_file, "status", "unbekannt")
        wait_for(lambda: not status(server.url)["ok"], "the failed build is reported")
        assert events.next() == "reload", "the page reloads to show the banner"

        state = status(server.url)
        line = line_of(case_file, "status")
        assert [(Path(p["file"]).name, p["line"], p["key"]) for p in state["problems"]] == [(case_file.name, line,
                                                                                         "status")]
        page = get(server.url, CASE_URL).text
        assert heading(page) == good_title, "the last good page is still served"
        banner = page[page.index(BANNER):]
        banner = banner[:banner.index("</div>")]
        assert 'role="alert"' in banner
        assert f"{case_file.name}:{line}</code>" in banner
        assert "unbekannt" in banner and "Fehler" in banner
        assert page.index(BANNER) < page.index("<h1"), "the banner comes first"
        assert BANNER in get(server.url, "/").text, "every page shows it"

        fixed_title = "Parken mit Sensoren – wieder in Ordnung"
        set_field(case_file, "status", "discontinued")
        set_field(case_file, "title", fixed_title)
        wait_for(lambda: status(server.url)["ok"], "the good build is reported")
        assert events.next() == "reload"
        page = get(server.url, CASE_URL).text
        assert heading(page) == fixed_title
        assert BANNER not in page
    finally:
        events.close()


def test_a_burst_of_saves_makes_one_build(server: serve.DevServer, case_file: Path) -> None:
    settle(server)
    builds = server.builder.builds
    for number in range(1, 6):  # five saves within a few milliseconds, well inside the debounce time
        set_field(case_file, "title", f"Schnell hintereinander gespeichert {number}")
    wait_for(lambda: heading(get(server.url, CASE_URL).text) == "Schnell hintereinander gespeichert 5",
             "the last save is served")
    settle(server)
    # One build; two only if this process was held up between two saves for longer than the debounce
    # time (a loaded machine), but never one per save.
    assert 1 <= server.builder.builds - builds <= 2


def test_a_save_during_a_build_makes_one_more_build(server: serve.DevServer, case_file: Path) -> None:
    settle(server)
    builds = server.builder.builds
    set_field(case_file, "title", "Während des Bauens eins")
    wait_for(server.builder.building.is_set, "the build begins", timeout=5)
    set_field(case_file, "title", "Während des Bauens zwei")
    wait_for(lambda: heading(get(server.url, CASE_URL).text) == "Während des Bauens zwei", "the second save is served")
    settle(server)
    # The save during the build made exactly one more build after it (a third only if a save was split
    # into two events further apart than the debounce time, on a loaded machine).
    assert 2 <= server.builder.builds - builds <= 3


def test_editor_files_and_reads_make_no_build(server: serve.DevServer, workspace: Path) -> None:
    settle(server)
    builds = server.builder.builds
    cases = workspace / "cases"
    for name in (f".{CASE}.md.swp", f"{CASE}.md~", "4913", "#notiz#"):
        (cases / name).write_text("x", encoding="utf-8")
        (cases / name).unlink()
    (cases / f"{CASE}.md").read_text(encoding="utf-8")
    settle(server)
    assert server.builder.builds == builds


# --- the hub and the banner on their own ---------------------------------------------------------------------

def test_a_failed_build_with_the_same_problems_does_not_reload_again() -> None:
    hub = serve.Hub()
    problem = Problem("cases/a.md", 3, 9, "error", "status", "falsch")
    assert hub.publish(True).generation == 1
    assert hub.publish(False, "kaputt", [problem]).generation == 2
    assert hub.publish(False, "kaputt", [problem]).generation == 2
    assert hub.publish(False, "kaputt", [problem, problem]).generation == 3
    assert hub.publish(True).generation == 4
    assert hub.publish(True).generation == 5


def test_the_banner_is_escaped_and_placed_after_body() -> None:
    state = serve.State(2, False, "x", (Problem("cases/<a>.md", 7, 1, "error", "title", "<b>&"),))
    page = serve.inject(b"<html><BODY class='x'><h1>T</h1></body></html>", state, "t")
    text = page.decode("utf-8")
    assert text.startswith(f"<html><BODY class='x'><div id=\"{serve.BANNER_ID}\" role=\"alert\"")
    assert "cases/&lt;a&gt;.md:7" in text and "title: &lt;b&gt;&amp;" in text
    assert text.endswith("</script>\n</body></html>")
    assert "since=t.2" in text
    assert serve.inject(b"no body", serve.State(1), "t").startswith(b"no body<script")


def test_the_terminal_names_what_changed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    changes = [(str(tmp_path / "a.md"), "modified"), (str(tmp_path / "b.md"), "created"),
               (str(tmp_path / "c.md"), "deleted")]
    assert serve.describe(changes) == (f"Geändert: {tmp_path / 'a.md'}; neu: {tmp_path / 'b.md'}; "
                                       f"gelöscht: {tmp_path / 'c.md'}")
    many = [(str(tmp_path / f"x{n}.md"), "deleted") for n in range(7)]
    assert serve.describe(many).endswith("x4.md und 2 weitere")
    assert serve.describe([(str(PROJECT / "mkdocs.yml"), "modified")]) in ("Geändert: mkdocs.yml",
                                                                         f"Geändert: {PROJECT / 'mkdocs.yml'}")


# --- a first build that fails ---------------------------------------------------------------------------

def test_a_failing_first_build_serves_a_placeholder_until_fixed(tmp_path: Path, capsys) -> None:
    shutil.copytree(CASES, tmp_path / "cases")
    path = tmp_path / "cases" / f"{CASE}.md"
    set_field(path, "status", "unbekannt")
    log = io.StringIO()
    with serve.DevServer(tmp_path / "cases", tmp_path / "site", project=Project(PROJECT), port=0,
                         stream=log) as dev:
        page = get(dev.url, CASE_URL)
        assert page.status == 503
        assert "Noch keine Website" in page.text and 'role="alert"' in page.text
        assert f"{path.name}:{line_of(path, 'status')}" in page.text
        assert "<script id=\"praxisboerse-serve\">" in page.text
        set_field(path, "status", "discontinued")
        wait_for(lambda: get(dev.url, CASE_URL).status == 200, "the site once the case is fixed")
    output = log.getvalue()
    problems = capsys.readouterr().err  # the check stage prints them to standard error, as `check` does
    assert f"{path}:{line_of(path, 'status')}:9: error: status: " in problems
    assert "Neu gebaut in " in output and "Seite wird neu geladen" in output
    assert "Geändert: " in output and path.name in output


# --- the project's files ---------------------------------------------------------------------------------

def test_settings_and_pages_of_the_project_are_watched(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(CASES, project / "cases")
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", project / "docs")
    log = io.StringIO()
    with serve.DevServer(project / "cases", project / "site", project=Project(project), port=0, stream=log) as dev:
        settings = project / "mkdocs.yml"
        good = settings.read_text(encoding="utf-8")
        set_field(settings, "site_name", "Praxisbörse Probe")
        wait_for(lambda: "Praxisbörse Probe" in get(dev.url, "/").text, "the new site name (a clean build)")

        settings.write_text(good.replace("site_name: Praxisbörse", "site_name: [Praxisbörse"), encoding="utf-8")
        wait_for(lambda: not status(dev.url)["ok"], "the broken settings are reported")
        state = status(dev.url)
        assert "mkdocs.yml" in state["message"] and state["problems"] == []
        page = get(dev.url, "/").text
        assert BANNER in page and "mkdocs.yml" in page[page.index(BANNER):]

        settings.write_text(good, encoding="utf-8")
        wait_for(lambda: status(dev.url)["ok"], "the repaired settings")
        assert BANNER not in get(dev.url, "/").text

        page_file = project / "docs" / "probe.md"
        page_file.write_text("# Eine neue Seite\n\nMit Text.\n", encoding="utf-8")
        wait_for(lambda: get(dev.url, "/probe/").status == 200, "a new page in docs/")
        assert "Eine neue Seite" in get(dev.url, "/probe/").text

        shutil.rmtree(project / "docs")  # a watched folder removed and made again is watched again
        wait_for(lambda: get(dev.url, "/probe/").status == 404, "the page of the removed folder is gone")
        (project / "docs").mkdir()
        time.sleep(serve.DEBOUNCE + 0.3)
        (project / "docs" / "probe.md").write_text("# Wieder da\n", encoding="utf-8")
        wait_for(lambda: "Wieder da" in get(dev.url, "/probe/").text, "the page in the new folder")
        time.sleep(serve.DEBOUNCE + 0.3)
        (project / "docs" / "probe.md").write_text("# Noch einmal geändert\n", encoding="utf-8")
        wait_for(lambda: "Noch einmal geändert" in get(dev.url, "/probe/").text, "an edit in the new folder")


# --- the command --------------------------------------------------------------------------------------

def _command(workspace: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port), "--cases", str(workspace / "cases"),
               "--out", str(workspace / "site")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_a_taken_port_is_reported_in_german(tmp_path: Path) -> None:
    shutil.copytree(CASES, tmp_path / "cases")
    with socket.socket() as taken:
        taken.bind((serve.HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _command(tmp_path, port)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"Der Port {port} ist schon belegt" in err and "--port" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists(), "nothing is built when the port is taken"


def test_ctrl_c_ends_cleanly(tmp_path: Path) -> None:
    shutil.copytree(CASES, tmp_path / "cases")
    with socket.socket() as probe:
        probe.bind((serve.HOST, 0))
        port = probe.getsockname()[1]
    proc = _command(tmp_path, port)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("Die Website läuft auf" in line for line in lines), "the server is ready", timeout=60)
        events = Events(f"http://{serve.HOST}:{port}", "x")  # an open event stream must not keep it alive
        assert get(f"http://{serve.HOST}:{port}", "/").status in (200, 503)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
        events.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=5)
    err = "".join(lines)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Beendet." in err
    assert not list(tmp_path.glob(".site.build-*")), "no half-built folder is left behind"
