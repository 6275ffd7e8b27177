"""Valid HTML: the Nu Html Checker (vnu.jar, from npm's vnu-jar) finds no error in any built page.

One build covers every page type: the shipped cases plus the valid fixtures, which add a withdrawn
case and more redirects. One run of the checker over the whole output (a JVM start costs seconds).
Besides, the titles of the page types are checked here, since they come from the same theme override.

Without Java or vnu.jar the test is skipped on a workstation and fails in CI (environment variable
``CI`` set), like the browser tests: ``scripts/test.sh`` installs both.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import build as build_module
from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "cases"
VALID = REPO / "tests" / "fixtures" / "valid"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_NAME = "Praxisbörse"

# One page of every type, by its path in the site; the test fails if one is missing, so that a
# renamed folder can't make the checker pass over nothing.
PAGE_TYPES = {
    "home": "index.html",
    "search": "suche/index.html",
    "topic overview": "themen/index.html",
    "topic listing": "themen/administration/index.html",
    "municipality overview": "kommunen/index.html",
    "municipality listing": "kommunen/stadt-musterstadt/index.html",
    "state overview": "laender/index.html",
    "state listing": "laender/sh/index.html",
    "abroad listing": "laender/ausland/index.html",
    "German case": "faelle/musterstadt-maengelmelder/index.html",
    "English case": "faelle/eksempelvik-digital-library/index.html",
    "withdrawn case": "faelle/musterstadt-komplett/index.html",
    "redirect": "faelle/musterstadt-buergermelder/index.html",
    "contributor guide": "mitmachen/index.html",
    "about": "ueber/index.html",
    "accessibility statement": "barrierefreiheit/index.html",
    "imprint": "impressum/index.html",
    "privacy": "datenschutz/index.html",
    "not found": "404.html",
}


def missing(what: str) -> None:
    """Skip on a workstation, fail in CI: there the check must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} — in CI the HTML check must run, not be skipped "
                    "(scripts/test.sh installs Java and runs npm ci).", pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("html-valid")
    cases = root / "cases"
    shutil.copytree(CASES, cases)
    shutil.copytree(VALID, cases / "fixtures")
    out = root / "site"
    build_module.build(cases, out, project=Project(REPO),
                       progress=build_module.Progress(stream=open(os.devnull, "w"), live=False))
    return out


def run_vnu(site: Path) -> list[dict]:
    java = shutil.which("java")
    if not java:
        missing("java is missing (apt-get install default-jre-headless)")
    if not VNU.is_file():
        missing(f"{VNU} is missing (npm ci)")
    proc = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                           "--stdout", str(site)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return messages


def where(message: dict, site: Path) -> str:
    path = message.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
    return f"{path}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"


def test_every_page_type_is_built(site):
    absent = [f"{kind} ({path})" for kind, path in PAGE_TYPES.items() if not (site / path).is_file()]
    assert not absent, "page types missing from the build: " + ", ".join(absent)


def test_nu_html_checker_finds_no_error(site):
    messages = run_vnu(site)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"
              or m.get("type") == "non-document-error"]
    report = sorted(f"{where(m, site)}: {m.get('message')}  [{' '.join(m.get('extract', '').split())}]"
                    for m in errors)
    assert not report, f"{len(report)} HTML errors:\n" + "\n".join(report)


def title_of(site: Path, path: str) -> str:
    found = re.findall(r"<title>(.*?)</title>", (site / path).read_text(encoding="utf-8"), re.S)
    assert len(found) == 1, f"{path}: {len(found)} <title> elements"
    return html.unescape(found[0])


def h1_of(site: Path, path: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", (site / path).read_text(encoding="utf-8"), re.S)
    assert found, f"{path}: no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_home_title_is_the_site_name(site):
    assert title_of(site, "index.html") == SITE_NAME


@pytest.mark.parametrize("kind", [k for k in PAGE_TYPES if k not in ("home", "redirect")])
def test_title_names_the_page_then_the_site(site, kind):
    path = PAGE_TYPES[kind]
    title = title_of(site, path)
    name, _, rest = title.rpartition(" - ")
    assert rest == SITE_NAME and name.strip(), f"{path}: {title!r}"
    assert name != SITE_NAME and " - " + SITE_NAME not in name, f"{path}: {title!r}"
    assert "404" not in title and "Not found" not in title, f"{path}: {title!r}"


@pytest.mark.parametrize("kind", ["topic listing", "municipality listing", "state listing", "German case",
                                  "English case", "withdrawn case", "contributor guide", "imprint"])
def test_title_of_a_content_page_is_its_heading(site, kind):
    path = PAGE_TYPES[kind]
    assert title_of(site, path) == f"{h1_of(site, path)} - {SITE_NAME}"


def test_not_found_page_is_german(site):
    assert h1_of(site, "404.html") == "Seite nicht gefunden"
