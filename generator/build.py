"""``python -m generator build``: check → render → site → search → export → publish.

Each stage is a function in ``STAGES``, run in order; data goes forward only.
Everything is built in a fresh folder beside the output; only a complete build
replaces it, in one step, so a failure at any stage leaves the previous site
exactly as it was.

A second build reuses what has not changed (see ``site.py`` and
``search.py``): the cache lives beside the output (``.site.cache`` for
``site``), is safe to delete, and is ignored with ``clean=True``. Its output
equals a clean build of the same input, byte for byte.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, TextIO

from . import diagnostics, embed, export, layout, preview, publish, qr, render, search, site, terms, thesaurus
from . import interest as interest_file
from .catalog import Catalog, check
from .project import ConfigError, Project
from .stamp import StampError, build_stamp


class BuildError(Exception):
    """A stage failed; the message says which and why, in plain words."""


def cache_dir(out: Path) -> Path:
    """The build cache of an output folder: beside it, never inside it."""
    out = out.resolve()
    return out.parent / f".{out.name}.cache"


def check_target(out: Path, cases: Path) -> None:
    """Refuse an output folder the build may not replace: one whose contents it did not make (replacing it
    would lose data), one inside a file, or one it cannot write."""
    target = out.resolve()
    if target == cases.resolve() or target in cases.resolve().parents:
        raise BuildError(f"Der Zielordner '{out}' enthält die Fälle. Bitte einen anderen Zielordner wählen, "
                         "z. B. site.")
    for parent in target.parents:
        if parent.exists() and not parent.is_dir():
            raise BuildError(f"Der Zielordner '{out}' kann nicht angelegt werden: '{parent}' ist eine Datei. "
                             "Bitte einen anderen Zielordner wählen.")
        if parent.exists():
            if not os.access(parent, os.W_OK | os.X_OK):
                raise BuildError(f"In den Ordner '{parent}' darf nicht geschrieben werden, dort kann der Zielordner "
                                 f"'{out.name}' nicht angelegt werden. Bitte einen anderen Zielordner wählen.")
            break
    if not target.exists():
        return
    if not target.is_dir():
        raise BuildError(f"'{out}' ist eine Datei, kein Ordner. Bitte einen anderen Zielordner wählen.")
    looks_built = (target / layout.MARKER).exists() or (target / layout.PAGEFIND).is_dir()
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
    total_stages: int = 0
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


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --- the run's state, handed from stage to stage -------------------------------------------------------

@dataclass
class Run:
    project: Project
    cases: Path
    out: Path
    today: date
    clean: bool
    problem_format: str
    cache: Path
    work: Path = Path()
    catalog: Catalog | None = None
    rendered: render.Rendered | None = None
    texts: render.TextCache | None = None
    articles: render.ArticleCache | None = None
    tree: site.Tree | None = None
    warnings: int = 0
    interest: dict = field(default_factory=dict)  # case id → interest entries (build --interest)

    @property
    def built(self) -> Path:
        return self.work / "site"

    @cached_property
    def stamp(self) -> datetime:
        """The date the output carries where it is no case's own (``stamp.py``): never ``today``."""
        return build_stamp(self.cases, self.catalog)

    @property
    def state_file(self) -> Path:
        return self.cache / "state.json"

    @property
    def texts_file(self) -> Path:
        return self.cache / "texts.json"


def stage_check(run: Run, progress: Progress) -> None:
    result = check(run.cases, today=run.today)
    errors, warnings = diagnostics.count(result.problems)
    run.warnings = warnings
    progress.detail = (f"{plural(result.files, 'Fall', 'Fälle')}, "
                       f"{plural(result.adoption_files, 'Nachnutzungsmeldung', 'Nachnutzungsmeldungen')}, "
                       f"{plural(result.collection_files, 'Sammlung', 'Sammlungen')}, "
                       f"{plural(errors, 'Fehler', 'Fehler')}, "
                       f"{plural(warnings, 'Warnung', 'Warnungen')}")
    if result.problems:
        print(diagnostics.render(result.problems, run.problem_format), file=sys.stderr)
    if errors:
        raise BuildError(f"{plural(errors, 'Fehler', 'Fehler')} in den Dateien (siehe oben, jeweils mit Datei und "
                         f"Zeile). Die Website wurde nicht neu gebaut; die bisherige in '{run.out}' bleibt unverändert.")
    if not result.catalog.cases:
        print(f"Warnung: In '{run.cases}' liegt noch kein Fall. Die Website wird ohne Fälle gebaut.",
              file=sys.stderr)
    run.catalog = result.catalog


