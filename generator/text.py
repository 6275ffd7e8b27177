"""Small text helpers shared by every stage: the one ``slugify`` of the package."""

from __future__ import annotations

import re
import unicodedata

# German umlauts as a German reader spells them without dots; other letters lose their accents.
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue",
                                  "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "å": "a", "Å": "a", "ı": "i",
                                  "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "") -> str:
    """Lower-case ASCII words joined by single hyphens: 'Stadt Zürich-Süd' → 'stadt-zuerich-sued'.

    ``fallback`` is returned when nothing of ``text`` is left (e.g. only punctuation)."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION)).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("-", text.lower()).strip("-") or fallback
