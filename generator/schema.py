"""The case format, version 1: the one definition of every front-matter field.

The validator (``validate.py``), the published JSON Schema (``json_schema()``),
the field reference on the contributor page and the template written by
``python -m generator new`` are all derived from ``CASE_FIELDS`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Iterator

from . import vocabularies

SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# SPDX license identifiers and simple expressions ("MIT OR Apache-2.0").
SPDX_PATTERN = r"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
AGS_PATTERN = r"^[0-9]{8}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"


@dataclass(frozen=True)
class Field:
    """One front-matter key: its type, its rules, its German label and its German help text.

    ``kind`` is one of: integer, number, string, markdown, enum, date,
    partial_date, url, email, list, object, amount, case_entry (a collection's
    entry: a case id, or a mapping of ``fields``).
    """

    key: str
    kind: str
    doc: str
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    vocab: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    const: Any = None
    items: "Field | None" = None
    fields: tuple["Field", ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    unique: bool = False
    plain_text: bool = False  # no HTML or Markdown markup expected: tags are refused
    schemes: tuple[str, ...] = ("https", "http")  # for kind "url"
    example: Any = None
    label: str = ""  # what a German reader calls the field ("Lösung" for solution); suggestions use it

    def child(self, key: str) -> "Field | None":
        return self._children.get(key)

    @cached_property
    def _children(self) -> dict[str, "Field"]:
        return {sub.key: sub for sub in self.fields}

    @cached_property
    def known_keys(self) -> tuple[str, ...]:
        return tuple(sub.key for sub in self.fields)

    @property
    def choices(self) -> tuple[str, ...]:
        return vocabularies.load(self.vocab).slugs if self.vocab else ()


def _link_list(key: str, doc: str, label: str) -> Field:
    return Field(
        key, "list", doc, label=label,
        items=Field("", "object", "Ein Eintrag mit Titel und Adresse.", fields=(
            Field("title", "string", "Titel des Links.", label="Titel", required=True, min_length=1, max_length=200),
            Field("url", "url", "Adresse, beginnend mit https:// oder http://.", label="Adresse", required=True),
        )),
    )


def _amount(key: str, doc: str, label: str) -> Field:
    return Field(key, "amount", doc, label=label, minimum=0, fields=(
        Field("min", "integer", "Untergrenze in Euro.", label="Untergrenze", required=True, minimum=0),
        Field("max", "integer", "Obergrenze in Euro.", label="Obergrenze", required=True, minimum=0),
    ))


ORGANISATION = Field(
    "organisation", "object", "Die Organisation, die das Projekt umgesetzt hat.", label="Organisation", required=True,
    fields=(
        Field("name", "string", "Name, z. B. 'Stadt Ludwigsburg'.", label="Name", required=True, min_length=2,
              max_length=120),
        Field("type", "enum", "Art der Organisation.", label="Art", required=True, vocab="organisation_types",
              example="city"),
        Field("country", "enum", "Staat als zweistelliger Ländercode (ISO 3166-1), z. B. DE, ES, NO.", label="Staat",
              required=True, vocab="countries", example="DE",
              pattern_hint="Bitte den zweistelligen Code nach ISO 3166-1 verwenden, z. B. DE (Deutschland), "
              "AT (Österreich), ES (Spanien)."),
        Field("state", "enum", "Bundesland als Kürzel (Pflicht in Deutschland), z. B. BW, BY, NW.",
              label="Bundesland", vocab="states"),
        Field("ags", "string", "Amtlicher Gemeindeschlüssel: genau 8 Ziffern, führende Nullen bleiben.",
              label="Gemeindeschlüssel", pattern=AGS_PATTERN, pattern_hint="genau 8 Ziffern, z. B. '08118048'"),
        Field("population", "integer", "Einwohnerzahl als ganze Zahl ohne Punkte, z. B. 93000.",
              label="Einwohnerzahl", minimum=1),
        Field("unit", "string", "Zuständige Organisationseinheit, z. B. 'Referat Nachhaltige "
              "Stadtentwicklung'.", label="Organisationseinheit", max_length=200),
    ))

CONTACT = Field(
    "contact", "object", "Kontakt für Rückfragen; ein Funktionspostfach ist besser als eine persönliche Adresse.",
    label="Kontakt", required=True, fields=(
        Field("unit", "string", "Zuständige Stelle.", label="Zuständige Stelle", required=True, min_length=2,
              max_length=200),
        Field("email", "email", "E-Mail-Adresse, am besten ein Funktionspostfach.", label="E-Mail",
              required=True),
        Field("name", "string", "Name einer Ansprechperson.", label="Ansprechperson", max_length=120),
        Field("phone", "string", "Telefonnummer.", label="Telefon", max_length=40,
              pattern=r"^[0-9+()/ .-]{5,40}$", pattern_hint="nur Ziffern, Leerzeichen und + ( ) / . -"),
        Field("url", "url", "Webseite der Stelle (https://…).", label="Webseite",
              schemes=("https", "http", "mailto")),
    ))

REVIEWED = Field("reviewed", "date", "Datum der letzten Prüfung als JJJJ-MM-TT, nicht in der Zukunft.",
                 label="Zuletzt geprüft", required=True)
CONTENT_LICENSE = Field("content_license", "string", "Lizenz dieses Textes als SPDX-Kennung, meist CC-BY-4.0.",
                        label="Lizenz des Textes", required=True, pattern=SPDX_PATTERN,
                        pattern_hint="eine SPDX-Kennung wie 'CC-BY-4.0'", example="CC-BY-4.0")
SCHEMA = Field("schema", "integer", "Version des Fallformats. Immer 1.", label="Formatversion", required=True,
               const=1, example=1)


CASE_FIELDS: tuple[Field, ...] = (
    SCHEMA,
    Field("id", "string", "Kennung des Falls: Kleinbuchstaben, Ziffern und Bindestriche, gleich dem Dateinamen "
          "ohne .md. Sie bildet die Adresse /faelle/<id>/ und ändert sich nach der Veröffentlichung nie.",
          label="Kennung", required=True, min_length=3, max_length=80, pattern=SLUG_PATTERN,
          pattern_hint="nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, z. B. 'musterstadt-buergerapp'"),
    Field("redirect_from", "list", "Frühere Kennungen dieses Falls, deren Adressen weiter funktionieren sollen.",
          label="Frühere Kennungen",
          unique=True, items=Field("", "string", "Eine frühere Kennung.", min_length=3, max_length=80,
                                   pattern=SLUG_PATTERN,
                                   pattern_hint="nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche")),
    Field("title", "string", "Titel des Praxisbeispiels, reiner Text.", label="Titel", required=True, min_length=5,
          max_length=120, plain_text=True),
    Field("summary", "string", "Ein bis zwei Sätze für Trefferlisten, reiner Text.", label="Zusammenfassung",
          required=True, min_length=20, max_length=300, plain_text=True),
    Field("lang", "language", "Sprache des Falltextes als Sprachkürzel, z. B. de, en, fr, es, ca.", label="Sprache",
          required=True, pattern=LANG_PATTERN, vocab="languages", pattern_hint="ein Sprachkürzel wie 'de' oder 'en'",
          example="de"),
    ORGANISATION,
    Field("partners", "list", "Beteiligte Partner mit ihrer Rolle.", label="Partner", items=Field(
        "", "object", "Ein Partner.", fields=(
            Field("name", "string", "Name des Partners.", label="Name", required=True, min_length=2, max_length=200),
            Field("role", "enum", "Rolle des Partners.", label="Rolle", required=True, vocab="partner_roles"),
        ))),
    Field("topics", "list", "Ein bis drei Themen aus der Themenliste.", label="Themen", required=True, min_items=1,
          max_items=3, unique=True, items=Field("", "enum", "Ein Thema.", vocab="topics")),
    Field("tags", "list", "Bis zu acht Schlagwörter in Kleinbuchstaben mit Bindestrichen.", label="Schlagwörter",
          max_items=8,
          unique=True, items=Field("", "string", "Ein Schlagwort.", max_length=60, pattern=SLUG_PATTERN,
                                   pattern_hint="nur Kleinbuchstaben a–z, Ziffern und Bindestriche, "
                                   "z. B. 'open-data'")),
    Field("status", "enum", "Stand des Projekts.", label="Stand", required=True, vocab="statuses", example="planning"),
    Field("started", "partial_date", "Beginn als JJJJ, JJJJ-MM oder JJJJ-MM-TT.", label="Beginn", required=True),
    Field("ended", "partial_date", "Ende als JJJJ, JJJJ-MM oder JJJJ-MM-TT, nicht vor dem Beginn.", label="Ende"),
    Field("problem", "markdown", "Ausgangslage: die Situation vor dem Projekt (Markdown, 50–1500 Zeichen).",
          label="Ausgangslage", required=True, min_length=50, max_length=1500),
    Field("solution", "markdown", "Lösung: was getan wurde (Markdown, 50–1500 Zeichen).", label="Lösung", required=True,
          min_length=50, max_length=1500),
    Field("results", "markdown", "Ergebnisse: gemessene Wirkungen (Markdown, bis 1500 Zeichen).", label="Ergebnisse",
          max_length=1500),
    Field("cost", "object", "Kosten und Aufwand; jede Angabe ist freiwillig, {} heißt 'unbekannt'.", label="Kosten",
          required=True, example={}, fields=(
              _amount("one_time_eur", "Einmalige Kosten in Euro: eine ganze Zahl oder {min: …, max: …}.",
                      "Einmalige Kosten"),
              _amount("annual_eur", "Laufende Kosten pro Jahr in Euro: eine ganze Zahl oder {min: …, max: …}.",
                      "Laufende Kosten"),
              Field("staff_fte", "number", "Personalaufwand in Vollzeitstellen, z. B. 0.5.", label="Personalaufwand",
                    minimum=0),
              Field("funding", "list", "Förderungen.", label="Förderung", items=Field(
                  "", "object", "Eine Förderung.", fields=(
                      Field("programme", "string", "Name des Förderprogramms.", label="Förderprogramm",
                            required=True, min_length=2, max_length=200),
                      Field("funder", "string", "Fördermittelgeber.", label="Fördermittelgeber", required=True,
                            min_length=2, max_length=200),
                  ))),
              Field("notes", "string", "Anmerkungen zu den Kosten, reiner Text bis 500 Zeichen.", label="Anmerkungen",
                    max_length=500, plain_text=True),
          )),
    Field("reuse", "object", "Nachnutzung: was andere Kommunen übernehmen können.", label="Nachnutzung",
          required=True, fields=(
        Field("level", "enum", "Stufe der Nachnutzbarkeit.", label="Stufe", required=True, vocab="reuse_levels",
              example="inspiration"),
        Field("effort", "enum", "Aufwand für eine Kommune, die das Projekt übernimmt.", label="Aufwand", required=True,
              vocab="efforts", example="medium"),
        Field("requirements", "markdown", "Was eine übernehmende Kommune braucht (Markdown, 20–1000 Zeichen).",
              label="Voraussetzungen", required=True, min_length=20, max_length=1000),
        Field("license", "string", "Lizenz des nachnutzbaren Materials als SPDX-Kennung, z. B. EUPL-1.2.",
              label="Lizenz", pattern=SPDX_PATTERN, pattern_hint="eine SPDX-Kennung wie 'EUPL-1.2' oder 'CC-BY-4.0'"),
        Field("repository", "url", "Adresse des Quellcodes oder Materials (https://…).", label="Quellcode",
              schemes=("https",)),
        _link_list("materials", "Material zum Nachnutzen: Einträge mit title und url.", "Materialien"),
        Field("conditions", "markdown", "Zu welchen Bedingungen eine andere Kommune mitmachen oder übernehmen kann, "
              "z. B. Anschlusskosten, Kostenbeteiligung, Vereinbarung (Markdown, 20–1000 Zeichen).",
              label="Bedingungen", min_length=20, max_length=1000),
        Field("agreement", "url", "Adresse der Vereinbarung oder Vertragsvorlage, die eine übernehmende Kommune "
              "unterschreibt (https://…).", label="Vereinbarung", schemes=("https",)),
    )),
    Field("adopted_from", "string", "Kennung des Falls, den dieses Projekt übernommen hat.", label="Übernommen von",
          min_length=3, max_length=80, pattern=SLUG_PATTERN, pattern_hint="die Kennung (id) eines bestehenden Falls"),
    Field("related", "list", "Kennungen verwandter Fälle.", label="Verwandte Fälle", unique=True, items=Field(
        "", "string", "Kennung eines verwandten Falls.", min_length=3, max_length=80, pattern=SLUG_PATTERN,
        pattern_hint="die Kennung (id) eines bestehenden Falls")),
    CONTACT,
    _link_list("links", "Weitere Links: Einträge mit title und url.", "Weitere Links"),
    Field("sdgs", "list", "Nachhaltigkeitsziele der Vereinten Nationen, Nummern 1 bis 17.",
          label="Nachhaltigkeitsziele", unique=True,
          items=Field("", "integer", "Nummer eines Nachhaltigkeitsziels.", minimum=1, maximum=17)),
    CONTENT_LICENSE,
    Field("withdrawn", "string", "Nur wenn der Fall zurückgezogen ist: der Grund, reiner Text. Die Seite zeigt "
          "dann nur noch diesen Hinweis.", label="Zurückgezogen", min_length=5, max_length=500, plain_text=True),
    REVIEWED,
)

ROOT = Field("", "object", "Ein Praxisbeispiel.", fields=CASE_FIELDS)

ADOPTION_FIELDS: tuple[Field, ...] = (
    SCHEMA,
    Field("case", "string", "Kennung (id) des Falls, der übernommen wurde, z. B. 'musterstadt-maengelmelder'. "
          "Sie steht in der Adresse des Falls: /faelle/<id>/.", label="Übernommener Fall", required=True,
          min_length=3, max_length=80, pattern=SLUG_PATTERN, pattern_hint="die Kennung (id) eines bestehenden Falls"),
    replace(ORGANISATION, doc="Die Kommune oder Organisation, die den Fall übernommen hat."),
    Field("status", "enum", "Stand der Übernahme: planning (in Planung), pilot (Pilotphase), operation (im "
          "Betrieb) oder discontinued (eingestellt; den Grund bitte unter 'changes' nennen).", label="Stand",
          required=True, vocab="adoption_statuses", example="operation"),
    Field("since", "partial_date", "Seit wann die Lösung übernommen wird, als JJJJ, JJJJ-MM oder JJJJ-MM-TT; "
          "nicht vor dem Beginn des übernommenen Falls.", label="Seit", required=True),
    replace(CONTACT, doc="Kontakt bei der übernehmenden Stelle für Rückfragen anderer Kommunen; ein "
            "Funktionspostfach ist besser als eine persönliche Adresse."),
    Field("changes", "markdown", "Was bei der Übernahme geändert oder gelernt wurde; bei einer eingestellten "
          "Übernahme der Grund (Markdown, bis 1000 Zeichen).", label="Änderungen", max_length=1000),
    CONTENT_LICENSE,
    REVIEWED,
)

ADOPTION_ROOT = Field("", "object", "Eine Nachnutzungsmeldung.", fields=ADOPTION_FIELDS)
ADOPTION_MARKDOWN_KEYS = ("changes",)
MARKDOWN_KEYS = ("problem", "solution", "results", "reuse.requirements", "reuse.conditions")

COLLECTION_FIELDS: tuple[Field, ...] = (
    Field("title", "string", "Titel der Sammlung, reiner Text, z. B. 'Netzwerktag Kommune 2.0: Digitale "
          "Bürgerdienste'.", label="Titel", required=True, min_length=5, max_length=120, plain_text=True),
    Field("event", "object", "Die Veranstaltung, bei der die Fälle vorgestellt werden (freiwillig): name und date "
          "sind dann Pflicht, place und url freiwillig.", label="Veranstaltung", fields=(
        Field("name", "string", "Name der Veranstaltung, z. B. 'Netzwerktag Kommune 2.0'.", label="Name",
              required=True, min_length=3, max_length=120, plain_text=True),
        Field("date", "date", "Datum der Veranstaltung als JJJJ-MM-TT; bei mehreren Tagen der erste.",
              label="Datum", required=True),
        Field("place", "string", "Ort der Veranstaltung, z. B. 'Ludwigsburg, Forum am Schlosspark'.", label="Ort",
              min_length=2, max_length=120, plain_text=True),
        Field("url", "url", "Webseite der Veranstaltung (https://…).", label="Webseite"),
    )),
    Field("summary", "string", "Worum es in der Sammlung geht, ein bis zwei Sätze, reiner Text.",
          label="Zusammenfassung", required=True, min_length=20, max_length=300, plain_text=True),
    Field("cases", "list", "Die Fälle der Sammlung in der gewünschten Reihenfolge (1 bis 100): je Zeile eine "
          "Kennung, z. B. '- musterstadt-maengelmelder', oder '- id: …' mit 'note: …' darunter für eine Anmerkung.",
          label="Fälle", required=True, min_items=1, max_items=100, items=Field(
              "", "case_entry", "Kennung eines Falls oder {id, note}.", fields=(
                  Field("id", "string", "Kennung (id) des Falls; sie steht in der Adresse /faelle/<id>/.",
                        label="Kennung", required=True, min_length=3, max_length=80, pattern=SLUG_PATTERN,
                        pattern_hint="die Kennung (id) eines bestehenden Falls"),
                  Field("note", "string", "Anmerkung zum Fall in dieser Sammlung, z. B. wer ihn vorstellt, "
                        "reiner Text bis 300 Zeichen.", label="Anmerkung", max_length=300, plain_text=True),
              ))),
)

COLLECTION_ROOT = Field("", "object", "Eine Sammlung von Fällen.", fields=COLLECTION_FIELDS)


def walk(fields: tuple[Field, ...] = CASE_FIELDS, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field with its dotted path, depth first (list items as ``key[]``)."""
    for spec in fields:
        path = f"{prefix}{spec.key}"
        yield path, spec
        if spec.kind == "object":
            yield from walk(spec.fields, path + ".")
        elif spec.kind == "list" and spec.items is not None and spec.items.kind in ("object", "case_entry"):
            yield from walk(spec.items.fields, path + "[].")


