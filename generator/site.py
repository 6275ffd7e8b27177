"""Site stage: the rendered pages → HTML, with MkDocs and Material (a replaceable renderer).

The stage keeps its own working tree (in the build cache): the staged docs,
the theme overrides, the settings file and MkDocs' output. A page whose
source did not change keeps its file and its time stamp, so MkDocs' "dirty"
mode renders only what changed; a changed fingerprint (package, templates,
settings) means a clean build. MkDocs writes every file by replacing it
(never in place), so the published site, which shares unchanged files with
this tree through hard links, is never touched by a later build.
"""

from __future__ import annotations

import gzip
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator, Mapping
from xml.sax.saxutils import escape

import yaml

from . import layout
from .parallel import write_new as replace  # a new file (a new inode): no hard link to the old one sees the change
from .project import OVERRIDES, Project

PARALLEL_MIN_CASES = 400  # below this, a second process costs more than it saves
MAIN_SHARE = 0.45  # the main part also renders the listing pages, so it takes fewer case pages
SITEMAP = "sitemap.xml"


class SiteError(Exception):
    pass


@dataclass
class Tree:
    """The site stage's working folders inside the build cache."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def html(self) -> Path:
        return self.root / "html"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def clear(self) -> None:
        for folder in (self.docs, self.html, self.theme):
            shutil.rmtree(folder, ignore_errors=True)
        self.config.unlink(missing_ok=True)


@dataclass
class Changes:
    """What a sync of the staged docs changed, as docs-relative paths."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    replace(path, data)
    return True


def sync(tree: Tree, pages: Mapping[str, str], files: Mapping[str, Path], project: Project) -> Changes:
    """Make the staged docs (and theme overrides) equal the rendered pages; touch only what differs."""
    changes = Changes()
    wanted: set[str] = set()
    for rel, text in pages.items():
        wanted.add(rel)
        if _write_if_changed(tree.docs / rel, text.encode("utf-8")):
            changes.written.append(rel)
    for rel, source in files.items():
        wanted.add(rel)
        if _write_if_changed(tree.docs / rel, source.read_bytes()):
            changes.written.append(rel)
    if tree.docs.is_dir():
        for path in sorted(tree.docs.rglob("*")):
            if path.is_file() and path.relative_to(tree.docs).as_posix() not in wanted:
                path.unlink()
                changes.removed.append(path.relative_to(tree.docs).as_posix())
    theme_wanted = set()
    for name, source in project.templates(OVERRIDES).items():
        theme_wanted.add(name)
        if _write_if_changed(tree.theme / name, source.read_bytes()):
            changes.written.append(f"(theme)/{name}")
    tree.theme.mkdir(parents=True, exist_ok=True)
    for path in sorted(tree.theme.rglob("*")):
        if path.is_file() and path.relative_to(tree.theme).as_posix() not in theme_wanted:
            path.unlink()
    return changes


