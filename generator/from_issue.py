"""``python -m generator from-issue``: a submitted issue form becomes a case file or an adoption record.

The input is the body of an issue opened with one of the forms that ``forms.py`` writes. GitHub renders every
field of a form as::

    ### <label>

    <answer>

with ``_No response_`` for an empty answer, the chosen option's text for a dropdown (several joined with
", "), and ``- [X] text`` / ``- [ ] text`` for checkboxes. A GitLab issue made from the templates in
``.gitlab/issue_templates/`` has the same ``### <label>`` sections; its help comments ``<!-- Hilfe: … -->``
are dropped and a choice can be ticked in a task list (``- [x] Stadt``) or written out.

Finding the answers: only headings that are labels of the form count, and they are matched in form order
from the end of the text backwards (the last field's heading is the last such line, the one before it the
last such line above it, …). A text area that contains a heading like ``### Themen`` of another field
therefore keeps it as text; only a heading of the field's own label inside its own answer cannot be told
apart. The kind of form is recognised by the labels only one of the two forms has, unless ``--kind`` says it.

How answers are read (``forms.FormField.form``):

- numbers the German way: ``12.500``, ``12 500 €``, ``ca. 1,2 Mio. €`` → 12500 / 1200000; ``0,5`` → 0.5;
  amounts also as a range ``10.000–20.000`` (or ``10.000 bis 20.000``) → ``{min, max}``;
- dates as ``2021``, ``2021-03``, ``03/2021``, ``März 2021``, ``15.03.2021`` → ``2021``, ``2021-03``, …;
- dropdowns by the option's text (also the vocabulary's German label or slug, in any case) → the slug;
- lists of objects one entry per line, the parts separated by ``|`` in the order of the schema
  (``Name | Rolle``, ``Förderprogramm | Fördermittelgeber``, ``Titel | Adresse``; a Markdown link
  ``[Titel](https://…)`` also works for title and address); the last ``|`` separates the last part, so
  a name may contain ``|``;
- tags and related case ids separated by commas or lines, each slugified (``Open Data`` → ``open-data``);
  a case's address ``…/faelle/<id>/`` gives its id (also for "Übernommener Fall" and "Übernommen von");
  SDGs as comma-separated numbers (``3, 11`` or ``SDG 3``);
- Markdown fields and the report exactly as written (blank lines at the start and end dropped);
- every answer loses control characters (except tab and line break; U+2028, U+2029 and NEL become line
  breaks); one-line fields join their lines with a space;
- limits: the schema's ``max_length`` where it has one, else 5,000 characters an answer and 30,000 for the
  report; an input of more than 1 MB is refused as a whole.

The case id is derived like ``new`` proposes it, from the last word of the organisation's name and the
title (``Stadt Musterstadt`` + ``Bürger-App`` → ``musterstadt-buerger-app``), with ``-2``, ``-3``, … when it
is taken (by a file or a former id); ``--out`` names the file, and then its name is the id. An adoption
record is named like ``new --adoption`` names it. An existing file is never overwritten.

The file is written by ``newcase.render``, exactly like ``new`` writes one (every value through its
quoting writer, Markdown as literal blocks), and checked with the real checker before it is written: the
cases and adoption records are copied into a temporary folder and checked without and with the new file;
every error of the new file (and every new error it causes in another file) is reported with the name of
the form field, never a YAML line. The values read back from the file must equal the answers, or the
answer is reported. Nothing is written while there is a problem.

Duplicates: before writing, the cases of the same organisation (``catalog.same_organisation``, or the same
name) are looked at. A case among them whose title is similar (``difflib`` ratio ≥ 0.75, ignoring case) is
a problem, unless the submitter ticked "Kein Duplikat" in the confirmation; any other case of the same
organisation is named in a note. Duplicate adoption records are errors of the checker itself.

Exit status: 0 written (``geschrieben: <file>`` on stdout), 1 problems with the answers (in German on
stderr, every one at once, nothing written), 2 a usage problem (input unreadable, ``--out`` not usable,
cases folder missing).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping

from . import catalog, forms, newcase, schema, vocabularies
from .diagnostics import ERROR, Problem
from .forms import FormField
from .loader import case_files
from .text import slugify
from .validate import date_bounds, iso_form

MAX_INPUT_BYTES = 1024 * 1024  # GitHub allows 65,536 characters in an issue body
REPORT_MAX = 30_000  # characters of the free report
ANSWER_MAX = 5_000  # characters of any other answer the schema sets no limit for
SIMILAR_TITLE = 0.75  # difflib ratio from which two titles of one organisation count as the same case
LAST_FOLDER = "~einreichung"  # where the new file goes in the checked copy: sorted after the other folders

_HEADING = re.compile(r"^ {0,3}###[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_HELP = re.compile(r"<!--\s*" + re.escape(forms.HELP_PREFIX) + r".*?-->", re.S)
_TASK = re.compile(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.*?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_MD_LINK = re.compile(r"^\[([^\]]+)\]\(\s*<?([^\s>)]+)>?\s*\)$")
_CASE_URL = re.compile(r"/faelle/([A-Za-z0-9-]+)/?(?:[#?].*)?$")
_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\r": "\n"})
_SPACES = re.compile(r"[ \u00a0\u202f\u2009\u2007'’]")  # thousands separators inside a number


class UsageError(Exception):
    """A problem with the call, not with the answers (exit status 2)."""


@dataclass(frozen=True)
class Issue:
    """A problem or a note, tied to a form field where there is one."""

    message: str
    field: FormField | None = None
    entry: int | None = None  # the n-th entry of a list field

    def text(self) -> str:
        if self.field is None:
            return self.message
        where = f"Feld „{self.field.label}“"
        if self.entry is not None:
            where += f", Eintrag {self.entry}"
        return f"{where}: {self.message}"


@dataclass
class Submission:
    """The answers of one issue, converted: values by dotted key, the report, the ticked boxes."""

    kind: str
    values: dict[str, Any] = field(default_factory=dict)
    report: str = ""
    ticked: set[str] = field(default_factory=set)
    problems: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)

    def problem(self, form_field: FormField | None, message: str, entry: int | None = None) -> None:
        self.problems.append(Issue(message, form_field, entry))

    def has_problem(self, form_field: FormField) -> bool:
        return any(p.field is form_field for p in self.problems)

    def confirmed(self, option: str) -> bool:
        return _norm(option) in self.ticked


# --- reading the issue -------------------------------------------------------------------------------------

def read(file: Path) -> str:
    """The text of the issue body from a file or (``-``) standard input; LF line ends, no BOM."""
    try:
        if str(file) == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"Die Datei {file} gibt es nicht.") from None
    except IsADirectoryError:
        raise UsageError(f"{file} ist ein Ordner, keine Datei mit dem Text des Issues.") from None
    except OSError as exc:
        raise UsageError(f"Die Datei {file} kann nicht gelesen werden ({exc.strerror}).") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ValueError(f"Der Text des Issues ist länger als {MAX_INPUT_BYTES // 1024} KB und wird nicht "
                         "verarbeitet. Bitte die Antworten kürzen (GitHub erlaubt höchstens 65.536 Zeichen).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"Die Datei {file} ist nicht als UTF-8 gespeichert.") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def _headings(text: str) -> list[tuple[int, str]]:
    """(line number, normalised label) of every '### …' line."""
    found = []
    for number, line in enumerate(text.split("\n")):
        match = _HEADING.match(line)
        if match:
            found.append((number, _norm(match.group(1))))
    return found


def detect_kind(text: str) -> str | None:
    """'case' or 'adoption' by the labels only one of the two forms has, or None."""
    present = {label for _, label in _headings(text)}
    labels = {kind: {_norm(f.label) for f in forms.fields(kind)} for kind in forms.KINDS}
    scores = {kind: len(present & (labels[kind] - labels[other]))
              for kind, other in (("case", "adoption"), ("adoption", "case"))}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def answers(text: str, kind: str) -> dict[str, str | None]:
    """The raw answer of every field by id; None where the form's heading is missing.

    Headings are matched in form order from the end backwards (see the module docstring)."""
    lines = text.split("\n")
    headings = [(n, label) for n, label in _headings(text)]
    upper = len(lines)
    found: dict[str, str | None] = {}
    for form_field in reversed(forms.fields(kind)):
        wanted = _norm(form_field.label)
        here = [n for n, label in headings if label == wanted and n < upper]
        if not here:
            found[form_field.id] = None
            continue
        start = max(here)
        found[form_field.id] = "\n".join(lines[start + 1:upper])
        upper = start
    return found


def clean(raw: str | None) -> str:
    """An answer without help comments, control characters, '_No response_' and blank lines around it."""
    if raw is None:
        return ""
    text = _HELP.sub("", raw).translate(_BREAKS)
    text = "".join(ch for ch in text if ch in "\n\t" or (unicodedata.category(ch) != "Cc"
                                                          and ch not in "\ufffe\uffff\ufeff"))
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines).rstrip()
    return "" if text.strip() == forms.NO_RESPONSE else text


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


# --- converting answers ------------------------------------------------------------------------------------

_BEFORE = ("ca.", "ca", "circa", "etwa", "rund", "ungefähr", "knapp", "gut", "über", "unter", "~", "≈", "von",
           "zwischen")
_AFTER = ("€", "eur", "euro", "euro pro jahr", "pro jahr", "im jahr", "jährlich", "/jahr", "/ jahr", "p.a.",
          "p. a.", "einwohnerinnen und einwohner", "einwohner", "einwohnerinnen", "ew", "menschen", "vzä", "vze",
          "vollzeitstellen", "vollzeitstelle", "stellen", "stelle")
_MULTIPLIERS = (("millionen", 10 ** 6), ("million", 10 ** 6), ("mio.", 10 ** 6), ("mio", 10 ** 6),
                ("tausend", 1000), ("tsd.", 1000), ("tsd", 1000))
_RANGE = re.compile(r"\s*(?:–|—|-|\bbis\b|\bund\b)\s*")


def _strip_words(text: str) -> tuple[str, int | None]:
    """The number part of an answer and its multiplier ('1,2 Mio. €' → ('1,2', 1000000)); None: no
    multiplier written."""
    text = text.strip().casefold()
    changed = True
    multiplier = None
    while changed:
        changed = False
        for word in _BEFORE:
            if text.startswith(word) and (not word[-1].isalpha() or not text[len(word):len(word) + 1].isalpha()):
                text, changed = text[len(word):].strip(), True
        for word in sorted(_AFTER, key=len, reverse=True):
            if text.endswith(word) and (not word[0].isalpha() or not text[-len(word) - 1:-len(word)].isalpha()):
                text, changed = text[:-len(word)].strip(), True
        for word, factor in _MULTIPLIERS:
            if multiplier is None and text.endswith(word) and not text[-len(word) - 1:-len(word)].isalpha():
                text, multiplier, changed = text[:-len(word)].strip(), factor, True
    text = re.sub(r",-+$", "", text)  # '12.500,-'
    return _SPACES.sub("", text), multiplier


def _decimal(text: str, decimal_point: bool) -> Decimal | None:
    """A number written the German way; with ``decimal_point`` a single '.' is a decimal point ('0.5')."""
    if re.fullmatch(r"[0-9]+", text):
        return Decimal(text)
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text) and not (decimal_point and text.count(".") == 1):
        return Decimal(text.replace(".", ""))
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})*,[0-9]+", text) or re.fullmatch(r"[0-9]+,[0-9]+", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[0-9]+\.[0-9]+", text):
        return Decimal(text)
    return None


def parse_number(answer: str, *, integer: bool) -> int | float | None:
    """An integer (or, without ``integer``, a number) written the German way; None if it is none."""
    text, multiplier = _strip_words(answer)
    value = _decimal(text, decimal_point=not integer)
    if value is None:
        return None
    value *= multiplier or 1
    if value == value.to_integral_value():
        return int(value)
    return None if integer else float(value)


def parse_amount(answer: str) -> int | dict[str, int] | None:
    """An amount in euros: one integer, or a range {min, max} ('10.000–20.000 €'). None if it cannot be read."""
    text = re.sub(r",-+(?=\s|$|[–—-])", "", answer.strip())  # '12.500,- €'
    if text.startswith(("-", "–", "—")):
        return None  # a negative amount
    parts = [part for part in _RANGE.split(text) if part.strip()]
    if len(parts) == 1:
        return parse_number(parts[0], integer=True)
    if len(parts) != 2:
        return None
    low_text, low_factor = _strip_words(parts[0])
    high_text, high_factor = _strip_words(parts[1])
    low, high = _decimal(low_text, False), _decimal(high_text, False)
    if low is None or high is None:
        return None
    low *= low_factor or high_factor or 1  # '1–2 Mio.': the unit written once counts for both
    high *= high_factor or 1
    if low != low.to_integral_value() or high != high.to_integral_value():
        return None
    return int(low) if low == high else {"min": int(low), "max": int(high)}


def parse_date(answer: str, *, partial: bool) -> str | None:
    """A date as YYYY(-MM(-DD)) (``partial``) or YYYY-MM-DD from the ways Germans write them; None if none."""
    text = answer.strip().removeprefix("seit ").removeprefix("Seit ").strip()
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", text)
    if match:
        year, month, day = match.groups()
        iso = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    else:
        iso = iso_form(text, partial) or ""
    if not iso or (not partial and len(iso) != 10):
        return None
    try:
        return iso if date_bounds(iso) is not None else None
    except ValueError:
        return None


def _lookup(form_field: FormField, answer: str) -> str | None:
    """The slug of an option given by its text, its vocabulary label or its slug (any case)."""
    wanted = _norm(answer)
    if not wanted:
        return None
    vocab = vocabularies.load(form_field.vocab or "")
    for option, slug in zip(form_field.options, form_field.choices, strict=True):
        if wanted in (_norm(option), _norm(vocab.label(slug)), _norm(slug)):
            return slug
    folded = forms.fold(wanted)
    for option, slug in zip(form_field.options, form_field.choices, strict=True):
        if folded == forms.fold(_norm(option)):
            return slug
    return None


def _unknown_choice(form_field: FormField, answer: str) -> str:
    if len(form_field.options) <= forms.LONG_VOCABULARY:
        allowed = " Möglich: " + ", ".join(form_field.options) + "."
    else:
        close = difflib.get_close_matches(answer, list(form_field.options), n=1, cutoff=0.6)
        allowed = f" Meinten Sie „{close[0]}“?" if close else ""
        allowed += " Bitte den deutschen Namen oder das Kürzel eintragen."
    return f"„{_short(answer)}“ ist keine der Auswahlmöglichkeiten.{allowed}"


def _short(text: str, limit: int = 60) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _entries_of_choice(form_field: FormField, answer: str) -> list[str]:
    """The chosen entries: the ticked lines of a task list (GitLab), else the text (split for several)."""
    tasks = [_TASK.match(line) for line in answer.split("\n")]
    if any(tasks):
        return [m.group(2) for m in tasks if m and m.group(1) in "xX"]
    if form_field.multiple:
        return [part.strip() for part in re.split(r"[,;\n]", answer) if part.strip()]
    return [_one_line(answer)] if answer.strip() else []


def _case_id(text: str) -> str:
    """A case id as typed or taken from the address of the case's page."""
    text = text.strip().strip("`'\"„“‚‘<>")
    match = _CASE_URL.search(text)
    return (match.group(1) if match else text).lower()


