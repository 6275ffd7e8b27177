"""Site stage: the staging docs tree → HTML, with MkDocs and Material (a replaceable renderer)."""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = PROJECT / "mkdocs.yml"


class SiteError(Exception):
    pass


def read_config(path: Path = CONFIG) -> dict[str, Any]:
    """The plain settings of mkdocs.yml (site_name, extra, …) for our own templates."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' !ENV and !relative tags; read them as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


CASE_DIR = "faelle"
LISTING_DIRS = ("themen", "kommunen", "laender")
PARALLEL_MIN_CASES = 400  # below this, a second process costs more than it saves
MAIN_SHARE = 0.45  # the main part also renders the listing pages, so it takes fewer case pages


def build_parallel(docs: Path, out: Path, workers: int | None = None) -> int:
    """Build with MkDocs in several processes: each renders every navigation page and a share of the
    case pages (which are not in the navigation, so their pages come out the same); the case pages of
    the helpers are then moved into ``out``. Returns the number of processes used."""
    cases = sorted((docs / CASE_DIR).glob("*.md"))
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(cases) < PARALLEL_MIN_CASES:
        build(docs, out)
        return 1
    main_count = int(len(cases) * MAIN_SHARE)
    rest = cases[main_count:]
    parts = []
    for index in range(workers - 1):
        part = docs.parent / f"{docs.name}-teil-{index + 2}"
        _helper_tree(docs, part, rest[index::workers - 1])
        parts.append((part, out.parent / f"{out.name}-teil-{index + 2}"))
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=get_context("fork")) as pool:
        futures = [pool.submit(build, part_docs, part_out, CONFIG, logging.ERROR) for part_docs, part_out in parts]
        build(docs, out)
        for future in futures:
            future.result()
    for part_docs, part_out in parts:
        _merge(part_out, out)
        shutil.rmtree(part_docs, ignore_errors=True)
        shutil.rmtree(part_out, ignore_errors=True)
    return workers


def _helper_tree(docs: Path, part: Path, cases: list[Path]) -> None:
    """A docs tree with everything but the case and listing pages, plus ``cases`` moved in from ``docs``."""
    for source in docs.rglob("*"):
        rel = source.relative_to(docs)
        top = rel.parts[0]
        if source.is_dir() or top == CASE_DIR or (top in LISTING_DIRS and rel.name != "index.md"):
            continue
        target = part / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    (part / CASE_DIR).mkdir(parents=True, exist_ok=True)
    for case in cases:
        os.rename(case, part / CASE_DIR / case.name)


_URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)


def _merge(part_out: Path, out: Path) -> None:
    """Move the helper's case pages into ``out`` and add them to the sitemap."""
    for page in (part_out / CASE_DIR).iterdir():
        os.rename(page, out / CASE_DIR / page.name)
    sitemap = out / "sitemap.xml"
    if sitemap.exists() and (part_out / "sitemap.xml").exists():
        extra = [entry for entry in _URL_ENTRY.findall((part_out / "sitemap.xml").read_text(encoding="utf-8"))
                 if f"/{CASE_DIR}/" in entry]
        text = sitemap.read_text(encoding="utf-8").replace("</urlset>", "".join(extra) + "\n</urlset>")
        sitemap.write_text(text, encoding="utf-8")
        with gzip.open(out / "sitemap.xml.gz", "wb") as handle:
            handle.write(text.encode("utf-8"))


def build(docs: Path, out: Path, config_file: Path = CONFIG, log_level: int = logging.WARNING) -> None:
    """Run ``mkdocs build`` in this process with docs_dir and site_dir overridden."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    for name in ("mkdocs", "material"):
        logging.getLogger(name).setLevel(log_level)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(out))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise SiteError(f"MkDocs konnte die Website nicht bauen: {exc}") from exc
