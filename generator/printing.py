"""Print helpers: a case's long texts shortened for the one-page print sheet.

A printed case has to fit on one A4 page, so the sheet shows its problem and solution as plain text
cut to a character budget, at the end of a sentence or else of a word, followed by the address where
the whole text is. The input is the trusted HTML that ``markup.py`` made of the case's Markdown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup, escape

# Elements after which the words of the next one must not run on without a blank.
_BREAKS = {
    "address", "blockquote", "br", "dd", "details", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "summary", "table", "td", "th", "tr", "ul",
}
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(\w*)[.!?…][\"'“”»«)]*(?=\s)")
# Words before a full stop that ends no sentence: "z. B.", "d. h.", "2. Mai" (one letter, one or two digits), these.
_ABBREVIATIONS = {"abs", "bzw", "ca", "dr", "evtl", "ggf", "inkl", "nr", "sog", "st", "str", "vgl"}
_TRAILING = " \t\n,;:–—-(/"
# A sentence end is preferred as the cut if it keeps at least this share of the budget; else a word end.
SENTENCE_SHARE = 0.6


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of an HTML fragment, tags removed, entities decoded, white space folded to single blanks."""
    parser = _Text()
    parser.feed(str(html))
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def _ends_sentence(match: re.Match[str]) -> bool:
    word = match.group(1)
    if match.group(0)[len(word)] != ".":
        return True   # ! ? …
    return not (len(word) == 1 or (word.isdigit() and len(word) <= 2) or word.casefold() in _ABBREVIATIONS)


def shorten(text: str, limit: int) -> str:
    """``text`` itself if it has at most ``limit`` characters, else its start up to the last sentence end
    within the limit (if that keeps enough of it), or else up to the last word end; no trailing comma or dash."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1]   # one more: a sentence or word that ends exactly at the limit counts
    sentences = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit and _ends_sentence(m)]
    if sentences and sentences[-1] >= limit * SENTENCE_SHARE:
        return text[:sentences[-1]]
    blank = head.rfind(" ")
    cut = text[:blank] if blank > 0 else text[:limit]   # one endless word: cut inside it
    return cut.rstrip(_TRAILING) or text[:limit]


def excerpt(html: str, limit: int, url: str) -> Markup:
    """The text of ``html`` (safe HTML of a case field) as escaped plain text of at most ``limit`` characters;
    when it had to be cut, followed by "… weiter unter <url>" (in ``span.pb-more``, German in any text)."""
    text = plain_text(html)
    short = shorten(text, limit)
    if short == text:
        return escape(text)
    return escape(short) + Markup(' <span class="pb-more" lang="de">… weiter unter {}</span>').format(url)
