"""QR codes of the permanent addresses: ``qr.svg`` beside every case page and every collection page.

A conference slide, a poster or a printed handout carries the code; the case page links it for download
("QR-Code herunterladen") and prints it. The codes are SVG made by segno (error correction level M,
black on white, a quiet zone of two modules), all with the same mask pattern: choosing the best of the
eight masks is what takes segno's time (7.5 ms a code against 1.7 ms), and every mask gives a code that
readers decode (tests/browser/test_qr.py decodes them with zxing-cpp). A code depends on its address
only, so it is cached by address in the build cache and made once (in two processes where there are
many: ``parallel.py``).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Iterable

import segno

from . import layout, parallel

FILE = "qr.svg"
MASK = 2
FORMAT = f"praxisboerse-qr-1-m-{MASK}"  # part of the cache key: change it when the codes change


def svg(url: str) -> bytes:
    """The QR code of ``url`` as an SVG document, titled with the address it holds."""
    code = segno.make_qr(url, error="m", mask=MASK, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=2, xmldecl=False, title=f"QR-Code: {url}", dark="#000",
              light="#fff", svgclass="pb-qr-code", lineclass=None)
    return out.getvalue() + b"\n"


def write(pages: Iterable[str], built: Path, site_url: str, cache: Path | None = None) -> int:
    """Write ``<page>qr.svg`` beside every page (a URL relative to the site root, such as
    ``layout.case_url(id)``) into the built site; return how many. With ``cache``, each code is made once
    (by its address) and kept there, in two processes where there are many (``parallel.cached_files``)."""
    urls = {built / page / FILE: layout.absolute(site_url, page) for page in pages}
    if cache is None:
        for target, url in urls.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(svg(url))
        return len(urls)
    targets = {target: (hashlib.sha256(f"{FORMAT}\0{url}".encode("utf-8")).hexdigest()[:32] + ".svg", url)
               for target, url in urls.items()}
    return parallel.cached_files(targets, svg, cache)
