"""parallel.run: pure work (preview images, QR codes) in two fresh processes where there is much of it,
and all of it done here when the processes cannot run."""

from __future__ import annotations

from pathlib import Path

from generator import parallel


def write_square(job: tuple[Path, int]) -> None:
    path, number = job
    path.write_text(str(number * number), encoding="utf-8")


def jobs(folder: Path, count: int) -> list[tuple[Path, int]]:
    return [(folder / f"{n}.txt", n) for n in range(count)]


def test_many_jobs_are_done_in_processes(tmp_path):
    work = jobs(tmp_path, 10)
    parallel.run(write_square, work, done=lambda job: job[0].is_file(), min_jobs=5, chunksize=2)
    assert [p.read_text() for p, _ in work] == [str(n * n) for n in range(10)]


def test_a_broken_pool_leaves_the_work_to_this_process(tmp_path, monkeypatch):
    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            raise parallel.BrokenProcessPool("no processes here")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Broken)
    work = jobs(tmp_path, 6)
    write_square(work[0])  # done already: not done again
    work[0][0].write_text("schon da", encoding="utf-8")
    parallel.run(write_square, work, done=lambda job: job[0].is_file(), min_jobs=1)
    assert work[0][0].read_text() == "schon da"
    assert [p.read_text() for p, _ in work[1:]] == [str(n * n) for n in range(1, 6)]


def test_few_jobs_are_done_here(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # would fail if a pool were made
    work = jobs(tmp_path, 3)
    parallel.run(write_square, work, done=lambda job: job[0].is_file())
    assert all(p.is_file() for p, _ in work)
