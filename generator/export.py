"""Export stage: open data beside the site (JSON, CSV, Atom feed, JSON Schema).

Cases go to ``faelle.json``/``faelle.csv``, collections to ``sammlungen.json``; every adoption (a case naming another in ``adopted_from``,
or an adoption record) goes to ``nachnutzungen.json``/``nachnutzungen.csv``. Adoptions are taken from
``reuse.Network``, the same source as the site's pages: withdrawn cases neither adopt nor are adopted.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from . import layout
from .catalog import Adoption, Case, Catalog, Collection, thaw
from .reuse import Adopter, Network
from .schema import json_schema

CSV_COLUMNS = (
    "id", "url", "title", "summary", "lang", "organisation", "organisation_type", "country", "state", "ags",
    "population", "size_class", "topics", "tags", "status", "started", "ended", "one_time_eur_min",
    "one_time_eur_max", "annual_eur_min", "annual_eur_max", "staff_fte", "cost_band", "reuse_level",
    "reuse_effort", "reuse_license", "reuse_repository", "adopted_from", "adopted_by", "related",
    "contact_unit", "contact_email", "content_license", "reviewed", "withdrawn",
)

ADOPTION_CSV_COLUMNS = (
    "case", "case_url", "adopter", "adopter_type", "country", "state", "ags", "population", "size_class",
    "since", "status", "via", "record", "adopter_case", "adopter_case_url", "changes", "contact_unit",
    "contact_email", "content_license", "reviewed",
)

# The CSV files are meant for spreadsheets: a BOM and ';' so that German Excel opens them as UTF-8 columns.
CSV_ENCODING = "utf-8-sig"
CSV_DELIMITER = ";"


def case_url(base: str, case: Case) -> str:
    return id_url(base, case.id)


def id_url(base: str, case_id: str) -> str:
    return layout.absolute(base, layout.case_url(case_id))


def adopter_summary(adopter: Adopter) -> dict[str, Any]:
    """One direct adopter as listed under a case's ``derived.adopters``."""
    return {"name": adopter.name, "type": adopter.type, "country": adopter.country, "state": adopter.state,
            "population": adopter.population, "size_class": adopter.size_class, "since": adopter.since,
            "status": adopter.status, "case": adopter.case_id, "record": adopter.record}


def record(case: Case, base: str, network: Network) -> dict[str, Any]:
    data = thaw(case.data)
    data["url"] = case_url(base, case)
    data["derived"] = {"size_class": case.size_class, "cost_band": case.cost_band,
                       "adopted_by": list(case.adopted_by),
                       "adopters": [adopter_summary(a) for a in network.of(case.id)],
                       "adopters_direct": network.direct(case.id),
                       "adopters_transitive": len(network.transitive(case.id))}
    return data


def adoption(adopter: Adopter, catalog: Catalog, records: dict[str, Adoption], base: str) -> dict[str, Any]:
    """One adoption for ``nachnutzungen.json``: the organisation as written in its source file, and where
    the adoption is declared (``via`` "record": an adoption record; "case": the adopter's own case)."""
    if adopter.case_id is not None:
        own = catalog.by_id[adopter.case_id]
        organisation, license_, reviewed = own.organisation, own.data["content_license"], own.data["reviewed"]
    else:
        source = records[adopter.record]
        organisation, license_, reviewed = (source.organisation, source.data["content_license"],
                                            source.data["reviewed"])
    return {
        "case": adopter.source, "case_url": id_url(base, adopter.source), "adopter": thaw(organisation),
        "size_class": adopter.size_class, "since": adopter.since, "status": adopter.status,
        "via": "case" if adopter.case_id is not None else "record", "record": adopter.record,
        "adopter_case": adopter.case_id,
        "adopter_case_url": id_url(base, adopter.case_id) if adopter.case_id is not None else None,
        "changes": adopter.changes or None, "contact": thaw(adopter.contact), "content_license": license_,
        "reviewed": reviewed,
    }


