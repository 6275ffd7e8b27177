"""The municipal thesaurus (generator/vocab/thesaurus.txt): its form, its required groups, and the parser's
messages for malformed text (generator/thesaurus.py)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator import thesaurus, vocabularies

MIN_GROUPS = 400
MIN_PER_TOPIC = 15

# Groups a searcher in a town hall relies on: each tuple's words must share one group.
REQUIRED = [
    ("Abfall", "Müll"),
    ("Radweg", "Fahrradweg", "Radverkehrsanlage"),
    ("Hallenbad", "Schwimmbad"),
    ("Kfz-Zulassung", "Autoanmeldung", "Zulassungsstelle"),
    ("ÖPNV", "öffentlicher Personennahverkehr", "Nahverkehr"),
    ("OZG", "Onlinezugangsgesetz"),
    ("KI", "künstliche Intelligenz"),
    ("E-Akte", "elektronische Akte"),
    ("Kita", "Kindertagesstätte", "Kindergarten"),
    ("Bürgerbüro", "Bürgeramt", "Bürgerservice"),
    ("Straßenbeleuchtung", "Straßenlaternen"),
    ("Sperrmüll", "Sperrgut"),
    ("Bürgerhaushalt", "Beteiligungshaushalt", "participatory budgeting"),
    ("WLAN", "WiFi"),
    ("Breitband", "schnelles Internet"),
    ("Glasfaser", "FTTH"),
    ("Photovoltaik", "PV", "Solaranlage"),
    ("Ratsinformationssystem", "RIS"),
    ("Leerstand", "leerstehende Gebäude"),
    ("Mängelmelder", "Schadensmelder"),
    ("Hochwasser", "Überschwemmung"),
    ("Hitzeschutz", "Hitzeaktionsplan"),
    ("DSGVO", "Datenschutz-Grundverordnung"),
    ("Bücherei", "Bibliothek", "Stadtbibliothek", "library"),
    ("Parkplatz", "Stellplatz"),
]

# English words of international cases, each in the group of its German equivalent.
ENGLISH = [
    ("library", "Bibliothek"),
    ("waste", "Abfall"),
    ("cycle lane", "Radweg"),
    ("public transport", "ÖPNV"),
    ("participatory budgeting", "Bürgerhaushalt"),
    ("open data", "offene Daten"),
    ("smart city", "intelligente Stadt"),
    ("citizen services", "Bürgerservice"),
    ("street lighting", "Straßenbeleuchtung"),
    ("flood warning", "Hochwasserwarnung"),
    ("heat plan", "Hitzeaktionsplan"),
    ("broadband", "Breitband"),
]


@pytest.fixture(scope="module")
def groups() -> tuple[thesaurus.Group, ...]:
    return thesaurus.load()


@pytest.fixture(scope="module")
def group_of(groups) -> dict[str, thesaurus.Group]:
    return {thesaurus.key(word): group for group in groups for word in group.words}


@pytest.fixture(scope="module")
def text() -> str:
    return thesaurus.path().read_text(encoding="utf-8")


# --- the shipped file -------------------------------------------------------------------------------


def test_shipped_file_parses_with_enough_groups(groups) -> None:
    assert len(groups) >= MIN_GROUPS, f"nur {len(groups)} Gruppen, mindestens {MIN_GROUPS} erwartet"


def test_no_word_is_in_two_groups(groups) -> None:
    first: dict[str, tuple[str, int]] = {}
    clashes = []
    for group in groups:
        for word in group.words:
            seen = first.setdefault(thesaurus.key(word), (word, group.line))
            if seen[1] != group.line:
                clashes.append(f"'{word}' steht in Zeile {seen[1]} ('{seen[0]}') und in Zeile {group.line}")
    assert not clashes, "Wörter in zwei Gruppen:\n" + "\n".join(clashes)


def test_no_group_repeats_a_word(groups) -> None:
    repeats = []
    for group in groups:
        counts = Counter(thesaurus.key(word) for word in group.words)
        twice = [word for word in group.words if counts[thesaurus.key(word)] > 1]
        if twice:
            repeats.append(f"Zeile {group.line}: {', '.join(twice)}")
    assert not repeats, "Gruppen, die ein Wort wiederholen:\n" + "\n".join(repeats)


def test_every_topic_has_its_own_section_with_enough_groups(groups, text) -> None:
    per_section = Counter(group.section for group in groups)
    headings = Counter(m.group(1) for m in re.finditer(r"^##\s*(\S.*?)\s*$", text, flags=re.MULTILINE))
    problems = []
    for slug in vocabularies.load("topics").slugs:
        if headings[slug] != 1:
            problems.append(f"Abschnitt '## {slug}' steht {headings[slug]}-mal in der Datei (genau einmal erwartet)")
        elif per_section[slug] < MIN_PER_TOPIC:
            problems.append(f"Abschnitt '{slug}' hat {per_section[slug]} Gruppen, mindestens {MIN_PER_TOPIC} erwartet")
    assert not problems, "\n".join(problems)


def test_sections_are_not_opened_twice(text) -> None:
    headings = Counter(m.group(1) for m in re.finditer(r"^##\s*(\S.*?)\s*$", text, flags=re.MULTILINE))
    assert not [name for name, n in headings.items() if n > 1], headings


def test_everyday_sections_exist(groups) -> None:
    sections = {group.section for group in groups}
    for name in ("alltag-buergerservice", "alltag-abfall", "alltag-strassen", "alltag-familie", "alltag-freizeit",
                 "alltag-finanzen", "abkuerzungen", "englisch"):
        assert name in sections, f"Abschnitt '## {name}' fehlt oder ist leer"


@pytest.mark.parametrize("words", REQUIRED, ids=lambda words: words[0])
def test_required_groups_exist(group_of, words) -> None:
    missing = [w for w in words if thesaurus.key(w) not in group_of]
    assert not missing, f"nicht im Thesaurus: {', '.join(missing)}"
    lines = {w: group_of[thesaurus.key(w)].line for w in words}
    assert len(set(lines.values())) == 1, f"sollten eine Gruppe bilden, stehen aber in den Zeilen {lines}"


@pytest.mark.parametrize("english, german", ENGLISH, ids=lambda value: value)
def test_english_words_sit_with_their_german_equivalent(group_of, english, german) -> None:
    assert thesaurus.key(english) in group_of, f"'{english}' fehlt"
    assert thesaurus.key(german) in group_of, f"'{german}' fehlt"
    assert group_of[thesaurus.key(english)].line == group_of[thesaurus.key(german)].line, (
        f"'{english}' (Zeile {group_of[thesaurus.key(english)].line}) und '{german}' "
        f"(Zeile {group_of[thesaurus.key(german)].line}) sollten in einer Gruppe stehen")


def test_haushalt_is_no_family_word(group_of) -> None:
    # "Haushalt" as budget must not pull in the household sense, and no group may mix the two.
    budget = group_of[thesaurus.key("Haushaltsplan")]
    assert not {thesaurus.key(w) for w in budget.words} & {"familie", "haushalt", "privathaushalt"}


def test_file_uses_real_umlauts_and_eszett(group_of) -> None:
    for word in ("Müll", "Bürgerbüro", "Straßenbeleuchtung", "Öffnungszeiten", "Eheschließung"):
        assert thesaurus.key(word) in group_of, word
    assert "muell" not in group_of and "strassenbeleuchtung" not in group_of


def test_every_line_of_the_file_is_accepted_on_its_own(text) -> None:
    # Each group line parses by itself, so a bad word is reported with its own line, not hidden by another.
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        [group] = thesaurus.parse(stripped, source=f"thesaurus.txt:{number}")
        assert len(group.words) >= 2


def test_comment_lines_do_not_open_sections_by_accident(text) -> None:
    # A comment that starts with "##" would open a section; only real section headings may.
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("##"):
            assert re.fullmatch(r"## [a-z][a-z-]*", line), f"Zeile {number}: '{line}' ist keine Abschnittsüberschrift"


def test_header_names_the_sources_and_their_licences(text) -> None:
    header = text.split("\n## ", 1)[0]
    assert all(line.startswith("#") or not line.strip() for line in header.splitlines()), "der Kopf besteht aus Kommentaren"
    for needle in ("OpenThesaurus", "LGPL", "Leistungskatalog der öffentlichen Verwaltung", "LeiKa", "FIM", "KoSIT",
                   "EUPL"):
        assert needle in header, f"der Kopf nennt '{needle}' nicht"


# --- the parser's messages --------------------------------------------------------------------------


def test_parse_rejects_an_empty_entry() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 2"):
        thesaurus.parse("Bücherei, Bibliothek\nAbfall,,Müll\n")


def test_parse_rejects_a_trailing_comma() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 2.*leerer Eintrag"):
        thesaurus.parse("Bücherei, Bibliothek\nAbfall, Müll,\n")


def test_parse_rejects_a_one_word_group() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 2.*mindestens zwei"):
        thesaurus.parse("Bücherei, Bibliothek\nAbfall\n")


def test_parse_rejects_a_group_of_one_word_in_two_cases() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 2.*mindestens zwei"):
        thesaurus.parse("Bücherei, Bibliothek\nMüll, müll\n")


def test_parse_rejects_forbidden_characters() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 2.*<script>"):
        thesaurus.parse("Bücherei, Bibliothek\nAbfall, <script>\n")


def test_parse_names_every_bad_line() -> None:
    with pytest.raises(thesaurus.ThesaurusError) as caught:
        thesaurus.parse("## test\nAbfall,,Müll\nBücherei, Bibliothek\nMüll, müll\n")
    assert "Zeile 2" in str(caught.value) and "Zeile 4" in str(caught.value)
    assert "Zeile 3" not in str(caught.value)


def test_parse_accepts_comments_sections_and_phrases() -> None:
    parsed = thesaurus.parse("# Kommentar\n## mobility\nÖPNV, öffentlicher Personennahverkehr, Kfz-Zulassung\n")
    assert [(g.words, g.section, g.line) for g in parsed] == [
        (("ÖPNV", "öffentlicher Personennahverkehr", "Kfz-Zulassung"), "mobility", 3)]


def test_parse_rejects_a_word_in_two_groups_naming_both_lines() -> None:
    with pytest.raises(thesaurus.ThesaurusError, match="Zeile 3: 'müll' steht schon in Zeile 2"):
        thesaurus.parse("## test\nAbfall, Müll\nmüll, Kehricht\n")
