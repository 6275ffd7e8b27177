"""One fixture per rule of the case format (tests/fixtures/rules/KEY_REASON.md).

Each fixture is the minimal valid case with exactly one thing broken. The table
below says which single problem it must produce: (line, key, severity, rule,
and optionally a text the message must contain, e.g. a "did you mean").
Fixtures ending in ``-allowed`` (and the two "stays a string" ones) must pass.

A rule fixture's id is its file name made URL-safe (``cost-one_time_eur_range-reversed``
→ ``cost-one-time-eur-range-reversed``, see ``support.slug``): ids may not contain
``_``. The test copies it to ``cases/<id>.md`` so that the id/file-name rule never
fires by accident; only the ``id_*`` fixtures break the id on purpose.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import catalog, schema, validate
from support import (MAX_IMAGE_BYTES, MINIMAL, RULES, TODAY, assert_plain_german, changes_between, fixture_key,
                     minimal_text, replace_line, slug, text_of_length, with_id)

E, W = "error", "warning"

# fixture name -> (line, key, severity, rule[, text the message must contain])
# line may be a tuple of acceptable lines where more than one place is right.
EXPECTED: dict[str, tuple] = {
    # --- required keys -------------------------------------------------------------------------
    "schema_missing": (2, "schema", E, "missing"),
    "id_missing": (2, "id", E, "missing"),
    "title_missing": (2, "title", E, "missing"),
    "summary_missing": (2, "summary", E, "missing"),
    "lang_missing": (2, "lang", E, "missing"),
    "organisation_missing": (2, "organisation", E, "missing"),
    "organisation-name_missing": (8, "organisation.name", E, "missing"),
    "organisation-type_missing": (8, "organisation.type", E, "missing"),
    "organisation-country_missing": (8, "organisation.country", E, "missing"),
    "organisation-state_missing-for-de": (8, "organisation.state", E, "missing"),
    "partners-name_missing": (13, "partners[1].name", E, "missing"),
    "partners-role_missing": (13, "partners[1].role", E, "missing"),
    "topics_missing": (2, "topics", E, "missing"),
    "status_missing": (2, "status", E, "missing"),
    "started_missing": (2, "started", E, "missing"),
    "problem_missing": (2, "problem", E, "missing"),
    "solution_missing": (2, "solution", E, "missing"),
    "cost_missing": (2, "cost", E, "missing"),
    "cost-one_time_eur_range-incomplete": (19, "cost.one_time_eur.max", E, "missing"),
    "cost-funding-funder_missing": (20, "cost.funding[1].funder", E, "missing"),
    "cost-funding-programme_missing": (20, "cost.funding[1].programme", E, "missing"),
    "reuse_missing": (2, "reuse", E, "missing"),
    "reuse-level_missing": (20, "reuse.level", E, "missing"),
    "reuse-effort_missing": (20, "reuse.effort", E, "missing"),
    "reuse-requirements_missing": (20, "reuse.requirements", E, "missing"),
    "reuse-materials-title_missing": (24, "reuse.materials[1].title", E, "missing"),
    "reuse-materials-url_missing": (24, "reuse.materials[1].url", E, "missing"),
    "contact_missing": (2, "contact", E, "missing"),
    "contact-unit_missing": (24, "contact.unit", E, "missing"),
    "contact-email_missing": (24, "contact.email", E, "missing"),
    "links-title_missing": (27, "links[1].title", E, "missing"),
    "links-url_missing": (27, "links[1].url", E, "missing"),
    "content_license_missing": (2, "content_license", E, "missing"),
    "reviewed_missing": (2, "reviewed", E, "missing"),
    # --- empty values ----------------------------------------------------------------------------
    "title_empty": (4, "title", E, "empty"),
    "title_empty-string": (4, "title", E, "empty"),
    "cost_null": (18, "cost", E, "empty"),
    # --- schema version and types ------------------------------------------------------------
    "schema_wrong-version": (2, "schema", E, "const"),
    "schema_quoted": (2, "schema", E, "type", "ohne Anführungszeichen"),
    "title_list": (4, "title", E, "type"),
    "organisation_not-mapping": (7, "organisation", E, "type"),
    "topics_not-list": (12, "topics", E, "type"),
    "cost_not-mapping": (18, "cost", E, "type"),
    "contact_not-mapping": (23, "contact", E, "type"),
    "withdrawn_not-text": (27, "withdrawn", E, "type"),
    "organisation-population_german-thousands": (12, "organisation.population", E, "type", "84000"),
    "organisation-population_quoted": (12, "organisation.population", E, "type", "84000"),
    "organisation-population_zero": (12, "organisation.population", E, "too-small"),
    "cost-one_time_eur_german-thousands": (19, "cost.one_time_eur", E, "type", "45000"),
    "cost-one_time_eur_negative": (19, "cost.one_time_eur", E, "type"),
    "cost-one_time_eur_range-reversed": (19, "cost.one_time_eur", E, "range"),
    "cost-annual_eur_range-reversed": (19, "cost.annual_eur", E, "range"),
    "cost-annual_eur_not-number": (19, "cost.annual_eur", E, "type"),
    "cost-staff_fte_negative": (19, "cost.staff_fte", E, "type"),
    "cost-staff_fte_german-decimal": (19, "cost.staff_fte", E, "type", "0.5"),
    # --- id ---------------------------------------------------------------------------------------
    "id_too-short": (3, "id", E, "too-short"),
    "id_too-long": (3, "id", E, "too-long"),
    "id_pattern": (3, "id", E, "pattern"),
    "id_double-hyphen": (3, "id", E, "pattern"),
    "id_filename-mismatch": (3, "id", E, "id-filename", "id-filename-mismatch.md"),
    # --- length limits -----------------------------------------------------------------------
    "title_too-short": (4, "title", E, "too-short"),
    "title_too-long": (4, "title", E, "too-long"),
    "summary_too-short": (5, "summary", E, "too-short"),
    "summary_too-long": (5, "summary", E, "too-long"),
    "problem_too-short": (16, "problem", E, "too-short"),
    "problem_too-long": (16, "problem", E, "too-long"),
    "solution_too-short": (17, "solution", E, "too-short"),
    "solution_too-long": (17, "solution", E, "too-long"),
    "results_too-long": (18, "results", E, "too-long"),
    "reuse-requirements_too-short": (22, "reuse.requirements", E, "too-short"),
    "reuse-requirements_too-long": (22, "reuse.requirements", E, "too-long"),
    "cost-notes_too-long": (19, "cost.notes", E, "too-long"),
    # --- vocabularies and patterns -----------------------------------------------------------
    "lang_unknown": (6, "lang", E, "unknown-value"),
    "lang_pattern": (6, "lang", E, "pattern", "'de'"),
    "organisation-type_unknown": (9, "organisation.type", E, "unknown-value"),
    "organisation-country_lowercase": (10, "organisation.country", E, "unknown-value", "'DE'"),
    "organisation-state_unknown": (11, "organisation.state", E, "unknown-value", "'NW'"),
    "organisation-state_outside-de": (11, "organisation.state", E, "state-country", "AT"),
    "organisation-ags_wrong-state": (12, "organisation.ags", E, "ags-state", "NW"),
    "organisation-ags_seven-digits": (12, "organisation.ags", E, "pattern"),
    "partners-role_unknown": (14, "partners[1].role", E, "unknown-value"),
    "topics_unknown": (13, "topics[1]", E, "unknown-value", "'administration'"),
    "topics_too-many": (16, "topics", E, "too-many"),
    "topics_empty": (12, "topics", E, "too-few"),
    "topics_duplicate": (14, "topics[2]", E, "duplicate-item"),
    "tags_too-many": (23, "tags", E, "too-many"),
    "tags_pattern": (15, "tags[1]", E, "pattern"),
    "tags_duplicate": (16, "tags[2]", E, "duplicate-item"),
    "status_unknown": (14, "status", E, "unknown-value"),
    "status_german-label": (14, "status", E, "unknown-value", "'operation'"),
    "reuse-level_unknown": (20, "reuse.level", E, "unknown-value", "'software'"),
    "reuse-effort_unknown": (21, "reuse.effort", E, "unknown-value"),
    "reuse-license_not-spdx": (23, "reuse.license", E, "pattern"),
    "content_license_not-spdx": (26, "content_license", E, "pattern"),
    "sdgs_out-of-range": (27, "sdgs[1]", E, "too-large"),
    "sdgs_zero": (27, "sdgs[1]", E, "too-small"),
    "sdgs_duplicate": (28, "sdgs[2]", E, "duplicate-item"),
    "sdgs_not-integer": (27, "sdgs[1]", E, "type"),
    # --- dates ------------------------------------------------------------------------------------
    "started_bad-format": (15, "started", E, "date", "so: 2021-03"),
    "started_invalid-month": (15, "started", E, "date"),
    "ended_bad-format": (16, "ended", E, "date"),
    "ended_before-started": (16, "ended", E, "date-order"),
    "reviewed_bad-format": (27, "reviewed", E, "date", "so: 2025-01-15"),
    "reviewed_partial-date": (27, "reviewed", E, "date"),
    "reviewed_invalid-day": (27, "reviewed", E, "date"),
    "reviewed_future": (27, "reviewed", E, "future-date"),
    "reviewed_stale": (27, "reviewed", W, "stale"),
    # --- URLs and e-mail ---------------------------------------------------------------------
    "reuse-repository_not-https": (23, "reuse.repository", E, "url"),
    "reuse-materials-url_ftp": (25, "reuse.materials[1].url", E, "url"),
    "links-url_javascript": (28, "links[1].url", E, "url"),
    "links-url_no-scheme": (28, "links[1].url", E, "url"),
    "links-url_mailto": (28, "links[1].url", E, "url"),
    "contact-url_javascript": (26, "contact.url", E, "url"),
    "contact-email_invalid": (25, "contact.email", E, "email"),
    # --- references between cases ------------------------------------------------------------
    "redirect_from_own-id": (5, "redirect_from", E, "self-reference"),
    "redirect_from_pattern": (5, "redirect_from[1]", E, "pattern"),
    "redirect_from_duplicate": (6, "redirect_from[2]", E, "duplicate-item"),
    "related_itself": (27, "related[1]", E, "self-reference"),
    "related_pattern": (27, "related[1]", E, "pattern"),
    "related_unknown": (27, "related[1]", E, "unknown-case", "musterstadt-gibt-es-nicht"),
    "adopted_from_itself": (26, "adopted_from", E, "self-reference"),
    "adopted_from_unknown": (26, "adopted_from", E, "unknown-case", "musterstadt-gibt-es-nicht"),
    "adopted_from_pattern": (26, "adopted_from", E, "pattern"),
    # --- unknown and duplicate keys ----------------------------------------------------------
    "unknown-key_suggestion": (27, "adoptd_from", E, "unknown-key", "'adopted_from'"),
    "organisation-unknown-key_suggestion": (12, "organisation.popluation", E, "unknown-key", "'population'"),
    "cost-unknown-key_suggestion": (19, "cost.one_time", E, "unknown-key", "'one_time_eur'"),
    "unknown-key_umlaut-label": (14, "schlagwörter", E, "unknown-key", "Meinten Sie 'tags' (Schlagwörter)?"),
    "cost-unknown-key_german-label": (19, "cost.förderung", E, "unknown-key", "Meinten Sie 'funding' (Förderung)?"),
    "unknown-key_nonsense": (14, "lorem", E, "unknown-key", "Erlaubt sind: "),
    "duplicate-key_top-level": (5, "title", E, "duplicate-key", "4"),
    # --- Markdown in front-matter fields -----------------------------------------------------
    "problem_iframe": (16, "problem", E, "html-tag", "iframe"),
    "solution_script-in-block": (19, "solution", E, "html-tag", "script"),
    "reuse-requirements_javascript-url": (22, "reuse.requirements", E, "unsafe-url"),
    # --- body: raw HTML and URLs -------------------------------------------------------------
    "body_script": (38, "", E, "html-tag", "script"),
    "body_nesting-too-deep": (48, "", E, "markdown-depth"),
    "body_script-uppercase": (38, "", E, "html-tag", "script"),
    "body_style": (38, "", E, "html-tag", "style"),
    "body_iframe": (38, "", E, "html-tag", "iframe"),
    "body_object": (38, "", E, "html-tag", "object"),
    "body_embed": (38, "", E, "html-tag", "embed"),
    "body_empty-section": (38, "", W, "empty-section", "Ergebnisse"),
    "body_form": (38, "", E, "html-tag", "form"),
    "body_event-handler": (38, "", E, "html-event-handler", "onmouseover"),
    "body_javascript-url": (38, "", E, "unsafe-url", "javascript:"),
    "body_javascript-url-uppercase": (38, "", E, "unsafe-url", "javascript:"),
    "body_javascript-url-entity": (38, "", E, "unsafe-url", "javascript:"),
    "body_javascript-url-colon-entity": (38, "", E, "unsafe-url", "javascript:"),
    "body_javascript-url-reference": ((38, 40), "", E, "unsafe-url", "javascript:"),
    "body_javascript-url-autolink": (38, "", E, "unsafe-url", "javascript:"),
    "body_vbscript-url": (38, "", E, "unsafe-url", "vbscript:"),
    "body_data-url": (38, "", E, "unsafe-url", "data:"),
    "body_data-url-image": (38, "", E, "unsafe-url", "data:"),
    # --- body: images ------------------------------------------------------------------------
    "body_image-outside-folder": (38, "", E, "image-outside"),
    "body_image-traversal": (38, "", E, "image-outside"),
    "body_image-no-alt": (38, "", E, "image-alt"),
    "body_image-wrong-type": (38, "", E, "image-type", "gif"),
    "body_image-svg": (38, "", E, "image-type", "svg"),
    "body_image-too-large": (38, "", E, "image-too-large", "2 MB"),
    "body_image-missing": (38, "", E, "image-missing", "fehlt.png"),
    "body_image-remote": (38, "", E, "image-remote"),
    # --- where the checker contradicts the contract (see XFAIL) --------------------------------
    "organisation-country_unknown": (10, "organisation.country", E, "unknown-value", "ISO 3166-1"),
    "title_html": (4, "title", E, None),
    "body_javascript-url-unused-definition": (38, "", E, "unsafe-url"),
}

XFAIL: dict[str, str] = {}  # fixture name -> reason, for known checker bugs

# Fixtures whose message must not suggest anything: a wrong "did you mean" misleads more than none.
NO_SUGGESTION = ("unknown-key_nonsense",)

# Fixtures that must pass without any problem, with values the catalogue must hold exactly as written.
VALID: dict[str, dict[str, object]] = {
    "organisation-ags_leading-zero-kept": {"organisation.ags": "01001000", "organisation.state": "SH"},
    "organisation-country_no-stays-string": {"organisation.country": "NO", "organisation.state": None},
    "started_year-only-allowed": {"started": "2021"},
    "ended_same-month-allowed": {"started": "2021-03", "ended": "2021-03"},
    "reviewed_today-allowed": {"reviewed": "2025-06-01"},
    "reviewed_two-years-ago-allowed": {"reviewed": "2023-06-01"},
    "contact-url_mailto-allowed": {"contact.url": "mailto:buergerbuero@musterstadt.example"},
    "links-url_http-allowed": {},
    "body_allowed-html": {},
    "body_html-in-code-allowed": {},
    "body_image-allowed-types": {},
}

# Files a fixture's case folder needs: path relative to cases/ ("{id}" = the case id) -> size in bytes.
IMAGES: dict[str, dict[str, int]] = {
    "body_image-outside-folder": {"plan.png": 64},
    "body_image-traversal": {"plan.png": 64},
    "body_image-no-alt": {"{id}/foto.png": 64},
    "body_image-wrong-type": {"{id}/foto.gif": 64},
    "body_image-svg": {"{id}/logo.svg": 64},
    "body_image-too-large": {"{id}/gross.png": MAX_IMAGE_BYTES + 1},
    "body_image-allowed-types": {"{id}/a.png": 64, "{id}/b.jpg": 64, "{id}/c.jpeg": 64, "{id}/d.webp": 64,
                                 "{id}/genau-2mb.png": MAX_IMAGE_BYTES},
}


def run_fixture(name: str, tmp_path: Path):
    """catalog.check on a cases folder holding only this fixture (as <slug>.md) and its images."""
    cases = tmp_path / "cases"
    cases.mkdir()
    case_id = slug(name)
    shutil.copyfile(RULES / f"{name}.md", cases / f"{case_id}.md")
    for rel, size in IMAGES.get(name, {}).items():
        target = cases / rel.format(id=case_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (size - 8))
    return catalog.check(cases, TODAY), cases / f"{case_id}.md"


def _params():
    for name, expected in EXPECTED.items():
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, expected, id=name, marks=marks)


@pytest.mark.parametrize("name, expected", list(_params()))
def test_rule_fixture_gives_exactly_one_problem(name, expected, tmp_path):
    line, key, severity, rule, *contains = expected
    result, path = run_fixture(name, tmp_path)
    problems = result.problems
    assert len(problems) == 1, "\n".join(p.text() for p in problems) or "no problem reported"
    problem = problems[0]
    lines = line if isinstance(line, tuple) else (line,)
    assert problem.line in lines, problem.text()
    assert problem.key == key, problem.text()
    assert problem.severity == severity, problem.text()
    if rule is not None:
        assert problem.rule == rule, problem.text()
    assert problem.file.endswith(path.name)
    text_lines = path.read_text(encoding="utf-8").split("\n")
    assert 1 <= problem.column <= len(text_lines[problem.line - 1]) + 1, problem.text()
    assert_plain_german(problem.message)
    for needle in contains:
        assert needle in problem.message, problem.text()
    # an error keeps the case out of the catalogue; a warning does not
    assert len(result.catalog) == (1 if severity == W else 0)


@pytest.mark.parametrize("name", NO_SUGGESTION)
def test_fixture_suggests_nothing(name, tmp_path):
    result, _ = run_fixture(name, tmp_path)
    (problem,) = result.problems
    assert "Meinten Sie" not in problem.message, problem.text()


@pytest.mark.parametrize("name", list(VALID))
def test_valid_fixture_passes_and_keeps_values(name, tmp_path):
    result, _ = run_fixture(name, tmp_path)
    assert [p.text() for p in result.problems] == []
    (case,) = result.catalog.cases
    for dotted, value in VALID[name].items():
        assert case.get(dotted) == value, dotted
        if value is not None:
            assert type(case.get(dotted)) is type(value), dotted


# --- the fixtures themselves -------------------------------------------------------------------------

def test_every_fixture_is_in_the_table_and_every_entry_has_a_fixture():
    files = {p.stem for p in RULES.glob("*.md")}
    table = set(EXPECTED) | set(VALID)
    assert files - table == set(), "fixtures without an expectation"
    assert table - files == set(), "expectations without a fixture"
    assert set(XFAIL) <= set(EXPECTED)
    assert set(IMAGES) <= table


@pytest.mark.parametrize("path", sorted(RULES.glob("*.md")), ids=lambda p: p.stem)
def test_fixture_is_the_minimal_case_with_one_change(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), "front-matter must start on line 1"
    name = path.stem
    base = minimal_text()
    if not name.startswith("id_"):
        front = yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)  # strings only
        assert front["id"] == slug(name), "a rule fixture's id is its file name made URL-safe"
        base = with_id(base, slug(name))
    changes = changes_between(base, text)
    assert changes == 1, f"{changes} separate changes against {MINIMAL.name}"


def test_every_required_field_has_a_missing_fixture():
    names = {p.stem for p in RULES.glob("*.md")}
    required = [path for path, spec in schema.walk() if spec.required]
    assert required, "the schema table lists required fields"
    lacking = [p for p in required if f"{fixture_key(p)}_missing" not in names]
    assert lacking == []


def test_every_vocabulary_field_has_an_unknown_value_fixture():
    names = {p.stem for p in RULES.glob("*.md")}
    with_vocab = [path for path, spec in schema.walk()
                  if spec.vocab or (spec.items is not None and spec.items.vocab)]
    assert {"topics", "status", "reuse.level", "organisation.state"} <= set(with_vocab)
    lacking = [p for p in with_vocab if f"{fixture_key(p)}_unknown" not in names]
    assert lacking == []


# --- suggestions for unknown keys: by meaning (the German labels of the schema table), or none ---------

@pytest.mark.parametrize("where, key, meant", [
    ("", "lösung", "solution"),  # once answered with 'lang'
    ("", "loesung", "solution"),
    ("", "Lösung", "solution"),
    ("", "kosten", "cost"),
    ("", "kontakt", "contact"),
    ("", "kontaktdaten", "contact"),
    ("", "themen", "topics"),
    ("", "thema", "topics"),
    ("", "titel", "title"),
    ("", "zusammenfassung", "summary"),
    ("", "ergebnisse", "results"),
    ("", "ausgangslage", "problem"),
    ("", "sprache", "lang"),
    ("", "language", "lang"),
    ("", "schlagwörter", "tags"),
    ("", "übernommen_von", "adopted_from"),
    ("", "adoptd_from", "adopted_from"),
    ("cost", "einmalig", "one_time_eur"),
    ("cost", "förderung", "funding"),
    ("cost", "personal", "staff_fte"),
    ("organisation", "einwohner", "population"),
    ("organisation", "bundesland", "state"),
    ("organisation", "gemeindeschlüssel", "ags"),
    ("contact", "telefon", "phone"),
    ("reuse", "voraussetzungen", "requirements"),
])
def test_unknown_key_is_answered_by_meaning(where, key, meant):
    spec = schema.ROOT.child(where) if where else schema.ROOT
    assert validate.key_suggestion(key, spec).startswith(f" Meinten Sie '{meant}'")


@pytest.mark.parametrize("where, key", [
    ("", "lorem"), ("", "bemerkung"), ("", "land"), ("", "standort"), ("", "umsetzung"), ("", "xyz"), ("", "text"),
    ("cost", "kosten"),  # one-time or annual: too unsure to say
    ("cost", "einmalig_xyz"), ("organisation", "kreis"),
])
def test_unknown_key_far_from_every_field_gets_no_suggestion(where, key):
    spec = schema.ROOT.child(where) if where else schema.ROOT
    assert validate.key_suggestion(key, spec) == ""


def test_every_field_has_a_german_label():
    assert [path for path, spec in schema.walk() if not spec.label] == []


def test_key_that_slipped_out_of_its_block_is_pointed_back(tmp_path):
    """'  email:' moved to column 0 under 'contact' is valid YAML; the unknown key says where it belongs."""
    cases = tmp_path / "cases"
    cases.mkdir()
    text = replace_line(minimal_text(), "  email: buergerbuero@musterstadt.example",
                        "email: buergerbuero@musterstadt.example")
    (cases / "musterstadt-minimal.md").write_text(text, encoding="utf-8")
    problems = {p.rule: p for p in catalog.check(cases, TODAY).problems}
    assert set(problems) == {"unknown-key", "missing"}
    assert (problems["unknown-key"].line, problems["unknown-key"].key) == (25, "email")
    assert "Gehört 'email' zu 'contact' (Zeile 23)?" in problems["unknown-key"].message


# --- length limits of the contract, at both ends ----------------------------------------------------

LENGTHS = [  # key, min, max (characters, not bytes: the texts contain umlauts)
    ("title", 5, 120),
    ("summary", 20, 300),
    ("problem", 50, 1500),
    ("solution", 50, 1500),
    ("results", None, 1500),
    ("reuse.requirements", 20, 1000),
    ("cost.notes", None, 500),
    ("id", 3, 80),
]


def _with_length(key: str, n: int) -> tuple[str, str]:
    """(case id, text) of the minimal case with ``key`` set to a text of n characters."""
    text = minimal_text()
    case_id = "musterstadt-minimal"
    value = text_of_length(n)
    if key == "id":
        case_id = ("a" * n) if n >= 1 else ""
        return case_id, with_id(text, case_id)
    if key == "reuse.requirements":
        old = next(line for line in text.split("\n") if line.startswith("  requirements:"))
        return case_id, replace_line(text, old, f"  requirements: {value}")
    if key == "cost.notes":
        return case_id, replace_line(text, "cost: {}", "cost:", f"  notes: {value}")
    if key == "results":
        old = next(line for line in text.split("\n") if line.startswith("solution:"))
        return case_id, replace_line(text, old, old, f"results: {value}")
    old = next(line for line in text.split("\n") if line.startswith(f"{key}:"))
    return case_id, replace_line(text, old, f"{key}: {value}")


def _length_params():
    for key, low, high in LENGTHS:
        if low is not None:
            yield pytest.param(key, low - 1, "too-short", id=f"{key}-{low - 1}")
            yield pytest.param(key, low, None, id=f"{key}-{low}")
        yield pytest.param(key, high, None, id=f"{key}-{high}")
        yield pytest.param(key, high + 1, "too-long", id=f"{key}-{high + 1}")


@pytest.mark.parametrize("key, length, rule", list(_length_params()))
def test_length_limits(key, length, rule, tmp_path):
    case_id, text = _with_length(key, length)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / f"{case_id}.md").write_text(text, encoding="utf-8")
    problems = catalog.check(cases, TODAY).problems
    if rule is None:
        assert [p.text() for p in problems] == []
    else:
        assert [(p.key, p.rule) for p in problems] == [(key, rule)]


# --- positions inside a value or line ---------------------------------------------------------------

@pytest.mark.parametrize("name, column", [
    ("solution_script-in-block", 45),  # '<script>' on the second line of a `|` block, after the indent
    ("body_javascript-url", 18),  # the URL inside "Mehr dazu [hier](javascript:…)"
    ("reviewed_future", 11),  # the value after "reviewed: "
    ("organisation-ags_wrong-state", 8),  # the value after "  ags: "
])
def test_columns_point_at_the_problem(name, column, tmp_path):
    result, _ = run_fixture(name, tmp_path)
    assert [p.column for p in result.problems] == [column]


# --- images beside a case in a sub-folder, and images that only link elsewhere ---------------------------

def _case_with_image(cases: Path, sub: str, case_id: str, src: str) -> Path:
    folder = cases / sub
    folder.mkdir(parents=True, exist_ok=True)
    text = with_id(minimal_text(), case_id) + f"\n![Foto des Bürgerbüros]({src})\n"
    path = folder / f"{case_id}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_image_beside_a_case_in_a_subfolder(tmp_path):
    cases = tmp_path / "cases"
    _case_with_image(cases, "nrw", "musterstadt-bild", "musterstadt-bild/foto.webp")
    (cases / "nrw" / "musterstadt-bild").mkdir()
    (cases / "nrw" / "musterstadt-bild" / "foto.webp").write_bytes(b"RIFF0000WEBP")
    assert [p.text() for p in catalog.check(cases, TODAY).problems] == []


def test_image_symlink_out_of_the_case_folder_is_refused(tmp_path):
    cases = tmp_path / "cases"
    _case_with_image(cases, "", "musterstadt-bild", "musterstadt-bild/foto.png")
    secret = tmp_path / "geheim.png"
    secret.write_bytes(b"\x89PNG geheim")
    (cases / "musterstadt-bild").mkdir()
    (cases / "musterstadt-bild" / "foto.png").symlink_to(secret)
    problems = catalog.check(cases, TODAY).problems
    assert [(p.line, p.rule) for p in problems] == [(38, "image-outside")]
