"""How often the suggested category of a difficulty is right, and how fast it comes.

Run ``python benchmarks/bench_difficulty_category.py``.  It reads the 280 hand-labelled texts of
``tests/data/difficulty_texts.csv`` and prints, for :func:`network.difficulty_category.suggest_categories` and
for a reference that looks for the same lexicon's words as plain substrings (no morphology), the share right
as first suggestion and among the first three, per category, the most frequent confusions, the time to load
the analyser and the time per text.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from network.difficulty_category import load_lexicon, suggest_categories  # noqa: E402
from network.schema import ISSUE_CATEGORIES  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "difficulty_texts.csv"


def substring_ranking(text: str, lexicon: dict[str, dict[str, float]]) -> list[str]:
    """The reference: categories ranked by the weights of lexicon words found anywhere in the text."""
    scores = {c: sum(w for term, w in lexicon[c].items() if term in text) for c in ISSUE_CATEGORIES}
    ranked = sorted(ISSUE_CATEGORIES, key=lambda c: -scores[c])
    if scores[ranked[0]] == 0:
        ranked.sort(key=lambda c: c != "경영일반")
    return ranked


def main() -> None:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = [(row["category"], row["text"]) for row in csv.DictReader(handle)]
    lexicon = load_lexicon()
    started = time.perf_counter()
    suggest_categories("분석기를 불러오는 첫 문장")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = [[s.category for s in suggest_categories(text)] for _, text in rows]
    per_text_ms = (time.perf_counter() - started) / len(rows) * 1000
    started = time.perf_counter()
    reference = [substring_ranking(text, lexicon) for _, text in rows]
    reference_ms = (time.perf_counter() - started) / len(rows) * 1000

    def share(ranked: list[list[str]], top: int, only: str | None = None) -> float:
        pairs = [(c, r) for (c, _), r in zip(rows, ranked) if only is None or c == only]
        return sum(c in r[:top] for c, r in pairs) / len(pairs)

    print(f"{len(rows)} labelled texts; analyser loaded in {load_seconds:.2f} s; "
          f"{per_text_ms:.2f} ms per text (reference {reference_ms:.3f} ms)")
    print(f"{'':12} {'first':>7} {'top 3':>7}   reference: {'first':>7} {'top 3':>7}")
    for category in (*ISSUE_CATEGORIES, None):
        name = category or "all"
        print(f"{name:12} {share(ours, 1, category):7.1%} {share(ours, 3, category):7.1%}"
              f"              {share(reference, 1, category):7.1%} {share(reference, 3, category):7.1%}")
    confusions = Counter((c, r[0]) for (c, _), r in zip(rows, ours) if r[0] != c)
    print("most frequent confusions (labelled → suggested):",
          ", ".join(f"{a} → {b} ({n})" for (a, b), n in confusions.most_common(6)))


if __name__ == "__main__":
    main()
