"""Issue forms for new cases and adoption records, written from the schema table: ``python -m generator forms``.

Two kinds of form, ``case`` ("Neues Praxisbeispiel") and ``adoption`` ("Nachnutzung melden"), each in two
dialects:

- GitHub issue forms, ``.github/ISSUE_TEMPLATE/praxisbeispiel.yml`` and ``nachnutzung.yml``;
- GitLab issue templates, ``.gitlab/issue_templates/Praxisbeispiel.md`` and ``Nachnutzung.md``.

``fields(kind)`` is the one list of form fields both dialects and the parser ``from_issue.py`` use. Every
front-matter key that a submitter can sensibly answer is one field (see ``DERIVED`` for the keys that are
not asked, and why):

- the field ``id`` is the key path with ``.`` and ``_`` turned into ``-`` (``cost.one_time_eur`` →
  ``cost-one-time-eur``), so an answer maps back to its key and a link can prefill it
  (``issues/new?template=nachnutzung.yml&case=musterstadt-maengelmelder``);
- the ``label`` is the German name of the field (``Field.label``, made unambiguous where the same name
  occurs twice, see ``LABELS``); it is what GitHub writes into the issue body as ``### <label>``;
- vocabulary fields are dropdowns with the German labels as options (several choices for lists, e.g.
  topics; GitHub joins the chosen options with ", ", so commas in option texts are replaced);
- Markdown fields are text areas, everything else a one-line input;
- a list of objects (partners, funding, materials, links) is one text area with one entry per line, the
  parts separated by ``|``: ``Name | Rolle``, ``Förderprogramm | Fördermittelgeber``, ``Titel | Adresse``;
- lists of words (tags, related case ids) and of numbers (SDGs) are one input, entries separated by commas;
- a checkbox group "Bestätigung" (licence, no personal data and, for cases, "Kein Duplikat") and last
  the free report, which becomes the Markdown body of the file.

A GitHub issue renders every field as ``### <label>``, a blank line and the answer (``_No response_`` when
empty; checkboxes as ``- [X] text`` / ``- [ ] text``). The GitLab templates have the same ``### <label>``
sections with the help as an HTML comment ``<!-- Hilfe: … -->`` (the parser drops it) and, for short
vocabularies, the choices as a task list ``- [ ] Label`` to tick; a submitted GitLab issue thus parses
with the same parser.

The output is deterministic; each file starts with a comment that it is generated. ``interesse.yml`` is
written by hand and not touched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import schema, vocabularies
from .schema import Field

KINDS = ("case", "adoption")
REPORT_ID = "bericht"  # the free report: the Markdown body of the file
CONFIRM_ID = "bestaetigung"
NO_RESPONSE = "_No response_"  # what GitHub writes for an empty answer
HELP_PREFIX = "Hilfe:"  # GitLab templates: '<!-- Hilfe: … -->' under each heading, dropped by the parser
LONG_VOCABULARY = 20  # GitLab: a vocabulary with more entries is answered as text, not as a task list
DEFAULT_CHOICES = {"organisation.country": "DE", "lang": "de"}  # preselected dropdown options
DEFAULT_VALUES = {"content_license": "CC-BY-4.0"}  # prefilled inputs

GITHUB_FILES = {"case": Path(".github/ISSUE_TEMPLATE/praxisbeispiel.yml"),
                "adoption": Path(".github/ISSUE_TEMPLATE/nachnutzung.yml")}
GITLAB_FILES = {"case": Path(".gitlab/issue_templates/Praxisbeispiel.md"),
                "adoption": Path(".gitlab/issue_templates/Nachnutzung.md")}
ISSUE_LABELS = {"case": ("einreichung", "praxisbeispiel"), "adoption": ("einreichung", "nachnutzung")}
NAMES = {"case": "Neues Praxisbeispiel", "adoption": "Nachnutzung melden"}
TITLES = {"case": "Praxisbeispiel: ", "adoption": "Nachnutzung: "}
DESCRIPTIONS = {
    "case": "Ein Praxisbeispiel Ihrer Kommune einreichen. Aus Ihren Antworten entsteht ein Vorschlag (Pull "
            "Request), den die Redaktion durchsieht.",
    "adoption": "Melden, dass Ihre Kommune ein Praxisbeispiel der Praxisbörse übernommen hat. Aus Ihren Antworten "
                "entsteht ein Vorschlag (Pull Request), den die Redaktion durchsieht.",
}

# Keys that the form does not ask, with the reason (the tests require every other key to be a field).
DERIVED: dict[str, dict[str, str]] = {
    "case": {
        "schema": "immer 1",
        "id": "aus Kommune und Titel gebildet wie bei 'python -m generator new'",
        "redirect_from": "nur für umbenannte Fälle, nicht bei einer Einreichung",
        "withdrawn": "nur für zurückgezogene Fälle, nicht bei einer Einreichung",
        "reviewed": "das Datum, an dem die Datei geschrieben wird",
    },
    "adoption": {
        "schema": "immer 1",
        "reviewed": "das Datum, an dem die Datei geschrieben wird",
    },
}

# Form labels where the schema's label alone is ambiguous in a flat form ("Name", "Art", "Stufe", …).
LABELS = {
    "organisation.name": "Name der Kommune oder Organisation",
    "organisation.type": "Art der Organisation",
    "cost.notes": "Anmerkungen zu den Kosten",
    "reuse.level": "Stufe der Nachnutzbarkeit",
    "reuse.effort": "Aufwand für die Übernahme",
    "reuse.license": "Lizenz des Materials",
}
REPORT_LABELS = {"case": "Ausführlicher Bericht", "adoption": "Bericht zur Übernahme"}
CONFIRM_LABEL = "Bestätigung"

# Help texts where the schema's text speaks of YAML ('{min: …, max: …}', 'title und url', "'changes'").
HELP: dict[tuple[str, str], str] = {
    ("*", "cost.one_time_eur"): "Einmalige Kosten in Euro als ganze Zahl, z. B. 12.500, oder als Spanne, z. B. "
                                "10.000–20.000.",
    ("*", "cost.annual_eur"): "Laufende Kosten pro Jahr in Euro als ganze Zahl, z. B. 3.000, oder als Spanne, "
                              "z. B. 2.000–4.000.",
    ("*", "cost.staff_fte"): "Personalaufwand in Vollzeitstellen, z. B. 0,5.",
    ("*", "reuse.materials"): "Material zum Nachnutzen, z. B. Leitfäden, Vorlagen, Ausschreibungsunterlagen.",
    ("*", "links"): "Weitere Links, z. B. zur Projektseite oder zu Presseberichten.",
    ("*", "tags"): "Bis zu acht Schlagwörter; sie werden in Kleinbuchstaben mit Bindestrichen geschrieben "
                   "(Open Data → open-data).",
    ("*", "organisation.population"): "Einwohnerzahl als ganze Zahl, z. B. 93000.",
    ("*", "lang"): "Sprache, in der Sie das Praxisbeispiel beschreiben.",
    ("*", "organisation.country"): "Staat, in dem die Organisation ihren Sitz hat.",
    ("*", "organisation.state"): "Bundesland (Pflicht in Deutschland, sonst leer lassen).",
    ("adoption", "status"): "Stand der Übernahme. Ist sie eingestellt, bitte den Grund unter „Änderungen“ nennen.",
}
# Headings of the top-level fields that follow a group (by the first field's key); default "Weitere Angaben".
RUN_HEADINGS = {"partners": "Das Projekt", "adopted_from": "Bezüge zu anderen Fällen", "status": "Die Übernahme"}
# Intro texts of the groups (objects) of the form.
GROUP_HELP: dict[tuple[str, str], str] = {
    ("*", "cost"): "Jede Angabe ist freiwillig; was Sie leer lassen, gilt als unbekannt.",
    ("*", "reuse"): "Was andere Kommunen übernehmen können, und was sie dafür brauchen.",
}
PLACEHOLDERS = {
    "title": "z. B. Digitale Terminvergabe im Bürgerbüro",
    "summary": "z. B. Die Stadt vergibt Termine im Bürgerbüro online; die Wartezeit ist um zwei Drittel gesunken.",
    "case": "z. B. musterstadt-maengelmelder",
    "organisation.ags": "z. B. 08118048",
    "organisation.population": "z. B. 84000",
    "organisation.unit": "z. B. Amt für Digitalisierung",
    "partners": "Kommunaler IT-Verbund Nord | Umsetzung\nBeispiel GmbH | Anbieter",
    "tags": "z. B. terminvergabe, open-source",
    "started": "z. B. 2021, 03/2021 oder 15.03.2021",
    "ended": "z. B. 2024 oder 06/2024",
    "since": "z. B. 2023 oder 05/2023",
    "cost.one_time_eur": "z. B. 12.500 oder 10.000–20.000",
    "cost.annual_eur": "z. B. 3.000",
    "cost.staff_fte": "z. B. 0,5",
    "cost.funding": "Digitale Modellkommunen | Land Schleswig-Holstein",
    "reuse.license": "z. B. EUPL-1.2",
    "reuse.repository": "https://",
    "reuse.materials": "Leitfaden (PDF) | https://www.example.org/leitfaden.pdf",
    "reuse.agreement": "https://",
    "adopted_from": "z. B. musterstadt-maengelmelder",
    "related": "z. B. musterstadt-maengelmelder, beispielhausen-buergerapp",
    "contact.unit": "z. B. Amt für Digitalisierung",
    "contact.email": "z. B. digitalisierung@musterstadt.de",
    "contact.phone": "z. B. 0711 123456",
    "contact.url": "https://",
    "links": "Projektseite | https://www.musterstadt.de/projekt",
    "sdgs": "z. B. 3, 11",
    "content_license": "CC-BY-4.0",
}
# How each list of objects is written on one line (the parts in the order of the schema's fields).
PART_SEPARATOR = "|"

CONFIRM_LICENCE = ("Ich darf diese Angaben für meine Organisation einreichen, und sie dürfen unter der oben "
                   "genannten Lizenz des Textes veröffentlicht werden.")
CONFIRM_PRIVACY = ("Die Angaben enthalten keine personenbezogenen Daten außer Kontaktangaben, die veröffentlicht "
                   "werden dürfen (am besten ein Funktionspostfach).")
CONFIRM_NOT_DUPLICATE = ("Kein Duplikat: Dieses Praxisbeispiel steht noch nicht in der Praxisbörse (nur ankreuzen, "
                         "wenn die Prüfung einen ähnlichen Fall Ihrer Kommune meldet und es trotzdem ein neuer ist).")

REPORT_HELP = {
    "case": "Der ausführliche Bericht in Markdown; er erscheint als Haupttext der Seite. Empfohlene Überschriften: "
            "## Ausgangslage, ## Umsetzung, ## Ergebnisse, ## Kosten und Aufwand, ## Übertragbarkeit, "
            "## Erfahrungen. Bilder bitte nachreichen; HTML nur eingeschränkt (abbr, br, sub, sup, kbd, details, "
            "summary).",
    "adoption": "Freiwillig: ein paar Sätze zur Übernahme in Markdown, z. B. wie lange sie gedauert hat und was Sie "
                "anderen Kommunen raten.",
}
REPORT_PLACEHOLDER = {
    "case": "## Ausgangslage\n\n…\n\n## Umsetzung\n\n…",
    "adoption": "Die Übernahme hat drei Monate gedauert. …",
}
_PUBLIC = ("Dieses Issue ist **öffentlich**: Alle können lesen, was Sie hier eintragen. Bitte keine persönlichen "
           "Daten außer einer Kontaktadresse, am besten einem Funktionspostfach.")
_CHECKED = ("Nach dem Absenden prüft ein Programm Ihre Angaben. Passt alles, wird daraus ein Vorschlag (Pull Request) "
            "für die Redaktion; sonst nennt ein Kommentar jedes Feld, das noch fehlt oder nicht passt. Dann "
            "bearbeiten Sie das Issue („Edit“), und die Prüfung läuft von selbst noch einmal.")
_LISTS = ("Listen schreiben Sie eine Zeile je Eintrag, die Teile getrennt durch einen senkrechten Strich, z. B. "
          "`Kommunaler IT-Verbund Nord | Umsetzung`. Textfelder können Markdown enthalten: `**fett**`, "
          "`- Aufzählung`, `[Link](https://…)`.")
_CASE_ID = "Die Kennung eines Falls steht in der Adresse seiner Seite: `/faelle/<kennung>/`."
INTRO = {
    "case": "**Danke, dass Sie ein Praxisbeispiel teilen.**\n\n" + "\n".join(
        f"- {line}" for line in (_PUBLIC, _CHECKED, "Pflichtfelder sind mit einem Sternchen markiert. " + _LISTS)),
    "adoption": "**Schön, dass Ihre Kommune ein Praxisbeispiel übernommen hat.** Ihre Meldung erscheint auf der Seite "
                "des Falls und hilft anderen Kommunen, Ansprechpartner zu finden.\n\n" + "\n".join(
                    f"- {line}" for line in (_PUBLIC, _CHECKED, "Pflichtfelder sind mit einem Sternchen markiert. "
                                             + _CASE_ID)),
}
GITLAB_INTRO = {
    "case": "Danke, dass Sie ein Praxisbeispiel teilen. Bitte unter jede Überschrift „### …“ die Antwort "
            "schreiben und die Überschriften nicht ändern; unter jeder steht als Hilfe, was hineingehört und ob "
            "die Angabe Pflicht ist. Auswahllisten: das Passende ankreuzen ([x]). " + _LISTS + " " + _PUBLIC,
    "adoption": "Schön, dass Ihre Kommune ein Praxisbeispiel übernommen hat. Bitte unter jede Überschrift „### …“ die "
                "Antwort schreiben und die Überschriften nicht ändern; unter jeder steht als Hilfe, was hineingehört "
                "und ob die Angabe Pflicht ist. Auswahllisten: das Passende ankreuzen ([x]). " + _CASE_ID + " "
                + _PUBLIC,
}
COUNTRY_EXAMPLES = ("DE", "AT", "CH")


@dataclass(frozen=True)
class FormField:
    """One field of a form: how it is shown (GitHub element type, label, help) and how its answer is read.

    ``form`` is how ``from_issue`` converts the answer: text, id (a case id), markdown, integer, number,
    amount, date, partial_date, choice, choices, words (comma-separated slugs), numbers (comma-separated
    integers), entries (one object per line), report (the body) or confirm (the checkboxes)."""

    id: str
    label: str
    type: str  # GitHub element: input, textarea, dropdown, checkboxes
    form: str
    path: str = ""  # the dotted key; "" for the report and the confirmation
    spec: Field | None = None
    required: bool = False
    group: str = ""  # the object the field belongs to ("organisation"), for a heading in the form
    description: str = ""
    placeholder: str = ""
    value: str = ""  # a prefilled answer
    options: tuple[str, ...] = ()  # dropdown: option texts; checkboxes: the boxes
    choices: tuple[str, ...] = ()  # dropdown: the slug of each option
    default: int | None = None  # dropdown: index of the preselected option
    required_options: tuple[bool, ...] = ()  # checkboxes: which must be ticked
    parts: tuple[Field, ...] = ()  # entries: the fields of one line, in order
    vocab: str | None = None

    @property
    def multiple(self) -> bool:
        return self.form == "choices"

    @property
    def limit(self) -> int | None:
        """The longest answer the schema allows (for the text fields that have a limit)."""
        return self.spec.max_length if self.spec is not None else None


def field_id(path: str) -> str:
    """The form field id of a key path: 'cost.one_time_eur' → 'cost-one-time-eur'."""
    return path.replace(".", "-").replace("_", "-")


def option_text(label: str, multiple: bool) -> str:
    """A vocabulary label as a dropdown option: GitHub joins the options chosen in a multi-select with ', ', so
    a comma in an option would split it; it becomes ' –'."""
    return label.replace(",", " –") if multiple else label


def fold(text: str) -> str:
    """Lower case with umlauts as plain vowels, for comparing German names (sorting, looking up answers)."""
    return text.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))


def _help(kind: str, path: str, spec: Field) -> str:
    return HELP.get((kind, path)) or HELP.get(("*", path)) or spec.doc


def _options(vocab_name: str, multiple: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(option texts, slugs) of a vocabulary; countries sorted by their German name, others in file order."""
    vocab = vocabularies.load(vocab_name)
    slugs = list(vocab.slugs)
    if vocab_name == "countries":
        slugs.sort(key=lambda slug: (fold(vocab.label(slug)), slug))
    return tuple(option_text(vocab.label(s), multiple) for s in slugs), tuple(slugs)


