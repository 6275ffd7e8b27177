"""Quality of the compound splitter ``generator.terms.Lexicon.split`` on a labelled sample (not a test).

    python bench/compounds.py [--errors] [--sample bench/compounds.tsv] [--cases cases]

The sample (``bench/compounds.tsv``, its header explains the format and the labelling rules) holds
German compounds from municipal texts with their gold parts, and words that are no compounds but
tempt a splitter ("bestellen", "bürgerinnen", "unterstützung"). The lexicon is built as the site
build builds it: ``terms.Lexicon.of`` over the shipped catalogue (``cases/``), with the thesaurus and
the noun list. Printed:

- precision: of the words the splitter splits (compounds and non-compounds), the share split right;
- recall: of the gold compounds, the share split right;
- F1 of the two;
- non-compounds left whole: of the words labelled "-", the share the splitter does not split;
- splits per second (the lexicon's split cache emptied before each round; best of ``--repeat``).

A split is right when it has as many parts as the gold split and each part equals its gold part up
to one inflection or linking ending on either side (e, en, er, es, n, s, ns) and umlauts: "radwege"
is right for "radweg", "straßen" for "straße", "plätze" for "platz", "meld" for "melden"; "bürge" is
not right for "bürger" ("r" is no ending).

If the package ``compound_split`` (pip package ``compound-split``, GPL-3, CharSplit by Don Tuggener;
not a dependency of this project) can be imported, it is evaluated on the same sample: its best
candidate is its split, no split when that candidate's score is ≤ 0. It only ever splits in two, so
it is scored by the "first level" rule: right when each of its two parts equals a contiguous run of
the gold parts, i.e. its cut falls on a gold boundary ("kindertages|stätte" and "kinder|tagesstätte"
are both right for kind+tag+stätte; the sample does not record which cut is the first level, so any
gold boundary counts, which favours compound-split slightly). For two-part gold splits the rule is the
same as ours. Our splitter is shown under that rule too, for a like-for-like column.
``--errors`` lists every wrong answer (of compound-split too, if installed).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import terms
from generator.catalog import check

SAMPLE = ROOT / "bench" / "compounds.tsv"
ENDINGS = ("e", "en", "er", "es", "n", "s", "ns")  # inflection and linking endings a part may differ by
NO_SPLIT = "-"
_FOLD = str.maketrans("äöü", "aou")

Parts = tuple[str, ...]
Predict = Callable[[str], Parts]


# --- the sample ------------------------------------------------------------------------------------

def load(path: Path) -> list[tuple[str, Parts]]:
    """(word, gold parts) per line; () for a word labelled "-". Raises ValueError on a malformed line."""
    sample: list[tuple[str, Parts]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0] or not fields[1]:
            raise ValueError(f"{path}:{number}: expected 'word<TAB>gold', got {line!r}")
        word, gold = fields[0].strip(), fields[1].strip()
        if word != word.lower() or gold != gold.lower():
            raise ValueError(f"{path}:{number}: not lower case: {line!r}")
        if word in seen:
            raise ValueError(f"{path}:{number}: {word!r} twice")
        seen.add(word)
        parts: Parts = () if gold == NO_SPLIT else tuple(gold.split("+"))
        if len(parts) == 1 or any(not p for p in parts):
            raise ValueError(f"{path}:{number}: a gold split needs two or more parts: {line!r}")
        sample.append((word, parts))
    return sample


# --- comparing a prediction with the gold split ------------------------------------------------------

def same_part(predicted: str, gold: str) -> bool:
    """Equal up to umlauts and one ending (ENDINGS) that one of the two has more than the other."""
    a, b = predicted.translate(_FOLD), gold.translate(_FOLD)
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer == shorter + ending for ending in ENDINGS)


def exact(predicted: Parts, gold: Parts) -> bool:
    """Our rule: as many parts as the gold split, each the same part."""
    return len(predicted) == len(gold) and all(same_part(p, g) for p, g in zip(predicted, gold))


def _covers(piece: str, gold: Sequence[str]) -> bool:
    """The piece is the gold parts one after the other, each up to its ending ("kindertages" = kind+tag)."""
    if len(gold) == 1:
        return same_part(piece, gold[0])
    return any(same_part(piece[:cut], gold[0]) and _covers(piece[cut:], gold[1:])
               for cut in range(1, len(piece)))


def grouped(predicted: Parts, gold: Parts) -> bool:
    """The first-level rule: each predicted part is a contiguous run of gold parts, in order, covering all
    of them (every predicted cut is a gold boundary; parts left unsplit are allowed)."""
    def match(i: int, j: int) -> bool:
        if i == len(predicted):
            return j == len(gold)
        piece = predicted[i].replace("-", "")
        return any(_covers(piece, gold[j:k]) and match(i + 1, k) for k in range(j + 1, len(gold) + 1))
    return len(predicted) > 1 and match(0, 0)


# --- scoring -----------------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    splits: int = 0          # words split (any sample word)
    right: int = 0           # gold compounds split right
    compounds: int = 0
    whole: int = 0           # non-compounds left whole
    non_compounds: int = 0
    right_by_parts: dict[str, list[int]] = field(default_factory=dict)  # "2" / "3+" -> [right, of]
    errors: list[tuple[str, Parts, Parts, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.splits if self.splits else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.compounds if self.compounds else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def whole_rate(self) -> float:
        return self.whole / self.non_compounds if self.non_compounds else 0.0


def evaluate(name: str, sample: list[tuple[str, Parts]], predictions: dict[str, Parts],
             rule: Callable[[Parts, Parts], bool]) -> Result:
    result = Result(name)
    for word, gold in sample:
        predicted = predictions[word]
        split = len(predicted) > 1
        result.splits += split
        if not gold:
            result.non_compounds += 1
            if split:
                result.errors.append((word, gold, predicted, "split, but no compound"))
            else:
                result.whole += 1
            continue
        result.compounds += 1
        key = "2" if len(gold) == 2 else "3+"
        tally = result.right_by_parts.setdefault(key, [0, 0])
        tally[1] += 1
        if split and rule(predicted, gold):
            result.right += 1
            tally[0] += 1
        else:
            result.errors.append((word, gold, predicted, "wrong split" if split else "not split"))
    return result


def timed(predict: Predict, words: list[str], repeat: int, reset: Callable[[], None] = lambda: None
          ) -> tuple[dict[str, Parts], float]:
    """The predictions and the best splits per second of ``repeat`` rounds over all words."""
    best, predictions = float("inf"), {}
    for _ in range(repeat):
        reset()
        start = time.perf_counter()
        predictions = {w: predict(w) for w in words}
        best = min(best, time.perf_counter() - start)
    return predictions, len(words) / best if best else float("inf")


# --- the splitters -------------------------------------------------------------------------------------

def compound_split_predictor() -> Predict | None:
    """CharSplit's best candidate as a two-part split, or None when the package is not installed."""
    try:
        from compound_split import char_split
    except ImportError:
        return None

    def predict(word: str) -> Parts:
        candidates = char_split.split_compound(word)
        if not candidates:
            return ()
        score, head, tail = candidates[0]
        head, tail = head.lower().strip("-"), tail.lower().strip("-")
        if score <= 0 or not head or not tail or head == word:
            return ()
        return (head, tail)

    return predict


