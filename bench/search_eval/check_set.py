"""Self-check of the search evaluation set: queries.yml against the cases in cases/.

    python bench/search_eval/check_set.py

Checks (stdlib + PyYAML only):

- every query has q, kind, expect (1 or 2 ids) and an optional note; no query appears twice;
- every kind has exactly 8 queries, and no unknown kind is used;
- every id in expect exists as a case file (cases/**/<id>.md);
- synonym, abbreviation, english: the query and each of its words do not occur in the case file
  (case-insensitive substring; a word of at most 3 letters such as KI or PV is checked as a whole
  word, because as a substring it is part of ordinary words);
- compound: the query does not occur in the case file;
- compound-part: the query occurs in the case, but never at the start of a word;
- and a few more that keep the set honest: a title query occurs in the case's title, a
  municipality query in the organisation's name, an umlaut query occurs in the case only after
  writing ä/ö/ü/ß as ae/oe/ue/ss, inflection and typo queries do not occur as such, and every
  case is the target of at least one query.

Prints every problem and exits with 1 if there is any, else prints a summary and exits with 0.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
QUERIES = HERE / "queries.yml"

KINDS = ("title", "inflection", "compound", "compound-part", "synonym", "abbreviation", "typo",
         "umlaut", "municipality", "multi-word", "english")
PER_KIND = 8
ABSENT_KINDS = ("synonym", "abbreviation", "english")
TRANSCRIBE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                            "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def load_cases() -> dict[str, tuple[dict, str]]:
    """Case id -> (front-matter, whole file text); files and folders starting with _ or . are skipped."""
    cases = {}
    for path in sorted(CASES.rglob("*.md")):
        if any(part.startswith(("_", ".")) for part in path.relative_to(CASES).parts):
            continue
        text = path.read_text(encoding="utf-8-sig")
        parts = text.split("---", 2)
        front = yaml.safe_load(parts[1]) if len(parts) == 3 else {}
        cases[path.stem] = (front or {}, text)
    return cases


def occurs(word: str, text: str) -> bool:
    """Case-insensitive: as a substring, or as a whole word for words of at most 3 characters."""
    if len(word) <= 3:
        return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None
    return word.lower() in text.lower()


def starts_a_word(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) is not None


def check(queries: list, cases: dict[str, tuple[dict, str]]) -> list[str]:
    problems = []
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    targeted: set[str] = set()
    for number, entry in enumerate(queries, 1):
        where = f"query {number}"
        if not isinstance(entry, dict) or not {"q", "kind", "expect"} <= set(entry):
            problems.append(f"{where}: needs q, kind and expect")
            continue
        unknown = set(entry) - {"q", "kind", "expect", "note"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        q, kind, expect = str(entry["q"]), entry["kind"], entry["expect"]
        where = f"query {number} {q!r} ({kind})"
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind; use one of {', '.join(KINDS)}")
            continue
        kinds[kind] += 1
        key = " ".join(q.lower().split())
        if key in seen:
            problems.append(f"{where}: the same query appears more than once")
        seen.add(key)
        if not isinstance(expect, list) or not 1 <= len(expect) <= 2 or len(set(expect)) != len(expect):
            problems.append(f"{where}: expect must list 1 or 2 distinct case ids")
            continue
        for case_id in expect:
            if case_id not in cases:
                problems.append(f"{where}: no case file {case_id}.md under {CASES.name}/")
                continue
            targeted.add(case_id)
            front, text = cases[case_id]
            problems += [f"{where}, {case_id}: {p}" for p in check_one(q, kind, front, text)]
    for kind in KINDS:
        if kinds[kind] != PER_KIND:
            problems.append(f"kind {kind}: {kinds[kind]} queries, expected {PER_KIND}")
    for case_id in sorted(set(cases) - targeted):
        problems.append(f"case {case_id}: no query expects it")
    return problems


def check_one(q: str, kind: str, front: dict, text: str) -> list[str]:
    problems = []
    if kind in ABSENT_KINDS:
        for word in dict.fromkeys([q, *q.split()]):
            if occurs(word, text):
                problems.append(f"{word!r} occurs in the case, which {kind} queries must avoid")
    elif kind == "compound":
        if occurs(q, text):
            problems.append("the compound occurs in the case as such")
    elif kind == "compound-part":
        if q.lower() not in text.lower():
            problems.append("the word does not occur in the case at all")
        elif starts_a_word(q, text):
            problems.append("the word occurs at the start of a word in the case (alone or as a first part)")
    elif kind == "title":
        if q.lower() not in str(front.get("title", "")).lower():
            problems.append("the word is not in the case's title")
    elif kind == "municipality":
        name = str((front.get("organisation") or {}).get("name", ""))
        if q.lower() not in name.lower():
            problems.append(f"the word is not in the organisation's name {name!r}")
    elif kind == "umlaut":
        if q.lower() in text.lower():
            problems.append("the transcribed form already occurs in the case")
        elif q.lower() not in text.translate(TRANSCRIBE).lower():
            problems.append("the case has no word that becomes this one with ae/oe/ue/ss")
    elif kind in ("inflection", "typo"):
        if re.search(rf"(?<!\w){re.escape(q)}(?!\w)", text, re.IGNORECASE):
            problems.append(f"the {kind} form occurs in the case as such")
    return problems


def main() -> int:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    if not isinstance(queries, list):
        print(f"{QUERIES.name}: expected a YAML list of queries")
        return 1
    cases = load_cases()
    problems = check(queries, cases)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(queries)} queries over {len(cases)} cases")
        return 1
    print(f"{len(queries)} queries ({len(KINDS)} kinds × {PER_KIND}) over {len(cases)} cases: "
          "all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
