"""``python -m generator new``: a fresh case file, every field present with a German comment.

The template is written from the schema table, so it can never fall behind
the validator. Only the free-text fields are left for the author to fill in.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from . import schema, vocabularies
from .schema import Field
from .text import slugify

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


FIELD_REFERENCE = "/mitmachen/#alle-angaben-im-uberblick"  # the field reference on the contributor page
_LONG_VOCABULARY = 20  # a vocabulary with more entries is not listed in a comment: examples and a link instead
_EXAMPLES = {"countries": ("DE", "AT", "ES"), "languages": ()}  # the help text of 'lang' names examples itself


def _scalar(value: Any) -> str:
    """One YAML value on one line: strings double-quoted (JSON syntax is valid YAML), lists in flow style."""
    if isinstance(value, str):
        if '"' not in value and "\\" not in value and value.isprintable():
            return f'"{value}"'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(k))}: {_scalar(v)}" for k, v in value.items()) + "}"
    return repr(value) if isinstance(value, float) else str(value)


def _choices(spec: Field) -> str:
    vocab_name = spec.vocab or (spec.items.vocab if spec.items is not None else None)
    if not vocab_name or spec.kind not in ("enum", "language", "list"):
        return ""
    vocab = vocabularies.load(vocab_name)
    if len(vocab.slugs) <= _LONG_VOCABULARY:
        return " Möglich: " + ", ".join(f"{s} ({vocab.label(s)})" for s in vocab.slugs) + "."
    examples = ", ".join(f"{s} ({vocab.label(s)})" for s in _EXAMPLES.get(vocab_name, vocab.slugs[:3]) if s in vocab)
    return (f" Beispiele: {examples}." if examples else "") + f" Alle Angaben im Überblick: {FIELD_REFERENCE}."


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


def _block(out: list[str], indent: str, key: str, text: str) -> None:
    """A Markdown value as a literal block that reads back exactly (chomping '-', clip or '+' by its end)."""
    lines = text.split("\n")
    chomp = "-" if lines[-1] else "+" if len(lines) > 2 and not lines[-2] else ""
    if not lines[-1]:
        lines.pop()
    out.append(f"{indent}{key}: |{chomp}")
    out.extend(f"{indent}  {line}" if line else "" for line in lines)


def _emit(out: list[str], data: dict[str, Any], fields: tuple[Field, ...], indent: str, template: bool) -> None:
    """Write ``data`` in the order of ``fields`` (keys not in the schema after them).

    With ``template`` every field gets its German comment and an empty placeholder when it has no value."""
    known = {spec.key for spec in fields}
    for spec in [*fields, *(Field(key, "", "") for key in data if key not in known)]:
        key, value = spec.key, data.get(spec.key)
        if template:
            out.append(f"{indent}# {spec.doc}{_choices(spec)} ({'Pflicht' if spec.required else 'freiwillig'})")
            out.extend(f"{indent}{line}" for line in _example(spec))
        if value is None:
            if not template:
                continue
            if spec.kind == "object":
                out.append(f"{indent}{key}:")
                _emit(out, {}, spec.fields, indent + "  ", template)
            elif spec.kind == "markdown" and spec.required:
                out.extend((f"{indent}{key}: |", f"{indent}  "))
            else:
                out.append(f"{indent}{key}: \"\"" if spec.required else f"{indent}{key}:")
        elif isinstance(value, str):
            if spec.kind == "markdown" and value.strip() and not value[0].isspace() \
                    and value.replace("\n", "").isprintable():
                _block(out, indent, key, value)
            else:
                out.append(f"{indent}{key}: {_scalar(value)}")
        elif isinstance(value, dict) and value:
            out.append(f"{indent}{key}:")
            _emit(out, value, spec.fields, indent + "  ", template and spec.kind == "object")
        elif isinstance(value, list) and any(isinstance(item, dict) and item for item in value):
            out.append(f"{indent}{key}:")
            sub = spec.items.fields if spec.items is not None else ()
            for item in value:
                lines: list[str] = []
                if isinstance(item, dict) and item:
                    _emit(lines, item, sub, indent + "    ", False)
                out.append(f"{indent}  - {lines[0].lstrip() if lines else _scalar(item)}")
                out.extend(lines[1:])
        else:
            out.append(f"{indent}{key}: {_scalar(value)}")


def dump_front_matter(data: dict[str, Any]) -> str:
    """The front-matter of a case, between '---' lines: keys in the order of the schema, strings quoted,
    Markdown fields as literal blocks. ``data`` is nested (``{"organisation": {"name": …}}``)."""
    out = ["---"]
    _emit(out, data, schema.CASE_FIELDS, "", False)
    out.append("---")
    return "\n".join(out) + "\n"


ADOPTION_BODY = """
<!-- Freiwillig: ein paar Sätze zur Übernahme, z. B. wie lange sie gedauert hat und was Sie anderen
     Kommunen raten. -->
