"""The catalogue: every case file loaded and validated, then checked as a whole.

``check()`` is the one entry point that every later stage reads: it returns
immutable ``Case`` objects with their derived values (size class, cost band,
``adopted_by``) and every problem found, in files and across them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import vocabularies
from .diagnostics import ERROR, Problem, Reporter
from .loader import case_files, load
from .validate import CaseValidator, suggest


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
class Catalog:
    cases: tuple[Case, ...]
    by_id: Mapping[str, Case]

    def __len__(self) -> int:
        return len(self.cases)


@dataclass
class CheckResult:
    catalog: Catalog
    problems: list[Problem]
    files: int

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
    failed: bool = field(default=False)


def check(root: Path, today: date | None = None) -> CheckResult:
    """Load, validate and cross-check every case below ``root``; never raises for bad input."""
    today = today or date.today()
    loaded: list[_Loaded] = []
    problems: list[Problem] = []
    files = 0
    for path in case_files(root):
        files += 1
        display = os.path.normpath(str(path))
        report = Reporter(display)
        source = load(path, display, report)
        if source is None:
            problems.extend(report.problems)
            continue
        validator = CaseValidator(source, report, today)
        data = validator.run()
        entry = _Loaded(display, path, data, validator.where, source.body, report)
        entry.failed = any(p.severity == ERROR for p in report.problems)
        loaded.append(entry)
    _cross_check(loaded)
    for entry in loaded:
        problems.extend(entry.report.problems)
    catalog = _catalog([e for e in loaded if not any(p.severity == ERROR for p in e.report.problems)])
    return CheckResult(catalog, problems, files)


def _cross_check(loaded: list[_Loaded]) -> None:
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


def _catalog(valid: Iterable[_Loaded]) -> Catalog:
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
    return Catalog(tuple(cases), MappingProxyType({c.id: c for c in cases}))
