"""A project folder and the package's defaults, merged: what a build reads besides the cases.

The package ships templates, theme overrides, default pages and default
renderer settings in ``generator/defaults/``. A project folder (this
repository, or another network's) may override each of them: its own
``mkdocs.yml`` is merged over the defaults (mappings key by key, any other
value replaced), a file in its ``docs/`` replaces the default page of the same
path, a template in its ``templates/pages/`` or ``templates/overrides/``
replaces the package's template of the same name. A folder with nothing but
``cases/`` builds a complete site with the defaults.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Iterator

import yaml

CONFIG_NAME = "mkdocs.yml"
PAGES = "pages"          # Jinja2 templates of the generated pages
OVERRIDES = "overrides"  # Material theme overrides (custom_dir)


def package_defaults() -> Path:
    """The package's own defaults folder (a real folder for any normal installation)."""
    return Path(str(resources.files("generator") / "defaults"))


def package_root() -> Path:
    return Path(str(resources.files("generator")))


class ConfigError(Exception):
    """The project's mkdocs.yml cannot be read; the message says where and why."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' !ENV and !relative tags; they are read as empty values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_ConfigLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: die Einstellungen lassen sich nicht lesen "
                          f"({getattr(exc, 'problem', None) or exc})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: die Einstellungen lassen sich nicht lesen ({exc.strerror})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: die Einstellungen müssen aus Schlüsseln mit Werten bestehen")
    return data


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: nested mappings merged key by key, any other value replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def version() -> str:
    try:
        return metadata.version("praxisboerse")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "0+source"


@dataclass(frozen=True)
class Project:
    """The folder a build runs in: ``root`` holds (at least) the cases."""

    root: Path
    defaults: Path = field(default_factory=package_defaults)

    @cached_property
    def config(self) -> dict[str, Any]:
        """The renderer's settings: the package's defaults with the project's mkdocs.yml merged over them."""
        merged = read_yaml(self.defaults / CONFIG_NAME)
        own = self.root / CONFIG_NAME
        if own.is_file():
            merged = merge(merged, read_yaml(own))
        return merged

    def template_dirs(self, kind: str) -> list[Path]:
        """Where templates of ``kind`` (PAGES or OVERRIDES) are looked up, the project's first."""
        return [folder for folder in (self.root / "templates" / kind, self.defaults / "templates" / kind)
                if folder.is_dir()]

    def docs(self) -> dict[str, Path]:
        """Hand-written pages and assets by their path in the site's docs tree; the project's win."""
        found: dict[str, Path] = {}
        for folder in (self.defaults / "docs", self.root / "docs"):
            for path in _files(folder):
                found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def templates(self, kind: str) -> dict[str, Path]:
        """Every template of ``kind`` by name, the project's replacing the package's."""
        found: dict[str, Path] = {}
        for folder in reversed(self.template_dirs(kind)):
            for path in _files(folder):
                found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def fingerprint(self) -> str:
        """A hash of everything a page may depend on besides its own input: package code and data,
        templates, settings, and the versions of the renderer. A change means a clean build."""
        digest = hashlib.sha256()
        digest.update(version().encode())
        for name in ("mkdocs", "mkdocs-material", "markdown-it-py", "nh3", "Jinja2", "Markdown"):
            try:
                digest.update(f"{name}={metadata.version(name)}".encode())
            except metadata.PackageNotFoundError:
                pass
        package = package_root()
        for path in sorted(p for p in _files(package) if p.suffix in (".py", ".yml", ".yaml", ".json")
                           and "defaults" not in p.relative_to(package).parts):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        for kind in (PAGES, OVERRIDES):
            for name, path in self.templates(kind).items():
                digest.update(f"{kind}/{name}".encode())
                digest.update(path.read_bytes())
        digest.update(repr(sorted(_flatten(self.config))).encode())
        return digest.hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel):
            yield path


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}")
    else:
        yield prefix, repr(value)
