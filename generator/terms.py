"""Search terms a case does not spell out: synonyms from the thesaurus and the parts of its compounds.

Pagefind finds the words a page contains, beginnings of words included; it has no synonyms, splits no
compounds and forgives no typos. This module adds, per case and at build time:

- ``Lexicon``: the words of the whole catalogue with their document frequencies (how many cases use
  a word), plus the words of the thesaurus (``thesaurus.py``). It splits compounds and finds the
  thesaurus groups of a word by its Snowball stem, the stemmer Pagefind itself uses for German.
- ``related(case)``: the words to add to a case's search document: the other words of every thesaurus
  group one of the case's words (or one of their parts) belongs to, and the parts of its compounds,
  each only if the case does not already use it. The search document carries them in one element
  with a low Pagefind weight (``RELATED_WEIGHT``), so a case that uses the query word itself ranks
  above one that only has its synonym, and they never show in an excerpt (the search page takes
  excerpts from the case's text sections only).
- ``word_list(lexicon)``: the index's own vocabulary with frequencies, one word per line, for the
  search page's "Meinten Sie …?" and for splitting a query compound (``assets/suche.js`` loads it
  only when a query word is unknown or a search finds fewer than three cases).

Compound splitting (``Lexicon.split``) is dictionary-based: a word is split where both sides are known
words (a head of at least ``MIN_HEAD`` letters, a modifier of at least ``MIN_PART``, optionally followed
by a linking element "s", "es", "n", "en", "e", "er"), the modifier possibly split again; of several
splits the one whose parts are most frequent wins (the geometric mean, as in Koehn & Knight 2003).
Known means used somewhere in the catalogue or listed in the thesaurus, so a split only yields
parts someone can search for. The search page splits query words the same way (``suche.js``,
``splitWord``) with the word list. Quality on a labelled sample: ``bench/compounds.py``.
"""

from __future__ import annotations

import gzip
import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import snowballstemmer

from . import thesaurus, vocabularies

RELATED_WEIGHT = "0.3"  # Pagefind weight of the related words (the case's own text has 1, its summary 4)
MIN_PART = 3            # letters of a compound's modifier, at least
MIN_HEAD = 4            # letters of a compound's head, at least (3 for a word the catalogue uses)
MIN_COMPOUND = 7        # shorter words are not split
LINKS = ("es", "en", "er", "s", "n", "e")  # linking elements ("Fugen") between modifier and head
SIMPLE_ENDINGS = ("innen", "in", "nen", "en", "er", "es", "e", "n", "s")  # inflections and the female form
WORD_LIST_FORMAT = "praxisboerse-woerter-1"
MIN_LIST_WORD = 3       # shorter words are not in the word list (nothing to correct)

# Heads and modifiers that are no words of their own in a compound ("Einwohner|innen", "Vor|haben").
NOT_A_HEAD = frozenset("""innen ung ungen heit heiten keit keiten schaft schaften lich liche lichen chen lein ismus ismen
ling linge nis nisse tum tümer bar isch ische ischen ieren iert ierung ierungen über haben werden wurde worden
sein seine seiner seinen ihre ihrer ihren ende enden""".split())
NOT_A_MODIFIER = frozenset("""und oder der die das den dem des ein eine einer einen eines mit von vom zum zur
bei aus auf für ins ist sind war wie was wer wir ihr sie uns
vor nach über unter durch fort gegen gege rück voraus bereit aller hinter wider wieder zurück zusammen weiter""".split())
# Words with the look of a compound that a searcher does not take apart ("Haus|halt", "Denk|mal").
NOT_SPLIT = frozenset("""haushalt haushalte haushalts grundstück grundstücke schnittstelle schnittstellen denkmal
denkmäler schwerpunkt schwerpunkte beispiel beispiele umwelt gegenstand maßnahme maßnahmen""".split())
SHORT_HEADS = frozenset("amt rat hof weg bad".split())      # heads of three letters that are words
SHORT_MODIFIERS = frozenset("rad bus job bau".split())      # modifiers of three letters that are words
# Modifiers that are no nouns but start many compounds ("Bio|tonne", "Stark|regen", "Nah|verkehr").
COMBINING = frozenset("""bio öko elektro cyber solar tele geo online digital sozial smart alt frei nah fern stark
hoch grün neu""".split())
# After these endings the linking "s" is obligatory: "Veranstaltung|s|orte", never "Veranstaltung|sorte".
NEEDS_S = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum")

