"""``python -m generator stale``: the published cases whose last review (``reviewed``) is too long ago.

Every case that is valid and not withdrawn, whose ``reviewed`` date lies more than ``months`` months
before today, is listed, the oldest review first: as one text line per case, or as a JSON list for the
monthly workflow (.github/workflows/veraltet.yml), which opens one issue per case with the German
``issue_title`` and ``issue_body`` given here, addressed to the case's contact unit.

Links: the case's page is ``site_url`` (mkdocs.yml) + ``/faelle/<id>/``. The case file is linked in the
repository where the environment says where that is: in GitHub Actions (GITHUB_SERVER_URL,
GITHUB_REPOSITORY, GITHUB_REF_NAME), in GitLab CI (CI_PROJECT_URL, CI_DEFAULT_BRANCH), else through
``extra.repository_url`` in mkdocs.yml when it is a GitHub repository.
"""

from __future__ import annotations

import calendar
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from . import layout

ISSUE_TITLE = "Bitte prüfen: {title}"
MARKER = "<!-- praxisboerse-veraltet: {id} -->"  # in every issue body: which case the issue is about


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier; the last day of that month where it is shorter."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


@dataclass(frozen=True)
class Links:
    """Where the site and the repository are: the public address of the site (or ''), and the web address
    of a file in the repository (a format string with ``{file}``, or '') and of its editor (or '')."""

    site_url: str = ""
    file_url: str = ""
    edit_url: str = ""

    def page(self, case_id: str) -> str:
        url = layout.case_url(case_id)
        return layout.absolute(self.site_url, url) if self.site_url else "/" + url


def links(config: Mapping[str, Any], env: Mapping[str, str]) -> Links:
    """The links from the project's settings (mkdocs.yml merged over the defaults) and the CI's variables."""
    site_url = str(config.get("site_url") or "").strip()
    server, repository = env.get("GITHUB_SERVER_URL", "").rstrip("/"), env.get("GITHUB_REPOSITORY", "")
    if server and repository:
        branch = env.get("GITHUB_REF_NAME") or "HEAD"
        base = f"{server}/{repository}"
        return Links(site_url, f"{base}/blob/{branch}/{{file}}",
                     f"{base}/edit/{branch}/{{file}}" if env.get("GITHUB_REF_NAME") else "")
    project = env.get("CI_PROJECT_URL", "").rstrip("/")
    if project:
        branch = env.get("CI_DEFAULT_BRANCH") or "HEAD"
        return Links(site_url, f"{project}/-/blob/{branch}/{{file}}", f"{project}/-/edit/{branch}/{{file}}")
    extra = config.get("extra") or {}
    from .render import repository_kind

    if isinstance(extra, Mapping) and repository_kind(extra):
        return Links(site_url, f"{str(extra['repository_url']).rstrip('/')}/blob/HEAD/{{file}}")
    return Links(site_url)


def _config() -> Mapping[str, Any]:
    """The settings of the project in the current folder (as ``build`` reads them); none if unreadable."""
    from .project import ConfigError, Project

    try:
        return Project(Path.cwd()).config
    except ConfigError:
        return {}


