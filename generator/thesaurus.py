"""The municipal thesaurus: groups of words that mean the same thing to a searcher in a town hall.

The file is ``generator/vocab/thesaurus.txt`` (German, reviewed like code): one group per line, the
words separated by commas; ``#`` starts a comment; a line ``## name`` opens a section (a topic slug of
``topics.yml`` or a field of everyday services) that only orders the file. A word may be several words
("öffentlicher Personennahverkehr") or carry a hyphen ("Kfz-Zulassung").

The search stage (``searchwords``) adds to every case, in an element only Pagefind sees, the other
words of each group one of its words belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

FILE = "thesaurus.txt"
_SECTION = re.compile(r"##\s*(\S.*?)\s*$")
_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüßÀ-ÿ][0-9A-Za-zÄÖÜäöüßÀ-ÿ .'-]*")


class ThesaurusError(ValueError):
    """The file is malformed; the message names the line."""


@dataclass(frozen=True)
class Group:
    words: tuple[str, ...]  # as written
    section: str
    line: int


def key(word: str) -> str:
    """The form a word is compared in: case-folded, single spaces, 'ß' kept (casefold would make it 'ss')."""
    return " ".join(word.replace("ß", "\0").casefold().replace("\0", "ß").split())


def parse(text: str, source: str = FILE) -> list[Group]:
    groups: list[Group] = []
    section = ""
    problems: list[str] = []
    seen: dict[str, int] = {}  # word (key) → the line of its group
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        heading = _SECTION.fullmatch(line)
        if heading:
            section = heading.group(1)
            continue
        if line.startswith("#"):
            continue
        words = [w.strip() for w in line.split(",")]
        if any(not w for w in words):
            problems.append(f"{source}, Zeile {number}: leerer Eintrag (zwei Kommas hintereinander oder ein Komma "
                            "am Rand) – Komma entfernen")
            continue
        bad = [w for w in words if not _WORD.fullmatch(w)]
        if bad:
            problems.append(f"{source}, Zeile {number}: '{bad[0]}' enthält Zeichen, die kein Wort bilden – nur "
                            "Buchstaben, Ziffern, Bindestrich, Punkt, Apostroph und Leerzeichen verwenden")
            continue
        if len({key(w) for w in words}) < 2:
            problems.append(f"{source}, Zeile {number}: eine Gruppe braucht mindestens zwei verschiedene Wörter")
            continue
        for word in words:  # one word in two groups would merge them for the search
            first = seen.setdefault(key(word), number)
            if first != number:
                problems.append(f"{source}, Zeile {number}: '{word}' steht schon in Zeile {first} – ein Wort gehört "
                                "in genau eine Gruppe; Gruppen zusammenlegen, wenn sie dasselbe meinen, sonst das "
                                "Wort aus einer streichen")
        groups.append(Group(tuple(words), section, number))
    if problems:
        raise ThesaurusError("\n".join(problems))
    return groups


def path() -> Path:
    return Path(str(resources.files("generator") / "vocab" / FILE))


@lru_cache(maxsize=1)
def load() -> tuple[Group, ...]:
    """The groups of the package's thesaurus."""
    return tuple(parse(path().read_text(encoding="utf-8")))
