"""Link preview images (Open Graph): ``<page>/vorschau.png``, 1200×630, drawn at build time.

One image a page: the site's name in an indigo band at the top, the page's title big below it (wrapped
to at most three lines, or four in a smaller size, the last one ending in "…" where the title is longer)
and a subtitle (municipality and Land, or an event) at the bottom, in DejaVu Sans shipped in
``fonts/`` (licence beside it). Every colour pair has a contrast of at least 4.5:1.

The image is drawn as indices into a fixed palette, not as colours: each text colour has a ramp of
``LEVELS`` entries from its background to itself, the region behind a text is filled with the first
index of its ramp and the text is drawn with the last, so the font's anti-aliasing lands on the ramp
as it would blend in RGB. This needs no quantizing; five steps of anti-aliasing look no different from
more, at full size or small, and three ramps of five fit a 4-bit palette: about 11 KB an image, against
15 KB with 16 steps (8-bit) and 15-27 KB as RGB, which also takes five times as long to encode
(``bench/preview.py`` measures these and the zlib settings). Glyphs are drawn once per font and size and
pasted (``Face``): pixel for pixel what Pillow's own text drawing gives, in a fifth of the time.

An image depends only on its title, subtitle and the site's name, the drawing code (``FORMAT``), the
fonts and Pillow's version; ``write`` keeps the images in a cache folder under a hash of these and
hard-links them into the built site, so a build draws only the images of new or changed pages, in two
processes where there are many.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from . import parallel

IMAGE_NAME = "vorschau.png"
WIDTH, HEIGHT = 1200, 630
FORMAT = "praxisboerse-vorschau-1"  # part of the cache key: change it when the drawing changes
FONT_DIR = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
PARALLEL_MIN_IMAGES = 200  # below this, starting a second process costs more than it saves

WHITE, INDIGO = (255, 255, 255), (0x3F, 0x51, 0xB5)  # Material's indigo, the site's primary colour
TITLE_COLOUR = (0x21, 0x21, 0x21)                     # Material's text colour
SUBTITLE_COLOUR = (0x30, 0x3F, 0x9F)                  # indigo 700
# (background, text) of the three kinds of text; each pair has a contrast of at least 4.5:1
COLOUR_PAIRS = {"title": (WHITE, TITLE_COLOUR), "subtitle": (WHITE, SUBTITLE_COLOUR), "band": (INDIGO, WHITE)}

MARGIN = 72                   # left and right
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAND_HEIGHT = 104             # the indigo band with the site's name
BAND_SIZE = 40
TITLE_SIZES = ((68, 3), (56, 4))  # (font size, most lines): the first that holds the whole title, else the last
LINE_HEIGHT = 1.22            # of the font size
SUBTITLE_SIZE = 38
SUBTITLE_BASELINE = HEIGHT - 64
RULE = (MARGIN, SUBTITLE_BASELINE - 88, MARGIN + 96, SUBTITLE_BASELINE - 82)  # an indigo accent above it
ELLIPSIS = "…"
LEVELS = 5                    # anti-aliasing steps per text colour; 3 × 5 colours fit a 4-bit palette
# zlib's run-length strategy: the images are runs of few colours; it takes 40 % less time than zlib's
# default strategy at level 4, for files 2 % larger (bench/preview.py measures the settings)
COMPRESS = {"compress_type": zlib.Z_RLE}


@dataclass(frozen=True)
class Preview:
    """The preview image of one page."""

    path: str      # URL path of the page relative to the site root, ending in '/', e.g. 'faelle/x/' ('' home)
    title: str
    subtitle: str  # e.g. 'Stadt Musterstadt · Baden-Württemberg'


class Face:
    """A font at one size, with what text drawing needs of it kept per character: each glyph is drawn
    once (by Pillow, as its own text would draw it) and pasted wherever it occurs. Pillow's text drawing
    asks FreeType for every glyph of every string anew, which would be most of an image's time."""

    def __init__(self, name: str, size: int) -> None:
        # Basic layout (Pillow's own, no libraqm): the same result wherever Pillow runs
        self.font = ImageFont.truetype(str(FONT_DIR / name), size, layout_engine=ImageFont.Layout.BASIC)
        self.size = size
        self._advances: dict[str, float] = {}
        self._kerning: dict[str, float] = {}
        self._glyphs: dict[str, tuple[int, int, Image.Image | None]] = {}

    def _advance(self, char: str) -> float:
        if char not in self._advances:
            self._advances[char] = self.font.getlength(char)
        return self._advances[char]

    def _kern(self, pair: str) -> float:
        if pair not in self._kerning:
            self._kerning[pair] = self.font.getlength(pair) - self._advance(pair[0]) - self._advance(pair[1])
        return self._kerning[pair]

    def _glyph(self, char: str) -> tuple[int, int, Image.Image | None]:
        """The glyph's image (None if it has no ink) and its top left from the pen on the baseline."""
        if char not in self._glyphs:
            left, top, right, bottom = self.font.getbbox(char, anchor="ls")
            glyph = None
            if right > left and bottom > top:
                glyph = Image.new("L", (right - left, bottom - top), 0)
                ImageDraw.Draw(glyph).text((-left, -top), char, fill=255, font=self.font, anchor="ls")
            self._glyphs[char] = (int(left), int(top), glyph)
        return self._glyphs[char]

    def pens(self, text: str) -> list[float]:
        """Where each character of ``text`` starts, from 0, and (last) where the text ends: the advances
        and kerning of Pillow's basic layout."""
        pens, pen = [], 0.0
        for index, char in enumerate(text):
            if index:
                pen += self._kern(text[index - 1:index + 1])
            pens.append(pen)
            pen += self._advance(char)
        pens.append(pen)
        return pens

    def length(self, text: str) -> float:
        return self.pens(text)[-1]

    def glyphs(self, text: str, xy: tuple[int, int]) -> Iterator[tuple[Image.Image, tuple[int, int]]]:
        """The glyph images of ``text`` and where they go, the baseline starting at ``xy``."""
        x, y = xy
        for char, pen in zip(text, self.pens(text)):
            left, top, glyph = self._glyph(char)
            if glyph is not None:
                yield glyph, (x + math.floor(pen + 0.5) + left, y + top)

    def metrics(self) -> tuple[int, int]:
        """Ascent and descent."""
        return self.font.getmetrics()


