"""Interest in re-using a case, counted from GitHub issues: ``python -m generator interest``.

A municipality that wants to re-use a case opens an issue from the form ``.github/ISSUE_TEMPLATE/interesse.yml``
(the case page prefills the case id). ``fetch`` reads every open issue labelled ``interesse`` through the GitHub
REST API (standard library only), ``write`` stores the result as a small JSON file, and the build reads it with
``load``. No server is involved: the deploy workflow fetches, then builds.

The file (``format`` 1; keys sorted, no timestamp, so the same issues always give the same bytes)::

    {"cases": {"<case-id>": [{"created": "2026-11-01", "number": 12, "organisation": "Stadt X",
                              "state": "BW", "url": "https://github.com/owner/name/issues/12"}]},
     "format": 1, "repository": "owner/name"}

``organisation`` and ``state`` are what someone typed into a public form: plain text, cleaned of control
characters and cut to length here, but never escaped; escaping is the template's job. ``state`` is the
ISO 3166-2:DE code when the answer names a German state (``BW`` or ``Baden-Württemberg``), otherwise the answer as
typed (e.g. ``Tirol``), and an empty string when there is none.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import socket
import ssl
import tempfile
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from .text import slugify

FORMAT = 1
LABEL = "interesse"
TIMEOUT = 30.0  # seconds per request
MAX_PAGES = 100  # 10,000 open issues; more means something is wrong (or a loop)
MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # one page is 100 issues of at most 65,536 characters each
ORGANISATION_MAX = 120
STATE_MAX = 60

# The labels of the form's fields as GitHub writes them into the issue body ("### <label>"). They are the contract
# between interesse.yml and this parser: change both together.
FIELD_CASE = "Fall (Kennung)"
FIELD_ORGANISATION = "Kommune oder Organisation"
FIELD_STATE = "Bundesland"
NO_RESPONSE = "_No response_"

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t]*#*[ \t]*$")
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^,;]*)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn"}  # control, format (e.g. bidi overrides), surrogate, private, unassigned
_ENTRY_KEYS = ("created", "number", "organisation", "state", "url")


class InterestError(Exception):
    """A problem fetching, writing or reading interest data; its message is one plain German sentence or two."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Fetched:
    """What ``fetch_all`` found: the data to write, and the issues it had to leave out (number, German reason)."""

    data: dict[str, Any]
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(entries) for entries in self.data["cases"].values())


# --- reading the GitHub API --------------------------------------------------------------------------------

def repository_problem(repo: str) -> str | None:
    """Why ``repo`` is not of the form OWNER/NAME, or None."""
    if REPOSITORY.match(repo) and repo.split("/")[1] not in (".", ".."):
        return None
    return (f"'{repo}' ist keine Angabe der Form EIGENTÜMER/NAME. Bitte bei --repo das GitHub-Repository angeben, "
            "z. B. musterstadt/praxisboerse.")


def fetch(repo: str, *, api: str, token: str | None) -> dict[str, Any]:
    """All open issues labelled ``interesse`` of ``repo`` in the file's shape (see the module docstring)."""
    return fetch_all(repo, api=api, token=token).data


def fetch_all(repo: str, *, api: str, token: str | None) -> Fetched:
    """Like ``fetch``, and also says which issues were left out and why."""
    problem = repository_problem(repo)
    if problem:
        raise InterestError(problem)
    api = api.rstrip("/")
    base = urllib.parse.urlsplit(api)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise InterestError(f"'{api}' ist keine gültige Adresse der GitHub-API (Umgebungsvariable GITHUB_API_URL). "
                            "Sie muss mit https:// oder http:// beginnen, z. B. https://api.github.com.")
    owner, name = repo.split("/")
    url = (f"{api}/repos/{urllib.parse.quote(owner)}/{urllib.parse.quote(name)}/issues"
           f"?labels={LABEL}&state=open&per_page=100")
    issues: list[Any] = []
    seen: set[str] = set()
    page = 0
    while url:
        page += 1
        if url in seen or page > MAX_PAGES:
            raise InterestError(f"Die GitHub-API liefert mehr als {MAX_PAGES} Seiten Issues oder dieselbe Seite "
                                "zweimal. Bitte später erneut versuchen.")
        seen.add(url)
        items, next_url = _get_page(url, repo=repo, api=api, token=token, page=page)
        issues.extend(items)
        if next_url and not _same_origin(next_url, base):
            raise InterestError(f"Die GitHub-API verweist für Seite {page + 1} auf eine andere Adresse "
                                f"({urllib.parse.urlsplit(next_url).netloc or next_url}); dorthin wird nichts "
                                "abgefragt.")
        url = next_url
    return parse_issues(repo, issues)


