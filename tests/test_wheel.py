"""The package as a network installs it: built as a wheel, installed (not editable) into a fresh
virtual environment, run in a folder that holds nothing but ``cases/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the wheel installed; the dependencies come from this interpreter's site-packages."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy, so the build leaves no build/ or egg-info in the checkout
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(
        ".git", "site", ".site*", "node_modules", "*.egg-info", "build", "__pycache__", ".pytest_cache"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist",
        source, cwd=tmp)
    wheels = list((tmp / "dist").glob("praxisboerse-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheels[0], cwd=tmp)
    return venv


def test_wheel_carries_templates_pages_and_settings(installed):
    proc = run(installed / "bin" / "python", "-c",
               "import generator, pathlib; print(pathlib.Path(generator.__file__).parent)", cwd=installed)
    package = Path(proc.stdout.strip())
    assert package.is_relative_to(installed), f"the installed package is used, not the checkout: {package}"
    for name in ("defaults/mkdocs.yml", "defaults/templates/pages/case.html.j2", "defaults/templates/overrides/main.html",
                 "defaults/docs/mitmachen.md", "defaults/docs/assets/suche.js", "vocab/topics.yml"):
        assert (package / name).is_file(), name


def test_installed_command_builds_a_folder_with_only_cases(installed, tmp_path):
    folder = tmp_path / "netzwerk"
    shutil.copytree(PROJECT / "cases", folder / "cases")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = run(installed / "bin" / "praxisboerse", "build", cwd=folder, env=env)
    assert "Fertig" in proc.stderr
    site = folder / "site"
    assert (site / "index.html").is_file()
    assert (site / "faelle" / "mittelau-online-bauantrag" / "index.html").is_file()
    assert (site / "pagefind").is_dir() and (site / "daten" / "faelle.json").is_file()
    about = (site / "ueber" / "index.html").read_text(encoding="utf-8")
    assert "Über diese Praxisbörse" in about  # the package's default page, not the repository's
    assert (site / "assets" / "praxisboerse.css").is_file() and (site / "suche" / "index.html").is_file()
    assert sorted(p.name for p in folder.iterdir()) == [".site.cache", "cases", "site"]


def test_installed_package_makes_previews_codes_and_collections(installed, tmp_path):
    """With a site_url the installed package draws the preview images with its own fonts and makes the QR
    codes; a collection beside the cases gets its page."""
    folder = tmp_path / "netzwerk"
    shutil.copytree(PROJECT / "cases", folder / "cases")
    (folder / "mkdocs.yml").write_text("site_name: Netzwerk\nsite_url: https://netzwerk.example/\n", encoding="utf-8")
    shutil.copytree(PROJECT / "docs" / "sammlungen", folder / "docs" / "sammlungen")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = run(installed / "bin" / "praxisboerse", "build", cwd=folder, env=env)
    assert "Vorschaubilder" in proc.stderr and "QR-Codes" in proc.stderr, proc.stderr
    site = folder / "site"
    png = (site / "faelle" / "mittelau-online-bauantrag" / "vorschau.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    assert (site / "faelle" / "mittelau-online-bauantrag" / "qr.svg").is_file()
    slug = sorted((PROJECT / "docs" / "sammlungen").glob("*.md"))[0].stem
    page = (site / "sammlungen" / slug / "index.html").read_text(encoding="utf-8")
    assert 'content="https://netzwerk.example/sammlungen/' in page and "pb-handout" in page
