"""Problems found in cases, and the three ways of printing them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: ``file:line:column: severity: key: message``.

    ``rule`` is a short machine-readable name of the rule that was broken.
    """

    file: str
    line: int
    column: int
    severity: str
    key: str
    message: str
    rule: str = ""

    def text(self) -> str:
        key = f"{self.key}: " if self.key else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {key}{self.message}"

    def github(self) -> str:
        title = self.key or "Fall"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        kind = "error" if self.severity == ERROR else "warning"
        return (f"::{kind} file={_prop(self.file)},line={self.line},col={self.column},"
                f"title={_prop(title)}::{message}")

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["rule"]
        return data


def _prop(value: str) -> str:
    return (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))


class Reporter:
    """Collects problems for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, column: int, key: str, message: str, rule: str) -> None:
        self.problems.append(Problem(self.file, line, column, ERROR, key, message, rule))

    def warning(self, line: int, column: int, key: str, message: str, rule: str) -> None:
        self.problems.append(Problem(self.file, line, column, WARNING, key, message, rule))


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    errors = warnings = 0
    for problem in problems:
        if problem.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


# GitLab Code Quality severities (info, minor, major, critical, blocker) of ours.
GITLAB_SEVERITY = {ERROR: "major", WARNING: "minor"}


def gitlab(problems: list[Problem], root: Path | None = None) -> list[dict]:
    """Problems as a GitLab Code Quality report (the JSON a merge request widget shows): paths relative to
    ``root`` (the repository, default the current folder), a fingerprint that stays the same from run to
    run as long as the problem does (file, rule, key and message; not the line, which moves with edits
    above it), and the same problem twice in a file counted apart."""
    base = (root or Path.cwd()).resolve()
    report = []
    seen: dict[str, int] = {}
    for p in problems:
        path = Path(p.file)
        try:
            relative = (path if path.is_absolute() else Path.cwd() / path).resolve().relative_to(base).as_posix()
        except ValueError:  # outside the repository: as given
            relative = path.as_posix()
        identity = "\0".join((relative, p.rule or p.key, p.key, p.message))
        seen[identity] = seen.get(identity, 0) + 1
        fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode("utf-8")).hexdigest()
        key = f"{p.key}: " if p.key else ""
        report.append({
            "type": "issue",
            "description": f"{key}{p.message}",
            "check_name": p.rule or p.key or "praxisboerse",
            "fingerprint": fingerprint,
            "severity": GITLAB_SEVERITY.get(p.severity, "minor"),
            "location": {"path": relative, "lines": {"begin": max(1, p.line)}},
        })
    return report


def render(problems: list[Problem], fmt: str) -> str:
    """Problems as text (one per line), GitHub annotations, a GitLab Code Quality report or a JSON list."""
    problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.key, p.message))
    if fmt == "json":
        return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
    if fmt == "gitlab":  # always a JSON list, also when it is empty: GitLab reads the file
        return json.dumps(gitlab(problems), ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)


def summary(problems: list[Problem], cases: int, adoptions: int = 0, collections: int = 0) -> str:
    errors, warnings = count(problems)
    files = len({p.file for p in problems if p.severity == ERROR})
    parts = [f"{cases} {'Fall' if cases == 1 else 'Fälle'}"]
    if adoptions:
        parts.append(f"{adoptions} {'Nachnutzungsmeldung' if adoptions == 1 else 'Nachnutzungsmeldungen'}")
    if collections:
        parts.append(f"{collections} {'Sammlung' if collections == 1 else 'Sammlungen'}")
    checked = (", ".join(parts[:-1]) + " und " + parts[-1] if len(parts) > 1 else parts[0]) + " geprüft"
    if not errors and not warnings:
        return f"{checked}: alles in Ordnung."
    parts = [f"{checked}: {errors} Fehler"]
    if errors:
        parts[0] += f" in {files} Datei{'en' if files != 1 else ''}"
    parts.append(f"{warnings} Warnung{'en' if warnings != 1 else ''}")
    return ", ".join(parts) + "."
