"""Render stage: the catalogue → the pages the renderer (MkDocs) wraps, and the search documents.

Case Markdown is turned into safe HTML here, once (``markup.py``); templates
only ever insert that trusted HTML. Every page is written from a Jinja2
template; the project's ``templates/pages/`` override the package's. Case
pages are HTML articles; the same article, in a small document of its own,
is what the search stage indexes. Hand-written pages from ``docs/`` (the
project's over the package's) pass through Jinja with the settings' ``extra``.

Nothing is written here: the stage returns the pages as text, so the build
can write only what changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import threading
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, MutableMapping
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from markupsafe import Markup

from . import embed, layout, markup, preview, reuse, schema, similar, svgtree, vocabularies
from .catalog import Case, Catalog, Collection, thaw
from .markdown_check import IMAGE_SUFFIXES, MAX_IMAGE_BYTES
from .newcase import adoption_template
from .printing import excerpt
from .project import PAGES, Project
from .text import slugify

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")
FACETS = (  # URL/filter key, German label, vocabulary (None: built below)
    ("thema", "Thema", "topics"),
    ("land", "Bundesland", None),
    ("groesse", "Größe der Kommune", "size_classes"),
    ("status", "Stand", "statuses"),
    ("nachnutzung", "Nachnutzbarkeit", "reuse_levels"),
    ("aufwand", "Aufwand für die Übernahme", "efforts"),
    ("kosten", "Einmalige Kosten", "cost_bands"),
    ("art", "Art der Organisation", "organisation_types"),
    ("sprache", "Sprache", "languages"),
    ("eingesetzt", "Im Einsatz bei anderen Kommunen", "yes_no"),
    ("bedingungen", "Nachnutzungsbedingungen vorhanden", "yes_no"),
)
TEXT_FIELDS = (  # the Markdown fields of a case, by the name the case template uses
    ("problem", "problem"), ("solution", "solution"), ("results", "results"),
    ("requirements", "reuse.requirements"), ("conditions", "reuse.conditions"),
)
FIELD_REFERENCES = {  # a marker in a hand-written page → the fields whose reference table replaces it
    "<!-- FELDREFERENZ -->": schema.CASE_FIELDS,
    "<!-- FELDREFERENZ-NACHNUTZUNG -->": schema.ADOPTION_FIELDS,
    "<!-- FELDREFERENZ-SAMMLUNG -->": schema.COLLECTION_FIELDS,
}


# --- formatting filters (German) ----------------------------------------------------------------------

def de_number(value: float | int) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def de_date(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])}. {month} {parts[0]}"


def euro(value: Any) -> str:
    if isinstance(value, (int, float)):
        return f"{de_number(value)} €"
    return f"{de_number(value['min'])}–{de_number(value['max'])} €"


def json_ordered(value: Any) -> Markup:
    """JSON for a <script type="application/json"> or "application/ld+json" block, keeping key order (Jinja's
    tojson sorts); <, > and & are \\u escapes, so no text in it can end the element."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("&", "\\u0026"))


def iso_day(value: str) -> str:
    """A partial date as a full day (first day), for sorting."""
    parts = value.split("-") + ["01", "01"]
    return "-".join(parts[:3])


# --- municipalities and states ------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """A set of cases shown on one listing page (a topic, municipality or state)."""

    slug: str
    label: str
    cases: tuple[Case, ...]
    description: str = ""


def state_key(case: Case) -> str:
    organisation = case.organisation
    return organisation["state"] if organisation["country"] == "DE" else layout.ABROAD


def state_label(key: str) -> str:
    return "Außerhalb Deutschlands" if key == layout.ABROAD else vocabularies.states().label(key)


def place(case: Case) -> str:
    """Where a case is: its Bundesland in Germany, else its country (German names)."""
    organisation = case.organisation
    if organisation["country"] == "DE":
        return vocabularies.states().label(organisation["state"])
    return vocabularies.countries().label(organisation["country"])


def by_title(cases: Iterable[Case]) -> tuple[Case, ...]:
    return tuple(sorted(cases, key=lambda c: (c.title.casefold(), c.id)))


