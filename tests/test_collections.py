"""Collections (``docs/sammlungen/<slug>.md``): one fixture per rule, like the case and adoption rules, and
what the catalogue makes of valid ones (the order of the collections, of their cases, "Vorgestellt bei").

Each fixture in ``tests/fixtures/collections/`` is ``minimal.md`` with exactly one change; the table says
which single problem it must produce. They are checked as ``docs/sammlungen/sammlung.md`` beside the valid
case fixtures (``musterstadt-minimal``; ``musterstadt-komplett``, withdrawn, with the former ids
``musterstadt-terminbuchung`` and ``musterstadt-termine-alt``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, TODAY, assert_plain_german, changes_between, copy_valid, fixture_key

from generator import catalog, schema

COLLECTIONS = FIXTURES / "collections"
MINIMAL = COLLECTIONS / "minimal.md"
E, W = "error", "warning"

# fixture name -> (line, key, severity, rule[, text the message must contain])
EXPECTED: dict[str, tuple] = {
    "title_missing": (2, "title", E, "missing"),
    "summary_missing": (2, "summary", E, "missing"),
    "cases_missing": (2, "cases", E, "missing"),
    "event-name_missing": (4, "event.name", E, "missing"),
    "event-date_missing": (4, "event.date", E, "missing"),
    "event-date_german": (5, "event.date", E, "date", "2027-03-18"),
    "event-url_invalid": (7, "event.url", E, "url", "https://"),
    "event_unknown-key": (6, "event.ort", E, "unknown-key", "place"),
    "title_html": (2, "title", E, "plain-text", "<b"),
    "title_too-short": (2, "title", E, "too-short"),
    "summary_too-long": (8, "summary", E, "too-long"),
    "cases_empty": (9, "cases", E, "too-few"),
    "cases-id_unknown": (10, "cases[1].id", E, "unknown-case", "Meinten Sie 'musterstadt-minimal'?"),
    "cases-id_not-slug": (10, "cases[1].id", E, "pattern"),
    "cases-id_duplicate": (12, "cases[2].id", E, "duplicate-item", "Zeile 10"),
    "cases-id_withdrawn": (12, "cases[2].id", W, "withdrawn-case", "zurückgezogen"),
    "cases-note_too-long": (11, "cases[1].note", E, "too-long"),
    "cases-note_html": (11, "cases[1].note", E, "plain-text", "<script"),
    "cases_unknown-key": (11, "cases[1].notiz", E, "unknown-key", "note"),
    "cases_empty-entry": (12, "cases[2]", E, "empty"),
    "body_script": (14, "", E, "html-tag", "<script>"),
}


def run(tmp_path: Path, *files: tuple[str, str]) -> catalog.CheckResult:
    """Check the valid cases with these collections: (file name, text) pairs."""
    cases = copy_valid(tmp_path / "cases")
    folder = tmp_path / "docs" / "sammlungen"
    folder.mkdir(parents=True)
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    return catalog.check(cases, TODAY)


def minimal(**replace: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("name, expected", list(EXPECTED.items()), ids=list(EXPECTED))
def test_collection_fixture_gives_exactly_one_problem(name, expected, tmp_path):
    line, key, severity, rule, *contains = expected
    text = (COLLECTIONS / f"{name}.md").read_text(encoding="utf-8")
    result = run(tmp_path, ("sammlung.md", text))
    assert len(result.problems) == 1, "\n".join(p.text() for p in result.problems) or "no problem reported"
    (problem,) = result.problems
    assert (problem.line, problem.key, problem.severity, problem.rule) == (line, key, severity, rule), problem.text()
    assert problem.file == str(tmp_path / "docs" / "sammlungen" / "sammlung.md")
    rows = text.split("\n")
    assert 1 <= problem.column <= len(rows[problem.line - 1]) + 1, problem.text()
    assert_plain_german(problem.message)
    for needle in contains:
        assert needle in problem.message, problem.text()
    # an error keeps the collection off the site, a warning does not
    assert len(result.catalog.collections) == (1 if severity == W else 0)
    assert result.collection_files == 1


def test_every_fixture_is_in_the_table_and_the_minimal_collection_with_one_change():
    files = {p.stem for p in COLLECTIONS.glob("*.md")}
    assert files == set(EXPECTED) | {"minimal"}
    base = MINIMAL.read_text(encoding="utf-8")
    for name in files - {"minimal"}:
        assert changes_between(base, (COLLECTIONS / f"{name}.md").read_text(encoding="utf-8")) == 1, name


def test_every_required_field_has_a_fixture():
    required = {f"{fixture_key(path)}_missing" for path, spec in schema.walk(schema.COLLECTION_FIELDS) if spec.required}
    required.discard("cases-id_missing")  # an entry without its id: test_an_entry_without_id below
    assert required - set(EXPECTED) == set()


def test_the_minimal_collection_is_valid_and_read_as_written(tmp_path):
    result = run(tmp_path, ("netzwerktag.md", MINIMAL.read_text(encoding="utf-8")))
    assert [p.text() for p in result.problems] == []
    (collection,) = result.catalog.collections
    assert collection.slug == "netzwerktag"
    assert collection.title == "Netzwerktag Musterland 2027"
    assert collection.date == "2027-03-18" and collection.event["place"] == "Musterstadt"
    assert collection.entries == (catalog.Entry("musterstadt-minimal", "Vortrag um 10 Uhr."),)
    assert collection.body.strip() == "Programm des Tages: Vorträge und Gespräche."
    assert result.catalog.collections_of["musterstadt-minimal"] == (collection,)


def test_a_file_name_that_is_no_address_is_an_error_with_the_name_to_use(tmp_path):
    result = run(tmp_path, ("Netzwerktag_Süd 2027.md", MINIMAL.read_text(encoding="utf-8")))
    (problem,) = result.problems
    assert (problem.line, problem.rule) == (1, "file-name")
    assert "'netzwerktag-sued-2027.md'" in problem.message
    assert result.catalog.collections == ()


def test_an_entry_without_id(tmp_path):
    result = run(tmp_path, ("sammlung.md", minimal(**{"  - id: musterstadt-minimal\n    note:": "  - note:"})))
    (problem,) = result.problems
    assert (problem.line, problem.key, problem.rule) == (10, "cases[1].id", "missing")


def test_a_former_id_resolves_with_a_warning_and_two_ids_of_one_case_are_an_error(tmp_path):
    cases = copy_valid(tmp_path / "cases")
    case = cases / "musterstadt-komplett.md"  # not withdrawn here: only the former id is the matter
    case.write_text("\n".join(line for line in case.read_text(encoding="utf-8").split("\n")
                              if not line.startswith("withdrawn:")), encoding="utf-8")
    folder = tmp_path / "docs" / "sammlungen"
    folder.mkdir(parents=True)
    (folder / "sammlung.md").write_text(minimal(**{"    note: Vortrag um 10 Uhr.\n": (
        "    note: Vortrag um 10 Uhr.\n  - musterstadt-terminbuchung\n  - musterstadt-termine-alt\n")}),
        encoding="utf-8")
    result = catalog.check(cases, TODAY)
    problems = [(p.line, p.severity, p.rule) for p in result.problems]
    assert problems == [(12, W, "former-id"), (13, W, "former-id"), (13, E, "duplicate-item")]
    assert "musterstadt-komplett" in result.problems[0].message
    assert "Eintrag 2" in result.problems[2].message


def test_a_collection_may_have_no_event_and_no_body(tmp_path):
    text = minimal(**{"event:\n  name: Netzwerktag Musterland\n  date: 2027-03-18\n  place: Musterstadt\n"
                      "  url: https://netzwerktag.example/\n": ""})
    text = text[:text.index("---", 4) + 4]
    result = run(tmp_path, ("schwerpunkt.md", text))
    assert [p.text() for p in result.problems] == []
    (collection,) = result.catalog.collections
    assert collection.event is None and collection.date == "" and collection.body == ""


def test_at_most_100_cases(tmp_path):
    entries = "".join(f"  - fall-{n:03d}\n" for n in range(101))
    text = minimal(**{"  - id: musterstadt-minimal\n    note: Vortrag um 10 Uhr.\n": entries})
    result = run(tmp_path, ("gross.md", text))
    too_many = [p for p in result.problems if p.rule == "too-many"]
    assert len(too_many) == 1 and too_many[0].line == 110 and "101" in too_many[0].message
    assert sum(p.rule == "unknown-case" for p in result.problems) == 101  # every problem at once


def test_newest_event_first_then_those_without_an_event_by_title(tmp_path):
    def dated(day: str, title: str) -> str:
        return minimal(**{"2027-03-18": day, "title: Netzwerktag Musterland 2027": f"title: {title}"})
    undated = minimal(**{"event:\n  name: Netzwerktag Musterland\n  date: 2027-03-18\n  place: Musterstadt\n"
                         "  url: https://netzwerktag.example/\n": "", "title: Netzwerktag Musterland 2027":
                         "title: Schwerpunkt Bürgerdienste"})
    result = run(tmp_path, ("a.md", dated("2025-05-01", "Frühjahrstagung 2025")), ("b.md", undated),
                 ("c.md", dated("2027-01-20", "Winterforum 2027")), ("d.md", dated("2026-09-09", "Herbsttag 2026")),
                 ("e.md", minimal(**{"title: Netzwerktag Musterland 2027": "title: Anderer Schwerpunkt",
                                     "event:\n  name: Netzwerktag Musterland\n  date: 2027-03-18\n  place: "
                                     "Musterstadt\n  url: https://netzwerktag.example/\n": ""})))
    assert [p.text() for p in result.problems] == []
    assert [c.slug for c in result.catalog.collections] == ["c", "d", "a", "e", "b"]
    assert [c.slug for c in result.catalog.collections_of["musterstadt-minimal"]] == ["c", "d", "a", "e", "b"]


def test_files_in_subfolders_are_not_collections(tmp_path):
    cases = copy_valid(tmp_path / "cases")
    images = tmp_path / "docs" / "sammlungen" / "netzwerktag"
    images.mkdir(parents=True)
    (images / "notizen.md").write_text("Keine Sammlung.\n", encoding="utf-8")
    result = catalog.check(cases, TODAY)
    assert result.problems == [] and result.collection_files == 0


def test_a_broken_collection_does_not_hide_case_problems(tmp_path):
    """Every problem at once: a YAML error in a collection and an error in a case are both reported."""
    cases = copy_valid(tmp_path / "cases")
    case = cases / "musterstadt-minimal.md"
    case.write_text(case.read_text(encoding="utf-8").replace("status: operation", "status: kaputt"),
                    encoding="utf-8")
    folder = tmp_path / "docs" / "sammlungen"
    folder.mkdir(parents=True)
    (folder / "kaputt.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    shutil.copyfile(MINIMAL, folder / "gut.md")
    result = catalog.check(cases, TODAY)
    files = sorted({p.file.rsplit("/", 1)[-1] for p in result.problems})
    assert files == ["kaputt.md", "musterstadt-minimal.md"]
    assert result.collection_files == 2
    (good,) = result.catalog.collections  # a case with errors is not published, so not listed either
    assert good.slug == "gut" and good.entries == ()


def test_the_json_schema_accepts_both_forms_of_an_entry():
    jsonschema = pytest.importorskip("jsonschema")
    spec = schema._json(schema.COLLECTION_ROOT)
    good = {"title": "Netzwerktag 2027", "summary": "Fälle, die beim Netzwerktag vorgestellt werden.",
            "cases": ["musterstadt-minimal", {"id": "musterstadt-komplett", "note": "Vortrag"}]}
    jsonschema.validate(good, spec)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "cases": [{"note": "ohne Kennung"}]}, spec)


def test_an_image_of_a_collection_is_published_where_its_link_points(tmp_path):
    from generator import build
    from generator.project import Project

    cases = copy_valid(tmp_path / "cases")
    folder = tmp_path / "docs" / "sammlungen"
    (folder / "netzwerktag").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "valid" / "musterstadt-komplett" / "wartebereich.png", folder / "netzwerktag" / "saal.png")
    (folder / "netzwerktag.md").write_text(minimal(**{"Programm des Tages": "![Der Ratssaal](netzwerktag/saal.png)\n\n"
                                                      "Programm des Tages"}), encoding="utf-8")
    outside = minimal(**{"Programm des Tages": "![Der Ratssaal](../saal.png)\n\nProgramm des Tages"})
    (folder / "woanders.md").write_text(outside, encoding="utf-8")
    problems = [p for p in catalog.check(cases, TODAY).problems if p.rule.startswith("image")]
    assert [(p.file.rsplit("/", 1)[-1], p.rule) for p in problems] == [("woanders.md", "image-outside")]
    assert "sammlungen/woanders/" in problems[0].message
    (folder / "woanders.md").unlink()
    out = tmp_path / "site"
    build.build(cases, out, project=Project(tmp_path), today=TODAY,
                progress=build.Progress(stream=open("/dev/null", "w"), live=False))
    page = (out / "sammlungen" / "netzwerktag" / "index.html").read_text(encoding="utf-8")
    assert 'src="netzwerktag/saal.png"' in page and 'alt="Der Ratssaal"' in page
    assert (out / "sammlungen" / "netzwerktag" / "netzwerktag" / "saal.png").is_file()
