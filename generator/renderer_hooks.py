"""A shortcut for MkDocs, nothing more: pages whose front-matter says their content is finished HTML
(``layout.META_HTML``, the case pages) skip Python-Markdown, which would only pass the HTML through
after parsing every tag of it (two thirds of MkDocs' time on a case page).

The site stage names this file under ``hooks`` in the settings it writes. A renderer that runs no
hooks (a successor of MkDocs) still builds the same pages, through its Markdown, only slower.
"""

from __future__ import annotations

from typing import Any

from generator import layout

_ATTRIBUTE = "_praxisboerse_html"


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if page.meta.get(layout.META_HTML):
        setattr(page, _ATTRIBUTE, markdown)
        return ""
    return markdown


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    finished = getattr(page, _ATTRIBUTE, None)
    if finished is None:
        return html
    delattr(page, _ATTRIBUTE)
    return finished.strip()
