"""Benchmark of ``python -m generator check`` (not a test).

Writes demo catalogues of 1,000 and 10,000 cases and times ``check`` on each
against a floor measured in the same run: reading the same files and parsing
their front-matter with PyYAML's C loader, nothing else. Each measurement runs
in a fresh process, so its peak memory (max RSS) is its own; the best of
``--repeat`` runs is shown.

    python bench/check.py [--sizes 1000 10000] [--repeat 2]

Target: check on 10,000 cases at most 2.5x the floor and under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floor(folder: Path) -> int:
    import yaml

    from generator.loader import case_files

    loader = yaml.CSafeLoader
    count = 0
    for path in case_files(folder):
        text = path.read_bytes().decode("utf-8-sig")
        end = text.index("\n---", 3)
        yaml.load(text[4:end], Loader=loader)
        count += 1
    return count


def check(folder: Path) -> int:
    from generator.catalog import check as run_check

    result = run_check(folder)
    if result.errors:
        raise SystemExit(f"unexpected errors in the demo catalogue: {result.errors[:3]}")
    return result.files


def measure(kind: str, folder: Path) -> None:
    """Child process: run one measurement and print it as JSON."""
    start = time.perf_counter()
    count = {"floor": floor, "check": check}[kind](folder)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "files": count}))


def run(kind: str, folder: Path, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--measure", kind, str(folder)], check=True,
                             capture_output=True, text=True).stdout
        result = json.loads(out)
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]))
        return

    from generator import demo

    print(f"{'cases':>7} {'floor s':>8} {'check s':>8} {'ratio':>6} {'floor MB':>9} {'check MB':>9}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            folder = Path(tmp) / "cases"
            demo.write(size, folder, seed=1)
            floor(folder)  # warm the page cache for both
            base = run("floor", folder, args.repeat)
            result = run("check", folder, args.repeat)
            ratio = result["seconds"] / base["seconds"]
            print(f"{size:>7} {base['seconds']:>8.2f} {result['seconds']:>8.2f} {ratio:>5.2f}x "
                  f"{base['peak_mb']:>9.0f} {result['peak_mb']:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
