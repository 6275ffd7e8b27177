"""Sanitise stage: clean the HTML that MkDocs rendered from contributors' Markdown.

The render stage put every piece of case Markdown between two HTML comments
carrying a per-build nonce; here the HTML between them is run through nh3
(ammonia) with a small allow-list, so no script, event handler or unsafe URL
reaches the site even if one slipped past the checker.
"""

from __future__ import annotations

from pathlib import Path

import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i",
    "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "abbr", "sub", "sup",
    "kbd", "details", "summary", "del", "dl", "dt", "dd",
}
ATTRIBUTES = {
    "*": {"lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "details": {"open"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
SCHEMES = {"http", "https", "mailto"}


class SanitiseError(Exception):
    pass


def clean(fragment: str) -> str:
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener",
                     strip_comments=True)


def sanitise_page(text: str, nonce: str) -> str:
    start, end = f"<!--pb:{nonce}:start-->", f"<!--pb:{nonce}:end-->"
    pieces = text.split(start)
    out = [pieces[0]]
    for piece in pieces[1:]:
        inner, found, rest = piece.partition(end)
        if not found:
            # The end marker was swallowed (e.g. by an unclosed comment): clean up to the end of the article.
            inner, found, rest = piece.partition("</article>")
            rest = found + rest
        out.append(clean(inner))
        out.append(rest)
    return "".join(out)


def sanitise(site: Path, case_ids: list[str], nonce: str) -> int:
    """Clean the page of every published (not withdrawn) case in the built ``site``; return the count.

    A page without the markers would mean case content went unchecked: that fails the build.
    """
    marker = f"<!--pb:{nonce}:start-->"
    for case_id in case_ids:
        path = site / "faelle" / case_id / "index.html"
        text = path.read_text(encoding="utf-8")
        if marker not in text:
            raise SanitiseError(f"{path}: die Markierungen für Inhalte aus Fällen fehlen")
        path.write_text(sanitise_page(text, nonce), encoding="utf-8")
    return len(case_ids)
