"""Search stage: Pagefind's Python API over the built HTML (bundle at ``/pagefind/``)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex


class SearchError(Exception):
    pass


async def _index(site: Path) -> None:
    # The bundle is written when the context ends; an absolute path, so the working folder stays clean.
    config = IndexConfig(exclude_selectors=[".headerlink"], output_path=str((site / "pagefind").resolve()))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=str(site), glob="faelle/**/*.html")


def indexed_pages(site: Path) -> int:
    """Pages that really are in the written index (all languages), from Pagefind's entry file."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def _run(coroutine) -> None:
    """asyncio.run, also when the caller already runs an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def index(site: Path, expected: int) -> int:
    """Index the case pages; fail unless exactly ``expected`` pages were indexed."""
    try:
        _run(_index(site))
        count = indexed_pages(site)
    except Exception as exc:  # the service reports failures in many shapes
        raise SearchError(f"Pagefind konnte den Suchindex nicht bauen: {exc}") from exc
    if count != expected:
        raise SearchError(f"Pagefind hat {count} Seiten indexiert, erwartet waren {expected} Fallseiten. "
                          "Eine Fallseite ist nicht als Suchinhalt markiert (data-pagefind-body)")
    return count
