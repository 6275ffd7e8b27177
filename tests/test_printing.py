"""The shortened texts of the print sheet (generator/printing.py): plain text cut at a sentence or word
end, escaped, with the address of the whole text after a cut."""

from __future__ import annotations

from markupsafe import Markup

from generator.markup import to_html
from generator.printing import excerpt, plain_text, shorten

URL = "https://praxisboerse.example/faelle/musterstadt-maengelmelder/"
MORE = f'<span class="pb-more" lang="de">… weiter unter {URL}</span>'


def test_a_short_text_is_kept_whole_without_address() -> None:
    html = to_html("Bürgerinnen und Bürger **melden** Schäden über eine App.")
    out = excerpt(html, 200, URL)
    assert out == "Bürgerinnen und Bürger melden Schäden über eine App."
    assert isinstance(out, Markup) and "weiter unter" not in out


def test_a_long_text_is_cut_at_a_word_end_and_names_the_address() -> None:
    text = "Die Straßenmeisterei prüfte Schäden händisch und übertrug jede Meldung einzeln in drei Fachverfahren"
    out = excerpt(f"<p>{text}</p>", 45, URL)
    kept = str(out).removesuffix(" " + MORE)
    assert out.endswith(MORE)
    assert kept == "Die Straßenmeisterei prüfte Schäden händisch"   # 44 characters, ends with a whole word
    assert text.startswith(kept) and len(kept) <= 45


def test_a_sentence_end_is_preferred_to_a_word_end() -> None:
    text = "Meldungen gingen oft verloren oder doppelt. Niemand wusste, wer zuständig war, und Rückfragen dauerten."
    assert shorten(text, 70) == "Meldungen gingen oft verloren oder doppelt."   # 43 characters
    # a sentence end that would waste most of the budget is not taken: then a word end
    assert shorten(text, 90) == "Meldungen gingen oft verloren oder doppelt. Niemand wusste, wer zuständig war, und"
    assert shorten(text, 60) == "Meldungen gingen oft verloren oder doppelt."
    assert shorten(text, 40) == "Meldungen gingen oft verloren oder"
    assert shorten("Niemand wusste, wer zuständig war.", 16) == "Niemand wusste"   # no comma before the "…"


def test_abbreviations_and_ordinals_are_no_sentence_ends() -> None:
    text = "Das Amt nutzt z. B. Formulare seit dem 2. Mai und bzw. Listen auf Papier für alle Anträge im Kreis."
    assert shorten(text, 61) == "Das Amt nutzt z. B. Formulare seit dem 2. Mai und bzw. Listen"


def test_text_is_escaped_and_umlauts_and_entities_kept() -> None:
    html = "<p>Grüße &amp; Äpfel &lt;script&gt;alert(1)&lt;/script&gt; für Öffentlichkeit und Straßenbau</p>"
    out = excerpt(html, 500, URL)
    assert out == "Grüße &amp; Äpfel &lt;script&gt;alert(1)&lt;/script&gt; für Öffentlichkeit und Straßenbau"
    assert "<script>" not in excerpt(html, 30, URL)
    assert str(excerpt(html, 30, 'https://x.example/?a=1&b="2"')).endswith(
        "weiter unter https://x.example/?a=1&amp;b=&#34;2&#34;</span>")


def test_blocks_and_line_breaks_keep_words_apart() -> None:
    html = to_html("Erstens<br>zweitens\n\n- eins\n- zwei\n\n| A | B |\n|---|---|\n| x | y |")
    assert plain_text(html) == "Erstens zweitens eins zwei A B x y"


def test_one_endless_word_is_cut_inside() -> None:
    assert shorten("Donaudampfschifffahrtsgesellschaftskapitänsmütze", 10) == "Donaudampf"
