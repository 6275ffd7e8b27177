"""The build pipeline without a browser: pages, safety, search index, exports, atomic publish."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator import build as build_module
from generator import layout, markdown_check, search
from generator.catalog import check
from generator.stamp import build_stamp

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "cases"
TODAY = date(2026, 12, 1)  # the day the checks run on: "future" dates, "stale" warnings


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def quiet() -> build_module.Progress:
    return build_module.Progress(stream=open("/dev/null", "w"), live=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    build_module.build(CASES, out, progress=quiet(), today=TODAY)
    return out


@pytest.fixture(scope="module")
def catalog():
    return check(CASES).catalog


def test_every_case_has_its_page_with_its_title(built, catalog):
    for case in catalog.cases:
        page = (built / "faelle" / case.id / "index.html").read_text(encoding="utf-8")
        assert "<h1" in page and case.title.replace("&", "&amp;") in page, case.id
        assert '<html lang="de"' in page


def test_case_pages_are_not_in_the_navigation(built, catalog):
    home = (built / "index.html").read_text(encoding="utf-8")
    for case in catalog.cases:
        assert f'href="faelle/{case.id}/" class="md-nav__link' not in home


def test_topic_page_lists_exactly_the_cases_of_its_topic(built, catalog):
    for topic in ("administration", "participation", "environment"):
        page = (built / "themen" / topic / "index.html").read_text(encoding="utf-8")
        listed = {line.split("faelle/")[1].split("/")[0] for line in page.split('class="pb-card__title"')[1:]}
        expected = {c.id for c in catalog.cases if topic in c.topics and not c.withdrawn}
        assert listed == expected, topic


def test_municipality_and_state_pages_exist_for_every_case(built, catalog):
    for case in catalog.cases:
        org = case.organisation
        state = org["state"].lower() if org["country"] == "DE" else "ausland"
        page = (built / "laender" / state / "index.html").read_text(encoding="utf-8")
        assert f"faelle/{case.id}/" in page
    # one page per organisation: those with cases and those that only adopted (adoption records)
    names = {c.organisation["name"] for c in catalog.cases} | {r.organisation["name"] for r in catalog.adoptions}
    assert len(list((built / "kommunen").glob("*/index.html"))) == len(names)


def test_redirect_page_leads_to_the_new_address(built, catalog):
    moved = [(former, c) for c in catalog.cases for former in c.data.get("redirect_from", ())]
    assert moved, "the example catalogue should use redirect_from once"
    for former, case in moved:
        page = (built / "faelle" / former / "index.html").read_text(encoding="utf-8")
        assert f'url=../{case.id}/"' in page and "noindex" in page


def test_search_index_holds_every_case_and_the_facets(built, catalog):
    assert search.indexed_pages(built) == len([c for c in catalog.cases if not c.withdrawn])
    filters = list((built / "pagefind" / "filter").glob("*.pf_filter"))
    assert filters, "Pagefind wrote no filter index"


def test_no_request_to_another_host_in_any_page(built):
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attribute in ("src=\"http", "src='http", "src=\"//", "@import url(http"):
            assert attribute not in text, f"{page}: {attribute}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_exports_are_complete_and_parse(built, catalog):
    data = json.loads((built / "daten" / "faelle.json").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in data) == sorted(c.id for c in catalog.cases)
    ags = {d["id"]: d["organisation"].get("ags") for d in data}
    assert all(a is None or (isinstance(a, str) and len(a) == 8) for a in ags.values())
    assert (built / "daten" / "faelle.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # German Excel: BOM and ';'
    with open(built / "daten" / "faelle.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == len(catalog.cases) and {"id", "topics", "cost_band"} <= set(rows[0])
    feed = ElementTree.parse(built / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == min(50, len(catalog.cases))
    schema = json.loads((built / "schema" / "fall-v1.json").read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")


def test_field_reference_on_the_contributor_page_comes_from_the_schema(built):
    from generator import schema

    page = (built / "mitmachen" / "index.html").read_text(encoding="utf-8")
    for path, _spec in schema.walk():
        assert f"<code>{path}</code>" in page, path


def test_operator_details_come_from_mkdocs_extra(built):
    from generator.project import Project

    operator = Project(PROJECT).config["extra"]["operator"]
    page = (built / "impressum" / "index.html").read_text(encoding="utf-8")
    assert operator["name"] in page and operator["email"] in page


# --- failures leave the previous site as it was -----------------------------------------------------

def broken_catalogue(tmp_path: Path) -> Path:
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    target = next(cases.glob("*.md"))
    target.write_text(target.read_text(encoding="utf-8").replace("status:", "statsu:", 1), encoding="utf-8")
    return cases


def test_failed_check_leaves_the_previous_site_byte_for_byte(tmp_path, built):
    out = tmp_path / "site"
    shutil.copytree(built, out)
    before = snapshot(out)
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--cases", str(broken_catalogue(tmp_path)),
                           "--out", str(out)], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "statsu" in proc.stderr and "bleibt unverändert" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site") and p.name != ".site.cache"] == []


def test_a_broken_collection_stops_the_build_and_names_its_line(tmp_path, built):
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    folder = tmp_path / "docs" / "sammlungen"
    folder.mkdir(parents=True)
    (folder / "tagung.md").write_text("---\ntitle: Tagung 2027\nsummary: Fälle, die bei der Tagung vorgestellt "
                                      "werden.\ncases:\n  - musterstadt-maengelmeldr\n---\n", encoding="utf-8")
    out = tmp_path / "site"
    shutil.copytree(built, out)
    before = snapshot(out)
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--cases", str(cases), "--out", str(out)],
                          cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert "tagung.md:5:5" in proc.stderr and "Meinten Sie 'musterstadt-maengelmelder'?" in proc.stderr
    assert "1 Fehler in den Dateien" in proc.stderr and "bleibt unverändert" in proc.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("stage", ["site.run", "search.index", "export.export"])
def test_failure_in_a_later_stage_leaves_the_previous_site(tmp_path, built, monkeypatch, stage):
    out = tmp_path / "site"
    shutil.copytree(built, out)
    before = snapshot(out)
    module, function = stage.split(".")

    def fail(*args, **kwargs):
        raise OSError(f"simulated failure in {stage}")

    monkeypatch.setattr(getattr(build_module, module), function, fail)
    with pytest.raises(build_module.BuildError, match="bleibt unverändert"):
        build_module.build(CASES, out, progress=quiet(), today=TODAY)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site") and p.name != ".site.cache"] == []


def test_first_build_into_a_missing_folder(tmp_path):
    out = tmp_path / "neu" / "site"
    build_module.build(CASES, out, progress=quiet(), today=TODAY)
    assert (out / "index.html").is_file() and (out / "pagefind" / "pagefind.js").is_file()


# --- content from pull requests never runs ---------------------------------------------------------

STANDALONE = "landkreis-mustertal-pflege-netzwerk"  # a case without links to others, so it builds alone

HOSTILE_BODY = """
## Ausgangslage