def stage_render(run: Run, progress: Progress) -> None:
    assert run.catalog is not None
    entries = {} if run.clean else _read_json(run.texts_file)
    run.texts = render.TextCache(entries)
    run.articles = render.ArticleCache(run.cache / "articles")
    total = len(run.catalog)
    run.rendered = render.render(run.catalog, run.project, texts=run.texts, articles=run.articles,
                                 documents=run.cache / "suchdokumente", interest=run.interest,
                                 progress=lambda n: progress.update(f"{n} von {total} Fällen"))
    progress.detail = (f"{plural(total, 'Fall', 'Fälle')}, {plural(len(run.rendered.pages), 'Seite', 'Seiten')}, "
                       f"{run.articles.hits} Fallseiten aus dem Zwischenspeicher")


def stage_site(run: Run, progress: Progress) -> None:
    assert run.rendered is not None
    assert run.catalog is not None
    fingerprint = run.project.fingerprint()
    state = {} if run.clean else _read_json(run.state_file)
    run.tree = tree = site.Tree(run.cache / "site")
    dirty = state.get("fingerprint") == fingerprint and tree.html.is_dir()
    if not dirty:
        tree.clear()
    run.state_file.unlink(missing_ok=True)  # written again only after a complete build
    changes = site.sync(tree, run.rendered.pages, run.rendered.files, run.project)
    run.rendered.pages.clear()  # written now; the memory is the search stage's (10,000 pages ≈ 300 MB)
    site.write_config(tree, run.project)
    site.remove_outputs(tree, changes.removed)
    lastmod = {layout.case_url(case.id): str(case.data["reviewed"]) for case in run.catalog.cases}
    processes = site.run(tree, dirty=dirty, stamp=run.stamp, lastmod=lastmod)
    how = (f"{plural(len(changes.written), 'Seite', 'Seiten')} neu, {plural(len(changes.removed), 'entfernt', 'entfernt')}"
           if dirty else f"alles neu, {plural(processes, 'Prozess', 'Prozesse')}")
    progress.detail = how
    # The new site: hard links to the renderer's output (which it only ever replaces, never rewrites).
    shutil.copytree(tree.html, run.built, copy_function=os.link)
    redirects = write_redirects(run.catalog, run.built, run.project.config.get("site_name", "Praxisbörse"))
    if redirects:
        progress.detail += f", {plural(redirects, 'Weiterleitung', 'Weiterleitungen')}"
    _write_json(run.cache / "pending-state.json", {"fingerprint": fingerprint})


def stage_search(run: Run, progress: Progress) -> None:
    assert run.rendered is not None
    assert run.catalog is not None
    lexicon = terms.Lexicon.of(run.catalog.cases)
    related = terms.related_words(run.catalog.cases, lexicon)
    documents = terms.WithRelated(run.rendered.search, related)
    indexed = search.index(documents, run.built, cache=run.cache / "search")
    (run.built / layout.PAGEFIND / layout.WORD_LIST).write_text(terms.word_list(lexicon, related), encoding="utf-8")
    report = search.last_run
    progress.detail = f"{plural(indexed, 'Fallseite', 'Fallseiten')} indexiert"
    if report.shards > 1:
        progress.detail += (f" in {report.shards} Teilen, {len(report.indexed)} davon neu, "
                            f"{len(report.reused)} aus dem Zwischenspeicher")
    elif report.reused:
        progress.detail += " (aus dem Zwischenspeicher)"


def stage_export(run: Run, progress: Progress) -> None:
    assert run.catalog is not None
    config = run.project.config
    files = export.export(run.catalog, run.built, base=config.get("site_url") or "/",
                          title=config.get("site_name", "Praxisbörse"), stamp=run.stamp.date(),
                          network=run.rendered.network if run.rendered else None)
    progress.detail = ", ".join(f.name for f in files)


def stage_share(run: Run, progress: Progress) -> None:
    """What a conference, a chat or another site shows of a page: the QR code of every case and collection,
    the embeddable card of every case, the link preview image of those pages and the home page. Each
    needs the permanent, absolute address: without an absolute site_url there are none."""
    assert run.catalog is not None
    config = run.project.config
    site_url = str(config.get("site_url") or "")
    if not site_url.startswith(("https://", "http://")):
        progress.detail = "keine, ohne absolute site_url in mkdocs.yml"
        return
    pages = [layout.case_url(case.id) for case in run.catalog.cases]
    pages += [layout.listing_url(layout.COLLECTIONS, c.slug) for c in run.catalog.collections]
    codes = qr.write(pages, run.built, site_url, cache=run.cache / "qr")
    site_name = str(config.get("site_name", "Praxisbörse"))
    cards = embed.write(run.catalog.cases, run.built, site_url, site_name, render.place)
    images = preview.write(render.previews(run.catalog, config), run.built, site_name, cache=run.cache / "vorschau")
    progress.detail = (f"{plural(codes, 'QR-Code', 'QR-Codes')}, {plural(cards, 'Karte', 'Karten')} zum Einbetten, "
                       f"{plural(images, 'Vorschaubild', 'Vorschaubilder')}")


