"""`python -m generator interest`: open 'interesse' issues from a fake GitHub API become interesse.json."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml
from support import REPO

from generator import cli, interest

REPOSITORY = "musterstadt/praxisboerse"
FIRST_PAGE = f"/repos/{REPOSITORY}/issues?labels=interesse&state=open&per_page=100"
SECOND_PAGE = "/repositories/4711/issues?labels=interesse&state=open&per_page=100&page=2"
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "interesse.yml"
NO_RESPONSE = "_No response_"
HOSTILE = "<script>alert(1)</script> Stadt"
LONG = "Verwaltungsgemeinschaft " + "Langenbach-" * 20


# --- a fake GitHub API ----------------------------------------------------------------------------------

class FakeGitHub:
    """Serves ``routes`` (path with query → status, headers, body) on 127.0.0.1 and records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.delays: dict[str, float] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append((self.path, {name.lower(): value for name, value in self.headers.items()}))
                time.sleep(fake.delays.get(self.path, 0))
                status, headers, body = fake.routes.get(self.path, (404, {}, b'{"message": "Not Found"}'))
                self.send_response(status)
                for name, value in {"Content-Type": "application/json; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def json(self, path: str, data: object, status: int = 200, **headers: str) -> None:
        self.routes[path] = (status, headers, json.dumps(data).encode())


@pytest.fixture
def github():
    fake = FakeGitHub()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def env(monkeypatch, github):
    """The API of the fake server (with a trailing slash, which the command strips), no token, no proxy."""
    monkeypatch.setenv("GITHUB_API_URL", github.url + "/")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return github


def form(fall: str, organisation: str, state: str = NO_RESPONSE, *, population: str = NO_RESPONSE,
         plan: str = NO_RESPONSE, contact: str = NO_RESPONSE) -> str:
    """An issue body as GitHub writes a submitted interesse.yml form."""
    return (f"### Fall (Kennung)\n\n{fall}\n\n### Kommune oder Organisation\n\n{organisation}\n\n"
            f"### Bundesland\n\n{state}\n\n### Einwohnerzahl\n\n{population}\n\n### Was haben Sie vor?\n\n{plan}\n\n"
            f"### Zuständige Stelle\n\n{contact}")


def issue(number: int, body: str | None, created: str = "2026-11-01T09:15:00Z", **extra) -> dict:
    return {"number": number, "title": "Interesse: Bürger-App", "state": "open", "body": body,
            "html_url": f"https://github.com/{REPOSITORY}/issues/{number}", "created_at": created,
            "labels": [{"name": "interesse"}], "user": {"login": "someone"}, **extra}


def serve_issues(github: FakeGitHub) -> None:
    """Two pages of issues: valid ones, a pull request, answers left empty, a hostile name, bodies without a form."""
    github.json(FIRST_PAGE, [
        issue(14, form("musterstadt-app", "  Gemeinde   Neudorf ", "Baden-Württemberg", population="4200",
                       plan="Übernehmen.\n\n### Kommune oder Organisation\n\nnicht diese Zeile"),
              created="2026-11-03T08:00:00Z"),
        issue(13, form("musterstadt-app", "Ein Pull Request"), pull_request={"url": "https://example.invalid"}),
        issue(12, form("musterstadt-app", "Stadt Beispielheim").replace("\n", "\r\n")),
        issue(11, form("musterstadt-radweg", HOSTILE, "BW"), created="2026-10-30T23:59:59Z"),
    ], Link=f'<{github.url}{SECOND_PAGE}>; rel="next", <{github.url}{SECOND_PAGE}>; rel="last"')
    github.json(SECOND_PAGE, [
        issue(10, "Wir hätten auch gerne so eine App!"),
        issue(9, None),
        issue(8, form("Musterstadt App", "Stadt Irgendwo")),
        issue(7, form("musterstadt-radweg", "Landkreis\x07 Süd\u202edorf", "Tirol")),
        issue(6, form("musterstadt-app", LONG, "de-by")),
    ], Link=f'<{github.url}{FIRST_PAGE}>; rel="prev", <{github.url}{FIRST_PAGE}>; rel="first"')


def entry(number: int, organisation: str, state: str = "", created: str = "2026-11-01") -> dict:
    return {"number": number, "url": f"https://github.com/{REPOSITORY}/issues/{number}",
            "organisation": organisation, "state": state, "created": created}


EXPECTED = {
    "format": 1,
    "repository": REPOSITORY,
    "cases": {
        "musterstadt-app": [entry(6, LONG[:120].rstrip(), "BY"), entry(12, "Stadt Beispielheim"),
                            entry(14, "Gemeinde Neudorf", "BW", "2026-11-03")],
        "musterstadt-radweg": [entry(7, "Landkreis Süddorf", "Tirol"), entry(11, HOSTILE, "BW", "2026-10-30")],
    },
}


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["interest", *args])
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "Traceback" not in stream and "Interner Fehler" not in stream, stream
    return code, captured.err


