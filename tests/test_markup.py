"""Case Markdown → safe HTML (markup.py): CommonMark, demoted headings, no empty sections, allow-list."""

from __future__ import annotations

from generator import markup
from generator.newcase import BODY


def test_template_headings_left_empty_publish_nothing():
    assert markup.to_html(BODY) == ""
    assert [heading for _, heading in markup.empty_sections(BODY)] == [
        "Ausgangslage", "Umsetzung", "Ergebnisse", "Kosten und Aufwand", "Übertragbarkeit", "Erfahrungen"]


def test_only_the_empty_section_is_dropped():
    html = markup.to_html("## Ausgangslage\n\nLange Schlangen.\n\n## Ergebnisse\n\n<!-- Zahlen? -->\n\n## Kosten\n\n12 €\n")
    assert "Ausgangslage" in html and "Kosten" in html and "Ergebnisse" not in html


def test_a_heading_whose_subsections_are_all_empty_goes_too():
    html = markup.to_html("## Oben\n\n### Leer\n\n## Voll\n\nText\n")
    assert "Oben" not in html and "Leer" not in html and "<h3>Voll</h3>" in html


def test_setext_and_atx_headings_sit_below_the_page_sections():
    html = markup.to_html("Titel\n=====\n\nText\n\nUnter\n-----\n\nMehr\n\n#### Tief\n\nx\n")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Titel</h3>" in html and "<h4>Unter</h4>" in html and "<h6>Tief</h6>" in html
    assert markup.to_html("## Zwei\n\nText\n").startswith("<h3>Zwei</h3>")


def test_commonmark_with_tables_as_the_forges_preview():
    html = markup.to_html("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~alt~~ *neu*\n\n1) eins\n")
    assert '<th style="text-align:left">a</th>' in html and '<td style="text-align:right">2</td>' in html
    assert "<s>alt</s>" in html and "<em>neu</em>" in html and "<ol>" in html


def test_nothing_executable_survives():
    hostile = ("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[k](javascript:alert(3))\n\n"
               '<a href="#" onclick="alert(4)" style="color:red">a</a>\n\n<iframe src="https://x.example"></iframe>\n\n'
               '| a |\n|---|\n| b |\n\n<td style="background:url(javascript:alert(5))">')
    html = markup.to_html(hostile)
    for needle in ("<script", "onerror", 'href="javascript:', "onclick", "<iframe", "alert(1)", "background"):
        assert needle not in html, needle
    assert "[k](javascript:alert(3))" in html  # a refused link stays as harmless text


def test_allowed_html_stays():
    html = markup.to_html("<details open><summary>Mehr</summary>harmlos</details>\n\nH<sub>2</sub>O <abbr title=\"Onlinezugangsgesetz\">OZG</abbr>\n")
    assert "<details open" in html and "<sub>2</sub>" in html and '<abbr title="Onlinezugangsgesetz">' in html


def test_the_quick_look_never_hides_an_empty_section(monkeypatch):
    """empty_sections skips the full parse when a line scan finds text under every heading; the scan
    must never skip a body that has an empty section."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
              for folder in ("cases", "tests/fixtures/rules", "tests/fixtures/valid") for p in (root / folder).glob("*.md")]
    bodies += [BODY, "## A\n\n<!-- x\ny -->\n\n## B\n\ntext", "Titel\n=====\n", "```\n# kein Titel\n```\n\n## Leer\n",
               "## A\n\n---\n\n## B\n\nText", "  ## Eingerückt\n\n## Voll\n\nText"]
    quick = [markup.empty_sections(body) for body in bodies]
    monkeypatch.setattr(markup, "_may_have_empty_section", lambda markdown: True)
    assert quick == [markup.empty_sections(body) for body in bodies]


def test_many_texts_converted_in_two_processes_equal_one_by_one(monkeypatch):
    from generator import render

    texts = [f"## Abschnitt {i}\n\nText *{i}* mit <script>x</script> [Link](https://example.org/{i})\n" for i in range(40)]
    monkeypatch.setattr(render, "PARALLEL_MIN_TEXTS", 1)
    cache = render.TextCache()
    cache.convert_many(texts)
    assert len(cache.used) == 40
    assert [cache.html(t) for t in texts] == [markup.to_html(t) for t in texts]