def adoptions(catalog: Catalog, base: str, network: Network | None = None) -> list[dict[str, Any]]:
    """Every adoption of a published case, by adopted case, date and adopter name."""
    network = network or Network(catalog)
    records = {r.slug: r for r in catalog.adoptions}
    found = [a for case_id in network.adopters for a in network.of(case_id)]
    found.sort(key=lambda a: (a.source, a.since, a.name.casefold(), a.name, a.key))
    return [adoption(a, catalog, records, base) for a in found]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def adoption_row(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry of ``adoptions()`` as one flat CSV row."""
    org, contact = entry["adopter"], entry["contact"] or {}
    return {
        "case": entry["case"], "case_url": entry["case_url"], "adopter": org["name"], "adopter_type": org["type"],
        "country": org["country"], "state": org.get("state", ""), "ags": org.get("ags", ""),
        "population": org.get("population", ""), "size_class": entry["size_class"], "since": entry["since"],
        "status": entry["status"], "via": entry["via"], "record": _blank(entry["record"]),
        "adopter_case": _blank(entry["adopter_case"]), "adopter_case_url": _blank(entry["adopter_case_url"]),
        "changes": _blank(entry["changes"]), "contact_unit": contact.get("unit", ""),
        "contact_email": contact.get("email", ""), "content_license": entry["content_license"],
        "reviewed": entry["reviewed"],
    }


def _bounds(value: Any) -> tuple[Any, Any]:
    if value is None:
        return "", ""
    if isinstance(value, dict):
        return value["min"], value["max"]
    return value, value


def row(case: Case, base: str) -> dict[str, Any]:
    d, org, cost, reuse = case.data, case.organisation, case.data["cost"], case.data["reuse"]
    one_min, one_max = _bounds(thaw(cost.get("one_time_eur")))
    year_min, year_max = _bounds(thaw(cost.get("annual_eur")))
    return {
        "id": case.id, "url": case_url(base, case), "title": case.title, "summary": d["summary"],
        "lang": d["lang"], "organisation": org["name"], "organisation_type": org["type"],
        "country": org["country"], "state": org.get("state", ""), "ags": org.get("ags", ""),
        "population": org.get("population", ""), "size_class": case.size_class, "topics": ";".join(case.topics),
        "tags": ";".join(d.get("tags", ())), "status": d["status"], "started": d["started"],
        "ended": d.get("ended", ""), "one_time_eur_min": one_min, "one_time_eur_max": one_max,
        "annual_eur_min": year_min, "annual_eur_max": year_max, "staff_fte": cost.get("staff_fte", ""),
        "cost_band": case.cost_band, "reuse_level": reuse["level"], "reuse_effort": reuse["effort"],
        "reuse_license": reuse.get("license", ""), "reuse_repository": reuse.get("repository", ""),
        "adopted_from": d.get("adopted_from", ""), "adopted_by": ";".join(case.adopted_by),
        "related": ";".join(d.get("related", ())), "contact_unit": d["contact"]["unit"],
        "contact_email": d["contact"]["email"], "content_license": d["content_license"],
        "reviewed": d["reviewed"], "withdrawn": d.get("withdrawn", ""),
    }


def collection_record(collection: Collection, catalog: Catalog, base: str) -> dict[str, Any]:
    """A collection as a conference app or programme page can show it: its event and its cases in order,
    each with its address and the collection's note."""
    url = layout.absolute(base, layout.listing_url(layout.COLLECTIONS, collection.slug))
    return {
        "slug": collection.slug, "url": url, "title": collection.title, "summary": collection.data["summary"],
        "event": thaw(collection.event) if collection.event else None,
        "cases": [{"id": entry.case, "url": id_url(base, entry.case), "title": catalog.by_id[entry.case].title,
                   "organisation": catalog.by_id[entry.case].organisation["name"], "note": entry.note or None}
                  for entry in collection.entries],
    }


def feed(catalog: Catalog, base: str, title: str, stamp: date, limit: int = 50) -> bytes:
    """The Atom feed of the newest reviews; ``stamp`` (the build stamp) dates a feed without entries."""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)
    root = ET.Element(f"{{{atom}}}feed", {"xml:lang": "de"})
    ET.SubElement(root, f"{{{atom}}}title").text = f"{title}: neue und aktualisierte Fälle"
    ET.SubElement(root, f"{{{atom}}}id").text = base.rstrip("/") + "/"
    ET.SubElement(root, f"{{{atom}}}link", {"href": layout.absolute(base, layout.FEED), "rel": "self"})
    ET.SubElement(root, f"{{{atom}}}link", {"href": base.rstrip("/") + "/"})
    cases = sorted((c for c in catalog.cases if not c.withdrawn), key=lambda c: (c.data["reviewed"], c.id),
                   reverse=True)[:limit]
    updated = cases[0].data["reviewed"] if cases else stamp.isoformat()
    ET.SubElement(root, f"{{{atom}}}updated").text = f"{updated}T00:00:00Z"
    for case in cases:
        entry = ET.SubElement(root, f"{{{atom}}}entry")
        ET.SubElement(entry, f"{{{atom}}}title").text = case.title
        ET.SubElement(entry, f"{{{atom}}}id").text = case_url(base, case)
        ET.SubElement(entry, f"{{{atom}}}link", {"href": case_url(base, case)})
        ET.SubElement(entry, f"{{{atom}}}updated").text = f"{case.data['reviewed']}T00:00:00Z"
        ET.SubElement(ET.SubElement(entry, f"{{{atom}}}author"), f"{{{atom}}}name").text = case.organisation["name"]
        ET.SubElement(entry, f"{{{atom}}}summary").text = case.data["summary"]
        for topic in case.topics:
            ET.SubElement(entry, f"{{{atom}}}category", {"term": topic})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export(catalog: Catalog, site: Path, *, base: str, title: str, stamp: date,
           network: Network | None = None) -> list[Path]:
    """Write the open data files into the built ``site``; return their paths. ``network``: the render
    stage's, so that the data says what the pages say (made here where not given)."""
    data_dir = site / layout.DATA
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    network = network or Network(catalog)
    path = site / layout.DATA_JSON
    path.write_text(json.dumps([record(c, base, network) for c in catalog.cases], ensure_ascii=False, indent=1),
                    encoding="utf-8")
    written.append(path)
    path = site / layout.DATA_CSV
    with open(path, "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, delimiter=CSV_DELIMITER)
        writer.writeheader()
        for case in catalog.cases:
            writer.writerow(row(case, base))
    written.append(path)
    entries = adoptions(catalog, base, network)
    path = site / layout.DATA_ADOPTIONS_JSON
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(path)
    path = site / layout.DATA_ADOPTIONS_CSV
    with open(path, "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ADOPTION_CSV_COLUMNS, delimiter=CSV_DELIMITER)
        writer.writeheader()
        for entry in entries:
            writer.writerow(adoption_row(entry))
    written.append(path)
    path = site / layout.DATA_COLLECTIONS_JSON
    path.write_text(json.dumps([collection_record(c, catalog, base) for c in catalog.collections], ensure_ascii=False,
                               indent=1), encoding="utf-8")
    written.append(path)
    path = site / layout.FEED
    path.write_bytes(feed(catalog, base, title, stamp))
    written.append(path)
    schema_dir = site / layout.SCHEMA
    schema_dir.mkdir(exist_ok=True)
    for path, kind in ((site / layout.SCHEMA_CASE, "case"), (site / layout.SCHEMA_ADOPTION, "adoption"),
                       (site / layout.SCHEMA_COLLECTION, "collection")):
        path.write_text(json.dumps(json_schema(kind), ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written