def stage_publish(run: Run, progress: Progress) -> None:
    (run.built / layout.MARKER).write_text(
        "Von 'python -m generator build' erzeugt; wird beim nächsten Build ersetzt.\n", encoding="utf-8")
    publish.publish(run.built, run.out)
    assert run.texts is not None and run.articles is not None
    _write_json(run.texts_file, run.texts.used)
    run.articles.prune()
    os.replace(run.cache / "pending-state.json", run.state_file)
    progress.detail = f"{run.out}"


STAGES: tuple[tuple[str, Callable[[Run, Progress], None]], ...] = (
    ("Fälle prüfen", stage_check),
    ("Seiten erzeugen", stage_render),
    ("Website bauen (MkDocs)", stage_site),
    ("Suchindex (Pagefind)", stage_search),
    ("Offene Daten exportieren", stage_export),
    ("QR-Codes, Karten, Vorschaubilder", stage_share),
    ("Veröffentlichen", stage_publish),
)


def redirect_page(target: str, title: str, site_name: str) -> str:
    url = html.escape(target)
    return (f'<!doctype html>\n<html lang="de"><head><meta charset="utf-8">'
            f'<title>Weitergeleitet: {html.escape(title)} - {html.escape(site_name)}</title>'
            f'<link rel="canonical" href="{url}"><meta name="robots" content="noindex">'
            f'<meta http-equiv="refresh" content="0; url={url}"></head>'
            f'<body><p>Dieser Fall hat eine neue Adresse: <a href="{url}">{html.escape(title)}</a>.</p>'
            f'</body></html>\n')


def write_redirects(catalog: Catalog | None, built: Path, site_name: str) -> int:
    count = 0
    for case in catalog.cases if catalog else ():
        for former in case.data.get("redirect_from", ()):
            path = built / layout.case_url(former) / layout.INDEX_HTML
            path.parent.mkdir(parents=True, exist_ok=True)
            site.replace(path, redirect_page(f"../{case.id}/", case.title, site_name).encode("utf-8"))
            count += 1
    return count


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _write_json(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    site.replace(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def build(cases: Path, out: Path, *, project: Project | None = None, progress: Progress | None = None,
          problem_format: str = "text", today: date | None = None, clean: bool = False,
          cache: Path | None = None, interest: Path | None = None) -> Progress:
    """Build the site from ``cases`` into ``out``; raise BuildError (``out`` untouched) on any failure.

    ``project`` is the folder whose settings, pages and templates override the package's (default: the
    working folder); ``today`` is the day the checks run on (the output's dates never depend on it,
    see ``stamp.py``); ``clean`` ignores the cache;
    ``interest`` is a file written by ``python -m generator interest`` (the build never asks the network)."""
    progress = progress or Progress()
    progress.total_stages = len(STAGES)
    if not cases.is_dir():
        raise BuildError(f"Den Ordner '{cases}' mit den Fällen gibt es nicht.")
    check_target(out, cases)
    run = Run(project=project or Project(Path.cwd()), cases=cases, out=out, today=today or date.today(),
              clean=clean, problem_format=problem_format, cache=cache or cache_dir(out))
    try:
        run.project.config  # noqa: B018 - read the settings before anything else, to report them first
        if interest is not None:
            run.interest = dict(interest_file.load(interest))
        if clean:
            shutil.rmtree(run.cache, ignore_errors=True)
        run.cache.mkdir(parents=True, exist_ok=True)
        run.work = publish.staging_dir(out)
    except (ConfigError, interest_file.InterestError) as exc:
        raise BuildError(str(exc)) from exc
    except OSError as exc:
        raise BuildError(f"Der Zielordner '{out}' lässt sich nicht anlegen ({exc.strerror}). "
                         "Bitte einen anderen Zielordner wählen.") from exc
    try:
        for label, stage in STAGES:
            with progress.stage(label) as p:
                stage(run, p)
    except BuildError:
        raise
    except (site.SiteError, search.SearchError, ConfigError, thesaurus.ThesaurusError, StampError) as exc:
        raise BuildError(f"{exc}. Die bisherige Website in '{out}' bleibt unverändert.") from exc
    except OSError as exc:
        raise BuildError(f"Eine Datei ließ sich nicht schreiben oder lesen ({exc.strerror}: "
                         f"{exc.filename}). Die bisherige Website in '{out}' bleibt unverändert.") from exc
    except Exception as exc:  # a bug of ours: still no traceback, still no damage
        raise BuildError(f"Interner Fehler in der Stufe '{progress.current}' ({type(exc).__name__}: {exc}). "
                         f"Die bisherige Website in '{out}' bleibt unverändert.") from exc
    finally:
        shutil.rmtree(run.work, ignore_errors=True)
    return progress


def run(cases: Path, out: Path, problem_format: str = "text", clean: bool = False,
        interest: Path | None = None) -> int:
    start = time.perf_counter()
    try:
        build(cases, out, problem_format=problem_format, clean=clean, interest=interest)
    except BuildError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    print(f"Fertig in {time.perf_counter() - start:.1f} s: {out}/index.html", file=sys.stderr)
    return 0
