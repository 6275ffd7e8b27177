"""The build stamp: the one moment a build writes that is not a case's own, never the day of the build.

Two builds of the same commit, also on different days and into different folders, write the same
bytes (reproducible builds). So the date of the sitemap's pages that are not case pages, of an empty
feed and of MkDocs' ``build_date_utc`` comes, in this order, from

1. ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, https://reproducible-builds.org/specs/source-date-epoch/);
2. the commit time of ``HEAD`` of the Git repository holding the cases (``git log -1 --format=%ct``:
   the same in a shallow CI checkout as in a full clone); no Git, no repository: on to 3;
3. the newest ``reviewed`` date of the cases and adoption records;
4. 1970-01-01, for an empty catalogue outside Git.

The day of the build (``today``) is for the checks only: dates in the future, reviews long ago.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from .catalog import Catalog

ENV = "SOURCE_DATE_EPOCH"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class StampError(ValueError):
    """SOURCE_DATE_EPOCH is set but is no time; the message says so in plain German."""


def build_stamp(cases: Path, catalog: Catalog | None = None) -> datetime:
    """The build's stamp (UTC) for the cases in ``cases``; see the module's doc for the order."""
    raw = os.environ.get(ENV, "").strip()
    if raw:
        return from_epoch(raw)
    committed = commit_time(cases)
    if committed is not None:
        return committed
    reviewed = [entry.data["reviewed"] for entry in (*catalog.cases, *catalog.adoptions)] if catalog else []
    if reviewed:
        return datetime.fromisoformat(str(max(reviewed))).replace(tzinfo=UTC)
    return EPOCH


def from_epoch(raw: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise StampError(f"{ENV}='{raw}' ist keine gültige Zeitangabe (erwartet: Sekunden seit dem "
                         "1. Januar 1970, z. B. die Ausgabe von 'git log -1 --format=%ct')") from exc


def commit_time(folder: Path) -> datetime | None:
    """The commit time of HEAD of the Git repository holding ``folder``; None without Git or repository."""
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, check=False, capture_output=True,
                              text=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    seconds = proc.stdout.strip()
    if proc.returncode != 0 or not seconds.isdigit():
        return None
    return datetime.fromtimestamp(int(seconds), UTC)
