"""Benchmark of the link preview images, ``generator.preview`` (not a test).

Takes the titles and organisations of a demo catalogue (``--count``, default 10,000 cases; the front-matter
of ``demo.generate``, nothing written) as one preview a case, subtitle "<organisation> · <Land or
country>" as the build gives it, and times ``preview.write`` into temporary folders:

1. clean: empty cache, every image drawn (in two processes from ``preview.PARALLEL_MIN_IMAGES`` on);
2. cached: the same previews into a new output folder, every image linked from the cache;
3. one changed: one title changed, the rest linked.

Then the size of the images (cache folder, the same files the site links) and, on a sample of
``--sample`` titles drawn in this process, the time of each step of one image (layout, drawing, PNG)
and the PNG settings measured against each other: size and time of encoding the same images as a
4-bit palette (the module's way) with zlib's run-length strategy, at zlib levels 1 to 9 and with
``optimize``, as an 8-bit palette, as RGB, and drawn with 16 steps of anti-aliasing instead of 5.

Times are wall clock and CPU time (this process and its helper processes; less disturbed by other load
on the machine, whose load average is printed).

    python bench/preview.py [--count 10000] [--seed 1] [--sample 200] [--keep DIR]

Target: a clean run at 10,000 cases at most about 30 s on two cores, a cached one a few seconds;
else one image a topic instead of one a case.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import demo, layout, preview, vocabularies

SITE_NAME = "Praxisbörse"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def demo_previews(count: int, seed: int) -> list[preview.Preview]:
    states, countries = vocabularies.states(), vocabularies.countries()
    previews = []
    for _, text in demo.generate(count, seed):
        data = yaml.load(text.split("---\n", 2)[1], Loader=LOADER)
        org = data["organisation"]
        where = states.label(org["state"]) if org["country"] == "DE" else countries.label(org["country"])
        previews.append(preview.Preview(layout.case_url(data["id"]), data["title"], f"{org['name']} · {where}"))
    return previews


def cpu_seconds() -> float:
    """CPU time of this process and of its finished helper processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = run()
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def per_image_ms(run: Callable[[Any], Any], items: list[Any]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    results = [run(item) for item in items]
    return (time.perf_counter() - start) / len(items) * 1000, results


def encoded(image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def steps_and_formats(previews: list[preview.Preview]) -> None:
    print(f"\none image, mean of {len(previews):,} drawn in this process:")
    args = [(p.title, p.subtitle, SITE_NAME) for p in previews]
    preview.draw(*args[0])  # fonts and glyphs of the common letters loaded
    layout_ms, _ = per_image_ms(lambda a: preview.layout(*a), args)
    draw_ms, images = per_image_ms(lambda a: preview.draw(*a), args)
    png_ms, files = per_image_ms(lambda a: preview.png(*a), args)
    print(f"  layout {layout_ms:.2f} ms, drawing (with layout) {draw_ms:.2f} ms, PNG as written "
          f"(drawing + encoding, {preview.COMPRESS}) {png_ms:.2f} ms, "
          f"{statistics.mean(map(len, files)) / 1000:.1f} KB")
    print("  encoding the same images (size: mean a file):")
    levels = preview.LEVELS
    try:  # the same titles drawn with more anti-aliasing steps, for comparison
        preview.LEVELS = 16
        preview._palette.cache_clear()
        smoother = [preview.draw(*a) for a in args]
    finally:
        preview.LEVELS = levels
        preview._palette.cache_clear()
    rgb = [image.convert("RGB") for image in images]
    bits = "4-bit" if len(preview.COLOUR_PAIRS) * levels <= 16 else "8-bit"  # Pillow's choice by the palette
    rows = [(f"palette {bits}, zlib level {level}", images, {"compress_level": level}) for level in (1, 3, 4, 6, 9)]
    rows += [
        (f"palette {bits}, optimize", images, {"optimize": True}),
        (f"palette {bits}, zlib run-length", images, {"compress_type": zlib.Z_RLE}),
        ("palette 8-bit, zlib level 4", images, {"compress_level": 4, "bits": 8}),
        ("16 steps, palette 8-bit, zlib level 4", smoother, {"compress_level": 4}),
        ("RGB, zlib run-length", rgb, {"compress_type": zlib.Z_RLE}),
        ("RGB, zlib level 4", rgb, {"compress_level": 4}),
        ("RGB, zlib level 6 (Pillow's default)", rgb, {"compress_level": 6}),
        ("RGB, optimize", rgb, {"optimize": True}),
    ]
    for label, sources, options in rows:
        ms, out = per_image_ms(lambda image, options=options: encoded(image, **options), sources)
        print(f"    {label:40s} {ms:6.2f} ms  {statistics.mean(map(len, out)) / 1000:6.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="demo cases (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo catalogue (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=200,
                        help="images for the steps and PNG settings (default: %(default)s; 0: skip)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR (kept) instead of a temporary folder")
    args = parser.parse_args()
    if args.count < 1 or args.sample < 0:
        parser.error("--count must be at least 1, --sample not negative")

    start = time.perf_counter()
    previews = demo_previews(args.count, args.seed)
    lengths = [len(p.title) for p in previews]
    print(f"demo: {len(previews):,} previews in {time.perf_counter() - start:.1f} s; title length "
          f"median {statistics.median(lengths):.0f}, max {max(lengths)} characters", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        cache = work / "cache"
        print(f"\n{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the start")
        wall, cpu, count = timed(lambda: preview.write(previews, work / "site-1", SITE_NAME, cache))
        print(f"clean:       {wall:6.2f} s  (CPU {cpu:.2f} s)  {count:,} images", flush=True)
        wall, cpu, count = timed(lambda: preview.write(previews, work / "site-2", SITE_NAME, cache))
        print(f"cached:      {wall:6.2f} s  (CPU {cpu:.2f} s)  {count:,} images", flush=True)
        changed = [preview.Preview(previews[0].path, previews[0].title + " (neu)", previews[0].subtitle),
                   *previews[1:]]
        wall, cpu, count = timed(lambda: preview.write(changed, work / "site-3", SITE_NAME, cache))
        print(f"one changed: {wall:6.2f} s  (CPU {cpu:.2f} s)  {count:,} images", flush=True)
        print(f"load {os.getloadavg()[0]:.1f} at the end")

        sizes = [path.stat().st_size for path in cache.iterdir()]
        print(f"\nimages: {len(sizes):,} files, {sum(sizes) / 1e6:.1f} MB; each median "
              f"{statistics.median(sizes) / 1000:.1f} KB, max {max(sizes) / 1000:.1f} KB")

    if args.sample:
        steps_and_formats(previews[:args.sample])


if __name__ == "__main__":
    main()
