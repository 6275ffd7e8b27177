"""Controlled vocabularies, each read from one YAML data file in ``vocab/``.

Every file maps an English slug to its German label (or to a mapping with a
``label`` and further data). The order in the file is the display order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

VOCAB_DIR = Path(__file__).parent / "vocab"


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of slugs with German labels and optional extra data."""

    name: str
    labels: Mapping[str, str]
    extra: Mapping[str, Mapping[str, Any]]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, slug: str) -> str:
        return self.labels.get(slug, slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self.labels

    def index(self, slug: str) -> int:
        return self.slugs.index(slug)


@cache
def load(name: str) -> Vocabulary:
    """A vocabulary by name: from its data file, or computed (see ``COMPUTED``)."""
    if name in COMPUTED:
        return COMPUTED[name]()
    with open(VOCAB_DIR / f"{name}.yml", encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    labels: dict[str, str] = {}
    extra: dict[str, Mapping[str, Any]] = {}
    for slug, value in raw.items():
        if isinstance(value, dict):
            labels[slug] = value["label"]
            extra[slug] = MappingProxyType(dict(value))
        else:
            labels[slug] = value
            extra[slug] = MappingProxyType({"label": value})
    return Vocabulary(name, MappingProxyType(labels), MappingProxyType(extra))


def topics() -> Vocabulary:
    return load("topics")


def states() -> Vocabulary:
    return load("states")


def statuses() -> Vocabulary:
    return load("statuses")


def reuse_levels() -> Vocabulary:
    return load("reuse_levels")


def efforts() -> Vocabulary:
    return load("efforts")


def organisation_types() -> Vocabulary:
    return load("organisation_types")


def partner_roles() -> Vocabulary:
    return load("partner_roles")


def languages() -> Vocabulary:
    return load("languages")


@cache
def countries() -> Vocabulary:
    """ISO 3166-1 alpha-2 codes with German names, from pycountry (and its translations)."""
    import gettext

    import pycountry

    try:
        german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"]).gettext
    except OSError:
        german = str
    labels = {c.alpha_2: german(c.name) for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)}
    return Vocabulary("countries", MappingProxyType(labels),
                      MappingProxyType({k: MappingProxyType({"label": v}) for k, v in labels.items()}))


COMPUTED = {"countries": countries}  # vocabularies that come from a library, not from vocab/


def size_classes() -> Vocabulary:
    return load("size_classes")


def cost_bands() -> Vocabulary:
    return load("cost_bands")


def _band(vocab: Vocabulary, value: int | None) -> str:
    if value is None:
        return "unknown"
    found = "unknown"
    for slug in vocab.slugs:
        lower = vocab.extra[slug].get("min")
        if lower is not None and value >= lower:
            found = slug
    return found


def size_class(population: int | None) -> str:
    """Size class slug for a population (``unknown`` when not given)."""
    return _band(size_classes(), population)


def cost_band(one_time_eur: int | None) -> str:
    """Cost band slug for a one-time cost in euros (``unknown`` when not given)."""
    return _band(cost_bands(), one_time_eur)
