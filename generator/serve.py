"""``python -m generator serve``: build once, serve the site on 127.0.0.1, rebuild on every change.

Three parts, each in its own thread:

* the **server** (``ThreadingHTTPServer``) answers from the output folder as it is at the moment of
  the request (the build swaps the folder in one step, so a request always sees one complete site);
  into every HTML response it injects a small script, and after a failed build a banner listing the
  problems. Nothing is injected into the built files.
* the **watcher** (watchdog) notes every change below ``cases/`` (or ``--cases``), ``adoptions/``,
  ``docs/``, ``templates/`` and to ``mkdocs.yml`` of the project folder (the working folder).
* the **builder** waits until the changes have stopped for a moment (``DEBOUNCE``), then builds
  incrementally; changes that arrive during a build lead to exactly one more build after it. There
  is never more than one build at a time.

After every build the ``Hub`` gets a new generation. The injected script keeps a server-sent events
connection (``EVENTS``) open and is told "reload" as soon as the generation differs from the one its
page was served with, so the page reloads by itself: with the new site after a good build, with the
last good site and the banner after a failed one. ``STATUS`` gives the same state as JSON.
"""

from __future__ import annotations

import argparse
import errno
import html
import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator, Sequence, TextIO
from urllib.parse import parse_qs, quote, urlsplit

from . import build, diagnostics, layout, publish
from .catalog import check
from .diagnostics import Problem
from .project import CONFIG_NAME, Project

HOST = "127.0.0.1"
PREFIX = "/__praxisboerse/"
EVENTS = PREFIX + "events"   # server-sent events: "reload"
STATUS = PREFIX + "status"   # the last build's result as JSON
DEBOUNCE = 0.1               # seconds without a further change before a build starts
HEARTBEAT = 10.0             # seconds between keep-alive comments on an idle event stream
STOP_WAIT = 2.0              # seconds Ctrl-C waits for a running build to finish, then to stop
WATCHED_FOLDERS = ("adoptions", "docs", "templates")  # of the project folder, besides the cases
WATCHED_FILES = (CONFIG_NAME,)
BANNER_ID = "praxisboerse-serve-banner"

# Files that editors write beside the real one while saving; a change to them alone needs no build.
_EDITOR_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload", ".kate-swp")


# --- the state the pages see -----------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    """The result of the last build; ``generation`` counts the changes a page must reload for."""

    generation: int = 0
    ok: bool = True
    message: str = ""                    # the build's error, when it failed
    problems: tuple[Problem, ...] = ()   # the checker's problems, when the build failed at the check

    def as_dict(self, token: str) -> dict[str, Any]:
        return {"generation": self.generation, "tag": tag(token, self.generation), "ok": self.ok,
                "message": self.message,
                "problems": [{**p.as_dict(), "text": p.text()} for p in self.problems]}


def tag(token: str, generation: int) -> str:
    """What a page is served with and reports back: this server run and the generation of its content."""
    return f"{token}.{generation}"