_URL = re.compile(r"\]\([^)]*\)|https?://\S+|www\.\S+")
_MAIL = re.compile(r"[^\s@]+@\S+")
_TOKEN = re.compile(r"[a-zäöüß0-9]+(?:-[a-zäöüß0-9]+)*")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüßA-ZÄÖÜ0-9]*(?:-[a-zäöüßA-ZÄÖÜ0-9]+)*")
_stemmer = snowballstemmer.stemmer("german")


NOUNS = "nomen.txt.gz"


@lru_cache(maxsize=1)
def load_nouns() -> frozenset[str]:
    """German nouns in all their forms, lower case (``vocab/nomen.txt.gz``, from the German Wiktionary via
    the package german-nouns, CC BY-SA 4.0; written by ``scripts/nomen.py``): the parts a compound may
    have besides the catalogue's own words."""
    data = (resources.files("generator") / "vocab" / NOUNS).read_bytes()
    return frozenset(line for line in gzip.decompress(data).decode("utf-8").splitlines()
                     if line and not line.startswith("#"))


def _clean(text: str) -> str:
    """The text without links and addresses."""
    text = _URL.sub(" ", text)
    return _MAIL.sub(" ", text) if "@" in text else text


def tokens(text: str) -> list[str]:
    """The words of a text, lower case, hyphenated words whole ("e-akte"); links and addresses left out."""
    return _TOKEN.findall(_clean(text).lower())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Pagefind's stem of a word (Snowball German), with a plural "s" off ("kitas" → "kita")."""
    stemmed = _stemmer.stemWord(word.lower())
    return stemmed[:-1] if len(stemmed) > 4 and stemmed.endswith("s") and not stemmed.endswith("ss") else stemmed


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(phrase))


def case_text(case) -> Iterator[str]:
    """The texts of a case whose words count: what the search document indexes as the case's own words."""
    data = case.data
    yield case.title
    for key in ("summary", "problem", "solution", "results"):
        yield data.get(key) or ""
    reuse = data.get("reuse") or {}
    yield reuse.get("requirements") or ""
    yield reuse.get("conditions") or ""
    yield case.body or ""
    yield " ".join(data.get("tags") or ())


def fact_text(case) -> Iterator[str]:
    """The fact-sheet words a searcher may type (names and labels), for the word list."""
    org = case.organisation
    yield org.get("name") or ""
    yield org.get("unit") or ""
    yield " ".join(vocabularies.load("topics").label(t) for t in case.topics)
    for partner in case.data.get("partners") or ():
        yield partner.get("name") or ""


