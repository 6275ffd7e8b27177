"""Soak test of ``python -m generator build`` (not a unit test): many builds in a row, small edits between.

Makes a demo catalogue (``python -m generator demo --count N``), builds it, then builds it again
and again (default 20 builds in all) into the same output folder, as an editor would: before each
rebuild one case gets a new paragraph; every fifth rebuild also adds a case (a copy of one under a
new id), every seventh removes one that no other case refers to. Every build is
``python -m generator build --cases DIR --out OUT``, a process of its own.

It prints each build's time and outcome, every failure with its message (the build's last lines
on stderr), and a check of the result: the site's search index holds exactly the published cases
(``generator.search.indexed_pages`` against ``daten/faelle.json``). Exit code 1 if any build failed.

    python bench/soak.py [--builds 20] [--count 1000] [--seed 1] [--work DIR]

Without --work everything happens in a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Outcome:
    number: int
    change: str
    seconds: float
    ok: bool
    message: str = ""
    check: str = ""


def run(args: list[str], timeout: float = 3600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], check=False, cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def case_files(cases: Path) -> list[Path]:
    return sorted(p for p in cases.rglob("*.md") if not p.name.startswith(("_", ".")))


def case_id(path: Path) -> str:
    match = re.search(r'^id:\s*"?([^"\n]+)"?\s*$', path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else path.stem


def edit(path: Path, number: int) -> str:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + f"\n\nNachtrag {number}: Die Kommune hat die Lösung im Soak-Test erneut geprüft.\n",
                    encoding="utf-8")
    return f"geändert {case_id(path)}"


def add(cases: Path, rng: random.Random, number: int) -> str:
    source = rng.choice(case_files(cases))
    old = case_id(source)
    new = f"soak-{number}-{old}"[:80].rstrip("-")
    text = source.read_text(encoding="utf-8").replace(f'id: "{old}"', f'id: "{new}"', 1)
    text = re.sub(r'^id: [^"\n]+$', f'id: "{new}"', text, count=1, flags=re.MULTILINE)
    text = re.sub(r'^title: "(.*)"$', lambda m: f'title: "{m.group(1)} (Kopie {number})"', text, count=1, flags=re.MULTILINE)
    (source.parent / f"{new}.md").write_text(text, encoding="utf-8")
    return f"neu {new}"


def remove(cases: Path, rng: random.Random) -> str:
    files = case_files(cases)
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    candidates = [p for p in files if p.name.startswith("soak-")] or files
    rng.shuffle(candidates)
    for path in candidates:
        ident = case_id(path)
        if not any(ident in text for other, text in texts.items() if other != path):
            path.unlink()
            return f"entfernt {ident}"
    return "nichts entfernt (jeder Fall wird erwähnt)"


def check(out: Path) -> str:
    """'' if the search index holds exactly the published cases, else what is wrong."""
    from generator import search

    try:
        data = json.loads((out / "daten" / "faelle.json").read_text(encoding="utf-8"))
        published = sum(1 for case in data if not case.get("withdrawn"))
        indexed = search.indexed_pages(out)
    except Exception as exc:  # noqa: BLE001 - a report, not a crash
        return f"Prüfung nicht möglich: {type(exc).__name__}: {exc}"
    return "" if indexed == published else f"Suchindex: {indexed} Seiten, veröffentlicht sind {published} Fälle"


def tail(text: str, lines: int = 8) -> str:
    return "\n".join(line for line in text.strip().splitlines()[-lines:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=int, default=20)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep the catalogue and site here (default: a temporary folder)")
    args = parser.parse_args()

    temporary = None
    if args.work is None:
        temporary = tempfile.TemporaryDirectory(prefix="soak-")
        work = Path(temporary.name)
    else:
        work = args.work
        work.mkdir(parents=True, exist_ok=True)
    cases, out = work / "cases", work / "site"
    rng = random.Random(args.seed)
    outcomes: list[Outcome] = []
    try:
        if not cases.exists():
            made = run(["demo", "--count", str(args.count), "--out", str(cases), "--seed", str(args.seed)])
            if made.returncode != 0:
                print(f"demo failed:\n{made.stdout}\n{made.stderr}", file=sys.stderr)
                return 1
        print(f"{len(case_files(cases))} cases in {cases}; {args.builds} builds into {out}", flush=True)
        for number in range(1, args.builds + 1):
            changes = []
            if number > 1:
                changes.append(edit(rng.choice(case_files(cases)), number))
                if number % 5 == 0:
                    changes.append(add(cases, rng, number))
                if number % 7 == 0:
                    changes.append(remove(cases, rng))
            change = "; ".join(changes) or "erster Build"
            start = time.perf_counter()
            proc = run(["build", "--cases", str(cases), "--out", str(out)])
            seconds = time.perf_counter() - start
            outcome = Outcome(number, change, seconds, proc.returncode == 0)
            if not outcome.ok:
                outcome.message = tail(proc.stderr or proc.stdout)
            else:
                outcome.check = check(out)
            outcomes.append(outcome)
            status = "ok" if outcome.ok and not outcome.check else "FEHLER"
            print(f"[{number:>3}/{args.builds}] {seconds:6.1f} s  {status:<6} {change}", flush=True)
            if outcome.message:
                print("      " + outcome.message.replace("\n", "\n      "), flush=True)
            if outcome.check:
                print(f"      {outcome.check}", flush=True)
    finally:
        if temporary is not None:
            temporary.cleanup()

    failed = [o for o in outcomes if not o.ok or o.check]
    rebuilds = [o.seconds for o in outcomes[1:] if o.ok]
    print(f"\n{len(outcomes)} builds, {len(failed)} failed")
    if outcomes:
        print(f"first build: {outcomes[0].seconds:.1f} s")
    if rebuilds:
        print(f"rebuilds: median {statistics.median(rebuilds):.1f} s, min {min(rebuilds):.1f} s, "
              f"max {max(rebuilds):.1f} s")
    for o in failed:
        print(f"  build {o.number} ({o.change}): {o.message or o.check}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
