"""Related words of the search (generator/terms.py): compound splitting, synonyms, the word list."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from generator import terms, thesaurus

GROUPS = tuple(thesaurus.parse(
    "## test\n"
    "Abfall, Müll\n"
    "Schwimmbad, Hallenbad, Freibad\n"
    "ÖPNV, öffentlicher Personennahverkehr, Nahverkehr\n"
    "Bürgerhaushalt, Beteiligungshaushalt, participatory budgeting\n"))


def lexicon(*words: str, frequency: int = 3) -> terms.Lexicon:
    """A lexicon of these words, all of them nouns (written with a capital in the catalogue)."""
    return terms.Lexicon(Counter({w: frequency for w in words}), GROUPS, frozenset(), frozenset(words))


def a_case(text: str, case_id: str = "fall", *, withdrawn: bool = False, title: str = "Ein Fall") -> SimpleNamespace:
    data = {"summary": text, "problem": "", "solution": "", "results": "", "reuse": {}, "tags": []}
    return SimpleNamespace(id=case_id, title=title, data=data, body="", withdrawn=withdrawn,
                           organisation={"name": "Gemeinde Testdorf", "unit": "Bauamt"}, topics=("mobility",))


@pytest.mark.parametrize("word, parts", [
    ("bürgerbeteiligung", ("bürger", "beteiligung")),
    ("verwaltungsgebäude", ("verwaltung", "gebäude")),          # linking "s"
    ("radwegenetz", ("radwege", "netz")),
    ("straßenbeleuchtung", ("straße", "beleuchtung")),          # linking "n"
    ("hofbeleuchtung", ("hof", "beleuchtung")),
    ("kita-platzvergabe", ("kita", "platz", "vergabe")),        # hyphen, then the second piece
])
def test_compounds_split_into_known_words(word: str, parts: tuple[str, ...]) -> None:
    known = lexicon("bürger", "beteiligung", "verwaltung", "gebäude", "radwege", "netz", "straße", "beleuchtung",
                    "hof", "kita", "platz", "vergabe")
    assert known.split(word) == parts


@pytest.mark.parametrize("word", [
    "einwohnerinnen",   # "innen" is no head
    "beteiligung",      # no known part
    "bürger",           # too short to be a compound
    "vorhabenliste",    # "vor" is no modifier, "habenliste" unknown
])
def test_words_that_are_no_compounds_stay_whole(word: str) -> None:
    known = lexicon("einwohner", "innen", "bürger", "haben", "liste", "teil")
    assert known.split(word) == ()


def test_the_most_frequent_parts_win() -> None:
    counts = Counter({"stadt": 50, "verwaltung": 40, "stadtver": 1, "waltung": 1})
    known = terms.Lexicon(counts, (), frozenset(), frozenset(counts))
    assert known.split("stadtverwaltung") == ("stadt", "verwaltung")


def test_related_words_are_synonyms_and_parts_but_not_the_cases_own_words() -> None:
    known = lexicon("bürger", "beteiligung", "müll")
    related = known.related(a_case("Wir sammeln Müll im Park. Bürgerbeteiligung stärkt das Hallenbad."))
    assert {"Abfall", "bürger", "beteiligung", "Schwimmbad", "Freibad"} <= set(related)
    assert "Müll" not in related and "Hallenbad" not in related  # the case says them itself
    assert related == sorted(related)


def test_inflected_words_and_runs_of_words_find_their_group() -> None:
    known = lexicon()
    related = known.related(a_case("Die Hallenbäder und der öffentliche Personennahverkehr der Stadt."))
    assert "Schwimmbad" in related      # "Hallenbäder" has the stem of "Hallenbad"
    assert "ÖPNV" in related            # the two words of "öffentlicher Personennahverkehr"
    english = known.related(a_case("Our participatory budgeting gives residents a say."))
    assert "Bürgerhaushalt" in english


def test_withdrawn_cases_and_cases_without_related_words_get_none() -> None:
    known = lexicon()
    cases = [a_case("Müll", "a"), a_case("Müll", "b", withdrawn=True), a_case("Nichts Bekanntes", "c")]
    assert terms.related_words(cases, known) == {"a": "Abfall"}


def test_the_related_section_goes_before_main_end_and_is_escaped() -> None:
    docs = {"a": "<html><body><main data-pagefind-body><p>x</p></main></body></html>", "b": "<html><main></main></html>"}
    wrapped = terms.WithRelated(docs, {"a": "Abfall <script>"})
    assert list(wrapped) == ["a", "b"] and len(wrapped) == 2
    assert wrapped["b"] == docs["b"]
    text = wrapped["a"]
    assert text.index(f'id="{terms.RELATED_SECTION}"') < text.index("</main>")
    assert f'data-pagefind-weight="{terms.RELATED_WEIGHT}"' in text
    assert "&lt;script&gt;" in text and "<script>" not in text


def test_word_list_counts_cases_and_leaves_out_numbers_and_short_words() -> None:
    cases = [a_case("Müll und Müll im Park 05999001, Schlagwort muell", "a"), a_case("Park am See", "b")]
    known = terms.Lexicon.of(cases, GROUPS)
    text = terms.word_list(known, {"a": "Abfall"})
    lines = text.splitlines()
    assert lines[0] == f"# {terms.WORD_LIST_FORMAT}"
    counts = dict(line.rsplit(" ", 1) for line in lines[1:])
    assert counts["park"] == "2" and counts["abfall"] == "1"
    assert counts["müll"] == "2" and "muell" not in counts   # one word, spelled with its umlaut
    assert counts["testdorf"] == "2"          # fact sheet words (the municipality) are in it
    assert "05999001" not in counts and "im" not in counts and "am" not in counts
    frequencies = [int(v) for v in counts.values()]
    assert frequencies == sorted(frequencies, reverse=True)


def test_tokens_leave_out_links_and_addresses() -> None:
    assert terms.tokens("Siehe [Portal](https://example.org/abfall) und www.abfall.de, info@abfall.de.") == \
        ["siehe", "portal", "und"]


def test_heads_are_nouns_and_endings_of_simple_words_are_no_heads() -> None:
    counts = Counter({"hunde": 1, "hundes": 1, "steuer": 1, "teuer": 5, "bürger": 9, "bürge": 1, "rinnen": 1})
    known = terms.Lexicon(counts, (), frozenset({"hunde", "hundes", "steuer", "bürger", "bürge", "rinnen"}))
    assert known.split("hundesteuer") == ("hunde", "steuer")   # not "hundes" + the adjective "teuer"
    assert known.split("bürgerinnen") == ()                      # "bürger" + "innen", not "bürge" + "rinnen"


def test_only_nouns_of_a_case_are_split() -> None:
    known = lexicon("leiten", "beg", "raum", "buchung")
    related = known.related(a_case("Wir begleiten die Raumbuchung."))
    assert {"raum", "buchung"} <= set(related) and "leiten" not in related


def test_the_shipped_noun_list_is_there_and_large() -> None:
    nouns = terms.load_nouns()
    assert len(nouns) > 200_000
    assert {"buchung", "unterkunft", "zähler", "steuer"} <= nouns
    assert not any(w.startswith("#") for w in list(nouns)[:1000])
