"""Link preview images (``generator.preview``): size and format, layout within the image, the shipped
fonts' German letters, contrast, the cache of ``write`` and deterministic output."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw

from generator import preview
from support import REPO

SITE = "Praxisbörse"
TITLE = "Bürgerbeteiligung per Mängelmelder-App: Straßenschäden in Größenhain schneller behoben"
SUBTITLE = "Stadt Großenhain · Sachsen"
LONG_TITLE = ("Digitale Öffnung der Verwaltung: Wie eine kleine Gemeinde mit wenig Geld ihre Bürgerdienste "
              "vollständig online anbietet, Schritt für Schritt, mit Übergangsfristen, Schulungen für alle "
              "Beschäftigten im Rathaus und einer Sprechstunde für ältere Menschen in der Bücherei") * 2
LONG_WORD = "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnungsänderung" * 3


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def rendered(face: preview.Face, text: str) -> bytes:
    """``text`` drawn by Pillow itself in ``face``'s font, as pixels."""
    image = Image.new("L", (1400, 200), 0)
    ImageDraw.Draw(image).text((20, 150), text, fill=255, font=face.font, anchor="ls")
    return image.tobytes()


def test_image_is_a_png_of_1200_by_630():
    image = open_png(preview.png(TITLE, SUBTITLE, SITE))
    assert image.format == "PNG" and image.size == (preview.WIDTH, preview.HEIGHT) == (1200, 630)


def test_different_titles_give_different_images():
    assert preview.png(TITLE, SUBTITLE, SITE) != preview.png(TITLE + " (neu)", SUBTITLE, SITE)
    assert preview.png(TITLE, SUBTITLE, SITE) != preview.png(TITLE, "Stadt Riesa · Sachsen", SITE)


@pytest.mark.parametrize("title, subtitle, site", [
    (TITLE, SUBTITLE, SITE),
    ("Leerstandskataster", "Gemeinde Beispielstedt · Niedersachsen", SITE),
    (LONG_TITLE, LONG_TITLE, LONG_TITLE),
    (LONG_WORD, LONG_WORD, LONG_WORD),
])
def test_text_stays_inside_its_region(title, subtitle, site):
    lines = preview.layout(title, subtitle, site)
    regions = {"band": (0, preview.BAND_HEIGHT), "title": (preview.BAND_HEIGHT, preview.RULE[1]),
               "subtitle": (preview.RULE[3], preview.HEIGHT)}
    for line in lines:
        left, top, right, bottom = line.box()
        assert preview.MARGIN // 2 <= left and right <= preview.WIDTH - preview.MARGIN // 2, line
        assert regions[line.kind][0] <= top and bottom <= regions[line.kind][1], line
    titles = [line for line in lines if line.kind == "title"]
    most = preview.TITLE_SIZES[-1][1]
    assert 1 <= len(titles) <= most
    assert sum(line.kind == "band" for line in lines) == 1 and sum(line.kind == "subtitle" for line in lines) == 1


def test_long_title_is_cut_with_an_ellipsis():
    titles = [line for line in preview.layout(LONG_TITLE, SUBTITLE, SITE) if line.kind == "title"]
    size, most = preview.TITLE_SIZES[-1]
    assert len(titles) == most and titles[-1].text.endswith("…") and titles[-1].face.size == size
    shown = " ".join(line.text for line in titles)[:-1]
    assert LONG_TITLE.startswith(shown.rstrip(" ,"))
    assert not any(line.text.endswith("…") for line in titles[:-1])


def test_short_title_stays_whole_in_the_large_size():
    titles = [line for line in preview.layout(TITLE, SUBTITLE, SITE) if line.kind == "title"]
    assert " ".join(line.text for line in titles) == TITLE and "…" not in TITLE
    short = [line for line in preview.layout("Leerstandskataster", SUBTITLE, SITE) if line.kind == "title"]
    assert [line.text for line in short] == ["Leerstandskataster"] and short[0].face.size == preview.TITLE_SIZES[0][0]


