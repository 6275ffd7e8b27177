"""Pure work in two fresh processes where there is much of it: the preview images and QR codes.

Fresh processes ("spawn"), not forks: by the export stage the build process holds the whole site in
memory (1 GB at 10,000 cases), and two forked copies of it took the build's measured peak from 1.8 to
2.8 GB (bench/build.py); a fresh one imports only what the work needs. A fresh process imports the
main script again: one without an ``if __name__ == "__main__"`` guard breaks the pool, and the jobs
left undone are then done in this process (``done`` says which are).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import TypeVar

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
