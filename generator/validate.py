"""Checking one case against the contract, field by field, from the schema table.

Works on YAML nodes, so every problem has a line and column and every string
keeps exactly what the author wrote (``ags: 01001000`` stays ``"01001000"``,
``country: NO`` stays ``"NO"``). Returns plain Python values for the catalog.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from functools import cache
from typing import Any

import yaml

from . import markdown_check, markup, schema, vocabularies
from .diagnostics import Reporter
from .loader import FM_LINE_OFFSET, Source
from .schema import Field
from .text import slugify

MISSING = object()
_INT = re.compile(r"^[+]?[0-9]+$")
_GERMAN_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_NUMBER = re.compile(r"^[+]?[0-9]+(\.[0-9]+)?$")
_GERMAN_DECIMAL = re.compile(r"^[0-9]+,[0-9]+$")
_NULL_TAG = "tag:yaml.org,2002:null"
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^<>]*")
_TYPE_NAMES = {
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "list": "eine Liste (jede Zeile beginnt mit '- ')",
    "object": "eingerückte Angaben der Form 'schlüssel: wert'",
    "amount": "einen Betrag in Euro als ganze Zahl oder {min: …, max: …}",
}


@cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "eine Liste"
    if isinstance(node, yaml.MappingNode):
        return "eingerückte Angaben"
    return f"'{node.value}'"


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()]
    return f" Meinten Sie '{close[0]}'?" if close else ""


# --- suggestions for unknown keys ------------------------------------------------------------------
#
# A key is either a typo of an English key ('adoptd_from') or a German word for a field ('lösung',
# 'kosten'), matched against the German labels of the schema table. Where neither is close, nothing is
# suggested: a wrong suggestion ('lösung' → 'lang') misleads more than none.

KEY_CUTOFF = 0.8  # difflib ratio for a typo of an English key: 'titel' → 'title' (0.8), not 'lösung' → 'lang'
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
_LABEL_FILLERS = frozenset({"weitere", "fruehere", "zuletzt", "textes", "zustaendige", "faelle"})


def _fold(text: str) -> str:
    """Lower case, umlauts written out, anything else than letters and digits one space: 'Lösung' → 'loesung'."""
    return _NOT_LETTERS.sub(" ", text.lower().translate(_UMLAUTS)).strip()


def _meaning(word: str, label: str) -> float:
    """How well a folded German word names the field with this label: 1 for the label itself, 0 for no match."""
    folded = _fold(label)
    candidates = {folded.replace(" ", "")} | {w for w in folded.split() if len(w) >= 4 and w not in _LABEL_FILLERS}
    best = 0.0
    for candidate in candidates:
        if word == candidate:
            return 1.0
        common = len(os.path.commonprefix([word, candidate]))
        shorter, longer = sorted((len(word), len(candidate)))
        if common >= 4 and common >= 0.8 * shorter and longer - common <= 2:
            score = 0.95  # another ending: 'thema' → 'Themen', 'einmalig' → 'Einmalige Kosten'
        elif len(word) >= 5 and candidate.startswith(word):
            score = 0.9  # the start of the word: 'einwohner' → 'Einwohnerzahl'
        elif len(candidate) >= 6 and word.startswith(candidate):
            score = 0.85  # a compound of it: 'kontaktdaten' → 'Kontakt'
        else:
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            score = 0.9 * ratio if ratio >= 0.85 else 0.0  # a typo: 'zusamenfassung'
        best = max(best, score)
    return best


def key_suggestion(key: str, spec: Field) -> str:
    """' Meinten Sie …?' for a key that ``spec`` does not know, or '' when nothing is close enough."""
    known = spec.known_keys
    plain = re.sub(r"[\s-]+", "_", key.strip().lower().translate(_UMLAUTS))  # 'one-time' → 'one_time
    same = [k for k in known if k.lower() == plain]
    close = same or difflib.get_close_matches(plain, known, n=1, cutoff=KEY_CUTOFF)
    if close:
        return f" Meinten Sie '{close[0]}'?"
    word = _fold(key).replace(" ", "")
    scores = {sub.key: _meaning(word, sub.label) for sub in spec.fields if sub.label} if len(word) >= 3 else {}
    best = max(scores.values(), default=0.0)
    winners = [k for k, score in scores.items() if score == best]
    if best and len(winners) == 1:
        sub = spec.child(winners[0])
        return f" Meinten Sie '{sub.key}' ({sub.label})? Die Schlüssel werden englisch geschrieben."
    starts = [k for k in known if len(plain) >= 4 and len(k) >= 4 and (k.startswith(plain) or plain.startswith(k))]
    return f" Meinten Sie '{starts[0]}'?" if len(starts) == 1 else ""  # 'language' → 'lang', 'orga' → …


class CaseValidator:
    """Validates the front-matter and body of one loaded case file."""

    root = schema.ROOT
    markdown_keys = schema.MARKDOWN_KEYS
    noun = "Der Fall"

    def __init__(self, source: Source, report: Reporter, today: date) -> None:
        self.source = source
        self.report = report
        self.today = today
        self.where: dict[str, tuple[int, int]] = {}
        self.nodes: dict[str, yaml.Node] = {}

    # --- positions and reporting ------------------------------------------------------------------

    @staticmethod
    def pos(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + FM_LINE_OFFSET, node.start_mark.column + 1

    def error(self, at: yaml.Node | tuple[int, int], key: str, message: str, rule: str) -> None:
        line, column = self.pos(at) if isinstance(at, yaml.Node) else at
        self.report.error(line, column, key, message, rule)

    def warning(self, at: yaml.Node | tuple[int, int], key: str, message: str, rule: str) -> None:
        line, column = self.pos(at) if isinstance(at, yaml.Node) else at
        self.report.warning(line, column, key, message, rule)

    # --- the walk ---------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        data = self.mapping(self.root, self.source.front, "")
        if data is MISSING:
            return {}
        self.cross_checks(data)
        self.markdown(data)
        return data

    def value(self, spec: Field, node: yaml.Node, path: str) -> Any:
        self.where[path] = self.pos(node)
        self.nodes[path] = node
        kind = spec.kind
        if kind == "object":
            return self.mapping(spec, node, path)
        if kind == "list":
            return self.sequence(spec, node, path)
        if kind == "case_entry":
            if isinstance(node, yaml.MappingNode):
                return self.mapping(spec, node, path)
            case_id = self.value(spec.child("id"), node, f"{path}.id")
            return MISSING if case_id is MISSING else {"id": case_id}
        if kind == "amount":
            if isinstance(node, yaml.MappingNode):
                return self.amount_range(spec, node, path)
            return self.integer(spec, node, path, type_name=_TYPE_NAMES["amount"])
        if kind == "integer":
            return self.integer(spec, node, path)
        if kind == "number":
            return self.number(spec, node, path)
        return self.string(spec, node, path)

    def mapping(self, spec: Field, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"Erwartet {_TYPE_NAMES['object']}, gefunden {_found(node)}. {spec.doc}",
                       "type")
            return MISSING
        known = spec.known_keys
        seen: dict[str, yaml.Node] = {}
        result: dict[str, Any] = {}
        last_known: tuple[yaml.Node, yaml.Node, Field] | None = None  # the entry before, for 'belongs under' hints
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "Ein Schlüssel muss ein einfaches Wort sein.", "type")
                continue
            key = key_node.value
            sub_path = f"{path}.{key}" if path else key
            if key in seen:
                first = self.pos(seen[key])[0]
                self.error(key_node, sub_path, f"Der Schlüssel '{key}' kommt doppelt vor (zuerst in Zeile "
                           f"{first}). Bitte eine der beiden Zeilen entfernen.", "duplicate-key")
                continue
            seen[key] = key_node
            sub = spec.child(key)
            if sub is None:
                where = f"unter '{path}'" if path else "hier"
                hint = self.belongs_to(key, last_known, path) or key_suggestion(key, spec)
                self.error(key_node, sub_path, f"Den Schlüssel '{key}' gibt es {where} nicht.{hint}"
                           f" Erlaubt sind: {', '.join(known)}.", "unknown-key")
                continue
            last_known = key_node, value_node, sub
            if _is_null(value_node):
                self.where[sub_path] = self.pos(value_node)
                if sub.required:
                    self.error(key_node, sub_path, f"Die Angabe ist leer. Bitte ausfüllen: {sub.doc}", "empty")
                continue  # an empty optional key means "not given"
            value = self.value(sub, value_node, sub_path)
            if value is not MISSING:
                result[key] = value
        for sub in spec.fields:
            if sub.required and sub.key not in seen:
                sub_path = f"{path}.{sub.key}" if path else sub.key
                line, column = self.pos(node)
                where = f" unter '{path}'" if path else ""
                self.error((line, column), sub_path, f"Die Pflichtangabe '{sub.key}'{where} fehlt. Bitte "
                           f"ergänzen: {sub.doc}", "missing")
        return result

    def belongs_to(self, key: str, last_known: tuple[yaml.Node, yaml.Node, Field] | None, path: str) -> str:
        """A hint for a key that the block just above knows: its line slipped to the left ('unit' of 'contact')."""
        if last_known is None:
            return ""
        key_node, value_node, above = last_known
        name = f"{path}.{above.key}" if path else above.key
        line = self.pos(key_node)[0]
        if isinstance(value_node, yaml.SequenceNode) and value_node.value:
            value_node = value_node.value[-1]  # the last entry of a list of mappings
        if isinstance(value_node, yaml.MappingNode) and any(k.value == key for k, _ in value_node.value):
            return ""  # the block has the key already: moving this line there would not help
        if above.kind == "object" and above.child(key) is not None:
            return (f" Gehört '{key}' zu '{name}' (Zeile {line})? Dann bitte die Zeile genauso weit einrücken wie "
                    f"die Angaben unter '{name}'.")
        if above.kind == "list" and above.items is not None and above.items.child(key) is not None:
            return (f" Gehört '{key}' zum letzten Eintrag unter '{name}' (Zeile {line})? Dann bitte die Zeile "
                    "genauso weit einrücken wie die Angaben dieses Eintrags.")
        return ""

    def sequence(self, spec: Field, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            hint = ""
            if isinstance(node, yaml.ScalarNode) and spec.items is not None and spec.items.kind != "object":
                hint = f" Zum Beispiel: {path.rsplit('.', 1)[-1]}: [{node.value}]"
            self.error(node, path, f"Erwartet {_TYPE_NAMES['list']}, gefunden {_found(node)}.{hint}", "type")
            return MISSING
        assert spec.items is not None
        items: list[Any] = []
        seen: dict[Any, int] = {}
        for index, item_node in enumerate(node.value, start=1):
            item_path = f"{path}[{index}]"
            if _is_null(item_node):
                self.error(item_node, item_path, "Der Listeneintrag ist leer. Bitte ausfüllen oder die Zeile "
                           "entfernen.", "empty")
                continue
            value = self.value(spec.items, item_node, item_path)
            if value is MISSING:
                continue
            if spec.unique and isinstance(value, (str, int)):
                if value in seen:
                    self.error(item_node, item_path, f"'{value}' steht doppelt in der Liste (schon als Eintrag "
                               f"{seen[value]}). Bitte einmal streichen.", "duplicate-item")
                    continue
                seen[value] = index
            items.append(value)
        if spec.min_items is not None and len(node.value) < spec.min_items:
            self.error(node, path, f"Die Liste braucht mindestens {spec.min_items} Eintrag/Einträge. {spec.doc}",
                       "too-few")
        if spec.max_items is not None and len(node.value) > spec.max_items:
            self.error(node.value[spec.max_items], path, f"Die Liste hat {len(node.value)} Einträge; erlaubt "
                       f"sind höchstens {spec.max_items}. Bitte die wichtigsten auswählen.", "too-many")
        return items

    def scalar(self, spec: Field, node: yaml.Node, path: str, type_name: str = "einen Text") -> str | None:
        if isinstance(node, yaml.ScalarNode):
            return node.value
        self.error(node, path, f"Erwartet {type_name}, gefunden {_found(node)}. {spec.doc}", "type")
        return None

    def integer(self, spec: Field, node: yaml.Node, path: str, type_name: str = _TYPE_NAMES["integer"]) -> Any:
        raw = self.scalar(spec, node, path, type_name)
        if raw is None:
            return MISSING
        text = raw.strip()
        if _plain(node) and _INT.match(text):
            value = int(text)
        elif _INT.match(text):
            self.error(node, path, f"Die Zahl steht in Anführungszeichen. Bitte ohne Anführungszeichen "
                       f"schreiben: {text}", "type")
            return MISSING
        elif _GERMAN_THOUSANDS.match(text):
            self.error(node, path, f"'{text}' wird als Kommazahl gelesen. Bitte ohne Tausenderpunkte "
                       f"schreiben: {text.replace('.', '')}", "type")
            return MISSING
        else:
            self.error(node, path, f"Erwartet {type_name}, gefunden '{raw}'. {spec.doc}", "type")
            return MISSING
        return self.bounds(spec, node, path, value)

    def number(self, spec: Field, node: yaml.Node, path: str) -> Any:
        raw = self.scalar(spec, node, path, _TYPE_NAMES["number"])
        if raw is None:
            return MISSING
        text = raw.strip()
        if _plain(node) and _NUMBER.match(text):
            value: float | int = float(text) if "." in text else int(text)
        elif _GERMAN_DECIMAL.match(text):
            self.error(node, path, f"Bitte einen Punkt statt des Kommas schreiben: {text.replace(',', '.')}",
                       "type")
            return MISSING
        else:
            self.error(node, path, f"Erwartet {_TYPE_NAMES['number']}, gefunden '{raw}'. {spec.doc}", "type")
            return MISSING
        return self.bounds(spec, node, path, value)

    def bounds(self, spec: Field, node: yaml.Node, path: str, value: float) -> Any:
        if spec.const is not None and value != spec.const:
            self.error(node, path, f"Muss {spec.const} sein (die einzige bekannte Version des Formats).",
                       "const")
            return MISSING
        if spec.minimum is not None and value < spec.minimum:
            self.error(node, path, f"Die Zahl muss mindestens {spec.minimum:g} sein.", "too-small")
            return MISSING
        if spec.maximum is not None and value > spec.maximum:
            self.error(node, path, f"Die Zahl darf höchstens {spec.maximum:g} sein.", "too-large")
            return MISSING
        return value

    def amount_range(self, spec: Field, node: yaml.MappingNode, path: str) -> Any:
        value = self.mapping(spec, node, path)
        if value is MISSING or "min" not in value or "max" not in value:
            return MISSING
        if value["min"] > value["max"]:
            self.error(node, path, f"Die Untergrenze min ({value['min']}) ist größer als die Obergrenze max "
                       f"({value['max']}). Bitte tauschen.", "range")
            return MISSING
        return value

    def string(self, spec: Field, node: yaml.Node, path: str) -> Any:
        raw = self.scalar(spec, node, path)
        if raw is None:
            return MISSING
        value = raw if spec.kind == "markdown" else raw.strip()
        length = len(value.strip())
        if length == 0 and spec.required:
            self.error(node, path, f"Die Angabe ist leer. Bitte ausfüllen: {spec.doc}", "empty")
            return MISSING
        if spec.min_length is not None and length < spec.min_length:
            if length == 0:
                self.error(node, path, f"Die Angabe ist leer. Bitte ausfüllen: {spec.doc}", "empty")
            else:
                self.error(node, path, f"Der Text ist zu kurz ({length} Zeichen); nötig sind mindestens "
                           f"{spec.min_length} Zeichen. {spec.doc}", "too-short")
            return MISSING
        if spec.max_length is not None and length > spec.max_length:
            self.error(node, path, f"Der Text ist zu lang ({length} Zeichen); erlaubt sind höchstens "
                       f"{spec.max_length} Zeichen. Bitte kürzen.", "too-long")
            return MISSING
        if spec.plain_text and _HTML_TAG.search(value):
            tag = _HTML_TAG.search(value).group(0)
            self.error(node, path, f"Hier ist nur reiner Text erlaubt, ohne HTML ('{tag}…'). Bitte das HTML "
                       "entfernen; Hervorhebungen gehören in den Text unten.", "plain-text")
            return MISSING
        checker = _KIND_CHECKS.get(spec.kind)
        if checker is not None and not checker(self, spec, node, path, value):
            return MISSING
        if spec.pattern and spec.kind in ("string",) and not _pattern(spec.pattern).match(value):
            hint = spec.pattern_hint or "das Format stimmt nicht"
            self.error(node, path, f"'{value}' ist so nicht gültig: {hint}.", "pattern")
            return MISSING
        return value

    # --- kind-specific checks (return False after reporting) ----------------------------------------

    def check_enum(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        choices = spec.choices
        if value in choices:
            return True
        vocab = vocabularies.load(spec.vocab or "")
        if len(choices) > 20 and spec.pattern_hint:  # too many to list: the field explains the form instead
            allowed = spec.pattern_hint
        else:
            allowed = "Zulässig: " + ", ".join(f"{slug} ({vocab.label(slug)})" for slug in choices) + "."
        hint = suggest(value, choices) or _by_label(value, vocab)
        self.error(node, path, f"'{value}' ist hier kein zulässiger Wert.{hint} {allowed}", "unknown-value")
        return False

    def check_language(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        """A BCP 47 tag whose first part is a known language; a language written by name gets its code."""
        vocab = vocabularies.load(spec.vocab or "languages")
        if not _pattern(spec.pattern or schema.LANG_PATTERN).match(value):
            hint = spec.pattern_hint or "ein Sprachkürzel"
            by_label = {label.lower(): slug for slug, label in vocab.labels.items()}
            if value.lower() in by_label:
                hint += f"; für {value} also '{by_label[value.lower()]}'"
            self.error(node, path, f"'{value}' ist so nicht gültig: {hint}.", "pattern")
            return False
        primary = value.split("-", 1)[0]
        if primary not in vocab:
            self.error(node, path, f"'{value}' ist kein bekanntes Sprachkürzel.{suggest(primary, vocab.slugs)} "
                       f"Bekannt sind: {', '.join(vocab.slugs)}.", "unknown-value")
            return False
        return True

    def check_date(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        if _pattern(schema.DATE_PATTERN).match(value) and _parse_date(value) is not None:
            return True
        iso = iso_form(value, partial=False)
        example = f"so: {iso}" if iso else f"z. B. {self.today.isoformat()}"
        self.error(node, path, f"'{value}' ist kein gültiges Datum. Bitte als JJJJ-MM-TT schreiben, {example}.",
                   "date")
        return False

    def check_partial_date(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        if _pattern(schema.PARTIAL_DATE_PATTERN).match(value) and date_bounds(value) is not None:
            return True
        iso = iso_form(value, partial=True)
        example = f"so: {iso}" if iso else "z. B. 2021 oder 2021-03"
        self.error(node, path, f"'{value}' ist kein gültiges Datum. Bitte als JJJJ, JJJJ-MM oder JJJJ-MM-TT "
                   f"schreiben, {example}.", "date")
        return False

    def check_url(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        allowed = tuple(f"{scheme}:" if scheme == "mailto" else f"{scheme}://" for scheme in spec.schemes)
        if markdown_check.unsafe_url(value) or not value.lower().startswith(allowed) or " " in value:
            self.error(node, path, f"'{value}' ist keine gültige Adresse. Sie muss mit "
                       f"{' oder '.join(allowed)} beginnen und darf keine Leerzeichen enthalten.", "url")
            return False
        return True

    def check_email(self, spec: Field, node: yaml.Node, path: str, value: str) -> bool:
        address = value[7:] if value.lower().startswith("mailto:") else value
        if _pattern(schema.EMAIL_PATTERN).match(address):
            return True
        hint = " Bitte '@' statt '(at)' schreiben." if "(at)" in address or "[at]" in address else ""
        self.error(node, path, f"'{value}' ist keine gültige E-Mail-Adresse, z. B. digital@stadt.de.{hint}", "email")
        return False

    # --- rules that involve several fields ----------------------------------------------------------

    def cross_checks(self, data: dict[str, Any]) -> None:
        stem = self.source.path.stem
        case_id = data.get("id")
        if case_id is not None and case_id != stem:
            self.error(self.where["id"], "id", f"Die Kennung '{case_id}' passt nicht zum Dateinamen "
                       f"'{self.source.path.name}'. Bitte die Datei in '{case_id}.md' umbenennen oder die "
                       f"Kennung auf '{stem}' ändern.", "id-filename")
        if case_id is not None and case_id in data.get("related", ()):
            index = data["related"].index(case_id) + 1
            self.error(self.where[f"related[{index}]"], f"related[{index}]", "Ein Fall kann nicht mit sich selbst "
                       "verwandt sein. Bitte die eigene Kennung aus 'related' entfernen.", "self-reference")
        if case_id is not None and case_id in data.get("redirect_from", ()):
            self.error(self.where["redirect_from"], "redirect_from", "'redirect_from' enthält die aktuelle "
                       "Kennung. Dort stehen nur frühere Kennungen.", "self-reference")
        if case_id is not None and data.get("adopted_from") == case_id:
            self.error(self.where["adopted_from"], "adopted_from", "Ein Fall kann nicht von sich selbst "
                       "übernommen sein.", "self-reference")
        started, ended = data.get("started"), data.get("ended")
        if started is not None and ended is not None:
            begin, _ = date_bounds(started)
            _, end = date_bounds(ended)
            if end < begin:
                self.error(self.where["ended"], "ended", f"Das Ende ({ended}) liegt vor dem Beginn "
                           f"({started}). Bitte die Daten prüfen.", "date-order")
        self.common_checks(data)

    def common_checks(self, data: dict[str, Any]) -> None:
        """Rules that cases and adoption records share: the organisation's place, the review date."""
        organisation = data.get("organisation") or {}
        country, state = organisation.get("country"), organisation.get("state")
        if country == "DE" and state is None and "organisation.state" not in self.where:
            states = ", ".join(vocabularies.states().slugs)
            self.error(self.where["organisation"], "organisation.state", "Für Kommunen in Deutschland ist das "
                       f"Bundesland Pflicht. Bitte 'state:' unter 'organisation' ergänzen ({states}).", "missing")
        if country is not None and country != "DE" and state is not None:
            self.error(self.where["organisation.state"], "organisation.state", "Ein Bundesland gibt es nur "
                       f"bei Kommunen in Deutschland (country: DE), nicht bei '{country}'. Bitte 'state' "
                       "entfernen.", "state-country")
        ags = organisation.get("ags")
        if ags is not None and state is not None:
            prefix = vocabularies.states().extra[state]["ags"]
            if not ags.startswith(prefix):
                self.error(self.where["organisation.ags"], "organisation.ags", f"Der Gemeindeschlüssel "
                           f"'{ags}' passt nicht zum Bundesland {state}: dort beginnt er mit {prefix}. "
                           "Bitte beides prüfen.", "ags-state")
        reviewed = data.get("reviewed")
        if reviewed is not None:
            day = _parse_date(reviewed)
            if day > self.today:
                self.error(self.where["reviewed"], "reviewed", f"Das Prüfdatum {reviewed} liegt in der "
                           f"Zukunft. Bitte das Datum der letzten Prüfung eintragen (heute ist "
                           f"{self.today.isoformat()}).", "future-date")
            elif day < _years_before(self.today, 2):
                self.warning(self.where["reviewed"], "reviewed", f"{self.noun} wurde zuletzt am {reviewed} geprüft, "
                             "vor mehr als 24 Monaten. Bitte Angaben prüfen und das Datum aktualisieren.",
                             "stale")

    def markdown(self, data: dict[str, Any]) -> None:
        case_id = data.get("id") or self.source.path.stem
        for key in self.markdown_keys:
            node = self.nodes.get(key)
            if node is None:
                continue
            findings = markdown_check.check(node.value, case_file=self.source.path, case_id=case_id)
            for finding in findings:
                line, column = self.where[key]
                if node.style in ("|", ">"):  # a block: its text starts on the next line, indented
                    line += 1 + finding.line
                    column = self.source.indent(line) + finding.column
                self.report.error(line, column, key, finding.message, finding.rule)
        for finding in markdown_check.check(self.source.body, case_file=self.source.path, case_id=case_id):
            self.report.error(self.source.body_line + finding.line, finding.column, "", finding.message,
                              finding.rule)
        for line, heading in markup.empty_sections(self.source.body):
            self.report.warning(self.source.body_line + line - 1, 1, "",
                                f"Unter der Überschrift „{heading}“ steht nichts. Bitte einen Text ergänzen oder "
                                "die Überschrift löschen; leer erscheint sie nicht auf der Website.", "empty-section")


