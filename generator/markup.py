"""Case Markdown → safe HTML, once, before any template sees it.

markdown-it-py parses CommonMark (with GitHub's tables and strikethrough), the
dialect that GitHub's and GitLab's web editors preview, so a contributor sees
in the pull request what the site will show. In the token stream, headings
are moved below the page's own section headings (ATX and Setext alike) and
sections without content (a heading left empty in ``new``'s template) are
dropped. nh3 (ammonia) then cleans the HTML with a small allow-list: no
script, event handler, style or unsafe URL reaches the site, even if one
slipped past the checker. What comes out is trusted HTML.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "b", "i",
    "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "abbr", "sub", "sup",
    "kbd", "details", "summary", "del", "s", "dl", "dt", "dd",
}
ATTRIBUTES = {
    "*": {"lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "details": {"open"},
    "th": {"align", "style"},
    "td": {"align", "style"},
    "ol": {"start"},
}
SCHEMES = {"http", "https", "mailto"}
# markdown-it writes table alignment as style="text-align:…"; nothing else may come through in style.
_ALIGN_STYLES = {"text-align:left", "text-align:center", "text-align:right"}

TOP_LEVEL = 3  # the highest heading level inside a case text: below the page's h1 and its h2 sections

_parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "style":
        return value if value.replace(" ", "") in _ALIGN_STYLES else None
    return value


def clean(fragment: str) -> str:
    """The allow-list: anything not on it is removed (tags kept as text where nh3 does so)."""
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener",
                     strip_comments=True, attribute_filter=_attribute_filter)


def _level(token: Token) -> int:
    return int(token.tag[1])


def _is_empty(tokens: list[Token]) -> bool:
    """Nothing a reader would see: no tokens, or only HTML comments and blank HTML."""
    for token in tokens:
        if token.type == "html_block" and (not token.content.strip() or _only_comments(token.content)):
            continue
        return False
    return True


def _only_comments(html: str) -> bool:
    rest = html.strip()
    while rest.startswith("<!--"):
        end = rest.find("-->")
        if end < 0:
            return True  # an unclosed comment hides the rest
        rest = rest[end + 3:].strip()
    return not rest


def _drop_empty_sections(tokens: list[Token]) -> list[Token]:
    """Remove each heading whose section (up to the next heading of the same or a higher level) is empty.

    Innermost sections first, so a heading whose sub-sections are all empty goes as well."""
    headings = [i for i, t in enumerate(tokens) if t.type == "heading_open"]
    drop: set[int] = set()
    for position in reversed(range(len(headings))):
        start = headings[position]
        level = _level(tokens[start])
        end = next((later for later in headings[position + 1:] if _level(tokens[later]) <= level), len(tokens))
        if _is_empty([t for i, t in enumerate(tokens[start + 3:end], start + 3) if i not in drop]):
            drop.update(range(start, start + 3))
    return [t for i, t in enumerate(tokens) if i not in drop]


def _demote(tokens: list[Token], top: int) -> None:
    levels = [_level(t) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = max(0, top - min(levels))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, _level(token) + shift)}"


def to_html(markdown: str, *, top: int = TOP_LEVEL) -> str:
    """Safe HTML of one piece of case Markdown; '' when nothing visible is left."""
    tokens = _parser.parse(markdown)
    tokens = _drop_empty_sections(tokens)
    if _is_empty(tokens):
        return ""
    _demote(tokens, top)
    return clean(_parser.renderer.render(tokens, _parser.options, {})).strip()


def trusted_html(markdown: str) -> str:
    """HTML of Markdown that we wrote ourselves (e.g. the field reference): same dialect, no cleaning."""
    return _parser.render(markdown).strip()


_HEADING_LINE = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t].*)?|=+[ \t]*|-+[ \t]*)$")


def _may_have_empty_section(markdown: str) -> bool:
    """A quick look at the lines: False only if every heading-like line is followed by text before the
    next one. Anything else (also a thematic break, or a '#' line in code) is left to the full parse."""
    seen_text, in_comment = True, False
    for line in markdown.split("\n"):
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if _HEADING_LINE.match(line):
            if not seen_text:
                return True
            seen_text = False
        elif stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
        elif stripped:
            seen_text = True
    return not seen_text


def empty_sections(markdown: str) -> list[tuple[int, str]]:
    """(line, heading text) of every heading with nothing under it, for the checker's warning."""
    if not _may_have_empty_section(markdown):
        return []
    tokens = _parser.parse(markdown)
    kept = {id(t) for t in _drop_empty_sections(tokens)}
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and id(token) not in kept:
            line = (token.map[0] + 1) if token.map else 1
            found.append((line, tokens[index + 1].content))
    return found
