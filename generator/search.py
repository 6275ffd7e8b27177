"""Search stage: Pagefind's own CLI over one small HTML document per case, in shards, with a cache.

``index(documents, site, cache=...)`` gets, from the render stage, a complete little HTML page per case
id (its content marked ``data-pagefind-body``, with ``data-pagefind-filter/meta/sort/weight/ignore``
attributes) and writes the search bundle(s) under ``site/pagefind/``, each page at ``/faelle/<id>/``.
Pagefind runs as its CLI binary, one process per shard, in a folder of its own; a non-zero exit, a
missing entry file or a page count that differs from the documents is a ``SearchError``. (Pagefind's
Python API is not used: its service answers "written" while the files are still being written in the
background, and the wrapper then stops the service, which can leave files empty.)

Shards. Pagefind needs about 470 KB of memory per page (a search document with its related words,
``terms.py``; 320 KB without them), so one index over 10,000 cases needs over 4 GB. Above ``shard_size`` cases they are split into ``ceil(n / shard_size)`` shards by a stable hash
of their id (the shard count depends on the number of cases only; ``plan``), and every shard is its
own Pagefind bundle: the first at ``pagefind/`` (so one shard is exactly a plain Pagefind site), the
others at ``pagefind/teil-2/`` … ``pagefind/teile.json`` (``MANIFEST``) lists them; the search page
loads the first bundle and merges the others (Pagefind's ``mergeIndex``, which reuses the first one's
WebAssembly), so the merged bundles are trimmed to their index files. At most ``MAX_PROCESSES``
Pagefind processes run at a time, and only as many as fit in ``MEMORY_BUDGET_MB``.

The shard size is a trade-off, measured with ``bench/search_index.py`` at 10,000 cases: every bundle adds
its own index chunk (~26 KB) to a search, so a first search loads (entry + wasm + meta + chunks)
229 KB from one bundle, 287 KB from 3, 322 KB from 5 and 436 KB from 10 bundles; Pagefind's memory
per process is ~470 KB per page of its shard. ``SHARD_SIZE`` 3,500 keeps the first search under
300 KB (3 shards at 10,000; 220–276 KB measured with the related words, ``bench/search.py --payload``)
and one Pagefind process at about 1.5 GB (1.0 GB before the related words), one at a time.

Sorting across shards. Pagefind merges the results of several bundles by score, and in a sorted
search the score is a page's place in its own bundle, so the merged order is wrong. The search page
asks each bundle on its own and merges the sorted lists by the sort value; for that, every
``data-pagefind-sort="key:value"`` of a document is also written as meta ``sort-<key>``
(``SORT_META_PREFIX``). Known limit: when no word of a shard starts with a search term, Pagefind
falls back, in that shard, to the longest indexed word the term starts with ("Bauantrag" → "b"),
which one bundle over all cases would not do when another shard has the term.

Incremental. With ``cache`` given, every shard's bundle is kept in ``cache/<key>/``, where the key is
a hash of the shard's ids and documents, the Pagefind version and our options. A shard whose key is
already there is linked (or copied) instead of indexed again; entries the call did not use are
deleted, so the cache holds one build's shards. Editing one case re-indexes one shard.

Determinism. Pagefind's own output is not byte-stable: it writes the values of a filter, the list of
filters and the list of sort orders in the iteration order of a randomly seeded hash map (no setting
changes that), so the filter files (and with their names the ``.pf_meta`` and ``pagefind-entry.json``)
differ between two runs over the same input, in order only; fragments and word index chunks do not.
So every bundle is rewritten in a fixed order right after Pagefind wrote it (``stabilise``): filter
values by value, filters and sort orders by name, each file named as Pagefind names it (language and
SHA-1 of its content) and compressed with a zero gzip time. Two builds of the same input give the
same bundle, byte for byte. A bundle of a format this does not know (read back, it would not give the
same bytes) is left as Pagefind wrote it; ``content`` still compares bundles by what they find.

Settings:

- ``PRAXISBOERSE_SHARD_SIZE``: the shard size when the caller gives none (the browser tests build the
  14 shipped cases in several shards with ``PRAXISBOERSE_SHARD_SIZE=4``).
- ``PAGEFIND_BINARY_PATH``: the Pagefind binary to run (as for Pagefind's own Python API); by default
  the one of the ``pagefind_bin`` package. Other ``PAGEFIND_*`` variables are not passed on.

``last_run`` tells what the latest call did (shards indexed and reused, peak memory and CPU time of
each Pagefind process); ``runs`` counts the Pagefind processes this Python process has started.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import layout

SHARD_SIZE = 3500  # see the module's doc
MAX_PROCESSES = 2          # Pagefind processes at a time, at most …
MEMORY_BUDGET_MB = 1300    # … and only as many as fit together in this much memory:
PAGE_RSS_KB = 470          # Pagefind's peak RSS per page (measured 455–475 KB with related words) …
BASE_RSS_MB = 40           # … plus this
SHARD_PREFIX = "teil-"     # pagefind/teil-2/, pagefind/teil-3/, …
MANIFEST = "teile.json"    # pagefind/teile.json: the bundles the search page loads
SORT_META_PREFIX = "sort-"  # meta sort-<key> repeats data-pagefind-sort="<key>:<value>"
SHARD_SIZE_ENV = "PRAXISBOERSE_SHARD_SIZE"
BINARY_ENV = "PAGEFIND_BINARY_PATH"
EXCLUDE_SELECTORS = (".headerlink",)
CACHE_FORMAT = "praxisboerse-suche-2"  # part of every cache key: change it when the bundle format changes

# What a merged (non-first) bundle does not need: Pagefind's JS, CSS, UI and WebAssembly.
_MERGED_BUNDLE_EXTRAS = ("*.js", "*.css", "wasm.*")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_BODY_TAG = re.compile(r"<[A-Za-z][^>]*?\sdata-pagefind-body(?:[\s=/>])[^>]*>", re.DOTALL)
_SORT_ATTR = re.compile(r"""\sdata-pagefind-sort\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class SearchError(Exception):
    """Indexing failed; the message says why, in plain German."""