def write_config(tree: Tree, project: Project) -> None:
    """The renderer's settings file: the project's merged settings with our folders filled in."""
    config = dict(project.config)
    config["docs_dir"] = str(tree.docs)
    config["site_dir"] = str(tree.html)
    config["theme"] = {**(config.get("theme") or {}), "custom_dir": str(tree.theme)}
    hooks = Path(__file__).with_name("renderer_hooks.py")
    # A project's own hooks are named relative to its mkdocs.yml; this file lives elsewhere.
    config["hooks"] = [str(project.root / h) for h in (config.get("hooks") or [])] + [str(hooks)]
    _write_if_changed(tree.config, yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8"))


def remove_outputs(tree: Tree, removed: list[str]) -> None:
    """Delete what MkDocs made from sources that are gone (a dirty build leaves it behind)."""
    for rel in removed:
        output = tree.html / (layout.output_of(rel) if rel.endswith(".md") else rel)
        output.unlink(missing_ok=True)
        folder = output.parent
        while folder != tree.html and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def run(tree: Tree, *, dirty: bool, stamp: datetime, lastmod: Mapping[str, str] | None = None,
        workers: int | None = None) -> int:
    """Build ``tree.docs`` into ``tree.html``; return the number of processes used. ``stamp``: the build
    stamp (``stamp.py``), MkDocs' build date and the sitemap's date of a page not in ``lastmod`` (page URL
    → its own date)."""
    epoch = str(int(stamp.timestamp()))
    for name in (SITEMAP, f"{SITEMAP}.gz"):  # MkDocs writes the gzip file in place: give it a new one
        (tree.html / name).unlink(missing_ok=True)
    with _source_date(epoch):
        if dirty:
            build(tree.config, dirty=True)
            processes = 1
        else:
            shutil.rmtree(tree.html, ignore_errors=True)
            processes = build_parallel(tree, workers)
    write_sitemap(tree, stamp.date(), lastmod or {})
    return processes


@contextmanager
def _source_date(epoch: str) -> Iterator[None]:
    """Pin MkDocs' build date (SOURCE_DATE_EPOCH), so the output depends on the input only."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_parallel(tree: Tree, workers: int | None = None) -> int:
    """Clean build in several processes: each renders every navigation page and a share of the case
    pages (which are not in the navigation, so their pages come out the same); the helpers' case pages
    are then moved into ``tree.html``."""
    cases = sorted((tree.docs / layout.CASES).glob("*.md"))
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(cases) < PARALLEL_MIN_CASES:
        build(tree.config)
        return 1
    main_count = int(len(cases) * MAIN_SHARE)
    rest = set(cases[main_count:])
    parts = []
    main_tree = Tree(tree.root / "teil-1")
    _part_tree(tree, main_tree, [c for c in cases if c not in rest], html=tree.html)
    ordered = cases[main_count:]
    for index in range(workers - 1):
        part = Tree(tree.root / f"teil-{index + 2}")
        _part_tree(tree, part, ordered[index::workers - 1])
        parts.append(part)
    try:
        with ProcessPoolExecutor(max_workers=len(parts), mp_context=get_context("fork")) as pool:
            futures = [pool.submit(build, part.config, False, logging.ERROR) for part in parts]
            build(main_tree.config)
            for future in futures:
                future.result()
        for part in parts:
            for page in (part.html / layout.CASES).iterdir():
                os.rename(page, tree.html / layout.CASES / page.name)
    finally:
        for part in [main_tree, *parts]:
            shutil.rmtree(part.root, ignore_errors=True)
    return workers


def _part_tree(tree: Tree, part: Tree, cases: list[Path], html: Path | None = None) -> None:
    """A docs tree of hard links: every page but the case pages, plus ``cases``; its own settings file."""
    shutil.rmtree(part.root, ignore_errors=True)
    for source in tree.docs.rglob("*"):
        rel = source.relative_to(tree.docs)
        if source.is_dir() or rel.parts[0] == layout.CASES and source.suffix == ".md":
            continue
        if html is None and rel.parts[0] in layout.LISTING_SECTIONS and rel.name != "index.md":
            continue  # the listing pages are rendered by the main part only
        target = part.docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    (part.docs / layout.CASES).mkdir(parents=True, exist_ok=True)
    for case in cases:
        os.link(case, part.docs / layout.CASES / case.name)
    config = yaml.safe_load(tree.config.read_text(encoding="utf-8"))
    config["docs_dir"] = str(part.docs)
    config["site_dir"] = str(html or part.html)
    part.root.mkdir(parents=True, exist_ok=True)
    part.config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_sitemap(tree: Tree, stamp: date, lastmod: Mapping[str, str]) -> None:
    """sitemap.xml (and .gz) of every page, in URL order, with a fixed gzip time: the same for a
    clean, a parallel and an incremental build of the same input. A page's date is its own from
    ``lastmod`` (a case page: the day its case was last reviewed), else the build stamp."""
    config = yaml.safe_load(tree.config.read_text(encoding="utf-8"))
    base = (config.get("site_url") or "").rstrip("/") + "/"
    urls = sorted(layout.output_of(p.relative_to(tree.docs).as_posix())[:-len(layout.INDEX_HTML)]
                  for p in tree.docs.rglob("*.md"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        lines.append(f"    <url>\n         <loc>{escape(base + url)}</loc>\n"
                     f"         <lastmod>{lastmod.get(url, stamp.isoformat())}</lastmod>\n    </url>")
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    replace(tree.html / SITEMAP, data)
    replace(tree.html / f"{SITEMAP}.gz", gzip.compress(data, mtime=0))


@contextmanager
def _replacing_writes() -> Iterator[None]:
    """MkDocs writes and copies files in place; make it replace them instead (see the module's doc)."""
    from mkdocs import utils

    def write_file(content: bytes, output_path: str) -> None:
        path = Path(output_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        replace(path, content)

    def copy_file(source_path: str, output_path: str) -> None:
        path = Path(output_path)
        if path.is_dir():
            path = path / Path(source_path).name
        path.parent.mkdir(parents=True, exist_ok=True)
        replace(path, Path(source_path).read_bytes())

    saved = utils.write_file, utils.copy_file
    utils.write_file, utils.copy_file = write_file, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = saved


class _DirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may give wrong navigation; ours has a fixed navigation."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def build(config_file: Path, dirty: bool = False, log_level: int = logging.WARNING) -> None:
    """Run ``mkdocs build`` in this process with the settings file of a tree."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    for name in ("mkdocs", "material"):
        logging.getLogger(name).setLevel(log_level)
    quiet = _DirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        config = load_config(config_file=str(config_file))
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            with _replacing_writes():
                mkdocs_build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise SiteError(f"MkDocs konnte die Website nicht bauen: {exc}") from exc
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