class AdoptionValidator(CaseValidator):
    """Validates an adoption record (``adoptions/<slug>.md``): the same loader rules, error format and field
    checks as a case, with its own table; the rules across files (the adopted case exists, …) are in
    ``catalog.py``."""

    root = schema.ADOPTION_ROOT
    markdown_keys = schema.ADOPTION_MARKDOWN_KEYS
    noun = "Die Meldung"

    def cross_checks(self, data: dict[str, Any]) -> None:
        self.common_checks(data)
        if data.get("status") == "discontinued" and not data.get("changes"):
            self.warning(self.where["status"], "status", "Die Übernahme ist eingestellt, aber der Grund fehlt. "
                         "Bitte unter 'changes' kurz schreiben, warum: das hilft anderen Kommunen am meisten.",
                         "discontinued-without-reason")


class CollectionValidator(CaseValidator):
    """Validates a collection (``docs/sammlungen/<slug>.md``): its fields, a file name that can be an address,
    and each case listed once; whether the cases exist is checked in ``catalog.py``."""

    root = schema.COLLECTION_ROOT
    markdown_keys = ()
    noun = "Die Sammlung"

    def cross_checks(self, data: dict[str, Any]) -> None:
        stem = self.source.path.stem
        if not _pattern(schema.SLUG_PATTERN).match(stem):
            self.error((1, 1), "", f"Der Dateiname '{self.source.path.name}' ergibt keine gültige Adresse "
                       f"/sammlungen/{stem}/. Bitte die Datei umbenennen: nur Kleinbuchstaben a–z, Ziffern und "
                       f"einzelne Bindestriche, z. B. '{slugify(stem, 'sammlung')}.md'.", "file-name")
        seen: dict[str, int] = {}
        for index, entry in enumerate(data.get("cases", ()), start=1):
            case_id = entry.get("id")
            if case_id is None:
                continue
            if case_id in seen:
                path = f"cases[{index}].id"
                self.error(self.where[path], path, f"Der Fall '{case_id}' steht schon als Eintrag {seen[case_id]} "
                           f"(Zeile {self.where[f'cases[{seen[case_id]}].id'][0]}) in der Sammlung. Bitte einen der "
                           "beiden Einträge entfernen.", "duplicate-item")
            else:
                seen[case_id] = index


