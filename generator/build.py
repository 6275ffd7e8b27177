"""``python -m generator build``: check → render → site → sanitise → search → export → publish.

Everything is built in a fresh folder beside the output; only a complete
build replaces it, in one step. A failure at any stage leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import html
import secrets
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, TextIO

from . import diagnostics, export, publish, render, sanitize, search, site
from .catalog import Catalog, check

PROJECT = Path(__file__).resolve().parent.parent


class BuildError(Exception):
    """A stage failed; the message says which and why, in plain words."""


MARKER = ".praxisboerse-site"  # written into every built site, so a rebuild knows what it may replace


def check_target(out: Path, cases: Path) -> None:
    """Refuse an output folder whose contents the build did not make: replacing it would lose data."""
    target = out.resolve()
    if target == cases.resolve() or target in cases.resolve().parents:
        raise BuildError(f"Der Zielordner '{out}' enthält die Fälle. Bitte einen anderen Zielordner wählen, "
                         "z. B. site.")
    if not target.exists():
        return
    if not target.is_dir():
        raise BuildError(f"'{out}' ist eine Datei, kein Ordner. Bitte einen anderen Zielordner wählen.")
    looks_built = (target / MARKER).exists() or (target / "pagefind" / "pagefind-entry.json").exists()
    if any(target.iterdir()) and not looks_built:
        raise BuildError(f"Der Ordner '{out}' ist nicht leer und enthält keine hier gebaute Website. Er wird "
                         "nicht ersetzt, damit nichts verloren geht. Bitte einen leeren oder neuen Zielordner "
                         "wählen.")


@dataclass
class Progress:
    """Stage lines: rewritten in place on a terminal, one plain line per stage elsewhere (CI)."""

    stream: TextIO = sys.stderr
    live: bool = field(default_factory=lambda: sys.stderr.isatty())
    timings: dict[str, float] = field(default_factory=dict)
    total_stages: int = 7
    number: int = 0
    detail: str = ""  # what the current stage did, set by the stage's body
    _label: str = ""

    _live_detail: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def current(self) -> str:
        """The label of the running (or last) stage."""
        return self._label

    def update(self, detail: str) -> None:
        """Show what the running stage is doing (terminal only)."""
        self._live_detail = detail
        self._draw()

    def _draw(self, elapsed: float | None = None) -> None:
        if not self.live:
            return
        clock = f" · {elapsed:.0f} s" if elapsed is not None else ""
        with self._lock:
            self.stream.write(f"\r\033[K[{self.number}/{self.total_stages}] {self._label} … "
                              f"{self._live_detail}{clock}")
            self.stream.flush()

    @contextmanager
    def stage(self, label: str) -> Iterator["Progress"]:
        self.number += 1
        self._label = label
        self.detail = self._live_detail = ""
        start = time.perf_counter()
        stop = threading.Event()
        if self.live:  # a clock, so that a long stage does not look stuck
            ticker = threading.Thread(target=self._tick, args=(start, stop), daemon=True)
            ticker.start()
        try:
            self._draw()
            yield self
        except BaseException:
            if self.live:
                self.stream.write("\n")
            raise
        finally:
            stop.set()
        seconds = time.perf_counter() - start
        self.timings[label] = seconds
        line = f"[{self.number}/{self.total_stages}] {label}: {self.detail} ({seconds:.1f} s)".replace(": ()", "")
        with self._lock:
            self.stream.write(("\r\033[K" if self.live else "") + line + "\n")
            self.stream.flush()

    def _tick(self, start: float, stop: threading.Event) -> None:
        while not stop.wait(1.0):
            self._draw(time.perf_counter() - start)


def redirect_page(target: str, title: str) -> str:
    url = html.escape(target)
    return (f'<!doctype html>\n<html lang="de"><head><meta charset="utf-8">'
            f'<title>Weitergeleitet: {html.escape(title)}</title>'
            f'<link rel="canonical" href="{url}"><meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={url}"></head>'
            f'<body><p>Dieser Fall hat eine neue Adresse: <a href="{url}">{html.escape(title)}</a>.</p>'
            f'</body></html>\n')


def write_redirects(catalog: Catalog, built: Path) -> int:
    count = 0
    for case in catalog.cases:
        for former in case.data.get("redirect_from", ()):
            folder = built / "faelle" / former
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text(redirect_page(f"../{case.id}/", case.title), encoding="utf-8")
            count += 1
    return count


def build(cases: Path, out: Path, *, docs: Path | None = None, progress: Progress | None = None,
          problem_format: str = "text") -> Progress:
    """Build the site from ``cases`` into ``out``; raise BuildError (``out`` untouched) on any failure."""
    progress = progress or Progress()
    docs = docs or PROJECT / "docs"
    if not cases.is_dir():
        raise BuildError(f"Den Ordner '{cases}' mit den Fällen gibt es nicht.")
    check_target(out, cases)
    with progress.stage("Fälle prüfen") as p:
        result = check(cases)
        errors, warnings = diagnostics.count(result.problems)
        p.detail = f"{result.files} Dateien, {errors} Fehler, {warnings} Warnungen"
    if result.problems:
        print(diagnostics.render(result.problems, problem_format), file=sys.stderr)
    if errors:
        raise BuildError(f"{errors} Fehler in den Fällen (siehe oben). Die Website wurde nicht neu gebaut; "
                         f"die bisherige in '{out}' bleibt unverändert.")
    catalog = result.catalog
    published = [case.id for case in catalog.cases if not case.withdrawn]
    config = site.read_config()
    base = config.get("site_url") or "/"
    nonce = secrets.token_hex(8)
    work = publish.staging_dir(out)
    try:
        staged, built = work / "docs", work / "site"
        with progress.stage("Seiten erzeugen") as p:
            pages = render.render(catalog, staged, docs, config=config, nonce=nonce,
                                  progress=lambda n: p.update(f"{n} von {len(catalog)} Fällen"))
            p.detail = f"{len(catalog)} Fälle, {pages} Seiten"
        with progress.stage("Website bauen (MkDocs)") as p:
            processes = site.build_parallel(staged, built)
            p.detail = f"{sum(1 for _ in built.rglob('*.html'))} HTML-Dateien, {processes} Prozess(e)"
        with progress.stage("Fallinhalte absichern") as p:
            cleaned = sanitize.sanitise(built, published, nonce)
            redirects = write_redirects(catalog, built)
            p.detail = f"{cleaned} Fallseiten, {redirects} Weiterleitungen"
        with progress.stage("Suchindex (Pagefind)") as p:
            indexed = search.index(built, len(published))
            p.detail = f"{indexed} Fallseiten indexiert"
        with progress.stage("Offene Daten exportieren") as p:
            files = export.export(catalog, built, base=base, title=config.get("site_name", "Praxisbörse"))
            p.detail = ", ".join(f.name for f in files)
        with progress.stage("Veröffentlichen") as p:
            (built / MARKER).write_text("Von 'python -m generator build' erzeugt; wird beim nächsten Build ersetzt.\n",
                                        encoding="utf-8")
            publish.publish(built, out)
            p.detail = f"{out}"
    except (site.SiteError, search.SearchError, sanitize.SanitiseError, OSError) as exc:
        raise BuildError(f"{exc}. Die bisherige Website in '{out}' bleibt unverändert.") from exc
    except Exception as exc:  # a bug of ours: still no traceback, still no damage
        raise BuildError(f"Interner Fehler in der Stufe '{progress.current}' ({type(exc).__name__}: {exc}). "
                         f"Die bisherige Website in '{out}' bleibt unverändert.") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return progress


def run(cases: Path, out: Path, problem_format: str = "text") -> int:
    start = time.perf_counter()
    try:
        build(cases, out, problem_format=problem_format)
    except BuildError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    print(f"Fertig in {time.perf_counter() - start:.1f} s: {out}/index.html", file=sys.stderr)
    return 0
