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
                     f"{path.parent.name}/ legen, keinen Verweis auf eine andere Stelle.", "symlink")
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
        report.error(1, 1, "", "Die Datei beginnt nicht mit den Angaben (Front-Matter). Die erste "
                     "Zeile muss genau '---' sein, danach folgen die Angaben, danach wieder eine Zeile '---'.",
                     "no-front-matter")
        return None
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        report.error(1, 1, "", "Die erste Zeile muss genau '---' sein.", "no-front-matter")
        return None
    closing = _CLOSING.search(text, first_break + 1)
    if closing is None:
        report.error(1, 1, "", "Die Angaben am Anfang der Datei werden nicht mit einer Zeile '---' abgeschlossen. Bitte "
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
        try:
            row, column, message = syntax_error(front_text, exc)
        except Exception:  # finding the wrong line is guesswork: a slip in it must not hide the error itself
            mark = exc.problem_mark or exc.context_mark
            row, column = (mark.line, mark.column) if mark else (0, 0)
            message = yaml_problem(exc)
        report.error(row + FM_LINE_OFFSET, column + 1, "", message, "yaml-syntax")
        return None
    except yaml.YAMLError as exc:
        report.error(1, 1, "", f"Die Angaben sind kein gültiges YAML ({exc}).", "yaml-syntax")
        return None
    if node is None:
        report.error(FM_LINE_OFFSET, 1, "", "Die Angaben am Anfang der Datei sind leer. Bitte mit "
                     "'python -m generator new' eine Vorlage anlegen.", "empty")
        return None
    if not isinstance(node, yaml.MappingNode):
        report.error(node.start_mark.line + FM_LINE_OFFSET, node.start_mark.column + 1, "",
                     "Die Angaben am Anfang der Datei müssen Zeilen der Form 'schlüssel: wert' sein.", "type")
        return None
    return node


# --- YAML syntax errors, named at the line that is wrong -------------------------------------------
#
# The parser notices a slip only where it cannot go on, which is often a line or more after the
# wrong one: a key without its colon is noticed on the next line; a line that slipped to the left
# is noticed where the following lines are indented again. The parser's marks and the indentation
# of the surrounding lines say which line to name. Rows are 0-based lines of the front-matter text.

_LEAD = re.compile(r" *(?:- +)*")
_KEY_COLON = re.compile(r":(?=[ \t]|$)")
_KEY = re.compile(r"[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*")
_MAX_KEY = 200  # keys are short; longer lines are not searched for one
_BARE_KEY = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[a-z][a-z0-9_]*)(?: +(?P<value>[^\s:].*))?$")


@dataclass(frozen=True)
class _Row:
    """A line of the front-matter that is structure, not the text of a '|' or '>' block."""

    index: int
    text: str
    indent: int  # leading spaces; a '- ' counts as part of the line, not of the indent
    key: str | None = None  # for 'key: …' and '- key: …'
    key_column: int = 0
    colon: int = -1
    opens: bool = False  # 'key:' alone: nested lines follow
    block: bool = False  # 'key: |' or 'key: >': a text block follows

    @property
    def line(self) -> int:
        return self.index + FM_LINE_OFFSET

    @property
    def shown(self) -> str:
        text = self.text.strip()
        return text if len(text) <= 40 else text[:39] + "…"


def _rows(front_text: str) -> tuple[dict[int, _Row], dict[int, int]]:
    """The structural rows, and for each row inside a text block the row of the key that opened it."""
    rows: dict[int, _Row] = {}
    text_of: dict[int, int] = {}
    opener: _Row | None = None
    block_indent = -1
    for index, text in enumerate(front_text.split("\n")):
        stripped = text.strip()
        if not stripped:
            continue
        indent = len(text) - len(text.lstrip(" "))
        if opener is not None:
            if block_indent < 0 and indent > opener.indent:
                block_indent = indent
            if block_indent >= 0 and indent >= block_indent:
                text_of[index] = opener.index
                continue
            opener, block_indent = None, -1
        if stripped.startswith("#"):
            continue
        lead = _LEAD.match(text).end()
        colon = _KEY_COLON.search(text, lead, lead + _MAX_KEY)
        key = text[lead:colon.start()].rstrip(" ") if colon else ""
        if not _KEY.fullmatch(key):
            rows[index] = _Row(index, text, indent)
            continue
        rest = text[colon.end():].strip()
        row = _Row(index, text, indent, key, lead, colon.start(), opens=rest == "" or rest.startswith("#"),
                   block=rest[:1] in ("|", ">"))
        rows[index] = row
        if row.block:
            opener = row
    return rows, text_of