def _choice_help(vocab_name: str) -> str:
    """Explanations of the choices where the vocabulary has them (the reuse levels)."""
    vocab = vocabularies.load(vocab_name)
    explained = [f"{vocab.label(s)}: {vocab.extra[s]['description']}" for s in vocab.slugs
                 if vocab.extra[s].get("description")]
    return " " + " ".join(explained) if explained else ""


def _entry_help(spec: Field) -> str:
    assert spec.items is not None
    parts = spec.items.fields
    layout = f" {PART_SEPARATOR} ".join(part.label for part in parts)
    out = f" Ein Eintrag je Zeile: {layout}."
    for part in parts:
        if part.kind == "enum" and part.vocab:
            vocab = vocabularies.load(part.vocab)
            out += f" {part.label}: " + ", ".join(vocab.label(s) for s in vocab.slugs) + "."
    return out


def _names_a_case(spec: Field) -> bool:
    """A field whose value is the id of a case (adopted_from, related, an adoption's case)."""
    return spec.pattern == schema.SLUG_PATTERN and "Kennung" in (spec.pattern_hint or "")


def _field(kind: str, path: str, spec: Field, group: str, required: bool) -> FormField:
    label = LABELS.get(path) or spec.label
    if not label:
        raise ValueError(f"{path}: the schema has no German label for this field")
    common: dict[str, Any] = dict(id=field_id(path), label=label, path=path, spec=spec, required=required,
                                  group=group, placeholder=PLACEHOLDERS.get(path, ""))
    doc = _help(kind, path, spec)
    where = "" if "/faelle/" in doc else " Die Kennung steht in der Adresse der Seite des Falls: /faelle/<kennung>/."
    items = spec.items
    if spec.kind in ("enum", "language") and spec.vocab:
        options, choices = _options(spec.vocab, False)
        default = choices.index(DEFAULT_CHOICES[path]) if path in DEFAULT_CHOICES else None
        return FormField(type="dropdown", form="choice", description=doc + _choice_help(spec.vocab),
                         options=options, choices=choices, default=default, vocab=spec.vocab, **common)
    if spec.kind == "list" and items is not None:
        if items.kind == "enum" and items.vocab:
            options, choices = _options(items.vocab, True)
            return FormField(type="dropdown", form="choices", description=doc, options=options, choices=choices,
                             vocab=items.vocab, **common)
        if items.kind == "object":
            return FormField(type="textarea", form="entries", description=doc + _entry_help(spec),
                             parts=items.fields, **common)
        if items.kind == "integer":
            return FormField(type="input", form="numbers", description=doc + " Mehrere durch Komma getrennt.",
                             **common)
        if items.kind == "string":
            return FormField(type="input", form="words", description=doc + " Mehrere durch Komma getrennt."
                             + (where if _names_a_case(items) else ""), **common)
        raise ValueError(f"{path}: no form field for a list of {items.kind}")
    if spec.kind == "markdown":
        return FormField(type="textarea", form="markdown", description=doc, **common)
    if spec.kind in ("integer", "number", "amount", "date", "partial_date"):
        extra = " Zum Beispiel 2021, 03/2021 oder 15.03.2021." if spec.kind == "partial_date" else ""
        return FormField(type="input", form=spec.kind, description=doc + extra, **common)
    if spec.kind == "string" and _names_a_case(spec):
        return FormField(type="input", form="id", description=doc + where, **common)
    if spec.kind in ("string", "url", "email"):
        return FormField(type="input", form="text", description=doc, value=DEFAULT_VALUES.get(path, ""), **common)
    raise ValueError(f"{path}: no form field for the kind {spec.kind!r}")


