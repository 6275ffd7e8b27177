"""Write generator/vocab/nomen.txt.gz: the German nouns the compound splitter knows (generator/terms.py).

    pip download german-nouns==1.2.5 --no-deps -d /tmp/gn && python scripts/nomen.py /tmp/gn/german_nouns-1.2.5-py3-none-any.whl

The words are every form (lower case, letters only, at least three) of the ~100,000 nouns of the
package german-nouns (Gregor Weichbrodt), compiled from the German Wiktionary; like their source they
are under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), which the file's first line
says. Only the words are taken: no grammar, no definitions. The output is sorted and written with a
fixed gzip header, so the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "generator" / "vocab" / "nomen.txt.gz"
HEADER = ("# Deutsche Substantive in allen Formen, aus german-nouns 1.2.5 (Gregor Weichbrodt) nach dem deutschen "
          "Wiktionary; Lizenz CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/ – erzeugt mit "
          "scripts/nomen.py")


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as archive:
        index = archive.read("german_nouns/index.txt").decode("utf-8")
    words = sorted({line.split("\t", 1)[0] for line in index.splitlines()
                    if line and len(line.split("\t", 1)[0]) >= 3 and line.split("\t", 1)[0].isalpha()})
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(("\n".join([HEADER, *words]) + "\n").encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    print(f"{len(words)} Wörter, {OUT.stat().st_size} Bytes: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