def _before(rows: dict[int, _Row], index: int) -> _Row | None:
    earlier = [i for i in rows if i < index]
    return rows[max(earlier)] if earlier else None


def _step(rows: dict[int, _Row]) -> int:
    """The indentation step the file uses (the most common one after a 'key:' line), usually 2."""
    steps: dict[int, int] = {}
    ordered = sorted(rows)
    for here, following in zip(ordered, ordered[1:]):
        if rows[here].opens and rows[following].indent > rows[here].indent:
            step = rows[following].indent - rows[here].indent
            steps[step] = steps.get(step, 0) + 1
    return max(steps, key=lambda s: (steps[s], -s)) if steps else 2


def _has_sibling_after(rows: dict[int, _Row], row: _Row) -> bool:
    """True if a later line at the same indentation follows ``row`` (after its own nested lines)."""
    for index in sorted(i for i in rows if i > row.index):
        other = rows[index]
        if other.indent < row.indent:
            return False
        if other.indent == row.indent and other.key is not None and not (
                row.opens and other.text.lstrip(" ").startswith("-")):
            return True
    return False


def _align(row: _Row, like: _Row) -> str:
    """How to indent ``row`` so that it lines up with ``like``."""
    if row.key and like.key:
        return f"so einrücken, dass '{row.key}' genau unter '{like.key}' (Zeile {like.line}) steht"
    return f"genauso weit einrücken wie Zeile {like.line} ({like.indent} Leerzeichen)"


def _left_of(upper: _Row, lower: _Row, rows: dict[int, _Row], children: list[_Row]) -> tuple[bool, bool]:
    """``lower`` is deeper than ``upper`` allows: is ``upper`` the line that slipped left, and is that sure?

    ``children`` are the lines between them that the parser took as nested under ``upper``.
    """
    previous = _before(rows, upper.index)
    if previous is not None and previous.opens and previous.indent >= upper.indent:
        return True, True  # 'cost:' followed by a line that is no further right: it belongs under 'cost'
    dips = (previous is not None and previous.key is not None and not previous.opens
            and previous.indent == lower.indent and previous.indent > upper.indent)
    if children:
        return False, True  # 'upper' has nested lines: they, or 'lower', are indented unlike their siblings
    # Evidence for 'upper' having slipped: it dips between lines that line up with 'lower', or 'lower' has
    # siblings after it. Evidence for 'lower' being too deep: 'upper' lines up with the line before it,
    # or 'lower' opens a block whose lines are no further right than itself. An indentation no other
    # line uses is the strongest sign of the two.
    votes = 0
    if previous is None or previous.indent == upper.indent or (previous.opens and previous.indent < upper.indent):
        votes -= 1
    elif previous.text.lstrip(" ").startswith("-"):
        if previous.key is None:
            votes -= 1  # a list of plain entries ended; 'upper' goes on after it
    elif dips:
        votes += 1
        level = next((rows[i] for i in sorted(rows, reverse=True)
                      if i < upper.index and rows[i].indent <= upper.indent), None)
        if level is not None and level.opens and level.indent == upper.indent:
            votes -= 1  # the line before is nested under an earlier sibling of 'upper' ('annual_eur:' + 'max:')
    following = next((rows[i] for i in sorted(rows) if i > lower.index), None)
    if lower.opens and (following is None or following.indent <= lower.indent
                        and not following.text.lstrip(" ").startswith("-")):
        votes -= 1
    elif _has_sibling_after(rows, lower):
        votes += 1
    used = [row.indent for row in rows.values()]
    if used.count(lower.indent) == 1:
        votes -= 2
    if used.count(upper.indent) == 1:
        votes += 2
    return votes >= 0, votes != 0


