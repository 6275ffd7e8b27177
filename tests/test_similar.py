"""Suggestions on case pages (similar.py): similar cases and "Kommunen ähnlicher Größe"."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator import demo, similar, vocabularies
from generator.catalog import Case, check, freeze
from generator.similar import RELATED, Suggestion, same_size, significant_words

REPO = Path(__file__).resolve().parents[1]
DEMO_TODAY = date(2026, 12, 1)  # after every review date of the demo cases (see test_new_and_demo.py)
SCALE = 2_000  # demo cases of the scale test; bench/similar.py measures 10,000


def make(case_id: str, *, topics=("mobility",), tags=(), title="", summary="", name=None, type="city",
         country="DE", state="BW", population=None, related=(), adopted_from=None, adopted_by=(),
         reviewed="2025-01-01", withdrawn=None) -> Case:
    """A case with just the values the suggestions read; by default no words, tags or size."""
    organisation = {"name": name or f"Stadt {case_id}", "type": type, "country": country}
    if state:
        organisation["state"] = state
    if population:
        organisation["population"] = population
    data = {"id": case_id, "title": title, "summary": summary, "topics": list(topics),
            "organisation": organisation, "reviewed": reviewed}
    for key, value in (("tags", list(tags)), ("related", list(related)), ("adopted_from", adopted_from),
                       ("withdrawn", withdrawn)):
        if value:
            data[key] = value
    return Case(id=case_id, file=f"cases/{case_id}.md", path=Path(f"cases/{case_id}.md"), data=freeze(data),
                body="", size_class=vocabularies.size_class(population), cost_band="unknown",
                adopted_by=tuple(adopted_by))


def ids(suggestions) -> list[str]:
    return [s.id for s in suggestions]


# --- similar cases ---

def test_related_come_first_as_written_and_only_published_ones():
    cases = [
        make("a", related=["c", "gibt-es-nicht", "w", "b", "c", "a"]),
        make("b", topics=["culture"]), make("c", topics=["culture"]),
        make("w", withdrawn="Eingestellt."), make("d"),
    ]
    result = similar.similar(cases)
    assert result["a"] == (Suggestion("c", RELATED), Suggestion("b", RELATED),
                           Suggestion("d", "gleiches Thema"))
    assert RELATED == "vom Fall selbst als verwandt genannt"
    assert result["w"] == ()  # a withdrawn case neither gets nor is a suggestion
    assert all("w" not in ids(v) for v in result.values())
    assert set(result) == {"a", "b", "c", "d", "w"}


def test_never_the_case_itself_a_duplicate_or_a_related_case_again():
    cases = [make("a", related=["b"]), make("b"), make("c"), make("e", topics=["culture"])]
    result = similar.similar(cases)
    assert ids(result["a"]) == ["b", "c"]
    for case_id, suggestions in result.items():
        assert case_id not in ids(suggestions)
        assert len(set(ids(suggestions))) == len(suggestions)
    assert result["e"] == ()  # shares nothing with anyone


def test_the_limit_counts_related_and_computed_cases():
    cases = [make("a", related=["b", "c", "d"]), make("b"), make("c"), make("d"), make("e")]
    result = similar.similar(cases, limit=2)
    assert ids(result["a"]) == ["b", "c"]
    assert ids(similar.similar(cases, limit=4)["a"]) == ["b", "c", "d", "e"]
    assert all(len(v) <= 2 for v in result.values())
    assert all(v == () for v in similar.similar(cases, limit=0).values())


def test_adoption_partners_are_left_to_their_own_place_on_the_page():
    cases = [make("a", adopted_from="b", adopted_by=["c"]), make("b", adopted_by=["a"]),
             make("c", adopted_from="a"), make("d")]
    result = similar.similar(cases)
    assert ids(result["a"]) == ["d"]  # neither its source b nor its adopter c
    assert ids(result["b"]) == ["c", "d"]  # c adopted from a, not from b
    # Known from either side: the adopter's adopted_from alone is enough.
    assert ids(similar.similar([make("a"), make("b", adopted_from="a"), make("c")])["a"]) == ["c"]
    # Named in related, the source is shown as related all the same.
    assert ids(similar.similar([make("a", adopted_from="b", related=["b"]), make("b")])["a"]) == ["b"]


def test_topics_weigh_more_than_tags_and_tags_more_than_words():
    me = make("me", topics=["mobility"], tags=["rufbus", "lastenrad"],
              title="Rufbus und Lastenrad im Quartier", summary="Mobilitätsstation am Bahnhof")
    cases = [
        me,
        make("topic-and-tag", topics=["mobility"], tags=["rufbus"]),                      # 4 + 2
        make("topic", topics=["mobility", "culture"]),                                    # 4
        make("tag-and-word", topics=["culture"], tags=["lastenrad"], title="Quartier"),   # 2 + 1
        make("two-words", topics=["culture"], title="Bahnhof und Quartier"),              # 1 + 1
        make("one-word", topics=["culture"], summary="Ein Bahnhof"),                      # 1: too little
        make("nothing", topics=["culture"]),
    ]
    assert ids(similar.similar(cases)["me"]) == ["topic-and-tag", "topic", "tag-and-word", "two-words"]


def test_equal_scores_go_by_equal_size_class_then_by_id():
    cases = [make("me", population=10_000), make("c-m", population=50_000), make("b-s", population=12_000),
             make("a-unknown"), make("d-s", population=19_000)]
    assert ids(similar.similar(cases)["me"]) == ["b-s", "d-s", "a-unknown", "c-m"]
    # An unknown size class is like no other, not even another unknown one.
    assert ids(similar.similar(cases)["a-unknown"]) == ["b-s", "c-m", "d-s", "me"]


@pytest.mark.parametrize("other, reason", [
    (make("o", population=10_000), "gleiches Thema, ähnliche Größe"),
    (make("o", tags=["rufbus", "parken"]), "gleiches Thema, gemeinsame Schlagwörter"),
    (make("o", tags=["rufbus"], population=10_000), "gleiches Thema, gemeinsames Schlagwort"),
    (make("o", topics=["mobility", "culture"], population=200_000), "gleiche Themen"),
    (make("o", topics=["mobility", "culture"], population=10_000), "gleiche Themen, ähnliche Größe"),
    (make("o", topics=["energy"], title="Rufbus-Fahrplan im Quartier"),
     "ähnliche Begriffe in Titel und Zusammenfassung"),
    (make("o", tags=["rufbus", "parken", "oepnv"], title="Quartier"),
     "gemeinsame Schlagwörter, gleiches Thema"),  # 3 tags (6) weigh more than one topic (4)
    (make("o", topics=["energy"], tags=["rufbus"], title="Quartier", population=10_000),
     "gemeinsames Schlagwort, ähnliche Begriffe in Titel und Zusammenfassung"),  # the strongest two only
])
def test_reasons_name_the_strongest_two_matches(other, reason):
    me = make("me", topics=["mobility", "culture"], tags=["rufbus", "parken", "oepnv"], population=10_000,
              title="Rufbus im Quartier", summary="Neuer Fahrplan")
    assert similar.similar([me, other])["me"] == (Suggestion("o", reason),)


def test_significant_words():
    assert significant_words("Die Stadt Zürich-Süd führt seit 2024 den Online-Bauantrag ein; über 3D!") == {
        "stadt", "zürich", "führt", "online", "bauantrag"}
    assert significant_words("The city has been using this app with other towns") == {"city", "towns"}
    # The words of the case's own organisation say who, not what.
    cases = [make("a", name="Stadt Adlerbrunn", topics=["energy"], title="Adlerbrunn baut Radwege"),
             make("b", name="Gemeinde Adlerbrunn", topics=["culture"], title="Adlerbrunn digital")]
    assert similar.similar(cases)["a"] == ()


def test_the_same_cases_in_any_order_give_the_same_result(demo_cases):
    cases = demo_cases[:300]
    shuffled = list(cases)
    random.Random(4).shuffle(shuffled)
    assert similar.similar(shuffled) == similar.similar(cases)


def reference(cases: list[Case], limit: int = 5) -> dict[str, list[str]]:
    """The documented score, every case against every other (quadratic, for small catalogues)."""
    live = sorted((c for c in cases if not c.withdrawn), key=lambda c: c.id)
    known = {c.id for c in live}
    tags = {c.id: set(c.data.get("tags", ())) for c in live}
    words = {c.id: significant_words(f"{c.title} {c.data['summary']}") - significant_words(c.organisation["name"])
             for c in live}
    tag_df = Counter(t for found in tags.values() for t in found)
    word_df = Counter(w for found in words.values() for w in found)
    tags = {k: {t for t in v if tag_df[t] <= similar.MAX_POSTINGS} for k, v in tags.items()}
    words = {k: {w for w in v if word_df[w] <= similar.MAX_POSTINGS} for k, v in words.items()}
    adopters = {c.id: {o.id for o in live if o.data.get("adopted_from") == c.id} for c in live}
    result = {}
    for c in live:
        chosen = []
        for other in c.data.get("related", ()):
            if other in known and other != c.id and other not in chosen:
                chosen.append(other)
        chosen = chosen[:limit]
        excluded = {c.id, *chosen, c.data.get("adopted_from"), *adopters[c.id]}
        scored = []
        for o in live:
            if o.id in excluded:
                continue
            score = (4 * len(set(c.topics) & set(o.topics)) + 2 * len(tags[c.id] & tags[o.id])
                     + len(words[c.id] & words[o.id]))
            if score >= 2:
                scored.append((-score, not (c.size_class == o.size_class != "unknown"), o.id))
        result[c.id] = chosen + [o for _, _, o in sorted(scored)[:limit - len(chosen)]]
    return result


@pytest.mark.parametrize("max_postings", [similar.MAX_POSTINGS, 8])
def test_the_index_finds_exactly_the_best_by_the_documented_score(demo_cases, monkeypatch, max_postings):
    monkeypatch.setattr(similar, "MAX_POSTINGS", max_postings)  # 8: common words and tags are left out
    cases = demo_cases[:300]
    found = {k: ids(v) for k, v in similar.similar(cases).items()}
    assert found == reference(cases)
    assert sum(map(len, found.values())) > 4 * len(cases)


def test_real_cases():
    catalog = check(REPO / "cases").catalog
    result = similar.similar(catalog.cases)
    assert set(result) == {c.id for c in catalog.cases}
    for case in catalog.cases:
        suggestions = result[case.id]
        assert len(suggestions) <= 5 and len(set(ids(suggestions))) == len(suggestions)
        related = [s.id for s in suggestions if s.reason == RELATED]
        assert related == [r for r in case.data.get("related", ()) if r in catalog.by_id][:5]
        assert ids(suggestions)[:len(related)] == related
        computed = set(ids(suggestions)) - set(related)
        assert case.id not in computed and case.data.get("adopted_from") not in computed
        assert not computed & set(case.adopted_by)
        assert all(s.reason and s.reason[0].islower() for s in suggestions)
    assert sum(len(v) >= 3 for v in result.values()) > len(result) / 2


# --- Kommunen ähnlicher Größe ---

def town(case_id: str, population: int | None, *, state="BW", reviewed="2025-01-01", **values) -> Case:
    return make(case_id, population=population, state=state, reviewed=reviewed, **values)


@pytest.fixture
def towns() -> list[Case]:
    return [
        town("me", 50_000, name="Stadt Ich"),
        town("me-too", 40_000, name="Stadt Ich"),                      # own organisation: never
        town("bw-m-new", 60_000, reviewed="2026-05-01"),
        town("bw-m-b", 30_000, reviewed="2025-03-01"),
        town("bw-m-a", 90_000, reviewed="2025-03-01"),                 # same day: by id
        town("bw-l", 200_000, reviewed="2026-09-01"),                  # neighbouring class, newer
        town("bw-s", 10_000, reviewed="2026-01-01"),
        town("bw-xl", 900_000),                                        # two classes away: never
        town("by-m", 50_000, state="BY"),
        town("by-s", 8_000, state="BY", reviewed="2026-10-01"),
        town("by-ich", 50_000, state="BY", name="Stadt Ich"),          # same name elsewhere: another town
        town("bw-m-district", 50_000, type="district"),               # another type: never
        town("bw-unknown", None),                                      # no size class: never
        town("bw-m-withdrawn", 50_000, withdrawn="Eingestellt."),      # withdrawn: never
        town("es-m", 50_000, state=None, country="ES"),
    ]


def test_same_size_order_same_state_then_class_distance_then_newest(towns):
    index = same_size(towns, limit=20)
    by_id = {c.id: c for c in towns}
    assert ids(index.for_case(by_id["me"])) == [
        "bw-m-new", "bw-m-a", "bw-m-b",  # same state, same class, newest first
        "bw-l", "bw-s",                   # same state, neighbouring classes, newest first
        "by-ich", "by-m", "es-m",         # other states, same class
        "by-s",                           # other states, neighbouring class
    ]
    assert ids(same_size(towns).for_case(by_id["me"])) == ["bw-m-new", "bw-m-a", "bw-m-b", "bw-l", "bw-s",
                                                           "by-ich"]  # limit 6 by default
    assert ids(same_size(towns, limit=2).for_case(by_id["me"])) == ["bw-m-new", "bw-m-a"]


def test_same_size_for_any_organisation(towns):
    index = same_size(towns, limit=20)
    # A town without a case of its own sees every town's cases, "Stadt Ich" included.
    assert ids(index.for_organisation("Stadt Neu", "city", "m", "BY")) == [
        "by-ich", "by-m", "by-s", "bw-m-new", "bw-m-a", "bw-m-b", "es-m", "me", "me-too", "bw-l", "bw-s"]
    # Abroad the country takes the place of the state, given as country or, without one, as the state.
    assert ids(index.for_organisation("Ciudad", "city", "m", None, country="ES"))[:1] == ["es-m"]
    assert ids(index.for_organisation("Ciudad", "city", "m", "ES"))[:1] == ["es-m"]
    assert ids(index.for_organisation("Stadt Ich", "district", "m", "BW")) == ["bw-m-district"]
    assert ids(index.for_organisation("Stadt Neu", "city", "xl", "BW")) == ["bw-xl", "bw-l"]
    assert ids(index.for_organisation("Stadt Neu", "city", "xs", "BW")) == ["bw-s", "by-s"]
    assert index.for_organisation("Stadt Neu", "federal", "m", "BW") == ()


def test_same_size_unknown_size_gets_nothing(towns):
    index = same_size(towns, limit=20)
    assert index.for_case(next(c for c in towns if c.id == "bw-unknown")) == ()
    assert index.for_organisation("Stadt Neu", "city", "unknown", "BW") == ()
    assert index.for_organisation("Stadt Neu", "city", "no-such-class", "BW") == ()
    assert set(vocabularies.size_classes().slugs) - {"unknown"} == set(index.position)


def test_same_size_in_any_order(towns):
    shuffled = list(towns)
    random.Random(2).shuffle(shuffled)
    assert all(same_size(shuffled).for_case(c) == same_size(towns).for_case(c) for c in towns)


# --- a demo catalogue ---

@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory) -> list[Case]:
    """SCALE demo cases, published ones; the first n of them (ids end in 1..n) are a catalogue of their own."""
    out = tmp_path_factory.mktemp("similar-demo")
    demo.write(SCALE, out, seed=1)
    result = check(out, today=DEMO_TODAY)
    assert result.errors == []
    cases = [c for c in result.catalog.cases if not c.withdrawn]
    return sorted(cases, key=lambda c: int(c.id.rsplit("-", 1)[1]))  # in the order demo made them


def region(case: Case) -> tuple:
    org = case.organisation
    return ("DE", org["state"]) if org["country"] == "DE" else (org["country"], None)


def test_at_scale(demo_cases):
    """2,000 demo cases: every result valid, and fast (bench/similar.py measures 10,000)."""
    cases = demo_cases
    start = time.process_time()
    result = similar.similar(cases)
    seconds = time.process_time() - start
    assert seconds < 6, f"similar() took {seconds:.1f} s of CPU for {len(cases):,} cases"
    by_id = {c.id: c for c in cases}
    assert set(result) == set(by_id)
    for case in cases:
        found = ids(result[case.id])
        assert len(found) <= 5 and len(set(found)) == len(found) and case.id not in found
        assert all(f in by_id for f in found)
    assert sum(len(v) == 5 for v in result.values()) > 0.95 * len(cases)
    assert similar.similar(cases) == result

    start = time.process_time()
    index = same_size(cases)
    answers = [index.for_case(cases[i % len(cases)]) for i in range(10_000)]
    seconds = time.process_time() - start
    assert seconds < 2, f"same_size() and 10,000 lookups took {seconds:.1f} s of CPU"
    # Against a brute-force sort of all cases, for the first 200 lookups.
    position = {slug: k for k, slug in enumerate(s for s in vocabularies.size_classes().slugs if s != "unknown")}
    newest_first = {day: rank for rank, day in enumerate(sorted({c.data["reviewed"] for c in cases}, reverse=True))}
    for case, found in zip(cases[:200], answers):
        if case.size_class not in position:
            assert found == ()
            continue
        me = (case.organisation["name"], region(case))
        expected = sorted(
            ((region(o) != region(case), abs(position[o.size_class] - position[case.size_class]),
              newest_first[o.data["reviewed"]], o.id, o) for o in cases
             if o.organisation["type"] == case.organisation["type"] and o.size_class in position
             and abs(position[o.size_class] - position[case.size_class]) <= 1
             and (o.organisation["name"], region(o)) != me),
            key=lambda row: row[:4])
        assert list(found) == [row[-1] for row in expected[:6]]
