"""Checks across cases (unique ids, references, adoption cycles, redirects) and derived values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import catalog, vocabularies
from support import (COMPLETE, MINIMAL, RULES, TODAY, assert_plain_german, case, copy_valid, minimal_text,
                     replace_line, with_id)


def check(folder: Path):
    return catalog.check(folder, TODAY)


def text(case_id: str, *extra: str, after: str = "  email: buergerbuero@musterstadt.example") -> str:
    """The minimal case with this id and extra front-matter lines after the contact e-mail."""
    base = with_id(minimal_text(), case_id)
    return replace_line(base, after, after, *extra) if extra else base


def problems_of(result, rule: str):
    return [p for p in result.problems if p.rule == rule]


# --- the valid fixtures together ------------------------------------------------------------------------

def test_valid_fixtures_pass_together(tmp_path):
    result = check(copy_valid(tmp_path / "cases"))
    assert [p.text() for p in result.problems] == []
    assert [c.id for c in result.catalog.cases] == ["musterstadt-komplett", "musterstadt-minimal"]
    complete = result.catalog.by_id["musterstadt-komplett"]
    assert complete.get("organisation.ags") == "01099001"
    assert complete.get("cost.one_time_eur") == {"min": 20000, "max": 40000}
    assert complete.get("cost.staff_fte") == 0.25
    assert complete.get("sdgs") == (11, 16)
    assert complete.withdrawn
    assert result.catalog.by_id["musterstadt-minimal"].adopted_by == ("musterstadt-komplett",)


def test_complete_fixture_uses_every_field():
    """musterstadt-komplett.md must use every key of the format (so it tests every optional one)."""
    import yaml
    from generator import schema

    front = yaml.load(COMPLETE.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)

    def has(data, dotted: str) -> bool:
        head, _, rest = dotted.partition(".")
        if head.endswith("[]"):
            items = data.get(head[:-2]) or []
            return any(has(item, rest) for item in items)
        if head not in data:
            return False
        return has(data[head], rest) if rest else True

    missing = [path for path, _ in schema.walk() if not has(front, path)]
    assert missing == []


# --- unique ids ---------------------------------------------------------------------------------------

def test_duplicate_id_across_subfolders_names_the_other_file(tmp_path):
    cases = tmp_path / "cases"
    first = case(cases, "musterstadt-termine", sub="nrw")
    second = case(cases, "musterstadt-termine", sub="weitere/alt")
    result = check(cases)
    assert [(p.rule, p.key, p.line) for p in result.problems] == [("duplicate-id", "id", 3)]
    (problem,) = result.problems
    displays = {os.path.normpath(str(first)), os.path.normpath(str(second))}
    assert problem.file in displays
    (other,) = displays - {problem.file}
    assert other in problem.message, "the message names the file that has the id already"
    assert_plain_german(problem.message)
    assert len(result.catalog) == 1  # the first one stays


def test_ids_unique_is_not_confused_by_same_file_name_prefix(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine")
    case(cases, "musterstadt-termine-2", sub="a")
    result = check(cases)
    assert result.problems == []
    assert len(result.catalog) == 2


# --- references: related and adopted_from ---------------------------------------------------------------

def test_related_unknown_with_suggestion(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine")
    case(cases, "musterstadt-maengel", text("musterstadt-maengel", "related:", "  - musterstadt-termin"))
    result = check(cases)
    assert [(p.rule, p.key, p.line) for p in result.problems] == [("unknown-case", "related[1]", 27)]
    assert "'musterstadt-termine'" in result.problems[0].message


def test_adopted_from_unknown_with_suggestion(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine")
    case(cases, "beispielheim-termine", text("beispielheim-termine", "adopted_from: musterstadt-termin"))
    result = check(cases)
    assert [(p.rule, p.key, p.line) for p in result.problems] == [("unknown-case", "adopted_from", 26)]
    assert "'musterstadt-termine'" in result.problems[0].message


def test_related_and_adopted_from_existing_cases_pass(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine", sub="a")
    case(cases, "musterstadt-maengel", sub="b")
    case(cases, "beispielheim-termine", text("beispielheim-termine", "adopted_from: musterstadt-termine",
                                             "related:", "  - musterstadt-termine", "  - musterstadt-maengel"))
    result = check(cases)
    assert result.problems == []
    assert result.catalog.by_id["musterstadt-termine"].adopted_by == ("beispielheim-termine",)
    assert result.catalog.by_id["musterstadt-maengel"].adopted_by == ()


def test_reference_to_a_case_with_errors_is_not_unknown(tmp_path):
    """A case with an error still exists; references to it must not add 'unknown case' noise."""
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine", replace_line(with_id(minimal_text(), "musterstadt-termine"),
                                                    "status: operation", "status: laufend"))
    case(cases, "beispielheim-termine", text("beispielheim-termine", "adopted_from: musterstadt-termine"))
    result = check(cases)
    assert [(Path(p.file).name, p.rule) for p in result.problems] == [("musterstadt-termine.md", "unknown-value")]


def test_related_duplicate(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine")
    case(cases, "musterstadt-maengel", text("musterstadt-maengel", "related:", "  - musterstadt-termine",
                                            "  - musterstadt-termine"))
    result = check(cases)
    assert [(p.rule, p.key, p.line) for p in result.problems] == [("duplicate-item", "related[2]", 28)]


# --- adoption cycles -------------------------------------------------------------------------------------

def test_adoption_cycle_of_two_reports_both(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-a", text("musterstadt-a", "adopted_from: musterstadt-b"))
    case(cases, "musterstadt-b", text("musterstadt-b", "adopted_from: musterstadt-a"), sub="x")
    result = check(cases)
    cycle = problems_of(result, "adoption-cycle")
    assert sorted(Path(p.file).name for p in cycle) == ["musterstadt-a.md", "musterstadt-b.md"]
    assert len(result.problems) == 2
    for problem in cycle:
        assert problem.key == "adopted_from" and problem.line == 26
        assert "musterstadt-a" in problem.message and "musterstadt-b" in problem.message
        assert_plain_german(problem.message)
    assert len(result.catalog) == 0


def test_adoption_cycle_of_three_and_a_tail(tmp_path):
    cases = tmp_path / "cases"
    for me, source in [("fall-a", "fall-b"), ("fall-b", "fall-c"), ("fall-c", "fall-a"), ("fall-d", "fall-a")]:
        case(cases, me, text(me, f"adopted_from: {source}"))
    result = check(cases)
    assert sorted(Path(p.file).stem for p in problems_of(result, "adoption-cycle")) == ["fall-a", "fall-b", "fall-c"]
    assert len(result.problems) == 3  # fall-d adopts from a case in a cycle but is not in it
    assert [c.id for c in result.catalog.cases] == ["fall-d"]


def test_adoption_chain_without_cycle_is_fine(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "fall-a")
    case(cases, "fall-b", text("fall-b", "adopted_from: fall-a"))
    case(cases, "fall-c", text("fall-c", "adopted_from: fall-b"))
    case(cases, "fall-d", text("fall-d", "adopted_from: fall-a"))
    result = check(cases)
    assert result.problems == []
    by_id = result.catalog.by_id
    assert by_id["fall-a"].adopted_by == ("fall-b", "fall-d")
    assert by_id["fall-b"].adopted_by == ("fall-c",)
    assert by_id["fall-c"].adopted_by == ()


# --- redirects ---------------------------------------------------------------------------------------------

def test_redirect_from_colliding_with_an_id(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-termine")
    case(cases, "musterstadt-neu", text("musterstadt-neu", "redirect_from:", "  - musterstadt-termine",
                                        after="id: musterstadt-neu"))
    result = check(cases)
    assert [(Path(p.file).name, p.rule, p.key, p.line) for p in result.problems] == [
        ("musterstadt-neu.md", "redirect-collision", "redirect_from[1]", 5)]
    assert "musterstadt-termine" in result.problems[0].message


def test_same_former_id_redirected_twice(tmp_path):
    cases = tmp_path / "cases"
    for me in ("musterstadt-neu", "musterstadt-anders"):
        case(cases, me, text(me, "redirect_from:", "  - musterstadt-alt", after=f"id: {me}"))
    result = check(cases)
    assert [(p.rule, p.key) for p in result.problems] == [("redirect-collision", "redirect_from[1]")]


# --- derived values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("population, slug, label", [
    (None, "unknown", None),
    (1, "xs", "< 5.000"),
    (4999, "xs", "< 5.000"),
    (5000, "s", "5.000–20.000"),
    (19999, "s", "5.000–20.000"),
    (20000, "m", "20.000–100.000"),
    (100000, "l", "100.000–500.000"),
    (500000, "l", "100.000–500.000"),
    (500001, "xl", "> 500.000"),
    (3_700_000, "xl", "> 500.000"),
])
def test_size_class(tmp_path, population, slug, label):
    cases = tmp_path / "cases"
    body = with_id(minimal_text(), "musterstadt-test")
    if population is not None:
        body = replace_line(body, "  state: NW", "  state: NW", f"  population: {population}")
    case(cases, "musterstadt-test", body)
    result = check(cases)
    assert result.problems == []
    (found,) = result.catalog.cases
    assert found.size_class == slug
    if label:
        assert vocabularies.size_classes().label(found.size_class) == label


@pytest.mark.parametrize("cost, band", [
    ("{}", "unknown"),
    ("{annual_eur: 90000}", "unknown"),  # only the one-time cost counts
    ("{one_time_eur: 0}", "under-10k"),
    ("{one_time_eur: 9999}", "under-10k"),
    ("{one_time_eur: 10000}", "10k-50k"),
    ("{one_time_eur: 49999}", "10k-50k"),
    ("{one_time_eur: 50000}", "50k-250k"),
    ("{one_time_eur: 250000}", "250k-1m"),
    ("{one_time_eur: 1000000}", "250k-1m"),
    ("{one_time_eur: 1000001}", "over-1m"),
    ("{one_time_eur: {min: 5000, max: 60000}}", "50k-250k"),  # a range counts by its upper bound
    ("{one_time_eur: {min: 5000, max: 9999}}", "under-10k"),
    ("{one_time_eur: {min: 40000, max: 40000}}", "10k-50k"),
])
def test_cost_band(tmp_path, cost, band):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-test", replace_line(with_id(minimal_text(), "musterstadt-test"), "cost: {}",
                                                 f"cost: {cost}"))
    result = check(cases)
    assert result.problems == []
    assert result.catalog.cases[0].cost_band == band


def test_cost_band_labels_follow_the_contract():
    labels = vocabularies.cost_bands().labels
    assert [labels[s] for s in ("under-10k", "10k-50k", "50k-250k", "250k-1m", "over-1m")] == [
        "< 10.000 €", "10.000–50.000 €", "50.000–250.000 €", "250.000 €–1 Mio. €", "> 1 Mio. €"]


def test_catalog_is_immutable(tmp_path):
    result = check(copy_valid(tmp_path / "cases"))
    complete = result.catalog.by_id["musterstadt-komplett"]
    with pytest.raises(TypeError):
        complete.data["title"] = "anders"  # type: ignore[index]
    with pytest.raises(AttributeError):
        complete.data["topics"].append("culture")
    with pytest.raises(Exception):
        complete.id = "anders"  # type: ignore[misc]


# --- check() never writes --------------------------------------------------------------------------------

def _snapshot(root: Path) -> dict[str, tuple]:
    state = {".": (root.stat().st_mode, root.stat().st_mtime_ns, None)}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            state[str(path.relative_to(root))] = (info.st_mode, info.st_mtime_ns, content)
    return state


def test_check_never_writes_to_the_cases_folder(tmp_path):
    cases = copy_valid(tmp_path / "cases")
    for fixture in ("reviewed_stale", "body_image-no-alt", "id_filename-mismatch", "organisation-state_unknown"):
        (cases / "fehler").mkdir(exist_ok=True)
        (cases / "fehler" / f"{fixture.replace('_', '-')}.md").write_bytes((RULES / f"{fixture}.md").read_bytes())
    (cases / "kaputt.md").write_bytes(b"\xff\xfe kaputt")
    os.symlink(MINIMAL, cases / "link.md")
    (cases / "_entwurf.md").write_text("Entwurf", encoding="utf-8")
    before = _snapshot(cases)
    result = check(cases)
    assert result.problems  # it did look at everything
    check(cases)  # and a second time
    assert _snapshot(cases) == before


def test_unknown_source_never_suggests_the_case_itself(tmp_path):
    from pathlib import Path

    from generator.catalog import check

    source = Path(__file__).resolve().parent.parent / "cases" / "mittelau-online-bauantrag.md"
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    messages = [p.message for p in check(tmp_path).problems if p.key == "adopted_from"]
    assert messages and all("mittelau-online-bauantrag" not in m for m in messages), messages
