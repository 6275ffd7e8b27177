"""The re-use network ("wer hat was nachgenutzt") as one inline SVG, laid out at build time.

Input is a forest of ``Node`` trees: each root is a solution (a case of a municipality), its
children are the municipalities that adopted it, their children adopted from them, and so on.
``draw`` returns one ``<svg>`` element as text; there is no JavaScript and no layout library.

Layout — an indented tree (a file tree, or an org chart turned sideways), so that it reads on a
375 px phone as well as on a desktop:

* every node is one row; a tree is drawn top to bottom, root first, each child one row below its
  predecessor and indented by ``INDENT`` units per depth (from depth ``MAX_INDENT_DEPTH`` on the
  indentation stops growing, so that a long chain still leaves room for its labels);
* connectors are elbows: a vertical line down from the parent's marker, a horizontal stub to the
  child's marker. Roots have a square marker, adopters a filled dot; discontinued adoptions
  (``muted``) a hollow dot, a dashed connector and lighter text — three cues, not colour alone;
* trees are stacked with a gap of ``TREE_GAP`` units. Each tree is a
  ``<g class="pb-netz__tree" transform="translate(0 Y)" data-groups="…" data-height="H">`` whose
  content starts at y = 0, so a script that hides trees by topic can stack the visible ones again:
  ``translate(0 y)``, ``y += data-height + data-gap`` from ``y = data-pad``, and finally the
  ``viewBox`` height ``y - data-gap + data-pad`` (both numbers sit on the ``<svg>``).

Size — the ``viewBox`` is always ``WIDTH`` (360) units wide and as high as the rows need; the
element is ``width="100%"`` with no ``height``, so browsers derive the height from the
``viewBox``'s aspect ratio (checked in Chromium). In a 343–360 px column a font size of 14 units
is therefore about 14 px; an inline ``max-width`` (``MAX_WIDTH_PX``, 440 px) keeps it at about
17 px in a wide desktop column instead of doubling it. Labels that would not fit the width left of them are cut with "…";
the width of a text is estimated (about 0.55 × font size for an average lower-case letter,
narrower for "i", "l", "t", …, wider for capitals, "m" and "w", and 10 % more in bold). The
full label and detail are the ``<title>`` of the node's group, shown on hover.

Accessibility (WCAG 2.1 AA) — the page follows the drawing with a complete text alternative
(nested lists that hold the links). The drawing is therefore decorative for assistive
technology: ``aria-hidden="true"`` and ``focusable="false"`` on the ``<svg>``, and no links in
it (``Node.href`` is accepted but not rendered). A ``role="img"`` drawing with links inside would
hide those links from screen readers, and focusable links under ``aria-hidden`` would be an axe
violation; a purely visual drawing plus the list has neither problem. The ``<title>``/``<desc>``
of the ``<svg>`` stay (with ids ``{id_prefix}-title``/``-desc``) as hover text and for anyone
who opens the SVG on its own.

Colours — only ``currentColor`` (presentation attributes, so the drawing looks right without
CSS and follows Material's light and dark ("slate") schemes); greys are made with opacity:
detail and discontinued text 0.7 (black on white ≈ 8.5:1; Material's text colour, 87 % black,
≈ 5.9:1; Material's slate text on #1e2129 ≈ 5.1:1), connectors 0.6. CSS may restyle everything
through the classes ``pb-netz``, ``pb-netz__tree``, ``pb-netz__node``, ``pb-netz__node--root``,
``pb-netz__node--muted``, ``pb-netz__label``, ``pb-netz__detail``, ``pb-netz__marker``,
``pb-netz__edge`` and ``pb-netz__edge--muted`` (CSS beats presentation attributes).

All text and attribute values are escaped (``html.escape``), characters XML forbids are dropped,
so the result is well-formed XML. Output is deterministic (same input, same bytes) and numbers
are integers or have one decimal. Work is linear in the number of nodes; nothing recurses, so a
chain of thousands of adoptions draws as well as a wide tree.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# --- geometry (SVG user units; 1 unit ≈ 1 CSS px in a 360 px column) ---------------------------
WIDTH = 360
FONT_SIZE = 14
DETAIL_FONT_SIZE = 12
CHAR_WIDTH = 0.55            # average width of a lower-case letter, in font sizes
BOLD_FACTOR = 1.1            # bold text (the roots' labels) is wider
INDENT = 18                  # horizontal step per depth
X0 = 8                       # x of the roots' markers
TEXT_DX = 12                 # from a marker's centre to the start of its text
RIGHT_PAD = 4                # kept free at the right edge
MIN_TEXT_WIDTH = 140         # the indentation stops growing before it leaves less than this
MAX_INDENT_DEPTH = (WIDTH - RIGHT_PAD - MIN_TEXT_WIDTH - TEXT_DX - X0) // INDENT
ROW = 26                     # height of a row with a label only
ROW_WITH_DETAIL = 42         # … and with a second line
MARKER_DY = 12               # from the row's top to the marker's centre (mid x-height of the label)
LABEL_DY = 17                # from the row's top to the label's baseline
DETAIL_DY = 33               # … to the detail's baseline
ROOT_HALF = 5                # half the side of a root's square marker
DOT_R = 4                    # radius of an adopter's dot
PAD = 4                      # above the first and below the last tree
TREE_GAP = 16                # between two trees
MAX_WIDTH_PX = 440           # CSS max-width of the drawing: 14 units ≈ 17 px on a wide screen
DASH = "4 3"

# --- opacities of currentColor -------------------------------------------------------------------
DIM_TEXT = ".7"              # details and discontinued nodes
EDGE = ".6"                  # connectors (graphics: ≥ 3:1 needed, ≈ 4.3:1 or more)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NARROW = frozenset("iIjlfrt .,:;!|'’\"()[]{}/\\-")
_WIDE = frozenset("mwMW@%ÆŒæœ")
ELLIPSIS = "…"


@dataclass(frozen=True)
class Node:
    """One row of the drawing: a solution (a root) or a municipality that adopted it."""

    key: str                 # unique in the drawing, e.g. "case:musterstadt-app" or "adoption:xyz"
    label: str               # e.g. "Stadt Musterstadt" (untrusted: escaped)
    detail: str = ""         # second line, e.g. "Mängelmelder · seit 2021" (escaped)
    href: str | None = None  # accepted for the callers' convenience; not rendered (see module doc)
    muted: bool = False      # discontinued: dashed connector, hollow dot, lighter text
    children: tuple[Node, ...] = ()
    groups: tuple[str, ...] = ()  # e.g. topic slugs; roots only: data-groups on the tree's <g>


def rows(forest: Sequence[Node]) -> int:
    """The number of rows ``draw`` draws: one per node."""
    return sum(1 for _ in _walk(forest))


def edges(forest: Sequence[Node]) -> list[tuple[str, str]]:
    """``(parent.key, child.key)`` for every connector, in drawing order (depth first, pre-order)."""
    return [(parent.key, node.key) for node, _depth, parent in _walk(forest) if parent is not None]


def height(forest: Sequence[Node]) -> int:
    """Height of the ``viewBox`` ``draw`` returns, in units."""
    total = sum(_row_height(node) for node, _depth, _parent in _walk(forest))
    return PAD + total + TREE_GAP * max(len(forest) - 1, 0) + PAD


def draw(forest: Sequence[Node], *, title: str, description: str, id_prefix: str = "pb-netz",
         max_width: int | None = MAX_WIDTH_PX) -> str:
    """The forest as one ``<svg>`` element (see the module's documentation).

    ``max_width`` (CSS px) keeps the text from growing to twice its size in a wide column;
    ``None`` leaves the width to the page's CSS.

    Raises ``ValueError`` if two nodes share a key."""
    seen: set[str] = set()
    trees: list[str] = []
    y = PAD
    for root in forest:
        tree, tree_height = _draw_tree(root, seen)
        groups = " ".join(dict.fromkeys(token for group in root.groups for token in _clean(group).split()))
        trees.append(f'<g class="pb-netz__tree" transform="translate(0 {y})" data-groups="{_attr(groups)}" '
                     f'data-height="{tree_height}">{tree}</g>')
        y += tree_height + TREE_GAP
    total = (y - TREE_GAP if trees else y) + PAD
    prefix = _attr(id_prefix)
    style = f' style="max-width:{int(max_width)}px"' if max_width is not None else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="pb-netz" id="{prefix}" '
            f'viewBox="0 0 {WIDTH} {total}" width="100%" preserveAspectRatio="xMinYMin meet"{style} '
            f'aria-hidden="true" focusable="false" font-size="{FONT_SIZE}" data-pad="{PAD}" data-gap="{TREE_GAP}">'
            f'<title id="{prefix}-title">{_text(title)}</title><desc id="{prefix}-desc">{_text(description)}</desc>'
            + "".join(trees) + "</svg>")


# --- layout ---------------------------------------------------------------------------------------

@dataclass
class _Trunk:
    """The vertical line below a parent, drawn piecewise: one piece per child."""

    x: float
    last_y: float              # where the next piece starts
    level: int                 # the parent's indentation level
    tail_muted: list[bool]     # [k]: children k… are all muted (the piece to child k is dashed)
    next: int = 0


def _draw_tree(root: Node, seen: set[str]) -> tuple[str, int]:
    """The content of one tree's group (connectors first, markers and text above) and its height."""
    lines: list[str] = []
    nodes: list[str] = []
    trunks: dict[int, _Trunk] = {}
    y = 0
    for node, depth, parent in _walk((root,)):
        if node.key in seen:
            raise ValueError(f"Schlüssel doppelt in der Zeichnung: {node.key!r}")
        seen.add(node.key)
        level = min(depth, MAX_INDENT_DEPTH)
        mx = X0 + level * INDENT
        my = y + MARKER_DY
        if parent is not None:
            trunk = trunks[id(parent)]
            lines.extend(_connector(trunk, level, mx, my, node.muted, trunk.tail_muted[trunk.next]))
            trunk.last_y = my
            trunk.next += 1
            if trunk.next == len(parent.children):
                del trunks[id(parent)]
        if node.children:
            tail, all_muted = [False] * len(node.children), True
            for index in range(len(node.children) - 1, -1, -1):
                all_muted = all_muted and node.children[index].muted
                tail[index] = all_muted
            trunks[id(node)] = _Trunk(mx, my + (ROOT_HALF if depth == 0 else DOT_R), level, tail)
        nodes.append(_node(node, depth == 0, mx, y))
        y += _row_height(node)
    edges_group = (f'<g class="pb-netz__edges" fill="none" stroke="currentColor" stroke-opacity="{EDGE}" '
                   f'stroke-width="1.5">{"".join(lines)}</g>') if lines else ""
    return edges_group + "".join(nodes), y


def _connector(trunk: _Trunk, level: int, cx: float, cy: float, muted: bool, trunk_muted: bool) -> list[str]:
    """The piece of the parent's vertical line down to this child, and the stub to its dot."""
    if level == trunk.level:  # indentation capped: straight down onto the dot
        return [_path(f"M{_n(trunk.x)} {_n(trunk.last_y)}V{_n(cy - DOT_R)}", trunk_muted)]
    vertical = f"M{_n(trunk.x)} {_n(trunk.last_y)}V{_n(cy)}"
    stub = f"H{_n(cx - DOT_R)}"
    if trunk_muted == muted:
        return [_path(vertical + stub, muted)]
    return [_path(vertical, trunk_muted), _path(f"M{_n(trunk.x)} {_n(cy)}" + stub, muted)]


def _path(d: str, muted: bool) -> str:
    if muted:
        return f'<path class="pb-netz__edge pb-netz__edge--muted" stroke-dasharray="{DASH}" d="{d}"/>'
    return f'<path class="pb-netz__edge" d="{d}"/>'


def _node(node: Node, is_root: bool, mx: float, top: float) -> str:
    label = _clean(node.label)
    detail = _clean(node.detail)
    tx = mx + TEXT_DX
    room = WIDTH - RIGHT_PAD - tx
    classes = "pb-netz__node" + (" pb-netz__node--root" if is_root else "") \
        + (" pb-netz__node--muted" if node.muted else "")
    hover = f"{label} – {detail}" if detail else label
    my = top + MARKER_DY
    if is_root:
        side = 2 * ROOT_HALF
        shape = f'<rect class="pb-netz__marker" x="{_n(mx - ROOT_HALF)}" y="{_n(my - ROOT_HALF)}" ' \
                f'width="{side}" height="{side}" rx="2"'
    else:
        shape = f'<circle class="pb-netz__marker" cx="{_n(mx)}" cy="{_n(my)}" r="{DOT_R}"'
    if node.muted:
        shape += f' fill="none" stroke="currentColor" stroke-opacity="{DIM_TEXT}" stroke-width="1.5"/>'
    else:
        shape += ' fill="currentColor"/>'
    label_attrs = ' font-weight="bold"' if is_root else ""
    if node.muted:
        label_attrs += f' fill-opacity="{DIM_TEXT}"'
    parts = [f'<g class="{classes}" data-key="{_attr(node.key)}">',
             f"<title>{_text(hover)}</title>",
             shape,
             (f'<text class="pb-netz__label" x="{_n(tx)}" y="{_n(top + LABEL_DY)}" fill="currentColor"'
              f'{label_attrs}>{_text(_fit(label, room, FONT_SIZE, bold=is_root))}</text>')]
    if detail:
        parts.append(f'<text class="pb-netz__detail" x="{_n(tx)}" y="{_n(top + DETAIL_DY)}" '
                     f'font-size="{DETAIL_FONT_SIZE}" fill="currentColor" fill-opacity="{DIM_TEXT}">'
                     f"{_text(_fit(detail, room, DETAIL_FONT_SIZE))}</text>")
    parts.append("</g>")
    return "".join(parts)


def _walk(forest: Sequence[Node]) -> Iterator[tuple[Node, int, Node | None]]:
    """``(node, depth, parent)`` depth first, pre-order, children in their order; no recursion."""
    for root in forest:
        stack: list[tuple[Node, int, Node | None]] = [(root, 0, None)]
        while stack:
            node, depth, parent = stack.pop()
            yield node, depth, parent
            for child in reversed(node.children):
                stack.append((child, depth + 1, node))


def _row_height(node: Node) -> int:
    return ROW_WITH_DETAIL if _clean(node.detail) else ROW


# --- text -----------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """One line of composed characters, without characters XML does not allow."""
    return " ".join(_NOT_XML.sub("", unicodedata.normalize("NFC", text)).split())


def _char_width(char: str) -> float:
    """Estimated advance of one character, in font sizes (a proportional sans-serif)."""
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.85
    if char == ELLIPSIS:
        return 1.0
    if char.isdigit():
        return 0.56
    if char.isupper():
        return 0.72
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return CHAR_WIDTH


def _fit(text: str, room: float, font_size: float, *, bold: bool = False) -> str:
    """``text``, cut with "…" where its estimated width would exceed ``room`` units."""
    scale = font_size * (BOLD_FACTOR if bold else 1.0)
    limit = room / scale
    widths = [_char_width(char) for char in text]
    if sum(widths) <= limit:
        return text
    limit -= _char_width(ELLIPSIS)
    used = 0.0
    for index, width in enumerate(widths):
        used += width
        if used > limit:
            return text[:index].rstrip(" ,;:·–-") + ELLIPSIS
    return text + ELLIPSIS  # not reached


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def _attr(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _n(value: float) -> str:
    """A coordinate: an integer, or one decimal."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
