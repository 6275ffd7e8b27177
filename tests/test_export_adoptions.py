"""Open data on re-use: ``derived.adopters`` in faelle.json, nachnutzungen.json/.csv and the schema of
adoption records, built from the shipped catalogue (cases/ and adoptions/)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from support import front_matter

from generator import build as build_module
from generator import layout, vocabularies
from generator.project import Project

PROJECT = Path(__file__).resolve().parent.parent
CASES = PROJECT / "cases"
ADOPTIONS = PROJECT / "adoptions"
TODAY = date(2026, 12, 1)  # as in test_build.py: every shipped `reviewed` date lies before it
BASE = "https://praxisboerse.example/"  # site_url of the project's mkdocs.yml
BOM = b"\xef\xbb\xbf"

KEYS = ("case", "case_url", "adopter", "size_class", "since", "status", "via", "record", "adopter_case",
        "adopter_case_url", "changes", "contact", "content_license", "reviewed")


def active_adopters_in_files(case_id: str) -> set[str]:
    """Who adopted ``case_id`` and has not given up, counted straight from the source files."""
    found = {f"record:{p.stem}" for p in ADOPTIONS.glob("*.md")
             if (d := front_matter(p))["case"] == case_id and d["status"] != "discontinued"}
    found |= {f"case:{p.stem}" for p in CASES.rglob("*.md")
              if (d := front_matter(p)).get("adopted_from") == case_id and d["status"] != "discontinued"
              and "withdrawn" not in d}
    return found


# --- one build of the shipped catalogue ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    quiet = build_module.Progress(stream=io.StringIO(), live=False)
    build_module.build(CASES, out, project=Project(PROJECT), progress=quiet, today=TODAY)
    return out


@pytest.fixture(scope="module")
def cases(built) -> dict[str, dict]:
    return {d["id"]: d for d in json.loads((built / layout.DATA_JSON).read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def adoptions(built) -> list[dict]:
    return json.loads((built / layout.DATA_ADOPTIONS_JSON).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def adoption_schema(built) -> dict:
    schema = json.loads((built / layout.SCHEMA_ADOPTION).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def case_schema(built) -> dict:
    schema = json.loads((built / layout.SCHEMA_CASE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def nullable(spec: dict) -> dict:
    return {"anyOf": [spec, {"type": "null"}]}


def export_entry_schema(adoption_schema: dict) -> dict:
    """One entry of nachnutzungen.json, put together from the published record schema: the adopter is an
    ``organisation``, contact/since/status/licence/reviewed are the record's fields, and exactly one of
    ``record`` / ``adopter_case`` says where the adoption is declared."""
    props = adoption_schema["properties"]
    url = {"type": "string", "pattern": "^" + re.escape(BASE + "faelle/") + "[a-z0-9]+(-[a-z0-9]+)*/$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": list(KEYS),
        "additionalProperties": False,
        "properties": {
            "case": props["case"], "case_url": url, "adopter": props["organisation"],
            "size_class": {"enum": list(vocabularies.size_classes().slugs)},
            "since": props["since"], "status": props["status"], "via": {"enum": ["record", "case"]},
            "record": nullable({"type": "string", "minLength": 1}), "adopter_case": nullable(props["case"]),
            "adopter_case_url": nullable(url), "changes": nullable(props["changes"]), "contact": props["contact"],
            "content_license": props["content_license"], "reviewed": props["reviewed"],
        },
        "allOf": [
            {"if": {"properties": {"via": {"const": "record"}}},
             "then": {"properties": {"record": {"type": "string"}, "adopter_case": {"type": "null"},
                                     "adopter_case_url": {"type": "null"}}}},
            {"if": {"properties": {"via": {"const": "case"}}},
             "then": {"properties": {"record": {"type": "null"}, "adopter_case": {"type": "string"},
                                     "adopter_case_url": {"type": "string"}}}},
        ],
    }


# --- nachnutzungen.json -------------------------------------------------------------------------------------

def test_adoptions_json_is_a_list_like_faelle_json_with_every_adoption(adoptions):
    assert isinstance(adoptions, list)
    records = sorted(p.stem for p in ADOPTIONS.glob("*.md"))
    assert sorted(a["record"] for a in adoptions if a["via"] == "record") == records
    adopting_cases = sorted(p.stem for p in CASES.rglob("*.md") if "adopted_from" in front_matter(p))
    assert sorted(a["adopter_case"] for a in adoptions if a["via"] == "case") == adopting_cases
    assert all(tuple(a) == KEYS for a in adoptions)


def test_adoptions_json_is_ordered_by_case_date_and_adopter(adoptions):
    order = [(a["case"], a["since"], a["adopter"]["name"].casefold()) for a in adoptions]
    assert order == sorted(order)


def test_every_adoption_validates_against_the_published_record_schema(adoptions, adoption_schema):
    validator = jsonschema.Draft202012Validator(export_entry_schema(adoption_schema))
    for entry in adoptions:
        errors = sorted(validator.iter_errors(entry), key=str)
        assert [e.message for e in errors] == [], entry["adopter"]["name"]
    organisation = jsonschema.Draft202012Validator(adoption_schema["properties"]["organisation"])
    assert all(organisation.is_valid(entry["adopter"]) for entry in adoptions)


def test_entry_schema_is_not_vacuous(adoptions, adoption_schema):
    validator = jsonschema.Draft202012Validator(export_entry_schema(adoption_schema))
    entry = next(a for a in adoptions if a["via"] == "record")
    for broken in ({**entry, "status": "idea"}, {**entry, "adopter_case": "x-y-z"},
                   {**entry, "adopter": {k: v for k, v in entry["adopter"].items() if k != "state"}},
                   {k: v for k, v in entry.items() if k != "contact"}):
        assert not validator.is_valid(broken)


def test_record_and_case_adoptions_carry_their_source(adoptions, cases):
    for entry in adoptions:
        assert entry["case_url"] == f"{BASE}faelle/{entry['case']}/"
        if entry["via"] == "record":
            source = front_matter(ADOPTIONS / f"{entry['record']}.md")
            assert entry["adopter"] == source["organisation"]
            assert entry["contact"] == source["contact"]
            assert entry["changes"] == source.get("changes")
            assert (entry["since"], entry["status"]) == (str(source["since"]), source["status"])
            assert (entry["content_license"], entry["reviewed"]) == (source["content_license"], source["reviewed"])
        else:
            own = cases[entry["adopter_case"]]
            assert entry["adopter_case_url"] == own["url"] == f"{BASE}faelle/{own['id']}/"
            assert own["adopted_from"] == entry["case"]
            assert entry["adopter"] == own["organisation"] and entry["contact"] == own["contact"]
            assert entry["since"] == own["started"] and entry["changes"] is None
            assert (entry["content_license"], entry["reviewed"]) == (own["content_license"], own["reviewed"])


def test_discontinued_adoption_is_exported_with_its_status(adoptions):
    fiktivhafen = [a for a in adoptions if a["record"] == "stadt-fiktivhafen--musterstadt-maengelmelder"]
    assert len(fiktivhafen) == 1 and fiktivhafen[0]["status"] == "discontinued"
    assert fiktivhafen[0]["changes"]  # the reason


# --- the schema of adoption records ---------------------------------------------------------------------------

def test_adoption_schema_is_published_beside_the_case_schema(built, adoption_schema, case_schema):
    assert (built / "schema" / "nachnutzung-v1.json").is_file() and (built / "schema" / "fall-v1.json").is_file()
    assert adoption_schema["$schema"] == case_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"case", "organisation", "since", "status"} <= set(adoption_schema["required"])


@pytest.mark.parametrize("path", sorted(ADOPTIONS.glob("*.md")), ids=lambda p: p.stem)
def test_shipped_adoption_records_validate_against_the_published_schema(adoption_schema, path):
    errors = sorted(jsonschema.Draft202012Validator(adoption_schema).iter_errors(front_matter(path)), key=str)
    assert [e.message for e in errors] == []


def test_adoption_schema_rejects_a_case_status(adoption_schema):
    data = front_matter(ADOPTIONS / "stadt-beispielbach--musterstadt-maengelmelder.md")
    assert not jsonschema.Draft202012Validator(adoption_schema).is_valid({**data, "status": "completed"})


# --- faelle.json: derived adopters ----------------------------------------------------------------------------

def test_cases_keep_their_fields_and_validate_against_the_case_schema(cases, case_schema):
    """There is no schema of the export file itself: each entry is the front-matter plus url and derived."""
    validator = jsonschema.Draft202012Validator(case_schema)
    for case_id, data in cases.items():
        front = {k: v for k, v in data.items() if k not in ("url", "derived")}
        assert [e.message for e in validator.iter_errors(front)] == [], case_id
        assert {"size_class", "cost_band", "adopted_by"} <= set(data["derived"])


def test_every_case_lists_its_direct_adopters(cases, adoptions):
    for case_id, data in cases.items():
        derived = data["derived"]
        listed = derived["adopters"]
        assert len(listed) == len([a for a in adoptions if a["case"] == case_id]), case_id
        assert derived["adopters_direct"] == len([a for a in listed if a["status"] != "discontinued"])
        assert derived["adopters_transitive"] >= derived["adopters_direct"]
        for adopter in listed:
            assert set(adopter) == {"name", "type", "country", "state", "population", "size_class", "since",
                                    "status", "case", "record"}
            assert (adopter["case"] is None) != (adopter["record"] is None)


def test_maengelmelder_counts_its_active_adopters_only(cases):
    derived = cases["musterstadt-maengelmelder"]["derived"]
    in_files = active_adopters_in_files("musterstadt-maengelmelder")
    assert in_files == {"case:beispielhausen-maengelmelder", "record:stadt-beispielbach--musterstadt-maengelmelder"}
    assert derived["adopters_direct"] == len(in_files) == 2
    fiktivhafen = [a for a in derived["adopters"] if a["record"] == "stadt-fiktivhafen--musterstadt-maengelmelder"]
    assert [a["status"] for a in fiktivhafen] == ["discontinued"]  # listed, but not counted


def test_online_bauantrag_counts_the_chain_through_mittelau(cases, adoptions):
    source, middle = "landkreis-fiktivland-online-bauantrag", "mittelau-online-bauantrag"
    last = "gemeinde-beispielfelde--mittelau-online-bauantrag"
    derived = cases[source]["derived"]
    assert any(a["case"] == middle and a["status"] != "discontinued" for a in derived["adopters"])
    assert any(a["record"] == last and a["status"] != "discontinued" for a in cases[middle]["derived"]["adopters"])
    assert derived["adopters_direct"] == len(active_adopters_in_files(source))
    assert derived["adopters_transitive"] >= derived["adopters_direct"] + 1  # Beispielfelde, through Mittelau
    assert derived["adopters_transitive"] > derived["adopters_direct"]
    assert any(a["case"] == source and a["via"] == "case" and a["adopter_case"] == middle for a in adoptions)
    assert any(a["case"] == middle and a["via"] == "record" and a["record"] == last for a in adoptions)


# --- nachnutzungen.csv ----------------------------------------------------------------------------------------

def test_adoptions_csv_opens_in_german_excel_and_matches_the_json(built, adoptions):
    raw = (built / layout.DATA_ADOPTIONS_CSV).read_bytes()
    assert raw.startswith(BOM)
    header = raw[len(BOM):].split(b"\r\n", 1)[0].decode("utf-8")  # CRLF line ends, as Python's csv writes
    assert header.startswith("case;case_url;adopter;")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == len(adoptions) > 0
    assert list(rows[0]) == header.split(";")
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", column) for column in rows[0])
    for row, entry in zip(rows, adoptions):
        assert (row["case"], row["adopter"], row["via"], row["since"], row["status"]) == (
            entry["case"], entry["adopter"]["name"], entry["via"], entry["since"], entry["status"])
        assert row["record"] == (entry["record"] or "") and row["adopter_case"] == (entry["adopter_case"] or "")
        assert row["contact_email"] == entry["contact"]["email"]
        assert row["changes"] == (entry["changes"] or "")
        assert row["population"] == str(entry["adopter"].get("population", ""))