def test_shipped_fonts_have_the_german_letters():
    for name in (preview.REGULAR, preview.BOLD):
        assert (preview.FONT_DIR / name).is_file()
        face = preview.face(name, 40)
        tofu = rendered(face, "\U0010fffd")  # a private-use code point no font has: the missing-glyph box
        for char in "ÄÖÜäöüß„“–…·":
            assert face.font.getmask(char).getbbox(), char
            assert rendered(face, char) != tofu, char
    licence = (preview.FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence


def test_pasted_glyphs_are_what_pillow_draws():
    for name, size in [(preview.BOLD, 68), (preview.BOLD, 56), (preview.REGULAR, 38)]:
        face = preview.face(name, size)
        text = "Größenhain: „Wa To“ Straßenschäden, fjord – AV"
        image = Image.new("L", (1400, 200), 0)
        for glyph, xy in face.glyphs(text, (20, 150)):
            image.paste(255, xy, glyph)
        assert image.tobytes() == rendered(face, text), (name, size)
        assert face.length(text) == face.font.getlength(text)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_have_enough_contrast_and_are_in_the_image():
    for kind, (background, colour) in preview.COLOUR_PAIRS.items():
        assert contrast(background, colour) >= 4.5, kind
    colours = {rgb for _, rgb in open_png(preview.png(TITLE, SUBTITLE, SITE)).convert("RGB").getcolors(256)}
    assert {preview.WHITE, preview.INDIGO, preview.TITLE_COLOUR, preview.SUBTITLE_COLOUR} <= colours


def test_same_input_gives_the_same_bytes_in_another_process():
    data = preview.png(TITLE, SUBTITLE, SITE)
    assert preview.png(TITLE, SUBTITLE, SITE) == data
    code = ("import sys; from generator import preview; "
            f"sys.stdout.buffer.write(preview.png({TITLE!r}, {SUBTITLE!r}, {SITE!r}))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, check=True, env=env)
    assert other.stdout == data


def previews(*titles: str) -> list[preview.Preview]:
    return [preview.Preview("" if i == 0 else f"faelle/fall-{i}/", title, SUBTITLE) for i, title in enumerate(titles)]


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The titles drawn (``preview.png`` calls) from here on."""
    calls: list[str] = []
    original = preview.png

    def counting(title, subtitle, site_name):
        calls.append(title)
        return original(title, subtitle, site_name)

    monkeypatch.setattr(preview, "png", counting)
    return calls


def test_write_caches_and_links(tmp_path, drawn):
    cache = tmp_path / "cache"
    items = previews("Startseite", TITLE, "Leerstandskataster")
    assert preview.write(items, tmp_path / "site-1", SITE, cache) == 3
    assert sorted(drawn) == sorted(["Startseite", TITLE, "Leerstandskataster"])
    first = {item.path: (tmp_path / "site-1" / item.path / preview.IMAGE_NAME).read_bytes() for item in items}
    assert (tmp_path / "site-1" / "vorschau.png").is_file()
    assert first["faelle/fall-1/"] == preview.png(TITLE, SUBTITLE, SITE)
    drawn.clear()

    assert preview.write(items, tmp_path / "site-2", SITE, cache) == 3
    assert drawn == []
    for item in items:
        target = tmp_path / "site-2" / item.path / preview.IMAGE_NAME
        assert target.read_bytes() == first[item.path]
        assert target.stat().st_ino == (cache / preview.key(item.title, item.subtitle, SITE)).stat().st_ino

    changed = [items[0], items[1], preview.Preview(items[2].path, "Leerstandskataster 2.0", SUBTITLE)]
    assert preview.write(changed, tmp_path / "site-3", SITE, cache) == 3
    assert drawn == ["Leerstandskataster 2.0"]
    assert sorted(p.name for p in cache.iterdir()) == sorted(preview.key(i.title, i.subtitle, SITE) for i in changed)
    assert (tmp_path / "site-2" / "faelle/fall-2/vorschau.png").read_bytes() == first["faelle/fall-2/"]


def test_write_replaces_a_file_and_never_writes_into_it(tmp_path):
    published = tmp_path / "published.png"
    published.write_bytes(b"old")
    target = tmp_path / "site" / "faelle" / "fall-1" / preview.IMAGE_NAME
    target.parent.mkdir(parents=True)
    os.link(published, target)
    preview.write(previews("Start", TITLE), tmp_path / "site", SITE, tmp_path / "cache")
    assert published.read_bytes() == b"old"
    assert target.read_bytes() == preview.png(TITLE, SUBTITLE, SITE)


def test_write_draws_in_processes_where_there_are_many(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "PARALLEL_MIN_IMAGES", 3)
    titles = [f"{TITLE} {i}" for i in range(6)]
    assert preview.write(previews(*titles), tmp_path / "site", SITE, tmp_path / "cache") == 6
    for item in previews(*titles):
        written = (tmp_path / "site" / item.path / preview.IMAGE_NAME).read_bytes()
        assert written == preview.png(item.title, SUBTITLE, SITE)


def test_write_wants_page_paths(tmp_path):
    with pytest.raises(ValueError):
        preview.write([preview.Preview("faelle/x", TITLE, SUBTITLE)], tmp_path / "site", SITE, tmp_path / "cache")
