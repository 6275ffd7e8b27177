"""Benchmark of the suggestions on case pages, ``generator.similar`` (not a test).

Writes a demo catalogue (``--count``, default 10,000 cases) to a temporary folder, loads it with
``catalog.check`` (not measured) and times, best of ``--repeat`` runs:

1. ``similar(cases)``: the similar cases of every case;
2. ``same_size(cases)``: building the index of "Kommunen ähnlicher Größe", then 10,000 lookups
   (``for_case`` of every case in turn, round and round if there are fewer cases).

Times are wall clock and CPU time of this process (CPU time is less disturbed by other load on the
machine; the load average is printed). Afterwards each is run once more under ``tracemalloc`` for
the peak of memory it allocated beyond what was there before (slower; not part of the times).

    python bench/similar.py [--count 10000] [--repeat 3] [--seed 1] [--cases DIR]

With ``--cases DIR`` an existing folder of cases is measured instead of a new demo catalogue.
Targets at 10,000 cases: ``similar()`` well under 10 s on two slow cores (ideally about 2 s);
10,000 lookups well under a second.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import catalog, demo, similar

# Demo cases carry review dates up to 2026-11 (data/demo/world.yml); checked as of a later day they are
# valid on any day the benchmark runs.
TODAY = date(2026, 12, 1)
LOOKUPS = 10_000


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall and CPU seconds of ``repeat`` runs (each after a garbage collection), and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return min(walls), min(cpus), result


def peak_mb(run: Callable[[], Any]) -> float:
    """The peak of memory allocated while ``run`` runs, beyond what was allocated before, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        kept = run()  # noqa: F841  (the result stays alive until the peak is read)
        return (tracemalloc.get_traced_memory()[1] - base) / 1e6
    finally:
        tracemalloc.stop()


def lookups(index: similar.SizeIndex, cases: list[catalog.Case]) -> int:
    found = 0
    for i in range(LOOKUPS):
        found += len(index.for_case(cases[i % len(cases)]))
    return found


def build_and_look_up(cases: list[catalog.Case]) -> similar.SizeIndex:
    index = similar.same_size(cases)
    lookups(index, cases)
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="demo cases to write (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo catalogue (default: %(default)s)")
    parser.add_argument("--cases", type=Path, metavar="DIR", help="measure this folder of cases instead")
    args = parser.parse_args()
    if args.count < 1 or args.repeat < 1:
        parser.error("--count and --repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="bench-similar-") as tmp:
        folder = args.cases
        if folder is None:
            folder = Path(tmp) / "cases"
            start = time.perf_counter()
            demo.write(args.count, folder, seed=args.seed)
            print(f"demo: {args.count:,} cases written in {time.perf_counter() - start:.1f} s", flush=True)
        start = time.perf_counter()
        result = catalog.check(folder, today=TODAY)
        if result.errors:
            raise SystemExit(f"unexpected errors in the cases: {[p.text() for p in result.errors[:3]]}")
        cases = [c for c in result.catalog.cases if not c.withdrawn]
        print(f"check: {len(result.catalog):,} cases ({len(cases):,} published) loaded in "
              f"{time.perf_counter() - start:.1f} s", flush=True)

    print(f"\n{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the start; best of {args.repeat}")
    wall, cpu, suggestions = timed(lambda: similar.similar(cases), args.repeat)
    print(f"similar():              {wall:6.2f} s  (CPU {cpu:.2f} s)", flush=True)
    build_wall, build_cpu, index = timed(lambda: similar.same_size(cases), args.repeat)
    print(f"same_size() index:      {build_wall:6.2f} s  (CPU {build_cpu:.2f} s)", flush=True)
    look_wall, look_cpu, found = timed(lambda: lookups(index, cases), args.repeat)
    print(f"{LOOKUPS:,} lookups:         {look_wall:6.2f} s  (CPU {look_cpu:.2f} s; "
          f"{look_wall / LOOKUPS * 1e6:.0f} µs each)", flush=True)
    print(f"load {os.getloadavg()[0]:.1f} at the end")

    memory = peak_mb(lambda: similar.similar(cases))
    memory_size = peak_mb(lambda: build_and_look_up(cases))
    print(f"\npeak memory allocated (tracemalloc): similar() {memory:,.1f} MB, "
          f"same_size() + lookups {memory_size:,.1f} MB")

    counts = Counter(len(v) for v in suggestions.values())
    reasons = Counter(s.reason for v in suggestions.values() for s in v)
    print(f"\nsuggestions per case: {', '.join(f'{k}: {v:,}' for k, v in sorted(counts.items()))}")
    print("most frequent reasons: " + "; ".join(f"{r} ({n:,})" for r, n in reasons.most_common(5)))
    sizes = [len(index.for_case(c)) for c in cases]
    print(f"Kommunen ähnlicher Größe per case: mean {statistics.mean(sizes):.1f}, "
          f"none for {sizes.count(0):,} (of which unknown size {sum(1 for c, s in zip(cases, sizes) if not s and c.size_class == 'unknown'):,}); "
          f"{found:,} found in {LOOKUPS:,} lookups")


if __name__ == "__main__":
    main()