class Hub:
    """The current ``State``, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._state = State()
        self.closed = False

    @property
    def state(self) -> State:
        with self._cond:
            return self._state

    def publish(self, ok: bool, message: str = "", problems: Sequence[Problem] = ()) -> State:
        """A build ended. A good one always counts as a change (its pages may differ); a failed one only if
        its message differs from what the pages already show."""
        with self._cond:
            old = self._state
            problems = tuple(problems)
            if ok or old.ok or (old.message, old.problems) != (message, problems):
                self._state = State(old.generation + 1, ok, "" if ok else message, () if ok else problems)
                self._cond.notify_all()
            return self._state

    def wait(self, generation: int, timeout: float) -> bool:
        """Wait until the generation differs from ``generation`` (True) or ``timeout`` ends or the hub closes."""
        with self._cond:
            return self._cond.wait_for(lambda: self.closed or self._state.generation != generation, timeout) \
                and not self.closed

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


# --- what is injected into the pages ---------------------------------------------------------------

_SCRIPT = """<script id="praxisboerse-serve">
(function () {
  var banner = document.getElementById("%(banner)s");
  if (banner) {
    var button = banner.querySelector("button");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { banner.parentNode.removeChild(banner); });
    }
  }
  if (!window.EventSource) { return; }
  var source = null;
  function connect() {
    source = new EventSource("%(events)s?since=%(since)s");
    source.addEventListener("reload", function () { source.close(); window.location.reload(); });
  }
  connect();
  window.addEventListener("pageshow", function (event) {  // back to a page from the browser's cache
    if (event.persisted && source.readyState === EventSource.CLOSED) { connect(); }
  });
})();
</script>
"""

_BANNER_STYLE = ("position:relative;z-index:10;margin:0;padding:1rem 1.25rem;background:#7a1212;color:#ffffff;"
                 "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
                 "border-bottom:4px solid #3d0909")
_BUTTON_STYLE = ("float:right;margin:0 0 .5rem 1rem;padding:.25rem .75rem;background:#ffffff;color:#7a1212;"
                 "border:2px solid #ffffff;border-radius:4px;font:inherit;font-weight:600;cursor:pointer")
_CODE_STYLE = "font-family:ui-monospace,Menlo,Consolas,monospace;background:none;color:inherit;padding:0"


def banner(state: State) -> str:
    """The notice shown above every page after a failed build (empty after a good one)."""
    if state.ok:
        return ""
    errors, warnings = diagnostics.count(state.problems)
    if errors:
        lead = (f"Die Website wurde nicht neu gebaut: {build.plural(errors, 'Fehler', 'Fehler')} in den Fällen. "
                "Angezeigt wird der letzte fehlerfreie Stand. Nach dem Speichern der Korrektur lädt die "
                "Seite von selbst neu.")
    else:
        lead = (f"Die Website wurde nicht neu gebaut. {state.message} Nach dem Speichern der Korrektur lädt "
                "die Seite von selbst neu.")
    items = []
    for problem in sorted(state.problems, key=lambda p: (p.severity != diagnostics.ERROR, p.file, p.line,
                                                         p.column, p.message)):
        kind = "Fehler" if problem.severity == diagnostics.ERROR else "Warnung"
        key = f"{problem.key}: " if problem.key else ""
        items.append(f'<li style="margin:.25rem 0"><code style="{_CODE_STYLE}">'
                     f"{html.escape(problem.file)}:{problem.line}</code> – {kind}: "
                     f"{html.escape(key + problem.message)}</li>")
    listing = f'<ul style="margin:.5rem 0 0 1.25rem;padding:0">{"".join(items)}</ul>' if items else ""
    return (f'<div id="{BANNER_ID}" role="alert" lang="de" style="{_BANNER_STYLE}">'
            f'<button type="button" hidden style="{_BUTTON_STYLE}">Hinweis ausblenden</button>'
            f'<p style="margin:0;font-weight:600">{html.escape(lead)}</p>{listing}</div>\n')


_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(page: bytes, state: State, token: str) -> bytes:
    """``page`` with the banner (after ``<body>``) and the reload script (before ``</body>``)."""
    script = (_SCRIPT % {"banner": BANNER_ID, "events": EVENTS, "since": quote(tag(token, state.generation))}
              ).encode("utf-8")
    notice = banner(state).encode("utf-8")
    if notice:
        opening = _BODY.search(page)
        at = opening.end() if opening else 0
        page = page[:at] + notice + page[at:]
    closings = list(_BODY_END.finditer(page))
    if closings:
        at = closings[-1].start()
        return page[:at] + script + page[at:]
    return page + script


def placeholder() -> bytes:
    """The page served while there is no site yet (the first build failed)."""
    return ("<!doctype html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Noch keine Website – Praxisbörse</title></head>\n<body>\n"
            "<main style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\"><h1>Noch keine Website</h1>"
            "<p>Die Website konnte noch nicht gebaut werden. Sobald die Fehler behoben und die Dateien "
            "gespeichert sind, wird sie gebaut und diese Seite lädt von selbst neu.</p></main>\n"
            "</body></html>\n").encode("utf-8")


# --- the server ------------------------------------------------------------------------------------

_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
               "application/manifest+json", "image/svg+xml")


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], out: Path, hub: Hub) -> None:
        self.out = out
        self.hub = hub
        self.token = secrets.token_hex(4)  # a page of an earlier server run always reloads
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page that went away in the middle of an answer is normal here; anything else in one line."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"Interner Fehler beim Beantworten einer Anfrage ({type(error).__name__}: {error}).",
              file=sys.stderr)


class Handler(SimpleHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.0"  # one request per connection: a page never waits behind an event stream
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream",
        ".pf_index": "application/octet-stream",
        ".pf_fragment": "application/octet-stream",
        ".pf_filter": "application/octet-stream",
        ".gz": "application/gzip",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".csv": "text/csv",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A path, not an open folder: every request finds the folder that is ``out`` at that moment.
        super().__init__(*args, directory=str(args[2].out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet, like mkdocs serve
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always gets the newest build
        super().end_headers()

    def guess_type(self, path: str) -> str:  # type: ignore[override]
        kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind.startswith(_TEXT_TYPES) else kind

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        self._not_found()
        return None

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS and not head:
            return self._events(parse_qs(url.query).get("since", [""])[0])
        if url.path == STATUS:
            state = self.server.hub.state
            return self._send(HTTPStatus.OK, "application/json; charset=utf-8",
                              json.dumps(state.as_dict(self.server.token), ensure_ascii=False).encode("utf-8"),
                              head)
        if url.path.startswith(PREFIX):
            return self._not_found(head)
        state = self.server.hub.state  # read before the file: a page is never newer than it claims
        if not Path(self.directory).is_dir():
            if url.path.endswith("/") or url.path.endswith((".html", ".htm")):
                return self._page(HTTPStatus.SERVICE_UNAVAILABLE, placeholder(), state, head)
            return self._not_found(head)
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not url.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url.path + "/" + (f"?{url.query}" if url.query else ""))
                self.send_header("Content-Length", "0")
                return self.end_headers()
            path = os.path.join(path, layout.INDEX_HTML)
        if path.endswith((".html", ".htm")):
            try:
                with open(path, "rb") as handle:
                    body = handle.read()
            except OSError:
                return self._not_found(head)
            return self._page(HTTPStatus.OK, body, state, head)
        if not os.path.isfile(path):
            return self._not_found(head)
        return super().do_HEAD() if head else super().do_GET()

    def _not_found(self, head: bool = False) -> None:
        """The site's own 404 page (with the script, so it too reloads), or a line of text."""
        try:
            body = (Path(self.directory) / "404.html").read_bytes()
        except OSError:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8",
                              "Diese Seite gibt es nicht.\n".encode("utf-8"), head)
        return self._page(HTTPStatus.NOT_FOUND, body, self.server.hub.state, head)

    def _page(self, status: HTTPStatus, body: bytes, state: State, head: bool) -> None:
        self._send(status, "text/html; charset=utf-8", inject(body, state, self.server.token), head)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, since: str) -> None:
        """Server-sent events: "reload" whenever the generation is not the one the page was served with."""
        hub, token = self.server.hub, self.server.token
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen = since
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not hub.closed:
                state = hub.state
                current = tag(token, state.generation)
                if current != seen:
                    self.wfile.write(f"event: reload\ndata: {current}\n\n".encode("utf-8"))
                    self.wfile.flush()
                    seen = current
                if not hub.wait(state.generation, HEARTBEAT) and not hub.closed:
                    self.wfile.write(b": still here\n\n")  # finds closed connections, keeps proxies awake
                    self.wfile.flush()
        except OSError:  # the page went away
            pass


