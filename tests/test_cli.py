"""`python -m generator check|schema` as a contributor or CI runs it: exit codes, formats, no tracebacks."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from support import (
    COMPLETE,
    MINIMAL,
    REPO,
    RULES,
    copy_valid,
    front_matter,
    minimal_text,
    replace_line,
    with_id,
)

TODAY = date.today().isoformat()  # the CLI checks against the real date
TEXT_LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<sev>error|warning): (?P<rest>.+)$")


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env=env)
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
        assert "Interner Fehler" not in stream, stream
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    return proc


def fresh(text: str) -> str:
    """A case text reviewed today, so that no 'stale' warning depends on when the tests run."""
    return re.sub(r"(?m)^reviewed: .*$", f"reviewed: {TODAY}", text, count=1)


@pytest.fixture
def valid_dir(tmp_path: Path) -> Path:
    cases = copy_valid(tmp_path / "cases")
    for path in cases.glob("*.md"):
        path.write_text(fresh(path.read_text(encoding="utf-8")), encoding="utf-8")
    return cases


def add(cases: Path, case_id: str, text: str) -> Path:
    path = cases / f"{case_id}.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def error_dir(valid_dir: Path) -> Path:
    text = replace_line(fresh(with_id(minimal_text(), "musterstadt-fehler")), "  level: concept", "  level: softwre")
    add(valid_dir, "musterstadt-fehler", text)
    return valid_dir


@pytest.fixture
def warning_dir(valid_dir: Path) -> Path:
    text = with_id(minimal_text(), "musterstadt-alt")
    add(valid_dir, "musterstadt-alt", replace_line(fresh(text), f"reviewed: {TODAY}", "reviewed: 2001-01-01"))
    return valid_dir


# --- exit codes -----------------------------------------------------------------------------------------

def test_valid_folder_exits_0(valid_dir):
    proc = run("check", "--cases", str(valid_dir))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == ""
    assert "2 Fälle geprüft" in proc.stderr


def test_errors_exit_1_with_compiler_style_lines(error_dir):
    proc = run("check", "--cases", str(error_dir))
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    match = TEXT_LINE.match(lines[0])
    assert match, lines[0]
    assert match["file"].endswith("musterstadt-fehler.md")
    assert (match["line"], match["col"], match["sev"]) == ("20", "10", "error")
    assert match["rest"].startswith("reuse.level: 'softwre'")
    assert "'software'" in match["rest"]


def test_relative_cases_path_is_shown_relative(error_dir):
    proc = run("check", "--cases", "cases", cwd=error_dir.parent)
    assert proc.returncode == 1
    assert proc.stdout.startswith(str(Path("cases") / "musterstadt-fehler.md") + ":20:10: error: reuse.level: ")


def test_only_warnings_exit_0_but_1_with_strict(warning_dir):
    proc = run("check", "--cases", str(warning_dir))
    assert proc.returncode == 0
    (line,) = proc.stdout.strip().splitlines()
    assert TEXT_LINE.match(line)["sev"] == "warning"
    assert run("check", "--cases", str(warning_dir), "--strict").returncode == 1


@pytest.mark.parametrize("args", [
    ("check", "--unbekannt"),
    ("check", "--format", "xml"),
    ("check", "--cases"),
    ("gibtesnicht",),
    (),
])
def test_wrong_usage_exits_2(args, valid_dir):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stderr.strip()


def test_missing_folder_exits_2(tmp_path):
    proc = run("check", "--cases", str(tmp_path / "gibt-es-nicht"))
    assert proc.returncode == 2
    assert "gibt-es-nicht" in proc.stderr


def test_cases_path_that_is_a_file_exits_2(tmp_path):
    (tmp_path / "datei.md").write_text("x", encoding="utf-8")
    proc = run("check", "--cases", str(tmp_path / "datei.md"))
    assert proc.returncode == 2
    assert "ist eine Datei, kein Ordner" in proc.stderr
    assert "gibt es nicht" not in proc.stderr


@pytest.mark.parametrize("command", ["check", "build", "serve"])
def test_every_command_says_the_same_about_a_missing_cases_folder(command, tmp_path):
    missing = tmp_path / "gibt-es-nicht"
    proc = run(command, "--cases", str(missing), "--out", str(tmp_path / "site")) if command != "check" else \
        run(command, "--cases", str(missing))
    assert proc.returncode == 2
    assert proc.stderr == (f"Fehler beim Aufruf: den Ordner '{missing}' gibt es nicht. Bitte bei --cases den Ordner "
                           "mit den Fällen angeben.\n")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("args", [
    ("build", "--out", "{file}/site"),
    ("build", "--out", "{file}"),
    ("serve", "--out", "{file}/site"),
    ("demo", "--count", "1", "--out", "{file}/demo"),
    ("new", "--cases", "{file}/cases", "--id", "musterstadt-neu"),
], ids=["build-inside-a-file", "build-a-file", "serve-inside-a-file", "demo-inside-a-file", "new-inside-a-file"])
def test_output_folder_that_cannot_be_made_exits_2(args, valid_dir, tmp_path):
    file = tmp_path / "notiz.txt"
    file.write_text("x", encoding="utf-8")
    proc = run(*(arg.format(file=file) for arg in args), "--cases", str(valid_dir)) if args[0] in ("build", "serve") \
        else run(*(arg.format(file=file) for arg in args))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("Fehler beim Aufruf: ")
    assert f"'{file}' ist eine Datei, kein Ordner" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# --- the command line speaks German, argparse's own words too -----------------------------------------------

ENGLISH = ("usage:", "options:", "positional arguments", "optional arguments", "show this help", "the following",
           "required", "invalid choice", "choose from", "unrecognized", "expected one", "error:", "argument ",
           "default:", "subcommands", "{check,")
COMMANDS = ("check", "schema", "new", "build", "serve", "demo", "interest", "forms", "from-issue", "stale")


def assert_no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, f"{word!r} in:\n{text}"


def test_no_command_prints_a_german_overview():
    proc = run()
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("Aufruf: python -m generator")
    assert "Befehle:" in proc.stderr
    for command in COMMANDS:
        assert re.search(rf"^  {command} +\S", proc.stderr, re.MULTILINE), command
    assert proc.stderr.rstrip().endswith("Bitte einen Befehl angeben, z. B. python -m generator check.")
    assert_no_english(proc.stderr)


@pytest.mark.parametrize("args", [("--help",), ("-h",)] + [(command, "--help") for command in COMMANDS],
                         ids=lambda args: " ".join(args))
def test_help_is_german(args):
    proc = run(*args)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Aufruf: python -m generator")
    assert "Optionen:" in proc.stdout and "diese Hilfe anzeigen und beenden" in proc.stdout
    assert_no_english(proc.stdout)


def test_every_command_and_option_has_a_german_help_text():
    from generator import cli

    parser = cli._parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == set(COMMANDS)
    assert all(choice.help for choice in commands._get_subactions())
    for name, sub in commands.choices.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.option_strings)
            if action.option_strings and action.nargs != 0 and not action.choices:
                assert action.metavar and action.metavar.isupper(), (name, action.option_strings)


def test_new_flags_and_commands_are_known():
    from generator import cli

    parser = cli._parser()
    assert parser.parse_args(["build", "--clean"]).clean is True
    assert parser.parse_args(["build"]).clean is False
    serve = parser.parse_args(["serve"])
    assert (serve.port, serve.cases, serve.out) == (8000, Path("cases"), Path("site"))
    assert parser.parse_args(["serve", "--port", "8123", "--cases", "c", "--out", "o"]).port == 8123


@pytest.mark.parametrize("args, says", [
    (("check", "--format", "xml"), "--format: 'xml' ist hier nicht möglich; möglich sind: 'text', 'github', 'gitlab', 'json'"),
    (("chek",), "'chek' ist kein Befehl. Meinten Sie 'check'?"),
    (("gibtesnicht",), "'gibtesnicht' ist kein Befehl. Die Befehle sind: check, schema, new, build, serve, demo, interest, forms, from-issue, stale."),
    (("check", "--unbekannt"), "unbekannte Angaben: --unbekannt"),
    (("check", "--cases"), "--cases: hier fehlt der Wert"),
    (("demo", "--out", "x"), "diese Angaben fehlen: --count"),
    (("demo", "--count", "0", "--out", "x"), "--count: '0' ist keine ganze Zahl ab 1"),
    (("demo", "--count", "viele", "--out", "x"), "--count: 'viele' ist keine ganze Zahl ab 1"),
    (("serve", "--port", "http"), "--port: 'http' ist keine Portnummer von 0 bis 65535"),
])
def test_usage_errors_are_german(args, says, tmp_path):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Aufruf: python -m generator")
    assert f"Fehler beim Aufruf: {says}" in proc.stderr
    command = args[0] if args[0] in COMMANDS else ""
    assert proc.stderr.rstrip().endswith(f"Hilfe: python -m generator {command} --help".replace("  ", " "))
    assert_no_english(proc.stderr)
    assert not (tmp_path / "x").exists()


# --- output formats -------------------------------------------------------------------------------------

def test_github_format(error_dir, warning_dir):
    proc = run("check", "--cases", str(error_dir), "--format", "github")
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2
    error = next(line for line in lines if "musterstadt-fehler" in line)
    warning = next(line for line in lines if "musterstadt-alt" in line)
    assert error.startswith("::error file=")
    assert warning.startswith("::warning file=")
    for line in lines:
        assert re.match(r"^::(error|warning) file=[^,]+,line=[0-9]+,col=[0-9]+(,title=[^:]*)?::.+", line), line
    assert ",line=20,col=10" in error
    assert ",line=27," in warning


def test_json_format(error_dir, warning_dir):
    proc = run("check", "--cases", str(error_dir), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert set(item) == {"file", "line", "column", "severity", "key", "message"}
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning")
    error = next(item for item in data if item["severity"] == "error")
    assert error["file"].endswith("musterstadt-fehler.md")
    assert (error["line"], error["column"], error["key"]) == (20, 10, "reuse.level")


def test_json_format_of_a_valid_folder_is_an_empty_list(valid_dir):
    proc = run("check", "--cases", str(valid_dir), "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []


def test_nasty_input_gives_no_traceback_in_any_format(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "binaer.md").write_bytes(b"\x00\xff\xfe\x89PNG")
    (cases / "tag.md").write_text("---\nid: !!python/object/apply:os.system ['echo hi']\n---\n", encoding="utf-8")
    (cases / "leer.md").write_text("", encoding="utf-8")
    (cases / "nur-liste.md").write_text("---\n- a\n---\n", encoding="utf-8")
    (cases / "komische-schluessel.md").write_text("---\n? [a]\n: b\n1: 2\nnull: x\n---\n", encoding="utf-8")
    (cases / "tief.md").write_text("---\nid: " + "[" * 3000 + "]" * 3000 + "\n---\n", encoding="utf-8")
    outputs = {}
    for fmt in ("text", "github", "json"):
        proc = run("check", "--cases", str(cases), "--format", fmt)
        assert proc.returncode == 1
        outputs[fmt] = proc.stdout
    data = json.loads(outputs["json"])
    names = {"binaer.md", "tag.md", "leer.md", "nur-liste.md", "komische-schluessel.md", "tief.md"}
    assert {Path(item["file"]).name for item in data} == names
    assert {Path(TEXT_LINE.match(line)["file"]).name for line in outputs["text"].splitlines()} == names
    assert len(outputs["github"].splitlines()) == len(data)


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}"), ("- ", "")], ids=["list", "map", "block"])
def test_deeply_nested_yaml_does_not_crash_the_check(valid_dir, opening, closing):
    """libyaml's composer recurses: 200,000 levels (a 400 KB file, under the 1 MB limit) crashed it once."""
    add(valid_dir, "tief", "---\nid: " + opening * 200_000 + "x" + closing * 200_000 + "\n---\n")
    proc = run("check", "--cases", str(valid_dir), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [Path(item["file"]).name for item in data] == ["tief.md"]
    assert data[0]["line"] == 2


# --- schema ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published_schema() -> dict:
    proc = run("schema")
    assert proc.returncode == 0
    return json.loads(proc.stdout)


def test_schema_is_valid_draft_2020_12(published_schema):
    jsonschema.Draft202012Validator.check_schema(published_schema)
    assert published_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", [
    MINIMAL, COMPLETE, RULES / "organisation-ags_leading-zero-kept.md", RULES / "organisation-country_no-stays-string.md",
    RULES / "started_year-only-allowed.md",
], ids=lambda p: p.stem)
def test_schema_accepts_valid_cases(published_schema, path):
    data = front_matter(path)
    if path.parent == RULES:
        assert data["id"]  # the rule fixtures carry their own ids; the schema does not know file names
    errors = sorted(jsonschema.Draft202012Validator(published_schema).iter_errors(data), key=str)
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", [
    "reuse-level_unknown", "topics_too-many", "topics_duplicate", "sdgs_out-of-range", "unknown-key_suggestion",
    "organisation-state_missing-for-de", "title_too-long", "id_pattern", "schema_wrong-version",
    "cost-one_time_eur_negative", "reuse-repository_not-https", "reviewed_bad-format", "tags_too-many",
    "contact-email_missing", "lang_pattern",
])
def test_schema_rejects_broken_cases(published_schema, name):
    data = front_matter(RULES / f"{name}.md")
    assert not jsonschema.Draft202012Validator(published_schema).is_valid(data)