@dataclass
class Lexicon:
    """The catalogue's words with document frequencies, and the thesaurus, for splitting and synonyms."""

    frequency: Counter = field(default_factory=Counter)
    groups: tuple[thesaurus.Group, ...] = ()
    nouns: frozenset[str] = frozenset()  # more words a compound part may be (``load_nouns``)
    capitalised: frozenset[str] = frozenset()  # words the catalogue writes with a capital: nouns

    def __post_init__(self) -> None:
        self.by_stem: dict[tuple[str, ...], list[int]] = {}
        self.known: set[str] = set(w for w in self.frequency if len(w) >= MIN_PART)
        for number, group in enumerate(self.groups):
            for word in group.words:
                key = _phrase_stems(word)
                if key:
                    self.by_stem.setdefault(key, []).append(number)
                if " " not in word and not word.isupper():  # "GEG" would split "geg|enüber"
                    self.known.update(t for t in tokens(word) if len(t) >= MIN_HEAD)
        self.runs: dict[str, set[int]] = {}  # first stem of an entry of several words → their numbers of words
        for key in self.by_stem:
            if len(key) > 1:
                self.runs.setdefault(key[0], set()).add(len(key))
        self._related: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def of(cls, cases: Iterable, groups: Iterable[thesaurus.Group] | None = None) -> Lexicon:
        frequency: Counter = Counter()
        capitalised: set[str] = set()
        for case in cases:
            text = _clean(" ".join([*case_text(case), *fact_text(case)]))
            frequency.update(set(_TOKEN.findall(text.lower())))
            capitalised.update(w.lower() for w in set(_CAPITALISED.findall(text)))
        groups = tuple(thesaurus.load() if groups is None else groups)
        capitalised.update(w.lower() for g in groups for w in g.words if w[:1].isupper() and " " not in w)
        return cls(frequency, groups, load_nouns(), frozenset(capitalised))

    # --- compounds ---------------------------------------------------------------------------------

    def is_known(self, word: str) -> bool:
        return word in self.known or word in self.nouns

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (modifier(s) then head), or () if it is none we know."""
        word = word.lower()
        if word not in self._splits:
            self._splits[word] = self._split(word, depth=0)
        return self._splits[word]

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if "-" in word:
            pieces = [p for p in word.split("-") if p]
            out: list[str] = []
            for piece in pieces:
                out.extend(self._split(piece, depth + 1) or ((piece,) if len(piece) >= 2 else ()))
            return tuple(out) if len(out) > 1 else ()
        if len(word) < MIN_COMPOUND or depth > 2 or word in NOT_SPLIT or self._inflected_simple(word, depth):
            return ()
        best: tuple[tuple[int, bool, float], tuple[str, ...]] = ((-99, False, 0.0), ())
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[cut:]
            if head in NOT_A_HEAD or not (head in self.nouns or head in self.capitalised):  # heads are nouns
                continue
            if len(head) < MIN_HEAD and head not in SHORT_HEADS and not (head in self.capitalised
                                                                       and self.frequency.get(head)):
                continue  # "amt", "rat", "weg"; others only where the catalogue uses them as words
            left = word[:cut]
            for modifier, link in self._modifiers(left):
                if modifier in NOT_A_MODIFIER or (len(modifier) < MIN_HEAD and modifier not in SHORT_MODIFIERS
                                                  and not self.frequency.get(modifier)):
                    continue  # a short modifier only where it is a word: "amt|s|gericht", not "inn|en|stadt"
                if modifier.endswith(NEEDS_S) and link != "s":
                    continue
                # "sperr|müll": a verb's stem (no linking element but "e": "schul|e|hof" is no "schw|er|punkt")
                word_stem = (not self.is_known(modifier) and link in ("", "e")
                             and (self.is_known(modifier + "en") or self.is_known(modifier + "n")))
                known = self.is_known(modifier) or modifier in COMBINING or modifier in SHORT_MODIFIERS
                parts = (modifier,) if word_stem or known else self._split(modifier, depth + 1)
                if not parts:
                    continue
                parts = (*parts, head)
                # fewer parts first, then a known word before a verb's stem, then the more frequent parts
                score = (-len(parts), not word_stem,
                         math.exp(sum(math.log(self.frequency.get(p, 0) + 1) for p in parts) / len(parts)))
                if score > best[0]:
                    best = (score, parts)
        return best[1]

    def _inflected_simple(self, word: str, depth: int) -> bool:
        """An ending on a known word that is no compound: "bürgerinnen" is "bürger" + "innen", not
        "bürge" + "rinnen"."""
        for ending in SIMPLE_ENDINGS:
            stem_ = word[: -len(ending)]
            if word.endswith(ending) and len(stem_) >= MIN_HEAD and self.is_known(stem_) \
                    and not self._split(stem_, depth + 1):
                return True
        return False

    @staticmethod
    def _modifiers(left: str) -> Iterator[tuple[str, str]]:
        """The modifiers a compound's left side may be, each with the linking element it drops."""
        yield left, ""
        for link in LINKS:
            if left.endswith(link) and len(left) - len(link) >= MIN_PART:
                yield left[: -len(link)], link

    # --- synonyms ----------------------------------------------------------------------------------

    def synonyms(self, words: Iterable[str]) -> set[int]:
        """The thesaurus groups (by number) that one of these words, or a run of them, belongs to."""
        return self._groups_of([stem(w) for w in words])

    def _groups_of(self, stems: list[str]) -> set[int]:
        found: set[int] = set()
        by_stem, runs = self.by_stem, self.runs
        for i, first in enumerate(stems):
            hit = by_stem.get((first,))
            if hit:
                found.update(hit)
            for n in runs.get(first, ()):
                hit = by_stem.get(tuple(stems[i:i + n]))
                if hit:
                    found.update(hit)
        return found

    def related_to_word(self, word: str, noun: bool = True) -> tuple[str, ...]:
        """The parts of one word (if it is a noun: compounds are) and the thesaurus words of it and of
        its parts."""
        cached = self._related.get((word, noun))
        if cached is None:
            parts = self.split(word) if noun else ()
            words: list[str] = list(parts)
            for number in sorted(self.synonyms([word, *parts]) if parts else self.synonyms([word])):
                words.extend(self.groups[number].words)
            cached = self._related[(word, noun)] = tuple(words)
        return cached

    def related(self, case) -> list[str]:
        """The words to add to a case's search document (sorted; none the case uses itself)."""
        text = _clean(" ".join(case_text(case)))
        own = _TOKEN.findall(text.lower())
        own_words = set(own)
        nouns = {w.lower() for w in set(_CAPITALISED.findall(text))}
        stems = {w: stem(w) for w in own_words}
        own_stems = set(stems.values())
        out: set[str] = set()
        for number in self._groups_of([stems[w] for w in own]):  # also runs: "öffentlicher Personennahverkehr"
            out.update(self.groups[number].words)
        for word in own_words:
            out.update(self.related_to_word(word, word in nouns))
        return sorted(w for w in out if not (" " not in w and stem(w) in own_stems)
                      and w.lower() not in own_words)