def _indentation(upper: _Row, lower: _Row, rows: dict[int, _Row], children: list[_Row]) -> tuple[int, int, str]:
    slipped, sure = _left_of(upper, lower, rows, children)
    if slipped and sure:
        return upper.index, upper.key_column, (
            f"Die Einrückung passt nicht: Zeile {upper.line} ('{upper.shown}') steht weiter links als die Zeilen "
            f"davor und danach. Wahrscheinlich ist diese Zeile verrutscht; bitte sie {_align(upper, lower)}.")
    if slipped:
        return upper.index, upper.key_column, (
            f"Die Einrückung passt nicht (Zeile {upper.line} oder {lower.line}): Zeile {lower.line} ist weiter "
            f"eingerückt als Zeile {upper.line} ('{upper.shown}'), gehört aber nicht zu ihr. Entweder ist Zeile "
            f"{upper.line} nach links verrutscht, dann bitte sie {_align(upper, lower)}; oder Zeile {lower.line} "
            f"ist zu weit eingerückt, dann bitte sie {_align(lower, upper)}.")
    return lower.index, lower.key_column, (
        f"Die Einrückung passt nicht: Zeile {lower.line} ist weiter eingerückt als Zeile {upper.line}, gehört aber "
        f"nicht zu '{upper.key or upper.shown}'. Bitte Zeile {lower.line} {_align(lower, upper)}."
        + (f" Soll die Zeile dagegen zum Text von '{upper.key}' gehören, den ganzen Text in Anführungszeichen "
           "setzen." if upper.key and not upper.opens and not upper.block else ""))


def _continued(rows: dict[int, _Row], index: int, column: int) -> tuple[int, int, str] | None:
    """'mapping values are not allowed' at the colon of a key: the line was read as the continuation
    of the value above it, because it is indented further than that line."""
    row = rows.get(index)
    if row is None or row.key is None or row.colon != column:
        return None  # a colon inside a value
    above = _before(rows, index)
    if above is None:
        return None
    if above.key is None and above.indent <= row.indent and _BARE_KEY.match(above.text):
        level = _before(rows, above.index)  # 'organisation' without its colon, read as text going on
        if level is None or level.indent == above.indent or (level.opens and level.indent < above.indent):
            return above.index, above.indent, _no_colon(above.text, above.line)
    if above.indent >= row.indent:
        return None
    if above.key is not None and above.text.lstrip(" ").startswith("-"):
        if row.indent < above.key_column:
            return _list_item(rows, above, row)
        owner = _before(rows, above.index)
        if owner is not None and owner.opens and owner.indent >= above.indent:
            return _indentation(above, row, rows, [])  # '- name:' no further right than 'partners:' above it
        return row.index, row.key_column, (
            f"Die Einrückung passt nicht: Zeile {row.line} ist weiter eingerückt als der Listeneintrag in Zeile "
            f"{above.line}. Bitte sie {_align(row, above)}.")
    return _indentation(above, row, rows, [])


def _too_deep(rows: dict[int, _Row], index: int, column: int) -> tuple[int, int, str] | None:
    """'did not find expected key': a line is further right than the block it is in allows."""
    row = rows.get(index)
    if row is None:
        return None
    if column > row.indent:  # in the middle of the line: a quoted text ended early
        return index, column, (
            f"In Zeile {row.line} endet ein Text in Anführungszeichen, bevor die Zeile zu Ende ist. Steht im Text "
            "selbst ein Anführungszeichen, bitte den ganzen Text in die jeweils anderen setzen, z. B. "
            "title: 'Die \"Bürger-App\" der Stadt'.")
    if row.text.lstrip(" ").startswith("-"):  # a list entry: compare it with the entry before it
        for i in sorted((i for i in rows if i < index), reverse=True):
            if rows[i].text.lstrip(" ").startswith("-"):
                return _list_item(rows, rows[i], row)
            if rows[i].indent <= row.indent:
                break
    parent = next((rows[i] for i in sorted(rows, reverse=True) if i < index and rows[i].indent < row.indent), None)
    if parent is None:
        return None
    between = [rows[i] for i in sorted(rows) if parent.index < i < index]
    slipped, _ = _left_of(parent, row, rows, between)
    if slipped or not between:
        return _indentation(parent, row, rows, between)
    first = between[0]
    step = _step(rows)
    previous = _before(rows, parent.index)
    if (previous is not None and previous.key is not None and not previous.opens and previous.indent == row.indent
            and first.indent == row.indent + step):  # the block fits once 'parent' is as deep as 'row'
        return first.index, first.indent, (
            f"Die Einrückung passt nicht (Zeile {parent.line} oder {first.line}): Zeile {row.line} ist weniger weit "
            f"eingerückt als Zeile {first.line}, obwohl beide zu '{parent.shown}' (Zeile {parent.line}) gehören. "
            f"Entweder ist Zeile {parent.line} nach links verrutscht, dann bitte sie {_align(parent, row)}; oder "
            f"Zeile {first.line} ist zu weit eingerückt, dann bitte sie {_align(first, row)}.")
    expected = parent.indent + step
    if row.indent == expected and first.indent != expected:
        odd, like = first, row
    elif first.indent == expected and row.indent != expected:
        odd, like = row, first
    else:
        return row.index, row.indent, (
            f"Die Einrückung passt nicht (Zeile {first.line} oder {row.line}): die Zeilen unter "
            f"'{parent.shown}' (Zeile {parent.line}) sind verschieden weit eingerückt. Angaben derselben Ebene "
            "müssen genau gleich weit eingerückt sein.")
    if parent.indent < odd.indent < like.indent:
        return odd.index, odd.indent, (
            f"Die Einrückung passt nicht: Zeile {odd.line} ist {odd.indent} Leerzeichen eingerückt, Zeile "
            f"{parent.line} ('{parent.shown}') {parent.indent} und die Zeilen darunter {like.indent}. Bitte Zeile "
            f"{odd.line} genauso weit einrücken wie die Angaben derselben Ebene.")
    more = "weiter" if odd.indent > like.indent else "weniger weit"
    return odd.index, odd.indent, (
        f"Die Einrückung passt nicht: Zeile {odd.line} ist {more} eingerückt ({odd.indent} Leerzeichen) als "
        f"Zeile {like.line} ({like.indent} Leerzeichen), obwohl beide zu '{parent.shown}' (Zeile "
        f"{parent.line}) gehören. Bitte Zeile {odd.line} {_align(odd, like)}.")


