"""The catalogue: every case file and adoption record loaded and validated, then checked as a whole.

``check()`` is the one entry point that every later stage reads: it returns
immutable ``Case`` and ``Adoption`` objects with their derived values (size
class, cost band, ``adopted_by``, the adopters of each case) and every
problem found, in files and across them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import vocabularies
from .diagnostics import ERROR, Problem, Reporter
from .loader import case_files, load
from .validate import AdoptionValidator, CaseValidator, CollectionValidator, date_bounds, suggest


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain dicts and lists again, e.g. for JSON."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Case:
    """One valid case: its front-matter values, body and derived values."""

    id: str
    file: str  # the path as shown in messages, e.g. cases/ulm-app.md
    path: Path
    data: Mapping[str, Any]
    body: str
    size_class: str
    cost_band: str
    adopted_by: tuple[str, ...] = ()

    def get(self, dotted: str, default: Any = None) -> Any:
        value: Any = self.data
        for part in dotted.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return default
            value = value[part]
        return value

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def topics(self) -> tuple[str, ...]:
        return self.data["topics"]

    @property
    def organisation(self) -> Mapping[str, Any]:
        return self.data["organisation"]

    @property
    def withdrawn(self) -> bool:
        return "withdrawn" in self.data


@dataclass(frozen=True)
class Adoption:
    """One valid adoption record (``adoptions/<slug>.md``): a municipality re-uses ``case`` without a case
    of its own. ``case`` is the current id, also where the file names a former one."""

    slug: str
    file: str
    path: Path
    data: Mapping[str, Any]
    body: str
    case: str
    size_class: str

    @property
    def organisation(self) -> Mapping[str, Any]:
        return self.data["organisation"]

    @property
    def discontinued(self) -> bool:
        return self.data["status"] == "discontinued"


@dataclass(frozen=True)
class Entry:
    """A case in a collection, with the collection's note on it."""

    case: str
    note: str = ""


@dataclass(frozen=True)
class Collection:
    """One valid collection (``docs/sammlungen/<slug>.md``): cases picked for an event or a theme, in order.
    ``entries`` name current case ids, also where the file names a former one."""

    slug: str
    file: str
    path: Path
    data: Mapping[str, Any]
    body: str
    entries: tuple[Entry, ...]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def event(self) -> Mapping[str, Any] | None:
        return self.data.get("event")

    @property
    def date(self) -> str:
        """The event's day, or '' for a collection without an event."""
        return str(self.event["date"]) if self.event else ""


@dataclass(frozen=True)
class Catalog:
    cases: tuple[Case, ...]
    by_id: Mapping[str, Case]
    adoptions: tuple[Adoption, ...] = ()
    collections: tuple[Collection, ...] = ()  # newest event first, then those without an event by title

    def __len__(self) -> int:
        return len(self.cases)

    @cached_property
    def adoptions_of(self) -> Mapping[str, tuple[Adoption, ...]]:
        """Case id → its adoption records, by slug."""
        found: dict[str, list[Adoption]] = defaultdict(list)
        for record in self.adoptions:
            found[record.case].append(record)
        return MappingProxyType({case_id: tuple(records) for case_id, records in found.items()})

    @cached_property
    def collections_of(self) -> Mapping[str, tuple[Collection, ...]]:
        """Case id → the collections it is in, in the order of ``collections``."""
        found: dict[str, list[Collection]] = defaultdict(list)
        for collection in self.collections:
            for entry in collection.entries:
                found[entry.case].append(collection)
        return MappingProxyType({case_id: tuple(c) for case_id, c in found.items()})


@dataclass
class CheckResult:
    catalog: Catalog
    problems: list[Problem]
    files: int  # case files
    adoption_files: int = 0
    collection_files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


@dataclass
class _Loaded:
    file: str
    path: Path
    data: dict[str, Any]
    where: dict[str, tuple[int, int]]
    body: str
    report: Reporter
    resolved: str = ""  # adoption records: the current id of the adopted case
    entries: tuple[Entry, ...] = ()  # collections: the listed cases, by their current ids


def adoptions_folder(cases: Path) -> Path:
    """Where the adoption records of a cases folder live: ``adoptions/`` beside it."""
    return cases.parent / "adoptions"