@dataclass(frozen=True)
class Line:
    """One line of text placed in the image: ``xy`` is the left end of its baseline."""

    text: str
    xy: tuple[int, int]
    face: Face
    kind: str  # a key of COLOUR_PAIRS

    def box(self) -> tuple[int, int, int, int]:
        """The bounding box of the drawn text (left, top, right, bottom) in the image."""
        boxes = [(x, y, x + glyph.width, y + glyph.height) for glyph, (x, y) in self.face.glyphs(self.text, self.xy)]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))


@cache
def face(name: str, size: int) -> Face:
    return Face(name, size)


def _split_long(word: str, face: Face, width: int) -> list[str]:
    """A word wider than a line, in pieces that each fit."""
    pieces = []
    while word:
        end = max(1, sum(1 for pen in face.pens(word)[1:] if pen <= width))
        while end > 1 and face.length(word[:end]) > width:
            end -= 1
        pieces.append(word[:end])
        word = word[end:]
    return pieces


def _ellipsized(text: str, face: Face, width: int) -> str:
    """``text`` shortened (by words, or letters where one word is left) to end in "…" within ``width``."""
    while True:
        candidate = text.rstrip(" ,;:.–—-/·") + ELLIPSIS
        if face.length(candidate) <= width or not text:
            return candidate
        text = text.rsplit(" ", 1)[0] if " " in text else text[:-1]


def wrap(text: str, face: Face, width: int, most: int) -> tuple[list[str], bool]:
    """``text`` broken into lines of at most ``width`` pixels, at most ``most`` of them; and whether it
    all fits (else the last line ends in "…")."""
    words = [piece for word in text.split() for piece in
             (_split_long(word, face, width) if face.length(word) > width else [word])]
    lines: list[str] = []
    for word in words:
        if lines and face.length(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) < most:
            lines.append(word)
        else:
            lines[-1] = _ellipsized(f"{lines[-1]} {word}", face, width)
            return lines, False
    return lines, True