# --- watching and building -------------------------------------------------------------------------

def _editor_file(name: str) -> bool:
    return (name.startswith(".") or name.endswith("~") or name.endswith(_EDITOR_SUFFIXES) or name == "4913"
            or (name.startswith("#") and name.endswith("#")))


def describe(changes: Sequence[tuple[str, str]], shown: int = 5) -> str:
    """What changed, for the terminal: "Geändert: cases/a.md; neu: docs/b.md; gelöscht: cases/c.md"."""
    here = Path.cwd().resolve()
    groups: dict[str, list[str]] = {"geändert": [], "neu": [], "gelöscht": []}
    for path, kind in changes:
        label = "gelöscht" if not os.path.lexists(path) else "neu" if kind == "created" else "geändert"
        # Relative to the working folder when inside it (as the checker names files), else as it is.
        groups[label].append(str(Path(path).relative_to(here)) if Path(path).is_relative_to(here) else path)
    parts = []
    for label, paths in groups.items():
        if paths:
            more = f" und {len(paths) - shown} weitere" if len(paths) > shown else ""
            parts.append(f"{label}: {', '.join(paths[:shown])}{more}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


class Builder:
    """Builds now and then: one build at a time, after the changes have stopped for ``debounce`` seconds."""

    def __init__(self, cases: Path, out: Path, project: Project, hub: Hub, stream: TextIO,
                 debounce: float = DEBOUNCE) -> None:
        self.cases, self.out, self.project, self.hub, self.stream = cases, out, project, hub, stream
        self.debounce = debounce
        self._lock = threading.Lock()
        self._changes: dict[str, str] = {}  # path -> its first kind of change, in the order they came
        self._last = 0.0
        self._wake = threading.Event()
        self.closing = threading.Event()   # no further builds
        self.stopping = threading.Event()  # and the running one ends at its next stage
        self.building = threading.Event()
        self.builds = 0
        self._thread: threading.Thread | None = None

    def changed(self, path: str, kind: str = "modified") -> None:
        with self._lock:
            self._changes.setdefault(path, kind)
            self._last = time.monotonic()
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="praxisboerse-builder", daemon=True)
        self._thread.start()

    def stop(self, wait: float) -> bool:
        """Start no further build; give a running one ``wait`` seconds to finish, then make it end at its next
        stage, unpublished, and wait as long again. True if the builder has ended."""
        self.closing.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(wait)
        if self._thread.is_alive():
            self.stopping.set()
            self._thread.join(wait)
        return not self._thread.is_alive()

    @property
    def idle(self) -> bool:
        """No build running and no change waiting for one."""
        with self._lock:
            return not self._changes and not self.building.is_set()

    def _loop(self) -> None:
        while not self.closing.is_set():
            self._wake.wait()
            while not self.closing.is_set():  # debounce: until nothing has changed for a moment
                with self._lock:
                    rest = self._last + self.debounce - time.monotonic()
                if rest <= 0:
                    break
                self.closing.wait(rest)
            with self._lock:
                # An editor's temporary file (made and gone again within the burst) is no change.
                changes = [(path, kind) for path, kind in self._changes.items()
                           if kind != "created" or os.path.lexists(path)]
                self._changes.clear()
                self._wake.clear()
                if changes and not self.closing.is_set():
                    self.building.set()
            if self.building.is_set():
                try:
                    self.build(changes)
                except Exception as exc:  # a bug of ours must not end the watching
                    self.building.clear()
                    print(f"Interner Fehler beim Bauen ({type(exc).__name__}: {exc}).", file=self.stream)

    def build(self, changes: Sequence[tuple[str, str]] = ()) -> bool:
        """One build after ``changes`` (path, kind of the first event); the result goes to the hub (and so
        to the pages). True if it succeeded."""
        stream = self.stream
        if changes:
            print(f"\n{describe(changes)}", file=stream, flush=True)
        self.building.set()
        start = time.perf_counter()
        progress = _Progress(self.stopping, stream=stream, live=_isatty(stream))
        try:
            # A new Project each time: it caches the settings, and mkdocs.yml may have changed.
            build.build(self.cases, self.out, project=Project(self.project.root, self.project.defaults),
                        progress=progress)
        except _Stopped:
            print("Der Build wurde abgebrochen; die Website bleibt, wie sie war.", file=stream, flush=True)
            return False
        except build.BuildError as exc:
            if self.closing.is_set():  # Ctrl-C also ended the build's helper processes (e.g. Pagefind)
                print("Der Build wurde abgebrochen; die Website bleibt, wie sie war.", file=stream, flush=True)
                return False
            problems: Sequence[Problem] = ()
            if progress.current == build.STAGES[0][0]:  # failed at the check: the problems, for the banner
                problems = check(self.cases).problems
            print(f"Fehler: {exc}", file=stream)
            print("Die Seiten zeigen weiter den letzten fehlerfreien Stand, mit einem Hinweis auf die Fehler.",
                  file=stream, flush=True)
            self.hub.publish(False, str(exc), problems)
            ok = False
        else:
            seconds = time.perf_counter() - start
            print(f"Neu gebaut in {seconds:.1f} s – Seite wird neu geladen" if changes else
                  f"Gebaut in {seconds:.1f} s.", file=stream, flush=True)
            self.hub.publish(True)
            ok = True
        finally:
            self.builds += 1
            self.building.clear()
        return ok