def _url(text: str) -> str:
    text = text.strip().strip("<>")
    return "https://" + text if text.lower().startswith("www.") else text


def _convert(sub: Submission, form_field: FormField, answer: str) -> Any:
    """The value of one answer (None: not given or not readable, with a problem for the latter)."""
    kind = form_field.form
    spec = form_field.spec
    if kind in ("text", "id"):
        text = _one_line(answer)
        if kind == "id":
            return _case_id(text) or None
        if spec is not None and spec.kind == "url":
            return _url(text) or None
        if spec is not None and spec.kind == "email":
            return text.replace(" ", "") or None
        return text or None
    if kind == "markdown":
        return answer or None
    if not answer.strip():
        return None
    if kind in ("integer", "number"):
        value = parse_number(_one_line(answer), integer=kind == "integer")
        if value is None:
            example = form_field.placeholder.removeprefix("z. B. ") or ("84000" if kind == "integer" else "0,5")
            what = "eine ganze Zahl" if kind == "integer" else "eine Zahl"
            found = ("keine ganze Zahl" if kind == "integer" and parse_number(_one_line(answer), integer=False)
                     is not None else "keine Zahl, die sich lesen lässt")
            sub.problem(form_field, f"„{_short(answer)}“ ist {found} – bitte {what} eintragen, z. B. {example}.")
        return value
    if kind == "amount":
        value = parse_amount(_one_line(answer))
        if value is None:
            sub.problem(form_field, f"„{_short(answer)}“ ist kein Betrag, der sich lesen lässt – bitte einen Betrag "
                        "in Euro als ganze Zahl eintragen, z. B. 12.500, oder eine Spanne, z. B. 10.000–20.000.")
        elif isinstance(value, dict) and value["min"] > value["max"]:
            sub.problem(form_field, f"In der Spanne „{_short(answer)}“ steht der größere Betrag vorn – bitte "
                        f"so schreiben: {value['max']}–{value['min']}.")
            return None
        return value
    if kind in ("date", "partial_date"):
        value = parse_date(_one_line(answer), partial=kind == "partial_date")
        if value is None:
            how = ("als Jahr, Monat und Jahr oder Datum eintragen, z. B. 2021, 03/2021 oder 15.03.2021"
                   if kind == "partial_date" else "als Datum eintragen, z. B. 15.03.2021")
            sub.problem(form_field, f"„{_short(answer)}“ ist kein Datum, das sich lesen lässt – bitte {how}.")
        return value
    if kind in ("choice", "choices"):
        chosen = _entries_of_choice(form_field, answer)
        slugs = []
        for entry in chosen:
            slug = _lookup(form_field, entry)
            if slug is None:
                sub.problem(form_field, _unknown_choice(form_field, entry))
            elif slug not in slugs:
                slugs.append(slug)
        if kind == "choice":
            if len(chosen) > 1:
                sub.problem(form_field, "Bitte nur eine Angabe auswählen.")
                return None
            return slugs[0] if slugs else None
        return slugs or None
    if kind == "words":
        out: list[str] = []
        for entry in re.split(r"[,;\n]", answer):
            entry = entry.strip().lstrip("#")
            if not entry:
                continue
            word = slugify(_case_id(entry) if _CASE_URL.search(entry) else entry)
            if not word:
                sub.problem(form_field, f"„{_short(entry)}“ enthält keine Buchstaben oder Ziffern.")
            elif word not in out:
                out.append(word)
        return out or None
    if kind == "numbers":
        numbers: list[int] = []
        for entry in re.split(r"[,;\n]", answer):
            entry = re.sub(r"^(sdg|ziel)\s*", "", entry.strip(), flags=re.I).lstrip("#").strip()
            if not entry:
                continue
            if not re.fullmatch(r"[0-9]{1,3}", entry):
                sub.problem(form_field, f"„{_short(entry)}“ ist keine Nummer – bitte ganze Zahlen durch Komma "
                            "getrennt eintragen, z. B. 3, 11.")
            elif int(entry) not in numbers:
                numbers.append(int(entry))
        return numbers or None
    if kind == "entries":
        return _entries(sub, form_field, answer)
    if kind == "confirm":
        for line in answer.split("\n"):
            match = _TASK.match(line)
            if match and match.group(1) in "xX":
                sub.ticked.add(_norm(match.group(2)))
        return None
    raise ValueError(f"unknown answer form {kind!r}")