def _list_item(rows: dict[int, _Row], first: _Row | None, row: _Row | None) -> tuple[int, int, str] | None:
    """A line inside a list lines up with neither its entry ``first`` nor the list."""
    if first is None or row is None or first.index == row.index:
        return None
    if row.text.lstrip(" ").startswith("-"):
        more = "weiter" if row.indent > first.indent else "weniger weit"
        return row.index, row.indent, (
            f"Die Einrückung passt nicht: der Listeneintrag in Zeile {row.line} ist {more} eingerückt "
            f"({row.indent} Leerzeichen vor dem '-') als der Eintrag in Zeile {first.line} ({first.indent}). "
            "Bitte alle Einträge einer Liste genau gleich weit einrücken.")
    parent = _before(rows, first.index)
    shift = first.key_column - row.indent
    if (parent is not None and first.indent not in (parent.indent, parent.indent + _step(rows))
            and 0 < shift <= first.indent):
        return first.index, first.indent, (
            f"Die Einrückung passt nicht: der Listeneintrag in Zeile {first.line} ist {shift} Leerzeichen zu weit "
            f"eingerückt. Bitte Zeile {first.line} {_align(first, row)}.")
    return row.index, row.indent, (
        f"Die Einrückung passt nicht: Zeile {row.line} gehört wohl zum Listeneintrag in Zeile {first.line}. Bitte "
        f"sie {_align(row, first)}.")


def _not_a_key(front_text: str, rows: dict[int, _Row], text_of: dict[int, int], index: int) -> str:
    """A line that is neither 'key: value' nor part of a text: the colon is missing, or a text slipped."""
    lines = front_text.split("\n")
    text = lines[index] if index < len(lines) else ""
    above = max((i for i in range(min(index, len(lines))) if lines[i].strip()), default=None)
    if above is not None and above in text_of:
        opener = rows[text_of[above]]
        return (f"Zeile {index + FM_LINE_OFFSET} gehört wohl noch zum Text von '{opener.key}' (ab Zeile "
                f"{opener.line}), ist aber nicht eingerückt. Bitte genauso weit einrücken wie die Zeilen darüber "
                f"({len(lines[above]) - len(lines[above].lstrip(' '))} Leerzeichen).")
    return _no_colon(text, index + FM_LINE_OFFSET)


def _no_colon(text: str, line: int) -> str:
    match = _BARE_KEY.match(text)
    if match:
        value = match["value"] or ""
        value = value if len(value) <= 30 else value[:29] + "…"
        written = f"{match['key']}: {value}" if value else f"{match['key']}:"
        return (f"In Zeile {line} fehlt wohl der Doppelpunkt nach dem Schlüssel: bitte '{written}' schreiben. "
                "Gehört die Zeile dagegen zum Text darüber, muss sie wie dieser eingerückt werden.")
    return (f"Zeile {line} ist keine Angabe der Form 'schlüssel: wert'. Entweder fehlt der Doppelpunkt nach dem "
            "Schlüssel, oder die Zeile gehört zum Text darüber und muss wie dieser eingerückt werden.")