def _same_origin(url: str, base: urllib.parse.SplitResult) -> bool:
    other = urllib.parse.urlsplit(url)
    return (other.scheme, other.netloc.lower()) == (base.scheme, base.netloc.lower())


def _get_page(url: str, *, repo: str, api: str, token: str | None, page: int) -> tuple[list[Any], str | None]:
    request = urllib.request.Request(url, headers={
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "praxisboerse",
    })
    if token:
        # Not passed on to wherever a redirect leads.
        request.add_unredirected_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            raw = response.read(MAX_RESPONSE_BYTES + 1)
            link = response.headers.get("Link")
    except urllib.error.HTTPError as exc:
        try:
            raise InterestError(_http_problem(exc.code, exc.reason, exc.headers, repo=repo, token=token)) from None
        finally:
            exc.close()
    except urllib.error.URLError as exc:
        raise InterestError(_connection_problem(exc.reason, api)) from None
    except (OSError, http.client.HTTPException) as exc:  # also a timeout while reading
        raise InterestError(_connection_problem(exc, api)) from None
    except ValueError:  # a URL urllib cannot use at all
        raise InterestError(f"'{api}' ist keine gültige Adresse der GitHub-API (Umgebungsvariable "
                            "GITHUB_API_URL).") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise InterestError(f"Die Antwort der GitHub-API auf Seite {page} ist unerwartet groß; sie wird nicht "
                            "gelesen.")
    try:
        items = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InterestError(f"Die Antwort der GitHub-API auf Seite {page} ist kein gültiges JSON. Bitte später "
                            "erneut versuchen.") from None
    if not isinstance(items, list):
        raise InterestError(f"Die Antwort der GitHub-API auf Seite {page} ist keine Liste von Issues. Stimmt die "
                            "Adresse in GITHUB_API_URL?")
    return items, _next_link(link, url)


def _next_link(header: str | None, current: str) -> str | None:
    """The ``rel="next"`` target of a Link header, made absolute against ``current``."""
    for match in _LINK.finditer(header or ""):
        for rel in _REL.finditer(match.group(2)):
            if "next" in (rel.group(1) or rel.group(2) or "").split():
                return urllib.parse.urljoin(current, match.group(1).strip())
    return None


def _http_problem(code: int, reason: object, headers: Mapping[str, str] | None, *, repo: str,
                  token: str | None) -> str:
    headers = headers or {}
    remaining = (headers.get("X-RateLimit-Remaining") or "").strip()
    retry_after = (headers.get("Retry-After") or "").strip()
    if code in (403, 429) and (remaining == "0" or retry_after):
        until = _rate_limit_end(headers.get("X-RateLimit-Reset"), retry_after)
        when = f", wieder möglich ab {until} Uhr UTC" if until else ""
        advice = ("Bitte später erneut versuchen." if token else
                  "Mit einem Token (Umgebungsvariable GITHUB_TOKEN) ist das Limit höher.")
        return f"Die GitHub-API lässt gerade keine weiteren Abfragen zu (Limit erreicht{when}). {advice}"
    if code == 401:
        return ("GitHub nimmt den Token aus der Umgebungsvariable GITHUB_TOKEN nicht an (HTTP 401). Bitte prüfen, ob "
                "er gültig ist, oder ohne Token versuchen.")
    if code == 403:
        return (f"GitHub verweigert den Zugriff auf die Issues von {repo} (HTTP 403). Bitte prüfen, ob der Token "
                "Issues lesen darf.")
    if code == 404:
        return (f"Das Repository {repo} gibt es auf GitHub nicht, oder es ist ohne Berechtigung nicht sichtbar "
                "(HTTP 404). Bitte die Angabe bei --repo prüfen und für ein privates Repository einen Token in "
                "GITHUB_TOKEN angeben.")
    if code == 410:
        return f"Im Repository {repo} sind Issues abgeschaltet (HTTP 410)."
    detail = f"HTTP {code}"
    if isinstance(reason, str) and reason.strip():
        detail += f" {reason.strip()}"
    return f"Die GitHub-API hat mit einem Fehler geantwortet ({detail}). Bitte später erneut versuchen."