class _Stopped(BaseException):
    """Ctrl-C arrived during a build: it ends before its next stage, and publishes nothing."""


class _Progress(build.Progress):
    def __init__(self, stopping: threading.Event, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stopping = stopping

    @contextmanager
    def stage(self, label: str) -> Iterator[build.Progress]:
        if self._stopping.is_set():
            raise _Stopped()
        with super().stage(label) as progress:
            yield progress


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Watcher:
    """Tells the builder about every change to the files a build reads."""

    def __init__(self, project: Path, cases: Path, out: Path, builder: Builder) -> None:
        from watchdog.observers import Observer

        self.root = project.resolve()
        self.cases = cases.resolve()
        self.out = out.resolve()
        self.builder = builder
        self.folders = [self.cases] + [self.root / name for name in WATCHED_FOLDERS]
        self.files = {self.root / name for name in WATCHED_FILES}
        self._observer = Observer()
        self._watched: dict[Path, Any] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        self._handler = _event_handler(self)
        self._observer.schedule(self._handler, str(self.root), recursive=False)  # mkdocs.yml, new folders
        for folder in self.folders:
            self._watch(folder)
        self._observer.start()

    def _watch(self, folder: Path) -> None:
        with self._lock:
            if folder in self._watched or not folder.is_dir():
                return
            self._watched[folder] = self._observer.schedule(self._handler, str(folder), recursive=True)

    def _unwatch(self, folder: Path) -> None:
        """A watched folder was removed: forget its watch, so that a new folder of that name is watched."""
        with self._lock:
            watch = self._watched.pop(folder, None)
        if watch is not None:
            try:
                self._observer.unschedule(watch)
            except (KeyError, OSError):
                pass

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=2)

    def relevant(self, path: Path) -> bool:
        if _editor_file(path.name):
            return False
        if path == self.out or self.out in path.parents:
            return False
        return path in self.files or any(path == f or f in path.parents for f in self.folders)

    def event(self, kind: str, source: str, target: str | None, directory: bool) -> None:
        """One file system event (``target``: where a moved file or folder went)."""
        for raw, arrives in ((source, kind == "created"), (target, True)):
            if raw is None:
                continue
            path = Path(os.fsdecode(raw))
            if not self.relevant(path):
                continue
            if directory and kind == "modified":
                continue  # a file in it changed: that file has its own event
            if directory and path in self.folders:  # e.g. docs/ made after the start, or removed
                if arrives:
                    self._watch(path)
                else:
                    self._unwatch(path)
            self.builder.changed(str(path), kind)


