"""Publish stage: the finished tree replaces the output folder in one step."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def staging_path(out: Path) -> Path:
    """Where this process builds the next ``out``: beside it (same file system, so the final rename is atomic)."""
    out = out.resolve()
    return out.parent / f".{out.name}.build-{os.getpid()}"


def staging_dir(out: Path) -> Path:
    """A fresh, empty ``staging_path(out)``."""
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_path(out)
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def publish(built: Path, out: Path) -> None:
    """Make ``built`` the new ``out``; the old ``out`` is removed afterwards."""
    out = out.resolve()
    if out.exists() and _exchange(built, out):
        shutil.rmtree(built)  # now holds the previous site
        return
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(built, out)
        shutil.rmtree(old)
    else:
        os.rename(built, out)
