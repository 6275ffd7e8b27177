"""Export stage: open data beside the site (JSON, CSV, Atom feed, JSON Schema)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from . import layout
from .catalog import Case, Catalog, thaw
from .schema import json_schema

CSV_COLUMNS = (
    "id", "url", "title", "summary", "lang", "organisation", "organisation_type", "country", "state", "ags",
    "population", "size_class", "topics", "tags", "status", "started", "ended", "one_time_eur_min",
    "one_time_eur_max", "annual_eur_min", "annual_eur_max", "staff_fte", "cost_band", "reuse_level",
    "reuse_effort", "reuse_license", "reuse_repository", "adopted_from", "adopted_by", "related",
    "contact_unit", "contact_email", "content_license", "reviewed", "withdrawn",
)


def case_url(base: str, case: Case) -> str:
    return layout.absolute(base, layout.case_url(case.id))


def record(case: Case, base: str) -> dict[str, Any]:
    data = thaw(case.data)
    data["url"] = case_url(base, case)
    data["derived"] = {"size_class": case.size_class, "cost_band": case.cost_band,
                       "adopted_by": list(case.adopted_by)}
    return data


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


def feed(catalog: Catalog, base: str, title: str, today: date, limit: int = 50) -> bytes:
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)
    root = ET.Element(f"{{{atom}}}feed", {"xml:lang": "de"})
    ET.SubElement(root, f"{{{atom}}}title").text = f"{title}: neue und aktualisierte Fälle"
    ET.SubElement(root, f"{{{atom}}}id").text = base.rstrip("/") + "/"
    ET.SubElement(root, f"{{{atom}}}link", {"href": layout.absolute(base, layout.FEED), "rel": "self"})
    ET.SubElement(root, f"{{{atom}}}link", {"href": base.rstrip("/") + "/"})
    cases = sorted((c for c in catalog.cases if not c.withdrawn), key=lambda c: (c.data["reviewed"], c.id),
                   reverse=True)[:limit]
    updated = cases[0].data["reviewed"] if cases else today.isoformat()
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


def export(catalog: Catalog, site: Path, *, base: str, title: str, today: date) -> list[Path]:
    """Write the open data files into the built ``site``; return their paths."""
    data_dir = site / layout.DATA
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = site / layout.DATA_JSON
    path.write_text(json.dumps([record(c, base) for c in catalog.cases], ensure_ascii=False, indent=1),
                    encoding="utf-8")
    written.append(path)
    path = site / layout.DATA_CSV
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for case in catalog.cases:
            writer.writerow(row(case, base))
    written.append(path)
    path = site / layout.FEED
    path.write_bytes(feed(catalog, base, title, today))
    written.append(path)
    schema_dir = site / layout.SCHEMA
    schema_dir.mkdir(exist_ok=True)
    path = schema_dir / "fall-v1.json"
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    return written