def _entries(sub: Submission, form_field: FormField, answer: str) -> list[dict[str, Any]] | None:
    """A list of objects, one per line: the parts separated by '|' in the order of ``form_field.parts``."""
    parts = form_field.parts
    layout = f" {forms.PART_SEPARATOR} ".join(part.label for part in parts)
    example = form_field.placeholder.split("\n", 1)[0]
    out: list[dict[str, Any]] = []
    lines = [line for line in answer.split("\n") if line.strip()]
    for number, line in enumerate(lines, start=1):
        text = _BULLET.sub("", line, count=1).strip()
        link = _MD_LINK.match(text)
        if link and [p.kind for p in parts] == ["string", "url"]:
            pieces = [link.group(1).strip(), link.group(2).strip()]
        else:
            pieces = [piece.strip() for piece in text.rsplit(forms.PART_SEPARATOR, len(parts) - 1)]
        if len(pieces) != len(parts) or not all(pieces):
            sub.problem(form_field, f"„{_short(text)}“ – bitte so schreiben: {layout}, z. B. „{example}“.", number)
            continue
        item: dict[str, Any] = {}
        for part, piece in zip(parts, pieces, strict=True):
            if part.kind == "enum" and part.vocab:
                vocab = vocabularies.load(part.vocab)
                slug = next((s for s in vocab.slugs if _norm(piece) in (_norm(s), _norm(vocab.label(s)))), None)
                if slug is None:
                    sub.problem(form_field, f"„{_short(piece)}“ ist keine mögliche Angabe für „{part.label}“. "
                                f"Möglich: {', '.join(vocab.label(s) for s in vocab.slugs)}.", number)
                    break
                item[part.key] = slug
            elif part.kind == "url":
                item[part.key] = _url(piece)
            else:
                item[part.key] = piece
        else:
            out.append(item)
    return out or None


