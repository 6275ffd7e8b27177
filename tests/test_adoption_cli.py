"""``new --adoption`` and ``demo --adoptions`` write adoption records that ``check`` accepts once filled in."""

from __future__ import annotations

import shutil

from support import copy_valid

from generator import catalog, cli


def test_new_adoption_writes_a_template_for_the_case(tmp_path, capsys, monkeypatch):
    cases = copy_valid(tmp_path / "cases")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code = cli.main(["new", "--cases", str(cases), "--adoption", "musterstadt-minimal", "--municipality",
                     "Gemeinde Beispielheim", "--state", "BW"])
    assert code == 0, capsys.readouterr().err
    (path,) = (tmp_path / "adoptions").glob("*.md")
    assert path.name == "gemeinde-beispielheim--musterstadt-minimal.md"
    text = path.read_text(encoding="utf-8")
    assert 'case: "musterstadt-minimal"' in text and "# Kontakt bei der übernehmenden Stelle" in text
    problems = catalog.check(cases).problems
    assert {p.key for p in problems} == {"contact.unit", "contact.email"}  # what the clerk still fills in
    path.write_text(text.replace('unit: ""', 'unit: "Hauptamt"').replace(
        'email: ""', 'email: "hauptamt@beispielheim.example"'), encoding="utf-8")
    result = catalog.check(cases)
    assert result.problems == [] and [a.case for a in result.catalog.adoptions] == ["musterstadt-minimal"]


def test_new_adoption_refuses_an_unknown_case(tmp_path, capsys):
    cases = copy_valid(tmp_path / "cases")
    code = cli.main(["new", "--cases", str(cases), "--adoption", "musterstadt-minimall", "--municipality",
                     "Gemeinde Beispielheim", "--state", "BW"])
    assert code == 2
    assert "Meinten Sie 'musterstadt-minimal'?" in capsys.readouterr().err
    assert not (tmp_path / "adoptions").exists()


def test_demo_adoptions_pass_the_check(tmp_path, capsys):
    cases = tmp_path / "cases"
    assert cli.main(["demo", "--count", "120", "--out", str(cases), "--adoptions"]) == 0
    result = catalog.check(cases)  # demo dates run up to today
    assert [p.text() for p in result.problems if p.severity == "error"] == []
    assert result.adoption_files == len(result.catalog.adoptions) > 10
    assert any(a.discontinued for a in result.catalog.adoptions)
    shutil.rmtree(tmp_path / "adoptions")