def _walk(kind: str, specs: tuple[Field, ...], prefix: str = "", group: str = "",
          parent_required: bool = True) -> list[FormField]:
    out: list[FormField] = []
    for spec in specs:
        path = prefix + spec.key
        if path in DERIVED[kind]:
            continue
        required = spec.required and parent_required
        if spec.kind == "object":
            out.extend(_walk(kind, spec.fields, path + ".", path, required))
        else:
            out.append(_field(kind, path, spec, group, required))
    return out


def table(kind: str) -> tuple[Field, ...]:
    """The schema table of a form: the case's or the adoption record's fields."""
    if kind not in KINDS:
        raise ValueError(f"unknown form kind {kind!r}")
    return schema.ADOPTION_FIELDS if kind == "adoption" else schema.CASE_FIELDS


@cache
def fields(kind: str) -> tuple[FormField, ...]:
    """Every field of the form ``kind`` ('case' or 'adoption') in form order: one per asked key, then the
    confirmation, then the report."""
    out = _walk(kind, table(kind))
    boxes = [(CONFIRM_LICENCE, True), (CONFIRM_PRIVACY, True)]
    if kind == "case":
        boxes.append((CONFIRM_NOT_DUPLICATE, False))
    out.append(FormField(id=CONFIRM_ID, label=CONFIRM_LABEL, type="checkboxes", form="confirm",
                         description="Bitte bestätigen Sie:", options=tuple(text for text, _ in boxes),
                         required_options=tuple(required for _, required in boxes)))
    out.append(FormField(id=REPORT_ID, label=REPORT_LABELS[kind], type="textarea", form="report",
                         description=REPORT_HELP[kind], placeholder=REPORT_PLACEHOLDER[kind]))
    labels = [f.label for f in out] + [text for f in out if f.type == "checkboxes" for text in f.options]
    if len(set(labels)) != len(labels) or len({f.id for f in out}) != len(out):
        raise ValueError(f"form {kind}: labels and ids must be unique")
    return tuple(out)