def _repository_path(path: Path, shown: str) -> str:
    """The case file's path from the repository root (the current folder), as a link needs it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(shown).as_posix()


def _status_label(status: str) -> str:
    from . import vocabularies

    statuses = vocabularies.load("statuses")
    return statuses.label(status) if status in statuses else status


def _german(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def find(cases: Path, *, months: int, today: date | None = None, config: Mapping[str, Any] | None = None,
         env: Mapping[str, str] | None = None) -> tuple[list[dict[str, Any]], int]:
    """The stale cases as dicts (the JSON of ``--format json``), oldest review first, and the number of
    files that could not be read because of errors (they are not listed)."""
    from .catalog import check

    today = today or date.today()
    result = check(cases, today=today)
    where = links(_config() if config is None else config, os.environ if env is None else env)
    limit = months_before(today, months)
    found = []
    for case in result.catalog.cases:
        if case.withdrawn:
            continue
        reviewed = date.fromisoformat(str(case.data["reviewed"]))
        if reviewed >= limit:
            continue
        found.append(_entry(case, reviewed, today, months, where))
    found.sort(key=lambda entry: (entry["reviewed"], entry["id"]))
    broken = len({p.file for p in result.errors})
    return found, broken


def _entry(case: Any, reviewed: date, today: date, months: int, where: Links) -> dict[str, Any]:
    contact = case.data["contact"]
    file = _repository_path(case.path, case.file)
    entry = {
        "id": case.id,
        "title": case.title,
        "file": file,
        "reviewed": reviewed.isoformat(),
        "months_since_review": months_between(reviewed, today),
        "contact_unit": contact["unit"],
        "contact_email": contact["email"],
        "organisation": case.organisation["name"],
        "status": case.data["status"],
        "url": where.page(case.id),
        "file_url": where.file_url.format(file=file) if where.file_url else "",
        "edit_url": where.edit_url.format(file=file) if where.edit_url else "",
    }
    entry["issue_title"] = ISSUE_TITLE.format(title=case.title)
    entry["issue_body"] = issue_body(entry, months=months, today=today)
    return entry


def issue_body(entry: Mapping[str, Any], *, months: int, today: date) -> str:
    """The German issue to the contact unit: what to re-confirm, and how."""
    reviewed = date.fromisoformat(entry["reviewed"])
    file, file_url, edit_url = entry["file"], entry["file_url"], entry["edit_url"]
    file_link = f"[`{file}`]({file_url})" if file_url else f"`{file}`"
    if edit_url:
        open_step = (f"Öffnen Sie die Datei des Falls zum Bearbeiten: [{file} bearbeiten]({edit_url}) "
                     "(oder die Datei öffnen und auf das Stift-Symbol klicken).")
    else:
        open_step = f"Öffnen Sie die Datei des Falls, {file_link}, und klicken Sie auf das Stift-Symbol (Bearbeiten)."
    status = entry.get("status", "")
    if status == "discontinued":
        operation = (f"- [ ] **Stand:** Der Fall ist als „{_status_label(status)}“ eingetragen. Stimmt das noch, "
                     "und steht im Text, warum die Lösung eingestellt wurde und was Sie daraus gelernt haben?")
    elif status == "completed":
        operation = (f"- [ ] **Stand:** Der Fall ist als „{_status_label(status)}“ eingetragen. Stimmt das noch, "
                     "und wird das Ergebnis weiter genutzt?")
    else:
        operation = ("- [ ] **Betrieb:** Ist die Lösung noch im Einsatz? Stimmt der Stand (`status`, zurzeit "
                     f"„{_status_label(status)}“)?")
    lines = [
        MARKER.format(id=entry["id"]),
        f"Guten Tag, liebes Team „{entry['contact_unit']}“ ({entry['organisation']}),",
        "",
        f"Ihr Praxisbeispiel **„{entry['title']}“** wurde in der Praxisbörse zuletzt am {_german(reviewed)} "
        f"geprüft, vor mehr als {months} Monaten. Andere Kommunen verlassen sich auf diese Angaben, wenn sie "
        "überlegen, Ihre Lösung nachzunutzen. Bitte prüfen Sie deshalb, ob sie noch stimmen.",
        "",
        "### Bitte bestätigen oder korrigieren Sie",
        "",
        operation,
        "- [ ] **Kosten:** Stimmen die einmaligen und jährlichen Kosten und der Personaleinsatz (`cost`)?",
        "- [ ] **Kontakt:** Ist die zuständige Stelle noch richtig und erreichbar (`contact`)? Bitte ein "
        "Funktionspostfach angeben, keine persönliche Adresse.",
        "- [ ] **Stand und Ergebnisse:** Sind Beschreibung und Ergebnisse (`results`) noch aktuell?",
        "- [ ] **Links:** Funktionieren alle Links (`links`, `reuse.repository`, `reuse.materials`, `contact.url`)?",
        "- [ ] **Nachnutzung:** Gelten Lizenz, Voraussetzungen und Aufwand für die Nachnutzung noch (`reuse`)?",
        "",
        "### So geht es",
        "",
        f"1. {open_step}",
        "2. Korrigieren Sie, was nicht mehr stimmt.",
        "3. Setzen Sie das Prüfdatum auf den Tag Ihrer Prüfung, auch wenn sich sonst nichts geändert hat, z. B. "
        f"`reviewed: {today.isoformat()}`.",
        "4. Speichern Sie die Änderung als Vorschlag (Pull Request). Die Redaktion sieht ihn durch und übernimmt "
        "ihn; danach wird dieses Issue geschlossen.",
        "",
        "Sie können auch einfach hier antworten, was sich geändert hat (oder dass alles noch stimmt); die Redaktion "
        "trägt es dann ein.",
        "",
        "Wird die Lösung nicht mehr betrieben, bleibt der Fall als Erfahrung wertvoll: Tragen Sie "
        "`status: discontinued` ein und schreiben Sie kurz, warum. Soll der Fall ganz aus der Praxisbörse "
        "verschwinden, tragen Sie `withdrawn:` mit dem Grund ein.",
        "",
        "---",
        "",
        f"- Seite des Falls: {entry['url']}",
        f"- Datei: {file_link}",
        f"- Kontakt laut Fall: {entry['contact_unit']}, {entry['contact_email']}",
        f"- Zuletzt geprüft: {_german(reviewed)}",
        "",
        "_Dieses Issue hat der monatliche Workflow „Veraltete Fälle melden“ angelegt. Hinweis für die Redaktion: "
        f"Die Stelle erfährt davon nur, wenn jemand sie benachrichtigt, z. B. mit dem Link an "
        f"{entry['contact_email']}._",
    ]
    return "\n".join(lines) + "\n"


def run(cases: Path, *, months: int, fmt: str, today: date | None = None) -> int:
    found, broken = find(cases, months=months, today=today)
    if fmt == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for entry in found:
            print(f"{entry['file']}: „{entry['title']}“ zuletzt geprüft am {entry['reviewed']} "
                  f"(vor {entry['months_since_review']} Monaten); Kontakt: {entry['contact_unit']} "
                  f"<{entry['contact_email']}>")
    count = len(found)
    if count:
        print(f"{count} {'Fall wurde' if count == 1 else 'Fälle wurden'} seit mehr als {months} Monaten nicht "
              "geprüft.", file=sys.stderr)
    else:
        print(f"Kein Fall ist länger als {months} Monate ungeprüft.", file=sys.stderr)
    if broken:
        print(f"{broken} {'Datei' if broken == 1 else 'Dateien'} mit Fehlern übersprungen; "
              "'python -m generator check' nennt sie.", file=sys.stderr)
    return 0
