"""`new` writes a template that only lacks the author's free text; `demo` writes valid, varied, repeatable cases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator import demo, newcase, schema, text, vocabularies
from generator.catalog import check

PROJECT = Path(__file__).resolve().parent.parent
FREE_TEXT = {"summary", "problem", "solution", "reuse.requirements", "contact.unit", "contact.email"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=PROJECT, capture_output=True, text=True,
                          input=stdin, check=False)


def test_new_writes_every_field_and_only_free_text_is_missing(tmp_path):
    proc = run("new", "--cases", str(tmp_path), "--id", "musterstadt-buergerapp", "--title", "Bürger-App Musterstadt",
               "--municipality", "Stadt Musterstadt", "--state", "BW", "--topics", "administration,participation")
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "musterstadt-buergerapp.md"
    text = path.read_text(encoding="utf-8")
    for key, _spec in schema.walk():
        if "[]" not in key:
            assert f"{key.rsplit('.', 1)[-1]}:" in text, f"{key} missing from the template"
    assert text.count("\n# ") >= len(schema.CASE_FIELDS) - 1  # a German comment above each field
    result = check(tmp_path)
    errors = [p for p in result.problems if p.severity == "error"]
    assert {p.key for p in errors} == FREE_TEXT, [p.text() for p in result.problems]
    assert all(p.rule == "empty" for p in errors)
    # the recommended headings are there, still empty: a warning each, until the author writes under them
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 6
    assert [p.rule for p in result.problems if p not in errors] == ["empty-section"] * len(headings)


def test_new_template_passes_once_the_free_text_is_written(tmp_path):
    run("new", "--cases", str(tmp_path), "--id", "beispielhausen-app", "--title", "App in Beispielhausen",
        "--municipality", "Gemeinde Beispielhausen", "--state", "HE", "--topics", "mobility")
    path = tmp_path / "beispielhausen-app.md"
    text = path.read_text(encoding="utf-8")
    filled = {
        'summary: ""': 'summary: "Beispielhausen informiert über eine App über Busse, Rufbusse und Radwege."',
        'problem: |\n  \n': "problem: |\n  Fahrpläne, Rufbus und Radwege standen auf drei verschiedenen Webseiten.\n",
        'solution: |\n  \n': "solution: |\n  Eine gemeinsame App bündelt alle Angebote der Gemeinde und des Kreises.\n",
        '  requirements: |\n    \n': "  requirements: |\n    Offene Fahrplandaten und eine zuständige Stelle.\n",
        '  unit: ""': '  unit: "Ordnungsamt"',
        '  email: ""': '  email: "mobil@beispielhausen.example"',
    }
    for old, new in filled.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    text = re.sub(r"<!-- (.*?) -->", lambda m: f"Antwort auf die Frage: {m.group(1)}", text)  # the body's sections
    path.write_text(text, encoding="utf-8")
    result = check(tmp_path)
    assert result.problems == []
    case = result.catalog.by_id["beispielhausen-app"]
    assert case.organisation["type"] == "municipality" and case.data["topics"] == ("mobility",)


def test_new_without_a_terminal_names_what_is_missing(tmp_path):
    proc = run("new", "--cases", str(tmp_path), "--title", "Nur ein Titel", stdin="")
    assert proc.returncode == 2
    assert "--id" in proc.stderr and "--topics" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_unknown_topics_and_existing_files(tmp_path):
    proc = run("new", "--cases", str(tmp_path), "--id", "abc-app", "--title", "Titel der App", "--municipality",
               "Stadt Abc", "--state", "BW", "--topics", "verkehr")
    assert proc.returncode == 2 and "verkehr" in proc.stderr
    args = ["new", "--cases", str(tmp_path), "--id", "abc-app", "--title", "Titel der App", "--municipality",
            "Stadt Abc", "--state", "BW", "--topics", "mobility"]
    assert run(*args).returncode == 0
    again = run(*args)
    assert again.returncode == 1 and "gibt es schon" in again.stderr


def test_new_template_comments_stay_short_and_link_long_lists(tmp_path):
    proc = run("new", "--cases", str(tmp_path), "--id", "abc-app", "--title", "Titel der App", "--municipality",
               "Stadt Abc", "--state", "BW", "--topics", "mobility")
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "abc-app.md").read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) < 600, "a comment lists a whole vocabulary again"
    country = next(line for line in lines if "Ländercode" in line)
    assert "DE (Deutschland)" in country and "AT (Österreich)" in country and "ES (Spanien)" in country
    assert "/mitmachen/#alle-angaben-im-uberblick" in country and "AD (Andorra)" not in country
    language = next(line for line in lines if "Sprachkürzel" in line)
    assert "/mitmachen/#alle-angaben-im-uberblick" in language
    states = next(line for line in lines if "Bundesland als Kürzel" in line)
    assert all(f"{slug} (" in states for slug in vocabularies.states().slugs)  # short lists stay complete


def test_front_matter_writer_reads_back_exactly():
    data = {
        "id": "abc-app", "title": 'Ein "Titel" mit \\ und: Doppelpunkt', "summary": "Zeile\nzwei\tTab: ä ø ß",
        "lang": "de", "organisation": {"name": "Gemeinde Ü", "country": "NO", "ags": "01001000", "population": 12},
        "partners": [{"name": "A GmbH", "role": "vendor"}], "topics": ["mobility"], "started": "2021",
        "problem": "Erste Zeile.\n\n- Punkt\n- Punkt\n", "solution": "  eingerückt\nweiter",
        "results": "Ohne Zeilenende am Schluss.", "cost": {"one_time_eur": {"min": 1, "max": 2}, "staff_fte": 0.5,
                                                           "funding": [{"programme": "P", "funder": "F"}]},
        "reuse": {"level": "guide", "effort": "low", "requirements": "# Keine Überschrift\n\nText"},
        "sdgs": [3, 11], "withdrawn": "yes", "extra_key": {"nested": [1, "zwei"]}, "empty": {},
    }
    written = newcase.dump_front_matter(data)
    assert written.startswith("---\n") and written.endswith("\n---\n")
    assert yaml.safe_load(written.split("---\n")[1]) == data
    keys = [line.split(":")[0] for line in written.splitlines() if line[:1].isalpha()]
    assert keys[:4] == ["id", "title", "summary", "lang"] and keys[-2:] == ["extra_key", "empty"]  # schema order
    for markdown in ("a", "a\n", "a\n\n", "a\n\n\n", "# Titel\n\n- x\n- y", "a\n   \nb", "x: y\n- z", "|", "a\tb",
                     " eingerückt", "a\n  eingerückt\nb", "'einfach' und \"doppelt\" und \\"):
        data = {"problem": markdown, "reuse": {"requirements": markdown}}
        assert yaml.safe_load(newcase.dump_front_matter(data).split("---\n")[1]) == data, repr(markdown)


def test_one_slugify_for_the_package():
    assert newcase.slugify is text.slugify and demo.slugify is text.slugify
    assert not hasattr(demo, "_slug")


@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert demo.write(300, out, seed=3) == 300
    return out


@pytest.fixture(scope="module")
def demo_catalog(demo_cases):
    # Demo cases carry fixed review dates (2025-12 to 2026-11, see data/demo/world.yml), so that they never
    # depend on the day they are made; checked as of a day after them, the test does not age either.
    return check(demo_cases, today=date(2026, 12, 1))


def test_demo_cases_pass_the_checker_without_any_warning(demo_catalog):
    assert demo_catalog.files == 300
    assert [p.text() for p in demo_catalog.problems] == []
    assert len(demo_catalog.catalog) == 300  # every id unique


def test_demo_is_deterministic_and_a_prefix_of_a_larger_run():
    small = list(demo.generate(40, seed=5))
    assert small == list(demo.generate(40, seed=5))
    assert list(demo.generate(60, seed=5))[:40] == small
    assert small != list(demo.generate(40, seed=6))
    assert len({path for path, _ in small}) == 40


def test_demo_does_not_depend_on_the_hash_seed(tmp_path):
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        proc = subprocess.run([sys.executable, "-m", "generator", "demo", "--count", "60", "--out", str(out),
                               "--seed", "9"], cwd=PROJECT, capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert proc.returncode == 0, proc.stderr
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.md"))})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 60


def test_demo_covers_the_vocabularies_and_links_cases(demo_catalog):
    catalog = demo_catalog.catalog
    seen = Counter()
    for case in catalog.cases:
        seen.update(f"topic:{t}" for t in case.topics)
        seen[f"status:{case.data['status']}"] += 1
        seen[f"level:{case.data['reuse']['level']}"] += 1
        seen[f"effort:{case.data['reuse']['effort']}"] += 1
        seen[f"band:{case.cost_band}"] += 1
        seen[f"size:{case.size_class}"] += 1
        seen[f"type:{case.organisation['type']}"] += 1
        seen.update(f"role:{p['role']}" for p in case.data.get("partners", ()))
    for kind, vocab in (("topic", "topics"), ("status", "statuses"), ("level", "reuse_levels"),
                        ("effort", "efforts"), ("band", "cost_bands"), ("size", "size_classes"),
                        ("type", "organisation_types"), ("role", "partner_roles")):
        missing = [s for s in vocabularies.load(vocab).slugs if not seen[f"{kind}:{s}"]]
        assert missing == [], (kind, missing)
    assert any(c.adopted_by for c in catalog.cases)
    assert any(c.data.get("related") for c in catalog.cases)
    words = [len(c.body.split()) for c in catalog.cases]
    assert 450 <= sum(words) / len(words) <= 800


def test_demo_spread_of_optional_fields_and_forms():
    cases = [yaml.safe_load(file_text.split("---\n")[1]) for _, file_text in demo.generate(2000, seed=1)]
    share = Counter()
    for data in cases:
        organisation, cost = data["organisation"], data["cost"]
        share[f"country:{organisation['country']}"] += 1
        share[f"state:{organisation.get('state')}"] += 1
        share[f"lang:{data['lang']}"] += 1
        share[f"started:{len(str(data['started']))}"] += 1
        share["cost:empty"] += not cost
        share.update(f"cost:{key}:{type(value).__name__}" for key, value in cost.items())
        share.update(key for key in ("partners", "tags", "ended", "results", "adopted_from", "related", "links",
                                     "sdgs", "redirect_from", "withdrawn") if key in data)
        share.update(f"{part}.{key}" for part in ("organisation", "reuse", "contact") for key in data[part])
    for state in vocabularies.states().slugs:
        assert share[f"state:{state}"], state
    assert {"AT", "CH", "ES", "NO", "BE"} <= {key[8:] for key in share if key.startswith("country:")}
    assert 0.01 < share["lang:en"] / len(cases) < 0.1 and share["lang:de"] > 0.85 * len(cases)
    for key, low, high in (("partners", 0.3, 0.5), ("tags", 0.5, 0.7), ("ended", 0.15, 0.35),
                           ("adopted_from", 0.05, 0.15), ("related", 0.12, 0.28), ("links", 0.2, 0.4),
                           ("sdgs", 0.25, 0.45), ("redirect_from", 0.01, 0.06), ("withdrawn", 0.003, 0.04),
                           ("cost:empty", 0.06, 0.2), ("cost:one_time_eur:int", 0.3, 0.55),
                           ("cost:one_time_eur:dict", 0.15, 0.35), ("cost:annual_eur:dict", 0.05, 0.2),
                           ("cost:staff_fte:float", 0.3, 0.5), ("cost:funding:list", 0.2, 0.35),
                           ("cost:notes:str", 0.15, 0.3), ("organisation.ags", 0.35, 0.65),
                           ("organisation.population", 0.7, 0.9), ("reuse.license", 0.35, 0.6),
                           ("reuse.repository", 0.15, 0.35), ("reuse.materials", 0.25, 0.5),
                           ("contact.phone", 0.3, 0.5), ("started:4", 0.2, 0.4), ("started:10", 0.25, 0.45)):
        assert low <= share[key] / len(cases) <= high, (key, share[key])


def test_demo_command_line(tmp_path):
    proc = run("demo", "--count", "5", "--out", str(tmp_path / "d"), "--seed", "2")
    assert proc.returncode == 0
    assert len(list((tmp_path / "d").rglob("*.md"))) == 5
    assert run("demo", "--count", "0", "--out", str(tmp_path / "e")).returncode == 2
    front = yaml.safe_load(next((tmp_path / "d").rglob("*.md")).read_text(encoding="utf-8").split("---")[1])
    assert front["schema"] == 1


def test_demo_data_files_are_package_data():
    patterns = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["generator"]
    files = [p.relative_to(demo.DATA_DIR.parent.parent).as_posix() for p in demo.DATA_DIR.rglob("*") if p.is_file()]
    assert files and all(any(PurePosixPath(f).match(pattern) for pattern in patterns) for f in files), files


def test_new_files_point_editors_to_the_published_schema(tmp_path):
    """The first front-matter line of a new case or adoption record is the yaml-language-server line; it
    names the schema's $id, which is the file the site publishes, and check accepts it."""
    run("new", "--cases", str(tmp_path / "cases"), "--id", "beispielhausen-app", "--title", "App in Beispielhausen",
        "--municipality", "Gemeinde Beispielhausen", "--state", "HE", "--topics", "mobility")
    lines = (tmp_path / "cases" / "beispielhausen-app.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---"
    assert lines[1] == f"# yaml-language-server: $schema={schema.json_schema()['$id']}"
    assert schema.json_schema()["$id"].endswith("/schema/fall-v1.json")
    record = newcase.adoption_template("musterstadt-maengelmelder").splitlines()
    assert record[1] == f"# yaml-language-server: $schema={schema.json_schema('adoption')['$id']}"
    site_url = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert schema.schema_url().startswith(site_url.rstrip("/") + "/schema/")  # published at /schema/ of this site
    # a finished case that keeps the line passes the checker
    case_text = (PROJECT / "cases" / "musterstadt-maengelmelder.md").read_text(encoding="utf-8")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "musterstadt-maengelmelder.md").write_text(
        case_text.replace("---\n", f"---\n{lines[1]}\n", 1), encoding="utf-8")
    assert [p for p in check(tmp_path / "ok").problems if p.rule != "unknown-case"] == []  # its links lead out
