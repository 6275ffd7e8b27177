"""Reading case files: bytes → text → front-matter YAML nodes with positions, and the body.

Nothing here interprets the fields; ``validate.py`` does. The loader only
refuses files that cannot be read safely (too large, not UTF-8, a symbolic
link, no front-matter, broken YAML, anchors, aliases or tags), each with a
problem that names the file and, where there is one, the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import frontmatter
import yaml

from .diagnostics import Reporter

MAX_FILE_BYTES = 1024 * 1024
FM_LINE_OFFSET = 2  # the front-matter text starts on line 2 of the file (after '---')
_CLOSING = re.compile(r"^---[ \t]*$", re.M)
_FM_DETECT = frontmatter.YAMLHandler()
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Source:
    """A case file that could be read: its front-matter nodes and its body."""

    path: Path
    display: str
    front: yaml.MappingNode
    body: str
    body_line: int  # 1-based line of the file on which the body starts
    text: str  # the whole file, decoded, with LF line ends

    def indent(self, line: int) -> int:
        """Number of leading spaces on a 1-based line of the file."""
        start = 0
        for _ in range(line - 1):
            start = self.text.find("\n", start) + 1
            if start == 0:
                return 0
        end = self.text.find("\n", start)
        row = self.text[start:end if end >= 0 else None]
        return len(row) - len(row.lstrip(" "))


def case_files(root: Path) -> Iterator[Path]:
    """Every candidate case file below ``root``: ``*.md``, skipping names that start with ``_`` or ``.``.

    Symbolic links are yielded too (the loader refuses them with a message);
    linked folders are not followed.
    """
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        base = Path(folder)
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith(("_", ".")):
                yield base / name
        for name in dirs:
            if (base / name).is_symlink():
                yield base / name


def load(path: Path, display: str, report: Reporter) -> Source | None:
    """Read one file; on any reason to refuse it, report it and return None."""
    if path.is_symlink():
        report.error(1, 1, "", "Die Datei ist ein symbolischer Link. Bitte die Datei selbst in den Ordner "
                     "cases/ legen, keinen Verweis auf eine andere Stelle.", "symlink")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(1, 1, "", f"Die Datei ist {size / 1024 / 1024:.1f} MB groß; erlaubt ist höchstens "
                         "1 MB. Bitte den Text kürzen und Bilder als eigene Dateien in den Ordner des "
                         "Falls legen.", "too-large")
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.error(1, 1, "", f"Die Datei kann nicht gelesen werden ({exc.strerror}).", "unreadable")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(line, column, "", f"Die Datei ist nicht als UTF-8 gespeichert (Byte 0x{data[exc.start]:02X} "
                     "ist kein gültiges Zeichen). Bitte im Editor die Kodierung 'UTF-8' wählen und neu "
                     "speichern.", "encoding")
        return None
    text = text.replace("\r\n", "\n")
    return split(path, display, text, report)


def split(path: Path, display: str, text: str, report: Reporter) -> Source | None:
    if not _FM_DETECT.detect(text) or not text.startswith("---"):
        report.error(1, 1, "", "Die Datei beginnt nicht mit den Angaben zum Fall (Front-Matter). Die erste "
                     "Zeile muss genau '---' sein, danach folgen die Angaben, danach wieder eine Zeile '---'.",
                     "no-front-matter")
        return None
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        report.error(1, 1, "", "Die erste Zeile muss genau '---' sein.", "no-front-matter")
        return None
    closing = _CLOSING.search(text, first_break + 1)
    if closing is None:
        report.error(1, 1, "", "Die Angaben zum Fall werden nicht mit einer Zeile '---' abgeschlossen. Bitte "
                     "nach der letzten Angabe eine Zeile mit genau '---' einfügen.", "no-front-matter")
        return None
    front_text = text[first_break + 1:closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    node = compose(front_text, report)
    if node is None:
        return None
    return Source(path, display, node, text[body_start:], body_line, text)


MAX_DEPTH = 32
# libyaml composes recursively and crashes beyond ~20,000 levels. Nesting needs '[', '{', '-', '?' or
# indentation, so their count bounds the depth; past this bound the depth is measured before composing.
DEPTH_BOUND = 1000
_DEEP_INDENT = re.compile(r"^ {200}", re.M)


def _may_be_deep(text: str) -> bool:
    openers = text.count("[") + text.count("{") + text.count("-") + text.count("?")
    return openers > DEPTH_BOUND or _DEEP_INDENT.search(text) is not None


def compose(front_text: str, report: Reporter) -> yaml.MappingNode | None:
    """Compose the front-matter into YAML nodes (never Python objects), refusing anchors, aliases and tags."""
    suspicious = any(ch in front_text for ch in "&*!")
    if (suspicious or _may_be_deep(front_text)) and not _plain_structure(front_text, report):
        return None
    try:
        node = yaml.compose(front_text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + FM_LINE_OFFSET if mark else 1
        column = mark.column + 1 if mark else 1
        report.error(line, column, "", yaml_problem(exc), "yaml-syntax")
        return None
    except yaml.YAMLError as exc:
        report.error(1, 1, "", f"Die Angaben sind kein gültiges YAML ({exc}).", "yaml-syntax")
        return None
    if node is None:
        report.error(FM_LINE_OFFSET, 1, "", "Die Angaben zum Fall sind leer. Bitte mit "
                     "'python -m generator new' eine Vorlage anlegen.", "empty")
        return None
    if not isinstance(node, yaml.MappingNode):
        report.error(node.start_mark.line + FM_LINE_OFFSET, node.start_mark.column + 1, "",
                     "Die Angaben zum Fall müssen Zeilen der Form 'schlüssel: wert' sein.", "type")
        return None
    return node


_YAML_HINTS = (
    ("mapping values are not allowed", "Ein Doppelpunkt steht mitten im Wert. Bitte den ganzen Wert in "
     "Anführungszeichen setzen, z. B. title: \"Projekt: Bürger-App\"."),
    ("found character '\\t'", "Ein Tabulator wurde gefunden. Bitte nur Leerzeichen zum Einrücken verwenden."),
    ("tab character", "Ein Tabulator wurde gefunden. Bitte nur Leerzeichen zum Einrücken verwenden."),
    ("could not find expected ':'", "Einer Zeile fehlt der Doppelpunkt nach dem Schlüssel, oder ein Text "
     "in Anführungszeichen wurde nicht geschlossen."),
    ("did not find expected key", "Die Einrückung passt nicht: Schlüssel derselben Ebene müssen genau "
     "gleich weit eingerückt sein."),
    ("found unexpected end of stream", "Ein Text in Anführungszeichen wurde nicht geschlossen."),
    ("expected a single document", "Die Angaben enthalten eine zusätzliche Zeile '---'."),
    ("found undefined alias", "Ein '*' am Anfang eines Wertes wird als YAML-Verweis gelesen. Bitte den Wert "
     "in Anführungszeichen setzen."),
)


def yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "unbekannter Fehler").strip()
    for needle, hint in _YAML_HINTS:
        if needle in problem or needle in (exc.context or ""):
            return f"Die Angaben sind kein gültiges YAML ({problem}). {hint}"
    return (f"Die Angaben sind kein gültiges YAML ({problem}). Bitte Einrückung, Doppelpunkte und "
            "Anführungszeichen in dieser Zeile prüfen.")


def _tag_as_written(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _plain_structure(front_text: str, report: Reporter) -> bool:
    """Report anchors, aliases, explicit tags and too deep nesting; True if there are none.

    Reads the event stream, which libyaml produces without recursion and without
    expanding aliases, so neither alias bombs nor deep nesting cost anything here.
    Each anchor or alias name is reported once, at its first place.
    """
    seen: set[tuple[str, str]] = set()
    depth = 0
    clean = True

    def once(kind: str, name: str, mark: yaml.Mark, message: str) -> None:
        if (kind, name) not in seen:
            seen.add((kind, name))
            report.error(mark.line + FM_LINE_OFFSET, mark.column + 1, "", message, kind)

    try:
        for event in yaml.parse(front_text, Loader=Loader):
            mark = event.start_mark
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    report.error(mark.line + FM_LINE_OFFSET, mark.column + 1, "", f"Die Angaben sind tiefer als "
                                 f"{MAX_DEPTH} Ebenen verschachtelt. Das Fallformat braucht höchstens vier.",
                                 "yaml-depth")
                    return False
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                once("yaml-alias", event.anchor, mark, f"YAML-Verweise ('*{event.anchor}') sind nicht erlaubt. "
                     "Bitte den Wert an dieser Stelle ausschreiben; beginnt ein Text mit '*', ihn in "
                     "Anführungszeichen setzen.")
                clean = False
                continue
            anchor = getattr(event, "anchor", None)
            if anchor:
                once("yaml-anchor", anchor, mark, f"YAML-Anker ('&{anchor}') sind nicht erlaubt. Bitte das "
                     f"'&{anchor}' entfernen; beginnt ein Text mit '&', ihn in Anführungszeichen setzen.")
                clean = False
            tag = getattr(event, "tag", None)
            if tag is not None:
                written = _tag_as_written(tag)
                once("yaml-tag", written, mark, f"YAML-Tags ('{written}') sind nicht erlaubt. Bitte das Tag "
                     "entfernen; beginnt ein Text mit '!', ihn in Anführungszeichen setzen.")
                clean = False
    except yaml.YAMLError:
        return clean  # composing reports the syntax error with its position
    return clean
