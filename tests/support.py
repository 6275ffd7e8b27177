"""Helpers shared by the checker's tests: fixture paths, building case folders, message checks."""

from __future__ import annotations

import difflib
import re
import shutil
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
RULES = FIXTURES / "rules"
MINIMAL = VALID / "musterstadt-minimal.md"
COMPLETE = VALID / "musterstadt-komplett.md"

# The "today" every catalog.check() in the tests runs with, so that `reviewed` dates stay valid.
TODAY = date(2025, 6, 1)

MAX_IMAGE_BYTES = 2 * 1024 * 1024

# Words of which a German sentence of the checker contains at least one.
_GERMAN = re.compile(
    r"\b(der|die|das|den|dem|des|ein|eine|einen|ist|sind|nicht|kein|keine|keinen|bitte|muss|darf|gibt|"
    r"es|fehlt|zu|und|oder|nur|mit|im|in|als|ohne|sein)\b",
    re.IGNORECASE,
)
_NOT_FOR_PEOPLE = ("Traceback", "Exception", "Error:", "None", "<class", "object at 0x", "\\n", "{'", "['")


def slug(name: str) -> str:
    """The id a rule fixture carries: its file name with every run of other characters turned into '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def with_id(text: str, case_id: str) -> str:
    """The minimal case text with another id (the id line is replaced, nothing else)."""
    old = "id: musterstadt-minimal\n"
    assert text.count(old) == 1
    return text.replace(old, f"id: {case_id}\n")


def replace_line(text: str, old: str, *new: str) -> str:
    """Replace the one line that equals ``old`` by the lines ``new`` (none: delete it)."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1, f"{old!r} found {len(hits)} times"
    i = hits[0]
    return "\n".join(lines[:i] + list(new) + lines[i + 1:])


def case(folder: Path, case_id: str, text: str | None = None, *, sub: str = "") -> Path:
    """Write a case file ``<folder>/<sub>/<case_id>.md``; by default the minimal case with this id."""
    target = folder / sub if sub else folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{case_id}.md"
    path.write_text(with_id(minimal_text(), case_id) if text is None else text, encoding="utf-8")
    return path


def copy_valid(folder: Path) -> Path:
    """The valid fixture folder (minimal + complete case with its image) copied to ``folder``."""
    shutil.copytree(VALID, folder, dirs_exist_ok=True)
    return folder


def assert_plain_german(message: str) -> None:
    assert message.strip(), "empty message"
    for bad in _NOT_FOR_PEOPLE:
        assert bad not in message, f"{bad!r} in message: {message}"
    assert _GERMAN.search(message), f"not German: {message}"


def text_of_length(n: int, base: str = "Die Stadt vergibt Termine im Bürgerbüro online und spart so Wartezeit. ") -> str:
    """A German text of exactly ``n`` characters (with umlauts, so bytes ≠ characters), no blanks at the ends."""
    text = (base * (n // len(base) + 2))[:n]
    if text.endswith(" "):
        text = text[:-1] + "."
    assert len(text) == n and text == text.strip()
    return text


# --- reading front-matter as JSON-like data (for JSON Schema checks) -------------------------------------

def _scalar(node: yaml.ScalarNode):
    """YAML 1.2 core-schema-like reading: only plain true/false/null/decimal numbers are not strings."""
    value = node.value
    if node.style:
        return value
    if value in ("", "~", "null"):
        return None
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", value):
        return int(value)
    if re.fullmatch(r"-?(0|[1-9][0-9]*)\.[0-9]+", value):
        return float(value)
    return value


def _plain(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    return _scalar(node)


def front_matter(path: Path) -> dict:
    """The front-matter as JSON-like data: no dates, 'NO' stays 'NO', '01001000' stays a string."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return _plain(yaml.compose(text.split("---\n")[1], Loader=yaml.SafeLoader))


def fixture_key(path: str) -> str:
    """A field path as rule fixtures name it: 'partners[].name' → 'partners-name', 'event.date' → 'event-date'."""
    return path.replace("[].", "-").replace(".", "-")


def changes_between(base: str, text: str) -> int:
    """How many separate places (runs of lines) differ between two texts: a rule fixture has exactly one."""
    opcodes = difflib.SequenceMatcher(None, base.split("\n"), text.split("\n"), autojunk=False).get_opcodes()
    return sum(1 for op in opcodes if op[0] != "equal")