def convert(kind: str, raw: Mapping[str, str | None]) -> Submission:
    """Every answer of a form converted, with a problem for each one that is missing or cannot be read."""
    sub = Submission(kind)
    by_path = {f.path: f for f in forms.fields(kind) if f.path}
    for form_field in forms.fields(kind):
        answer = clean(raw.get(form_field.id))
        limit = (REPORT_MAX if form_field.form == "report"
                 else form_field.limit or (None if form_field.form == "confirm" else ANSWER_MAX))
        length = len(answer.strip())
        if limit is not None and length > limit:
            sub.problem(form_field, f"Die Antwort ist zu lang ({length:,} Zeichen); erlaubt sind höchstens "
                        f"{limit:,} Zeichen. Bitte kürzen.".replace(",", "."))
            continue
        if form_field.form == "report":
            sub.report = answer
            continue
        value = _convert(sub, form_field, answer)
        if value is not None:
            sub.values[form_field.path] = value
        elif form_field.required and not sub.has_problem(form_field):
            sub.problem(form_field, f"Die Pflichtangabe fehlt – bitte ausfüllen. {form_field.description}")
        if form_field.form == "confirm":
            for option, required in zip(form_field.options, form_field.required_options, strict=True):
                if required and not sub.confirmed(option):
                    sub.problem(form_field, f"Bitte ankreuzen: „{option}“")
    country, state = sub.values.get("organisation.country"), sub.values.get("organisation.state")
    state_field = by_path.get("organisation.state")
    if state_field is not None and not sub.has_problem(state_field):
        if country == "DE" and state is None:
            sub.problem(state_field, "Für Kommunen in Deutschland ist das Bundesland Pflicht. Bitte eines auswählen.")
        elif country is not None and country != "DE" and state is not None:
            sub.problem(state_field, "Ein Bundesland gibt es nur bei Kommunen in Deutschland. Bitte das Feld leer "
                        "lassen oder als Staat Deutschland wählen.")
    return sub


