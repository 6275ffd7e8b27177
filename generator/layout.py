"""The site's layout, stated once: where each kind of page lives (URL and file), and the
names that two stages share (marker file, meta keys, folders of the search bundle and data).

Every stage takes its paths and URLs from here; no other module spells a folder name.
URLs are relative to the site root and end in '/' (MkDocs' ``use_directory_urls``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

# --- folders of the published site ---------------------------------------------------------------
CASES = "faelle"            # /faelle/<id>/
TOPICS = "themen"           # /themen/<topic>/
MUNICIPALITIES = "kommunen"  # /kommunen/<slug>/
STATES = "laender"          # /laender/<code>/, /laender/ausland/
ABROAD = "ausland"          # the state "slug" of every case outside Germany
NETWORK = "nachnutzung"     # /nachnutzung/: the re-use network
COLLECTIONS = "sammlungen"  # /sammlungen/<slug>/: cases picked for an event (docs/sammlungen/<slug>.md)
SEARCH = "suche"            # /suche/
SEARCH_SOURCE = f"{SEARCH}.md"  # named so in the navigation of the default mkdocs.yml
DATA = "daten"              # the open data files
DATA_JSON = f"{DATA}/faelle.json"
DATA_CSV = f"{DATA}/faelle.csv"
SCHEMA = "schema"           # /schema/fall-v1.json
DATA_ADOPTIONS_JSON = f"{DATA}/nachnutzungen.json"  # every adoption: records and adopted_from cases
DATA_ADOPTIONS_CSV = f"{DATA}/nachnutzungen.csv"
DATA_COLLECTIONS_JSON = f"{DATA}/sammlungen.json"  # every collection with its event and its cases, in order
SCHEMA_CASE = f"{SCHEMA}/fall-v1.json"               # JSON Schema of a case's front-matter
SCHEMA_ADOPTION = f"{SCHEMA}/nachnutzung-v1.json"    # JSON Schema of an adoption record's front-matter
SCHEMA_COLLECTION = f"{SCHEMA}/sammlung-v1.json"     # JSON Schema of a collection's front-matter
FEED = "feed.xml"
PAGEFIND = "pagefind"       # Pagefind's bundle(s)
WORD_LIST = "woerter.txt"   # in the bundle folder: the index's words with frequencies (terms.word_list)
ASSETS = "assets"

LISTING_SECTIONS = (TOPICS, MUNICIPALITIES, STATES, COLLECTIONS)

# --- files that stages share --------------------------------------------------------------------
MARKER = ".praxisboerse-site"
META_HTML = "pb_html"  # front-matter key: the page's content is finished HTML (renderer_hooks.py)  # written into every built site: a later build may replace that folder
INDEX_HTML = "index.html"


def case_url(case_id: str) -> str:
    return f"{CASES}/{case_id}/"


def case_source(case_id: str) -> str:
    """The staged Markdown page of a case, relative to the renderer's docs folder."""
    return f"{CASES}/{case_id}.md"


def case_assets(case_id: str) -> str:
    """Folder (relative to the docs folder and to the site) where a case's images are published."""
    return f"{CASES}/{case_id}/{case_id}"


def listing_url(section: str, slug: str) -> str:
    return f"{section}/{slug}/"


def listing_source(section: str, slug: str) -> str:
    return f"{section}/{slug}.md"


def section_url(section: str) -> str:
    return f"{section}/"


def section_source(section: str) -> str:
    return f"{section}/index.md"


def output_of(source: str) -> str:
    """The HTML file MkDocs writes for a staged Markdown source (directory URLs)."""
    path = PurePosixPath(source)
    if path.name in ("index.md", "README.md"):
        return str(path.parent / INDEX_HTML) if str(path.parent) != "." else INDEX_HTML
    return str(path.with_suffix("") / INDEX_HTML)


def absolute(base: str, url: str) -> str:
    """``url`` (relative to the site root) on the site's public address ``base``."""
    return base.rstrip("/") + "/" + url
