"""`new` writes a template that only lacks the author's free text; `demo` writes valid, varied, repeatable cases."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator import demo, schema, vocabularies
from generator.catalog import check

PROJECT = Path(__file__).resolve().parent.parent
FREE_TEXT = {"summary", "problem", "solution", "reuse.requirements", "contact.unit", "contact.email"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=PROJECT, capture_output=True, text=True,
                          input=stdin)


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
    assert {p.key for p in result.problems} == FREE_TEXT, [p.text() for p in result.problems]
    assert all(p.rule == "empty" for p in result.problems)


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


@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert demo.write(300, out, seed=3) == 300
    return out


def test_demo_cases_pass_the_checker(demo_cases):
    result = check(demo_cases)
    assert result.files == 300
    assert [p.text() for p in result.problems] == []
    assert len(result.catalog) == 300


def test_demo_is_deterministic_and_a_prefix_of_a_larger_run():
    small = list(demo.generate(40, seed=5))
    assert small == list(demo.generate(40, seed=5))
    assert list(demo.generate(60, seed=5))[:40] == small
    assert small != list(demo.generate(40, seed=6))


def test_demo_covers_the_vocabularies_and_links_cases(demo_cases):
    catalog = check(demo_cases).catalog
    seen = Counter()
    for case in catalog.cases:
        seen.update(f"topic:{t}" for t in case.topics)
        seen[f"status:{case.data['status']}"] += 1
        seen[f"level:{case.data['reuse']['level']}"] += 1
        seen[f"effort:{case.data['reuse']['effort']}"] += 1
        seen[f"band:{case.cost_band}"] += 1
        seen[f"size:{case.size_class}"] += 1
    for kind, vocab in (("topic", "topics"), ("status", "statuses"), ("level", "reuse_levels"),
                        ("effort", "efforts"), ("band", "cost_bands"), ("size", "size_classes")):
        missing = [s for s in vocabularies.load(vocab).slugs if not seen[f"{kind}:{s}"]]
        assert missing == [], (kind, missing)
    assert any(c.adopted_by for c in catalog.cases)
    assert any(c.data.get("related") for c in catalog.cases)
    words = [len(c.body.split()) for c in catalog.cases]
    assert 450 <= sum(words) / len(words) <= 800


def test_demo_command_line(tmp_path):
    proc = run("demo", "--count", "5", "--out", str(tmp_path / "d"), "--seed", "2")
    assert proc.returncode == 0
    assert len(list((tmp_path / "d").rglob("*.md"))) == 5
    assert run("demo", "--count", "0", "--out", str(tmp_path / "e")).returncode == 2
    front = yaml.safe_load(next((tmp_path / "d").rglob("*.md")).read_text(encoding="utf-8").split("---")[1])
    assert front["schema"] == 1