# --- the file --------------------------------------------------------------------------------------------

def derive_id(name: str, title: str, taken: set[str]) -> str:
    """The case id ``new`` proposes (last word of the organisation's name + title), made unique."""
    words = name.split()
    base = slugify(f"{words[-1] if words else ''} {title}")[:80].strip("-")
    if len(base) < 3:
        base = f"{base}-praxisbeispiel".strip("-")
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[:80 - len(suffix)].rstrip("-") + suffix
    return candidate


def _copy_folder(source: Path, target: Path) -> None:
    """The checkable files of a folder (not symbolic links, not images) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for path in case_files(source):
        if path.is_symlink() or not path.is_file():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def _field_of(kind: str, key: str) -> tuple[FormField | None, int | None]:
    """The form field of a checker's key ('partners[2].role' → Partner, entry 2)."""
    all_fields = forms.fields(kind)
    if not key:
        return next(f for f in all_fields if f.form == "report"), None
    index = re.search(r"\[([0-9]+)\]", key)
    path = re.sub(r"\[[0-9]+\]", "", key)
    by_path = {f.path: f for f in all_fields if f.path}
    if path in ("id",):
        path = "title"
    probe = path
    while probe:
        if probe in by_path:
            return by_path[probe], int(index.group(1)) if index else None
        probe = probe.rpartition(".")[0]
    inside = next((f for f in all_fields if f.path.startswith(path + ".")), None)
    return inside, None