"""


def render(values: dict[str, Any], fields: tuple[Field, ...] = schema.CASE_FIELDS, body: str = BODY) -> str:
    """The template file: every field of the schema table ``fields`` (a case's, or an adoption record's)
    with its German comment, filled with ``values`` (dotted keys, e.g. ``organisation.name``); fields
    without a value are left empty for the author."""
    data: dict[str, Any] = {}
    for path, value in values.items():
        *parents, key = path.split(".")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        target[key] = value
    kind = "adoption" if fields is schema.ADOPTION_FIELDS else "case"
    out = ["---", schema.EDITOR_LINE + schema.schema_url(kind)]
    _emit(out, data, fields, "", True)
    out.append("---")
    return "\n".join(out) + "\n" + body


def adoption_template(case_id: str, **values: Any) -> str:
    """An adoption record for ``case_id`` to fill in (the case page offers it to copy, ``new --adoption``
    writes it); ``values`` by dotted key, e.g. ``organisation.name``."""
    base = {"schema": schema.SCHEMA_VERSION, "case": case_id, "organisation.country": "DE",
            "status": "operation", "content_license": "CC-BY-4.0"}
    return render({**base, **values}, schema.ADOPTION_FIELDS, ADOPTION_BODY)


def adoption_slug(municipality: str, case_id: str) -> str:
    """The file name (without .md) of an adoption record: 'stadt-beispielheim--musterstadt-maengelmelder'."""
    return f"{slugify(municipality, 'kommune')}--{case_id}"[:120].strip("-")


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


def run_adoption(args: argparse.Namespace) -> int:
    """``new --adoption KENNUNG``: an adoption record for the case KENNUNG in ``adoptions/``."""
    from .catalog import adoptions_folder
    from .loader import case_files

    case_id = args.adoption
    problems = []
    known = {path.stem for path in case_files(args.cases)} if args.cases.is_dir() else set()  # id = file name
    if _check_id(case_id):
        problems.append(f"--adoption: {_check_id(case_id)}")
    elif case_id not in known:
        from .validate import suggest
        problems.append(f"--adoption: Es gibt keinen Fall mit der Kennung '{case_id}' in {args.cases}."
                        f"{suggest(case_id, sorted(known))}")
    municipality = args.municipality
    if municipality is None and sys.stdin.isatty():
        municipality = _ask("Ihre Kommune (z. B. Gemeinde Beispielheim)", _check_name)
    if municipality is None:
        problems.append("--municipality fehlt (Ihre Kommune, z. B. 'Gemeinde Beispielheim').")
    state = args.state
    if state is None and sys.stdin.isatty() and args.country in (None, "DE"):
        state = _ask("Bundesland-Kürzel (z. B. BW)", _check_state)
    if state and _check_state(state):
        problems.append(f"--state: {_check_state(state)}")
    if problems:
        print("Fehler beim Aufruf:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    folder = adoptions_folder(args.cases)
    target = folder / f"{adoption_slug(municipality, case_id)}.md"
    if target.exists() and not args.force:
        print(f"Die Datei {target} gibt es schon. Bitte diese Datei bearbeiten (oder --force).", file=sys.stderr)
        return 1
    today = date.today()
    values = {"organisation.name": municipality, "organisation.type": organisation_type(municipality),
              "organisation.country": args.country or "DE", "organisation.state": state or None,
              "since": f"{today:%Y-%m}", "reviewed": today.isoformat()}
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(adoption_template(case_id, **values), encoding="utf-8")
    print(f"{target} angelegt. Bitte die leeren Angaben ausfüllen und dann 'python -m generator check' "
          "aufrufen.", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    if getattr(args, "adoption", None):
        return run_adoption(args)
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
    country = args.country or "DE"
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
