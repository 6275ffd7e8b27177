"""`check --format gitlab`: a GitLab Code Quality report that a merge request widget shows."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from support import REPO, RULES, case, minimal_text, with_id

# The fields GitLab reads from a Code Quality report (docs.gitlab.com, "Code Quality", implementing a
# custom tool): a JSON array of objects with these keys.
CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^(?!/)(?!\\.\\./).+"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--format", "gitlab", *args],
                          cwd=root, capture_output=True, text=True, timeout=120, check=False,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo_with_problems(tmp_path: Path) -> Path:
    """A repository folder whose cases/ holds a valid case, two broken ones and one with a warning."""
    cases = tmp_path / "cases"
    case(cases, "musterstadt-gut")
    shutil.copy(RULES / "adopted_from_unknown.md", cases / "adopted_from_unknown.md")
    broken = with_id(minimal_text(), "musterstadt-kaputt").replace("\nstatus: ", "\nstatus: erfunden # ", 1)
    case(cases, "musterstadt-kaputt", broken)
    return tmp_path


def test_report_is_valid_code_quality_json_with_paths_from_the_repository(repo_with_problems: Path) -> None:
    proc = run_check(repo_with_problems)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.validate(report, CODE_QUALITY)
    assert report, "the broken cases must be reported"
    paths = {item["location"]["path"] for item in report}
    assert paths <= {"cases/adopted_from_unknown.md", "cases/musterstadt-kaputt.md"}, paths
    assert {item["severity"] for item in report} <= {"major", "minor"}
    assert any(item["severity"] == "major" for item in report)
    assert all(item["description"] and "Traceback" not in item["description"] for item in report)


def test_fingerprints_are_unique_and_stable_across_runs_and_line_moves(repo_with_problems: Path) -> None:
    first = json.loads(run_check(repo_with_problems).stdout)
    second = json.loads(run_check(repo_with_problems).stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    assert len({i["fingerprint"] for i in first}) == len(first)
    # a line inserted above the problem moves it, but it is the same problem for GitLab
    path = repo_with_problems / "cases" / "musterstadt-kaputt.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n# eine Notiz\n", 1), encoding="utf-8")
    moved = json.loads(run_check(repo_with_problems).stdout)
    before = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in first}
    after = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in moved}
    assert before.keys() == after.keys()
    assert any(after[f] == before[f] + 1 for f in before)


def test_a_clean_catalogue_gives_an_empty_report_and_exit_zero() -> None:
    proc = run_check(REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout) == []


def test_cases_given_by_absolute_path_are_still_relative_to_the_repository(repo_with_problems: Path) -> None:
    proc = run_check(repo_with_problems, "--cases", str(repo_with_problems / "cases"))
    report = json.loads(proc.stdout)
    assert report and all(not item["location"]["path"].startswith("/") for item in report)
    assert all(item["location"]["path"].startswith("cases/") for item in report)