# --- output ----------------------------------------------------------------------------------------------

def version(path: Path) -> str:
    """The measured file's hash, and whether it differs from the last commit (results change with it)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    try:
        changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", str(path)], cwd=ROOT, check=False,
                                 capture_output=True).returncode == 1
    except OSError:
        return digest
    return f"{digest}{', with changes not committed' if changed else ''}"


def show(parts: Parts) -> str:
    return "+".join(parts) if parts else NO_SPLIT


def print_table(columns: list[tuple[str, Result]]) -> None:
    label_width, width = 36, 17
    print(f"{'':{label_width}}" + "".join(f"{title:>{width}}" for title, _ in columns))
    rows = [
        ("precision (splits that are right)", lambda r: _rate(r.right, r.splits)),
        ("recall (compounds split right)", lambda r: _rate(r.right, r.compounds)),
        ("  of two parts", lambda r: _rate(*r.right_by_parts.get("2", (0, 0)))),
        ("  of three or more parts", lambda r: _rate(*r.right_by_parts.get("3+", (0, 0)))),
        ("F1", lambda r: f"{r.f1:.3f}" + " " * 10),
        ("non-compounds left whole", lambda r: _rate(r.whole, r.non_compounds)),
    ]
    for label, cell in rows:
        print(f"{label:{label_width}}" + "".join(f"{cell(result):>{width}}" for _, result in columns))


def _rate(right: int, of: int) -> str:
    return f"{right / of:.3f} {right:>4}/{of:<4}" if of else "-"


def print_errors(result: Result, rule: str) -> None:
    print(f"\nErrors of {result.name} ({rule}): {len(result.errors)}")
    order = {"split, but no compound": 0, "wrong split": 1, "not split": 2}
    for word, gold, predicted, kind in sorted(result.errors, key=lambda e: (order[e[3]], e[0])):
        print(f"  {kind:24} {word:30} gold {show(gold):32} got {show(predicted)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong answer")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="labelled words (default: %(default)s)")
    parser.add_argument("--cases", type=Path, default=ROOT / "cases",
                        help="catalogue the lexicon is built from (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds, best counts (default: 5)")
    args = parser.parse_args(argv)

    try:
        sample = load(args.sample)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    if not sample:
        parser.error(f"{args.sample}: no labelled words")
    words = [w for w, _ in sample]
    compounds = [g for _, g in sample if g]
    print(f"Sample {args.sample.relative_to(ROOT) if args.sample.is_relative_to(ROOT) else args.sample}: "
          f"{len(sample)} words, {len(compounds)} compounds "
          f"({sum(len(g) == 2 for g in compounds)} of two parts, {sum(len(g) > 2 for g in compounds)} of "
          f"three or more, {sum('-' in w for w, g in sample if g)} hyphenated), "
          f"{len(sample) - len(compounds)} non-compounds")

    start = time.perf_counter()
    cases = check(args.cases).catalog.cases
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    lexicon = terms.Lexicon.of(cases)
    built = time.perf_counter() - start
    print(f"Lexicon of {len(cases)} cases ({args.cases}): {len(lexicon.known)} catalogue and thesaurus "
          f"words, {len(lexicon.nouns)} nouns; catalogue loaded in {loaded:.2f} s, lexicon built in "
          f"{built:.2f} s")
    print(f"Splitter: generator/terms.py {version(Path(terms.__file__))}")

    ours, ours_rate = timed(lexicon.split, words, max(1, args.repeat), lexicon._splits.clear)
    columns = [("ours", evaluate("ours", sample, ours, exact)),
               ("ours*", evaluate("ours", sample, ours, grouped))]
    other = compound_split_predictor()
    other_rate = None
    if other is not None:
        theirs, other_rate = timed(other, words, 1)
        columns.append(("compound-split*", evaluate("compound-split", sample, theirs, grouped)))

    print()
    print_table(columns)
    print()
    print("A part is right when it equals the gold part up to umlauts and one ending either has more: "
          + ", ".join(ENDINGS) + ' ("radwege" = "radweg", "plätze" = "platz", "meld" = "melden").')
    print("ours: as many parts as the gold split, each right.")
    print("*: first-level rule: every part is a contiguous run of gold parts, i.e. every cut is on a gold "
          "boundary\n   (\"kinder|tagesstätte\" is right for kind+tag+stätte); any gold boundary counts, the "
          "bracketing is not labelled.")
    if other is None:
        print("\ncompound-split (CharSplit, GPL-3) is not installed; to compare with it: "
              "pip install compound-split  (about 60 MB; not a dependency of the project)")

    print(f"\nTiming: ours {ours_rate:,.0f} splits/s (split cache emptied each round, best of {args.repeat} "
          f"rounds over {len(words)} words)" + (f"; compound-split {other_rate:,.0f} splits/s (one round)"
                                                if other_rate else ""))

    if args.errors:
        print_errors(columns[0][1], "as many parts as the gold split")
        if other is not None:
            print_errors(columns[2][1], "first-level rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