def _readable(message: str, kind: str) -> str:
    """A checker's message with the quoted keys it names replaced by the form's labels ('changes' → „Änderungen“)."""
    for form_field in forms.fields(kind):
        if form_field.path:
            message = message.replace(f"'{form_field.path}'", f"„{form_field.label}“")
    return message


def _similar(one: str, other: str) -> float:
    return difflib.SequenceMatcher(None, one.casefold(), other.casefold()).ratio()


@dataclass
class _Checked:
    problems: list[Problem]
    warnings: list[Problem]
    data: Mapping[str, Any] | None  # the values read back from the new file, if it has no errors
    body: str | None


def _check(kind: str, text: str, name: str, cases_copy: Path, adoptions_copy: Path, today: date,
           baseline: set[Problem]) -> tuple[_Checked, Path]:
    """Check the catalogue copy with the new file: its errors (and new errors of other files), its warnings,
    and its values as read back."""
    # In a sub-folder that is read last, so that a rule across files (the same adoption declared twice)
    # reports the new file, not the one it repeats.
    folder = (cases_copy if kind == "case" else adoptions_copy) / LAST_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    result = catalog.check(cases_copy, today=today, adoptions=adoptions_copy)
    display = os.path.normpath(str(path))
    own = [p for p in result.problems if p.file == display]
    caused = [p for p in result.problems if p.file != display and p not in baseline and p.severity == ERROR]
    errors = [p for p in own if p.severity == ERROR] + caused
    warnings = [p for p in own if p.severity != ERROR]
    data = body = None
    if kind == "case":
        found = result.catalog.by_id.get(name)
        if found is not None and found.path == path:
            data, body = catalog.thaw(found.data), found.body
    else:
        found_adoption = next((a for a in result.catalog.adoptions if a.path == path), None)
        if found_adoption is not None:
            data, body = catalog.thaw(found_adoption.data), found_adoption.body
    return _Checked(errors, warnings, data, body), path


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def run(file: Path, *, kind: str | None, out: Path | None, cases: Path) -> int:
    """``from-issue``: see the module docstring. Returns 0 (written), 1 (problems) or 2 (usage)."""
    try:
        return _run(file, kind=kind, out=out, cases=cases)
    except UsageError as exc:
        print(f"Fehler beim Aufruf: {exc}", file=sys.stderr)
        return 2