def _rate_limit_end(reset: str | None, retry_after: str) -> str | None:
    """'HH:MM' in UTC when more requests are allowed again, from X-RateLimit-Reset or Retry-After; or None."""
    moment: float | None = None
    if retry_after:
        if retry_after.isdigit():
            moment = time.time() + int(retry_after)
        else:
            try:
                moment = parsedate_to_datetime(retry_after).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                moment = None
    if moment is None and reset and reset.strip().isdigit():
        moment = float(reset.strip())
    if moment is None:
        return None
    try:
        at = datetime.fromtimestamp(math.ceil(moment / 60) * 60, tz=UTC)  # a minute started is waited out
    except (OverflowError, OSError, ValueError):
        return None
    return at.strftime("%H:%M")


def _connection_problem(reason: object, api: str) -> str:
    host = urllib.parse.urlsplit(api).netloc or api
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        why = f"keine Antwort innerhalb von {TIMEOUT:g} Sekunden"
    elif isinstance(reason, ConnectionRefusedError):
        why = "Verbindung abgelehnt"
    elif isinstance(reason, socket.gaierror):
        why = "der Name des Servers lässt sich nicht auflösen"
    elif isinstance(reason, ssl.SSLError):
        why = "die sichere Verbindung (TLS) ließ sich nicht herstellen"
    elif isinstance(reason, (ConnectionError, http.client.HTTPException)):
        why = "die Verbindung brach ab"
    else:
        why = "keine Verbindung"
    return (f"Die GitHub-API unter {host} ist nicht erreichbar ({why}). Bitte die Internetverbindung prüfen und "
            "später erneut versuchen.")


# --- from issues to the file's shape -------------------------------------------------------------------------