def group_label(kind: str, group: str) -> tuple[str, str]:
    """The heading and help of a group of fields (an object of the schema), e.g. ('Organisation', '…')."""
    spec = next(s for s in table(kind) if s.key == group)
    return spec.label, GROUP_HELP.get((kind, group)) or GROUP_HELP.get(("*", group)) or spec.doc


def sections(kind: str) -> list[tuple[FormField, tuple[str, str] | None]]:
    """The fields of a form, each with the (heading, help) of the section it opens, or None.

    An object of the schema (organisation, cost, reuse, contact) is a section of its own; the top-level
    fields after one get a heading from ``RUN_HEADINGS`` (the report and the confirmation have none)."""
    out: list[tuple[FormField, tuple[str, str] | None]] = []
    group = ""
    for field in fields(kind):
        heading = None
        if field.group and field.group != group:
            heading = group_label(kind, field.group)
        elif group and not field.group and field.path:
            heading = (RUN_HEADINGS.get(field.path, "Weitere Angaben"), "")
        group = field.group
        out.append((field, heading))
    return out


def required_note(field: FormField) -> str:
    if field.form == "confirm":
        return "Pflicht"
    if field.path == "organisation.state":
        return "Pflicht in Deutschland"
    return "Pflicht" if field.required else "freiwillig"


