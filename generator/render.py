"""Render stage: the catalogue → Markdown pages (with trusted HTML) in a staging docs tree.

Every page is written from a Jinja2 template in ``templates/pages/``. Values
from cases are escaped by the templates; the Markdown fields and the body of
a case are inserted as Markdown between two markers carrying a per-build
nonce, and the sanitise stage cleans the HTML between them after MkDocs has
rendered it. Hand-written pages from ``docs/`` are copied, passing ``.md``
files through Jinja with the ``extra`` settings of ``mkdocs.yml``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from . import schema, vocabularies
from .catalog import Case, Catalog
from .markdown_check import IMAGE_SUFFIXES, MAX_IMAGE_BYTES

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates" / "pages"
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
)
ABROAD = "ausland"


def slugify(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "ae").replace("Ö", "oe").replace("Ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "kommune"


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
    """JSON for a <script type="application/json"> block, keeping key order (Jinja's tojson sorts)."""
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
    return organisation["state"] if organisation["country"] == "DE" else ABROAD


def state_label(key: str) -> str:
    return "Außerhalb Deutschlands" if key == ABROAD else vocabularies.states().label(key)


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

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.active = tuple(c for c in catalog.cases if not c.withdrawn)
        self.municipality_slug: dict[str, str] = {}
        names: dict[str, list[Case]] = defaultdict(list)
        for case in self.active:
            names[case.organisation["name"]].append(case)
        used: set[str] = set()
        for name in sorted(names):
            slug = base = slugify(name)
            counter = 2
            while slug in used:
                slug, counter = f"{base}-{counter}", counter + 1
            used.add(slug)
            self.municipality_slug[name] = slug
        self.municipalities = tuple(sorted(
            (Group(self.municipality_slug[name], name, by_title(cases)) for name, cases in names.items()),
            key=lambda g: g.label.casefold()))
        topics = vocabularies.topics()
        self.topics = tuple(Group(slug, topics.label(slug), by_title(c for c in self.active if slug in c.topics))
                            for slug in topics.slugs)
        states: dict[str, list[Case]] = defaultdict(list)
        for case in self.active:
            states[state_key(case)].append(case)
        order = list(vocabularies.states().slugs) + [ABROAD]
        self.states = tuple(Group(key.lower(), state_label(key), by_title(states[key]))
                            for key in order if key in states)

    def lookup(self, ids: Iterable[str]) -> list[Case]:
        """The published cases with these ids, in that order."""
        found = (self.catalog.by_id.get(case_id) for case_id in ids)
        return [case for case in found if case is not None and not case.withdrawn]

    def municipality_url(self, case: Case) -> str:
        return f"kommunen/{self.municipality_slug[case.organisation['name']]}/"

    def figures(self) -> dict[str, int]:
        reusable = {"software", "service"}
        return {
            "cases": len(self.active),
            "municipalities": len(self.municipalities),
            "states": len({c.organisation["state"] for c in self.active if c.organisation["country"] == "DE"}),
            "reusable": sum(1 for c in self.active if c.data["reuse"]["level"] in reusable),
        }

    def newest(self, count: int = 6) -> tuple[Case, ...]:
        return tuple(sorted(self.active, key=lambda c: (c.data["reviewed"], c.id), reverse=True)[:count])

    def facets(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, label, vocab in FACETS:
            if vocab is None:
                values = {k: vocabularies.states().label(k) for k in vocabularies.states().slugs}
                values[ABROAD] = "Außerhalb Deutschlands"
            else:
                values = dict(vocabularies.load(vocab).labels)
            out[key] = {"label": label, "values": values}
        return out


def filters(case: Case) -> list[tuple[str, str]]:
    """Pagefind filters of a case as (key, slug) pairs; keys as in ``FACETS``."""
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
    ]
    return pairs


# --- the stage ------------------------------------------------------------------------------------------

def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(de_number=de_number, de_date=de_date, euro=euro, iso_day=iso_day, json_ordered=json_ordered)
    env.globals.update(vocab=vocabularies, label=lambda name, slug: vocabularies.load(name).label(slug),
                       filters=filters, state_key=state_key, state_label=state_label, place=place)
    return env


def _meta(title: str, description: str = "", **extra: Any) -> str:
    """YAML front-matter for MkDocs; Material prints meta values unescaped, so they are escaped here."""
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def field_reference() -> str:
    """The field reference table of the contributor page, generated from the schema."""
    rows = ["| Feld | Pflicht | Inhalt |", "|---|---|---|"]
    for path, spec in schema.walk():
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
    return f'<div class="pb-fieldref" markdown>\n\n{note}\n\n' + "\n".join(rows) + "\n\n</div>\n"


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,5})(?=\s|$)")