def _report(problems: list[Issue], notes: list[Issue]) -> int:
    count = len(problems)
    print(f"Die Antworten im Formular haben {count} {'Problem' if count == 1 else 'Probleme'}; es wurde nichts "
          "geschrieben. Bitte korrigieren:", file=sys.stderr)
    for problem in problems:
        print(f"- {problem.text()}", file=sys.stderr)
    for note in notes:
        print(f"Hinweis: {note.text()}", file=sys.stderr)
    return 1


def _usable(cases: Path, out: Path | None) -> None:
    if not cases.is_dir():
        raise UsageError(f"Den Ordner {cases} gibt es nicht. Bitte den Befehl im Ordner der Praxisbörse aufrufen "
                         "oder den Ordner der Fälle mit --cases angeben.")
    if out is not None:
        if out.suffix != ".md":
            raise UsageError(f"--out: Die Datei muss auf .md enden, z. B. {out.with_suffix('.md').name}.")
        if out.exists() or out.is_symlink():
            raise UsageError(f"--out: Die Datei {out} gibt es schon; sie wird nicht überschrieben.")


def _place(sub: Submission, out: Path | None, cases: Path, existing: catalog.Catalog) -> tuple[str, Path]:
    """The name (a case's id) and the path of the new file; never one that exists."""
    adoptions = catalog.adoptions_folder(cases)
    if sub.kind == "case":
        taken = {p.stem for p in case_files(cases)} | {
            former for case in existing.cases for former in case.data.get("redirect_from", ())}
        if out is None:
            name = derive_id(str(sub.values.get("organisation.name", "")), str(sub.values.get("title", "")), taken)
            return name, cases / f"{name}.md"
        if not (re.fullmatch(schema.SLUG_PATTERN, out.stem) and 3 <= len(out.stem) <= 80):
            raise UsageError(f"--out: Der Dateiname ist die Kennung des Falls und muss aus Kleinbuchstaben a–z, "
                             f"Ziffern und einzelnen Bindestrichen bestehen (3 bis 80 Zeichen), nicht „{out.stem}“.")
        if out.stem in taken:
            raise UsageError(f"--out: Die Kennung „{out.stem}“ hat schon ein Fall. Bitte einen anderen Dateinamen "
                             "wählen.")
        return out.stem, out
    if out is not None:
        return out.stem, out
    taken = {p.stem for p in case_files(adoptions)} if adoptions.is_dir() else set()
    base = newcase.adoption_slug(str(sub.values.get("organisation.name", "")), str(sub.values.get("case", "fall")))
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    return name, adoptions / f"{name}.md"


def _run(file: Path, *, kind: str | None, out: Path | None, cases: Path) -> int:
    _usable(cases, out)
    try:
        text = read(file)
    except ValueError as exc:
        return _report([Issue(str(exc))], [])
    kind = kind or detect_kind(text)
    if kind is None:
        return _report([Issue("Im Text wurden keine Antworten aus dem Formular „Neues Praxisbeispiel“ oder "
                              "„Nachnutzung melden“ gefunden (Abschnitte wie „### Titel“ oder „### Übernommener "
                              "Fall“). Bitte das Issue mit einem dieser Formulare anlegen, ohne die Überschriften "
                              "zu ändern.")], [])
    sub = convert(kind, answers(text, kind))
    adoptions = catalog.adoptions_folder(cases)
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="praxisboerse-") as temporary:
        cases_copy, adoptions_copy = Path(temporary) / "cases", Path(temporary) / "adoptions"
        _copy_folder(cases, cases_copy)
        _copy_folder(adoptions, adoptions_copy)
        before = catalog.check(cases_copy, today=today, adoptions=adoptions_copy)
        originals = ((cases_copy, cases), (adoptions_copy, adoptions))
        name, target = _place(sub, out, cases, before.catalog)
        if kind == "case":
            _duplicates(sub, before.catalog.cases, lambda path: _original(path, originals))
        values: dict[str, Any] = {"schema": schema.SCHEMA_VERSION, **({"id": name} if kind == "case" else {}),
                                  **sub.values, "reviewed": today.isoformat()}
        body = f"\n{sub.report}\n" if sub.report else ""
        rendered = newcase.render(values, forms.table(kind), body)
        checked, copy_path = _check(kind, rendered, name, cases_copy, adoptions_copy, today, set(before.problems))

        def translate(message: str) -> str:
            message = message.replace(os.path.normpath(str(copy_path)), str(target))
            for copy, original in originals:
                message = message.replace(os.path.normpath(str(copy)), os.path.normpath(str(original)))
            return _readable(message, kind)

        for problem in checked.problems:
            form_field, entry = _field_of(kind, problem.key)
            if form_field is None or not sub.has_problem(form_field):  # else reported in the form's words already
                sub.problems.append(Issue(translate(problem.message), form_field, entry))
        for warning in checked.warnings:
            form_field, entry = _field_of(kind, warning.key)
            sub.notes.append(Issue(translate(warning.message), form_field, entry))
        if not sub.problems:
            _same_values(sub, values, body, checked)
    if sub.problems:
        return _report(_ordered(kind, sub.problems), sub.notes)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # 'x': never over an existing file
            handle.write(rendered)
    except FileExistsError:
        raise UsageError(f"Die Datei {target} ist inzwischen entstanden; sie wird nicht überschrieben.") from None
    except OSError as exc:
        raise UsageError(f"Die Datei {target} kann nicht geschrieben werden ({exc.strerror}).") from None
    for note in sub.notes:
        print(f"Hinweis: {note.text()}", file=sys.stderr)
    print(f"geschrieben: {target}")
    return 0


