"""The summary comment of a pull request: each added or changed case with its title, its future address
and the problems the checker found in it.

    python -m generator check --format json > check.json
    git diff --name-status "origin/main...HEAD" > changed.txt
    python scripts/pr_summary.py --check check.json --changed changed.txt > summary.md

``--changed`` takes the output of ``git diff --name-status`` (or ``--name-only``: one path a line).
Only Markdown files in the cases folder, in ``adoptions/`` and in ``docs/sammlungen/`` beside it count. The output starts with
the hidden marker ``MARKER``, by which .github/workflows/check.yml finds its own comment again and
updates it on later pushes. Standard library and the project only.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Sequence

try:
    import generator  # noqa: F401 - installed ('pip install .') or run from a source tree
except ImportError:  # `python scripts/pr_summary.py` without installing: the repository's own package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from generator import layout
from generator.diagnostics import ERROR, Reporter
from generator.loader import load

MARKER = "<!-- praxisboerse-pr-summary -->"
ADDED, CHANGED, RENAMED, DELETED = "neu", "geändert", "umbenannt", "gelöscht"
_STATUS = {"A": ADDED, "M": CHANGED, "R": RENAMED, "C": ADDED, "D": DELETED, "T": CHANGED}


@dataclass(frozen=True)
class Change:
    path: str          # posix path from the repository root
    status: str        # ADDED, CHANGED, RENAMED or DELETED
    before: str = ""   # a renamed file's former path


def parse_changes(text: str) -> list[Change]:
    """Lines of ``git diff --name-status`` (``M<TAB>path``, ``R100<TAB>old<TAB>new``) or of ``--name-only``."""
    changes: list[Change] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        code = fields[0]
        if len(fields) >= 2 and code[:1] in _STATUS and (code[1:] == "" or code[1:].isdigit()):
            if code[0] in "RC" and len(fields) >= 3:  # rename or copy: score, old path, new path
                changes.append(Change(_posix(fields[2]), _STATUS[code[0]], _posix(fields[1])))
            else:
                changes.append(Change(_posix(fields[1]), _STATUS[code[0]]))
        else:
            changes.append(Change(_posix(line.strip()), CHANGED))
    return changes


def _posix(path: str) -> str:
    return PurePosixPath(path.strip().replace("\\", "/")).as_posix().removeprefix("./")


def _kind(path: str, cases: str) -> str | None:
    """'case', 'adoption' or 'collection' for a file that the checker reads, else None."""
    parts = PurePosixPath(path).parts
    if not parts or not path.endswith(".md") or parts[-1].startswith(("_", ".")):
        return None
    if any(part.startswith(("_", ".")) for part in parts[:-1]):
        return None
    case_parts = PurePosixPath(cases).parts
    if tuple(parts[:len(case_parts)]) == case_parts and len(parts) > len(case_parts):
        return "case"
    adoption_parts = PurePosixPath(cases).parent.joinpath("adoptions").parts
    if tuple(parts[:len(adoption_parts)]) == adoption_parts and len(parts) > len(adoption_parts):
        return "adoption"
    collection_parts = PurePosixPath(cases).parent.joinpath("docs", layout.COLLECTIONS).parts
    if tuple(parts[:-1]) == collection_parts:  # not in its subfolders (a collection's images)
        return "collection"
    return None


def front_matter(path: Path) -> dict[str, Any]:
    """The top-level scalar values and the organisation's name, read with the project's loader (so that
    nothing it refuses is parsed here); {} where the file cannot be read."""
    if not path.is_file():
        return {}
    source = load(path, str(path), Reporter(str(path)))
    if source is None:
        return {}
    values: dict[str, Any] = {}
    for key, node in source.front.value:
        if isinstance(node, yaml.ScalarNode):
            values[key.value] = node.value
        elif key.value == "organisation" and isinstance(node, yaml.MappingNode):
            for sub, value in node.value:
                if sub.value == "name" and isinstance(value, yaml.ScalarNode):
                    values["organisation.name"] = value.value
    return values


def _md(text: Any) -> str:
    """Text from a case as Markdown that shows it as written: no markup, no links, no @mentions."""
    out = str(text).replace("\r", " ").replace("\n", " ")
    for char in "\\`*_[]<>|#~!":
        out = out.replace(char, "\\" + char)
    return out.replace("@", "@\u200b")


def _code(text: Any) -> str:
    """Text as a Markdown code span (where backslashes are not escapes): without backticks and line breaks."""
    return "`" + str(text).replace("`", "'").replace("\r", " ").replace("\n", " ") + "`"


def _same(one: str, other: str) -> bool:
    return _posix(one) == _posix(other)


def summary(problems: Sequence[dict[str, Any]], changes: Iterable[Change], *, site_url: str = "",
            cases: str = "cases", root: Path = Path("."), run_url: str = "") -> str:
    """The comment as Markdown: a line on the whole, then one section per added or changed file."""
    problems = [p for p in problems if isinstance(p, dict)]
    relevant = [c for c in changes if _kind(c.path, cases)]
    shown = [c for c in relevant if c.status != DELETED]
    deleted = [c for c in relevant if c.status == DELETED]
    errors = sum(1 for p in problems if p.get("severity") == ERROR)
    warnings = len(problems) - errors

    lines = [MARKER, "## Praxisbörse: Prüfung der geänderten Fälle", ""]
    if not relevant:
        lines.append("Dieser Pull Request ändert keinen Fall, keine Nachnutzungsmeldung und keine Sammlung.")
    else:
        files = len(shown)
        lines.append(f"{files} {'Datei' if files == 1 else 'Dateien'} neu oder geändert. " + _count(errors, warnings))
    if run_url:
        lines += ["", f"Alle Meldungen und die gebaute Website (Artefakt „website“): [Workflow-Lauf]({run_url})"]

    for change in shown:
        lines += ["", *_section(change, problems, site_url=site_url, cases=cases, root=root)]

    if deleted:
        lines += ["", "### Gelöschte Dateien", ""]
        lines += [f"- {_code(c.path)}" for c in deleted]
        lines += ["", "Die Adresse eines gelöschten Falls führt danach ins Leere. Besser: den Fall behalten und "
                      "`withdrawn:` mit dem Grund eintragen; die Seite zeigt dann nur noch diesen Hinweis."]

    others = [p for p in problems if not any(_same(str(p.get("file", "")), c.path) for c in shown)]
    if others:
        by_file: dict[str, list[dict[str, Any]]] = {}
        for problem in others:
            by_file.setdefault(str(problem.get("file", "")), []).append(problem)
        lines += ["", "### Meldungen in anderen Dateien", "",
                  "Diese Dateien ändert der Pull Request nicht; die Meldungen können aber von den Änderungen "
                  "kommen (z. B. ein Verweis auf eine geänderte Kennung) oder schon vorher bestanden haben.", ""]
        for file, found in sorted(by_file.items()):
            lines.append(f"- {_code(file)}: {_count(*_counts(found))}")
    return "\n".join(lines) + "\n"


def _counts(problems: Sequence[dict[str, Any]]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.get("severity") == ERROR)
    return errors, len(problems) - errors


def _count(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "✅ Keine Fehler, keine Warnungen."
    mark = "❌" if errors else "⚠️"
    return (f"{mark} {errors} Fehler, {warnings} {'Warnung' if warnings == 1 else 'Warnungen'}."
            + (" Fehler müssen vor dem Zusammenführen behoben werden." if errors else ""))


def _section(change: Change, problems: Sequence[dict[str, Any]], *, site_url: str, cases: str,
             root: Path) -> list[str]:
    values = front_matter(root / change.path)
    stem = PurePosixPath(change.path).stem
    if _kind(change.path, cases) == "case":
        case_id = str(values.get("id") or stem)
        title = values.get("title") or f"(ohne Titel) {stem}"
        heading = f"### {_md(title)}"
        address = _address(site_url, case_id)
        where = f"Künftige Adresse: {address}"
    elif _kind(change.path, cases) == "collection":
        heading = f"### Sammlung: {_md(values.get('title') or stem)}"
        where = f"Künftige Adresse: {_address(site_url, stem, layout.COLLECTIONS)}"
    else:
        adopted = str(values.get("case") or "")
        name = values.get("organisation.name") or stem
        heading = f"### Nachnutzung: {_md(name)}" + (f" übernimmt {_code(adopted)}" if adopted else "")
        where = f"Erscheint auf der Seite des Falls: {_address(site_url, adopted)}" if adopted else ""
    state = change.status + (f" (vorher {_code(change.before)})" if change.before else "")
    lines = [heading, "", f"{_code(change.path)} · {state}" + (f" · {where}" if where else ""), ""]
    own = sorted((p for p in problems if _same(str(p.get("file", "")), change.path)),
                 key=lambda p: (p.get("severity") != ERROR, int(p.get("line") or 0), int(p.get("column") or 0)))
    if not own:
        lines.append("✅ Keine Fehler, keine Warnungen.")
    for problem in own:
        label = "❌ **Fehler**" if problem.get("severity") == ERROR else "⚠️ **Warnung**"
        key = f" {_code(problem['key'])}:" if problem.get("key") else ":"
        lines.append(f"- {label}, Zeile {problem.get('line', '?')}{key} {_md(problem.get('message', ''))}")
    return lines


def _address(site_url: str, slug: str, section: str = "") -> str:
    """The address of a case (or, with ``section``, of a listing page such as a collection)."""
    url = layout.listing_url(section, slug) if section else layout.case_url(slug)
    return layout.absolute(site_url, url) if site_url else "/" + url


def site_url_of(root: Path) -> str:
    """``site_url`` of the project's settings (mkdocs.yml over the package's defaults), or ''."""
    from generator.project import ConfigError, Project

    try:
        return str(Project(root).config.get("site_url") or "").strip()
    except ConfigError:
        return ""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python scripts/pr_summary.py",
        description="Schreibt die Zusammenfassung eines Pull Requests (Markdown) auf die Standardausgabe: "
                    "je geändertem Fall Titel, künftige Adresse und Meldungen der Prüfung.")
    parser.add_argument("--check", type=Path, required=True, metavar="DATEI",
                        help="Ausgabe von 'python -m generator check --format json' (Pflicht)")
    parser.add_argument("--changed", type=Path, required=True, metavar="DATEI",
                        help="Ausgabe von 'git diff --name-status BASIS...HEAD' oder eine Datei je Zeile (Pflicht)")
    parser.add_argument("--cases", default="cases", metavar="ORDNER", help="Ordner mit den Fällen (Standard: cases)")
    parser.add_argument("--site-url", default=None, metavar="URL",
                        help="öffentliche Adresse der Website (Standard: site_url aus mkdocs.yml)")
    parser.add_argument("--run-url", default="", metavar="URL", help="Adresse des Workflow-Laufs (optional)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        problems = json.loads(args.check.read_text(encoding="utf-8"))
        changes = parse_changes(args.changed.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        print(f"{args.check} enthält kein JSON ({exc.msg}, Zeile {exc.lineno}). Erwartet wird die Ausgabe von "
              "'python -m generator check --format json'.", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Die Eingabe lässt sich nicht lesen: {exc}", file=sys.stderr)
        return 2
    if not isinstance(problems, list):
        print(f"{args.check} enthält keine Liste von Meldungen (erwartet: check --format json).", file=sys.stderr)
        return 2
    site_url = site_url_of(Path.cwd()) if args.site_url is None else args.site_url
    print(summary(problems, changes, site_url=site_url, cases=_posix(args.cases), root=Path.cwd(),
                  run_url=args.run_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
