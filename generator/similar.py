"""Suggestions for a case page: similar cases, and cases of towns of a similar size.

``similar(cases)`` gives every case up to five other cases worth a look: first the ones the case
names itself in ``related``, then computed ones. ``same_size(cases)`` gives a ``SizeIndex`` that
answers "what do towns like ours do?" ("Kommunen ähnlicher Größe") for a case or any organisation.

Both take the published cases (withdrawn ones are ignored: they neither get nor are suggestions)
and are deterministic: the same cases in any order give the same result.

The score of a computed suggestion
==================================

For a case A and another case B::

    score = 4 × shared topics  +  2 × shared tags  +  1 × shared significant words

* topics (``W_TOPIC``, strong): there are only 14 topics, but a case names at most three;
* tags (``W_TAG``, medium): more specific than topics, but chosen freely by each author;
* words (``W_WORD``, weak): the words of title and summary, lower-cased, split on everything that is
  not a letter, without stop words (``STOP_WORDS``, German and English), words shorter than four
  letters and the words of the case's own organisation name ("Stadt", "Adlerbrunn": they say who,
  not what).

A tag or word that more than ``MAX_POSTINGS`` cases share is ignored, in the score as well as in
finding candidates: so common a word ("Prozent", "Landkreis", the tag "open-source" in a big
catalogue) says nothing about two cases, and walking its long list of cases is what would make the
work quadratic. Equal scores are ordered by equal size class (a tiebreak only; "unknown" equals
nothing), then by id. Only cases with a score of at least ``MIN_SCORE`` (2) are suggested, so not
for one shared word ("digital", "Jahren"), and never the case itself, one of its ``related`` cases
again, the case it was ``adopted_from`` or a case adopted from it (the page shows those elsewhere).
There may be fewer than ``limit`` suggestions, or none.

Why it is not quadratic
=======================

Nothing compares every case with every other. An inverted index maps each tag and word to the
(id-sorted) cases that carry it. For a case A the candidates are:

1. the cases sharing a rare tag or word with A: the index lists of A's tags and words, each at most
   ``MAX_POSTINGS`` long, counted in C (``collections.Counter``); A has at most 8 tags and a few dozen
   words, so this is bounded by a constant, not by the size of the catalogue. The topic part of
   their score is added by intersecting the candidates with the set of each of A's topics, which
   costs as much as the candidates, not as the topic (a topic has about n/8 cases);
2. the cases sharing only topics with A (score 4, 8 or 12, which may beat a case sharing one word):
   the lists of cases per combination of topics (A has at most 7 non-empty sub-sets of its 1–3
   topics), once of any and once of A's size class, each sorted by id. The best of them by the
   score's own order come first in these lists, so scanning each from the front for ``limit`` new
   cases finds them; the scan stops after ``TOPIC_SCAN`` entries in any case.

So the work per case is bounded by constants (8 + words) × ``MAX_POSTINGS`` + 14 × ``TOPIC_SCAN``,
the whole run is linear in the number of cases, and within those bounds the result is exactly the
best by the score above (the bounds only cut when a scan meets more than ``TOPIC_SCAN`` cases that
are candidates already). ``bench/similar.py`` measures it at 10,000 cases.

Towns of a similar size
=======================

``SizeIndex`` suggests cases of organisations of the same type (``organisation.type``) and size
class, then of the neighbouring size class(es) in the order of ``vocab/size_classes.yml``; those of
the same state (abroad: the same country) first. Order: same state, class distance, newest
``reviewed``, id. Never the organisation's own cases (same name in the same state or country); an
unknown size class gets nothing. The cases are put in buckets by (type, size class) and (type, size
class, state), each sorted once by (``reviewed`` descending, id), so that a lookup scans only the
front of at most six buckets: about ``limit`` entries plus the organisation's own cases.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, combinations, islice

from . import vocabularies
from .catalog import Case, same_organisation

__all__ = ["STOP_WORDS", "SizeIndex", "Suggestion", "same_size", "significant_words", "similar"]

W_TOPIC = 4  # per shared topic
W_TAG = 2  # per shared tag
W_WORD = 1  # per shared significant word of title and summary
MAX_POSTINGS = 500  # a tag or word of more cases than this carries no information and is ignored
TOPIC_SCAN = 300  # at most this many entries of one topic list are looked at per case
MIN_SCORE = 2  # a computed suggestion shares at least a topic, a tag or two words
MIN_WORD = 4  # shorter words are not significant
UNKNOWN = "unknown"  # the size class of a population not given

RELATED = "vom Fall selbst als verwandt genannt"
SAME_SIZE = "ähnliche Größe"

# Words of four letters or more that say nothing about what a case is about (shorter ones are dropped
# anyway). German and English, the languages of nearly all cases; small on purpose: words common in
# the catalogue itself are caught by MAX_POSTINGS.
STOP_WORDS = frozenset("""
    aber alle allem allen aller alles also andere anderen anderer anderes auch beim bereits bisher
    damit dann daran darauf daraus darum dabei dadurch dafür dagegen daher davon dazu dass daß deine
    denen denn deren derer dessen diese diesem diesen dieser dieses doch dort durch eine einem einen
    einer eines einige einigen einmal etwa etwas euch euer gegen gibt habe haben hatte hatten heute
    hier hinter ihnen ihre ihrem ihren ihrer ihres immer indem jede jedem jeden jeder jedes jetzt kann
    kein keine keinem keinen keiner können könnte mehr mich mittlerweile muss müssen nach neben nicht
    noch nunmehr oder ohne rund schon sehr sein seine seinem seinen seiner seit seitdem sich sind
    soll sollen sollte sondern sowie sowohl über unter unsere unser viel viele vielen wann warum
    weil welche welchem welchen welcher wenn werden wieder wird wurde wurden während wäre zwischen
    inzwischen zudem hierzu worden ganz neue neuen neuer neues jahr jahre jahren
    about after also been before being both does each from have having here into just more most
    much only other over same some such than that their them then there these they this those
    through under very were what when where which while will with would your since within without
    across among using used uses make makes made less including well