@dataclass
class Report:
    """What one call of ``index`` did."""

    pages: int = 0
    shards: int = 0
    indexed: list[int] = field(default_factory=list)    # shard numbers (1-based) Pagefind indexed
    reused: list[int] = field(default_factory=list)     # shard numbers copied from the cache
    peak_rss_kb: list[int] = field(default_factory=list)  # max RSS of each Pagefind process
    cpu_seconds: float = 0.0   # user + system time of the Pagefind processes
    processes: int = 0         # Pagefind processes that ran at a time (at most)
    seconds: float = 0.0


last_run: Report = Report()
runs = 0  # Pagefind processes started by this Python process


# --- shards ----------------------------------------------------------------------------------------

def configured_shard_size() -> int:
    """``$PRAXISBOERSE_SHARD_SIZE`` if set, else ``SHARD_SIZE``."""
    raw = os.environ.get(SHARD_SIZE_ENV, "").strip()
    if not raw:
        return SHARD_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise SearchError(f"{SHARD_SIZE_ENV}='{raw}' ist keine gültige Teilgröße (eine ganze Zahl ab 1 erwartet)")
    return size


def shard_count(cases: int, shard_size: int) -> int:
    """How many shards ``cases`` cases make: a function of the number alone."""
    return max(1, math.ceil(cases / shard_size))


