"""Embeddable cards: ``/faelle/<id>/karte/`` and ``/faelle/<id>/oembed.json`` for every published case.

A conference site or a network's page shows a case in an ``<iframe>``: the card is one small HTML page
with everything inline (no script, no cookie, no request to any host, no web font), the title, the
municipality and the summary, and a link that opens the case page in the top window. A static site
cannot answer an oEmbed query (``?url=…``), so each case publishes its oEmbed answer as a file, and the
case page offers the ``<iframe>`` snippet to copy. The discovery link ``<link rel="alternate"
type="application/json+oembed">`` is on the card page, not on the case page: Material's script fetches
``sitemap.xml`` beside every ``link[rel=alternate]`` of a page (for its language switch), which would
cost every visitor of a case page a request for a file that does not exist there.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from . import layout

CARD = "karte"          # /faelle/<id>/karte/
OEMBED = "oembed.json"  # /faelle/<id>/oembed.json
WIDTH, HEIGHT = 480, 240

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title} – {site}</title>
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/json+oembed" href="{oembed}" title="{title}">
<style>
html{{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff}}
body{{margin:0}} .card{{box-sizing:border-box;max-width:100%;min-height:100vh;padding:1rem 1.1rem;border:1px solid #c9ccd3;border-radius:.4rem;display:flex;flex-direction:column;gap:.45rem}}
h1{{font-size:1.1rem;line-height:1.3;margin:0}} a{{color:#283593}} a:focus-visible{{outline:2px solid #283593;outline-offset:2px}}
.meta{{margin:0;color:#545454;font-size:.875rem}} .summary{{margin:0;font-size:.95rem}}
.site{{margin:auto 0 0;font-size:.8125rem;color:#545454}}
</style></head>
<body><main class="card"{attr_lang}>
<h1><a href="{url}" target="_top">{title}</a></h1>
<p class="meta" lang="de">{organisation} · {place}</p>
<p class="summary">{summary}</p>
<p class="site" lang="de">Praxisbeispiel auf <a href="{home}" target="_top">{site}</a></p>
</main></body></html>
"""


def snippet(card_url: str, title: str) -> str:
    """The ``<iframe>`` a page puts in to show the card."""
    return (f'<iframe src="{html.escape(card_url)}" width="{WIDTH}" height="{HEIGHT}" '
            f'title="{html.escape(title)}" loading="lazy" style="border:0;max-width:100%"></iframe>')


def card_url(site_url: str, case_id: str) -> str:
    return layout.absolute(site_url, f"{layout.case_url(case_id)}{CARD}/")


def write(cases, built: Path, site_url: str, site_name: str, place) -> int:
    """The card page and the oEmbed file of every published case; ``place(case)`` names where it is."""
    count = 0
    home = layout.absolute(site_url, "")
    for case in cases:
        if case.withdrawn:
            continue
        url = layout.absolute(site_url, layout.case_url(case.id))
        lang = case.data["lang"]
        page = _PAGE.format(
            lang="de", attr_lang=f' lang="{html.escape(lang)}"' if lang != "de" else "",
            title=html.escape(case.title), site=html.escape(site_name), url=html.escape(url),
            organisation=html.escape(case.organisation["name"]), place=html.escape(place(case)),
            summary=html.escape(case.data["summary"]), home=html.escape(home), oembed=html.escape(url + OEMBED))
        folder = built / layout.case_url(case.id) / CARD
        folder.mkdir(parents=True, exist_ok=True)
        (folder / layout.INDEX_HTML).write_text(page, encoding="utf-8")
        answer = {
            "version": "1.0", "type": "rich", "title": case.title, "author_name": case.organisation["name"],
            "provider_name": site_name, "provider_url": home, "width": WIDTH, "height": HEIGHT,
            "html": snippet(card_url(site_url, case.id), case.title),
        }
        (built / layout.case_url(case.id) / OEMBED).write_text(
            json.dumps(answer, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        count += 1
    return count