def layout(title: str, subtitle: str, site_name: str) -> list[Line]:
    """Every line of text of the image and where it goes."""
    band_face = face(BOLD, BAND_SIZE)
    band_text = " ".join(site_name.split())
    if band_face.length(band_text) > TEXT_WIDTH:
        band_text = _ellipsized(band_text, band_face, TEXT_WIDTH)
    ascent, descent = band_face.metrics()
    lines = [Line(band_text, (MARGIN, (BAND_HEIGHT + ascent - descent) // 2), band_face, "band")]

    for size, most in TITLE_SIZES:
        title_face = face(BOLD, size)
        title_lines, whole = wrap(title, title_face, TEXT_WIDTH, most)
        if whole:
            break
    step = round(size * LINE_HEIGHT)
    ascent, descent = title_face.metrics()
    height = (len(title_lines) - 1) * step + ascent + descent  # centred between the band and the rule
    first = (BAND_HEIGHT + RULE[1] - height) // 2 + ascent
    lines += [Line(text, (MARGIN, first + i * step), title_face, "title") for i, text in enumerate(title_lines)]

    subtitle_face = face(REGULAR, SUBTITLE_SIZE)
    subtitle_lines, _ = wrap(subtitle, subtitle_face, TEXT_WIDTH, 1)
    lines += [Line(text, (MARGIN, SUBTITLE_BASELINE), subtitle_face, "subtitle") for text in subtitle_lines]
    return lines


@cache
def _palette() -> tuple[dict[str, int], list[int]]:
    """The first index of each kind's ramp, and the palette (background → text colour, each kind)."""
    starts, palette = {}, []
    for index, (kind, (background, colour)) in enumerate(COLOUR_PAIRS.items()):
        starts[kind] = index * LEVELS
        for level in range(LEVELS):
            palette += [round(b + (c - b) * level / (LEVELS - 1)) for b, c in zip(background, colour)]
    return starts, palette


def draw(title: str, subtitle: str, site_name: str) -> Image.Image:
    """The preview image (mode "P") of a page."""
    starts, palette = _palette()
    image = Image.new("L", (WIDTH, HEIGHT), starts["title"])
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, WIDTH - 1, BAND_HEIGHT - 1), fill=starts["band"])
    canvas.rectangle((0, RULE[3] + 1, WIDTH - 1, HEIGHT - 1), fill=starts["subtitle"])  # white too
    canvas.rectangle(RULE, fill=starts["band"])  # indigo
    for line in layout(title, subtitle, site_name):
        ink = starts[line.kind] + LEVELS - 1
        for glyph, xy in line.face.glyphs(line.text, line.xy):
            image.paste(ink, xy, glyph)
    image.putpalette(palette)  # as many entries as colours: a PNG of 4 bits a pixel where they are ≤ 16
    return image


def png(title: str, subtitle: str, site_name: str) -> bytes:
    """The preview image as PNG."""
    out = BytesIO()
    draw(title, subtitle, site_name).save(out, format="PNG", **COMPRESS)
    return out.getvalue()


@cache
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for name in (REGULAR, BOLD):
        digest.update((FONT_DIR / name).read_bytes())
    return digest.hexdigest()


def key(title: str, subtitle: str, site_name: str) -> str:
    """The cache file name of an image: a hash of everything it depends on."""
    parts = (FORMAT, PIL.__version__, _fonts_digest(), title, subtitle, site_name)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32] + ".png"


def _png(texts: tuple[str, str, str]) -> bytes:
    return png(*texts)


def write(previews: Iterable[Preview], built: Path, site_name: str, cache: Path) -> int:
    """Write ``<path>vorschau.png`` of every preview into the built site; return how many. Images not
    in ``cache`` are drawn into it (in two processes where there are many); entries this run did not
    use are removed from it."""
    targets: dict[Path, tuple[str, tuple[str, str, str]]] = {}
    for item in previews:
        if item.path and not item.path.endswith("/"):
            raise ValueError(f"preview path must be '' or end in '/': {item.path!r}")
        texts = (item.title, item.subtitle, site_name)
        targets[built / item.path / IMAGE_NAME] = (key(*texts), texts)
    return parallel.cached_files(targets, _png, cache, min_jobs=PARALLEL_MIN_IMAGES)