def _event_handler(watcher: Watcher) -> Any:
    from watchdog.events import FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.event_type not in ("created", "modified", "deleted", "moved"):
                return  # opened/closed: the build itself reads the files
            watcher.event(event.event_type, event.src_path, getattr(event, "dest_path", "") or None,
                          event.is_directory)

    return Handler()


# --- the command -----------------------------------------------------------------------------------

class DevServer:
    """Build, serve, watch: ``start()`` builds once and starts the threads, ``serve_forever()`` serves."""

    def __init__(self, cases: Path, out: Path, *, project: Project, port: int = 8000, host: str = HOST,
                 stream: TextIO | None = None, debounce: float = DEBOUNCE) -> None:
        self.cases, self.out, self.project, self.host, self.port = cases, out, project, host, port
        self.stream = stream or sys.stderr
        self.hub = Hub()
        self.builder = Builder(cases, out, project, self.hub, self.stream, debounce)
        self.watcher: Watcher | None = None
        self.http: SiteServer | None = None
        self._serving: threading.Thread | None = None
        self._running = False

    @property
    def url(self) -> str:
        assert self.http is not None
        return f"http://{self.host}:{self.http.server_address[1]}/"

    def bind(self) -> None:
        """Take the port (OSError if it is taken) before the first build, so that a mistake shows at once."""
        self.http = SiteServer((self.host, self.port), self.out.resolve(), self.hub)

    def start(self) -> None:
        if self.http is None:
            self.bind()
        self.watcher = Watcher(self.project.root, self.cases, self.out, self.builder)
        self.watcher.start()  # before the first build: a change during it makes one more
        self.builder.build()
        self.builder.start()

    def serve_forever(self) -> None:
        assert self.http is not None
        self._running = True
        self.http.serve_forever(poll_interval=0.2)

    def serve_in_thread(self) -> None:
        self._running = True  # already now: close() must stop it even if the thread has not begun
        self._serving = threading.Thread(target=self.serve_forever, name="praxisboerse-server", daemon=True)
        self._serving.start()

    def close(self) -> None:
        """Stop watching and serving; let a running build finish (or end it, unpublished, if it takes long)."""
        if self.watcher is not None:
            self.watcher.stop()
        self.hub.close()
        if self.http is not None:
            if self._running:
                self.http.shutdown()
            self.http.server_close()
        if self.builder.building.is_set():
            print("Der laufende Build wird noch beendet …", file=self.stream, flush=True)
        if not self.builder.stop(STOP_WAIT):
            # Still inside a long stage, and it will publish nothing (see _Progress): remove its folder
            # now, since the process ends before the build's own clean-up would run.
            shutil.rmtree(publish.staging_path(self.out), ignore_errors=True)

    def __enter__(self) -> "DevServer":
        self.start()
        self.serve_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run(args: argparse.Namespace) -> int:
    """``python -m generator serve [--port 8000] [--cases cases] [--out site]``; Ctrl-C ends it (exit 0)."""
    cases, out = Path(args.cases), Path(args.out)
    port = int(getattr(args, "port", 8000))
    stream = sys.stderr
    if not 0 <= port <= 65535:
        print(f"Fehler beim Aufruf: {port} ist kein Port; bitte eine Zahl von 0 bis 65535 angeben, "
              "z. B. --port 8000 (0 wählt einen freien Port).", file=stream)
        return 2
    if not cases.is_dir():
        print(f"Fehler beim Aufruf: den Ordner '{cases}' mit den Fällen gibt es nicht.", file=stream)
        return 2
    try:
        build.check_target(out, cases)
    except build.BuildError as exc:
        print(f"Fehler: {exc}", file=stream)
        return 2
    server = DevServer(cases, out, project=Project(Path.cwd()), port=port, stream=stream)
    try:
        try:
            server.bind()
        except OSError as exc:
            print(_port_message(port, exc), file=stream)
            return 2
        server.start()
        watched = ", ".join([f"{cases}/"] + [f"{n}/" for n in WATCHED_FOLDERS if (Path.cwd() / n).is_dir()]
                            + [n for n in WATCHED_FILES if (Path.cwd() / n).is_file()])
        print(f"\nDie Website läuft auf {server.url}\nÄnderungen in {watched} werden sofort neu gebaut, "
              "offene Seiten laden dann von selbst neu. Beenden mit Strg+C.", file=stream, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nBeende …", file=stream, flush=True)
    finally:
        try:
            server.close()
        except KeyboardInterrupt:
            pass
    print("Beendet.", file=stream, flush=True)
    return 0


def _port_message(port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"Fehler: Der Port {port} ist schon belegt – vielleicht läuft 'serve' schon in einem anderen "
                f"Fenster. Bitte das andere Programm beenden oder einen anderen Port wählen, z. B. "
                f"--port {port + 1 if port < 65535 else 8001} (--port 0 wählt einen freien).")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"Fehler: Der Port {port} darf nicht benutzt werden (Ports unter 1024 sind dem System "
                "vorbehalten). Bitte einen anderen Port wählen, z. B. --port 8000.")
    return f"Fehler: Der Server lässt sich auf {HOST}:{port} nicht starten ({exc.strerror})."