def parse_issues(repo: str, issues: list[Any]) -> Fetched:
    """The file's data from the issues as the API lists them; pull requests are left out silently."""
    cases: dict[str, list[dict[str, Any]]] = {}
    skipped: list[tuple[int, str]] = []
    for issue in issues:
        if not isinstance(issue, dict) or "pull_request" in issue:
            continue
        number = issue.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            continue
        url = issue.get("html_url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            skipped.append((number, "die Antwort der API nennt keine Adresse des Issues"))
            continue
        answers = form_answers(issue.get("body"))
        if not answers:
            skipped.append((number, "kein ausgefülltes Formular"))
            continue
        case_id = answers.get(FIELD_CASE, "").strip()
        if not SLUG.match(case_id) or len(case_id) > 80:
            skipped.append((number, "keine gültige Fall-Kennung"))
            continue
        organisation = clean(answers.get(FIELD_ORGANISATION, ""), ORGANISATION_MAX)
        if not organisation:
            skipped.append((number, "keine Kommune oder Organisation angegeben"))
            continue
        created = str(issue.get("created_at") or "")[:10]
        cases.setdefault(case_id, []).append({
            "number": number,
            "url": url,
            "organisation": organisation,
            "state": state_code(answers.get(FIELD_STATE, "")),
            "created": created if _valid_date(created) else "",
        })
    data = {"format": FORMAT, "repository": repo,
            "cases": {case_id: sorted(cases[case_id], key=lambda entry: entry["number"]) for case_id in sorted(cases)}}
    return Fetched(data, sorted(skipped))


def form_answers(body: object) -> dict[str, str]:
    """The answers of a submitted issue form, by field label; '_No response_' is an empty answer.

    GitHub writes each field as ``### <label>``, a blank line and the answer. The first section of a label counts,
    so that a heading typed into a later text area cannot replace an earlier answer. A body without such sections
    gives an empty mapping."""
    if not isinstance(body, str):
        return {}
    answers: dict[str, str] = {}
    label: str | None = None
    lines: list[str] = []

    def close() -> None:
        if label is not None and label not in answers:
            answer = "\n".join(lines).strip()
            answers[label] = "" if answer == NO_RESPONSE else answer

    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading:
            close()
            label, lines = heading.group(1), []
        elif label is not None:
            lines.append(line)
    close()
    return answers


def clean(text: object, limit: int) -> str:
    """Plain text of one line: control and format characters removed, white space collapsed, at most ``limit``
    characters. Nothing is escaped."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or unicodedata.category(char) not in _DROP)
    return " ".join(kept.split())[:limit].rstrip()


def state_code(answer: str) -> str:
    """The ISO 3166-2:DE code of a German state named by code or name; any other answer as typed (cleaned)."""
    text = clean(answer, STATE_MAX)
    if not text:
        return ""
    return _state_codes().get(slugify(text), text)


def _state_codes() -> dict[str, str]:
    from .vocabularies import load as vocabulary

    codes: dict[str, str] = {}
    states = vocabulary("states")
    for code in states.slugs:
        for spelling in (code, f"DE-{code}", states.label(code)):
            codes[slugify(spelling)] = code
    return codes


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- the file -------------------------------------------------------------------------------------------------

def write(data: Mapping[str, Any], out: Path) -> None:
    """Write ``data`` to ``out`` in one step: a temporary file beside it replaces it. On any error nothing is
    written and an existing file stays as it was."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    out = Path(out)
    tmp: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
        os.replace(tmp, out)
        tmp = None
    except OSError as exc:
        reason = f": {exc.strerror}" if exc.strerror else ""
        raise InterestError(f"Die Datei '{out}' lässt sich nicht schreiben{reason}.") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def load(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The interest file ``path`` as case id → entries (sorted by issue number); a broken file is an
    InterestError naming it."""
    path = Path(path)

    def broken(why: str) -> InterestError:
        return InterestError(f"Die Datei mit den Interessenbekundungen '{path}' {why}. Bitte sie mit "
                             "'python -m generator interest' neu erzeugen.")

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InterestError(f"Die Datei mit den Interessenbekundungen '{path}' gibt es nicht.") from None
    except IsADirectoryError:
        raise InterestError(f"'{path}' ist ein Ordner; erwartet wird die Datei mit den "
                            "Interessenbekundungen.") from None
    except OSError as exc:
        reason = f" ({exc.strerror})" if exc.strerror else ""
        raise InterestError(f"Die Datei mit den Interessenbekundungen '{path}' lässt sich nicht "
                            f"lesen{reason}.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise broken("ist nicht in UTF-8 geschrieben") from None
    except json.JSONDecodeError as exc:
        raise broken(f"ist kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno})") from None
    except (ValueError, RecursionError):
        raise broken("ist kein gültiges JSON") from None
    if not isinstance(data, dict):
        raise broken("enthält kein JSON-Objekt")
    version = data.get("format")
    if version != FORMAT or isinstance(version, bool):
        raise broken(f"hat das Format {version!r}; bekannt ist nur Format {FORMAT}")
    if not isinstance(data.get("repository"), str):
        raise broken("nennt kein Repository")
    cases = data.get("cases")
    if not isinstance(cases, dict):
        raise broken("enthält keine Fälle ('cases')")
    result: dict[str, list[dict[str, Any]]] = {}
    for case_id, entries in cases.items():
        if not SLUG.match(case_id):
            raise broken(f"enthält die ungültige Fall-Kennung {case_id!r}")
        if not isinstance(entries, list):
            raise broken(f"enthält bei {case_id!r} keine Liste")
        checked = []
        for entry in entries:
            problem = _entry_problem(entry)
            if problem:
                raise broken(f"enthält bei {case_id!r} einen ungültigen Eintrag ({problem})")
            checked.append({"number": entry["number"], "url": entry["url"],
                            "organisation": clean(entry["organisation"], ORGANISATION_MAX),
                            "state": clean(entry["state"], STATE_MAX), "created": entry["created"]})
        result[case_id] = sorted(checked, key=lambda entry: entry["number"])
    return result


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "kein Objekt"
    missing = [key for key in _ENTRY_KEYS if key not in entry]
    if missing:
        return f"es fehlt {', '.join(missing)}"
    number = entry["number"]
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        return "number ist keine Issue-Nummer"
    if not isinstance(entry["url"], str) or not entry["url"].startswith(("https://", "http://")):
        return "url ist keine Adresse"
    if not isinstance(entry["organisation"], str) or not clean(entry["organisation"], ORGANISATION_MAX):
        return "organisation fehlt"
    if not isinstance(entry["state"], str):
        return "state ist kein Text"
    if not isinstance(entry["created"], str) or (entry["created"] and not _valid_date(entry["created"])):
        return "created ist kein Datum"
    return None