_YAML_HINTS = (
    ("mapping values are not allowed", "Ein Doppelpunkt steht mitten im Wert. Bitte den ganzen Wert in "
     "Anführungszeichen setzen, z. B. title: \"Projekt: Bürger-App\"."),
    ("found character '\\t'", "Ein Tabulator wurde gefunden. Bitte nur Leerzeichen zum Einrücken verwenden."),
    ("tab character", "Ein Tabulator wurde gefunden. Bitte nur Leerzeichen zum Einrücken verwenden."),
    ("could not find expected ':'", "Einer Zeile fehlt der Doppelpunkt nach dem Schlüssel, oder ein Text "
     "in Anführungszeichen wurde nicht geschlossen."),
    ("did not find expected key", "Die Einrückung passt nicht: Schlüssel derselben Ebene müssen genau "
     "gleich weit eingerückt sein."),
    ("expected <block end>", "Die Einrückung passt nicht: Schlüssel derselben Ebene müssen genau "
     "gleich weit eingerückt sein."),
    ("found unexpected end of stream", "Ein Text in Anführungszeichen wurde nicht geschlossen."),
    ("expected a single document", "Die Angaben enthalten eine zusätzliche Zeile '---'."),
    ("found undefined alias", "Ein '*' am Anfang eines Wertes wird als YAML-Verweis gelesen. Bitte den Wert "
     "in Anführungszeichen setzen."),
)


def yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """The parser's own words with a German hint: for the errors ``syntax_error`` cannot place better."""
    problem = (exc.problem or exc.context or "unbekannter Fehler").strip()
    for needle, hint in _YAML_HINTS:
        if needle in problem or needle in (exc.context or ""):
            return f"Die Angaben sind kein gültiges YAML ({problem}). {hint}"
    return (f"Die Angaben sind kein gültiges YAML ({problem}). Bitte Einrückung, Doppelpunkte und "
            "Anführungszeichen in dieser Zeile prüfen.")


def syntax_error(front_text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """(row, column, message) of a YAML syntax error, both 0-based in the front-matter, at the wrong line."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    index, column = (mark.line, mark.column) if mark is not None else (0, 0)
    start = exc.context_mark
    rows, text_of = _rows(front_text)
    if start is not None and context.startswith("while scanning a simple key"):
        return start.line, start.column, _not_a_key(front_text, rows, text_of, start.line)
    if start is not None and context.startswith("while scanning a quoted scalar"):
        quote = front_text.split("\n")[start.line][start.column:start.column + 1] or '"'
        return start.line, start.column, (
            f"Der Text in Anführungszeichen, der in Zeile {start.line + FM_LINE_OFFSET} beginnt, wird nicht "
            f"geschlossen. Bitte das schließende {quote} ergänzen; steht im Text selbst ein {quote}, den Text in "
            f"die jeweils anderen Anführungszeichen setzen.")
    if start is not None and context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")):
        kind, opening, closing = (("eckige", "[", "]") if "sequence" in context else ("geschweifte", "{", "}"))
        return start.line, start.column, (
            f"In Zeile {start.line + FM_LINE_OFFSET} wird eine {kind} Klammer {opening} geöffnet, aber nicht mit "
            f"{closing} geschlossen. Bitte die Klammer schließen; enthält ein Eintrag ein Komma oder einen "
            "Doppelpunkt, ihn in Anführungszeichen setzen.")
    found = None
    if "mapping values are not allowed" in problem:
        found = _continued(rows, index, column)
    elif "did not find expected key" in problem or problem.startswith("expected <block end>"):
        found = _too_deep(rows, index, column)
    elif "expected '-' indicator" in problem and start is not None:
        found = _list_item(rows, rows.get(start.line), rows.get(index))
    elif "<document start>" in problem and rows and rows[min(rows)].indent > 0:
        first = rows[min(rows)]
        found = first.index, 0, (f"Zeile {first.line} ist eingerückt. Die obersten Angaben müssen ganz links "
                                 "stehen, ohne Leerzeichen davor.")
    return found or (index, column, yaml_problem(exc))


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