# --- GitHub issue forms ----------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; texts with line breaks as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

GITHUB_HEADER = (
    "# Generated by `python -m generator forms` from the schema table (generator/schema.py, generator/forms.py).\n"
    "# Do not edit by hand: change the schema or forms.py and run the command again. `python -m generator\n"
    "# from-issue` reads the issues by the labels below; a test fails when this file and the schema differ.\n"
)


_PLACEHOLDER_TAG = re.compile(r"(?<![`\w])([^\s`]*<[a-z]+>[^\s`.,;:)]*)")


def github_markdown(text: str) -> str:
    """A help text as GitHub shows it (Markdown): '/faelle/<id>/' in backticks, or '<id>' would vanish as a tag."""
    return _PLACEHOLDER_TAG.sub(r"`\1`", text)


def github_form(kind: str) -> dict[str, Any]:
    """The GitHub issue form of ``kind`` as data."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": INTRO[kind]}}]
    for field, heading in sections(kind):
        if heading is not None:
            title, text = heading
            body.append({"type": "markdown", "attributes": {"value": f"## {title}\n\n{text}" if text
                                                            else f"## {title}"}})
        attributes: dict[str, Any] = {"label": field.label}
        if field.description:
            attributes["description"] = github_markdown(field.description)
        element: dict[str, Any] = {"type": field.type, "id": field.id, "attributes": attributes}
        if field.type == "checkboxes":
            attributes["options"] = [{"label": text, "required": required}
                                     for text, required in zip(field.options, field.required_options, strict=True)]
        elif field.type == "dropdown":
            if field.multiple:
                attributes["multiple"] = True
            attributes["options"] = list(field.options)
            if field.default is not None:
                attributes["default"] = field.default
        else:
            if field.placeholder:
                attributes["placeholder"] = field.placeholder
            if field.value:
                attributes["value"] = field.value
        if field.type != "checkboxes":
            element["validations"] = {"required": field.required}
        body.append(element)
    return {"name": NAMES[kind], "description": DESCRIPTIONS[kind], "title": TITLES[kind],
            "labels": list(ISSUE_LABELS[kind]), "body": body}


def github_text(kind: str) -> str:
    dumped = yaml.dump(github_form(kind), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                       default_flow_style=False)
    return GITHUB_HEADER + dumped


# --- GitLab issue templates ----------------------------------------------------------------------------

GITLAB_HEADER = (
    "<!--\n"
    "Generated by `python -m generator forms` from the schema table (generator/schema.py, generator/forms.py).\n"
    "Do not edit by hand: change the schema or forms.py and run the command again.\n"
    "-->\n"
)


def _comment(text: str) -> str:
    """An HTML comment that stays one: '--' cannot end it early."""
    return "<!-- " + text.replace("--", "–") + " -->"


def gitlab_help(field: FormField) -> str:
    """The help line under a heading of the GitLab template (without the comment marks)."""
    if field.type == "checkboxes":
        return f"{HELP_PREFIX} Bitte ankreuzen ([x]). ({required_note(field)})"
    text = f"{HELP_PREFIX} {field.description}"
    if field.type == "dropdown":
        short = len(field.options) <= LONG_VOCABULARY
        if field.multiple:
            text += " Bitte ankreuzen ([x])." if short else " Mehrere durch Komma getrennt."
        elif short:
            text += " Bitte genau eine Angabe ankreuzen ([x])."
        else:
            vocab = vocabularies.load(field.vocab or "")
            known = [slug for slug in (COUNTRY_EXAMPLES if field.vocab == "countries" else field.choices[:3])
                     if slug in vocab]
            examples = ", ".join(f"{vocab.label(slug)} ({slug})" for slug in known)
            text += f" Bitte den deutschen Namen oder das Kürzel eintragen, z. B. {examples}."
    elif field.placeholder and field.form != "report" and field.placeholder != "https://" \
            and "z. B." not in field.description:
        example = field.placeholder.removeprefix("z. B. ").replace("\n", "; ")
        text += f" Beispiel: {example}"
    return text if "Pflicht" in text else f"{text} ({required_note(field)})"


def gitlab_text(kind: str) -> str:
    """The GitLab issue template of ``kind``: one '### <label>' section per field, help as a comment."""
    labels = " ".join(f'~"{name}"' for name in ISSUE_LABELS[kind])
    out = [GITLAB_HEADER, f"/label {labels}", "", _comment(GITLAB_INTRO[kind]), ""]
    for field, heading in sections(kind):
        if heading is not None:  # a comment, not a heading: it would end up in the answer above it
            title, text = heading
            out += [_comment(f"{HELP_PREFIX} Abschnitt „{title}“" + (f": {text}" if text else "")), ""]
        out += [f"### {field.label}", "", _comment(gitlab_help(field)), ""]
        if field.type == "checkboxes" or (field.type == "dropdown" and len(field.options) <= LONG_VOCABULARY):
            defaults = {field.default} if field.default is not None else set()
            out += [f"- [{'x' if index in defaults else ' '}] {option}" for index, option in enumerate(field.options)]
            out.append("")
        elif field.type == "dropdown" and field.default is not None:
            out += [field.options[field.default], ""]
        elif field.value:
            out += [field.value, ""]
        else:
            out += ["", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- writing ---------------------------------------------------------------------------------------------

def texts() -> dict[Path, str]:
    """Every generated file (path relative to the project) with its content."""
    out: dict[Path, str] = {}
    for kind in KINDS:
        out[GITHUB_FILES[kind]] = github_text(kind)
        out[GITLAB_FILES[kind]] = gitlab_text(kind)
    return out


def write(project: Path) -> list[Path]:
    """Write the forms into the project folder; returns the paths written."""
    written = []
    for relative, text in texts().items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written