# --- the file -------------------------------------------------------------------------------------------

def test_issues_become_the_interest_file(env, tmp_path, capsys):
    serve_issues(env)
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8")) == EXPECTED
    assert [path for path, _ in env.requests] == [FIRST_PAGE, SECOND_PAGE]
    assert f"5 Interessenbekundungen zu 2 Fällen in {out} geschrieben." in err
    for number in (8, 9, 10):
        assert f"Issue #{number} übersprungen" in err
    assert "#13" not in err  # a pull request is not an issue: left out without a word
    text = out.read_text(encoding="utf-8")
    assert f'"organisation": "{HOSTILE}"' in text  # plain text, not escaped: the template escapes
    assert "Süddorf" in text and "\\u" not in text  # UTF-8, not \u escapes
    assert text == json.dumps(EXPECTED, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "interesse.json"]  # no temporary file left


def test_same_issues_give_the_same_bytes(env, tmp_path, capsys):
    serve_issues(env)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cli(capsys, "--repo", REPOSITORY, "--out", str(first))[0] == 0
    assert run_cli(capsys, "--repo", REPOSITORY, "--out", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_no_issues_still_writes_a_file(env, tmp_path, capsys):
    env.json(FIRST_PAGE, [])
    out = tmp_path / "sub" / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8")) == {"format": 1, "repository": REPOSITORY, "cases": {}}
    assert "0 Interessenbekundungen zu 0 Fällen" in err


def test_as_a_subprocess(env, tmp_path):
    serve_issues(env)
    out = tmp_path / "interesse.json"
    run_env = {**os.environ,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "generator", "interest", "--repo", REPOSITORY, "--out", str(out)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, env=run_env, check=False)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert "5 Interessenbekundungen zu 2 Fällen" in proc.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == EXPECTED


# --- the token ------------------------------------------------------------------------------------------

def test_authorization_only_with_a_token(env, monkeypatch, tmp_path, capsys):
    serve_issues(env)
    assert run_cli(capsys, "--repo", REPOSITORY, "--out", str(tmp_path / "a.json"))[0] == 0
    assert len(env.requests) == 2
    for _, headers in env.requests:
        assert "authorization" not in headers
        assert headers["accept"] == "application/vnd.github+json"
        assert headers["x-github-api-version"] == "2022-11-28"
        assert headers["user-agent"] == "praxisboerse"

    env.requests.clear()
    monkeypatch.setenv("GITHUB_TOKEN", "geheim-123")
    assert run_cli(capsys, "--repo", REPOSITORY, "--out", str(tmp_path / "b.json"))[0] == 0
    assert [headers.get("authorization") for _, headers in env.requests] == ["Bearer geheim-123"] * 2


def test_next_page_on_another_host_is_not_asked(env, monkeypatch, tmp_path, capsys):
    other = FakeGitHub()
    other.thread.start()
    try:
        env.json(FIRST_PAGE, [], Link=f'<{other.url}{SECOND_PAGE}>; rel="next"')
        monkeypatch.setenv("GITHUB_TOKEN", "geheim-123")
        out = tmp_path / "interesse.json"
        code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
        assert code == 1
        assert "andere Adresse" in err
        assert other.requests == []
        assert not out.exists()
    finally:
        other.server.shutdown()
        other.server.server_close()


# --- errors ---------------------------------------------------------------------------------------------

RESET = int(datetime(2030, 1, 1, 21, 30, tzinfo=UTC).timestamp())


@pytest.mark.parametrize("failing", [FIRST_PAGE, SECOND_PAGE])
def test_rate_limit_keeps_the_old_file(env, tmp_path, capsys, failing):
    serve_issues(env)
    env.json(failing, {"message": "API rate limit exceeded"}, 403, **{
        "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(RESET)})
    out = tmp_path / "interesse.json"
    out.write_bytes(b'{"format": 1, "alt": "\xc3\xa4"}\n')
    before = out.read_bytes()
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert err.strip() == ("Die GitHub-API lässt gerade keine weiteren Abfragen zu (Limit erreicht, wieder möglich "
                           "ab 21:30 Uhr UTC). Mit einem Token (Umgebungsvariable GITHUB_TOKEN) ist das Limit höher.")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interesse.json"]


def test_secondary_rate_limit_with_retry_after(env, monkeypatch, tmp_path, capsys):
    env.json(FIRST_PAGE, {"message": "secondary rate limit"}, 429, **{"Retry-After": "60"})
    monkeypatch.setenv("GITHUB_TOKEN", "geheim-123")
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert "Limit erreicht, wieder möglich ab " in err and "Uhr UTC" in err
    assert "Bitte später erneut versuchen." in err  # with a token, a token is no advice
    assert not out.exists()


@pytest.mark.parametrize("status, words", [
    (500, "HTTP 500"),
    (404, "gibt es auf GitHub nicht"),
    (403, "verweigert den Zugriff"),
    (401, "GITHUB_TOKEN"),
])
def test_http_errors_write_nothing(env, tmp_path, capsys, status, words):
    env.json(FIRST_PAGE, {"message": "nope"}, status)
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert words in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_invalid_json_writes_nothing(env, tmp_path, capsys):
    env.routes[FIRST_PAGE] = (200, {}, b"<html>Wartungsarbeiten</html>")
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert "kein gültiges JSON" in err
    assert not out.exists()


def test_refused_connection_writes_nothing(env, monkeypatch, tmp_path, capsys):
    with socket.socket() as sock:  # a port that was free a moment ago and is closed now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{port}")
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert "nicht erreichbar" in err
    assert not out.exists()


def test_timeout_writes_nothing(env, monkeypatch, tmp_path, capsys):
    serve_issues(env)
    env.delays[FIRST_PAGE] = 2
    monkeypatch.setattr(interest, "TIMEOUT", 0.3)
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(out))
    assert code == 1
    assert "keine Antwort" in err
    assert not out.exists()


@pytest.mark.parametrize("repo", ["nonsense", "a/b/c", "/name", "owner/", "owner/..", "-owner/name"])
def test_wrong_repo_is_a_usage_error(env, tmp_path, capsys, repo):
    out = tmp_path / "interesse.json"
    code, err = run_cli(capsys, f"--repo={repo}", "--out", str(out))
    assert code == 2
    assert "EIGENTÜMER/NAME" in err
    assert env.requests == []
    assert not out.exists()


def test_out_is_a_folder(env, tmp_path, capsys):
    code, err = run_cli(capsys, "--repo", REPOSITORY, "--out", str(tmp_path))
    assert code == 2
    assert "ist ein Ordner" in err
    assert env.requests == []


def test_missing_options_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["interest", "--out", "interesse.json"])
    assert exit_info.value.code == 2
    assert "--repo" in capsys.readouterr().err


# --- parsing and loading ----------------------------------------------------------------------------------

def test_form_answers():
    answers = interest.form_answers(form("musterstadt-app", "Stadt X", plan="a\n\n### Fall (Kennung)\n\nanders"))
    assert answers["Fall (Kennung)"] == "musterstadt-app"
    assert answers["Kommune oder Organisation"] == "Stadt X"
    assert answers["Bundesland"] == ""
    assert interest.form_answers("Nur Text, kein Formular.") == {}
    assert interest.form_answers(None) == {}


def test_clean_keeps_markup_and_drops_control_characters():
    assert interest.clean(HOSTILE, 120) == HOSTILE
    assert interest.clean(" Stadt\t\n  A\x00b\u200bc\u202e ", 120) == "Stadt Abc"
    assert interest.clean("x" * 200, 120) == "x" * 120
    assert interest.clean("\ud800Stadt", 120) == "Stadt"  # a lone surrogate could not be written as UTF-8


@pytest.mark.parametrize("answer, code", [("BW", "BW"), ("bw", "BW"), ("DE-BY", "BY"), ("Thüringen", "TH"),
                                          ("Baden-Wuerttemberg", "BW"), ("Tirol", "Tirol"), ("", "")])
def test_state_code(answer, code):
    assert interest.state_code(answer) == code


def test_write_then_load(tmp_path):
    out = tmp_path / "interesse.json"
    interest.write(EXPECTED, out)
    assert interest.load(out) == EXPECTED["cases"]


@pytest.mark.parametrize("content, words", [
    ("{", "kein gültiges JSON"),
    ("[]", "kein JSON-Objekt"),
    ('{"format": 2, "repository": "a/b", "cases": {}}', "Format 2"),
    ('{"format": 1, "repository": "a/b", "cases": []}', "keine Fälle"),
    ('{"format": 1, "repository": "a/b", "cases": {"Nicht Gut": []}}', "Fall-Kennung"),
    ('{"format": 1, "repository": "a/b", "cases": {"x-y": [{"number": 1}]}}', "ungültigen Eintrag"),
    (('{"format": 1, "repository": "a/b", "cases": {"x-y": [{"number": 1, "url": "javascript:alert(1)", '
      '"organisation": "A", "state": "", "created": ""}]}}'), "url"),
])
def test_load_names_a_broken_file(tmp_path, content, words):
    path = tmp_path / "interesse.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(interest.InterestError) as error:
        interest.load(path)
    assert str(path) in error.value.message and words in error.value.message


def test_load_a_missing_file(tmp_path):
    with pytest.raises(interest.InterestError, match="gibt es nicht"):
        interest.load(tmp_path / "fehlt.json")


# --- the issue form -------------------------------------------------------------------------------------

def test_issue_form():
    data = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert data["name"] and data["description"]
    assert data["title"] == "Interesse: "
    assert data["labels"] == ["interesse"]
    body = data["body"]
    assert body[0]["type"] == "markdown" and "öffentlich" in body[0]["attributes"]["value"]
    fields = {element["id"]: element for element in body if element["type"] != "markdown"}
    assert list(fields) == ["fall", "organisation", "bundesland", "einwohner", "vorhaben", "kontakt"]
    types = {field_id: element["type"] for field_id, element in fields.items()}
    assert types == {"fall": "input", "organisation": "input", "bundesland": "input", "einwohner": "input",
                     "vorhaben": "textarea", "kontakt": "input"}
    required = {field_id for field_id, element in fields.items() if element.get("validations", {}).get("required")}
    assert required == {"fall", "organisation"}
    labels = {field_id: element["attributes"]["label"] for field_id, element in fields.items()}
    # the parser finds the answers by these labels
    assert labels["fall"] == interest.FIELD_CASE
    assert labels["organisation"] == interest.FIELD_ORGANISATION
    assert labels["bundesland"] == interest.FIELD_STATE
    assert labels["vorhaben"] == "Was haben Sie vor?" and labels["kontakt"] == "Zuständige Stelle"
    assert "E-Mail" in fields["kontakt"]["attributes"]["description"]
    assert "automatisch" in fields["fall"]["attributes"]["description"]
    assert all("id" not in element for element in body if element["type"] == "markdown")
    assert all(element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"} for element in body)