def collections_folder(cases: Path) -> Path:
    """Where the collections of a cases folder live: ``docs/sammlungen/`` beside it."""
    return cases.parent / "docs" / "sammlungen"


def check(root: Path, today: date | None = None, adoptions: Path | None = None,
          collections: Path | None = None) -> CheckResult:
    """Load, validate and cross-check every case below ``root``, every adoption record below ``adoptions``
    (default: ``adoptions/`` beside ``root``) and every collection in ``collections`` (default:
    ``docs/sammlungen/`` beside ``root``); a missing folder means none. Never raises for bad input."""
    today = today or date.today()
    problems: list[Problem] = []
    loaded, failed = _load_all(case_files(root), CaseValidator, today)
    records_folder = adoptions if adoptions is not None else adoptions_folder(root)
    records, failed_records = _load_all(case_files(records_folder) if records_folder.is_dir() else (),
                                        AdoptionValidator, today)
    sets_folder = collections if collections is not None else collections_folder(root)
    sets, failed_sets = _load_all(collection_files(sets_folder), CollectionValidator, today)
    by_id, redirects = _cross_check(loaded)
    _check_adoptions(records, loaded, by_id, redirects)
    _check_collections(sets, by_id, redirects)
    for entry in loaded + records + sets:
        problems.extend(entry.report.problems)
    for report in failed + failed_records + failed_sets:
        problems.extend(report.problems)
    catalog = _catalog([e for e in loaded if not _has_errors(e)], [e for e in records if not _has_errors(e)],
                       [e for e in sets if not _has_errors(e)])
    return CheckResult(catalog, problems, len(loaded) + len(failed), len(records) + len(failed_records),
                       len(sets) + len(failed_sets))


def collection_files(folder: Path) -> list[Path]:
    """The collection files of a folder: its ``*.md`` files, not those in subfolders (a collection's images)."""
    if not folder.is_dir():
        return []
    return [path for path in case_files(folder) if path.parent == folder]


def _has_errors(entry: _Loaded) -> bool:
    return any(p.severity == ERROR for p in entry.report.problems)


def _load_all(paths: Iterable[Path], validator: type[CaseValidator], today: date,
              ) -> tuple[list[_Loaded], list[Reporter]]:
    """Every file loaded and validated on its own; the reports of files that could not be read at all."""
    loaded: list[_Loaded] = []
    failed: list[Reporter] = []
    for path in paths:
        display = os.path.normpath(str(path))
        report = Reporter(display)
        source = load(path, display, report)
        if source is None:
            failed.append(report)
            continue
        check_one = validator(source, report, today)
        data = check_one.run()
        loaded.append(_Loaded(display, path, data, check_one.where, source.body, report))
    return loaded, failed


def _cross_check(loaded: list[_Loaded]) -> tuple[dict[str, _Loaded], dict[str, _Loaded]]:
    """Rules across case files; returns the cases by id and by former id."""
    by_id: dict[str, _Loaded] = {}
    for entry in loaded:
        case_id = entry.data.get("id")
        if case_id is None:
            continue
        if case_id in by_id:
            first = by_id[case_id]
            entry.report.error(*entry.where["id"], "id", f"Die Kennung '{case_id}' gibt es schon in {first.file}. "
                               "Jede Kennung darf nur einmal vorkommen; bitte eine andere wählen.", "duplicate-id")
        else:
            by_id[case_id] = entry
    ids = tuple(sorted(by_id))
    redirects: dict[str, _Loaded] = {}
    for entry in loaded:
        for index, former in enumerate(entry.data.get("redirect_from", ()), start=1):
            key = f"redirect_from[{index}]"
            if former in by_id and by_id[former] is not entry:
                entry.report.error(*entry.where[key], key, f"'{former}' ist die Kennung eines anderen Falls "
                                   f"({by_id[former].file}) und kann nicht umgeleitet werden.", "redirect-collision")
            elif former in redirects and redirects[former] is not entry:
                entry.report.error(*entry.where[key], key, f"'{former}' wird schon in {redirects[former].file} "
                                   "umgeleitet. Eine alte Kennung kann nur zu einem Fall führen.",
                                   "redirect-collision")
            redirects.setdefault(former, entry)
        others = [i for i in ids if i != entry.data.get("id")]  # a case is never its own relative or source
        for index, other in enumerate(entry.data.get("related", ()), start=1):
            key = f"related[{index}]"
            if other not in by_id and other != entry.data.get("id"):
                entry.report.error(*entry.where[key], key, f"Es gibt keinen Fall mit der Kennung '{other}'."
                                   f"{suggest(other, others)}", "unknown-case")
        source = entry.data.get("adopted_from")
        if source is not None and source not in by_id:
            entry.report.error(*entry.where["adopted_from"], "adopted_from", f"Es gibt keinen Fall mit der "
                               f"Kennung '{source}'.{suggest(source, others)}", "unknown-case")
    _cycles(by_id)
    return by_id, redirects


