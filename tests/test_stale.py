"""`python -m generator stale`: published cases whose last review is too long ago, for the monthly workflow
(.github/workflows/veraltet.yml) that opens one issue per case."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import REPO, assert_plain_german

from generator import stale

# A fixed "today" after every date in the shipped catalogue (so that nothing is "in the future"), at the end of
# a month (so that month arithmetic meets a shorter month).
TODAY = date(max(2028, date.today().year + 1), 3, 31)
STALE_ID = "musterstadt-maengelmelder"
SITE = "https://praxis.example/"
NO_CI: dict[str, str] = {}  # no GitHub or GitLab variables: links come from the settings only
JSON_FIELDS = {"id", "title", "file", "reviewed", "contact_unit", "contact_email", "organisation", "url",
               "issue_title", "issue_body"}


def set_reviewed(path: Path, day: date) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^reviewed: .*$", f"reviewed: {day.isoformat()}", text, count=1)
    assert count == 1, path
    path.write_text(new, encoding="utf-8")


def catalogue(folder: Path, today: date) -> Path:
    """The shipped cases and adoption records in ``folder``, every one reviewed ten days before ``today``."""
    cases = folder / "cases"
    shutil.copytree(REPO / "cases", cases)
    shutil.copytree(REPO / "adoptions", folder / "adoptions")
    for path in list(cases.rglob("*.md")) + list((folder / "adoptions").rglob("*.md")):
        set_reviewed(path, today - timedelta(days=10))
    return cases


def case_file(cases: Path, case_id: str) -> Path:
    return next(p for p in cases.rglob("*.md") if re.search(rf"(?m)^id: {re.escape(case_id)}$", p.read_text("utf-8")))


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    return catalogue(tmp_path, TODAY)


def find(cases: Path, months: int = 24, today: date = TODAY) -> list[dict]:
    found, broken = stale.find(cases, months=months, today=today, config={"site_url": SITE}, env=NO_CI)
    assert broken == 0
    return found


def test_a_case_reviewed_three_years_ago_is_the_only_one_listed(cases):
    path = case_file(cases, STALE_ID)
    set_reviewed(path, TODAY.replace(year=TODAY.year - 3))
    found = find(cases)
    assert [entry["id"] for entry in found] == [STALE_ID]
    entry = found[0]
    assert JSON_FIELDS <= set(entry)
    assert entry["title"] == "Mängelmelder als Open-Source-Anwendung"
    assert entry["reviewed"] == TODAY.replace(year=TODAY.year - 3).isoformat()
    assert entry["contact_unit"] == "Stabsstelle Digitalisierung"
    assert entry["contact_email"] == "digital@musterstadt.example"
    assert entry["organisation"] == "Stadt Musterstadt"
    assert entry["url"] == f"{SITE}faelle/{STALE_ID}/"
    assert Path(entry["file"]).name == path.name
    assert entry["issue_title"] == f"Bitte prüfen: {entry['title']}"


def test_the_issue_asks_the_contact_unit_in_german_what_to_reconfirm_and_how(cases):
    set_reviewed(case_file(cases, STALE_ID), TODAY.replace(year=TODAY.year - 3))
    entry = find(cases)[0]
    body = entry["issue_body"]
    assert_plain_german(body)
    assert f"<!-- praxisboerse-veraltet: {STALE_ID} -->" in body  # which case, for people and scripts
    assert "Stabsstelle Digitalisierung" in body.split("\n", 2)[1]  # the greeting names the contact unit
    for asked in ("Ist die Lösung noch im Einsatz", "Kosten", "Kontakt", "Links", "Nachnutzung", "Lizenz"):
        assert asked in body, asked
    assert "reviewed:" in body and entry["file"] in body and entry["url"] in body
    assert f"{TODAY.replace(year=TODAY.year - 3):%d.%m.%Y}" in body  # the date as Germans write it
    assert "Pull Request" in body
    assert "- [ ]" in body  # a task list to tick off


def test_a_discontinued_case_is_asked_about_its_status_not_whether_it_still_runs(cases):
    path = case_file(cases, "beispielburg-smart-parking")
    assert "\nstatus: discontinued\n" in path.read_text(encoding="utf-8")
    set_reviewed(path, TODAY.replace(year=TODAY.year - 3))
    body = find(cases)[0]["issue_body"]
    assert "„Eingestellt“" in body and "noch im Einsatz" not in body


def test_withdrawn_cases_are_not_listed(cases):
    path = case_file(cases, STALE_ID)
    set_reviewed(path, TODAY.replace(year=TODAY.year - 3))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nreviewed:", "\nwithdrawn: Die Stadt betreibt den Mängelmelder nicht mehr.\n"
                                 "reviewed:", 1), encoding="utf-8")
    assert find(cases) == []


def test_months_sets_how_old_a_review_may_be(cases):
    path = case_file(cases, STALE_ID)
    limit = stale.months_before(TODAY, 12)
    set_reviewed(path, limit)  # exactly 12 months: not yet too old
    assert find(cases, months=12) == []
    set_reviewed(path, limit - timedelta(days=1))
    assert [entry["id"] for entry in find(cases, months=12)] == [STALE_ID]
    assert find(cases, months=13) == []
    assert find(cases, months=24) == []


def test_oldest_review_first(cases):
    set_reviewed(case_file(cases, STALE_ID), TODAY.replace(year=TODAY.year - 3))
    set_reviewed(case_file(cases, "beispielburg-smart-parking"), TODAY.replace(year=TODAY.year - 4))
    assert [entry["id"] for entry in find(cases)] == ["beispielburg-smart-parking", STALE_ID]


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2028, 3, 31), 1, date(2028, 2, 29)),
    (date(2027, 3, 31), 1, date(2027, 2, 28)),
    (date(2027, 1, 15), 24, date(2025, 1, 15)),
    (date(2027, 1, 15), 13, date(2025, 12, 15)),
    (date(2026, 12, 1), 0, date(2026, 12, 1)),
])
def test_months_before(day, months, expected):
    assert stale.months_before(day, months) == expected


def test_links_to_the_file_come_from_the_ci_or_the_settings():
    github = stale.links({"site_url": SITE}, {"GITHUB_SERVER_URL": "https://github.com",
                                              "GITHUB_REPOSITORY": "kommunen/praxisboerse", "GITHUB_REF_NAME": "main"})
    assert github.file_url.format(file="cases/a.md") == "https://github.com/kommunen/praxisboerse/blob/main/cases/a.md"
    assert github.edit_url.format(file="cases/a.md") == "https://github.com/kommunen/praxisboerse/edit/main/cases/a.md"
    gitlab = stale.links({}, {"CI_PROJECT_URL": "https://gitlab.example/k/p", "CI_DEFAULT_BRANCH": "main"})
    assert gitlab.file_url.format(file="cases/a.md") == "https://gitlab.example/k/p/-/blob/main/cases/a.md"
    configured = stale.links({"extra": {"repository_url": "https://github.com/k/p"}}, {})
    assert configured.file_url.format(file="cases/a.md") == "https://github.com/k/p/blob/HEAD/cases/a.md"
    assert stale.links({}, {}) == stale.Links()
    assert stale.Links().page("x-y") == "/faelle/x-y/"
    assert github.page("x-y") == f"{SITE}faelle/x-y/"


# --- end to end: the command the workflow runs ------------------------------------------------------------

def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GITHUB_", "CI_PROJECT", "CI_DEFAULT"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in proc.stderr and "Interner Fehler" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder as the workflow sees it (cases, adoptions, mkdocs.yml), reviewed recently by the real
    date, with one case reviewed three years ago."""
    today = date.today()
    cases = catalogue(tmp_path, today)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    set_reviewed(case_file(cases, STALE_ID), today - timedelta(days=3 * 365 + 1))
    return tmp_path