<script>alert('body')</script>

<img src="x" onerror="alert('img')">

[Klick](javascript:alert('link'))

<iframe src="https://evil.example"></iframe>

<a href="#" onclick="alert('a')">a</a>

<details open><summary>Mehr</summary>harmlos</details>
"""


def test_script_that_slipped_past_the_checker_never_reaches_the_site(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    cases.mkdir()
    source = CASES / f"{STANDALONE}.md"
    text = source.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    text = head.replace("problem: |\n", "problem: |\n  <script>alert('problem')</script>\n\n", 1)
    (cases / source.name).write_text(text + "\n---\n" + HOSTILE_BODY, encoding="utf-8")
    # Pretend the checker missed everything: the render stage's cleaning is the last line of defence.
    monkeypatch.setattr(markdown_check, "check", lambda *a, **k: [])
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    page = (out / "faelle" / STANDALONE / "index.html").read_text(encoding="utf-8")
    article = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    for needle in ("<script", "onerror", "onclick", 'href="javascript:', "<iframe"):
        assert needle not in article, needle
    assert "alert(" not in article.replace("[Klick](javascript:alert('link'))", "")  # a refused link stays text
    assert "<details open" in article and "harmlos" in article  # the allow-list still works
    assert "Pflege" in article  # and the case content is there


def test_title_with_markup_is_shown_as_text(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    cases.mkdir()
    source = CASES / f"{STANDALONE}.md"
    text = source.read_text(encoding="utf-8")
    title = "Bauantrag </title><script>alert(1)</script>"
    lines = [f"title: {json.dumps(title)}" if line.startswith("title:") else line for line in text.split("\n")]
    (cases / source.name).write_text("\n".join(lines), encoding="utf-8")
    from generator import validate

    monkeypatch.setattr(validate, "_HTML_TAG", __import__("re").compile(r"(?!x)x"))  # let it through
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    page = (out / "faelle" / STANDALONE / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_images_of_a_case_are_published_beside_its_page(tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "valid", cases)
    complete = cases / "musterstadt-komplett.md"
    text = complete.read_text(encoding="utf-8")
    complete.write_text("\n".join(line for line in text.split("\n") if not line.startswith("withdrawn:")),
                        encoding="utf-8")
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    page_dir = out / "faelle" / "musterstadt-komplett"
    page = (page_dir / "index.html").read_text(encoding="utf-8")
    tag = page.split('alt="Wartebereich', 1)[0].rsplit("<img", 1)[1]
    src = tag.split('src="', 1)[1].split('"', 1)[0]
    image = page_dir / src
    assert image.is_file(), src
    assert image.read_bytes() == (cases / "musterstadt-komplett" / "wartebereich.png").read_bytes()


def test_withdrawn_case_keeps_its_address_but_leaves_lists_and_search(tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "valid", cases)
    catalog = check(cases).catalog
    withdrawn = [c for c in catalog.cases if c.withdrawn]
    assert len(withdrawn) == 1
    case = withdrawn[0]
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    page = (out / "faelle" / case.id / "index.html").read_text(encoding="utf-8")
    assert "zurückgezogen" in page and case.data["withdrawn"] in page
    assert "Steckbrief" not in page
    assert search.indexed_pages(out) == len(catalog.cases) - 1
    assert f"/faelle/{case.id}/" not in search.indexed_urls(out)
    for topic in case.topics:
        assert f"faelle/{case.id}/" not in (out / "themen" / topic / "index.html").read_text(encoding="utf-8")
    exported = {d["id"]: d for d in json.loads((out / "daten" / "faelle.json").read_text(encoding="utf-8"))}
    assert exported[case.id]["withdrawn"] == case.data["withdrawn"]


def test_no_empty_adoption_section_when_the_adopter_is_withdrawn(tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "valid", cases)
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    source = check(cases).catalog.by_id["musterstadt-minimal"]
    assert source.adopted_by and all(check(cases).catalog.by_id[a].withdrawn for a in source.adopted_by)
    page = (out / "faelle" / source.id / "index.html").read_text(encoding="utf-8")
    assert "Wer die Lösung schon nutzt" not in page and "pb-adopter" not in page
    assert "Noch bei keiner weiteren Kommune im Einsatz gemeldet." in page


@pytest.mark.parametrize("target", [".", "cases", "foreign"])
def test_build_never_replaces_a_folder_it_did_not_make(tmp_path, target):
    project = tmp_path / "project"
    shutil.copytree(CASES, project / "cases")
    (project / "foreign").mkdir()
    (project / "foreign" / "notes.txt").write_text("wichtig", encoding="utf-8")
    before = snapshot(project)
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--cases", str(project / "cases"),
                           "--out", str(project / target)], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "Zielordner" in proc.stderr or "nicht ersetzt" in proc.stderr
    assert snapshot(project) == before


def test_rebuild_replaces_its_own_site(tmp_path):
    out = tmp_path / "site"
    build_module.build(CASES, out, progress=quiet(), today=TODAY)
    assert (out / layout.MARKER).exists()
    build_module.build(CASES, out, progress=quiet(), today=TODAY)
    assert (out / "index.html").exists()


def test_empty_cases_folder_builds_with_a_warning(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--cases", str(cases), "--out", str(out)],
                          cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "noch kein Fall" in proc.stderr and "Traceback" not in proc.stderr
    assert (out / "index.html").is_file() and (out / "suche" / "index.html").is_file()


def test_sitemap_is_the_same_for_the_same_input_and_day(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_module.build(CASES, first, progress=quiet(), today=TODAY)
    build_module.build(CASES, second, progress=quiet(), today=TODAY, clean=True)
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    stamp = build_stamp(CASES, check(CASES).catalog).date().isoformat()  # not the build's day (test_reproducible)
    assert f"<lastmod>{stamp}</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")


def test_home_page_tells_how_many_adoptions_are_reported(built):
    data = json.loads((built / "daten" / "nachnutzungen.json").read_text(encoding="utf-8"))
    active = sum(1 for entry in data if entry["status"] != "discontinued")
    assert active and len(data) > active  # the shipped records include a discontinued one, not counted
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f"{active} Übernahmen einer Lösung durch eine andere Kommune sind gemeldet." in home
    assert 'href="nachnutzung/">Wer nutzt was?</a>' in home


def test_collections_are_open_data_with_their_cases_in_order(built):
    import json

    from generator.catalog import check

    data = json.loads((built / "daten" / "sammlungen.json").read_text(encoding="utf-8"))
    collections = check(CASES).catalog.collections
    assert [entry["slug"] for entry in data] == [c.slug for c in collections]
    for entry, collection in zip(data, collections):
        assert entry["url"].endswith(f"/sammlungen/{collection.slug}/") and entry["title"] == collection.title
        assert entry["event"]["date"] == str(collection.event["date"])
        assert [(c["id"], c["note"] or "") for c in entry["cases"]] == [(e.case, e.note) for e in collection.entries]
        assert all(c["url"].endswith(f"/faelle/{c['id']}/") and c["title"] and c["organisation"]
                   for c in entry["cases"])
