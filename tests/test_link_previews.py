"""Link previews and structured data, read from the built HTML: Open Graph and Twitter card tags on
every page, schema.org JSON-LD on case pages."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import build as build_module
from generator import render
from generator.catalog import check
from support import REPO

CASES = REPO / "cases"
SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")


class Head(HTMLParser):
    """The meta tags and JSON-LD scripts of a page's <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and self._in_head:
            name = attrs.get("property") or attrs.get("name")
            if name:
                self.meta[name] = attrs.get("content", "")
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if self._in_ld:
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previews") / "site"
    build_module.build(CASES, out, progress=build_module.Progress(stream=open("/dev/null", "w"), live=False))
    return out


@pytest.fixture(scope="module")
def catalog():
    return check(CASES).catalog


def test_every_page_has_open_graph_and_twitter_tags(built: Path) -> None:
    pages = [p for p in built.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 50
    for page in pages:
        meta = head(page).meta
        if meta.get("robots") == "noindex":  # a redirect of a former case id
            continue
        for key in ("og:type", "og:site_name", "og:title", "og:url", "twitter:card", "twitter:title"):
            assert meta.get(key), f"{page}: {key} missing"
        relative = page.parent.relative_to(built).as_posix()
        expected = f"{SITE_URL}/" if relative == "." else f"{SITE_URL}/{relative}/"
        assert meta["og:url"] == expected, page
        assert "&lt;" not in meta["og:title"] and "<" not in meta["og:title"]


def test_case_pages_preview_their_title_and_summary(built: Path, catalog) -> None:
    for case in catalog.cases:
        meta = head(built / "faelle" / case.id / "index.html").meta
        assert meta["og:type"] == "article"
        assert meta["og:title"] == case.title
        assert meta["og:description"] == case.data["summary"]
        assert meta["twitter:description"] == case.data["summary"]


def test_case_pages_carry_schema_org_data(built: Path, catalog) -> None:
    for case in catalog.cases:
        scripts = head(built / "faelle" / case.id / "index.html").json_ld
        assert len(scripts) == 1, case.id
        data = json.loads(scripts[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        for key in ("headline", "description", "url", "about", "author", "spatialCoverage", "license",
                    "dateModified", "inLanguage"):
            assert data.get(key), f"{case.id}: {key} missing"
        assert data["url"] == f"{SITE_URL}/faelle/{case.id}/"
        assert data["headline"] == case.title
        assert data["author"] == {"@type": "GovernmentOrganization", "name": case.organisation["name"]}
        assert data["spatialCoverage"]["name"] == case.organisation["name"]
        assert data["dateModified"] == str(case.data["reviewed"])
        assert data["license"].endswith(f"/{case.data['content_license']}.html")
        source = case.data.get("adopted_from")
        if source:
            assert data["isBasedOn"] == f"{SITE_URL}/faelle/{source}/"
        else:
            assert "isBasedOn" not in data
    assert any(case.data.get("adopted_from") for case in catalog.cases), "a shipped case should be adopted"


def test_structured_data_cannot_end_its_script_element() -> None:
    hostile = {"headline": "</script><script>alert(1)</script> & <!-- x"}
    text = str(render.json_ordered(hostile))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def image_file(built: Path, url: str) -> Path:
    assert url.startswith(f"{SITE_URL}/"), url
    return built / url[len(SITE_URL) + 1:]


def test_every_page_has_a_preview_image_that_exists(built: Path) -> None:
    from PIL import Image

    seen: dict[str, tuple[int, int]] = {}
    for page in (p for p in built.rglob("index.html") if "pagefind" not in p.parts):
        meta = head(page).meta
        if meta.get("robots") == "noindex":
            continue
        url = meta["og:image"]
        assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == url, page
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), page
        assert meta["og:image:alt"].strip(), page
        if url not in seen:
            with Image.open(image_file(built, url)) as image:
                seen[url] = (image.format, *image.size)
        assert seen[url] == ("PNG", 1200, 630), (page, url)


def test_case_and_collection_pages_have_their_own_image(built: Path, catalog) -> None:
    for case in catalog.cases:
        meta = head(built / "faelle" / case.id / "index.html").meta
        assert meta["og:image"] == f"{SITE_URL}/faelle/{case.id}/vorschau.png"
        assert meta["og:image:alt"] == f"{case.title} – Praxisbörse"
    assert catalog.collections, "the shipped collections are missing"
    for collection in catalog.collections:
        meta = head(built / "sammlungen" / collection.slug / "index.html").meta
        assert meta["og:image"] == f"{SITE_URL}/sammlungen/{collection.slug}/vorschau.png"
        assert meta["og:title"] == collection.title and meta["og:description"] == collection.data["summary"]
    images = {image_file(built, head(built / "faelle" / c.id / "index.html").meta["og:image"]).read_bytes()
              for c in catalog.cases}
    assert len(images) == len(catalog.cases)  # one image a case, each of its own title
    other = head(built / "themen" / "index.html").meta
    assert other["og:image"] == f"{SITE_URL}/vorschau.png"
    assert other["og:image:alt"].startswith("Praxisbörse – ")


def test_without_an_absolute_site_url_there_are_no_images(tmp_path: Path) -> None:
    from generator.project import Project

    project = tmp_path / "projekt"
    project.mkdir()
    (project / "mkdocs.yml").write_text("site_url: ''\n", encoding="utf-8")
    out = tmp_path / "site"
    build_module.build(CASES, out, project=Project(project),
                       progress=build_module.Progress(stream=open("/dev/null", "w"), live=False))
    meta = head(out / "index.html").meta
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    assert not list(out.rglob("vorschau.png"))


def test_collection_pages_carry_schema_org_data(built: Path, catalog) -> None:
    for collection in catalog.collections:
        (script,) = head(built / "sammlungen" / collection.slug / "index.html").json_ld
        data = json.loads(script)
        assert data["@type"] == "CollectionPage" and data["url"] == f"{SITE_URL}/sammlungen/{collection.slug}/"
        assert data["name"] == collection.title and data["description"] == collection.data["summary"]
        assert [part["@id"] for part in data["hasPart"]] == [f"{SITE_URL}/faelle/{e.case}/" for e in collection.entries]
        event = collection.event
        assert data["about"]["@type"] == "Event" and data["about"]["name"] == event["name"]
        assert data["about"]["startDate"] == str(event["date"])
        assert data["about"]["location"]["name"] == event["place"]