def related_words(cases: Iterable, lexicon: Lexicon) -> dict[str, str]:
    """case id → the related words of its search document, space-separated (only cases that have some)."""
    out = {}
    for case in cases:
        if case.withdrawn:
            continue
        words = lexicon.related(case)
        if words:
            out[case.id] = " ".join(words)
    return out


_UMLAUT = re.compile("[äöüß]")


def _transcribe(word: str) -> str:
    return word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def word_list(lexicon: Lexicon, related: Mapping[str, str]) -> str:
    """The search page's word list: every word of the index (the cases' text and fact sheets, and their
    related words) with the number of cases that contain it, most frequent first."""
    frequency = Counter({w: n for w, n in lexicon.frequency.items()})
    extra: Counter = Counter()
    for words in related.values():
        extra.update(set(tokens(words)))
    for word, n in extra.items():
        frequency[word] += n
    # "maengelmelder" (a tag) and "mängelmelder" are one word: the spelling with umlauts stays
    spelled = {_transcribe(w): w for w in frequency if _UMLAUT.search(w)}
    for word in [w for w in frequency if not _UMLAUT.search(w)]:
        other = spelled.get(word)
        if other and other != word:
            frequency[other] += frequency.pop(word)
    lines = [f"# {WORD_LIST_FORMAT}"]
    for word, n in sorted(frequency.items(), key=lambda item: (-item[1], item[0])):
        if len(word) >= MIN_LIST_WORD and not any(ch.isdigit() for ch in word):
            lines.append(f"{word} {n}")
    return "\n".join(lines) + "\n"


RELATED_SECTION = "verwandte-begriffe"  # id of the related words' section in a search document


def related_section(words: str) -> str:
    """The element a search document gets for its related words: a section of its own (so the search page
    can leave it out of excerpts) with a low weight."""
    return (f'<h2 id="{RELATED_SECTION}">·</h2>\n<div lang="de" data-pagefind-weight="{RELATED_WEIGHT}">'
            f"<p>{html.escape(words)}</p></div>\n")


class WithRelated(Mapping[str, str]):
    """Search documents (case id → HTML) with each case's related words inserted before ``</main>``."""

    def __init__(self, documents: Mapping[str, str], related: Mapping[str, str]) -> None:
        self.documents = documents
        self.related = related

    def __getitem__(self, case_id: str) -> str:
        document = self.documents[case_id]
        words = self.related.get(case_id)
        if not words:
            return document
        end = document.rfind("</main>")
        if end < 0:
            return document
        return document[:end] + related_section(words) + document[end:]

    def __iter__(self) -> Iterator[str]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)