def shard_of(case_id: str, count: int) -> int:
    """The shard (0-based) of a case: a stable hash of its id, the same on every machine and run."""
    digest = hashlib.sha256(case_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def plan(case_ids, shard_size: int) -> list[list[str]]:
    """The shards of these cases, in order, each a sorted list of ids. A shard the hash leaves
    empty (possible with few cases) is left out, so the numbers of the others move up."""
    ids = sorted(case_ids)
    count = shard_count(len(ids), shard_size)
    shards: list[list[str]] = [[] for _ in range(count)]
    for case_id in ids:
        shards[shard_of(case_id, count)].append(case_id)
    return [shard for shard in shards if shard]


def shard_folder(number: int) -> str:
    """The folder of shard ``number`` (0-based) within the bundle folder: '' for the first."""
    return "" if number == 0 else f"{SHARD_PREFIX}{number + 1}/"


# --- documents -------------------------------------------------------------------------------------

def _check(documents: Mapping[str, str]) -> None:
    for case_id, document in documents.items():
        if not isinstance(case_id, str) or not _ID.fullmatch(case_id):
            raise SearchError(f"Suchindex: '{case_id}' ist keine gültige Fall-ID für eine Adresse unter "
                              f"/{layout.CASES}/")
        if not isinstance(document, str) or "<html" not in document.lower():
            raise SearchError(f"Suchindex: Das Suchdokument des Falls '{case_id}' ist keine HTML-Seite "
                              "(es fehlt das <html>-Element)")
        if not _BODY_TAG.search(document):
            raise SearchError(f"Suchindex: Im Suchdokument des Falls '{case_id}' ist kein Inhalt als "
                              "Suchinhalt markiert (data-pagefind-body fehlt)")


def with_sort_meta(document: str) -> str:
    """The document with every sort value also as meta ``sort-<key>``, right inside the indexed element."""
    metas = []
    for match in _SORT_ATTR.finditer(document):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        key, sep, rest = value.partition(":")
        if sep and key.strip():
            quoted = f"{SORT_META_PREFIX}{key.strip()}:{rest}".replace('"', "&quot;")
            metas.append(f'<span hidden data-pagefind-meta="{quoted}"></span>')
    if not metas:
        return document
    body = _BODY_TAG.search(document)
    assert body is not None  # checked before
    return document[:body.end()] + "".join(metas) + document[body.end():]


# --- Pagefind --------------------------------------------------------------------------------------

def binary() -> Path:
    """The Pagefind binary: ``$PAGEFIND_BINARY_PATH``, else the one the ``pagefind_bin`` package ships."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return Path(configured)
    try:
        from pagefind_bin import get_executable
        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchError("Pagefind ist nicht installiert (pip install 'pagefind[bin]')") from exc


@lru_cache(maxsize=8)
def _version(path: str, mtime: float) -> str:
    try:
        proc = subprocess.run([path, "--version"], check=False, capture_output=True, text=True, timeout=60, env=_env())
    except OSError as exc:
        raise SearchError(f"Pagefind ließ sich nicht starten ({path}: {exc.strerror or exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise SearchError(f"Pagefind antwortet nicht ({path} --version)") from exc
    if proc.returncode != 0:
        raise SearchError(f"Pagefind ließ sich nicht starten ({path} --version: Exit-Code {proc.returncode}"
                          f"{_tail(proc.stderr)})")
    return proc.stdout.strip()


def pagefind_version(path: Path) -> str:
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise SearchError(f"Pagefind wurde nicht gefunden: {path}") from exc
    return _version(str(path), mtime)


def _env() -> dict[str, str]:
    """The environment for Pagefind: without PAGEFIND_* settings, which would override our options."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}


def _tail(text: str, lines: int = 6) -> str:
    # Pagefind colours its warnings on a terminal; keep the words only.
    clean = [re.sub(r"\x1b\[[0-9;]*m", "", line).rstrip() for line in text.strip().splitlines()]
    clean = [line for line in clean if line]
    return (": " + " / ".join(clean[-lines:])) if clean else ""


def _arguments(site: Path, out: Path) -> list[str]:
    args = ["--site", str(site), "--output-path", str(out), "--glob", f"{layout.CASES}/**/*.html"]
    for selector in EXCLUDE_SELECTORS:
        args += ["--exclude-selectors", selector]
    return args


@dataclass
class _Shard:
    number: int                      # 0-based
    documents: dict[str, str]        # case id → document, sorted by id
    key: str = ""
    bundle: Path | None = None       # the finished bundle (in the cache or the work folder)
    peak_rss_kb: int = 0
    cpu_seconds: float = 0.0


def estimated_rss_mb(pages: int) -> float:
    return BASE_RSS_MB + pages * PAGE_RSS_KB / 1024


def processes(shards: list[_Shard]) -> int:
    """How many Pagefind processes may run at a time: at most MAX_PROCESSES, within MEMORY_BUDGET_MB."""
    if not shards:
        return 1
    largest = estimated_rss_mb(max(len(shard.documents) for shard in shards))
    return max(1, min(MAX_PROCESSES, len(shards), int(MEMORY_BUDGET_MB // largest)))


def _key(shard: _Shard, version: str) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, version, json.dumps(_arguments(Path("S"), Path("O"))), str(len(shard.documents))):
        digest.update(part.encode("utf-8") + b"\0")
    for case_id, document in shard.documents.items():
        digest.update(case_id.encode("utf-8") + b"\0" + document.encode("utf-8") + b"\0")
    return digest.hexdigest()[:40]


def _run_pagefind(exe: Path, shard: _Shard, work: Path, out: Path, total: int) -> None:
    """Write the shard's documents as a little site and index it into ``out`` (fresh)."""
    global runs
    source = work / f"quelle-{shard.number + 1}"
    for case_id, document in shard.documents.items():
        page = source / layout.case_url(case_id) / layout.INDEX_HTML
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(with_sort_meta(document), encoding="utf-8")
    log_out, log_err = work / f"pagefind-{shard.number + 1}.out", work / f"pagefind-{shard.number + 1}.err"
    where = f" (Teil {shard.number + 1} von {total})" if total > 1 else ""
    with open(log_out, "wb") as stdout, open(log_err, "wb") as stderr:
        try:
            # Its own working folder, so that no pagefind.yml/.toml/.json of the project applies.
            proc = subprocess.Popen([str(exe), *_arguments(source, out)], cwd=work, stdin=subprocess.DEVNULL,
                                    stdout=stdout, stderr=stderr, env=_env())
        except OSError as exc:
            raise SearchError(f"Pagefind ließ sich nicht starten ({exe}: {exc.strerror or exc})") from exc
        runs += 1
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    shard.peak_rss_kb = usage.ru_maxrss
    shard.cpu_seconds = usage.ru_utime + usage.ru_stime
    shutil.rmtree(source, ignore_errors=True)
    if proc.returncode != 0:
        errors = log_err.read_text(encoding="utf-8", errors="replace")
        raise SearchError(f"Pagefind konnte den Suchindex{where} nicht bauen (Exit-Code {proc.returncode}"
                          f"{_tail(errors)})")
    if not (out / "pagefind-entry.json").is_file():
        raise SearchError(f"Pagefind hat keinen Suchindex{where} geschrieben (pagefind-entry.json fehlt"
                          f"{_tail(log_err.read_text(encoding='utf-8', errors='replace'))})")
    count = bundle_pages(out)
    if count != len(shard.documents):
        missing = sorted(set(shard.documents) - {_case_of(url) for url in bundle_urls(out)})
        names = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise SearchError(f"Pagefind hat{where} {count} von {len(shard.documents)} Fallseiten indexiert"
                          + (f"; es fehlen: {names}" if missing else ""))
    stabilise(out)


def _case_of(url: str) -> str:
    prefix = f"/{layout.CASES}/"
    return url[len(prefix):].strip("/") if url.startswith(prefix) else url


# --- reading bundles -------------------------------------------------------------------------------

def bundle_pages(bundle: Path) -> int:
    """Pages in one bundle (all languages), from Pagefind's entry file."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchError(f"Der Suchindex in '{bundle}' ist unvollständig (pagefind-entry.json: {exc})") from exc


def bundle_urls(bundle: Path) -> list[str]:
    """The URLs of the pages in one bundle, from its fragments."""
    urls = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        data = data.removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    return urls


def bundles(site: Path) -> list[Path]:
    """The bundle folders of a built site, the first one first (per the manifest, else just the one)."""
    root = site / layout.PAGEFIND
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [root] if (root / "pagefind-entry.json").is_file() else []
    return [root / folder for folder in manifest.get("bundles", [])]


def indexed_pages(site: Path) -> int:
    """Pages that really are in the written index, over all shards."""
    return sum(bundle_pages(bundle) for bundle in bundles(site))


def indexed_urls(site: Path) -> set[str]:
    """The URLs of all indexed pages, over all shards."""
    return {url for bundle in bundles(site) for url in bundle_urls(bundle)}


# --- comparing bundles ----------------------------------------------------------------------------

def _cbor(data: bytes, i: int = 0):
    """One CBOR item of Pagefind's index files (what minicbor writes), and where the next starts."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if major == 7:
        if info in (20, 21, 22):
            return {20: False, 21: True, 22: None}[info], i
        width = {25: 2, 26: 4, 27: 8}[info]
        return struct.unpack({2: ">e", 4: ">f", 8: ">d"}[width], data[i:i + width])[0], i + width
    if info < 24:
        arg = info
    else:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg, i = int.from_bytes(data[i:i + width], "big"), i + width
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        raw = data[i:i + arg]
        return (raw.decode("utf-8") if major == 3 else raw), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _cbor(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = {}
        for _ in range(arg):
            key, i = _cbor(data, i)
            pairs[key], i = _cbor(data, i)
        return pairs, i
    raise ValueError(f"CBOR major type {major}")


def _unpack(path: Path):
    return _cbor(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))[0]


# --- a stable bundle ------------------------------------------------------------------------------

_SIGNATURE = b"pagefind_dcd"  # what every compressed index file of Pagefind starts with, uncompressed


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << 8 * width:
            return bytes([major << 5 | info]) + arg.to_bytes(width, "big")
    raise ValueError(f"CBOR argument {arg}")


def _cbor_encode(value) -> bytes:
    """``value`` as minicbor writes Pagefind's index files: shortest heads, definite lengths (no floats,
    which these files do not hold)."""
    if value is True or value is False or value is None:
        return bytes([{False: 0xF4, True: 0xF5, None: 0xF6}[value]])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise ValueError(f"CBOR: {type(value).__name__}")


def _read_stable(path: Path):
    """An index file's content, if writing it back gives the very same bytes (else ValueError)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind index file")
    value, end = _cbor(data, len(_SIGNATURE))
    if end != len(data) or _cbor_encode(value) != data[len(_SIGNATURE):]:
        raise ValueError(f"{path.name}: unknown format")
    return value


def _pagefind_hash(data: bytes) -> str:
    """Pagefind's name of a file: the SHA-1 digest, each byte in hex without a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _write_stable(folder: Path, pattern: str, value, language: str, length: int, taken: set[str]) -> str:
    """Write ``value`` as an index file, named (``pattern`` filled in) as Pagefind names it; return the name."""
    data = _cbor_encode(value)
    digest = _pagefind_hash(data)
    name = f"{language}_{digest[:length]}"
    while name in taken and length < len(digest):  # a clash of short names: one more character
        length += 1
        name = f"{language}_{digest[:length]}"
    taken.add(name)
    (folder / pattern.format(name)).write_bytes(gzip.compress(_SIGNATURE + data, compresslevel=9, mtime=0))
    return name


def _entry_json(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def stabilise(bundle: Path) -> bool:
    """Rewrite what Pagefind wrote in hash-map order in a fixed one (see the module's doc); False (and
    the bundle untouched) for a format this does not know."""
    entry_file = bundle / "pagefind-entry.json"
    try:  # every file is read and sorted before the first one is replaced
        text = entry_file.read_text(encoding="utf-8")
        entry = json.loads(text)
        if _entry_json(entry) != text:
            return False
        languages = []
        for language, about in entry["languages"].items():
            meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
            meta = _read_stable(meta_file)
            filters = {}  # filter → its file and its content, the values sorted
            for _, name in meta[3]:
                path = bundle / "filter" / f"{name}.pf_filter"
                key, values = _read_stable(path)
                filters[key] = (path, [key, sorted(values, key=lambda value: value[0])])
            meta[4] = sorted(meta[4], key=lambda sort: sort[0])
            languages.append((language, meta_file, meta, filters))
    except (OSError, ValueError, KeyError, IndexError, TypeError, struct.error):
        return False
    for language, meta_file, meta, filters in languages:
        for path, _ in filters.values():
            path.unlink()
        taken: set[str] = set()
        meta[3] = [[key, _write_stable(bundle / "filter", "{}.pf_filter", filters[key][1], language, 7, taken)]
                   for key in sorted(filters)]
        meta_file.unlink()
        entry["languages"][language]["hash"] = _write_stable(bundle, "pagefind.{}.pf_meta", meta, language, 10, set())
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(_entry_json(entry), encoding="utf-8")
    return True


def content(site: Path) -> list[dict]:
    """Per bundle, what it finds, independent of Pagefind's random order of filter values and sorts:
    fragments and word index chunks as bytes (Pagefind writes them deterministically), filters as
    {filter: {value: pages}}, the meta file without the names of the filter files and with its sort
    orders by name. Two indexes of the same documents give equal content."""
    out = []
    for bundle in bundles(site):
        files = {str(p.relative_to(bundle)): p.read_bytes() for p in sorted(bundle.rglob("*"))
                 if p.is_file() and p.parent.name in ("fragment", "index")}
        filters = {}
        for path in (bundle / "filter").glob("*.pf_filter"):
            name, values = _unpack(path)[:2]
            filters[name] = {value[0]: sorted(value[1]) for value in values}
        # version, pages, index chunks, [filter, file], [sort, pages], …
        meta = _unpack(next(bundle.glob("*.pf_meta")))
        meta = meta[:3] + [dict(meta[4])] + meta[5:]
        out.append({"pages": bundle_pages(bundle), "files": files, "filters": filters, "meta": meta})
    return out


def fingerprint(site: Path) -> str:
    """A hash of ``content(site)``: equal for two indexes of the same documents."""
    canonical = [{**bundle, "files": {name: hashlib.sha256(data).hexdigest() for name, data in bundle["files"].items()}}
                 for bundle in content(site)]
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode("utf-8")).hexdigest()


# --- the stage -------------------------------------------------------------------------------------

def _place(source: Path, target: Path, *, merged: bool) -> None:
    """Put a finished bundle at ``target``: hard links where possible (bundle files are never rewritten)."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    ignore = shutil.ignore_patterns(*_MERGED_BUNDLE_EXTRAS) if merged else None
    shutil.copytree(source, target, copy_function=link, ignore=ignore, dirs_exist_ok=not merged)


def _complete(bundle: Path, pages: int) -> bool:
    """Whether a cached bundle is whole: its entry file and one fragment per page (every page's differs)."""
    try:
        return (bundle_pages(bundle) == pages
                and sum(1 for _ in (bundle / "fragment").glob("*.pf_fragment")) == pages)
    except SearchError:
        return False


def _write_manifest(root: Path, shards: list[_Shard], pages: int) -> None:
    manifest = {
        "version": 1,
        "pages": pages,
        "bundles": [shard_folder(shard.number) for shard in shards],
        "sortMetaPrefix": SORT_META_PREFIX,
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")


def _prune_cache(cache: Path, keep: set[str]) -> None:
    for entry in cache.iterdir():
        if entry.name not in keep:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def index(documents: Mapping[str, str], site: Path, *, cache: Path | None = None,
          shard_size: int | None = None, pagefind: Path | None = None) -> int:
    """Index ``documents`` (case id → HTML document) into ``site/pagefind/``; return the pages indexed.

    ``shard_size``: cases per shard at most (default ``$PRAXISBOERSE_SHARD_SIZE`` or ``SHARD_SIZE``);
    ``cache``: folder of reusable shard bundles (see the module's doc); ``pagefind``: the binary
    (default ``$PAGEFIND_BINARY_PATH`` or the ``pagefind_bin`` package's). Raises SearchError unless
    every document ends up in the index exactly once."""
    global last_run
    start = time.perf_counter()
    report = last_run = Report()
    size = shard_size if shard_size is not None else configured_shard_size()
    if size < 1:
        raise SearchError(f"Die Teilgröße des Suchindex muss mindestens 1 sein, nicht {size}")
    _check(documents)
    root = site / layout.PAGEFIND
    if root.exists():
        shutil.rmtree(root)
    site.mkdir(parents=True, exist_ok=True)
    if not documents:  # Pagefind refuses an empty site; the search page says there is nothing yet
        _write_manifest(root, [], 0)
        if cache is not None and cache.is_dir():
            _prune_cache(cache, set())
        report.seconds = time.perf_counter() - start
        return 0

    shards = [_Shard(number, {case_id: documents[case_id] for case_id in ids})
              for number, ids in enumerate(plan(documents, size))]
    report.shards = len(shards)

    exe = pagefind or binary()
    version = pagefind_version(exe)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".suchindex-", dir=site.parent))
    try:
        todo = []
        for shard in shards:
            shard.key = _key(shard, version)
            cached = cache / shard.key if cache is not None else None
            if cached is not None and _complete(cached, len(shard.documents)):
                shard.bundle = cached
                report.reused.append(shard.number + 1)
            else:
                todo.append(shard)

        def build(shard: _Shard) -> None:
            if cache is not None:
                out = cache / f"{shard.key}.neu-{os.getpid()}-{shard.number + 1}"
                shutil.rmtree(out, ignore_errors=True)
            else:
                out = work / f"bundle-{shard.number + 1}"
            _run_pagefind(exe, shard, work, out, len(shards))
            if cache is not None:
                final = cache / shard.key
                shutil.rmtree(final, ignore_errors=True)
                os.replace(out, final)
                out = final
            shard.bundle = out

        # Largest first, so that two processes finish about together.
        todo.sort(key=lambda s: -len(s.documents))
        report.processes = processes(todo) if todo else 0
        with ThreadPoolExecutor(max_workers=max(1, report.processes)) as pool:
            for future in [pool.submit(build, shard) for shard in todo]:
                future.result()
        report.indexed = sorted(shard.number + 1 for shard in todo)
        report.peak_rss_kb = [shard.peak_rss_kb for shard in sorted(todo, key=lambda s: s.number)]
        report.cpu_seconds = sum(shard.cpu_seconds for shard in todo)

        for shard in shards:
            assert shard.bundle is not None
            _place(shard.bundle, root / shard_folder(shard.number), merged=shard.number > 0)
        _write_manifest(root, shards, len(documents))
        if cache is not None:
            _prune_cache(cache, {shard.key for shard in shards})
    except OSError as exc:
        raise SearchError(f"Der Suchindex ließ sich nicht schreiben ({exc.strerror or exc}: {exc.filename})") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)

    total = 0
    for shard in shards:
        pages = bundle_pages(root / shard_folder(shard.number))
        if pages != len(shard.documents):
            raise SearchError(f"Der Suchindex (Teil {shard.number + 1}) enthält {pages} statt "
                              f"{len(shard.documents)} Fallseiten")
        total += pages
    if total != len(documents):
        raise SearchError(f"Pagefind hat {total} Seiten indexiert, erwartet waren {len(documents)} Fallseiten")
    report.pages = total
    report.seconds = time.perf_counter() - start
    return total