def demote_headings(markdown: str) -> str:
    """Every ATX heading one level down (outside fenced code), so a body's ``##`` sits under our ``##``."""
    out, fence = [], ""
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if match and (not fence or match.group(1)[0] == fence[0]):
            fence = "" if fence else match.group(1)
        elif not fence:
            line = _ATX.sub(lambda m: f"{m.group(1)}#{m.group(2)}", line)
        out.append(line)
    return "\n".join(out)


class Renderer:
    def __init__(self, catalog: Catalog, out: Path, *, config: dict[str, Any], nonce: str,
                 progress: Callable[[int], None] | None = None) -> None:
        self.site = Site(catalog)
        self.out = out
        self.config = config
        self.nonce = nonce
        self.env = environment()
        self.progress = progress or (lambda n: None)
        self.pages = 0

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.pages += 1

    def context(self, depth: int, **values: Any) -> dict[str, Any]:
        return {"root": "../" * depth, "site": self.site, "nonce": self.nonce,
                "extra": self.config.get("extra", {}),
                "site_url": (self.config.get("site_url") or "/").rstrip("/") + "/", **values}

    def run(self, docs: Path) -> int:
        self.copy_docs(docs)
        template = self.env.get_template("case.md.j2")
        for index, case in enumerate(self.site.catalog.cases, start=1):
            meta = _meta(case.title, case.data["summary"], pb_case=not case.withdrawn, pb_lang=case.data["lang"])
            body = demote_headings(case.body.strip())
            self.write(f"faelle/{case.id}.md", meta + template.render(self.context(2, case=case, body=body)))
            self.copy_images(case)
            if index % 500 == 0:
                self.progress(index)
        self.progress(len(self.site.catalog.cases))
        self.listings()
        home = self.env.get_template("home.md.j2").render(self.context(0, figures=self.site.figures()))
        self.write("index.md", _meta(self.config.get("site_name", "Praxisbörse"), self.config.get(
            "site_description", ""), hide=["navigation", "toc"]) + home)
        search = self.env.get_template("search.md.j2").render(self.context(1, facets=self.site.facets()))
        self.write("suche.md", _meta("Suche", "Praxisbeispiele durchsuchen und filtern", hide=["navigation", "toc"]) + search)
        return self.pages

    def copy_images(self, case: Case) -> None:
        """The images of a case (``cases/<id>/``) beside its page, where its relative links point."""
        folder = case.path.parent / case.id
        if not folder.is_dir():
            return
        for image in sorted(folder.iterdir()):
            if (image.is_file() and not image.is_symlink() and image.suffix.lower() in IMAGE_SUFFIXES
                    and image.stat().st_size <= MAX_IMAGE_BYTES):
                target = self.out / "faelle" / case.id / case.id / image.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(image, target)

    def listings(self) -> None:
        listing = self.env.get_template("listing.md.j2")
        overview = self.env.get_template("overview.md.j2")
        sections = (
            ("themen", "Themen", "Alle Themen der Praxisbörse.", self.site.topics, "Thema"),
            ("kommunen", "Kommunen", "Alle Kommunen und Organisationen, die Fälle beschrieben haben.",
             self.site.municipalities, "Kommune"),
            ("laender", "Bundesländer", "Fälle nach Bundesland.", self.site.states, "Bundesland"),
        )
        for folder, title, intro, groups, kind in sections:
            self.write(f"{folder}/index.md", _meta(title, intro, hide=["toc"]) + overview.render(
                self.context(1, title=title, intro=intro, groups=groups, folder=folder)))
            for group in groups:
                self.write(f"{folder}/{group.slug}.md", _meta(group.label, f"{kind}: {group.label}", hide=["toc"])
                           + listing.render(self.context(2, group=group, kind=kind, folder=folder)))

    def copy_docs(self, docs: Path) -> None:
        """Hand-written pages: Markdown through Jinja (for ``extra``), everything else as it is."""
        env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        values = {"extra": self.config.get("extra", {}), "site_name": self.config.get("site_name", "")}
        for source in sorted(docs.rglob("*")):
            if source.is_dir() or any(part.startswith(".") for part in source.relative_to(docs).parts):
                continue
            rel = source.relative_to(docs).as_posix()
            if source.suffix == ".md":
                text = env.from_string(source.read_text(encoding="utf-8")).render(values)
                text = text.replace("<!-- FELDREFERENZ -->", field_reference())
                self.write(rel, text)
            else:
                target = self.out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def render(catalog: Catalog, out: Path, docs: Path, *, config: dict[str, Any], nonce: str,
           progress: Callable[[int], None] | None = None) -> int:
    """Write the staging docs tree; return the number of pages written."""
    return Renderer(catalog, out, config=config, nonce=nonce, progress=progress).run(docs)