def _original(path: Path, originals: tuple[tuple[Path, Path], ...]) -> Path:
    """The path in the project of a file in the checked copy."""
    for copy, original in originals:
        if path.is_relative_to(copy):
            return original / path.relative_to(copy)
    return path


def _ordered(kind: str, problems: list[Issue]) -> list[Issue]:
    order = {f.id: index for index, f in enumerate(forms.fields(kind))}
    return sorted(problems, key=lambda p: (order.get(p.field.id, -1) if p.field else -1, p.entry or 0))


def _duplicates(sub: Submission, cases: tuple[catalog.Case, ...], real: Callable[[Path], Path]) -> None:
    """A similar title of the same organisation is a problem (unless 'Kein Duplikat' is ticked); any other
    case of the same organisation a note."""
    name = sub.values.get("organisation.name")
    title = sub.values.get("title")
    if not name:
        return
    organisation = {key.split(".", 1)[1]: value for key, value in sub.values.items()
                    if key.startswith("organisation.")}
    same = [case for case in cases if catalog.same_organisation(organisation, case.organisation)
            or str(case.organisation.get("name", "")).casefold() == str(name).casefold()]
    if not same:
        return
    title_field = next(f for f in forms.fields("case") if f.path == "title")
    name_field = next(f for f in forms.fields("case") if f.path == "organisation.name")
    similar = [case for case in same if title and _similar(str(title), case.title) >= SIMILAR_TITLE]
    listed = "; ".join(f"{real(case.path)} („{case.title}“)" for case in (similar or same))
    if similar and not sub.confirmed(forms.CONFIRM_NOT_DUPLICATE):
        sub.problem(title_field, f"{name} hat schon einen Fall mit ähnlichem Titel: {listed}. Ist es derselbe Fall, "
                    "bitte keinen neuen einreichen, sondern den bestehenden ergänzen lassen. Ist es ein anderer, "
                    f"bitte unter „{forms.CONFIRM_LABEL}“ „Kein Duplikat“ ankreuzen.")
    elif similar:
        sub.notes.append(Issue(f"{name} hat schon einen Fall mit ähnlichem Titel: {listed}. „Kein Duplikat“ ist "
                               "angekreuzt; die Redaktion sieht sich beide an.", title_field))
    else:
        sub.notes.append(Issue(f"Von {name} gibt es schon: {listed}. Bitte prüfen, ob die Einreichung einen davon "
                               "ergänzen sollte.", name_field))


def _same_values(sub: Submission, values: Mapping[str, Any], body: str, checked: _Checked) -> None:
    """Every answer reads back from the written file exactly as given, or it is a problem."""
    kind = sub.kind
    by_path = {f.path: f for f in forms.fields(kind) if f.path}
    if checked.data is None:
        sub.problem(None, "Die Datei ließ sich nicht prüfen. Bitte die Redaktion benachrichtigen.")
        return
    for path, value in values.items():
        if _get(checked.data, path) != value:
            sub.problem(by_path.get(path), "Die Antwort enthält Zeichen, die sich nicht unverändert speichern "
                        "lassen. Bitte Sonderzeichen entfernen.")
    if (checked.body or "") != body:
        report = next(f for f in forms.fields(kind) if f.form == "report")
        sub.problem(report, "Der Text enthält Zeichen, die sich nicht unverändert speichern lassen. Bitte "
                    "Sonderzeichen entfernen.")
