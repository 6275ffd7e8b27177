"""The QR codes of the permanent addresses: every case's /faelle/<id>/qr.svg, drawn by Chromium and
read back with zxing-cpp, holds exactly the case's address on site_url; the case page offers it for
download and prints it."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from conftest import REPO, Cases

try:
    import zxingcpp
    from PIL import Image
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - test dependencies (pip install -e '.[test]')
    pytest.skip("zxing-cpp, pillow or playwright is not installed", allow_module_level=True)

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_every_code_decodes_to_its_permanent_address(page: Any, base_url: str, cases: Cases) -> None:
    page.set_viewport_size({"width": 400, "height": 400})
    for case in cases.all:
        response = page.goto(f"{base_url}/faelle/{case.id}/qr.svg")
        assert response and response.ok, case.id
        assert response.headers.get("content-type", "").startswith("image/svg+xml")
        svg = page.locator("svg")
        assert decode(svg.screenshot()) == [f"{SITE_URL}/faelle/{case.id}/"], case.id


def test_case_page_offers_the_code_for_download_and_prints_it(page: Any, base_url: str, cases: Cases) -> None:
    case = cases.active[0]
    page.goto(f"{base_url}/faelle/{case.id}/")
    link = page.get_by_role("link", name="QR-Code herunterladen")
    expect(link).to_have_attribute("href", "qr.svg")
    expect(link).to_have_attribute("download", f"{case.id}-qr.svg")
    code = page.locator("img.pb-qr__code")
    expect(code).to_have_attribute("alt", f"QR-Code mit der Adresse {SITE_URL}/faelle/{case.id}/")
    assert page.evaluate("() => document.querySelector('img.pb-qr__code').naturalWidth") > 0
    page.emulate_media(media="print")
    expect(code).to_be_visible()
    expect(link).to_be_hidden()
    assert decode(code.screenshot()) == [f"{SITE_URL}/faelle/{case.id}/"]


def test_every_collection_has_a_code_of_its_permanent_address(page: Any, base_url: str) -> None:
    slugs = sorted(path.stem for path in (REPO / "docs" / "sammlungen").glob("*.md"))
    assert slugs, "the shipped collections are missing"
    page.set_viewport_size({"width": 400, "height": 400})
    for slug in slugs:
        page.goto(f"{base_url}/sammlungen/{slug}/qr.svg")
        assert decode(page.locator("svg").screenshot()) == [f"{SITE_URL}/sammlungen/{slug}/"], slug
    page.goto(f"{base_url}/sammlungen/{slugs[0]}/")
    link = page.get_by_role("link", name="QR-Code herunterladen")
    expect(link).to_have_attribute("download", f"sammlung-{slugs[0]}-qr.svg")
    page.emulate_media(media="print")
    assert decode(page.locator("img.pb-qr__code").screenshot()) == [f"{SITE_URL}/sammlungen/{slugs[0]}/"]