def same_organisation(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two ``organisation`` mappings name the same organisation: the same Gemeindeschlüssel, or
    the same name in the same state (country outside Germany)."""
    if one.get("ags") and one.get("ags") == other.get("ags"):
        return True
    return (str(one.get("name", "")).casefold() == str(other.get("name", "")).casefold()
            and (one.get("state"), one.get("country")) == (other.get("state"), other.get("country")))


def _check_adoptions(records: list[_Loaded], cases: list[_Loaded], by_id: dict[str, _Loaded],
                     redirects: dict[str, _Loaded]) -> None:
    """Rules of adoption records that involve other files: the adopted case exists (a former id resolves,
    with a warning), is not the adopter's own, did not start after the adoption, and nobody declares the
    same adoption twice (in two records, or in a record and a case's ``adopted_from``)."""
    ids = tuple(sorted(by_id))
    declared: dict[str, list[tuple[Mapping[str, Any], str]]] = defaultdict(list)  # case id → (adopter, where)
    for entry in cases:
        source = entry.data.get("adopted_from")
        if source in by_id and "organisation" in entry.data:
            declared[source].append((entry.data["organisation"], f"{entry.file} (adopted_from)"))
    for record in records:
        data, report, where = record.data, record.report, record.where
        wanted = data.get("case")
        if wanted is None:
            continue
        target = _resolve(wanted, record, "case", by_id, redirects, ids, "case: ")
        if target is None:
            continue
        case_id = target.data["id"]
        record.resolved = case_id
        adopter = data.get("organisation")
        if adopter is None:
            continue
        own = target.data.get("organisation") or {}
        if same_organisation(adopter, own):
            report.error(*where["organisation"], "organisation", f"'{adopter.get('name')}' hat den Fall "
                         f"'{case_id}' selbst beschrieben ({target.file}). Eine Nachnutzungsmeldung ist für andere "
                         "Kommunen gedacht, die die Lösung übernommen haben.", "own-case")
            continue
        since, started = data.get("since"), target.data.get("started")
        if since is not None and started is not None and date_bounds(since)[1] < date_bounds(started)[0]:
            report.error(*where["since"], "since", f"Die Übernahme ({since}) liegt vor dem Beginn des Falls "
                         f"'{case_id}' ({started}). Bitte das Datum prüfen.", "date-order")
        earlier = next((place for other, place in declared[case_id] if same_organisation(adopter, other)), None)
        if earlier is not None:
            report.error(*where["organisation"], "organisation", f"'{adopter.get('name')}' hat die Übernahme "
                         f"des Falls '{case_id}' schon in {earlier} gemeldet. Jede Kommune meldet eine Übernahme "
                         "nur einmal; bitte eine der beiden Angaben entfernen.", "duplicate-adoption")
            continue
        declared[case_id].append((adopter, record.file))


def _resolve(wanted: str, entry: _Loaded, key: str, by_id: dict[str, _Loaded], redirects: dict[str, _Loaded],
             ids: tuple[str, ...], prefix: str, advice: str = "") -> _Loaded | None:
    """The case a file names at ``key``: by its id, or by a former id (with a warning that gives the current
    one, written as ``prefix`` + id); None, after an error with a suggestion, where there is none."""
    if wanted in by_id:
        return by_id[wanted]
    if wanted in redirects:
        target = redirects[wanted]
        entry.report.warning(*entry.where[key], key, f"'{wanted}' ist eine frühere Kennung des Falls "
                             f"'{target.data['id']}'. Bitte die aktuelle Kennung eintragen: {prefix}"
                             f"{target.data['id']}", "former-id")
        return target
    entry.report.error(*entry.where[key], key, f"Es gibt keinen Fall mit der Kennung '{wanted}'."
                       f"{suggest(wanted, ids)} Die Kennung steht in der Adresse des Falls: /faelle/<kennung>/."
                       f"{advice}", "unknown-case")
    return None


def _check_collections(sets: list[_Loaded], by_id: dict[str, _Loaded], redirects: dict[str, _Loaded]) -> None:
    """Every case a collection lists exists (a former id resolves, with a warning; a withdrawn case is
    shown with its notice, with a warning), each at most once after resolving."""
    ids = tuple(sorted(by_id))
    for entry in sets:
        entries: list[Entry] = []
        listed: dict[str, int] = {}
        for index, item in enumerate(entry.data.get("cases", ()), start=1):
            wanted, key = item.get("id"), f"cases[{index}].id"
            if wanted is None:
                continue
            target = _resolve(wanted, entry, key, by_id, redirects, ids, "",
                              " Bitte sie von dort kopieren oder den Eintrag entfernen.")
            if target is None:
                continue
            case_id = target.data["id"]
            if case_id in listed and case_id != wanted:  # two ids of one case; the same id twice is the validator's
                entry.report.error(*entry.where[key], key, f"'{wanted}' ist eine frühere Kennung des Falls "
                                   f"'{case_id}', der schon als Eintrag {listed[case_id]} in der Sammlung steht. "
                                   "Bitte einen der beiden Einträge entfernen.", "duplicate-item")
                continue
            listed.setdefault(case_id, index)
            if "withdrawn" in target.data:
                entry.report.warning(*entry.where[key], key, f"Der Fall '{case_id}' wurde zurückgezogen. Die "
                                     "Sammlung zeigt ihn mit diesem Hinweis; bitte prüfen, ob er noch dazugehört.",
                                     "withdrawn-case")
            entries.append(Entry(case_id, item.get("note", "")))
        entry.entries = tuple(entries)


def _cycles(by_id: dict[str, _Loaded]) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in by_id:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in by_id and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = by_id[current].data.get("adopted_from")
        if current is not None and state.get(current) == 1:
            cycle = path[path.index(current):]
            if len(cycle) > 1:
                chain = " → ".join(cycle + [cycle[0]])
                for case_id in cycle:
                    entry = by_id[case_id]
                    entry.report.error(*entry.where["adopted_from"], "adopted_from", f"Die Übernahmen bilden "
                                       f"einen Kreis: {chain}. Ein Fall kann nicht, auch nicht über Umwege, von "
                                       "sich selbst übernommen sein.", "adoption-cycle")
        for case_id in path:
            state[case_id] = 2


def _catalog(valid: Iterable[_Loaded], records: Iterable[_Loaded] = (), sets: Iterable[_Loaded] = ()) -> Catalog:
    entries = sorted(valid, key=lambda e: e.data["id"])
    adopted_by: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if "adopted_from" in entry.data:
            adopted_by[entry.data["adopted_from"]].append(entry.data["id"])
    cases = []
    for entry in entries:
        data = entry.data
        one_time = data["cost"].get("one_time_eur")
        if isinstance(one_time, dict):
            one_time = one_time["max"]
        cases.append(Case(
            id=data["id"], file=entry.file, path=entry.path, data=freeze(data), body=entry.body,
            size_class=vocabularies.size_class(data["organisation"].get("population")),
            cost_band=vocabularies.cost_band(one_time),
            adopted_by=tuple(sorted(adopted_by.get(data["id"], ()))),
        ))
    valid_ids = {case.id for case in cases}
    adoptions = tuple(
        Adoption(slug=entry.path.stem, file=entry.file, path=entry.path, data=freeze(entry.data), body=entry.body,
                 case=entry.resolved, size_class=vocabularies.size_class(entry.data["organisation"].get("population")))
        for entry in sorted(records, key=lambda e: e.file) if entry.resolved in valid_ids)
    collections = [Collection(slug=entry.path.stem, file=entry.file, path=entry.path, data=freeze(entry.data),
                              body=entry.body, entries=tuple(e for e in entry.entries if e.case in valid_ids))
                   for entry in sets]
    collections.sort(key=lambda c: c.title.casefold())
    collections.sort(key=lambda c: c.date, reverse=True)  # newest event first; those without one last
    return Catalog(tuple(cases), MappingProxyType({c.id: c for c in cases}), adoptions, tuple(collections))
