"""Re-use (Nachnutzung), derived from the catalogue: who adopted which case, directly and through others.

A case's adopters are the published cases that name it in ``adopted_from`` and the adoption records
(``adoptions/*.md``) that name it in ``case``. Re-use is transitive for the network: when C adopted B's
case and B had adopted A's, C uses A's solution too. Discontinued adoptions are shown but never counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from . import vocabularies
from .catalog import Adoption, Case, Catalog

_CASE_STATUS = {  # a case's status, as the status of its adoption
    "idea": "planning", "planning": "planning", "pilot": "pilot", "operation": "operation",
    "completed": "operation", "discontinued": "discontinued",
}


@dataclass(frozen=True)
class Adopter:
    """One organisation that adopted a case: from its own case (``case_id``) or an adoption record."""

    source: str                  # id of the adopted case
    name: str
    type: str
    country: str
    state: str | None
    population: int | None
    size_class: str
    since: str                   # YYYY, YYYY-MM or YYYY-MM-DD
    status: str                  # an adoption status: planning, pilot, operation, discontinued
    case_id: str | None = None   # the adopter's own case, where it wrote one
    record: str | None = None    # the slug of its adoption record
    changes: str = ""            # Markdown: what it changed or learned (records only)
    contact: Mapping[str, Any] | None = None

    @property
    def discontinued(self) -> bool:
        return self.status == "discontinued"

    @property
    def key(self) -> str:
        return f"fall:{self.case_id}" if self.case_id else f"meldung:{self.record}"

    @property
    def place(self) -> str:
        if self.country == "DE" and self.state:
            return vocabularies.states().label(self.state)
        return vocabularies.countries().label(self.country)


def _from_case(case: Case) -> Adopter:
    org = case.organisation
    return Adopter(source=case.data["adopted_from"], name=org["name"], type=org["type"], country=org["country"],
                   state=org.get("state"), population=org.get("population"), size_class=case.size_class,
                   since=case.data["started"], status=_CASE_STATUS[case.data["status"]], case_id=case.id,
                   contact=case.data["contact"])


def _from_record(record: Adoption) -> Adopter:
    org, data = record.organisation, record.data
    return Adopter(source=record.case, name=org["name"], type=org["type"], country=org["country"],
                   state=org.get("state"), population=org.get("population"), size_class=record.size_class,
                   since=data["since"], status=data["status"], record=record.slug, changes=data.get("changes", ""),
                   contact=data["contact"])


def _order(adopter: Adopter) -> tuple:
    """Active before discontinued, then the earliest first."""
    return (adopter.discontinued, adopter.since, adopter.name.casefold(), adopter.key)


class Network:
    """The adopters of every published case, and the re-use counted directly and transitively."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        found: dict[str, list[Adopter]] = defaultdict(list)
        self.published = published = {case.id for case in catalog.cases if not case.withdrawn}
        for case in catalog.cases:
            source = case.data.get("adopted_from")
            if source in published and case.id in published:
                found[source].append(_from_case(case))
        for case_id, records in catalog.adoptions_of.items():
            if case_id in published:
                found[case_id].extend(_from_record(record) for record in records)
        self.adopters: dict[str, tuple[Adopter, ...]] = {
            case_id: tuple(sorted(adopters, key=_order)) for case_id, adopters in found.items()}
        self._transitive: dict[str, tuple[Adopter, ...]] = {}

    def of(self, case_id: str) -> tuple[Adopter, ...]:
        """Everyone who adopted this case directly, active first."""
        return self.adopters.get(case_id, ())

    def active(self, case_id: str) -> tuple[Adopter, ...]:
        return tuple(a for a in self.of(case_id) if not a.discontinued)

    def direct(self, case_id: str) -> int:
        """How many organisations use this case's solution now, having adopted it from this case."""
        return len(self.active(case_id))

    def transitive(self, case_id: str) -> tuple[Adopter, ...]:
        """Everyone who uses this case's solution now: its active adopters and, through those that wrote
        a case, theirs (A → B → C), each once. A discontinued adopter passes nothing on."""
        if case_id not in self._transitive:
            seen: dict[str, Adopter] = {}
            stack = [case_id]
            visited = {case_id}
            while stack:
                for adopter in self.active(stack.pop()):
                    seen.setdefault(adopter.key, adopter)
                    if adopter.case_id and adopter.case_id not in visited:
                        visited.add(adopter.case_id)
                        stack.append(adopter.case_id)
            self._transitive[case_id] = tuple(sorted(seen.values(), key=_order))
        return self._transitive[case_id]

    def sources(self) -> Iterator[str]:
        """Ids of the cases at the root of a re-use tree: adopted by someone, not adopted from a published
        case themselves."""
        for case_id in sorted(self.adopters):
            if self.catalog.by_id[case_id].data.get("adopted_from") not in self.published:
                yield case_id

    def ranking(self) -> list[tuple[str, int, int]]:
        """(case id, transitive count, direct count) of every adopted case, most re-used first."""
        rows = [(case_id, len(self.transitive(case_id)), self.direct(case_id)) for case_id in self.adopters]
        rows = [row for row in rows if row[1]]
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))
