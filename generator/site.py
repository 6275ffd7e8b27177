"""Site stage: the staging docs tree → HTML, with MkDocs and Material (a replaceable renderer)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CONFIG = PROJECT / "mkdocs.yml"


class SiteError(Exception):
    pass


def read_config(path: Path = CONFIG) -> dict[str, Any]:
    """The plain settings of mkdocs.yml (site_name, extra, …) for our own templates."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' !ENV and !relative tags; read them as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def build(docs: Path, out: Path, config_file: Path = CONFIG) -> None:
    """Run ``mkdocs build`` in this process with docs_dir and site_dir overridden."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    for name in ("mkdocs", "material"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(out))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise SiteError(f"MkDocs konnte die Website nicht bauen: {exc}") from exc
