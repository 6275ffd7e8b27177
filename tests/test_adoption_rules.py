"""Adoption records (``adoptions/<slug>.md``): one fixture per rule, like the case rules.

Each fixture in ``tests/fixtures/adoptions/`` is ``minimal.md`` with exactly one change; the table says
which single problem it must produce. The fixtures are checked together with the valid case fixtures
(``musterstadt-minimal``, adopted by ``minimal.md``, and ``musterstadt-komplett``, which adopted it too and
has the former ids ``musterstadt-terminbuchung`` and ``musterstadt-termine-alt``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, TODAY, assert_plain_german, changes_between, copy_valid, fixture_key

from generator import catalog, schema

ADOPTIONS = FIXTURES / "adoptions"
MINIMAL = ADOPTIONS / "minimal.md"
E, W = "error", "warning"

# fixture name -> (line, key, severity, rule[, text the message must contain])
EXPECTED: dict[str, tuple] = {
    "schema_missing": (2, "schema", E, "missing"),
    "case_missing": (2, "case", E, "missing"),
    "organisation_missing": (2, "organisation", E, "missing"),
    "organisation-name_missing": (5, "organisation.name", E, "missing"),
    "organisation-type_missing": (5, "organisation.type", E, "missing"),
    "organisation-country_missing": (5, "organisation.country", E, "missing"),
    "organisation-state_missing-for-de": (5, "organisation.state", E, "missing"),
    "status_missing": (2, "status", E, "missing"),
    "since_missing": (2, "since", E, "missing"),
    "contact_missing": (2, "contact", E, "missing"),
    "contact-unit_missing": (12, "contact.unit", E, "missing"),
    "contact-email_missing": (12, "contact.email", E, "missing"),
    "content_license_missing": (2, "content_license", E, "missing"),
    "reviewed_missing": (2, "reviewed", E, "missing"),
    "organisation-type_unknown": (6, "organisation.type", E, "unknown-value", "municipality"),
    "organisation-country_unknown": (7, "organisation.country", E, "unknown-value"),
    "organisation-state_unknown": (8, "organisation.state", E, "unknown-value", "Meinten Sie 'NW'?"),
    "status_unknown": (9, "status", E, "unknown-value", "'operation'"),
    "status_completed": (9, "status", E, "unknown-value", "discontinued"),
    "title_unknown-key": (4, "title", E, "unknown-key"),
    "case_not-slug": (3, "case", E, "pattern"),
    "case_unknown": (3, "case", E, "unknown-case", "Meinten Sie 'musterstadt-minimal'?"),
    "case_former-id": (3, "case", W, "former-id", "case: musterstadt-komplett"),
    "organisation_own-case": (5, "organisation", E, "own-case", "selbst beschrieben"),
    "since_before-case": (10, "since", E, "date-order", "2021-03"),
    "since_german-date": (10, "since", E, "date", "2022-05"),
    "status_discontinued-without-reason": (9, "status", W, "discontinued-without-reason", "changes"),
    "reviewed_future": (15, "reviewed", E, "future-date"),
    "contact-email_invalid": (13, "contact.email", E, "email", "'@'"),
    "organisation-ags_wrong-state": (9, "organisation.ags", E, "ags-state"),
    "changes_script": (16, "changes", E, "html-tag", "<script>"),
    "changes_too-long": (16, "changes", E, "too-long"),
    "body_iframe": (20, "", E, "html-tag", "<iframe>"),
}
VALID = ("minimal", "changes_allowed")


def run(tmp_path: Path, *records: Path) -> catalog.CheckResult:
    cases = copy_valid(tmp_path / "cases")
    folder = tmp_path / "adoptions"
    folder.mkdir()
    for record in records:
        shutil.copyfile(record, folder / record.name)
    return catalog.check(cases, TODAY)


@pytest.mark.parametrize("name, expected", list(EXPECTED.items()), ids=list(EXPECTED))
def test_adoption_fixture_gives_exactly_one_problem(name, expected, tmp_path):
    line, key, severity, rule, *contains = expected
    path = ADOPTIONS / f"{name}.md"
    result = run(tmp_path, path)
    assert len(result.problems) == 1, "\n".join(p.text() for p in result.problems) or "no problem reported"
    (problem,) = result.problems
    assert (problem.line, problem.key, problem.severity, problem.rule) == (line, key, severity, rule), problem.text()
    assert problem.file == str(tmp_path / "adoptions" / path.name)
    rows = path.read_text(encoding="utf-8").split("\n")
    assert 1 <= problem.column <= len(rows[problem.line - 1]) + 1, problem.text()
    assert_plain_german(problem.message)
    for needle in contains:
        assert needle in problem.message, problem.text()
    # an error keeps the record out of the catalogue, a warning does not; the cases stay in either way
    assert len(result.catalog.adoptions) == (1 if severity == W else 0)
    assert len(result.catalog.cases) == 2


@pytest.mark.parametrize("name", VALID)
def test_valid_adoption_fixtures_pass(name, tmp_path):
    result = run(tmp_path, ADOPTIONS / f"{name}.md")
    assert [p.text() for p in result.problems] == []
    (record,) = result.catalog.adoptions
    assert record.case == "musterstadt-minimal"
    assert record.organisation["name"] == "Gemeinde Beispieldorf"
    assert result.catalog.adoptions_of["musterstadt-minimal"] == (record,)


def test_every_fixture_is_in_the_table_and_the_minimal_record_with_one_change():
    files = {p.stem for p in ADOPTIONS.glob("*.md")}
    assert files == set(EXPECTED) | set(VALID)
    base = MINIMAL.read_text(encoding="utf-8")
    for name in files - {"minimal"}:
        assert changes_between(base, (ADOPTIONS / f"{name}.md").read_text(encoding="utf-8")) == 1, name


def test_every_required_field_and_vocabulary_has_a_fixture():
    fields = list(schema.walk(schema.ADOPTION_FIELDS))
    required = {f"{fixture_key(path)}_missing" for path, spec in fields if spec.required}
    assert required - set(EXPECTED) == set()
    vocabulary = {f"{fixture_key(path)}_unknown" for path, spec in fields if spec.vocab}
    assert vocabulary - set(EXPECTED) == set()


def _record(folder: Path, name: str, **replace: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_adoption_declared_twice_is_an_error_at_the_second(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    first = _record(source, "a-beispieldorf")
    second = _record(source, "b-beispieldorf-nochmal", **{"since: 2022-05": "since: 2023"})
    result = run(tmp_path, first, second)
    (problem,) = result.problems
    assert problem.file.endswith("b-beispieldorf-nochmal.md") and problem.rule == "duplicate-adoption"
    assert "a-beispieldorf.md" in problem.message
    assert [r.slug for r in result.catalog.adoptions] == ["a-beispieldorf"]


def test_a_record_repeating_a_cases_adopted_from_is_an_error(tmp_path):
    """musterstadt-komplett (Stadt Musterstadt, SH, AGS 01099001) names musterstadt-minimal in adopted_from;
    a record of the same organisation (here: found by its AGS) for the same case is one declaration too many."""
    source = tmp_path / "src"
    source.mkdir()
    record = _record(source, "musterstadt-sh", **{
        "name: Gemeinde Beispieldorf": "name: Musterstadt (Stadtverwaltung)",
        "  state: NW\n": '  state: SH\n  ags: "01099001"\n'})
    result = run(tmp_path, record)
    (problem,) = result.problems
    assert problem.rule == "duplicate-adoption" and "musterstadt-komplett.md (adopted_from)" in problem.message


def test_records_of_a_case_with_errors_are_checked_but_not_published(tmp_path):
    result = run(tmp_path, MINIMAL)
    cases = tmp_path / "cases"
    path = cases / "musterstadt-minimal.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: operation", "status: kaputt"),
                    encoding="utf-8")
    result = catalog.check(cases, TODAY)
    assert {p.file.rsplit("/", 1)[-1] for p in result.problems} == {"musterstadt-minimal.md"}
    assert result.catalog.adoptions == ()


def test_files_that_cannot_be_read_are_reported_and_counted(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    broken = source / "kaputt.md"
    broken.write_bytes(b"---\nschema: 1\ncase: [\n---\n")
    result = run(tmp_path, broken, MINIMAL)
    assert [p.file.rsplit("/", 1)[-1] for p in result.problems] == ["kaputt.md"]
    assert (result.files, result.adoption_files) == (2, 2)
    assert len(result.catalog.adoptions) == 1


def test_no_adoptions_folder_means_no_records(tmp_path):
    cases = copy_valid(tmp_path / "cases")
    result = catalog.check(cases, TODAY)
    assert result.problems == [] and result.catalog.adoptions == ()


def test_an_explicit_adoptions_folder(tmp_path):
    cases = copy_valid(tmp_path / "cases")
    elsewhere = tmp_path / "meldungen"
    elsewhere.mkdir()
    shutil.copyfile(MINIMAL, elsewhere / "beispieldorf.md")
    result = catalog.check(cases, TODAY, adoptions=elsewhere)
    assert [r.slug for r in result.catalog.adoptions] == ["beispieldorf"]
