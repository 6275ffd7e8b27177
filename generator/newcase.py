"""``python -m generator new``: a fresh case file, every field present with a German comment.

The template is written from the schema table, so it can never fall behind
the validator. Only the free-text fields are left for the author to fill in.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any, Callable

from . import schema, vocabularies
from .schema import Field

BODY = """
## Ausgangslage

<!-- Wie war die Lage vor dem Projekt? Welches Problem sollte gelöst werden? -->

## Umsetzung

<!-- Was wurde getan, in welchen Schritten, mit wem? -->

## Ergebnisse

<!-- Was hat sich verändert? Gibt es Zahlen? -->

## Kosten und Aufwand

<!-- Was hat es gekostet, an Geld und an Personal? -->

## Übertragbarkeit

<!-- Was braucht eine andere Kommune, um das Projekt zu übernehmen? -->

## Erfahrungen

<!-- Was würden Sie heute anders machen? Was hat gut funktioniert? -->
"""


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict) and not value:
        return "{}"
    return str(value)


def _choices(spec: Field) -> str:
    if spec.kind == "enum" or (spec.kind == "list" and spec.items and spec.items.kind == "enum"):
        vocab = vocabularies.load(spec.vocab or spec.items.vocab)  # type: ignore[union-attr]
        return " Möglich: " + ", ".join(f"{s} ({vocab.label(s)})" for s in vocab.slugs) + "."
    return ""


def _example(spec: Field) -> list[str]:
    """Commented example lines for lists of objects."""
    if spec.kind != "list" or spec.items is None or spec.items.kind != "object":
        return []
    sample = {"name": "Beispiel GmbH", "role": "vendor", "title": "Leitfaden (PDF)",
              "url": "https://www.example.org/leitfaden.pdf", "programme": "Förderprogramm Digitale Kommune",
              "funder": "Land"}
    lines = ["# Beispiel:"]
    for index, sub in enumerate(spec.items.fields):
        lead = "  - " if index == 0 else "    "
        lines.append(f"#{lead}{sub.key}: {_scalar(sample.get(sub.key, '…'))}")
    return lines


def render(values: dict[str, Any]) -> str:
    """The file text: front-matter from the schema table, filled with ``values`` (dotted keys)."""
    out = ["---"]

    def emit(fields: tuple[Field, ...], prefix: str, indent: str) -> None:
        for spec in fields:
            path = prefix + spec.key
            required = "Pflicht" if spec.required else "freiwillig"
            comment = f"{spec.doc}{_choices(spec)} ({required})"
            out.append(f"{indent}# {comment}")
            out.extend(f"{indent}{line}" for line in _example(spec))
            if spec.kind == "object" and path not in values:
                out.append(f"{indent}{spec.key}:")
                emit(spec.fields, path + ".", indent + "  ")
                continue
            value = values.get(path)
            if value is None:
                if spec.kind == "markdown" and spec.required:
                    out.append(f"{indent}{spec.key}: |")
                    out.append(f"{indent}  ")
                elif spec.required:
                    out.append(f"{indent}{spec.key}: \"\"")
                else:
                    out.append(f"{indent}{spec.key}:")
            else:
                out.append(f"{indent}{spec.key}: {_scalar(value)}")

    emit(schema.CASE_FIELDS, "", "")
    out.append("---")
    return "\n".join(out) + "\n" + BODY


def slugify(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def organisation_type(name: str) -> str:
    lowered = name.lower()
    for prefix, kind in (("landkreis", "district"), ("kreis", "district"), ("gemeinde", "municipality"),
                         ("markt", "municipality"), ("zweckverband", "association"), ("land ", "state")):
        if lowered.startswith(prefix):
            return kind
    return "city"


def _ask(label: str, check: Callable[[str], str | None], default: str | None = None) -> str:
    while True:
        hint = f" [{default}]" if default else ""
        answer = input(f"{label}{hint}: ").strip() or (default or "")
        problem = check(answer)
        if problem is None:
            return answer
        print(f"  {problem}", file=sys.stderr)


def _check_id(value: str) -> str | None:
    if re.fullmatch(schema.SLUG_PATTERN, value) and 3 <= len(value) <= 80:
        return None
    return "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, 3 bis 80 Zeichen, z. B. musterstadt-buergerapp."


def _check_title(value: str) -> str | None:
    return None if 5 <= len(value) <= 120 else "Der Titel braucht 5 bis 120 Zeichen."


def _check_name(value: str) -> str | None:
    return None if len(value) >= 2 else "Bitte den Namen der Kommune angeben, z. B. Stadt Musterstadt."


def _check_state(value: str) -> str | None:
    if value == "" or value in vocabularies.states():
        return None
    return "Bitte ein Kürzel wählen: " + ", ".join(vocabularies.states().slugs) + " (leer außerhalb Deutschlands)."


def _check_topics(value: str) -> str | None:
    topics = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in topics if t not in vocabularies.topics()]
    if unknown:
        return f"Unbekanntes Thema: {', '.join(unknown)}. Möglich: {', '.join(vocabularies.topics().slugs)}."
    if not 1 <= len(topics) <= 3 or len(set(topics)) != len(topics):
        return "Bitte ein bis drei verschiedene Themen angeben, durch Komma getrennt."
    return None


def run(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    given = {"id": args.case_id, "title": args.title, "municipality": args.municipality,
             "state": args.state, "topics": args.topics}
    checks = {"id": _check_id, "title": _check_title, "municipality": _check_name, "state": _check_state,
              "topics": _check_topics}
    labels = {"id": "Kennung (z. B. musterstadt-buergerapp)", "title": "Titel", "municipality":
              "Kommune (z. B. Stadt Musterstadt)", "state": "Bundesland-Kürzel (z. B. BW; leer außerhalb "
              "Deutschlands)", "topics": "Themen, durch Komma getrennt (z. B. administration,mobility)"}
    answers: dict[str, str] = {}
    problems = []
    for key, value in given.items():
        if value is None and interactive:
            default = None
            if key == "id" and answers.get("municipality") and answers.get("title"):
                default = slugify(f"{answers['municipality'].split()[-1]} {answers['title']}")[:80].strip("-")
            value = _ask(labels[key], checks[key], default)
        if value is None:
            value = "" if key == "state" and args.country not in (None, "DE") else None
        if value is None:
            problems.append(f"--{key if key != 'id' else 'id'} fehlt ({labels[key]}).")
            continue
        problem = checks[key](value)
        if problem:
            problems.append(f"--{key}: {problem}")
        answers[key] = value
    if problems:
        print("Fehler beim Aufruf:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    case_id = answers["id"]
    target = args.cases / f"{case_id}.md"
    if target.exists() and not args.force:
        print(f"Die Datei {target} gibt es schon. Bitte eine andere Kennung wählen (oder --force).",
              file=sys.stderr)
        return 1
    today = date.today()
    country = args.country or ("DE" if answers["state"] else "DE")
    values: dict[str, Any] = {
        "schema": schema.SCHEMA_VERSION, "id": case_id, "title": answers["title"], "lang": "de",
        "organisation.name": answers["municipality"], "organisation.type": organisation_type(answers["municipality"]),
        "organisation.country": country, "organisation.state": answers["state"] or None,
        "topics": [t.strip() for t in answers["topics"].split(",") if t.strip()],
        "status": "planning", "started": f"{today:%Y-%m}", "reuse.level": "inspiration",
        "reuse.effort": "medium", "content_license": "CC-BY-4.0", "reviewed": today.isoformat(),
    }
    args.cases.mkdir(parents=True, exist_ok=True)
    target.write_text(render(values), encoding="utf-8")
    print(f"{target} angelegt. Bitte die leeren Angaben ausfüllen und dann 'python -m generator check' "
          "aufrufen.", file=sys.stderr)
    return 0