def test_stale_json_end_to_end(project):
    proc = run("stale", "--format", "json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert [entry["id"] for entry in found] == [STALE_ID]
    entry = found[0]
    assert JSON_FIELDS <= set(entry)
    assert entry["file"] == f"cases/{case_file(project / 'cases', STALE_ID).name}"
    site_url = re.search(r"(?m)^site_url: (\S+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
    assert entry["url"] == site_url.rstrip("/") + f"/faelle/{STALE_ID}/"
    assert_plain_german(proc.stderr)


def test_stale_text_and_months_end_to_end(project):
    proc = run("stale", cwd=project)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cases/") and "Stabsstelle Digitalisierung" in lines[0]
    proc = run("stale", "--months", "48", "--format", "json", cwd=project)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    assert "Kein Fall" in proc.stderr


def test_stale_skips_broken_files_and_says_so(project):
    (project / "cases" / "kaputt.md").write_text("---\nid: kaputt\n---\n", encoding="utf-8")
    proc = run("stale", "--format", "json", "--cases", "cases", cwd=project)
    assert proc.returncode == 0
    assert [entry["id"] for entry in json.loads(proc.stdout)] == [STALE_ID]
    assert "1 Datei mit Fehlern übersprungen" in proc.stderr


def test_stale_wrong_usage(project):
    assert run("stale", "--months", "0", cwd=project).returncode == 2
    assert run("stale", "--cases", "gibtsnicht", cwd=project).returncode == 2
