"""Reproducible builds: two clean builds of the same commit, on other days, in other folders, are byte-identical.

The output's dates come from the content, from Git or from SOURCE_DATE_EPOCH (generator/stamp.py),
never from the day of the build; Pagefind's hash-map order is rewritten in a fixed one (search.stabilise).
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from test_build import CASES, PROJECT, quiet, snapshot

from generator import build as build_module
from generator import layout, search, stamp
from generator.catalog import check
from generator.project import Project

FIRST_DAY = date(2026, 12, 1)
LATER_DAY = FIRST_DAY + timedelta(days=100)  # later, not earlier: a review date may not lie in the future
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build(out: Path, today: date) -> Path:
    build_module.build(CASES, out, project=Project(PROJECT), progress=quiet(), today=today, clean=True)
    return out


def readable(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data.startswith(b"\x1f\x8b") else data


def sitemap_dates(site: Path) -> dict[str, str]:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return {url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
            for url in root.iter(f"{SITEMAP_NS}url")}


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.delenv(stamp.ENV, raising=False)
        return build(tmp_path_factory.mktemp("eins") / "site", FIRST_DAY)


def test_two_clean_builds_on_other_days_in_other_folders_are_byte_identical(first, tmp_path, monkeypatch):
    monkeypatch.delenv(stamp.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    second = build(tmp_path / "anderer" / "ordner" / "web", LATER_DAY)
    one, two = snapshot(first), snapshot(second)
    differing = sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))
    assert not differing, f"{len(differing)} Dateien unterscheiden sich: {differing[:20]}"
    assert any(name.startswith(f"{layout.PAGEFIND}/filter/") for name in one)  # the search bundle is compared too
    for day in (FIRST_DAY, LATER_DAY):
        assert f"<lastmod>{day.isoformat()}</lastmod>" not in (second / "sitemap.xml").read_text(encoding="utf-8")
    # No build writes where it was built (nor its cache): not even inside a compressed file.
    folders = [str(first.parent).encode(), str(tmp_path).encode()]
    leaks = [str(p.relative_to(second)) for p in second.rglob("*")
             if p.is_file() and any(folder in readable(p) for folder in folders)]
    assert not leaks


def test_search_bundle_is_the_same_whatever_order_pagefind_wrote(first, tmp_path):
    """Pagefind's filter values, filters and sort orders in reverse: the stable bundle does not change."""
    bundle = tmp_path / "pagefind"
    shutil.copytree(first / layout.PAGEFIND, bundle)
    meta_file = next(bundle.glob("*.pf_meta"))

    def write(path: Path, value) -> None:
        path.write_bytes(gzip.compress(b"pagefind_dcd" + search._cbor_encode(value), mtime=0))

    meta = search._unpack(meta_file)
    assert len(meta[3]) > 1 and len(meta[4]) > 1
    for _, name in meta[3]:
        path = bundle / "filter" / f"{name}.pf_filter"
        name, values = search._unpack(path)
        write(path, [name, values[::-1]])
    write(meta_file, meta[:3] + [meta[3][::-1], meta[4][::-1]] + meta[5:])
    assert snapshot(bundle) != snapshot(first / layout.PAGEFIND)
    assert search.stabilise(bundle)
    assert snapshot(bundle) == snapshot(first / layout.PAGEFIND)


def test_source_date_epoch_dates_the_pages_without_a_date_of_their_own(tmp_path, monkeypatch):
    pinned = datetime(2026, 11, 30, 12, 30, tzinfo=UTC)
    monkeypatch.setenv(stamp.ENV, str(int(pinned.timestamp())))
    site = build(tmp_path / "site", LATER_DAY)
    dates = sitemap_dates(site)
    base = Project(PROJECT).config["site_url"]
    reviewed = {layout.absolute(base, layout.case_url(case.id)): case.data["reviewed"]
                for case in check(CASES).catalog.cases}
    assert reviewed and all(dates[url] == day for url, day in reviewed.items())  # a case page: its review
    others = {url: day for url, day in dates.items() if url not in reviewed}
    assert others and set(others.values()) == {"2026-11-30"}
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert packed[4:8] == bytes(4)  # the gzip header's time: none
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()


def test_stamp_comes_from_source_date_epoch_then_git_then_the_content(tmp_path, monkeypatch):
    catalog = check(CASES).catalog
    monkeypatch.setenv(stamp.ENV, "1796083200")
    assert stamp.build_stamp(CASES, catalog) == datetime(2026, 12, 1, tzinfo=UTC)
    monkeypatch.delenv(stamp.ENV)
    head = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=PROJECT, check=False, capture_output=True,
                          text=True)
    if head.returncode == 0:
        assert stamp.build_stamp(CASES, catalog) == datetime.fromtimestamp(int(head.stdout), UTC)
    newest = max(entry.data["reviewed"] for entry in (*catalog.cases, *catalog.adoptions))
    outside = tmp_path / "cases"  # no Git repository around it
    outside.mkdir()
    assert stamp.build_stamp(outside, catalog).date().isoformat() == newest
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert stamp.build_stamp(CASES, catalog).date().isoformat() == newest
    assert stamp.build_stamp(outside) == stamp.EPOCH


def test_malformed_source_date_epoch_stops_the_build_with_a_plain_message(tmp_path, monkeypatch):
    monkeypatch.setenv(stamp.ENV, "gestern")
    cases, out = tmp_path / "cases", tmp_path / "site"
    cases.mkdir()
    with pytest.raises(build_module.BuildError, match="SOURCE_DATE_EPOCH='gestern' ist keine gültige Zeitangabe"):
        build_module.build(cases, out, project=Project(PROJECT), progress=quiet(), today=FIRST_DAY)
    assert not out.exists()
