"""Which category a difficulty (애로사항) belongs to, suggested from its text as a firm said it.

The text is split into morphemes by Kiwi (``kiwipiepy``, a Korean morphological analyser with its own model:
nothing is downloaded at run time), so ``대출이``, ``대출을`` and ``대출받기`` all count as ``대출``, verbs count
by their dictionary form (``구하기`` → ``구하다``) and compound nouns count whole as well as by their parts
(``스마트 공장`` written together is ``스마트공장``).  Each category has a weighted list of words in
``data/difficulty_lexicon.csv`` — data, not code, so the agency can extend it — and the categories are ranked
by the weights of the words the text holds.  The person recording the difficulty confirms or changes the
suggestion.

Examples
--------
>>> suggest_categories("은행에서 대출 연장이 거절되어 운영자금이 부족합니다")[0].category
'자금'
>>> suggest_category("현장에서 일할 사람을 구하기가 너무 어렵다")
'인력'
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from network.errors import OptionError
from network.schema import ISSUE_CATEGORIES

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["FALLBACK", "LEXICON_PATH", "Suggestion", "load_lexicon", "share_right", "suggest_categories",
           "suggest_category", "text_terms"]

#: The words of each category and their weights (``category,term,weight``).
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "difficulty_lexicon.csv"

#: The category when no word of the lexicon is found.
FALLBACK = "경영일반"

# Morpheme tags that carry meaning: nouns, numerals, verb and adjective stems, roots, foreign words, numbers,
# Chinese characters and symbols inside words (R&D).
_CONTENT = ("NNG", "NNP", "NNB", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "SW")
_LONGEST_COMPOUND = 3  # adjacent morphemes joined: 중대 + 재해 + 처벌법 → 중대재해처벌법


@dataclass(frozen=True)
class Suggestion:
    """One category suggested for a text, with its score (the summed weights) and the words that gave it."""

    category: str
    score: float
    terms: tuple[str, ...]


def load_lexicon(path: str | Path = LEXICON_PATH) -> dict[str, dict[str, float]]:
    """``{category: {term: weight}}`` from a CSV with the columns ``category``, ``term``, ``weight``.

    Raises
    ------
    OptionError
        If a category is not one of :data:`network.schema.ISSUE_CATEGORIES` or a weight is not a positive
        number (the message names the row).

    Examples
    --------
    >>> lexicon = load_lexicon()
    >>> sorted(lexicon) == sorted(ISSUE_CATEGORIES), lexicon["자금"]["대출"]
    (True, 3.0)
    """
    lexicon: dict[str, dict[str, float]] = {category: {} for category in ISSUE_CATEGORIES}
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            category, term = (row.get("category") or "").strip(), (row.get("term") or "").strip()
            if category not in lexicon:
                raise OptionError("error.option_choice", option=f"{Path(path).name} {row_number}행 category",
                                  value=category, allowed=", ".join(ISSUE_CATEGORIES))
            try:
                weight = float(row.get("weight") or "")
            except ValueError:
                weight = 0.0
            if not term or weight <= 0:
                raise OptionError("error.option_positive", option=f"{Path(path).name} {row_number}행 weight",
                                  value=row.get("weight"))
            lexicon[category][term] = weight
    return lexicon


@cache
def _kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi()


# The app serves many sessions from threads of one process and shares one Kiwi (its model takes seconds to
# load); its documentation does not promise that one instance may be used from several threads at once, so
# calls take turns (a short text is analysed in about a millisecond).
_KIWI_LOCK = threading.Lock()


@cache
def _default_lexicon() -> Mapping[str, Mapping[str, float]]:
    return load_lexicon()


def text_terms(text: str) -> set[str]:
    """The words of ``text`` as the lexicon writes them: content morphemes in their dictionary form, adjacent
    nouns joined (up to three), and a noun of three or more characters without its last one (물류비 → 물류).

    Examples
    --------
    >>> sorted(text_terms("스마트공장 도입을 원합니다"))
    ['공장', '도입', '스마', '스마트', '스마트공장', '원하다']
    >>> "물류" in text_terms("물류비가 올랐다")
    True
    """
    kiwi = _kiwi()
    with _KIWI_LOCK:
        analysed = kiwi.tokenize(text or "")
    tokens: list[Any] = [t for t in analysed if t.tag.split("-")[0] in _CONTENT]
    keys = [t.lemma if t.tag.startswith(("VV", "VA")) else t.form for t in tokens]
    terms = set(keys)
    words = []  # nouns and the compounds of adjacent ones
    for start in range(len(tokens)):
        if tokens[start].tag.startswith(("VV", "VA")):
            continue
        joined, end = keys[start], tokens[start].start + tokens[start].len
        words.append(joined)
        for nxt in range(start + 1, min(start + _LONGEST_COMPOUND, len(tokens))):
            if tokens[nxt].start != end or tokens[nxt].tag.startswith(("VV", "VA")):
                break
            joined += tokens[nxt].form
            end = tokens[nxt].start + tokens[nxt].len
            words.append(joined)
    terms.update(words)
    # a noun made of a word and a one-character suffix counts as the word too: 물류비 → 물류, 이자율 → 이자
    terms.update(t.form[:-1] for t in tokens if t.tag.startswith("NN") and len(t.form) >= 3)
    return terms


def suggest_categories(text: str, *, lexicon: Mapping[str, Mapping[str, float]] | None = None
                       ) -> list[Suggestion]:
    """Every category ranked for ``text``: highest score first (ties in the order of
    :data:`network.schema.ISSUE_CATEGORIES`); a text with no word of the lexicon ranks ``경영일반`` first, with
    a score of 0.

    Examples
    --------
    >>> first = suggest_categories("해외 바이어 발굴과 전시회 참가 지원 요청")[0]
    >>> first.category, first.score, first.terms
    ('판로·수출', 8.0, ('바이어', '전시회', '해외'))
    >>> suggest_categories("잘 모르겠음")[0]
    Suggestion(category='경영일반', score=0.0, terms=())
    """
    lexicon = _default_lexicon() if lexicon is None else lexicon
    terms = text_terms(text)
    suggestions = []
    for category in ISSUE_CATEGORIES:
        found = tuple(sorted(term for term in lexicon.get(category, {}) if term in terms))
        suggestions.append(Suggestion(category, float(sum(lexicon[category][term] for term in found)), found))
    ranked = sorted(suggestions, key=lambda s: -s.score)  # stable: ties keep the order of ISSUE_CATEGORIES
    if ranked[0].score == 0:
        ranked.sort(key=lambda s: s.category != FALLBACK)
    return ranked


def suggest_category(text: str, *, lexicon: Mapping[str, Mapping[str, float]] | None = None) -> str:
    """The first of :func:`suggest_categories`.

    Examples
    --------
    >>> suggest_category("원자재 가격이 올라 납품 단가를 맞추기 힘듦")
    '원자재·물류'
    """
    return suggest_categories(text, lexicon=lexicon)[0].category


def share_right(labelled: Sequence[tuple[str, str]], *, top: int = 1,
                lexicon: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """The share of ``(category, text)`` pairs whose category is among the first ``top`` suggestions.

    Examples
    --------
    >>> share_right([("자금", "대출 이자가 부담"), ("인력", "대출 이자가 부담")])
    0.5
    """
    if not labelled:
        return 0.0
    right = sum(category in [s.category for s in suggest_categories(text, lexicon=lexicon)[:top]]
                for category, text in labelled)
    return right / len(labelled)
