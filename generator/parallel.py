"""Pure work in two fresh processes where there is much of it, and the files it makes kept in a cache by
a key of their content (``cached_files``): the preview images and the QR codes.

Fresh processes ("spawn"), not forks: by the export stage the build process holds the whole site in
memory (1 GB at 10,000 cases), and two forked copies of it took the build's measured peak from 1.8 to
2.8 GB (bench/build.py); a fresh one imports only what the work needs. A fresh process imports the
main script again: one without an ``if __name__ == "__main__"`` guard breaks the pool, and the jobs
left undone are then done in this process (``done`` says which are).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

Job = TypeVar("Job")
MIN_JOBS = 200  # below this, starting two processes costs more than it saves


def run(work: Callable[[Job], None], jobs: Sequence[Job], done: Callable[[Job], bool],
        min_jobs: int = MIN_JOBS, chunksize: int = 32) -> None:
    """Call ``work`` (a module-level function, for pickling) on every job; in two fresh processes when
    there are ``min_jobs`` or more and two cores."""
    if len(jobs) >= min_jobs and (os.cpu_count() or 1) >= 2:
        try:
            with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
                for _ in pool.map(work, jobs, chunksize=chunksize):
                    pass
        except BrokenProcessPool:
            pass
    for job in jobs:
        if not done(job):
            work(job)


def write_new(path: Path, data: bytes) -> None:
    """Write ``path`` as a new file (a new inode, under a temporary name first), so that no hard link to
    an old one sees the change and no reader sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _make(job: tuple[Callable[[Any], bytes], Path, Any]) -> None:
    make, stored, argument = job
    write_new(stored, make(argument))


def cached_files(targets: Mapping[Path, tuple[str, Any]], make: Callable[[Any], bytes], cache: Path,
                 min_jobs: int = MIN_JOBS) -> int:
    """Put a file at every target: ``targets`` maps each to its cache key (a file name, a hash of all the
    file depends on) and the argument of ``make`` (a module-level function, for the processes), which
    makes the file's bytes. Files not in ``cache`` are made into it (in two processes where there are
    ``min_jobs`` or more); each target becomes a new file, a hard link to its entry where possible;
    entries no target uses are removed. Returns the number of targets."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = {cache / name: argument for name, argument in targets.values() if not (cache / name).is_file()}
    run(_make, [(make, stored, argument) for stored, argument in missing.items()], done=lambda job: job[1].is_file(),
        min_jobs=min_jobs)
    folders: set[Path] = set()
    for target, (name, _) in targets.items():
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.unlink(missing_ok=True)  # replaced, never written into: it may be linked into a published site
        try:
            os.link(cache / name, target)
        except OSError:
            write_new(target, (cache / name).read_bytes())
    used = {name for name, _ in targets.values()}
    for path in cache.iterdir():
        if path.name not in used:
            path.unlink(missing_ok=True)
    return len(targets)
