"""Incremental builds: a rebuild reuses what did not change, and its output equals a clean build."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator import build as build_module
from generator import search, site

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "cases"
TODAY = date(2026, 12, 1)
LONER = "landkreis-mustertal-pflege-netzwerk"  # neither links to other cases nor is linked to


def snapshot(folder: Path) -> dict[str, str]:
    """Every file by its bytes; the search bundle by what it finds. Pagefind writes filter values and
    sorts in a randomly seeded order, so two indexes of the same pages differ in bytes (search.py)."""
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).parts[0] == "pagefind"}
    files["pagefind (content)"] = search.fingerprint(folder)
    return files


def exact(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def quiet() -> build_module.Progress:
    return build_module.Progress(stream=open("/dev/null", "w"), live=False)


def edit(cases: Path) -> str:
    path = cases / "beispielburg-smart-parking.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\n---\n\nEin neuer erster Absatz, nachgetragen.\n", 1), encoding="utf-8")
    return "beispielburg-smart-parking"


def add(cases: Path) -> str:
    text = (cases / f"{LONER}.md").read_text(encoding="utf-8")
    new_id = "landkreis-mustertal-pflege-netzwerk-zwei"
    text = text.replace(f"id: {LONER}", f"id: {new_id}", 1).replace("title: ", "title: Zweites ", 1)
    (cases / f"{new_id}.md").write_text(text, encoding="utf-8")
    return new_id


def rename(cases: Path) -> str:
    old = cases / f"{LONER}.md"
    new_id = "landkreis-mustertal-pflegenetz"
    text = old.read_text(encoding="utf-8").replace(f"id: {LONER}", f"id: {new_id}\nredirect_from:\n  - {LONER}", 1)
    old.unlink()
    (cases / f"{new_id}.md").write_text(text, encoding="utf-8")
    return new_id


def delete(cases: Path) -> str:
    (cases / f"{LONER}.md").unlink()
    return LONER


def collect(cases: Path) -> str:
    """A new collection: its page, and "Vorgestellt bei" on the page of the case it lists."""
    folder = cases.parent / "docs" / "sammlungen"
    folder.mkdir(parents=True)
    (folder / "fachtag.md").write_text(f"---\ntitle: Fachtag Pflege\nevent:\n  name: Fachtag Pflege\n  date: "
                                       f"2027-02-01\nsummary: Ein Fall, der beim Fachtag vorgestellt wird.\ncases:\n"
                                       f"  - id: {LONER}\n    note: Vortrag am Vormittag\n---\n", encoding="utf-8")
    return LONER


@pytest.mark.parametrize("change", [edit, add, rename, delete, collect])
def test_incremental_build_equals_a_clean_build(tmp_path, change):
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    incremental, clean = tmp_path / "inkrementell", tmp_path / "sauber"
    build_module.build(cases, incremental, progress=quiet(), today=TODAY)
    case_id = change(cases)
    progress = quiet()
    build_module.build(cases, incremental, progress=progress, today=TODAY)
    build_module.build(cases, clean, progress=quiet(), today=TODAY, clean=True)
    assert snapshot(incremental) == snapshot(clean), case_id
    assert "0 Seiten neu" not in progress.detail or change is delete
    if change is collect:
        assert "Fachtag Pflege" in (incremental / "faelle" / LONER / "index.html").read_text(encoding="utf-8")
        assert (incremental / "sammlungen" / "fachtag" / "index.html").is_file()


def test_second_build_renders_only_the_changed_case(tmp_path, monkeypatch):
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    edit(cases)
    written = []
    original = site.sync

    def recording_sync(*args, **kwargs):
        changes = original(*args, **kwargs)
        written.extend(changes.written)
        return changes

    monkeypatch.setattr(site, "sync", recording_sync)
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    assert written == ["faelle/beispielburg-smart-parking.md"]


def test_the_previous_site_is_untouched_while_the_next_is_built(tmp_path):
    """The published site shares files with the cache through hard links: a rebuild must replace them."""
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    kept = tmp_path / "kept"
    shutil.copytree(out, kept, copy_function=os.link)  # the old files, by inode
    before = exact(kept)
    edit(cases)
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    assert exact(kept) == before
    assert exact(out) != before


def test_clean_ignores_and_a_deleted_cache_is_rebuilt(tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    out = tmp_path / "site"
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    first = snapshot(out)
    shutil.rmtree(build_module.cache_dir(out))
    build_module.build(cases, out, progress=quiet(), today=TODAY)
    assert snapshot(out) == first
    build_module.build(cases, out, progress=quiet(), today=TODAY, clean=True)
    assert snapshot(out) == first
    assert not any(p.is_relative_to(out) for p in [build_module.cache_dir(out)])