# --- JSON Schema -----------------------------------------------------------------------------------

def _json(spec: Field) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if spec.doc:
        out["description"] = spec.doc
    kind = spec.kind
    if kind == "integer":
        out["type"] = "integer"
    elif kind == "number":
        out["type"] = "number"
    elif kind in ("string", "markdown", "language", "email", "url", "date", "partial_date"):
        out["type"] = "string"
        if kind == "markdown":
            out["contentMediaType"] = "text/markdown"
        if kind == "email":
            out["format"] = "email"
            out.setdefault("pattern", EMAIL_PATTERN)
        if kind == "url":
            out["format"] = "uri"
            out["pattern"] = "^(" + "|".join(f"{scheme}:" for scheme in spec.schemes) + ")"
        if kind == "date":
            out["format"] = "date"
            out["pattern"] = DATE_PATTERN
        if kind == "partial_date":  # a bare year is an integer to YAML-aware editors
            del out["type"]
            out["anyOf"] = [{"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                            {"type": "integer", "minimum": 1000, "maximum": 9999}]
    elif kind == "enum":
        out["type"] = "string"
        out["enum"] = list(spec.choices)
    elif kind == "list":
        out["type"] = "array"
        if spec.items is not None:
            out["items"] = _json(spec.items)
        if spec.unique:
            out["uniqueItems"] = True
    elif kind == "object":
        out["type"] = "object"
        out["properties"] = {sub.key: _json(sub) for sub in spec.fields}
        required = [sub.key for sub in spec.fields if sub.required]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
    elif kind == "case_entry":  # a collection's entry: the id alone, or {id, note}
        item = {"type": "object", "properties": {sub.key: _json(sub) for sub in spec.fields},
                "required": [sub.key for sub in spec.fields if sub.required], "additionalProperties": False}
        out["oneOf"] = [_json(spec.child("id")), item]
    elif kind == "amount":
        out["oneOf"] = [
            {"type": "integer", "minimum": 0},
            {"type": "object", "properties": {sub.key: _json(sub) for sub in spec.fields},
             "required": ["min", "max"], "additionalProperties": False},
        ]
    if spec.min_length is not None:
        out["minLength"] = spec.min_length
    if spec.max_length is not None:
        out["maxLength"] = spec.max_length
    if spec.pattern is not None and kind not in ("url",):
        out["pattern"] = spec.pattern
    if spec.minimum is not None and kind != "amount":
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.const is not None:
        out["const"] = spec.const
    if spec.min_items is not None:
        out["minItems"] = spec.min_items
    if spec.max_items is not None:
        out["maxItems"] = spec.max_items
    return out


SCHEMA_BASE = "https://praxisboerse.example/schema/"  # where the site publishes the schemas (layout.SCHEMA)


_SCHEMA_NAMES = {"case": "fall", "adoption": "nachnutzung", "collection": "sammlung"}
_SCHEMA_ROOTS = {"case": ROOT, "adoption": ADOPTION_ROOT, "collection": COLLECTION_ROOT}
_SCHEMA_TITLES = {"case": "Praxisbeispiel", "adoption": "Nachnutzungsmeldung", "collection": "Sammlung"}


def schema_url(kind: str = "case") -> str:
    """The stable address of the JSON Schema of a case, an adoption record (``kind="adoption"``) or a
    collection (``kind="collection"``): its ``$id``, the file the site publishes, and what the editor line
    of a new file points to."""
    return f"{SCHEMA_BASE}{_SCHEMA_NAMES[kind]}-v1.json"


EDITOR_LINE = "# yaml-language-server: $schema="  # + schema_url(): editors with the YAML language server check as you type


def json_schema(kind: str = "case") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the front-matter of a case, an adoption record
    (``kind="adoption"``) or a collection (``kind="collection"``)."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url(kind),
        "title": f"{_SCHEMA_TITLES[kind]} (Fallformat Version 1)",
        **_json(_SCHEMA_ROOTS[kind]),
    }
    if kind == "collection":
        return schema
    organisation = schema["properties"]["organisation"]
    organisation["if"] = {"properties": {"country": {"const": "DE"}}, "required": ["country"]}
    organisation["then"] = {"required": ["state"]}
    return schema