class Site:
    """Indexes over the published (not withdrawn) cases, shared by all pages."""

    def __init__(self, catalog: Catalog, interest: Mapping[str, Any] | None = None) -> None:
        self.catalog = catalog
        self.network = reuse.Network(catalog)
        self.interest: Mapping[str, Any] = interest or {}
        self.active = tuple(c for c in catalog.cases if not c.withdrawn)
        self.municipality_slug: dict[str, str] = {}
        names: dict[str, list[Case]] = defaultdict(list)
        for case in self.active:
            names[case.organisation["name"]].append(case)
        # what each organisation re-uses (its cases' adopted_from, its adoption records): listed on its page,
        # which an organisation that only adopted gets too
        self.adopted: dict[str, list[reuse.Adopter]] = defaultdict(list)
        for adopters in self.network.adopters.values():
            for adopter in adopters:
                self.adopted[adopter.name].append(adopter)
                names.setdefault(adopter.name, [])
        used: set[str] = set()
        for name in sorted(names):
            slug = base = slugify(name, "kommune")
            counter = 2
            while slug in used:
                slug, counter = f"{base}-{counter}", counter + 1
            used.add(slug)
            self.municipality_slug[name] = slug
        self.municipalities = tuple(sorted(
            (Group(self.municipality_slug[name], name, by_title(cases)) for name, cases in names.items()),
            key=lambda g: g.label.casefold()))
        self.similar = similar.similar(self.active)       # case id → up to five suggestions, related first
        self.same_size = similar.same_size(self.active)   # "Kommunen ähnlicher Größe"
        topics = vocabularies.topics()
        self.topics = tuple(Group(slug, topics.label(slug), by_title(c for c in self.active if slug in c.topics))
                            for slug in topics.slugs)
        states: dict[str, list[Case]] = defaultdict(list)
        for case in self.active:
            states[state_key(case)].append(case)
        order = list(vocabularies.states().slugs) + [layout.ABROAD]
        self.states = tuple(Group(key.lower(), state_label(key), by_title(states[key]))
                            for key in order if key in states)

    def lookup(self, ids: Iterable[str]) -> list[Case]:
        """The published cases with these ids, in that order."""
        found = (self.catalog.by_id.get(case_id) for case_id in ids)
        return [case for case in found if case is not None and not case.withdrawn]

    def municipality_url(self, case: Case) -> str:
        return layout.listing_url(layout.MUNICIPALITIES, self.municipality_slug[case.organisation["name"]])

    def organisation_url(self, name: str) -> str:
        return layout.listing_url(layout.MUNICIPALITIES, self.municipality_slug[name])

    def like(self, group: Group) -> tuple[Case, ...]:
        """Cases of organisations like this one (same type, same or neighbouring size class, same state
        first), for its municipality page: like its first case (an organisation's cases share type, size and
        state), or, for an organisation that only adopted, like its first adoption."""
        if group.cases:
            return self.same_size.for_case(group.cases[0])
        adopter = self.adopted[group.label][0]
        return self.same_size.for_organisation(adopter.name, adopter.type, adopter.size_class, adopter.state,
                                               country=adopter.country)

    def shares(self, group: Group) -> list[tuple[Case, int]]:
        """An organisation's cases that others use now, with how many (transitively), most used first."""
        rows = [(case, len(self.network.transitive(case.id))) for case in group.cases]
        return sorted([row for row in rows if row[1]], key=lambda row: (-row[1], row[0].title.casefold()))

    def figures(self) -> dict[str, int]:
        reusable = {"software", "service"}
        return {
            "cases": len(self.active),
            "municipalities": len(self.municipalities),
            "states": len({c.organisation["state"] for c in self.active if c.organisation["country"] == "DE"}),
            "reusable": sum(1 for c in self.active if c.data["reuse"]["level"] in reusable),
            "adoptions": sum(self.network.direct(case_id) for case_id in self.network.adopters),
        }

    def newest(self, count: int = 6) -> tuple[Case, ...]:
        return tuple(sorted(self.active, key=lambda c: (c.data["reviewed"], c.id), reverse=True)[:count])

    def facets(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, label, vocab in FACETS:
            if vocab is None:
                values = {k: vocabularies.states().label(k) for k in vocabularies.states().slugs}
                values[layout.ABROAD] = "Außerhalb Deutschlands"
            else:
                values = dict(vocabularies.load(vocab).labels)
            out[key] = {"label": label, "values": values}
        return out


# --- re-use: how a searcher gets in touch ---------------------------------------------------------------

def repository_kind(extra: Mapping[str, Any]) -> str:
    """Which host the project's repository is on: 'github' (issue forms work), or '' when unknown.
    ``extra.repository_type`` in mkdocs.yml says so where the address does not (GitHub Enterprise)."""
    url = str(extra.get("repository_url") or "")
    kind = str(extra.get("repository_type") or "").lower()
    if not kind and urlsplit(url).hostname in ("github.com", "www.github.com"):
        kind = "github"
    return kind if url.startswith("https://") and kind == "github" else ""


def interest_issue(case: Case, extra: Mapping[str, Any]) -> str:
    """A link that opens the prefilled issue form "Interesse: <title>" for this case, or '' where the
    repository host is unknown."""
    if not repository_kind(extra):
        return ""
    query = urlencode({"template": "interesse.yml", "title": f"Interesse: {case.title}", "fall": case.id},
                      quote_via=quote)
    return f"{str(extra['repository_url']).rstrip('/')}/issues/new?{query}"


INTEREST_MAIL = """Guten Tag,

wir haben Ihr Praxisbeispiel „{title}“ in der Praxisbörse gefunden:
{url}

Wir überlegen, die Lösung nachzunutzen, und hätten dazu Fragen.

Unsere Kommune:
Einwohnerzahl:
Was wir vorhaben (übernehmen, gemeinsam beschaffen oder betreiben, Erfahrungen austauschen):
Unsere Fragen:

Mit freundlichen Grüßen
"""


def interest_mail(case: Case, url: str) -> str:
    """A mailto: link to the case's contact with a German subject and a short letter to fill in."""
    address = case.data["contact"]["email"].removeprefix("mailto:")
    subject = f"Interesse an einer Nachnutzung: {case.title}"
    body = INTEREST_MAIL.format(title=case.title, url=url).replace("\n", "\r\n")
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def card_values(case: Case) -> list[Any]:
    """What a case's card shows (for the article cache key of the pages that show the card)."""
    org = case.organisation
    return [case.id, case.title, case.data["summary"], case.data["status"], case.data["lang"], org["name"],
            org.get("state"), org["country"], list(case.topics), case.data["reviewed"]]


def filters(case: Case, adopters: int = 0) -> list[tuple[str, str]]:
    """Pagefind filters of a case as (key, slug) pairs; keys as in ``FACETS``. ``adopters``: how many
    other organisations use the case's solution now."""
    data = case.data
    pairs = [("thema", topic) for topic in case.topics]
    pairs += [
        ("land", state_key(case)),
        ("groesse", case.size_class),
        ("status", data["status"]),
        ("nachnutzung", data["reuse"]["level"]),
        ("aufwand", data["reuse"]["effort"]),
        ("kosten", case.cost_band),
        ("art", case.organisation["type"]),
        ("sprache", data["lang"].split("-")[0]),
        ("eingesetzt", "ja" if adopters else "nein"),
        ("bedingungen", "ja" if data["reuse"].get("conditions") or data["reuse"].get("agreement") else "nein"),
    ]
    return pairs


# --- the stage ------------------------------------------------------------------------------------------

@dataclass
class Rendered:
    """What the render stage hands on: nothing of it is written yet."""

    pages: dict[str, str] = field(default_factory=dict)   # docs-relative path → page source (front-matter + body)
    files: dict[str, Path] = field(default_factory=dict)  # docs-relative path → file copied as it is
    search: MutableMapping[str, str] = field(default_factory=dict)  # case id → the document the search stage indexes
    network: reuse.Network | None = None  # who uses which case: the pages show it, the export writes it


class Documents(MutableMapping[str, str]):
    """Search documents kept in files instead of memory (10,000 of them are 200–400 MB as text, which
    the Pagefind processes need more). A mapping like a dict. A document whose case article came from
    the article cache is the one already in the folder (``keep``); files of other ids are removed by
    ``prune``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.ids: dict[str, None] = {}

    def path(self, case_id: str) -> Path:
        return self.folder / f"{case_id}.html"

    def __setitem__(self, case_id: str, document: str) -> None:
        path = self.path(case_id)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(document, encoding="utf-8")
        os.replace(tmp, path)
        self.ids[case_id] = None

    def keep(self, case_id: str) -> bool:
        """Take the document already in the folder; False if there is none."""
        if not self.path(case_id).is_file():
            return False
        self.ids[case_id] = None
        return True

    def prune(self) -> None:
        for path in self.folder.iterdir():
            if path.suffix != ".html" or path.stem not in self.ids:
                path.unlink(missing_ok=True)

    def __getitem__(self, case_id: str) -> str:
        if case_id not in self.ids:
            raise KeyError(case_id)
        return (self.folder / f"{case_id}.html").read_text(encoding="utf-8")

    def __delitem__(self, case_id: str) -> None:
        del self.ids[case_id]
        (self.folder / f"{case_id}.html").unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class TextCache:
    """Safe HTML of case Markdown by a hash of the Markdown; kept between builds by the build stage."""

    def __init__(self, entries: Mapping[str, str] | None = None) -> None:
        self.old = dict(entries or {})
        self.used: dict[str, str] = {}
        self.hits = 0

    @staticmethod
    def key(markdown_text: str) -> str:
        return hashlib.sha256(markdown_text.encode("utf-8")).hexdigest()[:32]

    def convert_many(self, texts: Iterable[str]) -> None:
        """Convert every text not known yet, in two processes where there are many (the conversion is
        pure computation; the results are the same as one by one)."""
        missing = {}
        for text in texts:
            key = self.key(text)
            if key not in self.used and key not in self.old:
                missing[key] = text
        if len(missing) < PARALLEL_MIN_TEXTS or (os.cpu_count() or 1) < 2:
            return  # html() converts them as they come
        # fork is cheap, but not safe beside other threads (serve); there, fresh processes
        context = get_context("fork" if threading.active_count() == 1 else "spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            for key, html_text in zip(missing, pool.map(markup.to_html, missing.values(), chunksize=64)):
                self.used[key] = html_text

    def keep(self, texts: Iterable[str]) -> None:
        """Carry these texts' cached HTML over to the next build although nobody asked for it now (their
        case's whole article came from the article cache)."""
        for text in texts:
            key = self.key(text)
            if key in self.old:
                self.used.setdefault(key, self.old[key])

    def html(self, markdown_text: str) -> str:
        key = self.key(markdown_text)
        if key in self.used:
            return self.used[key]
        if key in self.old:
            self.hits += 1
            value = self.old[key]
        else:
            value = markup.to_html(markdown_text)
        self.used[key] = value
        return value


HANDOUT_LIST = 10      # cases named on the cover of a collection's handout (all are printed after it)
HANDOUT_BODY = 700     # characters of a collection's text on that cover; a longer one is shortened there
HANDOUT_CHARS = 250    # characters of a case's problem and of its solution in the handout (two cases a page)
NETWORK_TREES = 40     # re-use trees drawn on /nachnutzung/ (the most re-used); all are in the open data
NETWORK_RANKING = 50   # rows of the ranking there
PARALLEL_MIN_TEXTS = 2000  # below this, starting a second process costs more than it saves


class ArticleCache:
    """Rendered case articles by a key of everything they show (see ``Renderer.article_key``), one
    file each in ``folder``; entries no longer used are dropped by ``prune``."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key).is_file()

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            text = (self.folder / key).read_text(encoding="utf-8")
        except OSError:
            return None
        self.used.add(key)
        self.hits += 1
        return text

    def put(self, key: str, article: str) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / key).write_text(article, encoding="utf-8")
        self.used.add(key)

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def environment(project: Project) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in project.template_dirs(PAGES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(de_number=de_number, de_date=de_date, euro=euro, iso_day=iso_day, json_ordered=json_ordered,
                       excerpt=excerpt)
    env.globals.update(vocab=vocabularies, label=lambda name, slug: vocabularies.load(name).label(slug),
                       filters=filters, state_key=state_key, state_label=state_label, place=place, layout=layout)
    return env


JSON_LD = "json_ld"  # page meta key: schema.org data that the theme (praxisboerse.html) puts in <head>
OG_IMAGE = "og_image"  # page meta key: the page's own link preview image (absolute URL), for the theme too


def front_matter(title: str | None, description: str = "", **extra: Any) -> str:
    """YAML front-matter for the renderer; Material prints meta values unescaped, so they are escaped here.

    Without a title the renderer names the page itself (the home page: just the site's name)."""
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {json.dumps(html.escape(title), ensure_ascii=False)}")
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def field_reference(fields: tuple[schema.Field, ...] = schema.CASE_FIELDS) -> str:
    """The field reference table of the contributor page (of a case, or of an adoption record),
    generated from the schema."""
    rows = ["| Feld | Pflicht | Inhalt |", "|---|---|---|"]
    for path, spec in schema.walk(fields):
        if not path:
            continue
        choices = ""
        vocab = spec.vocab or (spec.items.vocab if spec.items is not None else None)
        if vocab and vocab not in ("languages", "countries"):  # long lists: the help text gives examples
            choices = " Werte: " + ", ".join(f"`{s}` ({vocabularies.load(vocab).label(s)})"
                                             for s in vocabularies.load(vocab).slugs)
        doc = html.escape(spec.doc).replace("|", "\\|")
        rows.append(f"| `{path}` | {'ja' if spec.required else 'nein'} | {doc}{choices} |")
    note = ("`[]` steht für jeden Eintrag einer Liste: `partners[].name` ist der Name jedes Partners. "
            "„Pflicht“ bei einem Unterfeld gilt, sobald es den Eintrag gibt.")
    table = markup.trusted_html(f"{note}\n\n" + "\n".join(rows))
    return f'<div class="pb-fieldref">\n{table}\n</div>\n'  # HTML: the page's Markdown leaves it as it is


class Renderer:
    def __init__(self, catalog: Catalog, project: Project, *, texts: TextCache | None = None,
                 articles: ArticleCache | None = None, documents: Path | None = None,
                 progress: Callable[[int], None] | None = None, interest: Mapping[str, Any] | None = None) -> None:
        self.site = Site(catalog, interest)
        self.project = project
        self.config = project.config
        self.env = environment(project)
        self.texts = texts or TextCache()
        self.articles = articles or ArticleCache(None)
        self.fingerprint = project.fingerprint() if articles and articles.folder else ""
        self.progress = progress or (lambda n: None)
        self.out = Rendered(search=Documents(documents) if documents else {}, network=self.site.network)

    def context(self, depth: int, **values: Any) -> dict[str, Any]:
        return {"root": "../" * depth, "site": self.site, "extra": self.config.get("extra", {}),
                "site_url": self.site_url, **values}

    @property
    def site_url(self) -> str:
        return (self.config.get("site_url") or "/").rstrip("/") + "/"

    def case_context(self, case: Case) -> dict[str, Any]:
        """What the Nachnutzung block of a case shows besides the case itself."""
        network = self.site.network
        url = layout.absolute(self.site_url, layout.case_url(case.id))
        extra = self.config.get("extra", {})
        return {
            "adopters": network.of(case.id), "in_use": network.transitive(case.id),
            "direct": network.direct(case.id), "interest": self.site.interest.get(case.id, ()),
            "mail_link": interest_mail(case, url), "issue_link": interest_issue(case, extra),
            "similar": [(self.site.catalog.by_id[s.id], s.reason) for s in self.site.similar.get(case.id, ())],
            "same_size": self.site.same_size.for_case(case) if not case.withdrawn else (),
            "adoption_file": adoption_template(case.id), "permalink": url,
            "presented": self.presented(case),
            "embed_snippet": (embed.snippet(embed.card_url(self.site_url, case.id), case.title)
                              if self.site_url.startswith("http") and not case.withdrawn else ""),
        }

    def image_meta(self, page: str) -> dict[str, str]:
        """Page meta naming a page's own link preview image (absolute, as Open Graph wants it); other pages
        show the home page's (praxisboerse.html). Images are made only where site_url is absolute."""
        if not self.site_url.startswith(("https://", "http://")):
            return {}
        return {OG_IMAGE: layout.absolute(self.site_url, page + preview.IMAGE_NAME)}

    def collection_data(self, collection: Collection, url: str) -> dict[str, Any]:
        """schema.org data of a collection page (JSON-LD): a CollectionPage of the case articles, about
        its event where it has one."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "@id": url,
            "url": url,
            "name": collection.title,
            "description": collection.data["summary"],
            "inLanguage": "de",
            "hasPart": [{"@type": "Article", "@id": layout.absolute(self.site_url, layout.case_url(e.case)),
                         "headline": self.site.catalog.by_id[e.case].title} for e in collection.entries],
        }
        event = collection.event
        if event:
            about: dict[str, Any] = {"@type": "Event", "name": event["name"], "startDate": str(event["date"])}
            if event.get("place"):
                about["location"] = {"@type": "Place", "name": event["place"]}
            if event.get("url"):
                about["url"] = event["url"]
            data["about"] = about
        return data

    def presented(self, case: Case) -> list[tuple[Collection, str]]:
        """The collections a case is in ("Vorgestellt bei"), newest event first, with each one's note on it."""
        return [(c, next(e.note for e in c.entries if e.case == case.id))
                for c in self.site.catalog.collections_of.get(case.id, ())]

    def structured_data(self, case: Case, url: str) -> dict[str, Any]:
        """schema.org data of a case page (JSON-LD): what it is about, where, by whom, under which licence,
        when last checked, and the case it is based on."""
        org = case.organisation
        place: dict[str, Any] = {"@type": "AdministrativeArea", "name": org["name"]}
        if org.get("country"):
            place["address"] = {"@type": "PostalAddress", "addressCountry": org["country"]}
            if org.get("state"):
                place["address"]["addressRegion"] = state_label(org["state"]) if org["country"] == "DE" else org["state"]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Article",
            "@id": url,
            "url": url,
            "headline": case.title,
            "description": case.data["summary"],
            "inLanguage": case.data["lang"],
            "about": [vocabularies.load("topics").label(t) for t in case.topics],
            "keywords": list(case.data.get("tags") or ()),
            "author": {"@type": "GovernmentOrganization", "name": org["name"]},
            "spatialCoverage": place,
            "license": f"https://spdx.org/licenses/{case.data['content_license']}.html",
            "dateModified": str(case.data["reviewed"]),
            "publisher": {"@type": "Organization", "name": self.config.get("site_name", "Praxisbörse")},
        }
        source = case.data.get("adopted_from")
        if source and source in self.site.catalog.by_id:
            data["isBasedOn"] = layout.absolute(self.site_url, layout.case_url(source))
        return data

    def run(self) -> Rendered:
        self.docs()
        self.cases()
        self.listings()
        self.collections()
        home = self.env.get_template("home.md.j2").render(self.context(0, figures=self.site.figures()))
        self.out.pages["index.md"] = front_matter(None, self.config.get("site_description", ""),
                                                  hide=["navigation", "toc"]) + home
        self.network_page()
        search = self.env.get_template("search.md.j2").render(self.context(1, facets=self.site.facets()))
        self.out.pages[layout.SEARCH_SOURCE] = front_matter(
            "Suche", "Praxisbeispiele durchsuchen und filtern", hide=["navigation", "toc"]) + search
        return self.out

    def markdown_of(self, case: Case) -> list[str]:
        return ([case.get(key) or "" for _, key in TEXT_FIELDS] + [case.body]
                + [a.changes for a in self.site.network.of(case.id) if a.changes])

    def case_texts(self, case: Case) -> dict[str, Markup]:
        texts = {name: Markup(self.texts.html(case.get(key) or "")) for name, key in TEXT_FIELDS}
        texts["body"] = Markup(self.texts.html(case.body))
        texts["changes"] = {a.key: Markup(self.texts.html(a.changes)) for a in self.site.network.of(case.id)
                            if a.changes}
        return texts

    def article_key(self, case: Case) -> str:
        """A hash of everything a case's article shows: its own values, the cards of the cases it links,
        where its municipality's page is, and (through the fingerprint) the templates and settings."""
        linked = [case.data.get("adopted_from"), *case.adopted_by, *(case.data.get("related") or ())]
        shown = {
            "case": [thaw(case.data), case.body, case.size_class, case.cost_band, case.adopted_by],
            "municipality": self.site.municipality_url(case) if not case.withdrawn else "",
            "linked": [[i, thaw(c.data), c.withdrawn] for i in linked if i and (c := self.site.catalog.by_id.get(i))],
            "adopters": [[thaw(dict(vars(a))), self.site.organisation_url(a.name)] for a in self.site.network.of(case.id)],
            "in_use": [a.key for a in self.site.network.transitive(case.id)],
            "interest": self.site.interest.get(case.id, ()),
            "presented": [[c.slug, thaw(c.data), note] for c, note in self.presented(case)],
            "similar": [[s.id, s.reason, card_values(self.site.catalog.by_id[s.id])]
                        for s in self.site.similar.get(case.id, ())],
            "same_size": [card_values(c) for c in self.site.same_size.for_case(case)] if not case.withdrawn else [],
        }
        text = self.fingerprint + json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def article(self, template: jinja2.Template, case: Case, key: str) -> tuple[str, bool]:
        """The case's article, and whether it came from the article cache."""
        article = self.articles.get(key) if key else None
        if article is not None:
            self.texts.keep(self.markdown_of(case))
            return article, True
        else:
            article = template.render(self.context(2, case=case, text=self.case_texts(case),
                                                   **self.case_context(case)))
            if key:
                self.articles.put(key, article)
        return article, False

    def cases(self) -> None:
        template = self.env.get_template("case.html.j2")
        search_template = self.env.get_template("search_document.html.j2")
        total = len(self.site.catalog.cases)
        keys = {case.id: self.article_key(case) for case in self.site.catalog.cases} if self.articles.folder else {}
        self.texts.convert_many(text for case in self.site.catalog.cases
                                if not self.articles.has(keys.get(case.id, "")) for text in self.markdown_of(case))
        for index, case in enumerate(self.site.catalog.cases, start=1):
            article, cached = self.article(template, case, keys.get(case.id, ""))
            url = layout.absolute(self.site_url, layout.case_url(case.id))
            meta = {layout.META_HTML: True, JSON_LD: str(json_ordered(self.structured_data(case, url))),
                    **self.image_meta(layout.case_url(case.id))}
            self.out.pages[layout.case_source(case.id)] = front_matter(
                case.title, case.data["summary"], hide=["toc"], **meta) + article
            if not case.withdrawn and not (cached and isinstance(self.out.search, Documents)
                                           and self.out.search.keep(case.id)):
                self.out.search[case.id] = search_template.render(self.context(
                    2, case=case, text=self.case_texts(case), **self.case_context(case)))
            self.images(case)
            if index % 500 == 0 or index == total:
                self.progress(index)
        if isinstance(self.out.search, Documents):
            self.out.search.prune()

    def network_tree(self, case_id: str, seen: set[str]) -> svgtree.Node:
        """The re-use tree below a case: its adopters, and theirs where they wrote a case."""
        case = self.site.catalog.by_id[case_id]
        seen.add(case_id)
        children = []
        for adopter in self.site.network.of(case_id):
            below = ()
            if adopter.case_id and adopter.case_id not in seen:
                below = self.network_tree(adopter.case_id, seen).children
            status = vocabularies.load("adoption_statuses").label(adopter.status)
            children.append(svgtree.Node(
                key=adopter.key, label=adopter.name, detail=f"{adopter.place} · seit {de_date(adopter.since)} · {status}",
                href=layout.case_url(adopter.case_id) if adopter.case_id else None, muted=adopter.discontinued,
                children=tuple(below)))
        return svgtree.Node(key=f"fall:{case_id}", label=case.organisation["name"], detail=case.title,
                            href=layout.case_url(case_id), children=tuple(children), groups=tuple(case.topics))

    def network_page(self) -> None:
        """/nachnutzung/: the most re-used solutions, the drawing of who re-used what, and the same graph
        as nested lists (the drawing's text alternative)."""
        network = self.site.network
        ranking = network.ranking()
        sources = set(network.sources())
        roots = [case_id for case_id, _, _ in ranking if case_id in sources][:NETWORK_TREES]
        forest = [self.network_tree(case_id, set()) for case_id in roots]
        drawing = svgtree.draw(forest, title="Wer hat was nachgenutzt",
                               description="Jede Lösung mit den Kommunen, die sie übernommen haben; eingerückt, wer "
                               "sie von diesen weiter übernommen hat. Gestrichelt: eingestellte Übernahmen.")
        topics = sorted({t for node in forest for t in node.groups},
                        key=lambda t: vocabularies.topics().index(t))
        page = self.env.get_template("network.html.j2").render(self.context(
            1, ranking=ranking[:NETWORK_RANKING], ranked=len(ranking), forest=forest, drawing=Markup(drawing),
            topics=topics, records=len(self.site.catalog.adoptions), trees=len(sources)))
        self.out.pages[layout.section_source(layout.NETWORK)] = front_matter(
            "Nachnutzung", "Welche Lösungen andere Kommunen schon übernommen haben, und von wem",
            hide=["toc"], **{layout.META_HTML: True}) + page

    def images(self, case: Case) -> None:
        """The images of a case (``cases/<id>/``) beside its page, where its relative links point."""
        folder = case.path.parent / case.id
        if not folder.is_dir():
            return
        for image in sorted(folder.iterdir()):
            if (image.is_file() and not image.is_symlink() and image.suffix.lower() in IMAGE_SUFFIXES
                    and image.stat().st_size <= MAX_IMAGE_BYTES):
                self.out.files[f"{layout.case_assets(case.id)}/{image.name}"] = image

    def listings(self) -> None:
        listing = self.env.get_template("listing.md.j2")
        overview = self.env.get_template("overview.md.j2")
        sections = (
            (layout.TOPICS, "Themen", "Alle Themen der Praxisbörse.", self.site.topics, "Thema"),
            (layout.MUNICIPALITIES, "Kommunen", "Alle Kommunen und Organisationen, die Fälle beschrieben haben.",
             self.site.municipalities, "Kommune"),
            (layout.STATES, "Bundesländer", "Fälle nach Bundesland.", self.site.states, "Bundesland"),
        )
        for folder, title, intro, groups, kind in sections:
            self.out.pages[layout.section_source(folder)] = front_matter(title, intro, hide=["toc"]) + overview.render(
                self.context(1, title=title, intro=intro, groups=groups, folder=folder))
            for group in groups:
                self.out.pages[layout.listing_source(folder, group.slug)] = front_matter(
                    group.label, f"{kind}: {group.label}", hide=["toc"]) + listing.render(
                    self.context(2, group=group, kind=kind, folder=folder))

    def collections(self) -> None:
        """/sammlungen/: every collection, newest event first; /sammlungen/<slug>/: one collection, its cases
        as cards in the order given, each with its note, and the handout that prints from it."""
        collections = self.site.catalog.collections
        intro = "Fälle, die bei einer Tagung, einem Netzwerktreffen oder zu einem Schwerpunkt zusammengestellt wurden."
        page = self.env.get_template("collections.html.j2").render(self.context(1, collections=collections,
                                                                                 intro=intro))
        self.out.pages[layout.section_source(layout.COLLECTIONS)] = front_matter(
            "Sammlungen", intro, hide=["toc"], **{layout.META_HTML: True}) + page
        template = self.env.get_template("collection.html.j2")
        for collection in collections:
            entries = []
            for entry in collection.entries:
                case = self.site.catalog.by_id[entry.case]
                entries.append((case, entry.note, self.case_texts(case),
                                layout.absolute(self.site_url, layout.case_url(case.id))))
            url = layout.absolute(self.site_url, layout.listing_url(layout.COLLECTIONS, collection.slug))
            page = template.render(self.context(
                2, collection=collection, entries=entries, permalink=url, handout_list=HANDOUT_LIST,
                handout_body=HANDOUT_BODY, handout_chars=HANDOUT_CHARS,
                body=Markup(markup.to_html(collection.body, top=2)) if collection.body.strip() else ""))
            self.out.pages[layout.listing_source(layout.COLLECTIONS, collection.slug)] = front_matter(
                collection.title, collection.data["summary"], hide=["toc"], **{layout.META_HTML: True},
                **{JSON_LD: str(json_ordered(self.collection_data(collection, url)))},
                **self.image_meta(layout.listing_url(layout.COLLECTIONS, collection.slug))) + page

    def docs(self) -> None:
        """Hand-written pages: Markdown through Jinja (for ``extra``), everything else as it is. Collections
        (``sammlungen/<slug>.md``) are not pages of their own: ``collections`` renders them."""
        env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        values = {"extra": self.config.get("extra", {}), "site_name": self.config.get("site_name", "")}
        for rel, source in self.project.docs().items():
            if is_collection_file(rel):
                continue
            parts = rel.split("/")
            if parts[0] == layout.COLLECTIONS and len(parts) == 3 and source.suffix != ".md":
                rel = f"{parts[0]}/{parts[1]}/{parts[1]}/{parts[2]}"  # an image of a collection: where its link points
            if source.suffix == ".md":
                text = env.from_string(source.read_text(encoding="utf-8")).render(values)
                for marker, fields in FIELD_REFERENCES.items():
                    if marker in text:
                        text = text.replace(marker, field_reference(fields))
                self.out.pages[rel] = text
            else:
                self.out.files[rel] = source


def collection_subtitle(collection: Collection) -> str:
    """What a collection's preview image says below its title (which names the event, as a rule): the
    event's day and place."""
    event = collection.event
    if not event:
        return "Sammlung"
    return " · ".join(part for part in (de_date(str(event["date"])), event.get("place")) if part)


def previews(catalog: Catalog, config: Mapping[str, Any]) -> list[preview.Preview]:
    """The link preview images of the site (``preview.py``): one for every case page and every collection
    page, and the site's own on the home page, which every other page shows."""
    images = [preview.Preview("", str(config.get("site_name", "Praxisbörse")),
                              str(config.get("site_description", "")))]
    images += [preview.Preview(layout.case_url(case.id), case.title, f"{case.organisation['name']} · {place(case)}")
               for case in catalog.cases]
    images += [preview.Preview(layout.listing_url(layout.COLLECTIONS, c.slug), c.title, collection_subtitle(c))
               for c in catalog.collections]
    return images


def is_collection_file(rel: str) -> bool:
    """Whether a path of the docs tree is a collection file (``sammlungen/<slug>.md``)."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == layout.COLLECTIONS and parts[1].endswith(".md")


def render(catalog: Catalog, project: Project, *, texts: TextCache | None = None,
           articles: ArticleCache | None = None, documents: Path | None = None,
           progress: Callable[[int], None] | None = None, interest: Mapping[str, Any] | None = None) -> Rendered:
    """Every page and search document of the site, as text (the search documents in files in
    ``documents`` where given). ``interest``: case id → interest entries (``interest.load``)."""
    return Renderer(catalog, project, texts=texts, articles=articles, documents=documents,
                    progress=progress, interest=interest).run()