""".split())  # noqa: SIM905 (a list of words reads better as text)

_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Suggestion:
    """One suggested case: its id and, in German, why it is suggested."""

    id: str
    reason: str


def significant_words(text: str) -> set[str]:
    """The lower-cased words of ``text`` that can make two cases similar (see the module's docstring)."""
    return {w for w in _LETTERS.findall(text.lower()) if len(w) >= MIN_WORD and w not in STOP_WORDS}


def _case_words(case: Case) -> frozenset[str]:
    own = significant_words(str(case.organisation.get("name", "")))
    return frozenset(significant_words(f"{case.title} {case.data.get('summary', '')}") - own)


def similar(cases: Sequence[Case], limit: int = 5) -> dict[str, tuple[Suggestion, ...]]:
    """Up to ``limit`` suggestions for every case id: its own ``related`` ones first, then computed ones."""
    return _Similar(cases).run(limit)


class _Similar:
    """The index of one ``similar()`` run; cases are numbered in id order (ties of score go by number)."""

    def __init__(self, cases: Sequence[Case]) -> None:
        ordered = sorted(cases, key=lambda c: c.id)
        self.withdrawn = [c.id for c in ordered if c.withdrawn]
        live = self.live = [c for c in ordered if not c.withdrawn]
        self.number = {c.id: n for n, c in enumerate(live)}
        bits: dict[str, int] = {}
        self.masks = [sum({bits.setdefault(t, 1 << len(bits)) for t in c.topics}) for c in live]
        self.topics = [tuple(sorted(set(c.topics))) for c in live]
        self.sizes = [c.size_class for c in live]

        tags = [frozenset(c.data.get("tags", ())) for c in live]
        words = [_case_words(c) for c in live]
        tag_lists: dict[str, list[int]] = defaultdict(list)
        word_lists: dict[str, list[int]] = defaultdict(list)
        self.topic_sets: dict[str, set[int]] = defaultdict(set)
        combos: dict[tuple, list[int]] = defaultdict(list)  # (topics, size) or (topics,) -> numbers
        for n in range(len(live)):
            for tag in tags[n]:
                tag_lists[tag].append(n)
            for word in words[n]:
                word_lists[word].append(n)
            for topic in self.topics[n]:
                self.topic_sets[topic].add(n)
            for subset in self._subsets(n):
                combos[(subset,)].append(n)
                if self.sizes[n] != UNKNOWN:
                    combos[(subset, self.sizes[n])].append(n)
        # Per case the lists its topic-only candidates come from (see the module's docstring).
        self.topic_lists = [[combos[key] for subset in self._subsets(n)
                             for key in ((subset, self.sizes[n]), (subset,)) if key in combos]
                            for n in range(len(live))]
        # Only the rare tags and words count; a list of one case (the case itself) finds nothing.
        self.tags = [frozenset(t for t in ts if len(tag_lists[t]) <= MAX_POSTINGS) for ts in tags]
        self.words = [frozenset(w for w in ws if len(word_lists[w]) <= MAX_POSTINGS) for ws in words]
        # Per case, the index lists of its rare tags and words, each as often as its weight (for Counter).
        self.feature_lists = [[tag_lists[t] for t in ts if len(tag_lists[t]) > 1] * W_TAG
                              + [word_lists[w] for w in ws if len(word_lists[w]) > 1] * W_WORD
                              for ts, ws in zip(self.tags, self.words)]

        self.adoptions: dict[int, set[int]] = defaultdict(set)  # both directions
        for n, case in enumerate(live):
            source = self.number.get(case.data.get("adopted_from"))
            if source is not None:
                self.adoptions[n].add(source)
                self.adoptions[source].add(n)
            for adopter in case.adopted_by:
                if adopter in self.number:
                    self.adoptions[n].add(self.number[adopter])
                    self.adoptions[self.number[adopter]].add(n)

    def _subsets(self, n: int) -> Iterator[tuple[str, ...]]:
        topics = self.topics[n]
        for size in range(len(topics), 0, -1):
            yield from combinations(topics, size)

    def run(self, limit: int) -> dict[str, tuple[Suggestion, ...]]:
        result: dict[str, tuple[Suggestion, ...]] = {case_id: () for case_id in self.withdrawn}
        for n, case in enumerate(self.live):
            excluded = {n}
            chosen: list[Suggestion] = []
            for other in case.data.get("related", ()):
                m = self.number.get(other)
                if m is not None and m not in excluded and len(chosen) < limit:
                    excluded.add(m)
                    chosen.append(Suggestion(other, RELATED))
            need = limit - len(chosen)
            if need > 0:
                excluded |= self.adoptions.get(n, set())
                chosen.extend(Suggestion(self.live[m].id, self.reason(n, m)) for m in self.best(n, need, excluded))
            result[case.id] = tuple(chosen)
        return dict(sorted(result.items()))

    def best(self, n: int, need: int, excluded: set[int]) -> list[int]:
        """The ``need`` best other cases for case ``n`` by score, equal size class, number."""
        # Every loop over candidates runs in C (Counter, set operations); weights by repetition.
        scores: Counter[int] = Counter(chain.from_iterable(self.feature_lists[n]))
        if scores:
            keys = scores.keys()
            hits = [keys & self.topic_sets[topic] for topic in self.topics[n]]
            scores.update(chain.from_iterable(hits * W_TOPIC))
        for m in excluded:
            scores.pop(m, None)

        # Cases that share only topics: the front of the lists per combination of topics (see above).
        mask, masks = self.masks[n], self.masks
        for candidates in self.topic_lists[n]:
            got = 0
            for m in islice(candidates, TOPIC_SCAN):
                if m in scores or m in excluded:
                    continue
                scores[m] = W_TOPIC * (mask & masks[m]).bit_count()
                got += 1
                if got == need:
                    break

        threshold = MIN_SCORE
        if len(scores) > need:
            # The need-th best score from a histogram (few distinct values), then every case reaching it.
            histogram = Counter(scores.values())
            count = 0
            for value in sorted(histogram, reverse=True):
                count += histogram[value]
                if count >= need:
                    threshold = max(value, MIN_SCORE)
                    break
        top = [m for m, score in scores.items() if score >= threshold]
        size, sizes = self.sizes[n], self.sizes
        known = size != UNKNOWN
        top.sort(key=lambda m: (-scores[m], not (known and sizes[m] == size), m))
        return top[:need]

    def reason(self, n: int, m: int) -> str:
        """Why case ``m`` is suggested on the page of case ``n``: its strongest two matches, in German."""
        topics = (self.masks[n] & self.masks[m]).bit_count()
        tags = len(self.tags[n] & self.tags[m])
        words = len(self.words[n] & self.words[m])
        matches = [
            (W_TOPIC * topics, "gleiches Thema" if topics == 1 else "gleiche Themen"),
            (W_TAG * tags, "gemeinsames Schlagwort" if tags == 1 else "gemeinsame Schlagwörter"),
            (W_WORD * words, "ähnliche Begriffe in Titel und Zusammenfassung"),
        ]
        # sorted() is stable: equal weights keep the order topics, tags, words.
        parts = [text for weight, text in sorted(matches, key=lambda p: -p[0]) if weight > 0][:2]
        if len(parts) < 2 and self.sizes[n] == self.sizes[m] != UNKNOWN:
            parts.append(SAME_SIZE)
        return ", ".join(parts)


# --- towns of a similar size ---

_Entry = tuple[int, Case, str, tuple[str | None, str | None]]  # (rank, case, organisation name, region)


def _region(state: str | None, country: str | None) -> tuple[str | None, str | None]:
    """The state of a German organisation, the country of any other: (country, state or None).

    Without a country, ``state`` is a German state if it is one, else taken as the country
    (the caller may pass the country of an organisation abroad as its "state")."""
    if country is None:
        country = "DE" if state is None or state in vocabularies.states() else state
    return ("DE", state) if country == "DE" else (country, None)


class SizeIndex:
    """Cases of organisations like a given one: same type, same or neighbouring size class."""

    def __init__(self, cases: Iterable[Case], limit: int = 6) -> None:
        self.limit = limit
        self.classes = tuple(s for s in vocabularies.size_classes().slugs if s != UNKNOWN)
        position = self.position = {slug: k for k, slug in enumerate(self.classes)}
        ordered = sorted((c for c in cases if not c.withdrawn), key=lambda c: c.id)
        ordered.sort(key=lambda c: str(c.data.get("reviewed", "")), reverse=True)  # stable: id order kept
        buckets: dict[tuple, list[_Entry]] = defaultdict(list)
        for rank, case in enumerate(ordered):
            if case.size_class not in position:
                continue
            org = case.organisation
            region = _region(org.get("state"), org.get("country"))
            entry = (rank, case, str(org.get("name", "")), region)
            buckets[(org.get("type"), case.size_class)].append(entry)
            buckets[(org.get("type"), case.size_class, region)].append(entry)
        self.buckets: dict[tuple, tuple[_Entry, ...]] = {key: tuple(value) for key, value in buckets.items()}

    def for_case(self, case: Case) -> tuple[Case, ...]:
        """Cases of organisations like the one of ``case`` (never its own)."""
        org = case.organisation
        return self.for_organisation(str(org.get("name", "")), org.get("type"), case.size_class,
                                     org.get("state"), country=org.get("country"), ags=org.get("ags"))

    def for_organisation(self, name: str, type: str, size_class: str, state: str | None,
                         country: str | None = None, ags: str | None = None) -> tuple[Case, ...]:
        """Cases of other organisations of this ``type`` and size class or the neighbouring ones.

        ``state`` is the German state slug (``BW``); for an organisation abroad pass its
        ``country`` (``country="ES"``), or, without ``country``, the country code as ``state``.
        The organisation's own cases are left out, recognised as the adoption rules recognise it
        (``catalog.same_organisation``: the same AGS, or the same name in the same state)."""
        pos = self.position.get(size_class)
        if pos is None or self.limit <= 0:
            return ()
        region = _region(state, country)
        own = {"name": name, "country": region[0], "state": region[1], "ags": ags}
        near = [self.classes[k] for k in (pos - 1, pos + 1) if 0 <= k < len(self.classes)]
        found: list[Case] = []
        taken: set[int] = set()

        def take(entries: Iterable[_Entry]) -> None:
            # Entries come in rank order; the ones skipped before 'limit' is reached are bounded: they
            # are the own organisation's or were taken from a same-state bucket scanned before.
            for rank, case, org_name, org_region in entries:
                if len(found) >= self.limit:
                    return
                if rank in taken or same_organisation(case.organisation, own):
                    continue
                taken.add(rank)
                found.append(case)

        empty: tuple[_Entry, ...] = ()
        take(self.buckets.get((type, size_class, region), empty))
        take(heapq.merge(*(self.buckets.get((type, cls, region), empty) for cls in near)))
        take(self.buckets.get((type, size_class), empty))
        take(heapq.merge(*(self.buckets.get((type, cls), empty) for cls in near)))
        return tuple(found)


def same_size(cases: Sequence[Case], limit: int = 6) -> SizeIndex:
    """The index for "Kommunen ähnlicher Größe": ``.for_case(case)``, ``.for_organisation(...)``."""
    return SizeIndex(cases, limit)
