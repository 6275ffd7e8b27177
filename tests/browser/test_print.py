"""Printing a case: every case page prints on exactly one A4 page (Chromium's PDF, pages counted with
pypdf), with its title, permanent address and contact; a problem too long for the sheet is shortened with
"weiter unter <address>". A case with every text at the longest the schema allows, nine adopters and long
names throughout still prints on one page, and so does a withdrawn case (its notice)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from conftest import REPO, Cases, build_site, serve
from support import TODAY, copy_valid

from generator import catalog, markup
from generator.printing import plain_text
from generator.project import Project
from generator.render import Renderer

try:
    from pypdf import PdfReader
except ImportError:  # pragma: no cover - test dependency (pip install -e '.[test]')
    pytest.skip("pypdf is not installed", allow_module_level=True)

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")
CM = 2.5 * 96 / 2.54   # 2.5 cm in CSS pixels
LONG_ID = "landkreis-langer-fall"
ADOPTERS = 9
EMAIL = "fachdienst-soziales-und-wohngeld@landkreis-seenplatte-sued.example"


@dataclass
class Printed:
    """A page as Chromium prints it to A4: its number of pages and its text."""

    pages: int
    text: str

    def has(self, part: str) -> bool:
        """Whether ``part`` is in the text, white space aside (a line may end in any word or address)."""
        return squeezed(part) in squeezed(self.text)

    def count(self, part: str) -> int:
        return squeezed(self.text).count(squeezed(part))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(page: Any, url: str) -> Printed:
    response = page.goto(url)
    assert response is not None and response.ok, url
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    return Printed(len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages))


def test_every_case_prints_on_one_page(page: Any, base_url: str, cases: Cases) -> None:
    for case in cases.all:
        address = f"{SITE_URL}/faelle/{case.id}/"
        out = printed(page, f"{base_url}/faelle/{case.id}/")
        assert out.pages == 1, f"{case.id} prints on {out.pages} pages"
        for part in (case.title, address):
            assert out.has(part), f"{case.id}: {part!r} not on the printed page:\n{out.text}"
        if case.withdrawn:   # its notice instead of the sheet
            assert out.has(case.data["withdrawn"]), case.id
            continue
        assert out.has(case.data["contact"]["email"]), f"{case.id}: no contact on the printed page:\n{out.text}"
        problem = plain_text(markup.to_html(case.data["problem"]))
        if out.has(problem):   # printed in full
            continue
        assert out.has(f"… weiter unter {address}"), f"{case.id}: problem shortened without the address:\n{out.text}"
        assert out.has(problem[:40]), case.id


def test_the_qr_code_prints_at_two_and_a_half_centimetres(page: Any, base_url: str, cases: Cases) -> None:
    case = cases.active[0]
    page.goto(f"{base_url}/faelle/{case.id}/")
    page.emulate_media(media="print")
    code = page.locator(".pb-case img.pb-qr__code")
    box = code.bounding_box()
    assert box and abs(box["width"] - CM) < 1 and abs(box["height"] - CM) < 1, box
    assert code.evaluate("img => img.complete && img.naturalWidth > 0")


# --- a case with the longest texts there may be -------------------------------------------------------

def words(n: int, unit: str) -> str:
    """German text of exactly ``n`` characters, from ``unit`` repeated (no blank at either end)."""
    text = (unit * (n // len(unit) + 1))[:n]
    return text[:-1] + "." if text.endswith(" ") else text


PROBLEM_UNIT = ("Anträge auf **Wohngeld** wurden auf Papier gestellt, von Hand erfasst und zwischen drei Ämtern "
                "hin- und hergeschickt; Rückfragen dauerten Wochen. ")
SOLUTION_UNIT = ("Der Landkreis führte ein [Online-Verfahren](https://example.org/verfahren) ein, das Anträge "
                 "prüft, Nachweise anfordert und den Stand jederzeit zeigt. ")


def long_case() -> str:
    data = {
        "schema": 1, "id": LONG_ID, "title": words(120, "Überörtliche Zusammenarbeit bei der Digitalisierung "),
        "summary": words(300, "Gemeinsame Plattform der Kreisverwaltung für Wohngeld und Bürgerdienste. "),
        "lang": "de",
        "organisation": {"name": words(120, "Landkreis Mecklenburgische Seenplatte-Süd "), "type": "district",
                         "country": "DE", "state": "MV", "population": 1234567,
                         "unit": words(200, "Fachdienst Soziales, Wohngeld und Digitalisierung ")},
        "topics": ["infrastructure", "strategy", "administration"],
        "status": "completed", "started": "2019-01-15", "ended": "2024-12-31",
        "problem": words(1500, PROBLEM_UNIT), "solution": words(1500, SOLUTION_UNIT),
        "results": words(1500, "- Bearbeitungszeit von sechs auf zwei Wochen gesunken\n"),
        "cost": {"one_time_eur": {"min": 1250000, "max": 2500000}, "annual_eur": {"min": 125000, "max": 250000},
                 "staff_fte": 2.5},
        "reuse": {"level": "software", "effort": "high", "requirements": words(1000, "Ein Server und Personal. "),
                  "license": "EUPL-1.2"},
        "contact": {"unit": words(200, "Fachdienst Soziales und Wohngeld "),
                    "email": EMAIL,
                    "name": words(120, "Dr. Erika Mustermann-Beispielfrau "), "phone": "+49 (0) 3981 / 123 456 789 - 1234"},
        "content_license": "CC-BY-4.0", "reviewed": "2025-01-15",
    }
    body = "\n\n".join(f"## Abschnitt {i}\n\n" + words(1200, "Ein sehr langer Bericht über das Projekt. ")
                       for i in range(1, 21))
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


def adoption(i: int) -> str:
    data = {
        "schema": 1, "case": LONG_ID,
        "organisation": {"name": words(120, f"Gemeinde Nummer {i} im Amt Beispielland-Nord "), "type": "municipality",
                         "country": "DE", "state": "MV", "population": 4321 * i},
        "status": "discontinued" if i % 4 == 0 else "operation", "since": f"2021-{i:02d}",
        "contact": {"unit": "Bürgerbüro", "email": f"buergerbuero{i}@beispielland.example"},
        "changes": "Anders als im Landkreis ohne Anbindung an das Fachverfahren." if i % 4 == 0 else None,
        "content_license": "CC-BY-4.0", "reviewed": "2025-01-15",
    }
    data = {k: v for k, v in data.items() if v is not None}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


HANDOUT_CASES = 5  # long cases in the long collection (besides musterstadt-minimal and the withdrawn case)


def long_collection() -> str:
    ids = [LONG_ID, *(f"{LONG_ID}-{i}" for i in range(2, HANDOUT_CASES + 1)), "musterstadt-minimal",
           "musterstadt-komplett"]
    data = {
        "title": words(120, "Fachtag Wohngeld und Bürgerdienste im ländlichen Raum "),
        "event": {"name": words(120, "Netzwerktag der Kreise und Gemeinden "), "date": "2027-05-04",
                  "place": words(120, "Kreishaus Neubrandenburg, großer Sitzungssaal "),
                  "url": "https://fachtag.example/2027/"},
        "summary": words(300, "Fälle, die beim Fachtag vorgestellt und besprochen werden. "),
        "cases": [{"id": case_id, "note": words(300, "Vortrag mit Fragen aus dem Publikum. ")} for case_id in ids],
    }
    body = "\n\n".join(f"## Teil {i}\n\n" + words(1000, "Ein langes Programm des Tages. ") for i in range(1, 6))
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("print-long")
    copy_valid(root / "cases")   # with a withdrawn case
    (root / "cases" / f"{LONG_ID}.md").write_text(long_case(), encoding="utf-8")
    (root / "adoptions").mkdir()
    for i in range(1, ADOPTERS + 1):
        (root / "adoptions" / f"gemeinde-{i}--{LONG_ID}.md").write_text(adoption(i), encoding="utf-8")
    for i in range(2, HANDOUT_CASES + 1):  # more cases at every maximum, for a collection of them
        (root / "cases" / f"{LONG_ID}-{i}.md").write_text(long_case().replace(f"id: {LONG_ID}", f"id: {LONG_ID}-{i}"),
                                                         encoding="utf-8")
    (root / "docs" / "sammlungen").mkdir(parents=True)
    (root / "docs" / "sammlungen" / "lange-sammlung.md").write_text(long_collection(), encoding="utf-8")
    site = build_site(root / "site", "--cases", str(root / "cases"))
    write_handout(root / "cases", site)
    with serve(site) as url:
        yield url


def write_handout(cases: Path, site: Path) -> None:
    """``handout.html``: the longest case twice as a print_block (as a collection's handout prints them),
    styled like the site's pages."""
    result = catalog.check(cases, TODAY)
    assert not result.errors, result.errors
    renderer = Renderer(result.catalog, Project(REPO))
    print_block = renderer.env.get_template("_print.html.j2").module.print_block
    case = result.catalog.by_id[LONG_ID]
    block = print_block(case, f"{SITE_URL}/faelle/{LONG_ID}/", renderer.case_texts(case),
                        qr=f"faelle/{LONG_ID}/qr.svg")
    styles = [*sorted(site.glob("assets/stylesheets/main.*.css")), site / "assets/praxisboerse.css",
              site / "assets/druck.css"]
    links = "".join(f'<link rel="stylesheet" href="{p.relative_to(site).as_posix()}">' for p in styles)
    (site / "handout.html").write_text(f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Handout'
                                       f'</title>{links}</head><body><div class="md-typeset">{block}{block}</div>'
                                       '</body></html>', encoding="utf-8")


def test_the_longest_case_still_prints_on_one_page(page: Any, long_site: str) -> None:
    out = printed(page, f"{long_site}/faelle/{LONG_ID}/")
    assert out.pages == 1, f"the longest case prints on {out.pages} pages:\n{out.text}"
    assert out.count(f"… weiter unter {SITE_URL}/faelle/{LONG_ID}/") == 2, out.text   # problem and solution
    assert out.has(f"und {ADOPTERS - 6} weitere"), out.text
    assert out.has(EMAIL) and out.has(f"{SITE_URL}/faelle/{LONG_ID}/")
    assert not out.has("Ein sehr langer Bericht")   # the full report is online only


def test_two_blocks_of_the_longest_case_print_on_one_page(page: Any, long_site: str) -> None:
    out = printed(page, f"{long_site}/handout.html")
    assert out.pages == 1, f"two blocks print on {out.pages} pages:\n{out.text}"
    assert out.count(f"… weiter unter {SITE_URL}/faelle/{LONG_ID}/") == 4, out.text
    assert out.count(EMAIL) == 2, out.text


def test_a_withdrawn_case_prints_its_notice(page: Any, long_site: str) -> None:
    out = printed(page, f"{long_site}/faelle/musterstadt-komplett/")
    assert out.pages == 1 and out.has("Dieser Fall wurde zurückgezogen."), out.text
    assert not out.has("Das Problem") and out.has(f"{SITE_URL}/faelle/musterstadt-komplett/")


def test_the_sheet_is_not_on_the_screen(page: Any, base_url: str, cases: Cases) -> None:
    case = cases.active[0]
    page.goto(f"{base_url}/faelle/{case.id}/")
    assert page.locator(".pb-sheet").count() == 1
    assert page.evaluate("() => getComputedStyle(document.querySelector('.pb-sheet')).display") == "none"
    assert page.get_by_role("heading", name="Das Problem", exact=True).count() == 1   # the article's only


# --- a collection prints as a handout ---------------------------------------------------------------

def handout_limit(cases: int) -> int:
    """The issue's bound: a cover, then at most one page for every two cases."""
    return 1 + -(-cases // 2)


def test_every_shipped_collection_prints_as_a_handout(page: Any, base_url: str, cases: Cases) -> None:
    folder = REPO / "docs" / "sammlungen"
    for path in sorted(folder.glob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        ids = [e if isinstance(e, str) else e["id"] for e in data["cases"]]
        address = f"{SITE_URL}/sammlungen/{path.stem}/"
        out = printed(page, f"{base_url}/sammlungen/{path.stem}/")
        assert out.pages <= handout_limit(len(ids)), f"{path.stem}: {out.pages} pages for {len(ids)} cases"
        for part in (data["title"], data["event"]["name"], address):
            assert out.has(part), f"{path.stem}: {part!r} not printed:\n{out.text}"
        for case_id in ids:   # named on the cover, then printed in brief with its address and contact
            case = cases.get(case_id)
            assert out.count(case.title) >= 2, f"{path.stem}: {case_id} not on the cover and in brief"
            assert out.has(f"Online: {SITE_URL}/faelle/{case_id}/"), case_id
            assert out.has(case.data["contact"]["email"]), case_id
        assert not out.has("Die Fälle (")   # the screen's cards are not printed


def test_the_handout_cover_is_one_page_with_the_collection_code(page: Any, base_url: str) -> None:
    slug = sorted((REPO / "docs" / "sammlungen").glob("*.md"))[0].stem
    page.goto(f"{base_url}/sammlungen/{slug}/")
    page.emulate_media(media="print")
    code = page.locator(".pb-collection > .pb-qr img.pb-qr__code")
    box = code.bounding_box()
    assert box and box["width"] > 4 * 96 / 2.54, box   # large on the cover: over 4 cm
    first_block = page.locator(".pb-handout__page").first.bounding_box()
    height_a4 = (297 - 24) / 25.4 * 96   # the printable height of a page in CSS pixels
    assert first_block and first_block["y"] < height_a4 * 1.05   # the cover ends on the first page
    page.emulate_media(media="screen")


def test_a_collection_of_the_longest_cases_keeps_the_bound(page: Any, long_site: str) -> None:
    count = HANDOUT_CASES + 2
    out = printed(page, f"{long_site}/sammlungen/lange-sammlung/")
    assert out.pages <= handout_limit(count), f"{out.pages} pages for {count} cases:\n{out.text}"
    assert out.count(f"Online: {SITE_URL}/faelle/{LONG_ID}") == HANDOUT_CASES
    assert out.has("Dieser Fall wurde zurückgezogen.")
    assert out.has(f"… weiter unter {SITE_URL}/sammlungen/lange-sammlung/")   # the programme, shortened
