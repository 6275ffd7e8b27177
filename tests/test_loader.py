"""Files that are not acceptable input: each gets one clear error naming the file (and line where
there is one), nothing in them is ever executed, and the rest of the catalogue is still checked."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import re

from generator import catalog, loader
from generator.diagnostics import Reporter
from support import REPO, TODAY, assert_plain_german, case, minimal_text, replace_line, with_id

TITLE = "title: Online-Terminvergabe im Bürgerbüro"


def check(folder: Path):
    return catalog.check(folder, TODAY)


def one_file(tmp_path: Path, data: str | bytes, case_id: str = "musterstadt-test"):
    """A cases folder with one file ``<case_id>.md`` holding ``data``; returns (result, path)."""
    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    path = cases / f"{case_id}.md"
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return check(cases), path


def valid(case_id: str = "musterstadt-test") -> str:
    return with_id(minimal_text(), case_id)


def only_problem(result, path: Path, rule: str, line: int):
    assert len(result.problems) == 1, "\n".join(p.text() for p in result.problems)
    (problem,) = result.problems
    assert problem.rule == rule, problem.text()
    assert problem.line == line, problem.text()
    assert problem.severity == "error"
    assert Path(problem.file) == path or problem.file.endswith(path.name)
    assert_plain_german(problem.message)
    assert len(result.catalog) == 0
    return problem


# --- front-matter missing or not closed ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "# Online-Terminvergabe\n\nNur Text, keine Angaben.\n",
    "",
    "\n" + valid(),  # front-matter must start on line 1
    "title: Online-Terminvergabe\n---\n\nText\n",
], ids=["markdown-only", "empty-file", "blank-first-line", "no-opening-line"])
def test_no_front_matter(tmp_path, text):
    result, path = one_file(tmp_path, text)
    only_problem(result, path, "no-front-matter", 1)


def test_unclosed_front_matter(tmp_path):
    text = valid().replace("reviewed: 2025-01-15\n---\n", "reviewed: 2025-01-15\n")
    assert "\n---" not in text
    result, path = one_file(tmp_path, text)
    problem = only_problem(result, path, "no-front-matter", 1)
    assert "'---'" in problem.message


def test_empty_front_matter(tmp_path):
    result, path = one_file(tmp_path, "---\n---\n\nText\n")
    only_problem(result, path, "empty", 2)


def test_front_matter_that_is_a_list(tmp_path):
    result, path = one_file(tmp_path, "---\n- schema\n- id\n---\n")
    only_problem(result, path, "type", 2)


# --- YAML that does not parse ------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line", [
    (TITLE, "title: Terminvergabe: Bürgerbüro online", 4),  # colon in a plain value
    ("  type: city", "   type: city", 9),  # indentation off by one
    ("  type: city", "\ttype: city", 9),  # a tab
    ("status: operation", "status: [operation", 14),  # unclosed flow list: named where it opens, not where seen
], ids=["colon-in-value", "indentation", "tab", "unclosed-bracket"])
def test_yaml_syntax_error_has_its_line(tmp_path, old, new, line):
    result, path = one_file(tmp_path, replace_line(valid(), old, new))
    only_problem(result, path, "yaml-syntax", line)


def test_yaml_syntax_error_suggests_quoting(tmp_path):
    result, path = one_file(tmp_path, replace_line(valid(), TITLE, "title: Terminvergabe: Bürgerbüro online"))
    assert "Anführungszeichen" in result.problems[0].message


def test_unclosed_quote_is_an_error(tmp_path):
    result, path = one_file(tmp_path, replace_line(valid(), TITLE, 'title: "Online-Terminvergabe'))
    (problem,) = result.problems
    assert problem.rule == "yaml-syntax"
    assert 4 <= problem.line <= 28  # reported where the parser gives up, inside the front-matter
    assert_plain_german(problem.message)


# --- slips in a real case file: named at the line that is wrong ------------------------------------------
#
# The parser notices a missing colon on the next line, and a line that slipped to the left where the
# lines after it are indented again, which can be several lines later. The checker names the line that
# is wrong, or, where either of two lines can be the wrong one, both of them.

REAL_CASES = sorted((REPO / "cases").rglob("*.md"))


def real_case(tmp_path: Path, pattern: str, following: str = ".*") -> tuple[Path, list[str], int]:
    """A copy of the first real case with a line matching ``pattern`` (and the next one ``following``):
    (path of the copy, its lines, 0-based number of that line)."""
    for source in REAL_CASES:
        lines = source.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        hits = [i for i in range(1, end) if re.fullmatch(pattern, lines[i]) and re.fullmatch(following, lines[i + 1])]
        if hits:
            cases = tmp_path / "cases"
            cases.mkdir(exist_ok=True)
            return cases / source.name, lines, hits[0]
    pytest.skip(f"no case in cases/ has a line like {pattern!r}")


def broken(tmp_path: Path, pattern: str, change, following: str = ".*") -> tuple[object, Path, int]:
    """Check a real case with one line changed; returns (result, path, 1-based number of that line)."""
    path, lines, index = real_case(tmp_path, pattern, following)
    lines[index] = change(lines[index])
    path.write_text("\n".join(lines), encoding="utf-8")
    return check(path.parent), path, index + 1


def test_missing_colon_is_named_at_its_own_line(tmp_path):
    result, path, line = broken(tmp_path, r"status: \w+", lambda text: text.replace(":", "", 1))
    assert line > 20  # a line deep in a real case, not the minimal one
    problem = only_problem(result, path, "yaml-syntax", line)  # was reported at line + 1
    assert problem.column == 1
    assert "Doppelpunkt" in problem.message and "'status: " in problem.message


def test_missing_colon_in_a_nested_key(tmp_path):
    result, path, line = broken(tmp_path, r"  email: \S+", lambda text: text.replace(":", "", 1))
    problem = only_problem(result, path, "yaml-syntax", line)
    assert problem.column == 3
    assert "'email: " in problem.message


def test_child_with_children_moved_to_column_0(tmp_path):
    """'  one_time_eur:' with its 'min'/'max' lines below, moved left: the parser notices it three lines later."""
    result, path, line = broken(tmp_path, r"  (one_time_eur|annual_eur):", str.lstrip, following=r"    min: .*")
    problem = only_problem(result, path, "yaml-syntax", line)
    assert problem.column == 1
    assert "verrutscht" in problem.message and "genau unter" in problem.message


def test_first_child_moved_to_column_0(tmp_path):
    result, path, line = broken(tmp_path, r"  unit: .+", str.lstrip, following=r"  email: .*")
    problem = only_problem(result, path, "yaml-syntax", line)  # was reported at line + 1, column 8
    assert f"Zeile {line}" in problem.message and "'unit' genau unter" in problem.message


def test_text_block_key_moved_to_column_0(tmp_path):
    """'  requirements: |' moved left: the parser notices it only after the whole text block."""
    block = re.compile(r"^  requirements: [|>]-?\n(?:    .*\n|\n)+  [a-z_]+:", re.M)
    source = next((p for p in REAL_CASES if block.search(p.read_text(encoding="utf-8"))), None)
    if source is None:
        pytest.skip("no case in cases/ has a text block under 'reuse' followed by another key")
    text = source.read_text(encoding="utf-8")
    start = block.search(text).start()
    line = text.count("\n", 0, start) + 1
    result, path = one_file(tmp_path, text[:start] + text[start + 2:], case_id=source.stem)
    problem = only_problem(result, path, "yaml-syntax", line)
    assert "'requirements' genau unter" in problem.message


def test_key_indented_one_space_too_far(tmp_path):
    result, path, line = broken(tmp_path, r"  type: \w+", lambda text: " " + text)
    problem = only_problem(result, path, "yaml-syntax", line)
    assert "'type' genau unter 'name'" in problem.message


def test_list_entry_indented_one_space_too_far(tmp_path):
    result, path, line = broken(tmp_path, r"  - name: .+", lambda text: " " + text)
    problem = only_problem(result, path, "yaml-syntax", line)  # was reported at the next line
    assert "Listeneintrag" in problem.message


def _slips():
    """Every key line of every real case, moved to column 0, without its colon, one space further right."""
    changes = {
        "to-column-0": (re.compile(r" +[a-z_]+:.*"), str.lstrip),
        "no-colon": (re.compile(r" *(- )?[a-z_]+: .*"), lambda text: text.replace(": ", " ", 1)),
        "one-space-right": (re.compile(r" *(- )?[a-z_]+:.*"), lambda text: " " + text),
        "one-step-left": (re.compile(r"    +[a-z_]+:.*"), lambda text: text[2:]),
    }
    for source in REAL_CASES:
        lines = source.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        for name, (pattern, change) in changes.items():
            for index in range(1, end):
                if pattern.fullmatch(lines[index]):
                    front = "\n".join(lines[1:index] + [change(lines[index])] + lines[index + 1:end]) + "\n"
                    yield source.relative_to(REPO / "cases"), name, index + 1, front


def test_every_slip_in_the_real_cases_is_named_at_its_line():
    """A sweep over the real cases: wherever a slip breaks the YAML, the error names the changed line."""
    checked = 0
    for source, name, line, front in _slips():
        report = Reporter(str(source))
        if loader.compose(front, report) is not None:
            continue  # still valid YAML: the checker reports it as an unknown or missing key instead
        (problem,) = report.problems
        checked += 1
        assert_plain_german(problem.message)
        named = problem.line == line or (f"(Zeile {line} oder " in problem.message
                                         or f" oder {line})" in problem.message)
        assert named, f"{source} {name} at line {line}: {problem.text()}"
    assert checked > 100 or not REAL_CASES


# --- duplicate keys -------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, key", [
    (TITLE, TITLE + "\ntitle: Terminvergabe online", 5, "title"),
    ("  type: city", "  type: city\n  name: Stadt Anderswo", 10, "organisation.name"),
    ("reviewed: 2025-01-15", "reviewed: 2025-01-15\nschema: 1", 28, "schema"),
], ids=["top-level", "nested", "far-apart"])
def test_duplicate_key_reported_at_the_second(tmp_path, old, new, line, key):
    result, path = one_file(tmp_path, valid().replace(old + "\n", new + "\n", 1))
    problem = only_problem(result, path, "duplicate-key", line)
    assert problem.key == key


# --- anchors, aliases, tags: refused, never executed ----------------------------------------------------

def test_anchor_is_refused(tmp_path):
    result, path = one_file(tmp_path, replace_line(valid(), TITLE, "title: &titel Online-Terminvergabe"))
    problem = only_problem(result, path, "yaml-anchor", 4)
    assert "&titel" in problem.message


def test_alias_is_refused(tmp_path):
    text = replace_line(valid(), TITLE, "title: &titel Online-Terminvergabe im Bürgerbüro")
    text = replace_line(text, "  unit: Bürgerbüro", "  unit: *titel")
    result, path = one_file(tmp_path, text)
    assert {(p.line, p.rule) for p in result.problems} == {(4, "yaml-anchor"), (24, "yaml-alias")}
    assert len(result.catalog) == 0


def test_alias_without_anchor_is_refused(tmp_path):
    result, path = one_file(tmp_path, replace_line(valid(), "  unit: Bürgerbüro", "  unit: *stelle"))
    only_problem(result, path, "yaml-alias", 24)


@pytest.mark.parametrize("value", ["!!str de", "!custom de", "!!python/str de"])
def test_tag_is_refused(tmp_path, value):
    result, path = one_file(tmp_path, replace_line(valid(), "lang: de", f"lang: {value}"))
    only_problem(result, path, "yaml-tag", 6)


def test_non_specific_tag_is_refused(tmp_path):
    result, path = one_file(tmp_path, replace_line(valid(), "lang: de", "lang: ! de"))
    only_problem(result, path, "yaml-tag", 6)


def test_python_tag_is_not_executed(tmp_path):
    marker = tmp_path / "marker"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    text = replace_line(valid(), "lang: de", f"lang: {payload}")
    text = replace_line(text, "  unit: Bürgerbüro", f"  unit: !!python/object/new:os.system [\"echo hi > {marker}\"]")
    result, path = one_file(tmp_path, text)
    assert not marker.exists(), "a YAML tag was executed"
    rules = {(p.line, p.rule) for p in result.problems}
    assert rules == {(6, "yaml-tag"), (24, "yaml-tag")}
    for problem in result.problems:
        assert_plain_german(problem.message)


def test_python_tag_in_body_is_just_text(tmp_path):
    marker = tmp_path / "marker"
    text = valid() + f'\n```yaml\nx: !!python/object/apply:os.system ["touch {marker}"]\n```\n'
    result, _ = one_file(tmp_path, text)
    assert not marker.exists()
    assert result.problems == []


def test_alias_bomb_returns_quickly_with_an_error(tmp_path):
    levels = [f"lol0: &lol0 [{', '.join(['lol'] * 9)}]"]
    levels += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = valid().replace("reviewed: 2025-01-15\n", "reviewed: 2025-01-15\n" + "\n".join(levels) + "\n")
    started = time.perf_counter()
    result, path = one_file(tmp_path, text)
    assert time.perf_counter() - started < 2
    assert result.problems
    assert {p.rule for p in result.problems} <= {"yaml-anchor", "yaml-alias"}
    assert {p.line for p in result.problems} <= set(range(28, 38))
    assert len(result.catalog) == 0


# --- size and encoding -------------------------------------------------------------------------------

def test_file_over_one_megabyte(tmp_path):
    text = valid() + "\n" + ("Langer Text ohne Ende. " * 50 + "\n") * 1000
    assert len(text.encode()) > 1024 * 1024
    result, path = one_file(tmp_path, text)
    problem = only_problem(result, path, "too-large", 1)
    assert "MB" in problem.message


def test_file_just_under_one_megabyte_is_read(tmp_path):
    text = valid() + "\n"
    text += "x" * (1_000_000 - len(text.encode()) - 1) + "\n"
    assert len(text.encode()) == 1_000_000
    result, _ = one_file(tmp_path, text)
    assert result.problems == []
    assert len(result.catalog) == 1


def test_bytes_that_are_not_utf8(tmp_path):
    data = valid().encode("utf-8").replace("Bürgerbüro".encode("utf-8"), "Bürgerbüro".encode("latin-1"), 1)
    result, path = one_file(tmp_path, data)
    problem = only_problem(result, path, "encoding", 4)
    assert problem.column == len("title: Online-Terminvergabe im B") + 1
    assert "UTF-8" in problem.message


def test_bom_is_accepted(tmp_path):
    result, _ = one_file(tmp_path, b"\xef\xbb\xbf" + valid().encode("utf-8"))
    assert result.problems == []
    assert result.catalog.cases[0].title == "Online-Terminvergabe im Bürgerbüro"


def test_crlf_is_accepted(tmp_path):
    result, _ = one_file(tmp_path, b"\xef\xbb\xbf" + valid().replace("\n", "\r\n").encode("utf-8"))
    assert result.problems == []
    (case_,) = result.catalog.cases
    assert "\r" not in case_.title and "\r" not in case_.data["problem"] and "\r" not in case_.body


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["crlf", "bom+crlf"])
def test_crlf_keeps_line_numbers(tmp_path, bom):
    text = replace_line(valid(), "reviewed: 2025-01-15", "reviewed: 2030-01-01") + "\n<script>alert(1)</script>\n"
    result, _ = one_file(tmp_path, bom + text.replace("\n", "\r\n").encode("utf-8"))
    assert sorted((p.line, p.rule) for p in result.problems) == [(27, "future-date"), (38, "html-tag")]


# --- symbolic links ----------------------------------------------------------------------------------------

def test_symlinked_file_is_refused(tmp_path):
    outside = tmp_path / "woanders"
    outside.mkdir()
    (outside / "musterstadt-link.md").write_text(valid("musterstadt-link"), encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    link = cases / "musterstadt-link.md"
    os.symlink(outside / "musterstadt-link.md", link)
    result = check(cases)
    only_problem(result, link, "symlink", 1)


def test_symlinked_folder_is_refused(tmp_path):
    outside = tmp_path / "woanders"
    case(outside, "musterstadt-link")
    cases = tmp_path / "cases"
    case(cases, "musterstadt-echt")
    os.symlink(outside, cases / "verlinkt")
    result = check(cases)
    assert [p.rule for p in result.problems] == ["symlink"]
    assert "verlinkt" in result.problems[0].file
    assert [c.id for c in result.catalog.cases] == ["musterstadt-echt"]


# --- values of the wrong type ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, key", [
    (TITLE, "title: [Online-Terminvergabe, Bürgerbüro]", 4, "title"),
    (TITLE, "title:\n  de: Online-Terminvergabe im Bürgerbüro", 5, "title"),
    ("schema: 1", "schema: [1]", 2, "schema"),
    ("lang: de", "lang: [de, en]", 6, "lang"),
    ("  - administration", "  - [administration]", 13, "topics[1]"),
    ("status: operation", "status: {value: operation}", 14, "status"),
    ("started: 2021-03", "started: [2021, 3]", 15, "started"),
    ("cost: {}", "cost: []", 18, "cost"),
    ("cost: {}", "cost:\n  one_time_eur: [5000]", 19, "cost.one_time_eur"),
    ("cost: {}", "cost:\n  staff_fte: eine halbe Stelle", 19, "cost.staff_fte"),
    ("  level: concept", "  level: [concept]", 20, "reuse.level"),
    ("  email: buergerbuero@musterstadt.example", "  email: [buergerbuero@musterstadt.example]", 25,
     "contact.email"),
    ("reviewed: 2025-01-15", "reviewed: [2025-01-15]", 27, "reviewed"),
    ("  state: NW", "  state: NW\n  population: true", 12, "organisation.population"),
    ("  state: NW", "  state: NW\n  population: 84000.5", 12, "organisation.population"),
    ("contact:", "sdgs: 11\ncontact:", 23, "sdgs"),
    ("contact:", "tags: {open: data}\ncontact:", 23, "tags"),
    ("contact:", "partners:\n  - IT-Verbund Musterland\ncontact:", 24, "partners[1]"),
])
def test_value_of_the_wrong_type(tmp_path, old, new, line, key):
    result, path = one_file(tmp_path, valid().replace(old + "\n", new + "\n", 1))
    problem = only_problem(result, path, "type", line)
    assert problem.key == key


# --- what is not a case at all ---------------------------------------------------------------------------

def test_underscore_and_dot_names_are_ignored(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-echt")
    broken = "kein Front-Matter, kaputt: [\n"
    for rel in ("_entwurf.md", ".versteckt.md", "_vorlagen/vorlage.md", ".git/notiz.md", "ordner/_alt.md",
                "ordner/.tmp/x.md", "liesmich.txt", "musterstadt-echt/notiz.txt"):
        target = cases / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(broken, encoding="utf-8")
    result = check(cases)
    assert [p.text() for p in result.problems] == []
    assert result.files == 1
    assert [c.id for c in result.catalog.cases] == ["musterstadt-echt"]


# --- one broken file does not stop the others ----------------------------------------------------------

def test_broken_files_do_not_stop_the_others(tmp_path):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-gut")
    bad_value = replace_line(valid("musterstadt-fehler"), "status: operation", "status: laufend")
    case(cases, "musterstadt-fehler", bad_value, sub="gruppe")
    broken = {
        "a-kein-front-matter.md": b"# nur Text\n",
        "b-latin1.md": valid("b-latin1").encode("latin-1"),
        "c-yaml-kaputt.md": replace_line(valid("c-yaml-kaputt"), TITLE, "title: a: b").encode(),
        "d-tag.md": replace_line(valid("d-tag"), "lang: de", "lang: !!python/name:os.system").encode(),
        "e-zu-gross.md": b"---\n" + b"x" * (1024 * 1024 + 10),
    }
    for name, data in broken.items():
        (cases / name).write_bytes(data)
    os.symlink(cases / "musterstadt-gut.md", cases / "f-link.md")
    result = check(cases)
    by_file = {}
    for problem in result.problems:
        by_file.setdefault(Path(problem.file).name, []).append(problem.rule)
    assert by_file == {
        "a-kein-front-matter.md": ["no-front-matter"],
        "b-latin1.md": ["encoding"],
        "c-yaml-kaputt.md": ["yaml-syntax"],
        "d-tag.md": ["yaml-tag"],
        "e-zu-gross.md": ["too-large"],
        "f-link.md": ["symlink"],
        "musterstadt-fehler.md": ["unknown-value"],
    }
    assert [c.id for c in result.catalog.cases] == ["musterstadt-gut"]
    assert result.files == 8


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\xff\xfe",
    b"---\n: : :\n---\n",
    b"---\n[\n---\n",
    b"---\n{a: b}: c\n---\n",
    b"---\n? [a, b]\n: c\n---\n",
    b"---\nschema: 1\n---\nschema: 1\n---\n",
    b"---\n---\n---\n",
    b"---\n\"\\x\"\n---\n",
    b"---\nid: [\n" + b"[" * 5000 + b"\n---\n",
    b"---\r\r\r---\r",
], ids=lambda d: repr(d[:16]))
def test_garbage_never_raises_and_is_reported(tmp_path, data):
    cases = tmp_path / "cases"
    case(cases, "musterstadt-gut")
    (cases / "musterstadt-kaputt.md").write_bytes(data)
    result = check(cases)
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors and all(p.file.endswith("musterstadt-kaputt.md") for p in errors)
    for problem in errors:
        assert problem.line >= 1 and problem.column >= 1
        assert_plain_german(problem.message)
    assert [c.id for c in result.catalog.cases] == ["musterstadt-gut"]
