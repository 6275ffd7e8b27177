"""Benchmark of ``python -m generator serve`` (not a test): save → reloaded page.

Starts ``python -m generator serve`` in a child process over a temporary copy of the shipped cases,
with this repository as the project, and opens a case page in Debian's Chromium. Then, several
times, it saves the case file with a new title and measures the time until the page has reloaded by
itself (its ``load`` event) and shows the new title. The first save is a warm-up (the first
incremental build of a process imports more) and is reported apart.

    python bench/serve.py [--edits 7] [--cases cases]

Prints each edit's time, the build's own time as the server reports it ("Neu gebaut in X s"), and
the median, and the median of what is not the build (noticing the save, waiting for quiet, reloading).
Target: median at most 2 s on the shipped catalogue.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TARGET_S = 2.0
TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(cases: Path, out: Path, port: int) -> tuple[subprocess.Popen, list[str]]:
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port), "--cases", str(cases),
               "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]
    deadline = time.monotonic() + 300
    while not any("Die Website läuft auf" in line for line in lines):
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit("the server did not start:\n" + "".join(lines))
        time.sleep(0.05)
    return proc, lines


def set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


STAGE = re.compile(r"\[\d+/\d+\] ([^:…]+):.*\(([0-9.]+) s\)$")
SHORT = {"Fälle prüfen": "check", "Seiten erzeugen": "render", "Website bauen (MkDocs)": "mkdocs",
         "Suchindex (Pagefind)": "search", "Offene Daten exportieren": "export",
         "QR-Codes, Karten, Vorschaubilder": "share", "Veröffentlichen": "publish"}


def build_report(lines: list[str], before: int) -> tuple[float | None, str]:
    """The build's own time ("Neu gebaut in X s") and its stages, from the server's output since ``before``."""
    stages = []
    for line in lines[before:]:
        match = STAGE.search(line.rstrip().split("\r")[-1].replace("\033[K", ""))
        if match:
            stages.append(f"{SHORT.get(match.group(1), match.group(1))} {match.group(2)}")
        match = re.search(r"Neu gebaut in ([0-9.]+) s", line)
        if match:
            return float(match.group(1)), ", ".join(stages)
    return None, ", ".join(stages)


def measure(page, path: Path, title: str) -> float:
    """Seconds from the save to a loaded page that shows ``title``."""
    start = time.perf_counter()
    with page.expect_event("load", timeout=TIMEOUT_S * 1000):
        set_title(path, title)
    while page.locator("h1").inner_text().strip() != title:  # an earlier reload: wait for the next one
        if time.perf_counter() - start > TIMEOUT_S:
            raise SystemExit(f"the page did not show {title!r} within {TIMEOUT_S} s")
        page.wait_for_event("load", timeout=TIMEOUT_S * 1000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=7, help="measured saves (besides the warm-up)")
    parser.add_argument("--cases", type=Path, default=ROOT / "cases", help="the catalogue to copy")
    parser.add_argument("--case", default="beispielburg-smart-parking", help="the id of the case to edit")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        shutil.copytree(args.cases, work / "cases")
        path = next((work / "cases").rglob(f"{args.case}.md"))
        port = free_port()
        started = time.perf_counter()
        proc, lines = start_server(work / "cases", work / "site", port)
        print(f"server ready after {time.perf_counter() - started:.1f} s (first build included)")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                try:
                    page = browser.new_page()
                    page.goto(f"http://127.0.0.1:{port}/faelle/{args.case}/", wait_until="load")
                    times: list[float] = []
                    overheads: list[float] = []  # all but the build: watching, waiting, reloading
                    for number in range(args.edits + 1):
                        time.sleep(1.0)  # as a person would: the previous reload has settled
                        before = len(lines)
                        seconds = measure(page, path, f"Gemessener Titel Nummer {number}")
                        time.sleep(0.2)  # the server's last lines
                        built, stages = build_report(lines, before)
                        label = "warm-up" if number == 0 else f"edit {number}"
                        print(f"{label:>8}: {seconds:.2f} s to the reloaded page"
                              + (f" (build {built:.1f} s: {stages})" if built is not None else ""))
                        if number:
                            times.append(seconds)
                            if built is not None:
                                overheads.append(seconds - built)
                finally:
                    browser.close()
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        median = statistics.median(times)
        verdict = "ok" if median <= TARGET_S else "ABOVE TARGET"
        print(f"median save → reloaded page over {len(times)} edits: {median:.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}; target ≤ {TARGET_S:.0f} s: {verdict}); "
              f"server exit code {proc.returncode}")
        if overheads:
            print(f"median of the rest (save → reloaded page minus the build): {statistics.median(overheads):.2f} s")


if __name__ == "__main__":
    main()
