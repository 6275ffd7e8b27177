"""Safety rules for Markdown written by contributors (the body and the Markdown fields).

Raw HTML is limited to a harmless allow-list; script-like URLs are refused
anywhere; images must have alt text and live in ``cases/<id>/``. Positions
are reported relative to the text checked (0-based line, 1-based column).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"abbr", "br", "sub", "sup", "kbd", "details", "summary"})
ALLOWED_ATTRIBUTES = {"abbr": frozenset({"title"}), "details": frozenset({"open"})}
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})
MAX_IMAGE_BYTES = 2 * 1024 * 1024
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Link destinations: inline links "](dest" and reference definitions "[label]: dest".
_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)|^ {0,3}\[[^\]]+\]:\s*<?(\S*)", re.M)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

# Lists or quotes nested this deep break Markdown renderers (Python-Markdown recurses) and serve no reader.
_TOO_DEEP = re.compile(r"^(?:(?: {40,}|\t{10,})(?:[-*+]|[0-9]+[.)])(?:\s|$)|(?:[ \t]*>){10,})", re.M)

_md = MarkdownIt("commonmark")
_md.validateLink = lambda url: True  # see every link, including the unsafe ones, to report them


@dataclass(frozen=True)
class Finding:
    line: int  # 0-based, relative to the checked text
    column: int  # 1-based
    message: str
    rule: str


def unsafe_url(url: str) -> bool:
    """True for javascript:, vbscript: and data: URLs, also when hidden by entities, case or blanks."""
    plain = _CONTROL.sub("", html.unescape(unquote(url))).lower()
    return plain.startswith(UNSAFE_SCHEMES)


def check(text: str, *, case_file: Path | None = None, case_id: str = "") -> list[Finding]:
    """All safety findings in one Markdown text.

    Texts without HTML and images (the common case) only have their link destinations
    looked at; the full Markdown parse runs for the rest, or where a destination is unsafe.
    """
    deep = _TOO_DEEP.search(text)
    if deep:
        line = text.count("\n", 0, deep.start())
        return [Finding(line, 1, "Listen oder Zitate sind hier zu tief verschachtelt (mehr als zehn Ebenen). Bitte "
                        "die Gliederung flacher machen.", "markdown-depth")]
    if "<" not in text and "![" not in text:
        if ("](" not in text and "]:" not in text) or not any(
                unsafe_url(m.group(1) or m.group(2) or "") for m in _DESTINATION.finditer(text)):
            return []
    findings: list[Finding] = []
    env: dict = {}
    tokens = _md.parse(text, env)
    for label, reference in env.get("references", {}).items():  # definitions, used or not
        href = reference.get("href", "")
        if unsafe_url(href):
            line = next((i for i, row in enumerate(text.split("\n")) if row.lstrip().startswith("[")
                         and "]:" in row and row.lstrip()[1:].lower().startswith(label.lower()[:20])), 0)
            findings.append(Finding(line, 1, _unsafe_message(href), "unsafe-url"))
    for token in tokens:
        start = token.map[0] if token.map else 0
        if token.type == "html_block":
            _check_html(token.content, start, findings)
        elif token.type == "inline" and token.children:
            line = start
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    _check_html(child.content, line, findings, column=_column(text, line, child.content))
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if unsafe_url(href) and not _from_reference(child, env):
                        findings.append(Finding(line, _column(text, line, href), _unsafe_message(href),
                                                "unsafe-url"))
                elif child.type == "image":
                    _check_image(child, line, text, case_file, case_id, findings)
    return findings


def _from_reference(token, env: dict) -> bool:
    """Links through a definition are reported once, at the definition."""
    href = token.attrGet("href")
    return any(ref.get("href") == href for ref in env.get("references", {}).values())


def _column(text: str, line: int, needle: str) -> int:
    lines = text.split("\n")
    if 0 <= line < len(lines):
        found = lines[line].find(needle.split("\n", 1)[0][:40])
        if found >= 0:
            return found + 1
    return 1


def _unsafe_message(url: str) -> str:
    scheme = _CONTROL.sub("", html.unescape(unquote(url))).split(":", 1)[0].lower()
    return (f"Adressen mit '{scheme}:' sind nicht erlaubt, weil sie Programmcode ausführen oder Inhalte "
            "verstecken können. Bitte eine normale Adresse mit https:// verwenden.")


class _HTMLScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        if tag not in ALLOWED_TAGS:
            allowed = ", ".join(sorted(ALLOWED_TAGS))
            self.found.append((line, offset, f"Das HTML-Element <{tag}> ist nicht erlaubt. Erlaubt sind nur "
                               f"{allowed}. Bitte stattdessen Markdown verwenden.", "html-tag"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, offset, f"Das HTML-Attribut '{name}' startet Programmcode und ist "
                                   "nicht erlaubt. Bitte entfernen.", "html-event-handler"))
            elif value is not None and unsafe_url(value):
                self.found.append((line, offset, _unsafe_message(value), "unsafe-url"))
            elif tag in ALLOWED_TAGS and name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.found.append((line, offset, f"Das Attribut '{name}' ist bei <{tag}> nicht erlaubt. "
                                   "Bitte entfernen.", "html-attribute"))

    handle_startendtag = handle_starttag


def _check_html(fragment: str, line: int, findings: list[Finding], column: int = 1) -> None:
    scan = _HTMLScan()
    scan.feed(fragment)
    scan.close()
    for rel_line, offset, message, rule in scan.found:
        col = column + offset if rel_line == 1 else offset + 1
        findings.append(Finding(line + rel_line - 1, col, message, rule))


def _shown_folder(case_file: Path | None) -> str:
    """The folder of a checked file as its author knows it: relative to the working folder where it is in
    it (``cases``, ``docs/sammlungen``), else its name."""
    if case_file is None:
        return "cases"
    folder = case_file.parent
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return folder.name


def _check_image(token, line: int, text: str, case_file: Path | None, case_id: str,
                 findings: list[Finding]) -> None:
    src = str(token.attrGet("src") or "")
    column = _column(text, line, "![")
    alt = token.content.strip()
    if not alt:
        findings.append(Finding(line, column, "Das Bild hat keinen Alternativtext. Bitte in ![…](…) zwischen "
                                "die eckigen Klammern schreiben, was das Bild zeigt.", "image-alt"))
    if unsafe_url(src):
        findings.append(Finding(line, column, _unsafe_message(src), "unsafe-url"))
        return
    parts = urlsplit(src)
    folder = f"{_shown_folder(case_file)}/{case_id or '<id>'}/"
    if parts.scheme or parts.netloc:
        findings.append(Finding(line, column, f"Bilder dürfen nicht von einem anderen Server geladen werden. "
                                f"Bitte die Bilddatei in den Ordner {folder} legen und so einbinden: "
                                f"![Beschreibung]({case_id or '<id>'}/bild.png).", "image-remote"))
        return
    suffix = Path(unquote(parts.path)).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        findings.append(Finding(line, column, f"Bilder müssen PNG-, JPG- oder WebP-Dateien sein, nicht "
                                f"'{suffix or 'ohne Endung'}'.", "image-type"))
        return
    if case_file is None:
        return
    base = case_file.parent
    target = (base / unquote(parts.path)).resolve()
    allowed = (base / case_id).resolve()
    if not target.is_relative_to(allowed):
        findings.append(Finding(line, column, f"Das Bild liegt nicht im Ordner {folder}. Bitte die Datei "
                                f"dorthin legen und als ![Beschreibung]({case_id}/{Path(parts.path).name}) "
                                "einbinden.", "image-outside"))
    elif not target.is_file():
        findings.append(Finding(line, column, f"Die Bilddatei '{parts.path}' gibt es nicht. Bitte Dateinamen "
                                "und Groß-/Kleinschreibung prüfen.", "image-missing"))
    elif target.stat().st_size > MAX_IMAGE_BYTES:
        size = target.stat().st_size / 1024 / 1024
        findings.append(Finding(line, column, f"Das Bild ist {size:.1f} MB groß; erlaubt sind höchstens 2 MB. "
                                "Bitte verkleinern.", "image-too-large"))