_KIND_CHECKS = {kind: getattr(CaseValidator, f"check_{kind}")
                for kind in ("enum", "language", "date", "partial_date", "url", "email")}


_GERMAN_DAY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_GERMAN_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
_MONTH_NAMES = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
                "november", "dezember")


def iso_form(value: str, partial: bool) -> str | None:
    """The ISO form of a date written the German way ("26.11.2026", "03/2021", "März 2021"), if it is one."""
    text = value.strip()
    match = _GERMAN_DAY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    if not partial:
        return None
    match = _GERMAN_MONTH.match(text)
    if match:
        return f"{int(match.group(2)):04d}-{int(match.group(1)):02d}"
    parts = text.lower().replace("maerz", "märz").split()
    if len(parts) == 2 and parts[0].rstrip(".") in _MONTH_NAMES and parts[1].isdigit() and len(parts[1]) == 4:
        return f"{parts[1]}-{_MONTH_NAMES.index(parts[0].rstrip('.')) + 1:02d}"
    return None


def _by_label(value: str, vocab: vocabularies.Vocabulary) -> str:
    """A hint for a value written as its German label ("Im Betrieb" → operation, "Verwaltung" → administration)."""
    wanted = value.strip().lower()
    for slug, label in vocab.labels.items():
        lowered = label.lower()
        if wanted and (lowered == wanted or lowered.startswith(wanted + " ") or wanted in lowered.split(" / ")):
            return f" Gemeint ist wohl '{slug}' ({label}): hier steht die englische Kennung, nicht die Bezeichnung."
    return ""


def _plain(node: yaml.Node) -> bool:
    """A plain (unquoted) scalar; the C composer says '' where the Python one says None."""
    return not node.style


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and _plain(node) and node.tag == _NULL_TAG


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_bounds(value: str) -> tuple[date, date] | None:
    """First and last day that a partial date (YYYY, YYYY-MM, YYYY-MM-DD) stands for."""
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1)
        day = date(*parts)
        return day, day
    except ValueError:
        return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_source(source: Source, report: Reporter, today: date) -> dict[str, Any]:
    return CaseValidator(source, report, today).run()
